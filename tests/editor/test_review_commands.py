"""Review comments as undoable edits, without Qt."""
from __future__ import annotations

from pathlib import Path

import pytest

from studio import model as m
from studio.editor.commands import EditError
from studio.editor.history import History
from studio.editor.review_commands import ImportReviewComments, SetCommentResolved
from studio.review.comments_file import FiledComment, ReviewFile
from studio.review.merge import merge_review

EARLIER = m.ReviewComment("Sam", "2026-11-30", "Old point.")
COURSE = m.Course(title="Ladders", modules=(m.Module("a", "A", blocks=(m.TextBlock("Hi"),), comments=(EARLIER,)),
                                           m.Module("b", "B")))


def _imported():
    review = ReviewFile(Path("dana.json"), "Ladders", "MMS-1", "Dana", (
        FiledComment("a", 0, None, "text", "2026-12-03T10:00:00Z", "Typo."),
        FiledComment("b", None, None, None, "2026-12-03T10:01:00Z", "Add a quiz.")))
    return ImportReviewComments(merge_review(COURSE, [review]))


def test_an_import_is_one_step_over_every_module_it_touched():
    history = History(COURSE)
    changes = history.push(_imported())
    assert changes.modules == {"a", "b"} and history.undo_label == "Import 2 review comments"
    assert [c.text for c in history.course.module("a").comments] == ["Old point.", "Typo."]
    assert [c.text for c in history.course.module("b").comments] == ["Add a quiz."]
    history.undo()
    assert history.course == COURSE
    history.redo()
    assert len(history.course.module("b").comments) == 1


def test_resolve_then_reopen():
    history = History(COURSE)
    history.push(SetCommentResolved("a", 0, True))
    assert history.course.module("a").comments[0].resolved and history.undo_label == "Resolve comment"
    history.push(SetCommentResolved("a", 0, False))
    assert not history.course.module("a").comments[0].resolved and history.undo_label == "Reopen comment"


def test_a_comment_that_is_not_there_cannot_be_resolved():
    with pytest.raises(EditError, match="has no comment 2"):
        History(COURSE).push(SetCommentResolved("a", 1, True))
