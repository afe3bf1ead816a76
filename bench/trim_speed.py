"""Trim speed and accuracy: smart cut against a stream copy and a full re-encode.

A 10-minute 720p clip with a keyframe every 10 s (made once, kept in bench/out/) is cut to
8 minutes, from 37.3 s to 517.3 s (neither on a keyframe), three ways in the same run.
Accuracy is measured on the pictures: the first and last output frames are matched against
the source frames around the requested start and end. Target: frame-accurate in at most
5 % of the full re-encode's time.
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

from studio.media.binaries import ffmpeg_exe
from studio.media.probe import probe
from studio.media.trim import trim

OUT_DIR = Path(__file__).resolve().parent / "out"
SOURCE = OUT_DIR / "source-10min-720p-gop250.mp4"
FPS = 25
START_S, END_S = 37.3, 517.3
SEARCH_FRAMES = 300  # how far around the expected frame to look for the one actually shown
TARGET_RATIO = 0.05


def run() -> dict:
    made_s = _make_source()
    timings, outputs = {}, {}
    for name, slug, cut in (("ffmpeg -c copy", "copy", _copy_cut), ("full re-encode", "reencode", _reencode_cut),
                            ("smart cut", "smart", _smart_cut)):
        out = OUT_DIR / f"cut-{slug}.mp4"
        started = time.perf_counter()
        cut(out)
        timings[name] = time.perf_counter() - started
        outputs[name] = out
    full, copy = timings["full re-encode"], timings["ffmpeg -c copy"]
    rows, facts = [], {}
    for name, out in outputs.items():
        start_error, end_error = _frame_errors(out)
        bare_start_error = _frame_errors(out, {"ignore_editlist": "1"})[0]
        info = probe(out)
        av_diff_ms = 1000 * abs((info.video.duration_s or 0) - (info.audio.duration_s or 0)) if info.audio else None
        facts[name] = {"wall_s": round(timings[name], 2), "vs_full_reencode": round(timings[name] / full, 4),
                       "vs_copy": round(timings[name] / copy, 2), "start_error_frames": start_error,
                       "end_error_frames": end_error, "start_error_frames_ignoring_edit_list": bare_start_error, "av_duration_diff_ms": av_diff_ms,
                       "duration_s": round(info.duration_s, 3), "audio": _AUDIO_METHODS[name]}
        rows.append([name, timings[name], f"{100 * timings[name] / full:.1f} %", f"{timings[name] / copy:.1f}×",
                     start_error, bare_start_error, end_error, None if av_diff_ms is None else round(av_diff_ms, 1),
                     round(info.duration_s, 3), _AUDIO_METHODS[name]])
    smart = facts["smart cut"]
    met = smart["vs_full_reencode"] <= TARGET_RATIO and smart["start_error_frames"] == 0 == smart["end_error_frames"] \
        and (smart["av_duration_diff_ms"] or 0) <= 1000 / FPS
    return {
        "title": f"Trim {START_S}–{END_S} s of a 10-min 720p clip (GOP 250), asked {END_S - START_S:.1f} s",
        "columns": ["method", "wall s", "of full", "of copy", "start err", "start err, no elst", "end err",
                    "A/V diff ms", "duration s", "audio"],
        "rows": rows,
        "notes": ["errors in frames, from the pictures; 'no elst': as a player that ignores MP4 edit lists shows it",
                  f"target: frame-accurate, A/V within a frame, in ≤ {TARGET_RATIO:.0%} of the full re-encode: "
                  f"{'met' if met else 'NOT met'}",
                  f"smart-cut steps (s): {_steps()}",
                  f"source made in {made_s:.1f} s" if made_s else "source reused from bench/out/"],
        "methods": facts, "target_met": met, "smart_steps_s": _SMART_STEPS,
    }


def _make_source() -> float | None:
    """10 min of testsrc2 (moving picture and frame-exact motion) with a tone, x264 ultrafast
    plus B-frames, a keyframe every 250 frames; made once."""
    if SOURCE.exists():
        return None
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = SOURCE.with_suffix(".part.mp4")
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=600",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=600",
                    "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-crf", "28", "-pix_fmt", "yuv420p",
                    "-g", "250", "-keyint_min", "250", "-sc_threshold", "0",
                    "-c:a", "aac", "-ac", "2", "-b:a", "128k", str(partial)], check=True)
    partial.replace(SOURCE)
    return time.perf_counter() - started


def _copy_cut(out: Path) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-ss", str(START_S), "-to", str(END_S),
                    "-i", str(SOURCE), "-c", "copy", str(out)], check=True)


def _reencode_cut(out: Path) -> None:
    trim(SOURCE, out, START_S, END_S, method="reencode")


_SMART_STEPS: dict = {}
# how each method made the audio; the smart cut reports its own choice
_AUDIO_METHODS = {"ffmpeg -c copy": "copy", "full re-encode": "encode", "smart cut": None}


def _smart_cut(out: Path) -> None:
    result = trim(SOURCE, out, START_S, END_S, method="smart")
    _SMART_STEPS.update({step: round(seconds, 2) for step, seconds in result.timings_s.items()})
    _AUDIO_METHODS["smart cut"] = result.audio_method


def _steps() -> str:
    return ", ".join(f"{step} {seconds}" for step, seconds in _SMART_STEPS.items())


# --- accuracy, from the pictures ------------------------------------------------------------

def _frame_errors(out: Path, options: dict | None = None) -> tuple[int, int]:
    """(start, end) error in frames: which source frame the output's first and last frames
    are, against the frames asked for (37.3 s → frame 932.5, so 932 or 933 both count as 0)."""
    import av

    with av.open(str(out), options=options or {}) as container:
        stream = container.streams.video[0]
        first = next(container.decode(stream))
        last = _last_frame(container, stream)
    wanted_first = round(START_S * FPS)
    wanted_last = round(END_S * FPS) - 1
    return (_offset(first, wanted_first, exact_half=START_S * FPS),
            _offset(last, wanted_last, exact_half=END_S * FPS - 1))


def _offset(frame, wanted: int, exact_half: float) -> int:
    found = _best_match(_gray(frame), wanted)
    if abs(abs(exact_half - round(exact_half)) - 0.5) < 1e-6 and found in (int(exact_half), int(exact_half) + 1):
        return 0  # a request halfway between two frames is met by either
    return found - wanted


def _last_frame(container, stream):
    container.seek(max(0, (container.duration or 0) - 2_000_000))  # 2 s before the end, in microseconds
    last = None
    for frame in container.decode(stream):
        last = frame
    return last


def _best_match(picture: bytes, around: int) -> int:
    """The source frame number whose picture is closest to ``picture``, within a window."""
    import av

    with av.open(str(SOURCE)) as container:
        stream = container.streams.video[0]
        low = max(0, around - SEARCH_FRAMES)
        container.seek(int(low / FPS / stream.time_base), stream=stream)
        best, best_diff = None, float("inf")
        for frame in container.decode(stream):
            number = round(float(frame.pts * stream.time_base) * FPS)
            if number < low:
                continue
            if number > around + SEARCH_FRAMES:
                break
            diff = _difference(_gray(frame), picture)
            if diff < best_diff:
                best, best_diff = number, diff
    return best


def _gray(frame) -> bytes:
    small = frame.reformat(width=64, height=36, format="gray")
    plane = small.planes[0]
    data = bytes(plane)
    return b"".join(data[row * plane.line_size: row * plane.line_size + 64] for row in range(36))


def _difference(a: bytes, b: bytes) -> float:
    return sum(abs(x - y) for x, y in zip(a, b)) / len(a)
