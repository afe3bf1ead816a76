"""Quiz commands: each applies, reverts exactly, redoes, refuses bad input with a reason, keeps
the quiz writable (the YAML writer's output reads back equal) and is judged by the real check."""
from __future__ import annotations

import pytest

from studio import model as m
from studio.editor import quiz_commands as q
from studio.editor.commands import EditError
from studio.editor.history import History
from studio.rules.check import check_course
from studio.source.reader import parse_course
from studio.source.writer import course_to_yaml

SINGLE = m.Question("single", "Which step comes first?", choices=(
    m.Choice("Plan the lift", correct=True, feedback="Planning avoids surprises."),
    m.Choice("Bend your knees", feedback="That is step three."), m.Choice("Grip")))
MULTIPLE = m.Question("multiple", "Which are signs of a load too heavy?", choices=(
    m.Choice("You cannot see over it", correct=True), m.Choice("It weighs 30 kg", correct=True),
    m.Choice("It is blue")), points=2.0, concepts=("load",))
TRUE_FALSE = m.Question("true_false", "You should twist while lifting.", answer=False)
FILL = m.Question("fill_blank", "Keep the load ____ to your body.", answers=("close", "near"))
MATCHING = m.Question("matching", "Match each step to its purpose.",
                      pairs=(("Plan", "Avoid surprises"), ("Grip", "Control the load")))
ORDERING = m.Question("ordering", "Put the steps in order.", items=("Plan", "Bend knees", "Lift"))


def course() -> m.Course:
    quiz = m.QuizBlock((SINGLE, MULTIPLE, TRUE_FALSE, FILL, MATCHING, ORDERING), pass_mark=80, attempts=2, draw=6)
    module = m.Module("lift", "Lift safely", objective="List the five steps of a safe lift",
                      introduces=("load",), blocks=(m.TextBlock("Intro"), quiz))
    return m.Course("Safety", modules=(module,))


def quiz_of(c: m.Course) -> m.QuizBlock:
    return c.module("lift").blocks[1]


def roundtrip(command):
    """Apply, undo, redo: undo gives the course back exactly, redo the same result; the result
    survives the YAML writer and reader."""
    before = course()
    after, changes = command.apply(before)
    assert after != before
    assert changes.modules == {"lift"} and changes.blocks == {("lift", 1)}
    reverted, again = command.revert(after)
    assert reverted == before and again == changes
    assert command.apply(reverted)[0] == after
    assert parse_course(course_to_yaml(after)) == after
    return quiz_of(after)


def codes(c: m.Course) -> list[str]:
    return [p.code for p in check_course(c, {}).problems if p.code.startswith("quiz.")]


def test_the_example_quiz_is_clean_to_start_with():
    assert codes(course()) == []
    assert parse_course(course_to_yaml(course())) == course()


def test_quiz_settings():
    assert roundtrip(q.SetPassMark("lift", 1, 65)).pass_mark == 65.0
    assert roundtrip(q.SetPassMark("lift", 1, None)).pass_mark is None
    assert roundtrip(q.SetAttempts("lift", 1, 5)).attempts == 5
    assert roundtrip(q.SetAttempts("lift", 1, None)).attempts is None      # unlimited
    assert roundtrip(q.SetDraw("lift", 1, 3)).draw == 3
    assert roundtrip(q.SetDraw("lift", 1, None)).draw is None
    assert q.SetPassMark("lift", 1, 1).label == "Edit pass mark"


def test_questions_added_duplicated_removed_moved():
    for kind in m.QUESTION_KINDS:
        quiz = roundtrip(q.AddQuestion("lift", 1, kind, 0))
        assert quiz.questions[0].kind == kind and len(quiz.questions) == 7
        added = course()
        added = q.AddQuestion("lift", 1, kind).apply(added)[0]
        assert codes(added) == [], f"a new {kind} question should pass the checks"
    quiz = roundtrip(q.DuplicateQuestion("lift", 1, 2))
    assert quiz.questions[2] == quiz.questions[3] == TRUE_FALSE
    quiz = roundtrip(q.RemoveQuestion("lift", 1, 0))
    assert quiz.questions[0] == MULTIPLE and quiz.draw == 5        # the draw follows: never more than it has
    quiz = roundtrip(q.MoveQuestion("lift", 1, 0, 5))
    assert [x.kind for x in quiz.questions] == ["multiple", "true_false", "fill_blank", "matching", "ordering",
                                                "single"]
    assert (q.AddQuestion("lift", 1, "single").label, q.RemoveQuestion("lift", 1, 0).label,
            q.MoveQuestion("lift", 1, 0, 1).label, q.DuplicateQuestion("lift", 1, 0).label) == (
        "Add question", "Remove question", "Move question", "Duplicate question")


