"""Comment files merged into a course: onto the block they were made on, found again when the
blocks moved, never twice, and refused when they come from another course."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from studio import model as m
from studio.review.anchors import block_anchor
from studio.review.comments_file import FiledComment, ReviewFile, ReviewFileError
from studio.review.merge import merge_review

INTRO = m.TextBlock("Ladders come in three kinds.")
QUIZ = m.QuizBlock((m.Question("true_false", "Ladders are safe.", answer=False),))
VIDEO = m.VideoBlock("media/intro.mp4", in_s=1, out_s=5)


def course(*blocks, comments=()) -> m.Course:
    return m.Course(title="Ladder safety", modules=(
        m.Module("choose-ladder", "Choose the right ladder", blocks=blocks, comments=comments),
        m.Module("set-up-ladder", "Set up a ladder")))


def filed(block, anchor_of=None, text="Say which ladder.", module="choose-ladder", at="2026-12-03T14:01:44Z"):
    kind = anchor_of.kind if anchor_of is not None else None
    return FiledComment(module, block, block_anchor(anchor_of) if anchor_of is not None else None, kind, at, text)


def review(*comments, reviewer="Dana Okafor") -> ReviewFile:
    return ReviewFile(Path("dana.json"), "Ladder safety", "MMS-1", reviewer, tuple(comments))


def comments_of(result, module="choose-ladder"):
    return [(c.author, c.block, c.text) for c in result.course.module(module).comments]


def test_comments_land_on_their_blocks_and_their_module():
    result = merge_review(course(INTRO, QUIZ), [review(filed(1, QUIZ, "Too easy."), filed(None, text="Good."),
                                                       filed(None, module="set-up-ladder", text="Add a photo."))])
    assert comments_of(result) == [("Dana Okafor", 1, "Too easy."), ("Dana Okafor", None, "Good.")]
    assert comments_of(result, "set-up-ladder") == [("Dana Okafor", None, "Add a photo.")]
    assert result.added == {"choose-ladder": 2, "set-up-ladder": 1} and result.on_module == {}
    assert not any(c.resolved for c in result.course.module("choose-ladder").comments)


def test_a_moved_block_keeps_its_comment():
    result = merge_review(course(QUIZ, INTRO), [review(filed(0, INTRO, "Shorter, please."))])   # INTRO was first
    assert comments_of(result) == [("Dana Okafor", 1, "Shorter, please.")]


def test_a_block_edited_in_place_keeps_its_comment_to_check_and_a_trim_changes_nothing():
    edited = m.TextBlock("Ladders come in four kinds.")
    result = merge_review(course(edited, dataclasses.replace(VIDEO, in_s=2)),
                          [review(filed(0, INTRO, "Which kinds?"), filed(1, VIDEO, "Cut the intro."))])
    assert comments_of(result) == [("Dana Okafor", 0, "Which kinds?"), ("Dana Okafor", 1, "Cut the intro.")]
    assert result.on_module == {} and result.by_position == {"choose-ladder": 1}    # the edited text: to check


def test_a_comment_whose_block_is_gone_goes_to_its_module_and_is_counted():
    result = merge_review(course(QUIZ), [review(filed(1, INTRO, "Which kinds?"))])
    assert comments_of(result) == [("Dana Okafor", None, "Which kinds?")]
    assert result.on_module == {"choose-ladder": 1}


def test_the_same_file_twice_and_a_later_download_add_only_what_is_new():
    first = review(filed(0, INTRO, "Which kinds?"))
    once = merge_review(course(INTRO), [first]).course
    again = merge_review(once, [first, review(filed(0, INTRO, "Which kinds?"), filed(0, INTRO, "And sizes?",
                                                                                    at="2026-12-03T15:00:00Z"))])
    assert comments_of(again) == [("Dana Okafor", 0, "Which kinds?"), ("Dana Okafor", 0, "And sizes?")]
    assert again.added == {"choose-ladder": 1} and again.already == 2


def test_two_reviewers_saying_the_same_thing_are_two_comments():
    result = merge_review(course(INTRO), [review(filed(0, INTRO, "Typo.")),
                                          review(filed(0, INTRO, "Typo.", at="2026-12-03T16:20:00.125Z"), reviewer="Sam")])
    assert [a for a, _, _ in comments_of(result)] == ["Dana Okafor", "Sam"]


def test_a_reviewer_who_corrected_their_name_is_not_imported_twice():
    once = merge_review(course(INTRO), [review(filed(0, INTRO, "Typo."), reviewer="Dana Okafro")]).course
    again = merge_review(once, [review(filed(0, INTRO, "Typo."), filed(None, text="New."), reviewer="Dana Okafor")])
    assert comments_of(again) == [("Dana Okafro", 0, "Typo."), ("Dana Okafor", None, "New.")]


def test_comments_on_a_module_the_course_no_longer_has_are_reported_not_imported():
    result = merge_review(course(INTRO), [review(filed(0, INTRO), filed(None, module="old-module"),
                                                 filed(None, module="old-module", text="Again."))])
    assert [(u.module, u.count) for u in result.unplaced] == [("old-module", 2)]
    assert result.total_added == 1


def test_a_file_of_another_course_title_with_the_same_module_ids_is_imported_and_said():
    other = ReviewFile(Path("old.json"), "Ladder basics", "MMS-0", "Dana Okafor", (filed(None, text="Hm."),))
    result = merge_review(course(INTRO), [other])
    assert result.total_added == 1 and result.other_titles == [(Path("old.json"), "Ladder basics")]


def test_a_file_from_another_course_is_refused():
    with pytest.raises(ReviewFileError, match="it comes from the review of 'Ladder safety'"):
        merge_review(course(INTRO), [review(filed(None, module="forklifts"), filed(None, module="pallets"))])


def test_the_earlier_comments_stay_first_and_untouched():
    earlier = m.ReviewComment("Sam", "2026-11-30", "Old point.", 0, resolved=True)
    result = merge_review(course(INTRO, comments=(earlier,)), [review(filed(0, INTRO, "New point."))])
    assert result.course.module("choose-ladder").comments[0] == earlier
    assert comments_of(result)[1] == ("Dana Okafor", 0, "New point.")
