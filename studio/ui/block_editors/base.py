"""What every block editor shares: the block it shows, fields that keep the designer's cursor,
inline messages, and the signal that carries its edits out as editor commands.

An editor never rebuilds itself on a refresh: :meth:`BlockEditor.show_block` compares each
field with the value it last showed or sent, and only a value changed elsewhere (undo, redo,
another view) replaces what the designer sees. A field holding a bad draft keeps it (the
inline message says why) until the designer fixes it or the course changes under it.
"""
from __future__ import annotations

import html
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from studio import model as m
from studio.editor.session import CourseState
from studio.ui import theme
from studio.ui.cards import text_label
from studio.ui.hooks import RequiresHooks

STYLE = f"""
QLineEdit, QPlainTextEdit, QTextBrowser {{ background: {theme.SURFACE}; border: 1px solid {theme.LINE_STRONG};
    border-radius: 6px; padding: 4px 6px;
    selection-background-color: {theme.ACCENT_SOFT}; selection-color: {theme.INK}; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border-color: {theme.ACCENT}; }}
QLineEdit[readOnly="true"] {{ background: {theme.SURFACE_ALT}; color: {theme.INK_SOFT}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border-color: {theme.BAD}; background: #fff6f6; }}
QTextBrowser {{ background: {theme.SURFACE_ALT}; border-color: {theme.LINE}; }}
QLabel[role="fieldError"] {{ color: {theme.BAD}; }}
QLabel[role="fieldNote"] {{ color: {theme.INK_FAINT}; }}
"""


class PlainEdit(QPlainTextEdit):
    """A text area that says when it loses focus (the end of a burst of typing)."""
    focus_lost = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


def monospace() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(theme.BASE_POINT_SIZE * 0.95)
    return font


def field_label(text: str) -> QLabel:
    label = text_label(text, role="soft", wrap=False)
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class FieldMessage(QLabel):
    """The line under a field: an error (red, with the check's code when there is one) or a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.code: str | None = None
        self.is_error = False
        self.hide()

    def show_error(self, message: str, code: str | None = None) -> None:
        self.code, self.is_error = code, True
        self.setProperty("role", "fieldError")
        self.setTextFormat(Qt.TextFormat.RichText)
        faint = f'&nbsp;&nbsp;<span style="color: {theme.INK_FAINT};">{html.escape(code)}</span>' if code else ""
        self.setText(html.escape(message) + faint)
        self._repolish()
        self.show()

    def show_note(self, message: str) -> None:
        self.code, self.is_error = None, False
        self.setProperty("role", "fieldNote")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(message)
        self._repolish()
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.code, self.is_error = None, False
        self.setText("")
        self.hide()

    def _repolish(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def set_line(edit: QLineEdit, text: str) -> None:
    """Replace a line's text, keeping the cursor where it was (as far as the new text allows)."""
    if edit.text() != text:
        position = edit.cursorPosition()
        edit.setText(text)
        edit.setCursorPosition(min(position, len(text)) if edit.hasFocus() else 0)


def set_plain(edit: QPlainTextEdit, text: str, keep_place: bool) -> None:
    """Replace a text area's text; with ``keep_place`` the cursor and the scroll stay put."""
    if edit.toPlainText() == text:
        return
    cursor, scroll = edit.textCursor().position(), edit.verticalScrollBar().value()
    edit.setPlainText(text)
    if keep_place:
        restored = edit.textCursor()
        restored.setPosition(min(cursor, len(text)))
        edit.setTextCursor(restored)
        edit.verticalScrollBar().setValue(scroll)


class BlockEditor(RequiresHooks, QWidget):
    """One block's fields. Subclasses build their widgets and implement :meth:`load`."""
    command_requested = Signal(object, bool)     # editor command, typing (keystrokes merge, re-check waits)
    editing_finished = Signal()                   # a field lost focus: the next keystroke is a new undo step
    inline_codes: frozenset[str] = frozenset()    # check problems this editor shows beside its field

    HOOKS = ("load",)     # load(block, same): show the block; same is True when it is the one shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.state: CourseState | None = None
        self.module_id: str | None = None
        self.index: int | None = None
        self.block: m.Block | None = None
        self._shown: dict[str, object] = {}
        self._loading = False
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(6)

    # -- refresh ---------------------------------------------------------------------
    def show_block(self, state: CourseState, module_id: str, index: int) -> None:
        module = state.course.module(module_id)
        if module is None or not 0 <= index < len(module.blocks):
            return
        same = (module_id, index) == (self.module_id, self.index) and module.blocks[index].kind == (
            self.block.kind if self.block else None)
        if not same:
            self._shown.clear()
        self.state, self.module_id, self.index, self.block = state, module_id, index, module.blocks[index]
        self._loading = True
        try:
            self.load(self.block, same)
        finally:
            self._loading = False

    def changed(self, key: str, value: object) -> bool:
        """True when ``value`` is not what this editor last showed or sent for ``key`` (then it is
        remembered as shown): the field must show it. Our own edit coming back is False."""
        if key in self._shown and self._shown[key] == value:
            return False
        self._shown[key] = value
        return True

    # -- edits -----------------------------------------------------------------------
    def request(self, key: str, value: object, make: Callable[[], object], typing: bool = False) -> None:
        """Send the command ``make()`` builds, remembering ``value`` as what ``key`` now holds."""
        if self._loading or self.module_id is None or self.index is None:
            return
        self._shown[key] = value
        self.command_requested.emit(make(), typing)

    def finished(self) -> None:
        if not self._loading:
            self.editing_finished.emit()

    def field_values(self) -> dict[str, str]:
        """Label → the value as shown, for a quick look (tests, accessibility summaries)."""
        return {}

    def add_field(self, caption: str, widget: QWidget, message: FieldMessage | None = None) -> None:
        self.body.addWidget(field_label(caption))
        self.body.addWidget(widget)
        if message is not None:
            self.body.addWidget(message)
        self.body.addSpacing(6)
