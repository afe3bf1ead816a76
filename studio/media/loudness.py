"""Loudness (EBU R128): measure it, and normalise a file to a target in two passes.

Pass one runs ``loudnorm`` in analysis mode and reads its JSON report; pass two applies the
measured values with ``linear=true``, which is a plain gain (no pumping) whenever the true
peak allows it. ffmpeg streams both passes, so long recordings never sit in memory.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress, progress_span
from studio.media.audio import (VIDEO_EXTENSIONS, audio_encoder_args,
                                refuse_overwriting_source, require_audio)
from studio.media.run import run_ffmpeg
from studio.outputs import atomic_file

DEFAULT_TARGET_LUFS = -16.0     # spoken word on phones and laptops (podcast practice)
DEFAULT_TRUE_PEAK_DB = -1.5
_MEASURE_SHARE = 0.4            # of the progress bar: analysis is cheaper than encoding


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_db: float
    lra: float                  # loudness range, in LU
    threshold_lufs: float       # the gating threshold; pass two needs it back


def measure_loudness(src: str | Path, *, progress: Progress = no_progress,
                     cancel: CancelToken = NEVER_CANCELLED) -> Loudness:
    """Integrated loudness, true peak and loudness range of the first audio track."""
    info = require_audio(src, "loudness measurement")
    args = ["-i", str(src), "-map", "0:a:0", "-vn", "-sn", "-dn",
            "-af", analysis_filter(), "-f", "null", "-"]
    log = _run(args, src, info.duration_s, "Measuring loudness", progress, cancel)
    return parse_loudnorm_report(log, src)


def normalize_loudness(src: str | Path, out: str | Path, target_lufs: float = DEFAULT_TARGET_LUFS,
                       true_peak_db: float = DEFAULT_TRUE_PEAK_DB, *, progress: Progress = no_progress,
                       cancel: CancelToken = NEVER_CANCELLED) -> Path:
    """Write ``out``: ``src`` at ``target_lufs`` with peaks below ``true_peak_db`` dBTP.

    A video's picture is copied untouched; the audio is re-encoded for ``out``'s extension.
    """
    out = Path(out)
    check_targets(target_lufs, true_peak_db, src)
    refuse_overwriting_source(src, out)
    encoder = audio_encoder_args(out)
    info = require_audio(src, "loudness normalisation")
    measured = measure_loudness(src, progress=progress_span(progress, 0.0, _MEASURE_SHARE), cancel=cancel)
    chain = f"{gain_filter(measured, target_lufs, true_peak_db)},{output_format(info.audio.sample_rate, info.audio.channels)}"
    keep_video = info.has_video and out.suffix.lower() in VIDEO_EXTENSIONS
    maps = ["-map", "0:v:0", "-c:v", "copy"] if keep_video else ["-vn"]
    with atomic_file(out) as tmp:
        args = ["-i", str(src), *maps, "-map", "0:a:0", "-sn", "-dn", "-af", chain, *encoder, str(tmp)]
        _run(args, src, info.duration_s, "Normalising loudness",
             progress_span(progress, _MEASURE_SHARE, 1.0), cancel)
    return out


def check_targets(target_lufs: float, true_peak_db: float, file: str | Path) -> None:
    """loudnorm's own limits, reported in words instead of an ffmpeg option error."""
    if not -70.0 <= target_lufs <= -5.0:
        raise MediaError(f"a loudness target of {target_lufs} LUFS is outside -70…-5 LUFS", file=str(file))
    if not -9.0 <= true_peak_db <= 0.0:
        raise MediaError(f"a true-peak limit of {true_peak_db} dBTP is outside -9…0 dBTP", file=str(file))


def analysis_filter() -> str:
    """Pass one: loudnorm only measures here; its output audio is discarded."""
    return "loudnorm=print_format=json"


def gain_filter(measured: Loudness, target_lufs: float, true_peak_db: float) -> str:
    """Pass two: loudnorm fed the measured values applies one constant gain, falling back
    to its dynamic mode (a limiter) only where a plain gain would push peaks over the limit.

    loudnorm treats a measured LRA of exactly 0 (a steady tone) as "not measured" and
    falls back to dynamic mode, so a floor of 0.1 LU is passed. The LRA target is raised to
    the measured range because loudnorm only stays linear when the range already fits.
    """
    lra_target = min(50.0, max(7.0, math.ceil(measured.lra + 1)))
    return ("loudnorm=" + ":".join([
        f"I={target_lufs}", f"TP={true_peak_db}", f"LRA={lra_target}",
        f"measured_I={_clamp(measured.integrated_lufs, -99, 0)}",
        f"measured_TP={_clamp(measured.true_peak_db, -99, 99)}",
        f"measured_LRA={_clamp(max(measured.lra, 0.1), 0, 99)}",
        f"measured_thresh={_clamp(measured.threshold_lufs, -99, 0)}",
        "linear=true", "print_format=none"]))


def output_format(sample_rate: int, channels: int) -> str:
    """Back to the source's rate (loudnorm's dynamic mode works at 192 kHz) and channel count.

    The count is spelled out because ffmpeg 5.1 cannot choose a layout after loudnorm for a
    channel whose layout it only guessed (a plain mono WAV): "Error reinitializing filters!".
    """
    return f"aresample={sample_rate}" + (f",aformat=channel_layouts={channels}c" if channels > 0 else "")


def parse_loudnorm_report(log: str, src: str | Path) -> Loudness:
    """Read loudnorm's JSON block (the last ``{…}`` in ffmpeg's log)."""
    blocks = re.findall(r"\{[^{}]*\"input_i\"[^{}]*\}", log)
    if not blocks:
        raise MediaError("ffmpeg gave no loudness report for the audio", file=str(src))
    report = json.loads(blocks[-1])
    values = {key: float(report[key]) for key in ("input_i", "input_tp", "input_lra", "input_thresh")}
    if not math.isfinite(values["input_i"]):
        raise MediaError("the audio is silent, so its loudness cannot be measured or changed",
                         file=str(src))
    return Loudness(integrated_lufs=values["input_i"], true_peak_db=values["input_tp"],
                    lra=values["input_lra"], threshold_lufs=values["input_thresh"])


def _clamp(value: float, low: float, high: float) -> float:
    return round(max(low, min(high, value)), 2)


def _run(args, src, duration_s, message, progress, cancel) -> str:
    try:
        return run_ffmpeg(args, duration_s=duration_s, message=message, progress=progress, cancel=cancel)
    except MediaError as error:
        raise MediaError(f"{message.lower()} failed: {error.message}", file=str(src)) from None
