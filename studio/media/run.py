"""Run ffmpeg as a job: progress from ``-progress pipe:1``, cancel, atomic output.

Outputs are written to a temporary file in the target directory and renamed into place
only when ffmpeg succeeds, so a failed or cancelled run never leaves a partial file.
"""
from __future__ import annotations

import contextlib
import subprocess
import threading
from typing import Iterator, Sequence

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.binaries import ffmpeg_exe


def _parse_progress_line(line: str, duration_s: float | None) -> float | None:
    key, _, value = line.strip().partition("=")
    if key != "out_time_us" or not duration_s:
        return None
    try:
        return max(0.0, min(1.0, int(value) / 1e6 / duration_s))
    except ValueError:  # ffmpeg prints N/A before the first frame
        return None


@contextlib.contextmanager
def ffmpeg_process(args: Sequence[str], *, text: bool = True) -> Iterator[tuple[subprocess.Popen, list]]:
    """Start ``ffmpeg <args>`` with stdout piped; yield it and a list that receives its stderr.

    Stderr is drained on a thread so a chatty ffmpeg never blocks; on leaving, a process
    still running (cancel, error) is killed and waited for.
    """
    cmd = [ffmpeg_exe(), *map(str, args)]
    options = {"text": True, "encoding": "utf-8", "errors": "replace"} if text else {}
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)
    except OSError as exc:
        raise MediaError(f"cannot run ffmpeg ({cmd[0]}): {exc.strerror or exc}") from None
    stderr: list = []
    reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
    reader.start()
    try:
        yield proc, stderr
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)


def run_ffmpeg(args: Sequence[str], *, duration_s: float | None = None, message: str = "Processing",
               progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> str:
    """Run ``ffmpeg <args>`` to completion and return its stderr.

    ``duration_s`` is the expected output duration, used to turn ``out_time_us`` into a
    fraction. Raises :class:`MediaError` when ffmpeg fails and ``Cancelled`` on cancel.
    """
    with ffmpeg_process(["-hide_banner", "-nostdin", "-y", "-progress", "pipe:1", "-nostats", *args]) as (proc, chunks):
        for line in proc.stdout:
            if cancel.is_cancelled:
                break
            fraction = _parse_progress_line(line, duration_s)
            if fraction is not None:
                progress(fraction, message)
        if cancel.is_cancelled:
            proc.terminate()
        proc.wait()
    cancel.raise_if_cancelled()
    stderr = "".join(chunks)
    if proc.returncode != 0:
        raise MediaError(f"ffmpeg failed: {_last_error_line(stderr)}")
    progress(1.0, message)
    return stderr


def _last_error_line(stderr: str) -> str:
    """ffmpeg ends with generic lines ("Conversion failed!"); the cause is the first error line."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    telling = [ln for ln in lines if any(w in ln.lower() for w in ("error", "invalid", "not divisible", "failed"))
               and ln != "Conversion failed!"]
    if telling:
        return telling[0]
    return lines[-1] if lines else "no message"
