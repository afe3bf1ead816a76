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
    error: str | None = None           # why the file is not usable (unreadable, not decodable…)
    corrupt: str | None = None         # why the project's stored copy cannot be trusted (blob missing,
    #                                    bytes not matching its name); see studio.project.media_store

    @property
    def usable(self) -> bool:
        return self.exists and self.error is None and self.corrupt is None

    @property
    def is_still_image(self) -> bool:
        """Probed as a still picture (a picture and no duration), not as a clip or a sound.

        ``studio.media.facts`` records a picture only once it has decoded one."""
        return self.has_video and self.duration_s is None


MISSING = MediaFacts(exists=False, error="file not found")
