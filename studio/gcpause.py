"""Reading a course builds tens of thousands of small immutable objects (a 500-module project:
~17,000 rows become frozen dataclasses). Each few hundred allocations start a collection,
and the older generations are walked again and again — ~100 ms of a 0.4 s open — though the
model holds no reference cycles to find. The collector is paused while such a batch is built
and resumes after (collections then run as usual)."""
from __future__ import annotations

import contextlib
import functools
import gc
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    # Process-wide, so nested or concurrent uses only ever resume what they paused themselves.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def without_collections(fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with collector_paused():
            return fn(*args, **kwargs)
    return run
