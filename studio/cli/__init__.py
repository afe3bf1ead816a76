"""The ``studio`` command line.

``main`` is the entry point. Its first act is to route SIGINT and SIGTERM through
:data:`studio.jobs.interrupts`, before anything heavy is imported, so a signal during
start-up is one line and exit 130 like anywhere else; commands then choose where a signal
may stop them (cancel tokens, shielded commit points).
"""
from __future__ import annotations

import signal
import sys

from studio.jobs import interrupts

EXIT_CANCELLED = 130


def main(argv: list[str] | None = None) -> int:
    previous = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, interrupts.handle)
    except ValueError:  # not the main thread (an embedding program keeps its own handlers)
        pass
    try:
        from studio.cli.app import run
        return run(argv)
    except KeyboardInterrupt:
        print("studio: cancelled", file=sys.stderr)
        return EXIT_CANCELLED
    finally:
        for sig, handler in previous.items():  # main() is also called in-process (tests, scripts)
            signal.signal(sig, handler)
