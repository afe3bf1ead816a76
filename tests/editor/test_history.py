"""Undo/redo history over the course: labels, merging keystrokes, clean state, groups, depth."""
from __future__ import annotations

import pytest

from studio import model as m
from studio.editor.commands import AddBlock, EditError, MoveBlock, SetObjective, SetModuleTitle, new_block
from studio.editor.history import History


def course() -> m.Course:
    return m.Course("C", modules=(m.Module("a", "A", objective="Name the parts"), m.Module("b", "B")))


def test_push_undo_redo_with_labels():
    h = History(course())
    h.push(SetModuleTitle("a", "Alpha"))
    h.push(AddBlock("a", new_block("text")))
    assert h.undo_label == "Add block" and h.course.module("a").title == "Alpha"
    assert len(h.course.module("a").blocks) == 1
    h.undo()
    assert h.course.module("a").blocks == () and h.redo_label == "Add block" and h.undo_label == "Edit title"
    h.undo()
    assert h.course == course() and not h.can_undo
    h.redo()
    h.redo()
    assert h.course.module("a").title == "Alpha" and len(h.course.module("a").blocks) == 1 and not h.can_redo


def test_typing_in_one_field_is_one_step_until_sealed():
    h = History(course())
    for text in ("L", "Li", "Lis", "List the parts"):
        h.push(SetObjective("a", text))
    h.push(SetObjective("b", "Name"))          # another module's field: a new step
    assert h.course.module("a").objective == "List the parts"
    h.undo()
    assert h.undo_label == "Edit objective"
    h.undo()
    assert h.course.module("a").objective == "Name the parts" and not h.can_undo
    h.redo()
    h.seal()
    h.push(SetObjective("a", "List the two parts"))
    h.undo()
    assert h.course.module("a").objective == "List the parts"


def test_new_edit_clears_redo_and_clean_follows_the_saved_state():
    h = History(course())
    assert h.is_clean
    h.push(SetModuleTitle("a", "Alpha"))
    assert not h.is_clean
    h.mark_clean()
    h.push(SetModuleTitle("a", "Alph"))        # after a save, typing does not merge into the saved step
    assert not h.is_clean
    h.undo()
    assert h.is_clean and h.course.module("a").title == "Alpha"
    h.undo()
    assert not h.is_clean
    h.push(SetModuleTitle("b", "Beta"))        # the saved state is now unreachable
    assert not h.can_redo and not h.is_clean
    h.mark_clean()
    h.push(SetModuleTitle("b", "Bet"))
    h.mark_unclean()                           # that save failed: still the previous file
    assert not h.is_clean


def test_group_is_one_step_and_rolls_back_on_error():
    h = History(course())
    with h.group("Restructure"):
        h.push(AddBlock("a", new_block("text")))
        h.push(AddBlock("a", new_block("quiz")))
        h.push(MoveBlock("a", 1, 0))
    assert h.undo_label == "Restructure" and [b.kind for b in h.course.module("a").blocks] == ["quiz", "text"]
    h.undo()
    assert h.course == course()
    with pytest.raises(EditError):
        with h.group("Broken"):
            h.push(AddBlock("a", new_block("text")))
            h.push(MoveBlock("a", 0, 5))
    assert h.course == course() and h.undo_label is None and h.redo_label == "Restructure"


def test_a_failing_command_records_nothing():
    h = History(course())
    with pytest.raises(EditError, match="no module 'zz'"):
        h.push(SetModuleTitle("zz", "x"))
    with pytest.raises(EditError, match="needs a title"):
        h.push(SetModuleTitle("a", "  "))
    assert not h.can_undo and h.course == course()


def test_depth_is_capped():
    h = History(course(), depth=5)
    for i in range(8):
        h.push(SetModuleTitle("a", f"T{i}"))
        h.seal()
    undone = 0
    while h.undo() is not None:
        undone += 1
    assert undone == 5 and h.course.module("a").title == "T2" and not h.is_clean
