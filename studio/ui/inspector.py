"""The side panel: the selected block's editor, or the module's fields when no block is selected.

A block of a kind with an editor (:data:`studio.ui.block_editors.EDITORS`) is edited here; the
inspector re-emits the editor's ``command_requested(command, typing)``, ``editing_finished``
and, for clips, ``trim_requested(module_id, index)``. One editor per kind is made on first
use and kept, so a refresh after an edit updates it in place (cursor and scroll stay).
A kind without an editor shows its fields read-only.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from studio import model as m
from studio.editor.block_text import STATUS_LABELS, block_fields, kind_label, seconds_text
from studio.editor.session import CourseState
from studio.ui import icons, theme
from studio.ui.block_editors import EDITORS, BlockEditor
from studio.ui.cards import ProblemLine, clear_layout, section_label, text_label


def module_fields(state: CourseState, module: m.Module) -> list[tuple[str, str]]:
    estimate = state.estimate_of(module.id)
    profile = module.profile if isinstance(module.profile, str) else (
        f"{module.profile.min_minutes:g}–{module.profile.max_minutes:g} min")
    open_comments = sum(not c.resolved for c in module.comments)
    return [
        ("Id", module.id), ("Title", module.title), ("Status", STATUS_LABELS.get(module.status, module.status)),
        ("Profile", profile), ("Estimate", seconds_text(estimate.seconds) if estimate else "—"),
        ("Introduces", ", ".join(module.introduces) or "nothing"),
        ("Requires", ", ".join(module.requires) or "nothing"),
        ("Override", module.budget_override or "none"), ("Blocks", str(len(module.blocks))),
        ("Comments", f"{len(module.comments)} ({open_comments} open)" if module.comments else "none"),
    ]


class Inspector(QScrollArea):
    command_requested = Signal(object, bool)    # an editor command, typing (run it with typing=typing)
    editing_finished = Signal()                 # a field lost focus: seal the undo step
    trim_requested = Signal(str, int)           # module id, block index: open the trim editor
    width_wanted = Signal(int)                  # the width the shown editor needs (0: any)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editors: dict[str, BlockEditor] = {}
        self.editor: BlockEditor | None = None      # the one shown, if any
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page.setObjectName("inspectorPage")
        page.setStyleSheet(f"#inspectorPage {{ background: {theme.SURFACE}; }}")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(16, 14, 16, 16)
        outer.setSpacing(12)
        head = QHBoxLayout()
        head.setSpacing(8)
        self.icon = QLabel()
        self.heading = text_label("Nothing selected", size=theme.BASE_POINT_SIZE * 1.15, weight=QFont.Weight.DemiBold)
        head.addWidget(self.icon)
        head.addWidget(self.heading, 1)
        self.caption = text_label("", role="caption")
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setFormAlignment(Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(9)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.editor_host = QVBoxLayout()
        self.editor_host.setContentsMargins(0, 4, 0, 0)
        self.problems_title = section_label("Problems")
        self.problems = QVBoxLayout()
        self.problems.setSpacing(6)
        outer.addLayout(head)
        outer.addWidget(self.caption)
        outer.addLayout(self.editor_host)
        outer.addLayout(self.form)
        outer.addWidget(self.problems_title)
        outer.addLayout(self.problems)
        outer.addStretch(1)
        self._outer = outer
        self.setWidget(page)
        self.clear()

    def editor_of(self, kind: str) -> BlockEditor | None:
        """The editor of ``kind`` (made on first use), None for a kind without one."""
        if kind not in self._editors and kind in EDITORS:
            editor = EDITORS[kind]()
            editor.command_requested.connect(self.command_requested)
            editor.editing_finished.connect(self.editing_finished)
            trim = getattr(editor, "trim_requested", None)
            if trim is not None:
                trim.connect(self.trim_requested)
            editor.hide()
            self.editor_host.addWidget(editor)
            self._editors[kind] = editor
        return self._editors.get(kind)

    def _show_editor(self, editor: BlockEditor | None) -> None:
        if self.editor is not None and self.editor is not editor:
            self.editor.hide()
        self.editor = editor
        if editor is not None:
            editor.show()
        # An editor that fills the height (the quiz's question list and question) takes the
        # room below it; the others sit at the top with the stretch below them.
        fills = bool(getattr(editor, "fills_height", False))
        self._outer.setStretch(self._outer.indexOf(self.editor_host), 1 if fills else 0)
        self._outer.setStretch(self._outer.count() - 1, 0 if fills else 1)
        self.width_wanted.emit(getattr(editor, "preferred_width", 0) if editor is not None else 0)

    def clear(self) -> None:
        self._show_editor(None)
        self.icon.clear()
        self.heading.setText("Nothing selected")
        self.caption.setText("Select a module or a block to see its fields.")
        self._fill([], [])

    def show_module(self, state: CourseState, module: m.Module) -> None:
        self.icon.setPixmap(icons.icon("module", theme.ACCENT).pixmap(20, 20))
        self.heading.setText(module.title)
        self.caption.setText("Module")
        self._show_editor(None)
        problems = [p for p in state.problems_of(module.id) if p.block is None]
        self._fill(module_fields(state, module), problems)

    def show_block(self, state: CourseState, module: m.Module, index: int, line: int | None = None) -> None:
        block = module.blocks[index]
        self.icon.setPixmap(icons.kind_icon(block.kind).pixmap(20, 20))
        self.heading.setText(f"{kind_label(block.kind)} block")
        estimate = state.estimate_of(module.id)
        timing = next((b for b in estimate.blocks if b.index == index), None) if estimate else None
        where = f"Block {index + 1} of {len(module.blocks)} in {module.title}"
        if line:
            where += f"  ·  {state.location.name} line {line}"
        self.caption.setText(where)
        editor = self.editor_of(block.kind)
        if editor is not None:
            editor.show_block(state, module.id, index)
            fields = [("Id", block.id)] if block.id else []
            shown_inline = editor.inline_codes
        else:
            fields, shown_inline = block_fields(block), frozenset()
        self._show_editor(editor)
        if timing is not None:
            fields.append(("Estimate", f"{seconds_text(timing.seconds)} ({timing.basis})"))
        problems = [p for p in state.problems_of(module.id) if p.block == index and p.code not in shown_inline]
        self._fill(fields, problems)

    def field_values(self) -> dict[str, str]:
        """Label → value as shown: the read-only fields, then the editor's."""
        values, pending = {}, None
        for row in range(self.form.rowCount()):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            spanning = self.form.itemAt(row, QFormLayout.ItemRole.SpanningRole)
            if label and field:
                values[label.widget().text()] = field.widget().text()
            elif spanning and pending is None:
                pending = spanning.widget().text()
            elif spanning:
                values[pending], pending = spanning.widget().text(), None
        if self.editor is not None:
            values.update(self.editor.field_values())
        return values

    def _fill(self, fields: list[tuple[str, str]], problems) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for name, value in fields:
            label = text_label(name, role="caption", wrap=False)
            if "\n" in value or len(value) > 48:     # long values read better under their label
                self.form.addRow(label)
                self.form.addRow(text_label(value))
            else:
                self.form.addRow(label, text_label(value))
        clear_layout(self.problems)
        for problem in problems:
            self.problems.addWidget(ProblemLine(problem))
        self.problems_title.setVisible(bool(problems))
