"""Video and audio blocks: the clip (read-only: media come in by import), its length, the in and
out points typed as timecodes and checked against that length, the captions, and "Trim…".

A time typed is applied when the field is left or Enter pressed (a half-typed ``1:`` is not an
edit); a time before the start, past the end of the media or an out before the in is refused
beside the field and sends nothing.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from studio import model as m
from studio.editor.commands import TrimClip
from studio.timecode import format_minutes, parse_duration
from studio.ui import icons
from studio.ui.block_editors.base import BlockEditor, FieldMessage, field_label, mark_invalid, set_line
from studio.ui.block_editors.media_info import media_line


def clip_time(seconds: float | None) -> str:
    """``2:33.5``, ``1:02:03``: minutes and seconds, tenths only when there are some."""
    if seconds is None:
        return ""
    tenths = round(seconds * 10)
    hours, rest = divmod(tenths, 36000)
    minutes, rest = divmod(rest, 600)
    secs, tenth = divmod(rest, 10)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return text + (f".{tenth}" if tenth else "")


def parse_point(text: str) -> float | None:
    """Seconds from ``mm:ss``, ``hh:mm:ss.s`` or plain seconds; None for an empty field.
    Raises ValueError with a sentence for the designer."""
    if not text.strip():
        return None
    try:
        return parse_duration(text)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a time: type it as 1:05, 0:01:05.5 or 65.") from None


def trim_error(in_s: float | None, out_s: float | None, duration: float | None) -> str | None:
    """Why these points cannot be the clip's trim (None when they can)."""
    for name, value in (("in", in_s), ("out", out_s)):
        if value is not None and duration is not None and value > duration:
            return f"The {name} point {clip_time(value)} is past the end of the media ({clip_time(duration)})."
    if in_s is not None and out_s is not None and in_s >= out_s:
        return f"The in point ({clip_time(in_s)}) must come before the out point ({clip_time(out_s)})."
    return None


class MediaEditor(BlockEditor):
    trim_requested = Signal(str, int)       # module id, block index: open the trim editor

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.media = QLineEdit()
        self.media.setReadOnly(True)
        self.media.setAccessibleName("Media file")
        self.media_info = FieldMessage()
        self.add_field("Media", self.media, self.media_info)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.in_point, self.out_point = QLineEdit(), QLineEdit()
        for column, (edit, caption, placeholder) in enumerate(((self.in_point, "In", "start"),
                                                               (self.out_point, "Out", "end"))):
            edit.setAccessibleName(f"{caption} point")
            edit.setPlaceholderText(placeholder)
            edit.setToolTip("A time as 1:05, 0:01:05.5 or seconds; empty: the " + placeholder)
            edit.textEdited.connect(self._on_typed)
            edit.editingFinished.connect(self._commit)
            grid.addWidget(field_label(caption), 0, column)
            grid.addWidget(edit, 1, column)
        self.body.addLayout(grid)
        self.trim_message = FieldMessage()
        self.body.addWidget(self.trim_message)
        self.trim = QPushButton("Trim…")
        self.trim.setIcon(icons.icon("audio"))          # the waveform the trim editor opens on
        self.trim.setToolTip("Open the trim editor: waveform, filmstrip and handles")
        self.trim.clicked.connect(lambda: self.module_id is not None and self.trim_requested.emit(self.module_id,
                                                                                                  self.index))
        self.body.addWidget(self.trim)
        self.body.addSpacing(6)
        self.captions = QLineEdit()
        self.captions.setReadOnly(True)
        self.captions.setAccessibleName("Captions file")
        self.captions_info = FieldMessage()
        self.add_field("Captions", self.captions, self.captions_info)

    @property
    def duration(self) -> float | None:
        facts = self.state.facts.get(self.block.media) if self.state and self.block else None
        return facts.duration_s if facts is not None and facts.usable else None

    def load(self, block: m.VideoBlock | m.AudioBlock, same: bool) -> None:
        set_line(self.media, block.media)
        text, bad = media_line(self.state.facts.get(block.media))
        (self.media_info.show_error if bad else self.media_info.show_note)(text)
        if self.changed("trim", (block.in_s, block.out_s)):
            set_line(self.in_point, clip_time(block.in_s))
            set_line(self.out_point, clip_time(block.out_s))
            self._show_trim(None)
        set_line(self.captions, block.captions or "")
        self.captions.setPlaceholderText("none")
        if block.captions:
            facts = self.state.facts.get(block.captions)
            self.captions_info.show_error("Captions file not found") if facts is not None and not facts.exists \
                else self.captions_info.clear_message()
        else:
            self.captions_info.show_note("Import a WebVTT or SRT file with the clip to add captions"
                                         + (" (a transcript for audio)." if block.kind == "audio" else "."))

    def points(self) -> tuple[float | None, float | None, str | None]:
        """The in and out points as typed, and why they cannot be used (None when they can)."""
        try:
            in_s, out_s = parse_point(self.in_point.text()), parse_point(self.out_point.text())
        except ValueError as exc:
            return None, None, str(exc)
        return in_s, out_s, trim_error(in_s, out_s, self.duration)

    def _on_typed(self, _text: str) -> None:
        self._show_trim(self.points()[2])

    def _commit(self) -> None:
        if self._loading or self.block is None:
            return
        in_s, out_s, error = self.points()
        self._show_trim(error)
        if error is None and (in_s, out_s) != (self.block.in_s, self.block.out_s):
            self.request("trim", (in_s, out_s), lambda: TrimClip(self.module_id, self.index, in_s, out_s))
            self.finished()

    def _show_trim(self, error: str | None) -> None:
        for edit in (self.in_point, self.out_point):
            mark_invalid(edit, error is not None)
        if error is not None:
            self.trim_message.show_error(error)
            return
        in_s, out_s, _ = self.points()
        duration = self.duration
        end = out_s if out_s is not None else duration
        if end is None:
            self.trim_message.show_note("Media length unknown: the points cannot be checked.")
            return
        kept = max(0.0, end - (in_s or 0.0))
        whole = f" of {format_minutes(duration)}" if duration is not None else ""
        self.trim_message.show_note(f"Plays {format_minutes(kept)}{whole}")

    def field_values(self) -> dict[str, str]:
        return {"Media": self.media.text(), "In": self.in_point.text() or "start",
                "Out": self.out_point.text() or "end", "Captions": self.captions.text() or "none"}
