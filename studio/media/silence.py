"""Find the pauses in a recording with ffmpeg's ``silencedetect``.

ffmpeg streams the audio through the filter, so memory stays flat however long the file
is; we only read the filter's log lines back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.audio import require_audio
from studio.media.run import run_ffmpeg


@dataclass(frozen=True)
class Silence:
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


_START = re.compile(r"silence_start:\s*(-?[\d.]+(?:e-?\d+)?)")
_END = re.compile(r"silence_end:\s*(-?[\d.]+(?:e-?\d+)?)")


def detect_silences(src: str | Path, *, noise_db: float = -35.0, min_silence_s: float = 0.6,
                    progress: Progress = no_progress,
                    cancel: CancelToken = NEVER_CANCELLED) -> list[Silence]:
    """Pauses at least ``min_silence_s`` long where all channels stay below ``noise_db`` dBFS."""
    if min_silence_s <= 0:
        raise MediaError("the minimum pause length must be more than 0 s", file=str(src))
    if noise_db >= 0:
        raise MediaError("the silence threshold must be below 0 dB", file=str(src))
    info = require_audio(src, "silence detection")
    args = ["-i", str(src), "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-af", f"silencedetect=noise={noise_db}dB:duration={min_silence_s}", "-f", "null", "-"]
    try:
        log = run_ffmpeg(args, duration_s=info.duration_s, message="Finding pauses",
                         progress=progress, cancel=cancel)
    except MediaError as error:
        raise MediaError(f"could not scan the audio for pauses: {error.message}", file=str(src)) from None
    return parse_silencedetect(log, info.duration_s)


def parse_silencedetect(log: str, duration_s: float) -> list[Silence]:
    """Turn ``silencedetect`` log lines into silences clipped to ``0..duration_s``.

    Encoder priming can make the first start slightly negative, and older ffmpeg builds
    print no ``silence_end`` for a pause that runs to the end of the file.
    """
    silences: list[Silence] = []
    start: float | None = None
    for line in log.splitlines():
        if (match := _START.search(line)) is not None:
            start = max(0.0, float(match.group(1)))
        elif (match := _END.search(line)) is not None and start is not None:
            end = min(duration_s, float(match.group(1)))
            if end > start:
                silences.append(Silence(start, end))
            start = None
    if start is not None and duration_s > start:
        silences.append(Silence(start, duration_s))
    return silences
