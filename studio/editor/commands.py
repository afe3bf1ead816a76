"""Undoable edits of a course: small ``VerbNoun`` commands over the frozen domain model.

A command's :meth:`Command.apply` returns the new course and the :class:`Changes` it made;
on first apply it keeps the values it replaces, and :meth:`Command.revert` puts them back.
History is linear (see :mod:`studio.editor.history`), so a command is always reverted on
exactly the course it produced. Modules are named by id and blocks by their index in it.
"""
from __future__ import annotations

import abc

import dataclasses
from dataclasses import replace

from studio import model as m
from studio.editor.changes import Changes, module_changed
from studio.errors import StudioError

NOT_EDITABLE_FIELDS = ("id", "media", "captions")   # media come in through an import, not by typing a path
FIELD_LABELS = {"markdown": "text", "alt": "alt text", "seconds": "viewing time", "in_s": "in point",
                "out_s": "out point", "pass_mark": "pass mark", "questions": "questions", "points": "points",
                "prompt": "prompt", "items": "items", "title": "title", "attempts": "attempts", "draw": "draw"}


class EditError(StudioError):
    """An edit that cannot be made (an unknown module, a block index out of range, a bad value)."""


class Command(abc.ABC):
    label = "Edit"

    @abc.abstractmethod
    def apply(self, course: m.Course) -> tuple[m.Course, Changes]:
        """What the subclass changes."""

    @abc.abstractmethod
    def revert(self, course: m.Course) -> tuple[m.Course, Changes]:
        """What the subclass changes."""

    def merge_with(self, later: "Command") -> bool:
        """Absorb ``later`` (typing in the same field) so both are one undo step; True if it did."""
        return False


# -- helpers ---------------------------------------------------------------------------
def get_module(course: m.Course, module_id: str) -> m.Module:
    module = course.module(module_id)
    if module is None:
        raise EditError(f"no module '{module_id}' in the course")
    return module


def get_block(module: m.Module, index: int) -> m.Block:
    if not 0 <= index < len(module.blocks):
        raise EditError(f"module '{module.id}' has no block {index + 1} (it has {len(module.blocks)})")
    return module.blocks[index]


def put_module(course: m.Course, module: m.Module) -> m.Course:
    modules = tuple(module if mod.id == module.id else mod for mod in course.modules)
    return replace(course, modules=modules)


def unique_module_id(course: m.Course, base: str) -> str:
    taken = {mod.id for mod in course.modules}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def new_module(course: m.Course) -> m.Module:
    return m.Module(id=unique_module_id(course, "new-module"), title="New module")


def new_block(kind: str) -> m.Block:
    """A block of ``kind`` with placeholder content a designer replaces (media blocks need an import)."""
    if kind == "text":
        return m.TextBlock("New text")
    if kind == "quiz":
        return m.QuizBlock((m.Question("true_false", "A statement to judge", answer=True),))
    if kind == "summary_card":
        return m.SummaryCardBlock("Summary", ("Key point",))
    if kind == "survey":
        return m.SurveyBlock((m.SurveyItem("likert", "How useful was this module?"),))
    if kind == "action_plan":
        return m.ActionPlanBlock("What will you do differently at work this week?")
    raise EditError(f"a {kind} block is added by importing its media")


def _shift_comments(comments: tuple[m.ReviewComment, ...], mapping) -> tuple[m.ReviewComment, ...]:
    """Anchored review comments follow their block; a comment on a removed block goes to the module."""
    return tuple(c if c.block is None else replace(c, block=mapping(c.block)) for c in comments)


# -- module edits ----------------------------------------------------------------------
class _ModuleEdit(Command):
    """An edit of one module: the module before and after are kept for undo and redo."""

    def __init__(self, module_id: str) -> None:
        self.module_id = module_id
        self._before: m.Module | None = None
        self._after: m.Module | None = None

    @abc.abstractmethod
    def edit(self, module: m.Module) -> m.Module:
        """What the subclass changes."""

    def changes(self) -> Changes:
        return module_changed(self.module_id)

    def apply(self, course: m.Course) -> tuple[m.Course, Changes]:
        module = get_module(course, self.module_id)
        if self._after is None:
            self._before, self._after = module, self.edit(module)
        return put_module(course, self._after), self.changes()

    def revert(self, course: m.Course) -> tuple[m.Course, Changes]:
        assert self._before is not None
        return put_module(course, self._before), self.changes()

    def _merge_after(self, later: "_ModuleEdit") -> bool:
        self._after = later._after
        return True


class _SetModuleValue(_ModuleEdit):
    field = ""

    def __init__(self, module_id: str, value) -> None:
        super().__init__(module_id)
        self.value = value

    def edit(self, module: m.Module) -> m.Module:
        return replace(module, **{self.field: self.value})

    def merge_with(self, later: Command) -> bool:
        return type(later) is type(self) and later.module_id == self.module_id and self._merge_after(later)


