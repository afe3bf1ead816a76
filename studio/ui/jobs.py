"""Background jobs for the UI: one :class:`JobRunner` runs plain job functions on a thread pool.

A job function takes ``progress`` and ``cancel`` keyword arguments (see :mod:`studio.jobs`),
the same function the CLI and tests run. Its result, error or cancellation comes back to
the UI thread as a signal; progress at most ten times a second. The runner keeps every job
referenced until it is done, and :meth:`JobRunner.shutdown` cancels them and waits (on quit).
"""
from __future__ import annotations

import gc
import itertools
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from studio.errors import Cancelled
from studio.jobs import CancelToken

PROGRESS_INTERVAL_S = 0.1


class _JobSignals(QObject):
    progress = Signal(object, str)      # fraction (0..1, or None when unknown), message
    finished = Signal(object)           # the job function's result
    failed = Signal(object)             # the exception it raised
    cancelled = Signal()


class Job(QRunnable):
    """One run of a job function; ``cancel()`` asks it to stop at its next check."""

    _ids = itertools.count(1)

    def __init__(self, function: Callable[..., Any], label: str) -> None:
        super().__init__()
        self.setAutoDelete(False)        # the runner owns it until it is done
        self.id = next(self._ids)
        self.label = label
        self.signals = _JobSignals()
        self.token = CancelToken()
        self._function = function
        self._last_progress = 0.0
        self._lock = threading.Lock()

    def cancel(self) -> None:
        self.token.cancel()

    def _progress(self, fraction: float | None, message: str) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last_progress < PROGRESS_INTERVAL_S and fraction != 1.0:
                return
            self._last_progress = now
        self.signals.progress.emit(fraction, message)

    def run(self) -> None:   # on a pool thread
        try:
            result = self._function(progress=self._progress, cancel=self.token)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:   # noqa: BLE001 - every failure reaches the UI's one error handler
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class JobRunner(QObject):
    """Starts jobs on its own thread pool and re-emits what they report, on the UI thread."""

    started = Signal(object)                  # Job
    progress = Signal(object, object, str)    # Job, fraction, message
    finished = Signal(object, object)         # Job, result
    failed = Signal(object, object)           # Job, exception
    cancelled = Signal(object)                # Job

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._jobs: dict[int, Job] = {}

    @property
    def active(self) -> list[Job]:
        return list(self._jobs.values())

    def start(self, function: Callable[..., Any], label: str, *,
              on_finished: Callable[[Any], None] | None = None,
              on_failed: Callable[[BaseException], None] | None = None,
              on_cancelled: Callable[[], None] | None = None) -> Job:
        # Garbage that holds Qt objects (a closed window, a dialog) must be collected here, on
        # the UI thread: a collection that the job's allocations trigger on the worker thread
        # would destroy those Qt objects there, which crashes the process.
        gc.collect()
        job = Job(function, label)
        self._jobs[job.id] = job
        job.signals.progress.connect(lambda fraction, message: self.progress.emit(job, fraction, message))
        job.signals.finished.connect(lambda result: self._done(job, self.finished, result, on_finished))
        job.signals.failed.connect(lambda exc: self._done(job, self.failed, exc, on_failed))
        job.signals.cancelled.connect(lambda: self._done(job, self.cancelled, None, on_cancelled))
        self.started.emit(job)
        self._pool.start(job)
        return job

    def _done(self, job: Job, signal, value, callback) -> None:
        self._jobs.pop(job.id, None)
        QTimer.singleShot(0, gc.collect)  # the job's own leftovers, on the UI thread (see start)
        if callback is not None:
            callback() if signal is self.cancelled else callback(value)
        if signal is self.cancelled:
            signal.emit(job)
        else:
            signal.emit(job, value)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every job and wait for the pool to drain; True when all stopped in time."""
        for job in self.active:
            job.cancel()
        return self._pool.waitForDone(timeout_ms)
