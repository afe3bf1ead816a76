"""The quiz editor alone, on a real session of the example course: gestures become quiz
commands run by the session, the check's problems appear inline, and what it writes reads back."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QRadioButton

from studio import model as m
from studio.editor.session import open_course
from studio.source.reader import parse_course
from studio.source.writer import course_to_yaml
from studio.ui import theme
from studio.ui.quiz_editor import QuizEditor

MODULE = "back-basics"


class Host:
    """What the inspector does: run each command on the session, show the new state again."""

    def __init__(self, qtbot, location: Path) -> None:
        self.session = open_course(location)
        module = self.session.state.course.module(MODULE)
        self.index = next(i for i, b in enumerate(module.blocks) if isinstance(b, m.QuizBlock))
        self.editor = QuizEditor()
        qtbot.addWidget(self.editor)
        self.typing: list[bool] = []
        self.editor.command_requested.connect(self.run)
        self.editor.editing_finished.connect(self.session.seal)
        self.editor.resize(900, 700)
        self.editor.show_block(self.session.state, MODULE, self.index)
        self.editor.show()
        qtbot.waitExposed(self.editor)

    def run(self, command, typing: bool) -> None:
        self.typing.append(typing)
        self.session.edit(command)
        self.editor.show_block(self.session.state, MODULE, self.index)

    def undo(self) -> None:
        self.session.undo()
        self.editor.show_block(self.session.state, MODULE, self.index)

    @property
    def quiz(self) -> m.QuizBlock:
        return self.session.state.course.module(MODULE).blocks[self.index]

    def codes(self) -> list[str]:
        return [p.code for p in self.session.state.problems_of(MODULE)]

    def add(self, kind: str) -> None:
        action = next(a for a in self.editor.add.menu().actions() if a.text() == _label(kind))
        action.trigger()

    def answers(self):
        return self.editor.editor.stack.currentWidget()


def _label(kind: str) -> str:
    from studio.editor.block_text import QUESTION_LABELS
    return QUESTION_LABELS[kind]


@pytest.fixture
def host(qtbot, example_copy):
    made = Host(qtbot, example_copy)
    yield made
    made.session.close()


def test_it_shows_the_example_quiz(host):
    editor, quiz = host.editor, host.quiz
    assert editor.list.topLevelItemCount() == len(quiz.questions) == 5
    assert editor.list.topLevelItem(0).text(1) == quiz.questions[0].prompt
    assert editor.pass_mark.text() == "80 %" and editor.attempts.value() == 3 and editor.draw.text() == "All questions"
    assert editor.editor.prompt.toPlainText() == quiz.questions[0].prompt
    rows = host.answers().rows
    assert [r["text"].text() for r in rows] == [c.text for c in quiz.questions[0].choices]
    assert isinstance(rows[0]["correct"], QRadioButton) and rows[0]["correct"].isChecked()
    assert rows[1]["feedback"].text() == quiz.questions[0].choices[1].feedback
    editor.select_question(1)
    assert isinstance(host.answers().rows[0]["correct"], QCheckBox)      # multiple: checkboxes


def test_typing_a_prompt_is_one_undo_step_and_keeps_the_cursor(qtbot, host):
    prompt = host.editor.editor.prompt
    before = prompt.toPlainText()
    prompt.setFocus()
    cursor = prompt.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    prompt.setTextCursor(cursor)
    qtbot.keyClicks(prompt, " Pick one.")
    assert host.quiz.questions[0].prompt == before + " Pick one."
    assert host.editor.editor.prompt is prompt and prompt.textCursor().position() == len(before + " Pick one.")
    assert host.typing and all(host.typing)
    assert host.session.history.undo_label == "Edit question prompt"
    assert host.editor.list.topLevelItem(0).toolTip(1).endswith("Pick one.")
    host.undo()
    assert host.quiz.questions[0].prompt == before and prompt.toPlainText() == before
    assert not host.session.history.can_undo          # the ten keystrokes were one step


def test_unticking_the_only_correct_choice_is_a_problem_shown_on_the_question(qtbot, host):
    assert "quiz.no-correct-answer" not in host.codes()
    toggle = host.answers().rows[0]["correct"]
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not any(c.correct for c in host.quiz.questions[0].choices)
    assert "quiz.no-correct-answer" in host.codes()
    assert host.editor.problem_questions() == {0: ["quiz.no-correct-answer"]}
    assert not host.editor.list.topLevelItem(0).icon(3).isNull()          # the badge on its row
    assert "has no correct choice" in host.editor.list.topLevelItem(0).toolTip(3)
    lines = [host.editor.editor.problems.itemAt(i).widget() for i in range(host.editor.editor.problems.count())]
    assert [line.problem.code for line in lines] == ["quiz.no-correct-answer"]
    host.undo()
    assert "quiz.no-correct-answer" not in host.codes()
    assert host.editor.list.topLevelItem(0).icon(3).isNull() and host.editor.editor.problems.count() == 0
    assert host.answers().rows[0]["correct"].isChecked()


def test_single_choice_ticks_one_only(qtbot, host):
    qtbot.mouseClick(host.answers().rows[2]["correct"], Qt.MouseButton.LeftButton)
    assert [c.correct for c in host.quiz.questions[0].choices] == [False, False, True]
    assert [r["correct"].isChecked() for r in host.answers().rows] == [False, False, True]


def test_add_a_matching_question_and_fill_its_pairs(qtbot, host):
    host.editor.select_question(4)
    host.add("matching")
    assert host.editor.selected_question() == 5 and host.quiz.questions[5].kind == "matching"
    assert host.session.history.undo_label == "Add question"
    pairs = host.answers()
    qtbot.mouseClick(pairs.add, Qt.MouseButton.LeftButton)
    assert len(host.quiz.questions[5].pairs) == 3
    for row, (left, right) in enumerate([("Lumbar", "Lower back"), ("Cervical", "Neck"), ("Thoracic", "Upper back")]):
        for key, text in (("left", left), ("right", right)):
            edit: QLineEdit = pairs.rows[row][key]
            edit.selectAll()
            qtbot.keyClicks(edit, text)
    assert host.quiz.questions[5].pairs == (("Lumbar", "Lower back"), ("Cervical", "Neck"), ("Thoracic", "Upper back"))
    assert "quiz.too-few-items" not in host.codes()


def test_reorder_ordering_items(qtbot, host):
    host.add("ordering")
    question = host.editor.selected_question()
    items = host.answers()
    assert host.quiz.questions[question].items == ("First step", "Second step", "Third step")
    qtbot.mouseClick(items.rows[0]["down"], Qt.MouseButton.LeftButton)
    assert host.quiz.questions[question].items == ("Second step", "First step", "Third step")
    assert host.session.history.undo_label == "Move item"
    assert [r["text"].text() for r in items.rows] == ["Second step", "First step", "Third step"]
    assert not items.rows[0]["up"].isEnabled() and not items.rows[2]["down"].isEnabled()
    qtbot.mouseClick(items.rows[2]["up"], Qt.MouseButton.LeftButton)
    assert host.quiz.questions[question].items == ("Second step", "Third step", "First step")


def test_move_and_remove_questions_with_the_keyboard(qtbot, host):
    first = host.quiz.questions[0]
    host.editor.list.setFocus()
    qtbot.keyClick(host.editor.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert host.quiz.questions[1] == first and host.editor.selected_question() == 1
    qtbot.keyClick(host.editor.list, Qt.Key.Key_Delete)
    assert first not in host.quiz.questions and len(host.quiz.questions) == 4
    assert host.session.history.undo_label == "Remove question"


def test_change_the_pass_mark_attempts_and_draw(qtbot, host):
    spin = host.editor.pass_mark
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "65")
    assert host.quiz.pass_mark == 65
    assert host.session.history.undo_label == "Edit pass mark"
    host.undo()
    assert host.quiz.pass_mark == 80 and spin.value() == 80          # "6" then "65": one step
    host.editor.attempts.setValue(0)
    assert host.quiz.attempts is None and host.editor.attempts.text() == "Unlimited"
    host.editor.draw.setValue(3)
    assert host.quiz.draw == 3 and host.editor.draw_caption.text() == "at random from 5"
    assert host.editor.draw.maximum() == 5


def test_kind_points_feedback_and_concepts(qtbot, host):
    editor = host.editor.editor
    editor.kind.setCurrentIndex(editor.kind.findData("multiple"))
    editor.kind.activated.emit(editor.kind.currentIndex())
    assert host.quiz.questions[0].kind == "multiple" and isinstance(host.answers().rows[0]["correct"], QCheckBox)
    editor.points.setValue(2.5)
    assert host.quiz.questions[0].points == 2.5
    qtbot.keyClicks(editor.feedback["incorrect"], "Think of the lower back.")
    assert host.quiz.questions[0].feedback_incorrect == "Think of the lower back."
    qtbot.keyClicks(editor.concepts.entry, "forklift-driving")
    qtbot.keyClick(editor.concepts.entry, Qt.Key.Key_Return)
    assert host.quiz.questions[0].concepts == ("forklift-driving",)
    assert "quiz.unknown-concept" in host.codes()                 # the module does not introduce it
    assert host.editor.problem_questions()[0] == ["quiz.unknown-concept"]
    chip = editor.concepts.chips.itemAt(0).widget()
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert host.quiz.questions[0].concepts == () and "quiz.unknown-concept" not in host.codes()
    completions = editor.concepts.completions.stringList()
    assert completions == ["back-anatomy", "neutral-spine", "site-induction"]     # the module's concepts
    qtbot.keyClicks(editor.concepts.entry, "neutral-spine")
    qtbot.keyClick(editor.concepts.entry, Qt.Key.Key_Return)
    assert host.quiz.questions[0].concepts == ("neutral-spine",) and "quiz.unknown-concept" not in host.codes()
    assert editor.concepts.completions.stringList() == ["back-anatomy", "site-induction"]


def test_every_kind_round_trips_through_the_writer(qtbot, host):
    host.editor.select_question(4)
    for kind in m.QUESTION_KINDS:
        host.add(kind)
        answers = host.answers()
        if kind in m.CHOICE_KINDS:
            qtbot.mouseClick(answers.add, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(answers.rows[-1]["feedback"], "Not this one.")
        elif kind == "true_false":
            qtbot.mouseClick(answers.false, Qt.MouseButton.LeftButton)
        elif kind == "fill_blank":
            qtbot.mouseClick(answers.add, Qt.MouseButton.LeftButton)
            answers.rows[-1]["text"].selectAll()
            qtbot.keyClicks(answers.rows[-1]["text"], "words")
        elif kind == "matching":
            qtbot.mouseClick(answers.rows[0]["remove"], Qt.MouseButton.LeftButton)
        else:
            qtbot.mouseClick(answers.rows[1]["up"], Qt.MouseButton.LeftButton)
    kinds = [q.kind for q in host.quiz.questions[5:]]
    assert kinds == list(m.QUESTION_KINDS)
    added = {q.kind: q for q in host.quiz.questions[5:]}
    assert added["single"].choices[-1] == m.Choice("New choice", feedback="Not this one.")
    assert added["true_false"].answer is False and added["fill_blank"].answers == ("word", "words")
    assert len(added["matching"].pairs) == 1 and added["ordering"].items[0] == "Second step"
    course = host.session.state.course
    assert parse_course(course_to_yaml(course)) == course


@pytest.fixture
def themed(qapp):
    """The studio's look for this test only (other tests keep the application as they found it)."""
    saved = (qapp.style().name(), qapp.palette(), qapp.font(), qapp.styleSheet())
    theme.apply(qapp)
    yield
    qapp.setStyle(saved[0])
    qapp.setPalette(saved[1])
    qapp.setFont(saved[2])
    qapp.setStyleSheet(saved[3])


def test_the_screenshot_shows_the_editor(qtbot, themed, host):
    host.editor.select_question(1)        # multiple response: checkboxes and per-choice feedback
    host.editor.setFocus()
    qtbot.wait(100)                       # the layouts settle in the event loop
    image = host.editor.grab().toImage()
    assert (image.width(), image.height()) == (900, 700)
    target = os.environ.get("STUDIO_SCREENSHOTS")
    if target:
        image.save(str(Path(target) / "quiz_editor.png"))
    colours = {image.pixelColor(x, y).name() for x in range(0, 900, 7) for y in range(0, 700, 7)}
    assert "#ffffff" in colours and len(colours) > 20            # painted, not a blank grab