def test_question_fields():
    quiz = roundtrip(q.SetQuestionPrompt("lift", 1, 0, "What comes first?"))
    assert quiz.questions[0].prompt == "What comes first?" and quiz.questions[0].choices == SINGLE.choices
    assert roundtrip(q.SetQuestionPoints("lift", 1, 1, 3.5)).questions[1].points == 3.5
    quiz = roundtrip(q.SetQuestionFeedback("lift", 1, 2, "correct", "Right: twisting strains the discs."))
    assert quiz.questions[2].feedback_correct == "Right: twisting strains the discs."
    quiz = roundtrip(q.SetQuestionFeedback("lift", 1, 2, "incorrect", "Never twist."))
    assert quiz.questions[2].feedback_incorrect == "Never twist."
    assert roundtrip(q.SetQuestionConcepts("lift", 1, 0, ["load"])).questions[0].concepts == ("load",)
    assert roundtrip(q.SetQuestionConcepts("lift", 1, 1, [])).questions[1].concepts == ()
    cleared = q.SetQuestionFeedback("lift", 1, 0, "correct", "   ").apply(
        q.SetQuestionFeedback("lift", 1, 0, "correct", "x").apply(course())[0])[0]
    assert quiz_of(cleared).questions[0].feedback_correct is None      # blank feedback is no feedback
    assert q.SetQuestionPrompt("lift", 1, 0, "x").label == "Edit question prompt"
    assert q.SetQuestionFeedback("lift", 1, 0, "incorrect", "x").label == "Edit incorrect feedback"


def test_choices():
    quiz = roundtrip(q.AddChoice("lift", 1, 0))
    assert quiz.questions[0].choices[-1] == m.Choice("New choice")
    quiz = roundtrip(q.AddChoice("lift", 1, 0, "Check the route", at=1))
    assert quiz.questions[0].choices[1].text == "Check the route"
    quiz = roundtrip(q.RemoveChoice("lift", 1, 0, 1))
    assert [c.text for c in quiz.questions[0].choices] == ["Plan the lift", "Grip"]
    quiz = roundtrip(q.MoveChoice("lift", 1, 0, 0, 2))
    assert [c.text for c in quiz.questions[0].choices] == ["Bend your knees", "Grip", "Plan the lift"]
    quiz = roundtrip(q.SetChoiceText("lift", 1, 0, 2, "Grip firmly"))
    assert quiz.questions[0].choices[2] == m.Choice("Grip firmly")
    quiz = roundtrip(q.SetChoiceFeedback("lift", 1, 0, 2, "That is step four."))
    assert quiz.questions[0].choices[2].feedback == "That is step four."
    assert roundtrip(q.SetChoiceFeedback("lift", 1, 0, 0, "")).questions[0].choices[0].feedback is None
    assert q.AddChoice("lift", 1, 0).label == "Add choice" and q.RemoveChoice("lift", 1, 0, 0).label == "Remove choice"


def test_single_choice_has_radio_semantics_and_multiple_has_checkboxes():
    quiz = roundtrip(q.SetChoiceCorrect("lift", 1, 0, 2, True))
    assert [c.correct for c in quiz.questions[0].choices] == [False, False, True]
    quiz = roundtrip(q.SetChoiceCorrect("lift", 1, 1, 2, True))
    assert [c.correct for c in quiz.questions[1].choices] == [True, True, True]
    quiz = roundtrip(q.SetChoiceCorrect("lift", 1, 1, 0, False))
    assert [c.correct for c in quiz.questions[1].choices] == [False, True, False]
    assert q.SetChoiceCorrect("lift", 1, 0, 0, True).label == "Mark choice correct"
    assert q.SetChoiceCorrect("lift", 1, 0, 0, False).label == "Mark choice incorrect"


def test_unticking_the_last_correct_choice_is_reported_by_the_check_and_undo_clears_it():
    history = History(course())
    history.push(q.SetChoiceCorrect("lift", 1, 0, 0, False))
    assert "quiz.no-correct-answer" in codes(history.course)
    problem = next(p for p in check_course(history.course, {}).problems if p.code == "quiz.no-correct-answer")
    assert problem.module == "lift" and problem.block == 1 and problem.message.startswith("question 1 ")
    assert history.undo_label == "Mark choice incorrect"
    history.undo()
    assert "quiz.no-correct-answer" not in codes(history.course)
    history.redo()
    assert "quiz.no-correct-answer" in codes(history.course)


