"""File ▸ Import Review Comments…: the files SMEs downloaded from a review copy, read off the UI
thread, merged into the course on screen as one undoable edit ("Import 3 review comments"),
then the first module that received comments is shown. Saving writes them like any edit, to a
project or a course source."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from studio.editor.review_commands import ImportReviewComments
from studio.errors import StudioError
from studio.review.comments_file import ReviewFile, read_review_file
from studio.review.merge import MergeResult, merge_review

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

FAILED = "Cannot import the review comments"


class ReviewImporter:
    def __init__(self, window: "MainWindow") -> None:
        self.window = window

    def choose_and_import(self) -> None:
        session = self.window.session
        if session is None:
            return
        files = self.window.prompter.choose_review_files(Path(session.state.location).parent)
        if files:
            self.import_files(files)

    def import_files(self, files: list[Path]) -> None:
        self.window.runner.start(lambda **_: [read_review_file(path) for path in files], "Reading review comments",
                                 on_finished=self._merge, on_failed=lambda exc: self.window.show_error(FAILED, exc))

    def _merge(self, reviews: list[ReviewFile]) -> None:
        window = self.window
        if window.session is None:      # closed while the files were read
            return
        window.editing.flush()
        try:
            merged = merge_review(window.session.state.course, reviews)
        except StudioError as exc:
            window.show_error(FAILED, exc)
            return
        if merged.added:
            window.editing.run(ImportReviewComments(merged))
            window.select_module(next(iter(merged.added)))
        window.statusBar().showMessage(_summary(merged), 8000)
        notes = [f"{u.count} on '{u.module}' ({u.path.name}) were not imported: the course no longer has "
                 "that module." for u in merged.unplaced]
        notes += [f"{path.name} is from the review of '{title}', not of '{merged.course.title}'." for path, title
                  in merged.other_titles]
        if notes:
            window.prompter.show_error("Review comments: please check", " ".join(notes))


def _summary(merged: MergeResult) -> str:
    if not merged.added:
        return f"Nothing new: {merged.already} review comment(s) already in the course"
    moved = sum(merged.on_module.values())
    parts = [f"Imported {merged.total_added} review comment(s)"]
    if merged.already:
        parts.append(f"{merged.already} already in the course")
    if moved:
        parts.append(f"{moved} on their module (their block is gone since the review)")
    by_position = sum(merged.by_position.values())
    if by_position:
        parts.append(f"{by_position} on the block now at their place, which changed since the review: check")
    return " · ".join(parts)
