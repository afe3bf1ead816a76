"""Undo and redo over a course: a linear history of commands (pure Python, no Qt).

:meth:`History.push` applies a command to the course held and records it; a new edit
clears redo; typing in one field merges into the previous command until the history is
sealed (the field lost focus, an undo, a save). The depth is capped. ``mark_clean`` notes
the saved state, so ``is_clean`` answers "would closing lose anything?".
"""
from __future__ import annotations

import contextlib
from typing import Iterator

from studio import model as m
from studio.editor.changes import Changes
from studio.editor.commands import Command, Compound

DEPTH = 100


class History:
    def __init__(self, course: m.Course, depth: int = DEPTH) -> None:
        self._course = course
        self._depth = depth
        self._undo: list[Command] = []
        self._redo: list[Command] = []
        self._clean: int | None = 0          # len(_undo) at the saved state; None: unreachable
        self._previous_clean: int | None = 0
        self._mergeable = False
        self._group: list[Command] | None = None

    @property
    def course(self) -> m.Course:
        return self._course

    # -- editing ---------------------------------------------------------------------
    def push(self, command: Command) -> Changes:
        """Apply ``command``; raises (and records nothing) if it cannot be applied."""
        course, changes = command.apply(self._course)
        self._course = course
        if self._group is not None:
            self._group.append(command)
            return changes
        self._record(command, may_merge=True)
        return changes

    def _record(self, command: Command, *, may_merge: bool) -> None:
        if self._redo:
            self._redo.clear()
            if self._clean is not None and self._clean > len(self._undo):
                self._clean = None
        top = self._undo[-1] if self._undo else None
        if (may_merge and self._mergeable and top is not None and self._clean != len(self._undo)
                and top.merge_with(command)):
            return
        self._undo.append(command)
        self._mergeable = True
        if len(self._undo) > self._depth:
            self._undo.pop(0)
            if self._clean is not None:
                self._clean = self._clean - 1 if self._clean > 0 else None

    @contextlib.contextmanager
    def group(self, label: str) -> Iterator[None]:
        """Every command pushed inside is one undo step; on an exception they are all reverted."""
        if self._group is not None:       # nested: part of the outer step
            yield
            return
        self._group = []
        try:
            yield
        except BaseException:
            for command in reversed(self._group):
                self._course, _ = command.revert(self._course)
            raise
        finally:
            children, self._group = self._group, None
        if children:
            self._record(Compound(label, children), may_merge=False)
            self._mergeable = False

    def seal(self) -> None:
        """The next edit starts a new undo step, even in the same field."""
        self._mergeable = False

    # -- undo / redo -----------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> Changes | None:
        if not self._undo:
            return None
        command = self._undo.pop()
        self._course, changes = command.revert(self._course)
        self._redo.append(command)
        self._mergeable = False
        return changes

    def redo(self) -> Changes | None:
        if not self._redo:
            return None
        command = self._redo.pop()
        self._course, changes = command.apply(self._course)
        self._undo.append(command)
        self._mergeable = False
        return changes

    def clear(self) -> None:
        """Forget every step (after an operation that cannot be undone); the course stays."""
        was_clean = self.is_clean
        self._undo.clear()
        self._redo.clear()
        self._clean = 0 if was_clean else None
        self._mergeable = False

    # -- saved state -----------------------------------------------------------------
    def mark_clean(self) -> None:
        self._previous_clean, self._clean = self._clean, len(self._undo)
        self._mergeable = False

    def mark_unclean(self) -> None:
        """The save that :meth:`mark_clean` announced failed: the file holds what it held before."""
        self._clean = self._previous_clean

    @property
    def is_clean(self) -> bool:
        return self._clean == len(self._undo)
