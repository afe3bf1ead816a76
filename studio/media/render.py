"""Render a cut plan: one ffmpeg run that splits the source at every cut, keeps the kept
pieces, fades the audio at each cut so joins do not click, concatenates and re-encodes.

For video, each kept range is moved onto the frame grid, so every piece is a whole number
of frames and the audio is cut at exactly the same instants: picture and sound stay in
sync at every join and the output lasts the plan's length within one frame.
"""
from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress, progress_span
from studio.media.encoders import EVEN_DIMENSIONS
from studio.media.audio import (AUDIO_EXTENSIONS, VIDEO_EXTENSIONS, audio_encoder_args,
                                refuse_overwriting_source)
from studio.media.loudness import (DEFAULT_TRUE_PEAK_DB, analysis_filter, check_targets, gain_filter,
                                   output_format, parse_loudnorm_report)
from studio.media.plan import CutPlan
from studio.media.binaries import filter_script_args
from studio.media.probe import MediaProbe, probe
from studio.media.run import run_ffmpeg
from studio.outputs import atomic_file

DEFAULT_FADE_S = 0.015
# A plan made from a probe of the same file matches it closely; more drift than this means
# the plan belongs to another version of the file.
_DURATION_SLACK_S = 0.25
_VIDEO_ENCODER = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p")
_MEASURE_SHARE = 0.3


