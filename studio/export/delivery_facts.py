"""What delivery must know about a source before it can look in the derivative cache.

The cache key of a delivered file depends on a few facts of its source (has it audio, can
its picture be stream-copied, is it already faststart, its duration for caption re-timing,
an image's size). Finding them means running ffprobe and opening the file with PyAV: about
0.1–0.2 s a file, which would be most of a warm build. So they are remembered per file while
it is unchanged (:class:`studio.statcache.StatCache`: path, size, mtime, ctime, inode), per
delivery settings, beside the derivatives. Only a cache miss probes the source again, to
encode it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from studio.export.delivery_media import DeliverySettings, can_copy_video, jpeg_orientation, moov_before_mdat
from studio.media.probe import probe
from studio.statcache import StatCache

# Bump when what _measure records changes, so facts measured before stop being served.
FORMAT = 2
_WEB_VIDEO = {".mp4", ".m4v"}
_JPEG = {".jpg", ".jpeg"}


@dataclass(frozen=True)
class SourceFacts:
    duration_s: float
    has_video: bool
    has_audio: bool
    width: int | None = None
    height: int | None = None
    copy_video: bool = False      # can_copy_video under the settings
    faststart: bool = False       # an MP4 whose index comes before its data
    orientation: int = 1          # a JPEG's EXIF orientation (1: as stored)


def facts_store(directory: Path, settings: DeliverySettings) -> StatCache:
    """The remembered facts for ``settings`` (copy_video depends on them), in ``directory``."""
    key = hashlib.sha256(json.dumps(asdict(settings), sort_keys=True).encode()).hexdigest()[:12]
    return StatCache(Path(directory) / "delivery-facts.sqlite3", f"delivery_v{FORMAT}_{key}")


def source_facts(src: Path, settings: DeliverySettings, store: StatCache) -> SourceFacts:
    """The facts of ``src``; raises :class:`~studio.errors.MediaError` when it is not readable media."""
    text, _ = store.value(src, lambda real: json.dumps(asdict(_measure(src, settings))))
    try:
        return SourceFacts(**json.loads(text))
    except (TypeError, ValueError):   # a row this build cannot read: measure again
        return _measure(src, settings)


def _measure(src: Path, settings: DeliverySettings) -> SourceFacts:
    info = probe(src)
    video = info.video
    return SourceFacts(
        duration_s=info.duration_s, has_video=video is not None, has_audio=info.audio is not None,
        width=video.width if video else None, height=video.height if video else None,
        copy_video=video is not None and can_copy_video(src, info, settings),
        faststart=video is not None and src.suffix.lower() in _WEB_VIDEO and moov_before_mdat(src),
        orientation=jpeg_orientation(src) if src.suffix.lower() in _JPEG else 1)
