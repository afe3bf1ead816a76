"""Benchmark: peak memory of tightening and normalising a one-hour recording the way the
studio does it (ffmpeg streams; Python reads only log lines), against the baseline of
loading the same file whole with pydub's ``AudioSegment``.

Each contender runs in a fresh Python process, so neither's memory hides in the other's
numbers. ``run()`` returns the numbers and a ``table``; ``python bench/audio_memory.py``
prints the table.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

MINUTES = 60
SAMPLE_RATE_HZ = 44100
LOUDNESS_LUFS = -16.0
# Speech-like: 3 s of tone, then 1.5 s of silence, over and over. The sine source and
# a volume gate switched per frame make an hour of it in a few seconds.
_SPEECHLIKE = ("sine=f=220:sample_rate={rate}:duration={seconds},"
               "volume=volume=0:enable='gt(mod(t\\,4.5)\\,3)'")


def run(minutes: float = MINUTES) -> dict:
    """Measure both contenders on a generated ``minutes``-long mono recording.

    Returns the numbers, plus ``title``/``columns``/``rows``/``notes`` for ``python -m bench``
    and the same as one printable ``table``.
    """
    with tempfile.TemporaryDirectory(prefix="studio-bench-audio-") as folder:
        src = Path(folder) / "lecture.wav"
        _generate(src, minutes)
        source_mb = src.stat().st_size / 1e6
        streaming = _measure_in_child("streaming", src, Path(folder) / "tightened.m4a")
        pydub = _measure_in_child("pydub", src, None)
    ratio = pydub["peak_rss_mb"] / streaming["peak_rss_mb"]
    results = {
        "title": f"Audio memory: {minutes:g}-minute mono speech-like WAV ({source_mb:.0f} MB)",
        "columns": ["contender", "peak RSS MB", "python RSS MB", "python heap MB", "ffmpeg RSS MB", "seconds"],
        "rows": [[label, r["peak_rss_mb"], r["python_rss_mb"], r["python_heap_peak_mb"], r["ffmpeg_rss_mb"],
                  r["seconds"]] for label, r in (("streaming (studio)", streaming), ("pydub AudioSegment", pydub))],
        "notes": [f"pydub / streaming peak RSS: {ratio:.1f}x",
                  f"streaming (studio): {streaming['detail']}", f"pydub AudioSegment: {pydub['detail']}"],
        "minutes": minutes, "source_mb": round(source_mb, 1), "streaming": streaming, "pydub": pydub,
        "ratio_pydub_to_streaming": round(ratio, 2),
    }
    results["table"] = _table(results)
    return results


def _generate(out: Path, minutes: float) -> None:
    from studio.media.binaries import ffmpeg_exe

    graph = _SPEECHLIKE.format(rate=SAMPLE_RATE_HZ, seconds=minutes * 60)
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", graph,
                    "-c:a", "pcm_s16le", str(out)], check=True)


def _measure_in_child(contender: str, src: Path, out: Path | None) -> dict:
    args = [sys.executable, str(Path(__file__).resolve()), "--contender", contender, str(src), str(out or "")]
    finished = subprocess.run(args, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"{contender} run failed:\n{finished.stderr[-2000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def _contender(contender: str, src: str, out: str) -> dict:
    """Runs inside the child process; returns what it measured about itself."""
    tracemalloc.start()
    started = time.perf_counter()
    if contender == "streaming":
        detail = _streaming(src, out)
    else:
        detail = _pydub_whole(src)
    seconds = time.perf_counter() - started
    _, python_peak = tracemalloc.get_traced_memory()
    own_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ffmpeg_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "python_rss_mb": round(own_kb / 1024, 1),
        "python_heap_peak_mb": round(python_peak / 1e6, 2),
        "ffmpeg_rss_mb": round(ffmpeg_kb / 1024, 1),
        # ffmpeg runs while Python waits on it, so the sum bounds what was ever in use at once.
        "peak_rss_mb": round((own_kb + ffmpeg_kb) / 1024, 1),
        "seconds": round(seconds, 1),
        "detail": detail,
    }


def _streaming(src: str, out: str) -> str:
    from studio.media.fit import plan_tighten_pauses
    from studio.media.render import render_plan
    from studio.media.silence import detect_silences

    silences = detect_silences(src)
    plan = plan_tighten_pauses(src, silences=silences)
    render_plan(src, out, plan, loudness_lufs=LOUDNESS_LUFS)
    return f"detect + tighten + normalise + encode; {plan.notes[0]}"


def _pydub_whole(src: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # pydub warns when ffmpeg is not on PATH
        from pydub import AudioSegment
    from studio.media.binaries import ffmpeg_exe

    AudioSegment.converter = ffmpeg_exe()
    segment = AudioSegment.from_file(src)
    return f"load only (a lower bound for any pydub edit); {len(segment.raw_data) / 1e6:.0f} MB of samples"


def _table(results: dict) -> str:
    columns, rows = results["columns"], results["rows"]
    widths = [max(len(str(c)), *(len(_cell(row[i])) for row in rows)) for i, c in enumerate(columns)]
    lines = [results["title"], "  ".join(c.ljust(w) for c, w in zip(columns, widths))]
    lines += ["  ".join(_cell(v).rjust(w) if i else _cell(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths)))
              for row in rows]
    return "\n".join(lines + results["notes"])


def _cell(value) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--contender":
        print(json.dumps(_contender(sys.argv[2], sys.argv[3], sys.argv[4])))
    else:
        print(run(float(sys.argv[1]) if len(sys.argv) > 1 else MINUTES)["table"])
