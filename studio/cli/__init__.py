"""The ``studio`` command line.

``main`` is the entry point. Its first act is to route SIGINT and SIGTERM through
:data:`studio.jobs.interrupts`, before anything heavy is imported, so a signal during
start-up is one line and exit 130 like anywhere else; commands then choose where a signal
may stop them (cancel tokens, shielded commit points).
"""
from __future__ import annotations

import os
import signal
import sys


def _stop_before_start(signum, frame) -> None:
    """Ctrl-C or SIGTERM while the command's own modules are still being imported: nothing has started."""
    sys.stderr.write("studio: cancelled\n")
    os._exit(130)


# As the `studio` command (not imported by tests or scripts), a signal during the imports
# below is one line and exit 130 too, not an import traceback; main() then installs the real one.
if os.path.basename(sys.argv[0] if sys.argv else "") in ("studio", "__main__.py"):
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stop_before_start)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _stop_before_start)

from studio.jobs import interrupts  # noqa: E402 - after the early handler, on purpose

EXIT_CANCELLED = 130


def entry() -> None:
    """The console script: once the command has returned, a late signal no longer changes its exit code."""
    code = main(restore_signals=False)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    if code == EXIT_CANCELLED:
        # CPython remembers a KeyboardInterrupt raised inside eval() (as during some imports)
        # and then kills itself with SIGINT at exit, whatever sys.exit said: leave directly.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def main(argv: list[str] | None = None, *, restore_signals: bool = True) -> int:
    previous = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, interrupts.handle)
    except ValueError:  # not the main thread (an embedding program keeps its own handlers)
        pass
    previous_hook = sys.unraisablehook
    if previous:
        sys.unraisablehook = interrupts.unraisable
    interrupts.too_late = False
    try:
        from studio.cli.app import run
        code = run(argv)
        if interrupts.too_late and code == 0:
            # Stopped after its commit point, the command finished: still exit 130, as asked,
            # saying that what it wrote is complete (nothing was left half done).
            print("studio: cancelled too late to stop: the command had finished and its output is complete",
                  file=sys.stderr)
            return EXIT_CANCELLED
        return code
    except KeyboardInterrupt:
        print("studio: cancelled", file=sys.stderr)
        return EXIT_CANCELLED
    finally:
        if restore_signals:  # main() is also called in-process (tests, scripts)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            sys.unraisablehook = previous_hook
