"""What the trim editor draws: a filmstrip of thumbnails and the waveform's peaks."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from array import array
from pathlib import Path

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.audio import require_audio
from studio.media.probe import probe
from studio.media.run import ffmpeg_process, run_ffmpeg

# Decoding at this rate keeps every peak the eye can see at bucket width (speech energy is
# well below 4 kHz) while a one-hour file is only 58 MB of samples to stream through.
_PEAK_RATE_HZ = 8000
_CHUNK_SAMPLES = 1 << 15
_THUMBS_PER_RUN = 12


def filmstrip(src: str | Path, out_dir: str | Path, count: int = 10, height: int = 72, *,
              progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> list[Path]:
    """``count`` JPEG thumbnails ``height`` pixels high, evenly spaced (each from the middle
    of its slice of the timeline), named ``thumb_001.jpg``… in ``out_dir``.

    ffmpeg seeks to each thumbnail instead of decoding the whole video, so a long recording
    takes as little time as a short one. Up to ``_THUMBS_PER_RUN`` thumbnails share one run
    (one input each); more are made in further runs, which also paces progress and cancel.
    """
    if not 1 <= count <= 500 or height < 8:
        raise MediaError("a filmstrip needs 1 to 500 thumbnails, 8 pixels or more high", file=str(src))
    info = probe(src)
    if not info.has_video:
        raise MediaError("the file has no video track to make a filmstrip from", file=str(src))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # The picture may end before the sound does; a seek past its last frame finds nothing.
    step = (info.video.duration_s or info.duration_s) / count
    times = [step * (i + 0.5) for i in range(count)]
    # Written to a private folder, then moved: a cancelled run leaves no partial strip.
    work = Path(tempfile.mkdtemp(prefix=".filmstrip-", dir=out_dir))
    try:
        for first in range(0, count, _THUMBS_PER_RUN):
            progress(first / count, "Making thumbnails")
            batch = times[first:first + _THUMBS_PER_RUN]
            try:
                run_ffmpeg(_filmstrip_args(src, work, batch, first, height), message="Making thumbnails",
                           cancel=cancel)
            except MediaError as error:
                raise MediaError(f"could not make thumbnails: {error.message}", file=str(src)) from None
        paths = _move_thumbnails(work, out_dir, count, src)
        progress(1.0, "Making thumbnails")
        return paths
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _filmstrip_args(src, work: Path, times: list[float], first: int, height: int) -> list[str]:
    inputs, outputs = [], []
    for index, time_s in enumerate(times):
        # One decoder thread per input: the inputs are all open at once.
        inputs += ["-threads", "1", "-ss", f"{time_s:.3f}", "-i", str(src)]
        outputs += ["-map", f"{index}:v:0", "-frames:v", "1", "-vf", f"scale=-2:{height}",
                    "-q:v", "4", str(work / f"thumb_{first + index + 1:03d}.jpg")]
    return [*inputs, *outputs]


def _move_thumbnails(work: Path, out_dir: Path, count: int, src) -> list[Path]:
    made = [work / f"thumb_{i:03d}.jpg" for i in range(1, count + 1)]
    missing = [p.name for p in made if not p.is_file() or p.stat().st_size == 0]
    if missing:
        raise MediaError(f"no picture could be decoded for {len(missing)} of {count} thumbnails",
                         file=str(src))
    final = []
    for path in made:
        target = out_dir / path.name
        path.replace(target)
        final.append(target)
    return final


def waveform_peaks(src: str | Path, buckets: int = 1000, *, progress: Progress = no_progress,
                   cancel: CancelToken = NEVER_CANCELLED) -> list[tuple[float, float]]:
    """(min, max) of the mono mix in ``buckets`` equal slices of the timeline, in -1…1.

    ffmpeg decodes to 16-bit PCM on its stdout and we fold it into the buckets chunk by
    chunk, so memory does not grow with the file's length.
    """
    if buckets < 1:
        raise MediaError("a waveform needs at least one bucket", file=str(src))
    info = require_audio(src, "a waveform")
    expected = max(1, round(info.duration_s * _PEAK_RATE_HZ))
    peaks = _Peaks(buckets, expected)
    args = ["-hide_banner", "-nostdin", "-v", "error", "-i", str(src), "-map", "0:a:0",
            "-vn", "-sn", "-dn", "-ac", "1", "-ar", str(_PEAK_RATE_HZ), "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1"]
    with ffmpeg_process(args, text=False) as (proc, errors):
        _fold(proc, peaks, expected, progress, cancel)
        proc.wait()
    if proc.returncode != 0:
        message = b"".join(errors).decode("utf-8", "replace").strip().splitlines()
        raise MediaError(f"could not decode the audio: {message[-1] if message else 'ffmpeg failed'}",
                         file=str(src))
    progress(1.0, "Reading the waveform")
    return peaks.result()


def _fold(proc: subprocess.Popen, peaks: "_Peaks", expected: int, progress: Progress,
          cancel: CancelToken) -> None:
    while True:
        if cancel.is_cancelled:
            proc.kill()
            cancel.raise_if_cancelled()
        # A buffered read returns the full size until the end, so chunks hold whole samples.
        chunk = proc.stdout.read(_CHUNK_SAMPLES * 2)
        if len(chunk) < 2:
            return
        samples = array("h")
        samples.frombytes(chunk[:len(chunk) - len(chunk) % 2])
        peaks.add(samples)
        progress(min(1.0, peaks.seen / expected), "Reading the waveform")


class _Peaks:
    """Running min/max per bucket, each range including 0 (the line the waveform is drawn
    around). The sample count is estimated from the probed duration: samples past the
    estimate fall in the last bucket, and buckets never reached stay (0, 0)."""

    def __init__(self, buckets: int, expected_samples: int) -> None:
        self.buckets = buckets
        self.expected = expected_samples
        self.lows = [0] * buckets
        self.highs = [0] * buckets
        self.seen = 0

    def add(self, samples: array) -> None:
        position = 0
        while position < len(samples):
            bucket = min(self.buckets - 1, (self.seen + position) * self.buckets // self.expected)
            bucket_end = -(-(bucket + 1) * self.expected // self.buckets) - self.seen
            end = len(samples) if bucket == self.buckets - 1 else min(len(samples), max(bucket_end, position + 1))
            piece = samples[position:end]
            self.lows[bucket] = min(self.lows[bucket], min(piece))
            self.highs[bucket] = max(self.highs[bucket], max(piece))
            position = end
        self.seen += len(samples)

    def result(self) -> list[tuple[float, float]]:
        return [(low / 32768, high / 32767) for low, high in zip(self.lows, self.highs)]
