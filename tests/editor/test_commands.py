"""Each command applies, reverts exactly and says what it changed."""
from __future__ import annotations

import pytest

from studio import model as m
from studio.editor.commands import (AddBlock, AddModule, DuplicateBlock, DuplicateModule, EditError, MoveBlock,
                                    RemoveBlock, RemoveModule, ReorderModules, ReplaceCourse, SetBlockField,
                                    SetConcepts, SetObjective, SetProfile, TrimClip, new_block, new_module)

COMMENT = m.ReviewComment("sme", "2024-01-01T00:00:00Z", "Check the clip", block=1)


def course() -> m.Course:
    a = m.Module("a", "A", objective="Name the parts", blocks=(
        m.TextBlock("Intro", id="intro"), m.VideoBlock("media/v.mp4", 1, 5), m.QuizBlock(())), comments=(COMMENT,))
    return m.Course("C", modules=(a, m.Module("b", "B"), m.Module("c", "C")),
                    paths=(m.Path("p", modules=("a", "b", "c")), m.Path("q", modules=("c",))))


def roundtrip(command):
    before = course()
    after, changes = command.apply(before)
    reverted, again = command.revert(after)
    assert reverted == before and again == changes
    assert command.apply(reverted)[0] == after      # redo gives the same course
    return after, changes


def test_module_fields():
    after, changes = roundtrip(SetObjective("a", "List the three parts"))
    assert after.module("a").objective == "List the three parts"
    assert changes.modules == {"a"} and not changes.structure
    assert SetObjective("a", "   ").apply(course())[0].module("a").objective is None
    after, _ = roundtrip(SetProfile("b", "nano"))
    assert after.module("b").profile == "nano"
    after, _ = roundtrip(SetConcepts("b", ("x",), ("y", "z")))
    assert (after.module("b").introduces, after.module("b").requires) == (("x",), ("y", "z"))


def test_blocks_and_their_comment_anchors():
    after, changes = roundtrip(AddBlock("a", new_block("summary_card"), 0))
    assert [b.kind for b in after.module("a").blocks] == ["summary_card", "text", "video", "quiz"]
    assert after.module("a").comments[0].block == 2 and changes.modules == {"a"}
    after, _ = roundtrip(DuplicateBlock("a", 0))
    assert after.module("a").blocks[1] == m.TextBlock("Intro") and after.module("a").comments[0].block == 2
    after, _ = roundtrip(RemoveBlock("a", 1))
    assert [b.kind for b in after.module("a").blocks] == ["text", "quiz"] and after.module("a").comments[0].block is None
    after, _ = roundtrip(MoveBlock("a", 1, 2))
    assert [b.kind for b in after.module("a").blocks] == ["text", "quiz", "video"]
    assert after.module("a").comments[0].block == 2
    after, changes = roundtrip(SetBlockField("a", 0, "markdown", "Hello"))
    assert after.module("a").blocks[0].markdown == "Hello" and changes.blocks == {("a", 0)}
    after, changes = roundtrip(TrimClip("a", 1, 2.0, 4.5))
    assert (after.module("a").blocks[1].in_s, after.module("a").blocks[1].out_s) == (2.0, 4.5)
    assert TrimClip("a", 1, 2.0, None).label == "Trim clip"


@pytest.mark.parametrize("command, message", [
    (SetBlockField("a", 1, "media", "other.mp4"), "no editable field 'media'"),
    (SetBlockField("a", 0, "alt", "x"), "no editable field 'alt'"),
    (TrimClip("a", 0, 1, 2), "not a clip"),
    (TrimClip("a", 1, 5, 2), "must be before"),
    (TrimClip("a", 1, -1, 2), "before the start"),
    (MoveBlock("a", 0, 3), "position 4"),
    (RemoveBlock("a", 7), "has no block 8"),
    (AddModule(m.Module("b", "Again")), "already exists"),
    (ReorderModules("p", ("a", "b")), "same modules"),
    (ReorderModules("nope", ()), "no path 'nope'"),
])
def test_bad_edits_are_refused_with_a_reason(command, message):
    with pytest.raises(EditError, match=message):
        command.apply(course())


def test_module_structure():
    after, changes = roundtrip(AddModule(new_module(course()), path_id="p", path_index=1))
    assert [mod.id for mod in after.modules][-1] == "new-module" and after.paths[0].modules == ("a", "new-module", "b", "c")
    assert changes.structure and changes.paths == {"p"}
    duplicate = DuplicateModule("a", "p")
    after, changes = roundtrip(duplicate)
    assert duplicate.new_id == "a-copy" and after.module("a-copy").title == "A (copy)"
    assert after.module("a-copy").comments == () and after.paths[0].modules == ("a", "a-copy", "b", "c")
    after, changes = roundtrip(RemoveModule("c"))
    assert after.module("c") is None and after.paths[0].modules == ("a", "b") and after.paths[1].modules == ()
    assert changes.removed == {"c"} and changes.paths == {"p", "q"}
    after, changes = roundtrip(ReorderModules("p", ("c", "a", "b"), label="Apply suggested order"))
    assert after.paths[0].modules == ("c", "a", "b") and changes.paths == {"p"}
    after, _ = roundtrip(ReorderModules(None, ("c", "b", "a")))
    assert [mod.id for mod in after.modules] == ["c", "b", "a"]


def test_replace_course_restores_the_whole_course():
    other = m.Course("C", modules=(m.Module("z", "Z"),))
    after, changes = roundtrip(ReplaceCourse(other))
    assert after == other and {"a", "z"} <= changes.modules and changes.structure