def test_true_false_and_list_entries():
    assert roundtrip(q.SetTrueFalseAnswer("lift", 1, 2, True)).questions[2].answer is True
    quiz = roundtrip(q.AddEntry("lift", 1, 3, "answers", "next"))
    assert quiz.questions[3].answers == ("close", "near", "next")
    assert roundtrip(q.SetEntry("lift", 1, 3, "answers", 1, "nearby")).questions[3].answers == ("close", "nearby")
    assert roundtrip(q.RemoveEntry("lift", 1, 3, "answers", 0)).questions[3].answers == ("near",)
    quiz = roundtrip(q.AddEntry("lift", 1, 4, "pairs", ("Lift", "Use your legs"), at=0))
    assert quiz.questions[4].pairs[0] == ("Lift", "Use your legs")
    quiz = roundtrip(q.SetEntry("lift", 1, 4, "pairs", 1, ("Grip", "Hold firmly")))
    assert quiz.questions[4].pairs[1] == ("Grip", "Hold firmly")
    assert roundtrip(q.MoveEntry("lift", 1, 4, "pairs", 0, 1)).questions[4].pairs[0][0] == "Grip"
    quiz = roundtrip(q.MoveEntry("lift", 1, 5, "items", 2, 0))
    assert quiz.questions[5].items == ("Lift", "Plan", "Bend knees")
    assert roundtrip(q.AddEntry("lift", 1, 5, "items", "Set down")).questions[5].items[-1] == "Set down"
    assert [q.AddEntry("lift", 1, 3, "answers", "x").label, q.RemoveEntry("lift", 1, 4, "pairs", 0).label,
            q.MoveEntry("lift", 1, 5, "items", 0, 1).label, q.SetEntry("lift", 1, 5, "items", 0, "x").label] == [
        "Add accepted answer", "Remove pair", "Move item", "Edit item"]


@pytest.mark.parametrize("kind", m.QUESTION_KINDS)
def test_every_kind_converts_to_every_other_keeping_what_it_can(kind):
    for source in range(6):
        command = q.ChangeQuestionKind("lift", 1, source, kind)
        original = quiz_of(course()).questions[source]
        if original.kind == kind:
            continue
        quiz = roundtrip(command)
        converted = quiz.questions[source]
        assert converted.kind == kind and converted.prompt == original.prompt
        assert (converted.points, converted.concepts) == (original.points, original.concepts)
        assert command.label == "Change question kind"


def test_conversions_carry_the_answers_over():
    quiz = roundtrip(q.ChangeQuestionKind("lift", 1, 1, "single"))     # two correct: only the first stays
    assert [c.correct for c in quiz.questions[1].choices] == [True, False, False]
    quiz = roundtrip(q.ChangeQuestionKind("lift", 1, 0, "multiple"))
    assert quiz.questions[0].choices == SINGLE.choices
    quiz = roundtrip(q.ChangeQuestionKind("lift", 1, 2, "single"))     # false: the "False" choice is correct
    assert [(c.text, c.correct) for c in quiz.questions[2].choices] == [("True", False), ("False", True)]
    assert roundtrip(q.ChangeQuestionKind("lift", 1, 1, "fill_blank")).questions[1].answers == (
        "You cannot see over it", "It weighs 30 kg")
    assert roundtrip(q.ChangeQuestionKind("lift", 1, 3, "multiple")).questions[3].choices == (
        m.Choice("close", True), m.Choice("near", True))
    assert roundtrip(q.ChangeQuestionKind("lift", 1, 4, "ordering")).questions[4].items == ("Plan", "Grip")
    assert roundtrip(q.ChangeQuestionKind("lift", 1, 5, "matching")).questions[5].pairs[0] == ("Plan", "Meaning 1")


def test_typing_in_one_field_is_one_undo_step():
    history = History(course())
    for text in ("W", "Wh", "What comes first?"):
        history.push(q.SetQuestionPrompt("lift", 1, 0, text))
    history.push(q.SetChoiceText("lift", 1, 0, 1, "Bend"))
    history.push(q.SetChoiceText("lift", 1, 0, 1, "Bend both knees"))
    history.push(q.SetChoiceText("lift", 1, 0, 2, "Grip it"))       # another choice: another step
    history.push(q.SetPassMark("lift", 1, 7))
    history.push(q.SetPassMark("lift", 1, 75))
    assert quiz_of(history.course).questions[0].prompt == "What comes first?"
    labels = []
    while history.can_undo:
        labels.append(history.undo_label)
        history.undo()
    assert labels == ["Edit pass mark", "Edit choice", "Edit choice", "Edit question prompt"]
    assert history.course == course()
    history.redo()
    assert quiz_of(history.course).questions[0].prompt == "What comes first?"


