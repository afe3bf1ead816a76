"""The summary card: a title, its key points (one line each) and optional Markdown under them."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from studio import model as m
from studio.editor.commands import SetBlockField, SetBlockItems
from studio.ui.block_editors.base import BlockEditor, FieldMessage, PlainEdit, monospace, set_line, set_plain
from studio.ui.block_editors.line_list import LineList, add_button
from studio.ui.block_editors.listing import moved

NEW_POINT = "New key point"


class SummaryCardEditor(BlockEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._focus_after: int | None = None
        self.title = QLineEdit()
        self.title.setAccessibleName("Card title")
        self.title.setPlaceholderText("Optional title, e.g. “In short”")
        self.title.textEdited.connect(self._on_title)
        self.title.editingFinished.connect(self.finished)
        self.points = LineList("A key point, in one line")
        self.points.text_edited.connect(self._on_point)
        self.points.remove_requested.connect(self._remove)
        self.points.move_requested.connect(self._move)
        self.points.editing_finished.connect(self.finished)
        self.points_message = FieldMessage()
        self.add_point = add_button("Add key point")
        self.add_point.clicked.connect(self._add)
        self.markdown = PlainEdit()
        self.markdown.setAccessibleName("Text under the points")
        self.markdown.setFont(monospace())
        self.markdown.setTabChangesFocus(True)
        self.markdown.setFixedHeight(110)
        self.markdown.setPlaceholderText("Optional text under the points (Markdown)")
        self.markdown.textChanged.connect(self._on_markdown)
        self.markdown.focus_lost.connect(self.finished)
        self.add_field("Title", self.title)
        self.add_field("Key points", self.points, self.points_message)
        self.body.addWidget(self.add_point)
        self.body.addSpacing(6)
        self.add_field("Text (optional)", self.markdown)

    def load(self, block: m.SummaryCardBlock, same: bool) -> None:
        if self.changed("title", block.title):
            set_line(self.title, block.title or "")
        if self.changed("points", block.points):
            self.points.set_lines([(None, p) for p in block.points])
            self.points_message.clear_message()
        if self._focus_after is not None:
            self.points.focus_line(self._focus_after)
            self._focus_after = None
        if self.changed("markdown", block.markdown):
            set_plain(self.markdown, block.markdown or "", keep_place=same)

    def _on_title(self, text: str) -> None:
        value = text if text.strip() else None
        self.request("title", value, lambda: SetBlockField(self.module_id, self.index, "title", value), typing=True)

    def _on_point(self, row: int, text: str) -> None:
        if not text.strip():
            self.points.mark_line(row, True)
            self.points_message.show_error(f"Point {row + 1} is empty: type it, or remove it with its bin.")
            return
        self.points.mark_line(row, False)
        self.points_message.clear_message()
        points = list(self.block.points)
        points[row] = text
        value = tuple(points)
        self.request("points", value, lambda: SetBlockField(self.module_id, self.index, "points", value),
                     typing=True)

    def _edit_points(self, value: tuple[str, ...], label: str, focus: int | None = None) -> None:
        self._focus_after = focus
        self.request("points", None, lambda: SetBlockItems(self.module_id, self.index, value, label))

    def _add(self) -> None:
        self._edit_points(self.block.points + (NEW_POINT,), "Add key point", focus=len(self.block.points))

    def _remove(self, row: int) -> None:
        self._edit_points(self.block.points[:row] + self.block.points[row + 1:], "Remove key point")

    def _move(self, row: int, target: int) -> None:
        self._edit_points(moved(self.block.points, row, target), "Move key point")

    def _on_markdown(self) -> None:
        if self._loading:
            return
        text = self.markdown.toPlainText()
        value = text if text.strip() else None
        self.request("markdown", value, lambda: SetBlockField(self.module_id, self.index, "markdown", value),
                     typing=True)

    def field_values(self) -> dict[str, str]:
        values = {"Title": self.title.text()}
        values.update({f"Point {i}": text for i, text in enumerate(self.points.texts(), 1)})
        return values
