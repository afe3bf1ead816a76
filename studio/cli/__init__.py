"""The ``studio`` command line.

``main`` is the entry point. It installs the signal handlers before anything heavy is
imported, so Ctrl-C or SIGTERM during start-up is one line and exit 130 like anywhere else.
"""
from __future__ import annotations

import signal
import sys

EXIT_CANCELLED = 130


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, _interrupt)
    except ValueError:  # not the main thread (an embedding program keeps its own handlers)
        pass
    try:
        from studio.cli.app import run
        return run(argv)
    except KeyboardInterrupt:
        print("studio: cancelled", file=sys.stderr)
        return EXIT_CANCELLED
