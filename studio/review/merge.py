"""Comment files from review copies merged into a course: each comment onto its module and the
block it was made on (found again by its anchor when the blocks have moved since the review),
none twice (importing the same file again, or a later download of the same review, adds only
what is new: a comment is known by its module, the moment it was written, to the millisecond,
and its text, so a reviewer who corrected their name is not imported twice). Pure: the caller
stores the course it returns."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from studio import model as m
from studio.review.anchors import block_anchor
from studio.review.comments_file import ReviewFile, ReviewFileError


@dataclass(frozen=True)
class Unplaced:
    """Comments of a file on a module the course no longer has: not imported."""
    path: Path
    module: str
    count: int


@dataclass
class MergeResult:
    course: m.Course
    added: dict[str, int] = field(default_factory=dict)     # module id → comments added
    already: int = 0                                          # in the course before this import
    on_module: dict[str, int] = field(default_factory=dict)  # module id → comments whose block is gone
    by_position: dict[str, int] = field(default_factory=dict)  # module id → placed by position: to check
    unplaced: list[Unplaced] = field(default_factory=list)
    other_titles: list[tuple[Path, str]] = field(default_factory=list)   # files from a course of another title

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


def merge_review(course: m.Course, files: list[ReviewFile]) -> MergeResult:
    for review in files:
        _require_this_course(course, review)
    result = MergeResult(course)
    result.other_titles = [(r.path, r.course_title) for r in files if r.course_title != course.title]
    new: dict[str, list[m.ReviewComment]] = {}
    seen = {mod.id: {comment_key(c.at, c.text) for c in mod.comments} for mod in course.modules}
    for review in files:
        gone: dict[str, int] = {}
        for filed in review.comments:
            module = course.module(filed.module)
            if module is None:
                gone[filed.module] = gone.get(filed.module, 0) + 1
                continue
            key = comment_key(filed.at, filed.text)
            if key in seen[module.id]:
                result.already += 1
                continue
            seen[module.id].add(key)
            block, how = place_block(module, filed.block, filed.anchor, filed.kind)
            if how != "found":
                tally = result.on_module if how == "module" else result.by_position
                tally[module.id] = tally.get(module.id, 0) + 1
            new.setdefault(module.id, []).append(m.ReviewComment(review.reviewer, filed.at, filed.text, block))
        result.unplaced += [Unplaced(review.path, mid, n) for mid, n in gone.items()]
    modules = []
    for mod in course.modules:
        added = sorted(new.get(mod.id, ()), key=lambda c: c.at)
        if added:
            result.added[mod.id] = len(added)
            mod = dataclasses.replace(mod, comments=(*mod.comments, *added))
        modules.append(mod)
    result.course = dataclasses.replace(course, modules=tuple(modules))
    return result


def comment_key(at: str, text: str) -> tuple[str, str]:
    """What makes two comments on a module the same one: the moment it was written (to the
    millisecond, in the reviewer's browser) and its text — not its author's name, which a
    reviewer may correct. Used by the review import and by a source import over a project."""
    return at, text


def place_block(module: m.Module, index: int | None, anchor: str | None, kind: str | None) -> tuple[int | None, str]:
    """The block index a comment made on block ``index`` (then of that ``anchor`` and ``kind``)
    belongs on now, and how it was placed: "found" (the same block at the same place, or the
    one block with its anchor: moved), "position" (the block of the same kind at its place:
    edited since, or another block put there — worth a look), "module" (no such block: the
    comment goes on the module)."""
    if index is None:
        return None, "found"
    anchors = [block_anchor(b) for b in module.blocks]
    here = index < len(anchors)
    if here and (anchor is None or anchors[index] == anchor):
        return index, "found"
    moved = [i for i, a in enumerate(anchors) if a == anchor]
    if len(moved) == 1:
        return moved[0], "found"
    if here and module.blocks[index].kind == kind:
        return index, "position"
    return None, "module"


def _require_this_course(course: m.Course, review: ReviewFile) -> None:
    ids = {mod.id for mod in course.modules}
    if review.comments and not any(c.module in ids for c in review.comments):
        raise ReviewFileError(f"none of its {len(review.comments)} comment(s) is on a module of this course: "
                              f"it comes from the review of '{review.course_title}'", file=str(review.path))
