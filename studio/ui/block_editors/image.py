"""The image block: its file (read-only: images come in by import), the alt text it must have,
and how long it stays on screen."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from studio import model as m
from studio.editor.commands import SetBlockField
from studio.rules.budget import IMAGE_DEFAULT_S
from studio.source.fields import MAX_SECONDS
from studio.timecode import parse_duration
from studio.ui.block_editors.base import BlockEditor, FieldMessage, PlainEdit, mark_invalid, set_line, set_plain
from studio.ui.block_editors.media_info import media_line

ALT_CODE = "a11y.image-alt-missing"


def seconds_text(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:g}"


class ImageEditor(BlockEditor):
    inline_codes = frozenset({ALT_CODE})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.media = QLineEdit()
        self.media.setReadOnly(True)
        self.media.setAccessibleName("Image file")
        self.media_info = FieldMessage()
        self.alt = PlainEdit()
        self.alt.setAccessibleName("Alt text")
        self.alt.setTabChangesFocus(True)
        self.alt.setFixedHeight(96)
        self.alt.setPlaceholderText("Describe what the image shows, for learners who cannot see it")
        self.alt.textChanged.connect(self._on_alt)
        self.alt.focus_lost.connect(self.finished)
        self.alt_message = FieldMessage()
        self.seconds = QLineEdit()
        self.seconds.setAccessibleName("Seconds on screen")
        self.seconds.setPlaceholderText(f"{IMAGE_DEFAULT_S} (default)")
        self.seconds.setMaximumWidth(160)
        self.seconds.textEdited.connect(self._on_seconds)
        self.seconds.editingFinished.connect(self.finished)
        self.seconds_message = FieldMessage()
        self.add_field("Image", self.media, self.media_info)
        self.add_field("Alt text (required)", self.alt, self.alt_message)
        self.add_field("Seconds on screen", self.seconds, self.seconds_message)

    def load(self, block: m.ImageBlock, same: bool) -> None:
        set_line(self.media, block.media)
        text, bad = media_line(self.state.facts.get(block.media))
        if bad:
            self.media_info.show_error(text)
        else:
            self.media_info.show_note(text)
        if self.changed("alt", block.alt):
            set_plain(self.alt, block.alt or "", keep_place=same)
            self._show_alt(block.alt or "")
        if self.changed("seconds", block.seconds):
            set_line(self.seconds, seconds_text(block.seconds))
            self._show_seconds_error(None)

    def _on_alt(self) -> None:
        if self._loading:
            return
        text = self.alt.toPlainText()
        value = text if text.strip() else None
        self._show_alt(text)
        self.request("alt", value, lambda: SetBlockField(self.module_id, self.index, "alt", value), typing=True)

    def _show_alt(self, text: str) -> None:
        missing = not text.strip()
        mark_invalid(self.alt, missing)
        if missing:
            self.alt_message.show_error("Alt text is required: without it a screen reader says only “image”.",
                                        ALT_CODE)
        else:
            self.alt_message.clear_message()

    def _on_seconds(self, text: str) -> None:
        value, error = parse_seconds(text)
        self._show_seconds_error(error)
        if error is None:
            self.request("seconds", value, lambda: SetBlockField(self.module_id, self.index, "seconds", value),
                         typing=True)

    def _show_seconds_error(self, error: str | None) -> None:
        mark_invalid(self.seconds, error is not None)
        if error:
            self.seconds_message.show_error(error)
        else:
            self.seconds_message.show_note(f"Empty: the default {IMAGE_DEFAULT_S} s")

    def field_values(self) -> dict[str, str]:
        seconds = self.seconds.text().strip()
        return {"Media": self.media.text(), "Alt text": self.alt.toPlainText() or "missing",
                "Viewing time": f"{seconds} s" if seconds else f"default ({IMAGE_DEFAULT_S} s)"}


def parse_seconds(text: str) -> tuple[float | None, str | None]:
    """Seconds typed as ``20`` or ``0:20`` (empty: the default); an error sentence otherwise."""
    if not text.strip():
        return None, None
    try:
        value = parse_duration(text)
    except ValueError:
        return None, "Type a number of seconds, e.g. 20 or 0:20."
    if value <= 0 or value > MAX_SECONDS:
        return None, f"More than 0 and at most {MAX_SECONDS:,} seconds."
    return value, None
