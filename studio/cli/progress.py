"""The progress display of long CLI commands (trim, import): one line on stderr."""
from __future__ import annotations

import contextlib
import sys
import time
from typing import Iterator

from studio.jobs import Progress, no_progress


@contextlib.contextmanager
def progress_bar(stream=None) -> Iterator[Progress]:
    """A one-line bar on stderr when it is a terminal; nothing when piped or logged."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield no_progress
        return
    last = [0.0, ""]

    def report(fraction: float | None, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < 0.1 and fraction != 1.0 and message == last[1]:
            return  # ~10 updates a second is all a terminal needs; a new step is always shown
        last[0], last[1] = now, message
        width = 30
        filled = round(width * (fraction or 0.0))
        percent = f"{100 * fraction:3.0f}%" if fraction is not None else " ..."
        stream.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {percent} {message[:40]:<40}")
        stream.flush()

    try:
        yield report
    finally:
        stream.write("\r" + " " * 80 + "\r")
        stream.flush()