class SetModuleTitle(_SetModuleValue):
    label, field = "Edit title", "title"

    def edit(self, module: m.Module) -> m.Module:
        if not (self.value or "").strip():
            raise EditError("a module needs a title", where=module.id)
        return super().edit(module)


class SetObjective(_SetModuleValue):
    label, field = "Edit objective", "objective"

    def __init__(self, module_id: str, value: str | None) -> None:
        super().__init__(module_id, value if (value or "").strip() else None)


class SetProfile(_SetModuleValue):
    label, field = "Change profile", "profile"

    def merge_with(self, later: Command) -> bool:
        return False


class SetStatus(_SetModuleValue):
    label, field = "Change status", "status"

    def edit(self, module: m.Module) -> m.Module:
        if self.value not in m.STATUSES:
            raise EditError(f"unknown status '{self.value}'", where=module.id)
        return super().edit(module)

    def merge_with(self, later: Command) -> bool:
        return False


class SetConcepts(_ModuleEdit):
    label = "Edit concepts"

    def __init__(self, module_id: str, introduces: tuple[str, ...], requires: tuple[str, ...]) -> None:
        super().__init__(module_id)
        self.introduces, self.requires = tuple(introduces), tuple(requires)

    def edit(self, module: m.Module) -> m.Module:
        return replace(module, introduces=self.introduces, requires=self.requires)

    def merge_with(self, later: Command) -> bool:
        return isinstance(later, SetConcepts) and later.module_id == self.module_id and self._merge_after(later)


# -- block edits -----------------------------------------------------------------------
class AddBlock(_ModuleEdit):
    label = "Add block"

    def __init__(self, module_id: str, block: m.Block, index: int | None = None) -> None:
        super().__init__(module_id)
        self.block, self.index = block, index

    def edit(self, module: m.Module) -> m.Module:
        at = len(module.blocks) if self.index is None else self.index
        if not 0 <= at <= len(module.blocks):
            raise EditError(f"cannot add a block at position {at + 1}", where=module.id)
        self.index = at
        blocks = module.blocks[:at] + (self.block,) + module.blocks[at:]
        return replace(module, blocks=blocks, comments=_shift_comments(module.comments, lambda b: b + (b >= at)))


class DuplicateBlock(_ModuleEdit):
    label = "Duplicate block"

    def __init__(self, module_id: str, index: int) -> None:
        super().__init__(module_id)
        self.index = index

    def edit(self, module: m.Module) -> m.Module:
        copy = replace(get_block(module, self.index), id=None)   # block ids are unique in a module
        at = self.index + 1
        blocks = module.blocks[:at] + (copy,) + module.blocks[at:]
        return replace(module, blocks=blocks, comments=_shift_comments(module.comments, lambda b: b + (b >= at)))


class RemoveBlock(_ModuleEdit):
    label = "Remove block"

    def __init__(self, module_id: str, index: int) -> None:
        super().__init__(module_id)
        self.index = index

    def edit(self, module: m.Module) -> m.Module:
        get_block(module, self.index)
        at = self.index
        blocks = module.blocks[:at] + module.blocks[at + 1:]
        return replace(module, blocks=blocks, comments=_shift_comments(
            module.comments, lambda b: None if b == at else b - (b > at)))


class MoveBlock(_ModuleEdit):
    label = "Move block"

    def __init__(self, module_id: str, source: int, target: int) -> None:
        super().__init__(module_id)
        self.source, self.target = source, target

    def edit(self, module: m.Module) -> m.Module:
        get_block(module, self.source)
        if not 0 <= self.target < len(module.blocks):
            raise EditError(f"cannot move a block to position {self.target + 1}", where=module.id)
        order = list(range(len(module.blocks)))
        order.insert(self.target, order.pop(self.source))
        new_index = {old: new for new, old in enumerate(order)}
        return replace(module, blocks=tuple(module.blocks[i] for i in order),
                       comments=_shift_comments(module.comments, new_index.__getitem__))


class SetBlockField(_ModuleEdit):
    def __init__(self, module_id: str, index: int, field: str, value) -> None:
        super().__init__(module_id)
        self.index, self.field, self.value = index, field, value
        self.label = f"Edit {FIELD_LABELS.get(field, field.replace('_', ' '))}"

    def changes(self) -> Changes:
        return module_changed(self.module_id, self.index)

    def edit(self, module: m.Module) -> m.Module:
        block = get_block(module, self.index)
        names = {f.name for f in dataclasses.fields(block)}
        if self.field not in names or self.field in NOT_EDITABLE_FIELDS:
            raise EditError(f"a {block.kind} block has no editable field '{self.field}'", where=module.id)
        blocks = list(module.blocks)
        blocks[self.index] = replace(block, **{self.field: self.value})
        return replace(module, blocks=tuple(blocks))

    def merge_with(self, later: Command) -> bool:
        return (isinstance(later, SetBlockField) and (later.module_id, later.index, later.field)
                == (self.module_id, self.index, self.field) and self._merge_after(later))


