"""Render a cut plan: one ffmpeg run that trims every kept range, fades the audio at each
cut so joins do not click, concatenates, and re-encodes.

For video, each kept range is moved onto the frame grid, so every segment is a whole
number of frames and the audio is cut at exactly the same instants: picture and sound
stay in sync at every join and the output lasts the plan's length within one frame.
"""
from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.audio import (AUDIO_EXTENSIONS, VIDEO_EXTENSIONS, audio_encoder_args,
                                progress_span, refuse_overwriting_source)
from studio.media.loudness import (DEFAULT_TRUE_PEAK_DB, analysis_filter, check_targets, gain_filter,
                                   parse_loudnorm_report)
from studio.media.plan import CutPlan
from studio.media.probe import MediaProbe, probe
from studio.media.run import atomic_output, run_ffmpeg

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
    refuse_overwriting_source(src, out)
    if not 0.0 <= fade_s <= 0.1:
        raise MediaError(f"a fade of {fade_s} s at each cut is outside 0…0.1 s", file=str(src))
    if loudness_lufs is not None:
        check_targets(loudness_lufs, DEFAULT_TRUE_PEAK_DB, src)
    info = probe(src)
    _check_plan(plan, info, src)
    with_video = info.has_video and out.suffix.lower() in VIDEO_EXTENSIONS
    _check_output(out, info, with_video)
    fps = info.video.fps if with_video and 0 < info.video.fps <= 1000 else 0.0
    video_end_s = (info.video.duration_s or info.duration_s) if with_video else info.duration_s
    segments = _segments(plan, fps, min(info.duration_s, video_end_s))
    if not segments:
        raise MediaError("the cut plan keeps less than one frame of the video", file=str(src))
    duration_s = sum(end - start for start, end in segments)

    def graph(video: bool) -> str:
        return _graph(segments, info.duration_s, with_video=video, with_audio=info.has_audio,
                      fade_s=fade_s, frame_s=1 / fps if fps else 0.0)

    full_graph = graph(with_video)
    audio_label = "[a]"
    render_progress = progress
    if loudness_lufs is not None and info.has_audio:
        measured = _measure(src, graph(False), duration_s, progress_span(progress, 0.0, _MEASURE_SHARE), cancel)
        gain = gain_filter(measured, loudness_lufs, DEFAULT_TRUE_PEAK_DB)
        full_graph += f";[a]{gain},aresample={info.audio.sample_rate}[loud]"
        audio_label = "[loud]"
        render_progress = progress_span(progress, _MEASURE_SHARE, 1.0)

    maps = (["-map", "[v]", *_VIDEO_ENCODER] if with_video else []) + \
           (["-map", audio_label, *audio_encoder_args(out)] if info.has_audio else [])
    if out.suffix.lower() in {".mp4", ".m4v", ".mov", ".m4a"}:
        maps += ["-movflags", "+faststart"]   # players can start before the download ends
    with atomic_output(out) as tmp:
        _run_graph(src, full_graph, [*maps, str(tmp)], duration_s, "Rendering", render_progress, cancel)
    return out


def _check_plan(plan: CutPlan, info: MediaProbe, src) -> None:
    if not plan.kept:
        raise MediaError("the cut plan keeps nothing of the media", file=str(src))
    if abs(plan.source_duration_s - info.duration_s) > _DURATION_SLACK_S:
        raise MediaError(f"the cut plan was made for a {plan.source_duration_s:.2f} s file, "
                         f"but this one lasts {info.duration_s:.2f} s", file=str(src))
    last_end = plan.kept[-1][1]
    if last_end > info.duration_s + _DURATION_SLACK_S:
        raise MediaError(f"the cut plan keeps media up to {last_end:.2f} s, past the end "
                         f"({info.duration_s:.2f} s)", file=str(src))


def _check_output(out: Path, info: MediaProbe, with_video: bool) -> None:
    suffix = out.suffix.lower()
    if suffix not in VIDEO_EXTENSIONS | AUDIO_EXTENSIONS:
        audio_encoder_args(out)  # raises the message listing what we can write
    if not with_video and not info.has_audio:
        raise MediaError(f"the file has no audio track to write as '{suffix}'", file=str(info.path))


def _segments(plan: CutPlan, fps: float, source_duration_s: float) -> list[tuple[float, float]]:
    """The kept ranges to cut, in source seconds; on the frame grid when ``fps`` is known.

    Each segment gets a whole number of frames. Rounding the running output length (not
    each segment) keeps the total within half a frame of the plan however many cuts
    there are. A range shorter than a frame disappears rather than become a flash.
    """
    ranges = [(start, min(end, source_duration_s)) for start, end in plan.kept]
    ranges = [(start, end) for start, end in ranges if end > start]
    if not fps:
        return ranges
    last_frame = math.floor(source_duration_s * fps + 1e-6)
    aligned = []
    planned_s = 0.0
    frames_done = 0
    for start, end in ranges:
        planned_s += end - start
        frames = round(planned_s * fps) - frames_done
        if frames <= 0:
            continue
        first = min(round(start * fps), last_frame - frames)
        aligned.append((max(first, 0) / fps, (max(first, 0) + frames) / fps))
        frames_done += frames
    return aligned


def _graph(segments: list[tuple[float, float]], source_duration_s: float, *, with_video: bool,
           with_audio: bool, fade_s: float, frame_s: float) -> str:
    """The filtergraph: trim each segment, fade its audio at cuts, concatenate into [v]/[a].

    ``trim`` keeps the frames whose timestamp lies in [start, end). The bounds sit on the
    frame grid, so they are moved half a frame earlier: rounding in the timebase conversion
    can then never drop or add a frame.
    """
    chains = []
    pads = []
    nudge = frame_s / 2
    for index, (start, end) in enumerate(segments):
        if with_video:
            chains.append(f"[0:v:0]trim=start={_t(start - nudge)}:end={_t(end - nudge)},"
                          f"setpts=PTS-STARTPTS[v{index}]")
            pads.append(f"[v{index}]")
        if with_audio:
            fades = _fades(end - start, fade_s, fade_in=start > 0,
                           fade_out=end < source_duration_s - 1e-3)
            chains.append(f"[0:a:0]atrim=start={_t(start)}:end={_t(end)},asetpts=PTS-STARTPTS"
                          f"{fades}[a{index}]")
            pads.append(f"[a{index}]")
    outputs = ("[v]" if with_video else "") + ("[a]" if with_audio else "")
    chains.append(f"{''.join(pads)}concat=n={len(segments)}:v={int(with_video)}:a={int(with_audio)}{outputs}")
    return ";".join(chains)


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
        args = ["-stats_period", "0.1", "-i", str(src), "-/filter_complex", script, *output_args]
        return run_ffmpeg(args, duration_s=duration_s, message=message, progress=progress, cancel=cancel)
    except MediaError as error:
        raise MediaError(f"{message.lower()} failed: {error.message}", file=str(src)) from None
    finally:
        os.unlink(script)
