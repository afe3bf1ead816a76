"""Progress and cancellation for long jobs, shared by the CLI, tests and UI.

A job is a plain function taking ``progress`` and ``cancel`` keyword arguments.
``progress(fraction_or_None, message)`` reports; ``cancel.raise_if_cancelled()`` between
chunks of work raises :class:`Cancelled`.
"""
from __future__ import annotations

import contextlib
import sys
import threading
from typing import Callable, Iterator, Optional

from studio.errors import Cancelled

Progress = Callable[[Optional[float], str], None]


def no_progress(fraction: float | None, message: str) -> None:
    """A progress sink that ignores reports (the default for quiet callers)."""


def progress_span(progress: Progress, start: float, end: float) -> Progress:
    """A progress sink that maps one pass's 0..1 onto ``start..end`` of the whole job."""
    def report(fraction: float | None, message: str) -> None:
        progress(None if fraction is None else start + (end - start) * fraction, message)
    return report


class CancelToken:
    """Thread-safe flag set by the user (Ctrl-C in the CLI, a button in the UI)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def is_cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


NEVER_CANCELLED = CancelToken()



class Interrupts:
    """What Ctrl-C and SIGTERM do, process-wide (the CLI installs it on its first line).

    By default a signal raises ``KeyboardInterrupt`` where the program is. Two ways to be
    more careful:

    - ``with interrupts.cancelling(token):`` — a long job polls ``token``; the signal only
      sets it, so the job stops at a point where it can clean up.
    - ``with interrupts.shielded():`` — a commit point or a cleanup that must finish; the
      signal is held and raised as ``KeyboardInterrupt`` when the block ends.
    """

    def __init__(self) -> None:
        self._tokens: list[CancelToken] = []
        self._shield_depth = 0
        self._pending = False
        self.too_late = False    # a signal reached a job after its commit point: it finished anyway

    def handle(self, signum=None, frame=None) -> None:
        self._pending = True
        if self._tokens:
            for token in self._tokens:
                token.cancel()
            return
        if self._shield_depth:
            return
        self._pending = False
        raise KeyboardInterrupt

    def unraisable(self, unraisable) -> None:
        """``sys.unraisablehook``: a signal raised inside a weakref callback or ``__del__`` is
        swallowed by Python, which prints a traceback; keep it pending instead, so the next
        cancel point or shielded block honours it, and print nothing."""
        if issubclass(unraisable.exc_type, KeyboardInterrupt):
            self._pending = True
            for token in self._tokens:
                token.cancel()
            return
        sys.__unraisablehook__(unraisable)

    @property
    def pending(self) -> bool:
        """A signal arrived (and was not yet raised)."""
        return self._pending

    @contextlib.contextmanager
    def cancelling(self, token: CancelToken) -> Iterator[CancelToken]:
        self._tokens.append(token)
        if self._pending:
            token.cancel()
        try:
            yield token
        except BaseException:
            self._tokens.remove(token)
            if not self._tokens:
                self._pending = False  # delivered to the job, which stopped
            raise
        self._tokens.remove(token)
        if token.is_cancelled and token is not NEVER_CANCELLED:
            self.too_late = True       # the job had passed its commit point: what it made is complete
        if not self._tokens:
            self._pending = False

    @contextlib.contextmanager
    def shielded(self) -> Iterator[None]:
        self._shield_depth += 1
        try:
            yield
        finally:
            self._shield_depth -= 1
        if self._pending and not self._shield_depth and not self._tokens:
            self._pending = False
            raise KeyboardInterrupt


interrupts = Interrupts()

__all__ = ["Cancelled", "CancelToken", "Interrupts", "NEVER_CANCELLED", "Progress", "interrupts", "no_progress", "progress_span"]
