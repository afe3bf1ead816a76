"""Captions (WebVTT and SRT): read, write, and re-time them to a cut plan.

The reader is forgiving about what real files contain (byte-order marks, CRLF, optional
cue identifiers, ``MM:SS.mmm`` times, SRT commas, a missing blank line between SRT cues)
and precise about what it cannot use: a broken timing line is reported with its file and
line number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from studio.errors import MediaError
from studio.media.plan import CutPlan
from studio.outputs import atomic_file

# A cue clipped by a cut to less than this is dropped rather than flashed on screen.
MIN_CUE_S = 0.1

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:[ \t]+(.*?))?\s*$")
_VTT_COMMENT = "NOTE"
_VTT_BLOCKS_TO_KEEP = ("STYLE", "REGION")


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    text: str                   # lines joined with "\n"
    identifier: str = ""        # VTT cue id or SRT index, as written
    settings: str = ""          # what followed the timestamps ("align:start", SRT "X1:…")


@dataclass(frozen=True)
class Captions:
    format: str                 # "vtt" or "srt"
    cues: tuple[Cue, ...]
    header: tuple[str, ...] = ()   # VTT blocks before the cues: "WEBVTT…" lines, STYLE, REGION


def read_captions(path: str | Path) -> Captions:
    """Parse a WebVTT or SRT file (by content; the extension only breaks ties)."""
    path = Path(path)
    lines = _text_of(path).split("\n")
    if lines and lines[0].startswith("WEBVTT"):
        return _Parser(path, "vtt").parse(lines)
    if path.suffix.lower() == ".vtt" and not any("-->" in line for line in lines):
        raise MediaError("not a WebVTT file: it must start with 'WEBVTT'", file=str(path), line=1)
    captions = _Parser(path, "srt").parse(lines)
    if not captions.cues:
        raise MediaError("no captions found: not a WebVTT or SRT file", file=str(path))
    return captions


def write_captions(path: str | Path, captions: Captions) -> None:
    """Write ``captions`` in the format named by ``path``'s extension, atomically."""
    path = Path(path)
    fmt = _format_of(path)
    text = _vtt_text(captions) if fmt == "vtt" else _srt_text(captions)
    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def check_caption_output(path: str | Path) -> None:
    """Raise :class:`MediaError` unless ``path`` names a caption format we write (.vtt, .srt)."""
    _format_of(Path(path))


def retime_captions(in_path: str | Path, out_path: str | Path, plan: CutPlan) -> int:
    """Write ``in_path``'s captions re-timed to ``plan`` into ``out_path``; returns the count.

    The output format follows ``out_path``'s extension (.vtt or .srt).
    """
    _format_of(Path(out_path))  # refuse a wrong extension before reading anything
    captions = read_captions(in_path)
    cues = retime_cues(captions.cues, plan)
    if cues:  # an empty caption file would be refused when read back; write none instead
        write_captions(out_path, replace(captions, cues=tuple(cues)))
    return len(cues)


def retime_cues(cues, plan: CutPlan) -> list[Cue]:
    """Map cues onto the plan's output timeline, in their original order.

    A cue spanning a cut keeps its kept parts, which become contiguous once the cut closes,
    so it stays one cue from its first kept instant to its last. A cue that loses all of
    itself, or all but a flash, is dropped. Nothing ends after the output does.
    """
    output_end = plan.output_duration_s
    retimed = []
    for cue in cues:
        span = _kept_span(cue.start_s, cue.end_s, plan)
        if span is None:
            continue
        start, end = span[0], min(span[1], output_end)
        if end - start < min(MIN_CUE_S, cue.end_s - cue.start_s) - 1e-6 or end <= start:
            continue
        retimed.append(replace(cue, start_s=start, end_s=end))
    return retimed


def _kept_span(start_s: float, end_s: float, plan: CutPlan) -> tuple[float, float] | None:
    """Output times of the first and last kept instants of ``start_s..end_s``."""
    offset = 0.0
    first = last = None
    for keep_start, keep_end in plan.kept:
        lo, hi = max(start_s, keep_start), min(end_s, keep_end)
        if hi > lo:
            if first is None:
                first = offset + lo - keep_start
            last = offset + hi - keep_start
        offset += keep_end - keep_start
    return None if first is None else (first, last)


