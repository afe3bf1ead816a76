"""Delivery media: what the learner's browser downloads, made through ``studio.media``.

- Video: trimmed with :func:`studio.media.trim.trim` (a frame-accurate smart cut for H.264
  MP4, so the delivered copy keeps the source's codec and size); a source that is not
  H.264 MP4 is re-encoded to H.264/AAC MP4 with faststart. Untrimmed H.264 MP4 ships as is.
- Audio: trimmed (re-encoded sample-accurately); untrimmed MP3/M4A ship as is, anything
  else becomes M4A.
- Images ship as they are (resizing is a later slice).
- Captions: read with the media parser, re-timed to the trim, written as WebVTT.

Every ffmpeg output goes through :class:`~studio.media.cache.DerivativeCache`, so a rebuild
with unchanged media runs no encoder. Names are ASCII, stable, and derived from the source
bytes and the edit, so a rebuild names every file the same way.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from studio import model as m
from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken
from studio.media.cache import DerivativeCache, source_sha256
from studio.media.captions import read_captions, retime_cues, write_captions
from studio.media.plan import CutPlan
from studio.media.probe import probe
from studio.media.trim import trim

_WEB_VIDEO = {".mp4", ".m4v"}
_WEB_AUDIO = {".mp3", ".m4a"}
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class DeliveredFile:
    arcname: str        # path inside the package, e.g. "media/assess-load-1a2b3c4d.mp4"
    path: Path          # where its bytes are now (the source, the cache or the staging folder)
    size: int
    encoded: bool = False   # ffmpeg ran for it in this build (a cache miss)


@dataclass(frozen=True)
class DeliveredMedia:
    media: DeliveredFile
    captions: DeliveredFile | None = None
    transcript: tuple[tuple[float, str], ...] = ()   # (start s, plain text) for audio


def ascii_slug(text: str, fallback: str = "file") -> str:
    """Lower-case ASCII letters, digits and single hyphens: safe in every LMS and zip tool."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:60].strip("-") or fallback


class Delivery:
    def __init__(self, resolve: Callable[[str], Path], staging: Path, cache: DerivativeCache, *,
                 cancel: CancelToken = NEVER_CANCELLED) -> None:
        self._resolve = resolve
        self._staging = staging
        self._cache = cache
        self._cancel = cancel
        self._done: dict[tuple, DeliveredMedia] = {}

    def deliver(self, block: m.VideoBlock | m.AudioBlock | m.ImageBlock) -> DeliveredMedia:
        key = (block.kind, block.media, getattr(block, "in_s", None), getattr(block, "out_s", None),
               getattr(block, "captions", None))
        if key not in self._done:
            self._cancel.raise_if_cancelled()
            self._done[key] = self._make(block)
        return self._done[key]

    def _source(self, name: str) -> Path:
        path = self._resolve(name)
        if not path.is_file():
            raise MediaError("media file not found", file=str(path))
        return path

    def _make(self, block) -> DeliveredMedia:
        src = self._source(block.media)
        if isinstance(block, m.ImageBlock):
            return DeliveredMedia(self._file(block.media, src, {"op": "copy"}, src.suffix.lower(), src, False))
        info = probe(src)
        start, end = block.in_s, block.out_s
        trimmed = start is not None or end is not None
        if isinstance(block, m.VideoBlock):
            web_ready = (src.suffix.lower() in _WEB_VIDEO and info.video is not None
                         and info.video.codec == "h264" and (info.audio is None or info.audio.codec == "aac"))
            suffix, method = ".mp4", ("auto" if web_ready else "reencode")
        else:
            web_ready = src.suffix.lower() in _WEB_AUDIO
            suffix, method = (src.suffix.lower() if web_ready else ".m4a"), "auto"
        if web_ready and not trimmed:
            media = self._file(block.media, src, {"op": "copy"}, suffix, src, False)
        else:
            edit = {"op": "trim", "start_s": start, "end_s": end, "method": method}
            made, cached = self._cache.get_or_make(
                src, edit, suffix, lambda out: trim(src, out, start, end, method=method, cancel=self._cancel))
            media = self._file(block.media, src, edit, suffix, made, not cached)
        captions, transcript = None, ()
        if block.captions:
            plan = CutPlan.single(info.duration_s, start or 0.0, min(end or info.duration_s, info.duration_s))
            captions, transcript = self._captions(block.captions, plan, trimmed)
        return DeliveredMedia(media, captions, transcript if isinstance(block, m.AudioBlock) else ())

    def _captions(self, name: str, plan: CutPlan, trimmed: bool):
        src = self._source(name)
        parsed = read_captions(src)
        cues = tuple(retime_cues(parsed.cues, plan)) if trimmed else parsed.cues
        if not cues:
            return None, ()
        edit = {"op": "captions", "kept": [list(r) for r in plan.kept] if trimmed else None}
        arcname = self._name(name, src, edit, ".vtt")
        target = self._staging / arcname
        target.parent.mkdir(parents=True, exist_ok=True)
        write_captions(target, replace(parsed, format="vtt", cues=cues))
        transcript = tuple((round(c.start_s, 3), _TAG.sub("", c.text).strip()) for c in cues)
        return DeliveredFile(arcname, target, target.stat().st_size), transcript

    def _name(self, name: str, src: Path, edit: dict, suffix: str) -> str:
        """Named for the course's own name of the file (a project stores it under its hash), made
        unique by its bytes and the edit."""
        digest = hashlib.sha256(f"{source_sha256(src)}\n{sorted(edit.items())}".encode()).hexdigest()[:10]
        return f"media/{ascii_slug(Path(name).stem)}-{digest}{suffix}"

    def _file(self, name: str, src: Path, edit: dict, suffix: str, path: Path, encoded: bool) -> DeliveredFile:
        return DeliveredFile(self._name(name, src, edit, suffix), path, path.stat().st_size, encoded)
