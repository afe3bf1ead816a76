"""Delivery media: what the learner's browser downloads, made through ``studio.media``.

Sizes, bitrates and loudness come from :class:`~studio.export.delivery_media.DeliverySettings`
(the encodes themselves are in delivery_media.py).

- Video: H.264/AAC MP4 with faststart, at most 1280x720 (720x1280 portrait; never upscaled,
  aspect kept, even dimensions), CRF 23 capped at 2 Mbit/s, its audio at -16 LUFS / -1.5 dBTP.
  A trim is cut first with :func:`studio.media.trim.trim` (frame-accurate; a smart cut for
  H.264 MP4), then the whole cut goes through the delivery pass, which keeps every frame.
  A source already H.264 and small enough keeps its picture (stream copy); only its audio
  is re-encoded, or copied when already on target. An untrimmed H.264 MP4 without audio,
  within size and with faststart, ships as is.
- Audio: trimmed sample-accurately and normalised to EBU R128 in one
  :func:`studio.media.render.render_plan` pass; MP3 stays MP3, anything else becomes M4A.
- Images: PNG and JPEG larger than 1600 px on the long side are scaled down (PNG stays PNG,
  JPEG stays JPEG, turned by its EXIF orientation); smaller ones, SVG, GIF and WebP ship as
  they are.
- Captions: read with the media parser, re-timed to the trim, written as WebVTT (cached too).

Every ffmpeg output goes through :class:`~studio.media.cache.DerivativeCache`, keyed by the
source bytes and an edit that includes the delivery settings, so a rebuild with unchanged
media runs no encoder and a changed setting re-encodes what it shapes. The facts that choose
an edit are remembered per unchanged source (delivery_facts.py), so such a rebuild does not
probe either. Names are ASCII,
stable, and derived from the source bytes and the edit, so a rebuild names every file the
same way.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from studio import model as m
from studio.errors import MediaError
from studio.export.delivery_facts import SourceFacts, facts_store, source_facts
from studio.export.delivery_media import (
    DeliverySettings,
    displayed_size,
    mobile_audio,
    mobile_video,
    resized_image,
    resized_size,
)
from studio.jobs import NEVER_CANCELLED, CancelToken
from studio.media.cache import DerivativeCache, source_sha256
from studio.media.captions import read_captions, retime_cues, write_captions
from studio.media.plan import CutPlan
from studio.media.probe import probe
from studio.media.trim import trim
from studio.statcache import file_identity

_RESIZABLE_IMAGES = {".png", ".jpg", ".jpeg"}
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class DeliveredFile:
    arcname: str        # path inside the package, e.g. "media/assess-load-1a2b3c4d.mp4"
    path: Path          # where its bytes are: the source itself or the derivative cache
    size: int
    encoded: bool = False   # ffmpeg ran for it in this build (a cache miss)


@dataclass(frozen=True)
class DeliveredMedia:
    media: DeliveredFile
    captions: DeliveredFile | None = None
    transcript: tuple[tuple[float, str], ...] = ()   # (start s, plain text) for audio
    source_duration_s: float | None = None           # the whole source's, before any trim (video, audio)


def ascii_slug(text: str, fallback: str = "file") -> str:
    """Lower-case ASCII letters, digits and single hyphens: safe in every LMS and zip tool."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:60].strip("-") or fallback


