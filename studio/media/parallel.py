"""Run a few ffmpeg jobs at once, as one job: one progress bar, one cancel, first error wins.

A smart cut encodes its two ends and the audio at the same time; on two cores that halves
its wall time.
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from studio.errors import Cancelled
from studio.jobs import CancelToken, Progress

Job = Callable[[Progress, CancelToken], None]


def run_parallel(jobs: dict[str, tuple[Job, float]], *, progress: Progress,
                 cancel: CancelToken) -> dict[str, float]:
    """Run ``{name: (job, weight)}`` together; returns each job's wall time in seconds.

    Progress is the weighted mean of the jobs' fractions. When one job fails (or the user
    cancels), the others are cancelled and the first real error is raised.
    """
    if not jobs:
        return {}
    shared = CancelToken()  # cancels the siblings of a failed job without touching the caller's token
    lock = threading.Lock()
    fractions = {name: 0.0 for name in jobs}
    total_weight = sum(weight for _, weight in jobs.values()) or 1.0
    timings: dict[str, float] = {}

    def reporter(name: str) -> Progress:
        def report(fraction: float | None, message: str) -> None:
            with lock:
                if fraction is not None:
                    fractions[name] = fraction
                overall = sum(fractions[n] * jobs[n][1] for n in jobs) / total_weight
                progress(overall, message)
        return report

    def run(name: str, job: Job) -> None:
        started = time.perf_counter()
        try:
            job(reporter(name), _Linked(cancel, shared))
        except BaseException:
            shared.cancel()
            raise
        timings[name] = time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(run, name, job) for name, (job, _) in jobs.items()]
    errors = [future.exception() for future in futures if future.exception() is not None]
    cancel.raise_if_cancelled()
    real = [error for error in errors if not isinstance(error, Cancelled)]
    if real:
        raise real[0]
    if errors:
        raise errors[0]
    return timings


class _Linked(CancelToken):
    """Cancelled when either the user's token or the group's token is."""

    def __init__(self, *tokens: CancelToken) -> None:
        super().__init__()
        self._tokens = tokens

    @property
    def is_cancelled(self) -> bool:
        return any(token.is_cancelled for token in self._tokens)

    def raise_if_cancelled(self) -> None:
        if self.is_cancelled:
            raise Cancelled()
