"""Frame-accurate trim of one range of a video or audio file.

``trim`` snaps the range to the source's frame grid, then takes the fastest safe way: a
smart cut (:mod:`studio.media.smartcut`) for H.264 MP4, else a full re-encode. Either way
the output starts with a keyframe at pts 0, audio and video start together, the original
is untouched and the output appears only when complete.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.encoders import EVEN_DIMENSIONS
from studio.media.audio import AUDIO_EXTENSIONS, VIDEO_EXTENSIONS, audio_encoder_args, refuse_overwriting_source
from studio.media.frames import FrameIndex, ffmpeg_seconds, scan_frames
from studio.media.probe import MediaProbe, probe
from studio.media.run import run_ffmpeg
from studio.outputs import atomic_file
from studio.media.smartcut import NotSafe, plan_smart_cut, run_smart_cut

Method = Literal["auto", "smart", "reencode"]

# Visually transparent for screen and camera footage at a speed a laptop can afford.
_VIDEO_ENCODER = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"]
# With B-frames the MP4 muxer measures a track by its decode times, which run behind the
# presentation by the reordering delay; at a variable frame rate those differ in length and
# the track would end early. Without reordering both clocks are the same.
_NO_REORDERING = ["-bf", "0"]
# How far past the end of the media a requested end may be and still mean "the end".
_END_SLACK_S = 0.05


@dataclass(frozen=True)
class TrimResult:
    out: str
    method: str                   # "smart" or "reencode"
    start_s: float                # where the output begins in the source, on the frame grid
    end_s: float
    duration_s: float             # probed duration of the output
    frame_count: int | None       # video frames written; None for audio
    fallback_reason: str | None   # why a smart cut was not used, when it was considered
    timings_s: dict = field(default_factory=dict)
    audio_method: str | None = None  # "copy" (AAC packets, edit-list trimmed), "encode", None: no audio

    def to_dict(self) -> dict:
        return asdict(self)


def trim(src: str | Path, out: str | Path, start_s: float | None = None, end_s: float | None = None, *,
         method: Method = "auto", progress: Progress = no_progress,
         cancel: CancelToken = NEVER_CANCELLED) -> TrimResult:
    """Write ``src`` from ``start_s`` to ``end_s`` (default: its start and end) to ``out``.

    ``method="smart"`` refuses (MediaError) where a smart cut is unsafe; ``"reencode"``
    forces a full re-encode. Raises :class:`MediaError` for unreadable input or a range
    outside the media, ``Cancelled`` when ``cancel`` is set (no output is left behind).
    """
    src, out = Path(src), Path(out)
    started = time.perf_counter()
    refuse_overwriting_source(src, out)
    if out.suffix.lower() not in VIDEO_EXTENSIONS | AUDIO_EXTENSIONS:
        audio_encoder_args(out)  # raises the message listing what we can write
    info = probe(src)
    start_s, end_s = checked_range(info, start_s, end_s)
    with_video = info.has_video and out.suffix.lower() in VIDEO_EXTENSIONS
    if not with_video and not info.has_audio:
        raise MediaError(f"the file has no audio track to write as '{out.suffix}'", file=str(src))
    timings: dict[str, float] = {}
    if with_video:
        cut = _video_cut(src, out, info, start_s, end_s, method, timings, progress, cancel)
    else:
        cut = _audio_cut(src, out, start_s, end_s, progress, cancel)
    output = probe(out)
    timings["total"] = time.perf_counter() - started
    return TrimResult(out=str(out), method=cut.method, start_s=cut.start_s, end_s=cut.end_s,
                      duration_s=output.duration_s, frame_count=cut.frames, fallback_reason=cut.reason,
                      timings_s=timings, audio_method=cut.audio_method if output.has_audio else None)


@dataclass(frozen=True)
class _Cut:
    method: str
    start_s: float
    end_s: float
    frames: int | None = None
    reason: str | None = None
    audio_method: str | None = "encode"


def checked_range(info: MediaProbe, start_s: float | None, end_s: float | None) -> tuple[float, float]:
    """The range to cut, defaulted to the whole file; raises :class:`MediaError` when it is unusable."""
    start = 0.0 if start_s is None else float(start_s)
    end = info.duration_s if end_s is None else float(end_s)
    where = info.path
    if start < 0 or end < 0:
        raise MediaError("trim points cannot be negative", file=where)
    if start >= info.duration_s:
        raise MediaError(f"the start ({start:.3f} s) is past the end of the media ({info.duration_s:.3f} s)",
                         file=where)
    if start >= end:
        raise MediaError(f"the start ({start:.3f} s) must come before the end ({end:.3f} s)", file=where)
    if end > info.duration_s + _END_SLACK_S:
        raise MediaError(f"the end ({end:.3f} s) is past the end of the media ({info.duration_s:.3f} s)",
                         file=where)
    return start, min(end, info.duration_s)


def _video_cut(src: Path, out: Path, info: MediaProbe, start_s: float, end_s: float, method: Method,
               timings: dict, progress: Progress, cancel: CancelToken) -> _Cut:
    begun = time.perf_counter()
    index = scan_frames(src)
    first, end = index.nearest_frame(start_s), index.nearest_frame(end_s)
    timings["scan"] = time.perf_counter() - begun
    if end <= first:
        raise MediaError(f"the range {start_s:.3f}-{end_s:.3f} s is shorter than one frame", file=str(src))
    reason = None
    if method != "reencode":
        try:
            plan = plan_smart_cut(src, out, info, index, first, end)
        except NotSafe as exc:
            if method == "smart":
                raise MediaError(f"a smart cut is not safe here: {exc}", file=str(src)) from None
            reason = str(exc)
        else:
            try:
                with atomic_file(out) as tmp:
                    steps, audio_method = run_smart_cut(src, tmp, plan, progress=progress, cancel=cancel)
                timings.update(steps)
                return _Cut("smart", _seconds(index, first), _seconds(index, end), end - first,
                            audio_method=audio_method)
            except MediaError as exc:
                if method == "smart":
                    raise
                reason = f"smart cut failed ({exc.message})"  # a re-encode still gives the user a result
    begun = time.perf_counter()
    with atomic_file(out) as tmp:
        _reencode_video(src, tmp, index, first, end, progress, cancel)
    timings["reencode"] = time.perf_counter() - begun
    return _Cut("reencode", _seconds(index, first), _seconds(index, end), end - first, reason)


def _reencode_video(src: Path, tmp: Path, index: FrameIndex, first: int, end: int,
                    progress: Progress, cancel: CancelToken) -> None:
    """Decode from the keyframe before ``first``, keep exactly frames [first, end).

    ``-frames:v`` counts frames, so no rounding of an end time can add or drop one; the
    frames keep their own timestamps (``passthrough``), so a variable frame rate survives.
    ffmpeg turns a rotated picture upright and drops the rotation flag.
    """
    start = index.boundary_pts(first) - index.origin
    duration = (index.boundary_pts(end) - index.boundary_pts(first)) * index.time_base
    args = ["-ss", ffmpeg_seconds(start * index.time_base), "-i", str(src), "-map", "0:v:0", "-map", "0:a:0?",
            "-sn", "-dn", "-frames:v", str(end - first), "-t", ffmpeg_seconds(duration), "-fps_mode", "passthrough",
            "-vf", EVEN_DIMENSIONS, *_VIDEO_ENCODER, *(_NO_REORDERING if index.variable_frame_rate else []), *audio_encoder_args(tmp), *_container_flags(tmp), str(tmp)]
    run_ffmpeg(args, duration_s=float(duration), message="Re-encoding", progress=progress, cancel=cancel)


def _audio_cut(src: Path, out: Path, start_s: float, end_s: float, progress: Progress,
               cancel: CancelToken) -> _Cut:
    """Audio is always re-encoded from decoded samples: a copy cut of MP3 or AAC can only
    stop on a packet boundary and shifts the sound by up to a packet (26 ms for MP3)."""
    with atomic_file(out) as tmp:
        run_ffmpeg(["-ss", ffmpeg_seconds(Fraction(start_s)), "-i", str(src), "-map", "0:a:0", "-vn", "-sn", "-dn",
                    "-t", ffmpeg_seconds(Fraction(end_s - start_s)), *audio_encoder_args(tmp), *_container_flags(tmp),
                    str(tmp)], duration_s=end_s - start_s, message="Trimming audio", progress=progress,
                   cancel=cancel)
    return _Cut("reencode", start_s, end_s)


def _container_flags(out: Path) -> list[str]:
    if out.suffix.lower() in {".mp4", ".m4v", ".mov", ".m4a"}:
        # Players can start before the download ends; the first frame sits at pts 0 even for
        # a player that ignores edit lists.
        return ["-movflags", "+faststart+negative_cts_offsets"]
    return []


def _seconds(index: FrameIndex, frame: int) -> float:
    return index.seconds(index.boundary_pts(frame))
