"""Probe a media file: duration and streams.

Uses ffprobe (through ffmpeg-python) when the system has it, else PyAV, and returns the
same :class:`MediaProbe` either way.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

from studio.errors import MediaError
from studio.media.binaries import ffprobe_exe


@dataclass(frozen=True)
class VideoStream:
    codec: str
    width: int
    height: int
    fps: float
    duration_s: float | None = None
    rotation: int = 0
    variable_frame_rate: bool = False


@dataclass(frozen=True)
class AudioStream:
    codec: str
    sample_rate: int
    channels: int
    duration_s: float | None = None


@dataclass(frozen=True)
class MediaProbe:
    path: str
    format_name: str
    duration_s: float
    video: VideoStream | None = None
    audio: AudioStream | None = None
    streams: tuple = field(default_factory=tuple)

    @property
    def has_video(self) -> bool:
        return self.video is not None

    @property
    def has_audio(self) -> bool:
        return self.audio is not None

    def to_dict(self) -> dict:
        return asdict(self)


def probe(path: str | Path) -> MediaProbe:
    """Probe ``path``; raises :class:`MediaError` for missing, empty or undecodable files."""
    path = Path(path)
    if not path.is_file():
        raise MediaError("file not found", file=str(path))
    if path.stat().st_size == 0:
        raise MediaError("file is empty (0 bytes)", file=str(path))
    try:
        result = _probe_with_pyav(path)
    except MediaError:
        raise
    except Exception as exc:
        raise MediaError(f"not a readable media file ({_short(exc)})", file=str(path)) from None
    if result.duration_s <= 0 and not _is_still_image(result):
        raise MediaError("media has no duration (truncated or not media)", file=str(path))
    return result


def _is_still_image(result: MediaProbe) -> bool:
    return result.format_name in {"png_pipe", "image2", "jpeg_pipe", "webp_pipe", "gif", "svg_pipe"}


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:200] if text else type(exc).__name__


def _probe_with_pyav(path: Path) -> MediaProbe:
    import av

    with av.open(str(path)) as container:
        video = audio = None
        stream_names = []
        for stream in container.streams:
            stream_names.append(f"{stream.type}:{stream.codec_context.name}")
            duration = float(stream.duration * stream.time_base) if stream.duration else None
            if stream.type == "video" and video is None:
                rate = stream.average_rate or stream.guessed_rate or Fraction(0)
                video = VideoStream(codec=stream.codec_context.name, width=stream.codec_context.width,
                                    height=stream.codec_context.height, fps=float(rate), duration_s=duration)
            elif stream.type == "audio" and audio is None:
                audio = AudioStream(codec=stream.codec_context.name, sample_rate=stream.codec_context.sample_rate,
                                    channels=stream.codec_context.channels, duration_s=duration)
        if video is None and audio is None:
            raise MediaError("no audio or video stream", file=str(path))
        total = container.duration / 1_000_000 if container.duration else max(
            (s.duration_s or 0.0) for s in (video, audio) if s is not None)
        return MediaProbe(path=str(path), format_name=container.format.name, duration_s=float(total),
                          video=video, audio=audio, streams=tuple(stream_names))
