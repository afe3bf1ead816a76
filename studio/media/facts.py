"""Measure the facts the core stores about each media file of a course.

Probes decide what a file really is, not its name: a picture is recorded as one only once
it has decoded (:func:`studio.media.probe.decode_image`); a clip or a sound named ``.png`` is
recorded as the clip or sound it is (``check`` then says ``media.not-an-image``).
"""
from __future__ import annotations

import dataclasses
import functools
import json
import os
import stat
from pathlib import Path
from typing import Callable

from studio import model as m
from studio.errors import MediaError
from studio.media.binaries import ffprobe_exe
from studio.media.cache import default_cache_dir
from studio.media.captions import read_captions
from studio.media.probe import decode_image, is_still_image_format, probe
from studio.media_facts import CAPTION_EXTS, MISSING, MediaFacts
from studio.statcache import StatCache


# Bump when what _measure records changes, so facts measured before stop being served.
FACTS_FORMAT = 1


def facts_cache() -> StatCache:
    """Facts remembered per file while it is unchanged (see :mod:`studio.statcache`), per probe
    backend: a warm ``check`` or build of an unchanged course runs no probe at all."""
    backend = "ffprobe" if ffprobe_exe() else "pyav"
    return StatCache(default_cache_dir() / "media-facts.sqlite3", f"facts_v{FACTS_FORMAT}_{backend}")


class _OpenedWhenNeeded:
    """The facts cache, opened at the first file that exists: a check of a course whose media
    are all missing neither opens the cache nor asks which ffprobe to use (a subprocess)."""

    def __init__(self) -> None:
        self._cache: StatCache | None = None

    def value(self, path: Path, compute):
        if self._cache is None:
            self._cache = facts_cache()
        return self._cache.value(path, compute)

    def __enter__(self) -> "_OpenedWhenNeeded":
        return self

    def __exit__(self, *_exc) -> None:
        if self._cache is not None:
            self._cache.close()


def facts_of(path: Path, cache: StatCache | None = None) -> MediaFacts:
    """Probe one file; problems become facts (``error``), never exceptions."""
    if not path.is_file():
        return MISSING
    own = cache is None
    cache = cache or facts_cache()
    try:
        text, _ = cache.value(path, lambda real: json.dumps(dataclasses.asdict(_measure(path))))
        return _facts_from_json(text)
    except (OSError, TypeError, ValueError):  # unreadable, or a row this build cannot read: measure again
        return _measure(path)
    finally:
        if own:
            cache.close()


@functools.lru_cache(maxsize=4096)     # MediaFacts is frozen: one object per distinct answer
def _facts_from_json(text: str) -> MediaFacts:
    return MediaFacts(**json.loads(text))


def _measure(path: Path) -> MediaFacts:
    suffix = path.suffix.lower()
    if suffix in CAPTION_EXTS:
        return _caption_facts(path)
    if suffix == ".svg":
        return _image_facts(path)  # ffmpeg may have no SVG decoder: judged as XML, whatever the backend
    try:
        result = probe(path)
    except MediaError as exc:
        return MediaFacts(error=exc.message)
    video = result.video
    if video is not None and is_still_image_format(result.format_name):
        return _image_facts(path)
    return MediaFacts(duration_s=round(result.duration_s, 3), has_video=video is not None,
                      has_audio=result.audio is not None, width=video.width if video else None,
                      height=video.height if video else None, fps=round(video.fps, 3) if video else None)


def _image_facts(path: Path) -> MediaFacts:
    try:
        width, height = decode_image(path)
    except MediaError as exc:
        return MediaFacts(error=exc.message)
    return MediaFacts(has_video=True, width=width or None, height=height or None)


def _caption_facts(path: Path) -> MediaFacts:
    """Captions are judged by the same parser that re-times them, so check and trim agree."""
    try:
        read_captions(path)
    except MediaError as exc:
        where = f" (line {exc.line})" if exc.line else ""
        return MediaFacts(error=f"{exc.message}{where}")
    return MediaFacts()


def containment(base_dir: Path) -> Callable[[str], bool]:
    """A test of whether ``base_dir / name``, links and linked folders resolved, stays inside
    ``base_dir``. Folders are resolved once each: a catalogue's thousands of media paths cost
    one ``lstat`` apiece, not a full ``realpath`` (which walks every component)."""
    base_real = os.path.realpath(base_dir)
    base_prefix = base_real.rstrip(os.sep) + os.sep

    @functools.lru_cache(maxsize=None)
    def real_folder(folder: str) -> str:
        return os.path.realpath(folder)

    def stays_inside(name: str) -> bool:
        full = os.path.join(base_dir, name)
        folder, leaf = os.path.split(full)
        try:
            if leaf in ("", ".", "..") or _is_link(full):
                real = os.path.realpath(full)
            else:
                real = os.path.join(real_folder(folder), leaf)
            real = os.path.normpath(real)
            return real == base_real or real.startswith(base_prefix)
        except (OSError, ValueError):
            return False
    return stays_inside


def _is_link(path: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def inside(base_dir: Path, name: str) -> bool:
    """Whether ``base_dir / name``, links and linked folders resolved, stays inside ``base_dir``."""
    return containment(base_dir)(name)


OUTSIDE = MediaFacts(error="leads outside the course folder (a link to a file elsewhere)")


def course_facts(course: m.Course, base_dir: Path) -> dict[str, MediaFacts]:
    """Facts for every media path of ``course`` (images of badges included), relative to ``base_dir``.

    The reader already refuses paths that leave the course folder; a path that does anyway
    (a course built in memory, a link changed since) is never probed, only reported."""
    stays_inside = containment(base_dir)
    with _OpenedWhenNeeded() as cache:
        return {name: facts_of(base_dir / name, cache) if stays_inside(name) else OUTSIDE
                for _, name in m.media_refs(course)}
