"""A short list of lines edited in place — a card's key points, a survey's items: each line
with its number, an optional kind, and buttons to move it up, down or out.

Rows are widgets kept across refreshes: a list of the same length is updated in place (the
line being typed in keeps its cursor); only a longer or shorter list adds or drops rows.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from studio.ui import icons, theme
from studio.ui.block_editors.base import mark_invalid, set_line
from studio.ui.cards import text_label


def _tool(icon: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icons.icon(icon))
    button.setIconSize(QSize(14, 14))
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button


class _Row(QWidget):
    """A line: its number, the text, and up/down/remove. With kinds, the kind and the buttons sit
    on a line of their own above the text, which keeps the whole width (survey prompts are long)."""

    def __init__(self, kinds: dict[str, str] | None, placeholder: str) -> None:
        super().__init__()
        self.number = text_label("", role="caption", wrap=False)
        self.number.setFixedWidth(16)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.up, self.down, self.remove = _tool("up", "Move up"), _tool("down", "Move down"), _tool("remove", "Remove")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.number)
        self.kind: QComboBox | None = None
        if kinds:
            self.kind = QComboBox()
            for key, label in kinds.items():
                self.kind.addItem(label, key)
            self.kind.setAccessibleName("Kind")
            top.addWidget(self.kind)
            top.addStretch(1)
        else:
            top.addWidget(self.edit, 1)
        for button in (self.up, self.down, self.remove):
            top.addWidget(button)
        if kinds:
            column = QVBoxLayout(self)
            column.setContentsMargins(0, 2, 0, 6)
            column.setSpacing(4)
            column.addLayout(top)
            below = QHBoxLayout()
            below.setContentsMargins(20, 0, 0, 0)
            below.addWidget(self.edit)
            column.addLayout(below)
        else:
            self.setLayout(top)


class LineList(QWidget):
    text_edited = Signal(int, str)       # row, text (every keystroke)
    kind_chosen = Signal(int, str)       # row, kind key
    remove_requested = Signal(int)
    move_requested = Signal(int, int)    # row, new row
    editing_finished = Signal()

    def __init__(self, placeholder: str, kinds: dict[str, str] | None = None, minimum: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder, self.kinds, self.minimum = placeholder, kinds, minimum
        self.rows: list[_Row] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)
        self.empty = QLabel("None yet")
        self.empty.setProperty("role", "caption")
        self.layout_.addWidget(self.empty)

    def set_lines(self, lines: list[tuple[str | None, str]]) -> None:
        """Show ``[(kind, text), …]`` (kind None when the list has no kinds)."""
        while len(self.rows) > len(lines):
            row = self.rows.pop()
            self.layout_.removeWidget(row)
            row.deleteLater()
        while len(self.rows) < len(lines):
            self._add_row()
        for position, (row, (kind, text)) in enumerate(zip(self.rows, lines)):
            row.number.setText(f"{position + 1}")
            if row.kind is not None and kind is not None:
                row.kind.setCurrentIndex(max(0, row.kind.findData(kind)))
            set_line(row.edit, text)
            mark_invalid(row.edit, False)
            row.up.setEnabled(position > 0)
            row.down.setEnabled(position < len(lines) - 1)
            row.remove.setEnabled(len(lines) > self.minimum)
        self.empty.setVisible(not lines)

    def _add_row(self) -> None:
        row = _Row(self.kinds, self.placeholder)
        self.rows.append(row)
        self.layout_.addWidget(row)
        row.edit.textEdited.connect(lambda text, r=row: self.text_edited.emit(self.rows.index(r), text))
        row.edit.editingFinished.connect(self.editing_finished)
        if row.kind is not None:
            row.kind.activated.connect(
                lambda _i, r=row: self.kind_chosen.emit(self.rows.index(r), r.kind.currentData()))
        row.up.clicked.connect(lambda _=False, r=row: self._move(r, -1))
        row.down.clicked.connect(lambda _=False, r=row: self._move(r, +1))
        row.remove.clicked.connect(lambda _=False, r=row: self.remove_requested.emit(self.rows.index(r)))

    def _move(self, row: _Row, step: int) -> None:
        position = self.rows.index(row)
        if 0 <= position + step < len(self.rows):
            self.move_requested.emit(position, position + step)

    def edit(self, position: int) -> QLineEdit:
        return self.rows[position].edit

    def focus_line(self, position: int) -> None:
        if 0 <= position < len(self.rows):
            edit = self.rows[position].edit
            edit.setFocus()
            edit.selectAll()

    def mark_line(self, position: int, invalid: bool) -> None:
        mark_invalid(self.rows[position].edit, invalid)

    def texts(self) -> list[str]:
        return [row.edit.text() for row in self.rows]


def add_button(text: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setIcon(icons.icon("add", theme.ACCENT))
    button.setToolButtonStyle(button.toolButtonStyle().ToolButtonTextBesideIcon)
    button.setStyleSheet(f"QToolButton {{ color: {theme.ACCENT}; }} QToolButton::menu-indicator {{ image: none; }}")
    return button
