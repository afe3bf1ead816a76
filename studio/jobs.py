"""Progress and cancellation for long jobs, shared by the CLI, tests and UI.

A job is a plain function taking ``progress`` and ``cancel`` keyword arguments.
``progress(fraction_or_None, message)`` reports; ``cancel.raise_if_cancelled()`` between
chunks of work raises :class:`Cancelled`.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional

from studio.errors import Cancelled

Progress = Callable[[Optional[float], str], None]


def no_progress(fraction: float | None, message: str) -> None:
    """A progress sink that ignores reports (the default for quiet callers)."""


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

__all__ = ["Cancelled", "CancelToken", "NEVER_CANCELLED", "Progress", "no_progress"]
