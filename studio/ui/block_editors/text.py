"""The text block: Markdown on the left of the eye, the player's own rendering under it.

The preview is :func:`studio.export.markup.render_markdown` — Markdown then the nh3 allow-list,
exactly what a package shows — so a ``<script>`` typed in the text never reaches the preview.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTextBrowser, QWidget

from studio import model as m
from studio.editor.commands import SetBlockField
from studio.export.markup import render_markdown
from studio.rules.budget import count_words, reading_wpm
from studio.timecode import format_minutes
from studio.ui import theme
from studio.ui.block_editors.base import BlockEditor, FieldMessage, PlainEdit, mark_invalid, monospace, set_plain

PREVIEW_DELAY_MS = 150
PREVIEW_CSS = f"""
h3, h4, h5, h6 {{ color: {theme.INK}; margin: 6px 0 4px 0; }}
p, li {{ color: {theme.INK}; }}
code, pre {{ font-family: monospace; background: {theme.LINE}; }}
blockquote {{ color: {theme.INK_SOFT}; margin-left: 12px; }}
a {{ color: {theme.ACCENT}; }}
th {{ background: {theme.SURFACE}; }}
"""


class TextEditor(BlockEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.markdown = PlainEdit()
        self.markdown.setAccessibleName("Markdown")
        self.markdown.setFont(monospace())
        self.markdown.setTabChangesFocus(True)
        self.markdown.setMinimumHeight(220)
        self.markdown.setPlaceholderText("Write in Markdown: # Heading, **bold**, - list item, [link](https://…)")
        self.markdown.textChanged.connect(self._on_typed)
        self.markdown.focus_lost.connect(self.finished)
        self.message = FieldMessage()
        self.counts = FieldMessage()
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.preview.setOpenLinks(False)          # a click in the preview never navigates
        self.preview.document().setDefaultStyleSheet(PREVIEW_CSS)
        self.preview.setMinimumHeight(180)
        self.preview_html = ""
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.render_preview)
        self.add_field("Text (Markdown)", self.markdown, self.message)
        self.body.addWidget(self.counts)
        self.body.addSpacing(6)
        self.add_field("Preview, as the player shows it", self.preview)

    def load(self, block: m.TextBlock, same: bool) -> None:
        if self.changed("markdown", block.markdown):
            set_plain(self.markdown, block.markdown, keep_place=same)
            if not same:
                self.markdown.verticalScrollBar().setValue(0)
                self.markdown.moveCursor(self.markdown.textCursor().MoveOperation.Start)
            self._show_validity(block.markdown)
            self.render_preview()
        self._show_counts(self.markdown.toPlainText())

    def _on_typed(self) -> None:
        if self._loading:
            return
        text = self.markdown.toPlainText()
        self._show_counts(text)
        self._preview_timer.start()
        if self._show_validity(text):
            self.request("markdown", text, lambda: SetBlockField(self.module_id, self.index, "markdown", text),
                         typing=True)

    def _show_validity(self, text: str) -> bool:
        ok = bool(text.strip())
        mark_invalid(self.markdown, not ok)
        if ok:
            self.message.clear_message()
        else:
            self.message.show_error("A text block needs some text; the course keeps the last text you wrote.")
        return ok

    def _show_counts(self, text: str) -> None:
        if self.state is None:
            return
        words, wpm = count_words(text), reading_wpm(self.state.course)
        self.counts.show_note(f"{words} word{'s' if words != 1 else ''}  ·  {format_minutes(words / wpm * 60)} "
                              f"to read at {wpm:g} words a minute")

    def render_preview(self) -> None:
        self._preview_timer.stop()
        self.preview_html = render_markdown(self.markdown.toPlainText())
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(self.preview_html)
        self.preview.verticalScrollBar().setValue(scroll)

    def field_values(self) -> dict[str, str]:
        return {"Markdown": self.markdown.toPlainText().strip(), "Words": self.counts.text()}
