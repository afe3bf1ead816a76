"""Where ffmpeg and ffprobe come from.

A system ffmpeg/ffprobe is preferred; otherwise the ffmpeg binary shipped by the
``imageio-ffmpeg`` wheel. That wheel has no ffprobe, so probing falls back to PyAV
(see :mod:`studio.media.probe`). ``STUDIO_FFMPEG`` / ``STUDIO_FFPROBE`` override both.
"""
from __future__ import annotations

import functools
import os
import shutil

from studio.errors import MediaError


@functools.lru_cache(maxsize=None)
def ffmpeg_exe() -> str:
    explicit = os.environ.get("STUDIO_FFMPEG")
    if explicit:
        return explicit
    system = shutil.which("ffmpeg")
    if system:
        return system
    try:
        import imageio_ffmpeg
        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # the wheel raises RuntimeError when its binary is absent
        raise MediaError(f"ffmpeg was not found: install ffmpeg or the imageio-ffmpeg package ({exc})")


@functools.lru_cache(maxsize=None)
def ffprobe_exe() -> str | None:
    """The ffprobe binary, or None when only the pip ffmpeg is available."""
    explicit = os.environ.get("STUDIO_FFPROBE")
    if explicit:
        return explicit
    return shutil.which("ffprobe")
