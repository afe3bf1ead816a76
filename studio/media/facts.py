"""Measure the facts the core stores about each media file of a course."""
from __future__ import annotations

from pathlib import Path

from studio import model as m
from studio.errors import MediaError
from studio.media.captions import read_captions
from studio.media.probe import probe
from studio.media_facts import CAPTION_EXTS, IMAGE_EXTS, MISSING, MediaFacts

def facts_of(path: Path) -> MediaFacts:
    """Probe one file; problems become facts (``error``), never exceptions."""
    if not path.is_file():
        return MISSING
    suffix = path.suffix.lower()
    if suffix in CAPTION_EXTS:
        return _caption_facts(path)
    try:
        result = probe(path)
    except MediaError as exc:
        return MediaFacts(error=exc.message)
    video = result.video
    if suffix in IMAGE_EXTS:
        return MediaFacts(has_video=video is not None, width=video.width if video else None,
                          height=video.height if video else None)
    return MediaFacts(duration_s=round(result.duration_s, 3), has_video=video is not None,
                      has_audio=result.audio is not None, width=video.width if video else None,
                      height=video.height if video else None, fps=round(video.fps, 3) if video else None)


def _caption_facts(path: Path) -> MediaFacts:
    """Captions are judged by the same parser that re-times them, so check and trim agree."""
    try:
        read_captions(path)
    except MediaError as exc:
        where = f" (line {exc.line})" if exc.line else ""
        return MediaFacts(error=f"{exc.message}{where}")
    return MediaFacts()


def course_facts(course: m.Course, base_dir: Path) -> dict[str, MediaFacts]:
    """Facts for every media path of ``course``, relative to ``base_dir``."""
    return {name: facts_of(base_dir / name) for _, name in m.media_refs(course)}
