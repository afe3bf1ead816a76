"""Review comments as undoable edits: comments from SMEs' files brought into the open course
("Import 3 review comments", one step), and a comment marked resolved or open again."""
from __future__ import annotations

from dataclasses import replace

from studio import model as m
from studio.editor.changes import Changes, module_changed
from studio.editor.commands import Command, EditError, _ModuleEdit, get_module, put_module
from studio.review.merge import MergeResult


class ImportReviewComments(Command):
    """The comments of a :func:`studio.review.merge.merge_review` result, module by module."""

    def __init__(self, merged: MergeResult) -> None:
        self.after = {mid: merged.course.module(mid).comments for mid in merged.added}
        self.before: dict[str, tuple[m.ReviewComment, ...]] | None = None
        count = merged.total_added
        self.label = f"Import {count} review comment{'s' if count != 1 else ''}"

    def apply(self, course: m.Course) -> tuple[m.Course, Changes]:
        if self.before is None:
            self.before = {mid: get_module(course, mid).comments for mid in self.after}
        return self._put(course, self.after)

    def revert(self, course: m.Course) -> tuple[m.Course, Changes]:
        assert self.before is not None
        return self._put(course, self.before)

    @staticmethod
    def _put(course: m.Course, comments: dict[str, tuple[m.ReviewComment, ...]]) -> tuple[m.Course, Changes]:
        for mid, kept in comments.items():
            course = put_module(course, replace(get_module(course, mid), comments=kept))
        return course, Changes(modules=frozenset(comments))


class SetCommentResolved(_ModuleEdit):
    def __init__(self, module_id: str, index: int, resolved: bool) -> None:
        super().__init__(module_id)
        self.index, self.resolved = index, resolved
        self.label = "Resolve comment" if resolved else "Reopen comment"

    def changes(self) -> Changes:
        return module_changed(self.module_id)

    def edit(self, module: m.Module) -> m.Module:
        if not 0 <= self.index < len(module.comments):
            raise EditError(f"module '{module.id}' has no comment {self.index + 1}", where=module.id)
        comments = list(module.comments)
        comments[self.index] = replace(comments[self.index], resolved=self.resolved)
        return replace(module, comments=tuple(comments))
