"""SetBlockItems: a card's points or a survey's items replaced as one step that never merges with typing."""
from __future__ import annotations

import pytest

from studio import model as m
from studio.editor.commands import EditError, SetBlockField, SetBlockItems
from studio.editor.history import History

CARD = m.SummaryCardBlock("Recap", ("One", "Two"))
SURVEY = m.SurveyBlock((m.SurveyItem("likert", "Useful?"),))


def course() -> m.Course:
    return m.Course("C", modules=(m.Module("a", "A", blocks=(m.TextBlock("Hi"), CARD, SURVEY)),))


def test_points_and_items_apply_revert_and_redo():
    before = course()
    command = SetBlockItems("a", 1, ("Two", "One", "Three"), "Add key point")
    after, changes = command.apply(before)
    assert after.module("a").blocks[1].points == ("Two", "One", "Three") and changes.blocks == {("a", 1)}
    assert command.revert(after)[0] == before and command.apply(before)[0] == after
    items = (m.SurveyItem("likert", "Useful?"), m.SurveyItem("text", "What else?"))
    after, _ = SetBlockItems("a", 2, items).apply(before)
    assert after.module("a").blocks[2].items == items


@pytest.mark.parametrize("index, items, message", [
    (0, ("x",), "text, which has no list"),
    (2, (), "at least one item"),
    (2, (m.SurveyItem("stars", "Rate"),), "likert or text"),
    (1, (3,), "lines of text"),
    (5, ("x",), "has no block 6"),
])
def test_refusals(index, items, message):
    with pytest.raises(EditError, match=message):
        SetBlockItems("a", index, items).apply(course())


def test_never_merges_with_typing_before_or_after():
    history = History(course())
    history.push(SetBlockField("a", 1, "points", ("One!", "Two")))        # typing in a point
    history.push(SetBlockItems("a", 1, ("One!", "Two", "New point"), "Add key point"))
    history.push(SetBlockField("a", 1, "points", ("One!", "Two", "Three")))   # typing in the new one
    history.push(SetBlockField("a", 1, "points", ("One!", "Two", "Three.")))  # merges with the line above
    assert history.undo_label == "Edit points"
    history.undo()
    assert history.course.module("a").blocks[1].points == ("One!", "Two", "New point")
    assert history.undo_label == "Add key point"
    history.undo()
    history.undo()
    assert history.course == course() and not history.can_undo