class _Parser:
    """Line by line, so an SRT cue that runs into the next one without a blank line still
    splits where the next timing line starts."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.format = path, fmt
        self.cues: list[Cue] = []
        self.header: list[str] = []     # finished blocks
        self.block: list[str] = []      # the STYLE/REGION block being read
        self.pending_id: tuple[int, str] | None = None
        self.cue: dict | None = None

    def parse(self, lines: list[str]) -> Captions:
        start = self._read_header(lines) if self.format == "vtt" else 0
        skipping = False
        for number, line in enumerate(lines[start:], start=start + 1):
            first_word = line.split(maxsplit=1)[0] if line.strip() else ""
            vtt_block_start = self.format == "vtt" and self.cue is None and self.pending_id is None
            if not line.strip():
                self._close_cue()
                self._close_block()
                skipping = False
                self.pending_id = None
            elif skipping:
                continue
            elif self.block:
                self.block.append(line)
            elif vtt_block_start and first_word == _VTT_COMMENT:
                skipping = True
            elif vtt_block_start and line.strip() in _VTT_BLOCKS_TO_KEEP:
                self.block.append(line)
            elif "-->" in line:
                self._open_cue(line, number)
            elif self.cue is not None:
                self.cue["lines"].append(line)
            elif self.pending_id is None:
                self.pending_id = (number, line.strip())
            else:
                raise MediaError(f"expected a cue timing line such as '00:00:01.000 --> 00:00:02.500' "
                                 f"after '{self.pending_id[1][:40]}'", file=str(self.path), line=number)
        self._close_cue()
        self._close_block()
        if self.pending_id is not None:
            raise MediaError(f"'{self.pending_id[1][:40]}' is not followed by a cue timing line",
                             file=str(self.path), line=self.pending_id[0])
        return Captions(self.format, tuple(self.cues), tuple(self.header))

    def _read_header(self, lines: list[str]) -> int:
        """Keep the 'WEBVTT' line and the header lines under it (e.g. 'Kind: captions')."""
        index = 1
        while index < len(lines) and lines[index].strip():
            if "-->" in lines[index]:
                raise MediaError("a blank line must separate the WEBVTT header from the first cue",
                                 file=str(self.path), line=index + 1)
            index += 1
        self.header.append("\n".join(lines[:index]))
        return index

    def _close_block(self) -> None:
        if self.block:
            self.header.append("\n".join(self.block))
            self.block = []

    def _open_cue(self, line: str, number: int) -> None:
        identifier = ""
        if self.cue is not None:
            # A timing line inside a cue's text: the blank line before it was forgotten.
            # An SRT index on the line just above belongs to the new cue.
            text_lines = self.cue["lines"]
            if text_lines and text_lines[-1].strip().isdigit():
                identifier = text_lines.pop().strip()
            self._close_cue()
        elif self.pending_id is not None:
            identifier = self.pending_id[1]
            self.pending_id = None
        start, end, settings = self._timing(line, number)
        self.cue = {"start": start, "end": end, "settings": settings, "id": identifier, "lines": []}

    def _close_cue(self) -> None:
        if self.cue is not None:
            c = self.cue
            self.cues.append(Cue(c["start"], c["end"], "\n".join(c["lines"]), c["id"], c["settings"]))
            self.cue = None

    def _timing(self, line: str, number: int) -> tuple[float, float, str]:
        match = _TIMING.match(line)
        if match is None:
            raise MediaError(f"cannot read the cue timing '{line.strip()[:60]}' "
                             "(expected '00:00:01.000 --> 00:00:02.500')", file=str(self.path), line=number)
        groups = match.groups()
        start = self._seconds(groups[0:4], line, number)
        end = self._seconds(groups[4:8], line, number)
        if end < start:
            raise MediaError(f"the cue ends before it starts ('{line.strip()[:60]}')",
                             file=str(self.path), line=number)
        return start, end, (groups[8] or "").strip()

    def _seconds(self, parts, line: str, number: int) -> float:
        hours, minutes, seconds, fraction = parts
        if int(minutes) >= 60 or int(seconds) >= 60:
            raise MediaError(f"minutes and seconds must be below 60 in '{line.strip()[:60]}'",
                             file=str(self.path), line=number)
        millis = int((fraction or "0").ljust(3, "0"))
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000


def _text_of(path: Path) -> str:
    if not path.is_file():
        raise MediaError("caption file not found", file=str(path))
    data = path.read_bytes()
    if not data.strip():
        raise MediaError("the caption file is empty", file=str(path))
    if b"\0" in data[:4096]:
        raise MediaError("not a caption file (binary data)", file=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older SRT files from Windows tools are often in the ANSI code page.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise MediaError("the caption file is neither UTF-8 nor Windows-1252 text",
                             file=str(path)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in {".vtt", ".srt"}:
        raise MediaError("captions can be written as .vtt or .srt only", file=str(path))
    return suffix[1:]


def _vtt_text(captions: Captions) -> str:
    same_format = captions.format == "vtt"
    parts = list(captions.header) if same_format and captions.header else ["WEBVTT"]
    for cue in captions.cues:
        # SRT indexes are just counters; VTT identifiers can be referenced, so keep those.
        head = [cue.identifier] if same_format and cue.identifier else []
        settings = f" {cue.settings}" if same_format and cue.settings else ""
        timing = f"{_stamp(cue.start_s, '.')} --> {_stamp(cue.end_s, '.')}{settings}"
        parts.append("\n".join([*head, timing, *_text_lines(cue)]))
    return "\n\n".join(parts) + "\n"


def _srt_text(captions: Captions) -> str:
    same_format = captions.format == "srt"
    blocks = []
    for index, cue in enumerate(captions.cues, start=1):
        settings = f" {cue.settings}" if same_format and cue.settings else ""
        timing = f"{_stamp(cue.start_s, ',')} --> {_stamp(cue.end_s, ',')}{settings}"
        blocks.append("\n".join([str(index), timing, *_text_lines(cue)]))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _text_lines(cue: Cue) -> list[str]:
    return cue.text.split("\n") if cue.text else []


def _stamp(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"