def render_plan(src: str | Path, out: str | Path, plan: CutPlan, *, fade_s: float = DEFAULT_FADE_S,
                loudness_lufs: float | None = None, progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> Path:
    """Write the kept ranges of ``src`` to ``out`` as one file; returns ``out``.

    The output kind follows ``out``'s extension: .mp4/.m4v/.mov/.mkv (H.264 + AAC) or
    .mp3/.m4a/.wav (audio only). ``loudness_lufs`` adds EBU R128 normalisation of the
    result, measured on the cut audio itself.
    """
    out = Path(out)
    _check_request(src, out, fade_s, loudness_lufs)
    info = probe(src)
    _check_plan(plan, info, src)
    with_video = info.has_video and out.suffix.lower() in VIDEO_EXTENSIONS
    _check_output(out, info, with_video)
    if loudness_lufs is not None and not info.has_audio:
        raise MediaError("the file has no audio track; loudness normalisation needs audio", file=str(src))
    fps = info.video.fps if with_video and 0 < info.video.fps <= 1000 else 0.0
    video_end_s = (info.video.duration_s or info.duration_s) if with_video else info.duration_s
    segments = _segments(plan, fps, min(info.duration_s, video_end_s))
    if not segments:
        raise MediaError("the cut plan keeps less than one frame of the video", file=str(src))
    duration_s = sum(end - start for start, end in segments)

    def graph(video: bool) -> str:
        return _graph(segments, info.duration_s, with_video=video, with_audio=info.has_audio,
                      fade_s=fade_s, frame_s=1 / fps if fps else 0.0)

    full_graph, audio_label, render_progress = graph(with_video), "[a]", progress
    if loudness_lufs is not None and info.has_audio:
        # Measured on the cut audio itself: removed stretches must not sway the gain.
        measured = _measure(src, graph(False), duration_s, progress_span(progress, 0.0, _MEASURE_SHARE), cancel)
        gain = gain_filter(measured, loudness_lufs, DEFAULT_TRUE_PEAK_DB)
        full_graph += f";[a]{gain},{output_format(info.audio.sample_rate, info.audio.channels)}[loud]"
        audio_label, render_progress = "[loud]", progress_span(progress, _MEASURE_SHARE, 1.0)
    output_args = _encoder_args(out, with_video, audio_label if info.has_audio else None)
    with atomic_file(out) as tmp:
        _run_graph(src, full_graph, [*output_args, str(tmp)], duration_s, "Rendering", render_progress, cancel)
    return out


def _check_request(src, out: Path, fade_s: float, loudness_lufs: float | None) -> None:
    refuse_overwriting_source(src, out)
    if not 0.0 <= fade_s <= 0.1:
        raise MediaError(f"a fade of {fade_s} s at each cut is outside 0…0.1 s", file=str(src))
    if loudness_lufs is not None:
        check_targets(loudness_lufs, DEFAULT_TRUE_PEAK_DB, src)


def _check_plan(plan: CutPlan, info: MediaProbe, src) -> None:
    if not plan.kept:
        raise MediaError("the cut plan keeps nothing of the media", file=str(src))
    if abs(plan.source_duration_s - info.duration_s) > _DURATION_SLACK_S:
        raise MediaError(f"the cut plan was made for a {plan.source_duration_s:.2f} s file, "
                         f"but this one lasts {info.duration_s:.2f} s", file=str(src))


def _encoder_args(out: Path, with_video: bool, audio_label: str | None) -> list[str]:
    args = ["-map", "[v]", *_VIDEO_ENCODER] if with_video else []
    if audio_label is not None:
        args += ["-map", audio_label, *audio_encoder_args(out)]
    if out.suffix.lower() in {".mp4", ".m4v", ".mov", ".m4a"}:
        args += ["-movflags", "+faststart"]   # players can start before the download ends
    return args


def _check_output(out: Path, info: MediaProbe, with_video: bool) -> None:
    suffix = out.suffix.lower()
    if suffix not in VIDEO_EXTENSIONS | AUDIO_EXTENSIONS:
        audio_encoder_args(out)  # raises the message listing what we can write
    if not with_video and not info.has_audio:
        raise MediaError(f"the file has no audio track to write as '{suffix}'", file=str(info.path))


def _segments(plan: CutPlan, fps: float, source_duration_s: float) -> list[tuple[float, float]]:
    """The kept ranges to cut, in source seconds, ascending and not touching; on the frame
    grid when ``fps`` is known.

    Each segment gets a whole number of frames. Rounding the running output length (not
    each segment) keeps the total within half a frame of the plan however many cuts
    there are. A range shorter than a frame disappears rather than become a flash.
    """
    ranges = [(start, min(end, source_duration_s)) for start, end in plan.kept]
    if not fps:
        return _joined([(start, end) for start, end in ranges if end > start])
    last_frame = math.floor(source_duration_s * fps + 1e-6)
    frames_done = previous_end = 0
    planned_s = 0.0
    aligned = []
    for start, end in ranges:
        planned_s += max(0.0, end - start)
        frames = round(planned_s * fps) - frames_done
        first = max(min(round(start * fps), last_frame - frames), previous_end)
        stop = min(first + frames, last_frame)
        if stop <= first:
            continue
        aligned.append((first / fps, stop / fps))
        frames_done += stop - first
        previous_end = stop
    return _joined(aligned)


def _joined(ranges: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Touching ranges become one: there is no cut between them to render."""
    joined: list[tuple[float, float]] = []
    for start, end in ranges:
        if joined and start <= joined[-1][1] + 1e-6:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _graph(segments: list[tuple[float, float]], source_duration_s: float, *, with_video: bool,
           with_audio: bool, fade_s: float, frame_s: float) -> str:
    """The filtergraph: split the streams once at every cut, drop the removed pieces, reset
    the kept pieces' clocks, fade their audio at cuts, and concatenate into [v]/[a].

    One ``segment``/``asegment`` split rather than a ``trim`` per kept range: with trims,
    ffmpeg hands every frame to every trim filter, so a recording with hundreds of
    tightened pauses renders hundreds of times slower.
    """
    pieces = _pieces(segments, source_duration_s)
    chains, pads = [], []
    if with_video:
        # The split points sit on the frame grid; half a frame earlier, timebase rounding
        # can never move a frame to the wrong side of a cut.
        chains.append(_split("[0:v:0]", "segment", [end - frame_s / 2 for _, end, _ in pieces[:-1]], "vs", len(pieces)))
    if with_audio:
        chains.append(_split("[0:a:0]", "asegment", [end for _, end, _ in pieces[:-1]], "as", len(pieces)))
    for index, (start, end, kept) in enumerate(pieces):
        if not kept:
            chains += [f"[vs{index}]nullsink"] * with_video + [f"[as{index}]anullsink"] * with_audio
            continue
        if with_video:
            chains.append(f"[vs{index}]setpts=PTS-STARTPTS[v{index}]")
            pads.append(f"[v{index}]")
        if with_audio:
            fades = _fades(end - start, fade_s, fade_in=start > 0, fade_out=end < source_duration_s - 1e-3)
            chains.append(f"[as{index}]asetpts=PTS-STARTPTS{fades}[a{index}]")
            pads.append(f"[a{index}]")
    outputs = ("[vcat]" if with_video else "") + ("[a]" if with_audio else "")
    chains.append(f"{''.join(pads)}concat=n={len(segments)}:v={int(with_video)}:a={int(with_audio)}{outputs}")
    if with_video:
        chains.append(f"[vcat]{EVEN_DIMENSIONS}[v]")
    return ";".join(chains)


def _pieces(segments: list[tuple[float, float]], source_duration_s: float) -> list[tuple[float, float, bool]]:
    """The whole timeline as consecutive (start, end, kept) pieces."""
    pieces, position = [], 0.0
    for start, end in segments:
        if start > position + 1e-6:
            pieces.append((position, start, False))
        pieces.append((start, end, True))
        position = end
    if source_duration_s > position + 1e-6:
        pieces.append((position, source_duration_s, False))
    return pieces


def _split(source: str, splitter: str, points: list[float], prefix: str, count: int) -> str:
    labels = "".join(f"[{prefix}{i}]" for i in range(count))
    if not points:
        return f"{source}{'null' if splitter == 'segment' else 'anull'}{labels}"
    return f"{source}{splitter}=timestamps={'|'.join(_t(p) for p in points)}{labels}"


def _fades(length_s: float, fade_s: float, *, fade_in: bool, fade_out: bool) -> str:
    """Fade in after a cut and out before one, so the joined waveforms meet at zero. The
    source's own start and end are not cuts and are left alone."""
    fade = min(fade_s, length_s / 4)
    if fade <= 0:
        return ""
    text = f",afade=t=in:d={_t(fade)}" if fade_in else ""
    if fade_out:
        text += f",afade=t=out:st={_t(length_s - fade)}:d={_t(fade)}"
    return text


def _t(seconds: float) -> str:
    return f"{max(seconds, 0.0):.6f}"


def _measure(src, audio_graph: str, duration_s: float, progress: Progress, cancel: CancelToken):
    graph = f"{audio_graph};[a]{analysis_filter()}[m]"
    log = _run_graph(src, graph, ["-map", "[m]", "-f", "null", "-"], duration_s,
                     "Measuring loudness", progress, cancel)
    return parse_loudnorm_report(log, src)


def _run_graph(src, graph: str, output_args: list[str], duration_s: float, message: str,
               progress: Progress, cancel: CancelToken) -> str:
    """Run ffmpeg with ``graph`` read from a script file: a plan with hundreds of cuts makes
    a graph longer than the operating system allows for one command-line argument."""
    fd, script = tempfile.mkstemp(prefix="studio-graph-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(graph)
        args = ["-stats_period", "0.1", "-i", str(src), *filter_script_args(script), *output_args]
        return run_ffmpeg(args, duration_s=duration_s, message=message, progress=progress, cancel=cancel)
    except MediaError as error:
        raise MediaError(f"{message.lower()} failed: {error.message}", file=str(src)) from None
    finally:
        os.unlink(script)
