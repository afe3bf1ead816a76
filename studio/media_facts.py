"""What the core knows about a media file, measured once by ``studio.media`` and stored.

The estimator and checker read these facts; they never run ffmpeg themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

IMAGE_EXTS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
CAPTION_EXTS = {".vtt", ".srt"}


@dataclass(frozen=True)
class MediaFacts:
    exists: bool = True
    duration_s: float | None = None
    has_video: bool = False
    has_audio: bool = False
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    error: str | None = None           # why the file is not usable (unreadable, corrupt…)

    @property
    def usable(self) -> bool:
        return self.exists and self.error is None


MISSING = MediaFacts(exists=False, error="file not found")