class Delivery:
    def __init__(self, resolve: Callable[[str], Path], cache: DerivativeCache, *,
                 cancel: CancelToken = NEVER_CANCELLED, settings: DeliverySettings | None = None) -> None:
        self._resolve = resolve
        self._cache = cache
        self._cancel = cancel
        self._settings = settings or DeliverySettings()
        self._facts = facts_store(cache.directory, self._settings)
        self._done: dict[tuple, DeliveredMedia] = {}

    def close(self) -> None:
        self._facts.close()

    def __enter__(self) -> "Delivery":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def deliver(self, block: m.VideoBlock | m.AudioBlock | m.ImageBlock) -> DeliveredMedia:
        key = (block.kind, block.media, getattr(block, "in_s", None), getattr(block, "out_s", None),
               getattr(block, "captions", None))
        if key not in self._done:
            self._cancel.raise_if_cancelled()
            inputs = self._inputs(key)
            self._done[key] = self._remembered(inputs) or self._made(inputs, key, block)
        return self._done[key]

    # Across builds in one process: the same block of unchanged files (source, captions) with
    # the same settings and cache delivers the same files; they are checked to be still there.
    def _inputs(self, key: tuple) -> tuple | None:
        try:
            files = tuple(_identity(self._resolve(name)) for name in (key[1], key[4]) if name)
        except OSError:
            return None      # missing: _make says so
        return (key, files, self._settings, str(self._cache.directory))

    @staticmethod
    def _remembered(inputs: tuple | None) -> DeliveredMedia | None:
        known = _DELIVERED.get(inputs) if inputs is not None else None
        if known is None or not all(_still_there(part) for part in (known.media, known.captions) if part):
            return None
        return known

    def _made(self, inputs: tuple | None, key: tuple, block) -> DeliveredMedia:
        made = self._make(block)
        if inputs is not None and inputs == self._inputs(key):   # unchanged while it was made
            if len(_DELIVERED) >= _DELIVERED_MAX:
                _DELIVERED.clear()
            _DELIVERED[inputs] = replace(made, media=replace(made.media, encoded=False))
        return made

    def _source(self, name: str) -> Path:
        path = self._resolve(name)
        if not path.is_file():
            raise MediaError("media file not found", file=str(path))
        return path

    def _make(self, block) -> DeliveredMedia:
        src = self._source(block.media)
        if isinstance(block, m.ImageBlock):
            return DeliveredMedia(self._image(block.media, src))
        facts = source_facts(src, self._settings, self._facts)
        start, end = block.in_s, block.out_s
        trimmed = start is not None or end is not None
        if isinstance(block, m.VideoBlock):
            media = self._video(block.media, src, facts, start, end)
        else:
            media = self._audio(block.media, src, facts, start, end)
        captions, transcript = None, ()
        if block.captions:
            plan = CutPlan.single(facts.duration_s, start or 0.0, min(end or facts.duration_s, facts.duration_s))
            captions, transcript = self._captions(block.captions, plan, trimmed, isinstance(block, m.AudioBlock))
        return DeliveredMedia(media, captions, transcript, round(facts.duration_s, 3))

    # The facts decide the cache key; the source is probed again only on a miss, to encode it.
    def _video(self, name: str, src: Path, facts: SourceFacts, start, end) -> DeliveredFile:
        trimmed = start is not None or end is not None
        if not facts.has_video:
            raise MediaError("the file has no video track", file=str(src))
        copy_video = facts.copy_video
        if copy_video and not trimmed and not facts.has_audio and facts.faststart:
            return self._file(name, src, {"op": "copy"}, ".mp4", src, False)
        edit = {"op": "deliver-video", "start_s": start, "end_s": end, "copy_video": copy_video,
                **self._settings.video_edit()}

        def make(out: Path) -> None:
            cut = src
            if trimmed:   # frame-accurate first (cached on its own: a settings change re-cuts nothing)
                cut, _ = self._cache.get_or_make(
                    src, {"op": "trim", "start_s": start, "end_s": end, "method": "auto"}, ".mp4",
                    lambda tmp: trim(src, tmp, start, end, method="auto", cancel=self._cancel))
            mobile_video(cut, out, probe(cut), self._settings, copy_video=copy_video, cancel=self._cancel)

        made, cached = self._cache.get_or_make(src, edit, ".mp4", make)
        return self._file(name, src, edit, ".mp4", made, not cached)

    def _audio(self, name: str, src: Path, facts: SourceFacts, start, end) -> DeliveredFile:
        if not facts.has_audio:
            raise MediaError("the file has no audio track", file=str(src))
        suffix = ".mp3" if src.suffix.lower() == ".mp3" else ".m4a"
        edit = {"op": "deliver-audio", "start_s": start, "end_s": end, **self._settings.audio_edit()}
        made, cached = self._cache.get_or_make(
            src, edit, suffix, lambda out: mobile_audio(src, out, probe(src), start, end, self._settings,
                                                        cancel=self._cancel))
        return self._file(name, src, edit, suffix, made, not cached)

    def _image(self, name: str, src: Path) -> DeliveredFile:
        suffix = src.suffix.lower()
        size, orientation = None, 1
        if suffix in _RESIZABLE_IMAGES:   # others ship as they are: not even probed (ffmpeg may not read SVG)
            facts = source_facts(src, self._settings, self._facts)
            orientation = facts.orientation
            if facts.has_video:
                size = resized_size(*displayed_size(facts.width, facts.height, orientation), self._settings)
        if size is None:   # shipped as it is: browsers apply a small JPEG's EXIF orientation themselves
            return self._file(name, src, {"op": "copy"}, suffix, src, False)
        edit = {"op": "deliver-image", "size": list(size), **self._settings.image_edit(suffix),
                **({"orientation": orientation} if orientation != 1 else {})}
        made, cached = self._cache.get_or_make(
            src, edit, suffix, lambda out: resized_image(src, out, size, self._settings, orientation=orientation,
                                                         cancel=self._cancel))
        return self._file(name, src, edit, suffix, made, not cached)

    def _captions(self, name: str, plan: CutPlan, trimmed: bool, with_transcript: bool):
        src = self._source(name)
        edit = {"op": "captions", "kept": [list(r) for r in plan.kept] if trimmed else None}

        def make(out: Path) -> None:
            parsed = read_captions(src)
            cues = tuple(retime_cues(parsed.cues, plan)) if trimmed else parsed.cues
            write_captions(out, replace(parsed, format="vtt", cues=cues))   # no cue left: a header alone

        made, _ = self._cache.get_or_make(src, edit, ".vtt", make)
        st = made.stat()
        has_cues, transcript = _captions_read(str(made), file_identity(st), with_transcript)
        if not has_cues:
            return None, ()
        return DeliveredFile(self._name(name, src, edit, ".vtt"), made, st.st_size), transcript

    def _name(self, name: str, src: Path, edit: dict, suffix: str) -> str:
        """Named for the course's own name of the file (a project stores it under its hash), made
        unique by its bytes and the edit."""
        digest = hashlib.sha256(f"{source_sha256(src)}\n{sorted(edit.items())}".encode()).hexdigest()[:10]
        return f"media/{ascii_slug(Path(name).stem)}-{digest}{suffix}"

    def _file(self, name: str, src: Path, edit: dict, suffix: str, path: Path, encoded: bool) -> DeliveredFile:
        return DeliveredFile(self._name(name, src, edit, suffix), path, path.stat().st_size, encoded)


_DELIVERED: dict[tuple, DeliveredMedia] = {}
_DELIVERED_MAX = 4096


def _identity(path: Path) -> tuple:
    return str(path), *file_identity(path.stat())


def _still_there(part: DeliveredFile) -> bool:
    try:
        return part.path.stat().st_size == part.size
    except OSError:
        return False


@functools.lru_cache(maxsize=1024)
def _captions_read(path: str, identity: tuple, with_transcript: bool) -> tuple[bool, tuple]:
    """Whether a delivered captions file has cues, and its transcript: read once per file version
    (a derivative is written once, under a name made from its source and edit)."""
    parsed = read_captions(Path(path))
    if not parsed.cues:
        return False, ()
    transcript = tuple((round(c.start_s, 3), _TAG.sub("", c.text).strip())
                       for c in parsed.cues) if with_transcript else ()
    return True, transcript