def test_structural_edits_never_merge():
    history = History(course())
    history.push(q.AddChoice("lift", 1, 0))
    history.push(q.AddChoice("lift", 1, 0))
    history.push(q.SetChoiceCorrect("lift", 1, 1, 2, True))
    history.push(q.SetChoiceCorrect("lift", 1, 1, 2, False))
    count = 0
    while history.can_undo:
        history.undo()
        count += 1
    assert count == 4


@pytest.mark.parametrize("command, message", [
    (q.SetPassMark("lift", 1, 120), "between 0 and 100"),
    (q.SetPassMark("lift", 1, -1), "between 0 and 100"),
    (q.SetPassMark("lift", 1, float("nan")), "between 0 and 100"),
    (q.SetAttempts("lift", 1, 0), "attempts must be at least 1"),
    (q.SetAttempts("lift", 1, 1.5), "whole number"),
    (q.SetDraw("lift", 1, 7), "cannot draw 7 questions from a quiz of 6"),
    (q.SetDraw("lift", 1, 0), "at least 1"),
    (q.SetPassMark("lift", 0, 50), "block 1 is text, not a quiz"),
    (q.SetPassMark("nope", 1, 50), "no module 'nope'"),
    (q.AddQuestion("lift", 1, "single", 9), "position 10"),
    (q.RemoveQuestion("lift", 1, 6), "has no question 7"),
    (q.MoveQuestion("lift", 1, 0, 6), "position 7 of 6"),
    (q.ChangeQuestionKind("lift", 1, 0, "essay"), "unknown question kind 'essay'"),
    (q.SetQuestionPrompt("lift", 1, 0, "  "), "prompt must not be empty"),
    (q.SetQuestionPoints("lift", 1, 0, -1), "at least 0"),
    (q.SetQuestionFeedback("lift", 1, 0, "partial", "x"), "correct or an incorrect answer"),
    (q.SetQuestionConcepts("lift", 1, 0, ["load", "load"]), "'load' is listed twice"),
    (q.SetQuestionConcepts("lift", 1, 0, [" "]), "must not be empty"),
    (q.AddChoice("lift", 1, 2), "true/false question has no choices"),
    (q.AddChoice("lift", 1, 0, ""), "choice's text must not be empty"),
    (q.SetChoiceText("lift", 1, 0, 5, "x"), "has no choice 6"),
    (q.SetChoiceText("lift", 1, 0, 0, ""), "choice's text must not be empty"),
    (q.MoveChoice("lift", 1, 0, 0, 3), "position 4 of 3"),
    (q.SetTrueFalseAnswer("lift", 1, 0, True), "single choice question has no true/false answer"),
    (q.AddEntry("lift", 1, 0, "answers", "x"), "single choice question has no accepted answers"),
    (q.AddEntry("lift", 1, 3, "answers", " "), "an accepted answer must not be empty"),
    (q.SetEntry("lift", 1, 4, "pairs", 0, ("Plan", "")), "right side of a pair must not be empty"),
    (q.SetEntry("lift", 1, 4, "pairs", 0, "Plan"), "a pair is two texts"),
    (q.SetEntry("lift", 1, 5, "items", 3, "x"), "has no item 4"),
    (q.AddEntry("lift", 1, 5, "steps", "x"), "no list 'steps'"),
])
def test_bad_edits_are_refused_with_a_reason(command, message):
    with pytest.raises(EditError, match=message):
        command.apply(course())


def test_what_would_make_the_quiz_unwritable_is_refused():
    c = course()
    for source in range(5):
        c = q.RemoveQuestion("lift", 1, 0).apply(c)[0]
    assert quiz_of(c).draw == 1
    with pytest.raises(EditError, match="at least one question"):
        q.RemoveQuestion("lift", 1, 0).apply(c)
    c = q.RemoveChoice("lift", 1, 0, 0).apply(q.RemoveChoice("lift", 1, 0, 0).apply(course())[0])[0]
    with pytest.raises(EditError, match="keeps at least one choice"):
        q.RemoveChoice("lift", 1, 0, 0).apply(c)
    assert "quiz.too-few-choices" in codes(c)       # one choice is writable, and reported
    c = q.RemoveEntry("lift", 1, 3, "answers", 0).apply(course())[0]
    with pytest.raises(EditError, match="fill-in question keeps at least one accepted answer"):
        q.RemoveEntry("lift", 1, 3, "answers", 0).apply(c)