class TrimClip(_ModuleEdit):
    label = "Trim clip"

    def __init__(self, module_id: str, index: int, in_s: float | None, out_s: float | None) -> None:
        super().__init__(module_id)
        self.index, self.in_s, self.out_s = index, in_s, out_s

    def changes(self) -> Changes:
        return module_changed(self.module_id, self.index)

    def edit(self, module: m.Module) -> m.Module:
        block = get_block(module, self.index)
        if not isinstance(block, (m.VideoBlock, m.AudioBlock)):
            raise EditError(f"block {self.index + 1} is {block.kind}, not a clip to trim", where=module.id)
        for name, value in (("in", self.in_s), ("out", self.out_s)):
            if value is not None and value < 0:
                raise EditError(f"the {name} point cannot be before the start ({value:g} s)", where=module.id)
        if self.in_s is not None and self.out_s is not None and self.in_s >= self.out_s:
            raise EditError(f"the in point ({self.in_s:g} s) must be before the out point ({self.out_s:g} s)",
                            where=module.id)
        blocks = list(module.blocks)
        blocks[self.index] = replace(block, in_s=self.in_s, out_s=self.out_s)
        return replace(module, blocks=tuple(blocks))

    def merge_with(self, later: Command) -> bool:   # dragging a handle is one trim
        return (isinstance(later, TrimClip) and (later.module_id, later.index) == (self.module_id, self.index)
                and self._merge_after(later))


# -- structure: modules and paths -------------------------------------------------------
class _StructureEdit(Command):
    """An edit of the module list and the paths: both tuples before and after are kept."""

    def __init__(self) -> None:
        self._before: tuple[tuple[m.Module, ...], tuple[m.Path, ...]] | None = None
        self._after: tuple[tuple[m.Module, ...], tuple[m.Path, ...]] | None = None
        self._changes = Changes(structure=True)

    @abc.abstractmethod
    def edit(self, course: m.Course) -> tuple[tuple[m.Module, ...], tuple[m.Path, ...], Changes]:
        """What the subclass changes."""

    def apply(self, course: m.Course) -> tuple[m.Course, Changes]:
        if self._after is None:
            modules, paths, self._changes = self.edit(course)
            self._before, self._after = (course.modules, course.paths), (modules, paths)
        return replace(course, modules=self._after[0], paths=self._after[1]), self._changes

    def revert(self, course: m.Course) -> tuple[m.Course, Changes]:
        assert self._before is not None
        return replace(course, modules=self._before[0], paths=self._before[1]), self._changes


def _get_path(course: m.Course, path_id: str) -> m.Path:
    path = next((p for p in course.paths if p.id == path_id), None)
    if path is None:
        raise EditError(f"no path '{path_id}' in the course")
    return path


def _with_path(course: m.Course, path: m.Path) -> tuple[m.Path, ...]:
    return tuple(path if p.id == path.id else p for p in course.paths)


class AddModule(_StructureEdit):
    label = "Add module"

    def __init__(self, module: m.Module, index: int | None = None, path_id: str | None = None,
                 path_index: int | None = None) -> None:
        super().__init__()
        self.module, self.index, self.path_id, self.path_index = module, index, path_id, path_index

    def edit(self, course):
        if course.module(self.module.id) is not None:
            raise EditError(f"a module '{self.module.id}' already exists")
        at = len(course.modules) if self.index is None else self.index
        modules = course.modules[:at] + (self.module,) + course.modules[at:]
        paths, changed = course.paths, frozenset()
        if self.path_id is not None:
            path = _get_path(course, self.path_id)
            p_at = len(path.modules) if self.path_index is None else self.path_index
            paths = _with_path(course, replace(path, modules=path.modules[:p_at] + (self.module.id,)
                                               + path.modules[p_at:]))
            changed = frozenset({path.id})
        return modules, paths, Changes(modules=frozenset({self.module.id}), paths=changed, structure=True)


