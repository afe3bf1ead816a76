"""The last few results of a pure function of the frozen model, for a call with the same inputs.

A long-lived process (the desktop app, a script building every format in turn) asks the same
question of an unchanged course again and again. The model is immutable and the source reader
returns the very same course for unchanged text, so a course, module or path argument matches by
identity (never a deep comparison); any other argument (a dict of media facts, the delivered
files) matches by equality. Only results are kept, never exceptions."""
from __future__ import annotations

import collections
import functools
import threading
from typing import Callable, TypeVar

from studio import model as m

T = TypeVar("T")
_BY_IDENTITY = (m.Course, m.Module, m.Path)


def _same(old: tuple, new: tuple) -> bool:
    return len(old) == len(new) and all(
        a is b or (not isinstance(a, _BY_IDENTITY) and type(a) is type(b) and a == b)
        for a, b in zip(old, new))


def for_same_inputs(size: int = 4) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate a function of positional arguments; ``.forget()`` empties what it keeps."""
    def decorate(fn: Callable[..., T]) -> Callable[..., T]:
        kept: collections.deque = collections.deque(maxlen=size)
        lock = threading.Lock()

        @functools.wraps(fn)
        def remembered(*args):
            with lock:
                for old, result in kept:
                    if _same(old, args):
                        return result
            result = fn(*args)
            with lock:
                kept.append((args, result))
            return result

        remembered.forget = kept.clear
        return remembered
    return decorate
