"""The survey: its items, each a Likert rating or a free-text question, added, removed and reordered."""
from __future__ import annotations

from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from studio import model as m
from studio.editor.commands import SetBlockField, SetBlockItems
from studio.ui.block_editors.base import BlockEditor, FieldMessage
from studio.ui.block_editors.line_list import LineList, add_button
from studio.ui.block_editors.listing import moved

KINDS = {"likert": "Rating", "text": "Free text"}
NEW_PROMPTS = {"likert": "This module was useful for my work.", "text": "What will you take away from it?"}


class SurveyEditor(BlockEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._focus_after: int | None = None
        self.items = LineList("The question the learner answers", kinds=KINDS, minimum=1)
        self.items.text_edited.connect(self._on_prompt)
        self.items.kind_chosen.connect(self._on_kind)
        self.items.remove_requested.connect(self._remove)
        self.items.move_requested.connect(self._move)
        self.items.editing_finished.connect(self.finished)
        self.message = FieldMessage()
        self.add_item = add_button("Add item…")
        menu = QMenu(self.add_item)
        for kind, label in KINDS.items():
            action = menu.addAction(f"{label} question")
            action.setData(kind)
            action.triggered.connect(lambda _=False, k=kind: self.add(k))
        self.add_item.setMenu(menu)
        self.add_item.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_field("Items", self.items, self.message)
        self.body.addWidget(self.add_item)
        note = FieldMessage()
        note.show_note("Rating: the learner picks 1–5, from “strongly disagree” to “strongly agree”. "
                       "Free text: a few sentences.")
        self.body.addWidget(note)

    def load(self, block: m.SurveyBlock, same: bool) -> None:
        if self.changed("items", block.items):
            self.items.set_lines([(item.kind, item.prompt) for item in block.items])
            self.message.clear_message()
        if self._focus_after is not None:
            self.items.focus_line(self._focus_after)
            self._focus_after = None

    def _on_prompt(self, row: int, text: str) -> None:
        if not text.strip():
            self.items.mark_line(row, True)
            self.message.show_error(f"Item {row + 1} has no question: type it, or remove the item.")
            return
        self.items.mark_line(row, False)
        self.message.clear_message()
        items = list(self.block.items)
        items[row] = m.SurveyItem(items[row].kind, text)
        value = tuple(items)
        self.request("items", value, lambda: SetBlockField(self.module_id, self.index, "items", value), typing=True)

    def _edit_items(self, value: tuple[m.SurveyItem, ...], label: str, focus: int | None = None) -> None:
        self._focus_after = focus
        self.request("items", None, lambda: SetBlockItems(self.module_id, self.index, value, label))

    def _on_kind(self, row: int, kind: str) -> None:
        item = self.block.items[row]
        if kind != item.kind:
            items = self.block.items[:row] + (m.SurveyItem(kind, item.prompt),) + self.block.items[row + 1:]
            self._edit_items(items, "Change survey item kind")

    def add(self, kind: str) -> None:
        self._edit_items(self.block.items + (m.SurveyItem(kind, NEW_PROMPTS[kind]),), "Add survey item",
                         focus=len(self.block.items))

    def _remove(self, row: int) -> None:
        if len(self.block.items) > 1:
            self._edit_items(self.block.items[:row] + self.block.items[row + 1:], "Remove survey item")

    def _move(self, row: int, target: int) -> None:
        self._edit_items(moved(self.block.items, row, target), "Move survey item")

    def field_values(self) -> dict[str, str]:
        return {f"{KINDS[item.kind]} {i}": text for i, (item, text) in
                enumerate(zip(self.block.items if self.block else (), self.items.texts()), 1)}