class DuplicateModule(_StructureEdit):
    label = "Duplicate module"

    def __init__(self, module_id: str, path_id: str | None = None) -> None:
        super().__init__()
        self.module_id, self.path_id = module_id, path_id
        self.new_id: str | None = None

    def edit(self, course):
        original = get_module(course, self.module_id)
        self.new_id = unique_module_id(course, f"{original.id}-copy")
        copy = replace(original, id=self.new_id, title=f"{original.title} (copy)", status="draft", comments=())
        at = course.modules.index(original) + 1
        modules = course.modules[:at] + (copy,) + course.modules[at:]
        paths, changed = course.paths, frozenset()
        if self.path_id is not None:
            path = _get_path(course, self.path_id)
            p_at = path.modules.index(original.id) + 1 if original.id in path.modules else len(path.modules)
            paths = _with_path(course, replace(path, modules=path.modules[:p_at] + (copy.id,) + path.modules[p_at:]))
            changed = frozenset({path.id})
        return modules, paths, Changes(modules=frozenset({copy.id}), paths=changed, structure=True)


class RemoveModule(_StructureEdit):
    label = "Remove module"

    def __init__(self, module_id: str) -> None:
        super().__init__()
        self.module_id = module_id

    def edit(self, course):
        get_module(course, self.module_id)
        modules = tuple(mod for mod in course.modules if mod.id != self.module_id)
        changed = frozenset(p.id for p in course.paths if self.module_id in p.modules)
        paths = tuple(replace(p, modules=tuple(k for k in p.modules if k != self.module_id)) if p.id in changed
                      else p for p in course.paths)
        return modules, paths, Changes(paths=changed, removed=frozenset({self.module_id}), structure=True)


class ReorderModules(_StructureEdit):
    """Put a path's modules (or, with ``path_id=None``, the course's) in ``order``: one step,
    also for "Apply suggested order"."""

    def __init__(self, path_id: str | None, order: tuple[str, ...], label: str = "Reorder modules") -> None:
        super().__init__()
        self.path_id, self.order, self.label = path_id, tuple(order), label

    def edit(self, course):
        if self.path_id is None:
            current = tuple(mod.id for mod in course.modules)
        else:
            current = _get_path(course, self.path_id).modules
        if sorted(current) != sorted(self.order):
            raise EditError("a new order must list the same modules, each once", where=self.path_id)
        if self.path_id is None:
            by_id = {mod.id: mod for mod in course.modules}
            return tuple(by_id[k] for k in self.order), course.paths, Changes(structure=True)
        path = _get_path(course, self.path_id)
        return (course.modules, _with_path(course, replace(path, modules=self.order)),
                Changes(paths=frozenset({path.id}), structure=True))


class ReplaceCourse(Command):
    """The whole course at once (recovering an autosave): undo brings back the saved one."""

    def __init__(self, course: m.Course, label: str = "Recover unsaved changes") -> None:
        self.course, self.label = course, label
        self._before: m.Course | None = None

    @staticmethod
    def _all(*courses: m.Course) -> Changes:
        return Changes(modules=frozenset(mod.id for c in courses for mod in c.modules),
                       paths=frozenset(p.id for c in courses for p in c.paths), structure=True)

    def apply(self, course):
        self._before = self._before or course
        return self.course, self._all(course, self.course)

    def revert(self, course):
        assert self._before is not None
        return self._before, self._all(course, self._before)


class Compound(Command):
    """Several commands as one user step (``with history.group(label):``)."""

    def __init__(self, label: str, children: list[Command]) -> None:
        self.label, self.children = label, list(children)

    def apply(self, course):
        changes = Changes()
        for child in self.children:
            course, more = child.apply(course)
            changes |= more
        return course, changes

    def revert(self, course):
        changes = Changes()
        for child in reversed(self.children):
            course, more = child.revert(course)
            changes |= more
        return course, changes


class SetBlockItems(_ModuleEdit):
    """A block's list (a summary card's points, a survey's items) with a line added, removed, moved
    or changed in kind: one step of its own, never merged with typing before or after it."""
    LIST_FIELDS = {"summary_card": "points", "survey": "items"}

    def __init__(self, module_id: str, index: int, items: tuple, label: str = "Edit list") -> None:
        super().__init__(module_id)
        self.index, self.items, self.label = index, tuple(items), label

    def changes(self) -> Changes:
        return module_changed(self.module_id, self.index)

    def edit(self, module: m.Module) -> m.Module:
        block = get_block(module, self.index)
        field = self.LIST_FIELDS.get(block.kind)
        if field is None:
            raise EditError(f"block {self.index + 1} is {block.kind}, which has no list of lines", where=module.id)
        if isinstance(block, m.SurveyBlock):
            if not self.items:
                raise EditError("a survey needs at least one item", where=module.id)
            if any(not isinstance(i, m.SurveyItem) or i.kind not in m.SURVEY_KINDS for i in self.items):
                raise EditError(f"survey items are {' or '.join(m.SURVEY_KINDS)} questions", where=module.id)
        elif any(not isinstance(i, str) for i in self.items):
            raise EditError("key points are lines of text", where=module.id)
        blocks = list(module.blocks)
        blocks[self.index] = replace(block, **{field: self.items})
        return replace(module, blocks=tuple(blocks))
