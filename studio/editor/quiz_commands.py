"""Undoable edits of a quiz block: its settings, its questions and each question's answers.

Every command keeps the quiz writable: the YAML reader must read back what the writer
writes (``studio/source``), so a question holds only its own kind's answer field, never an
empty list of choices, answers, pairs or items, never a blank prompt or choice, and a quiz
keeps at least one question and never draws more than it has. What would break that is an
:class:`EditError` naming the question. What the checker reports instead (no correct choice,
one choice only) stays possible: the designer sees the problem and fixes it.

A quiz is named by its module id and block index, a question by its index in the quiz,
a choice or entry by its index in the question (all from 0; messages count from 1).
"""
from __future__ import annotations

import abc

import math
from dataclasses import replace

from studio import model as m
from studio.editor.changes import Changes, module_changed
from studio.editor.commands import Command, EditError, _ModuleEdit, get_block

KIND_NAMES = {"single": "single choice", "multiple": "multiple choice", "true_false": "true/false",
              "fill_blank": "fill-in", "matching": "matching", "ordering": "ordering"}
LIST_FIELDS = {"answers": "fill_blank", "pairs": "matching", "items": "ordering"}   # field -> its question kind
ENTRY_NOUNS = {"answers": "accepted answer", "pairs": "pair", "items": "item"}
FEEDBACK_FIELDS = {"correct": "feedback_correct", "incorrect": "feedback_incorrect"}
_EMPTY_ANSWERS = {"choices": (), "answer": None, "answers": (), "pairs": (), "items": ()}


def new_question(kind: str) -> m.Question:
    """A question of ``kind`` with placeholder content that passes the checks, for the designer to replace."""
    if kind == "single":
        return m.Question("single", "New question", choices=(
            m.Choice("The right answer", correct=True), m.Choice("A plausible wrong answer")))
    if kind == "multiple":
        return m.Question("multiple", "New question: select all that apply", choices=(
            m.Choice("A right answer", correct=True), m.Choice("Another right answer", correct=True),
            m.Choice("A wrong answer")))
    if kind == "true_false":
        return m.Question("true_false", "A statement to judge", answer=True)
    if kind == "fill_blank":
        return m.Question("fill_blank", "Complete the sentence with the missing ____.", answers=("word",))
    if kind == "matching":
        return m.Question("matching", "Match each term to its meaning.",
                          pairs=(("Term 1", "Meaning 1"), ("Term 2", "Meaning 2")))
    if kind == "ordering":
        return m.Question("ordering", "Put the steps in order.", items=("First step", "Second step", "Third step"))
    raise EditError(f"unknown question kind '{kind}' (expected {' | '.join(m.QUESTION_KINDS)})")


def convert_question(question: m.Question, kind: str) -> m.Question:
    """``question`` as a ``kind`` question: prompt, points, feedback and concepts kept, and the
    answers carried over where they mean something in the new kind (choices ↔ accepted answers,
    items; a true/false answer as True/False choices); the rest is placeholder content."""
    if kind not in m.QUESTION_KINDS:
        raise EditError(f"unknown question kind '{kind}' (expected {' | '.join(m.QUESTION_KINDS)})")
    if kind == question.kind:
        return question
    texts = _texts(question)
    base = replace(question, kind=kind, **_EMPTY_ANSWERS)
    if kind in m.CHOICE_KINDS:
        if question.kind in m.CHOICE_KINDS:
            choices = question.choices
        elif question.kind == "true_false":
            choices = (m.Choice("True", correct=question.answer is True),
                       m.Choice("False", correct=question.answer is False))
        elif question.kind == "fill_blank":
            choices = tuple(m.Choice(t, correct=True) for t in texts)
        else:
            choices = tuple(m.Choice(t) for t in texts)
        if kind == "single":
            choices = _only_first_correct(choices)
        return replace(base, choices=choices or new_question(kind).choices)
    if kind == "true_false":
        return replace(base, answer=True)
    if kind == "fill_blank":
        correct = tuple(c.text for c in question.choices if c.correct) if question.kind in m.CHOICE_KINDS else texts
        return replace(base, answers=correct or new_question(kind).answers)
    if kind == "matching":
        pairs = tuple((t, f"Meaning {n}") for n, t in enumerate(texts, 1))
        return replace(base, pairs=pairs or new_question(kind).pairs)
    return replace(base, items=texts or new_question(kind).items)


def _texts(question: m.Question) -> tuple[str, ...]:
    """The answer texts a question holds, whatever its kind (pairs give their left sides)."""
    if question.kind in m.CHOICE_KINDS:
        return tuple(c.text for c in question.choices)
    if question.kind == "matching":
        return tuple(left for left, _ in question.pairs)
    return question.answers or question.items


def _only_first_correct(choices: tuple[m.Choice, ...]) -> tuple[m.Choice, ...]:
    first = next((i for i, c in enumerate(choices) if c.correct), None)
    return tuple(replace(c, correct=i == first) for i, c in enumerate(choices))


def _text(value: str | None, what: str, where: str) -> str:
    if value is None or not str(value).strip():
        raise EditError(f"{what} must not be empty", where=where)
    return str(value)


def _optional(value: str | None) -> str | None:
    return value if (value or "").strip() else None


# -- the quiz ------------------------------------------------------------------------------
class _QuizEdit(_ModuleEdit):
    """An edit of the quiz at block ``index`` of a module. ``merges`` commands (typing in one
    field) absorb a later command of the same class on the same :meth:`target`."""
    merges = False

    def __init__(self, module_id: str, index: int) -> None:
        super().__init__(module_id)
        self.index = index

    def changes(self) -> Changes:
        return module_changed(self.module_id, self.index)

    @property
    def where(self) -> str:
        return f"{self.module_id} block {self.index + 1}"

    def edit(self, module: m.Module) -> m.Module:
        block = get_block(module, self.index)
        if not isinstance(block, m.QuizBlock):
            raise EditError(f"block {self.index + 1} is {block.kind}, not a quiz", where=module.id)
        blocks = list(module.blocks)
        blocks[self.index] = self.edit_quiz(block)
        return replace(module, blocks=tuple(blocks))

    @abc.abstractmethod
    def edit_quiz(self, quiz: m.QuizBlock) -> m.QuizBlock:
        """What the subclass changes."""

    def target(self) -> tuple:
        return (self.module_id, self.index)

    def merge_with(self, later: Command) -> bool:
        return (self.merges and type(later) is type(self) and later.target() == self.target()
                and self._merge_after(later))


def _whole(value, name: str, minimum: int, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise EditError(f"{name} must be a whole number, got {value!r}", where=where)
    if value < minimum:
        raise EditError(f"{name} must be at least {minimum}, got {value:g}", where=where)
    return int(value)


class SetPassMark(_QuizEdit):
    label, merges = "Edit pass mark", True

    def __init__(self, module_id: str, index: int, pass_mark: float | None) -> None:
        super().__init__(module_id, index)
        self.pass_mark = pass_mark

    def edit_quiz(self, quiz):
        value = self.pass_mark
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not math.isfinite(value) or not 0 <= value <= 100):
            raise EditError(f"the pass mark is a percentage between 0 and 100, got {value!r}", where=self.where)
        return replace(quiz, pass_mark=None if value is None else float(value))


class SetAttempts(_QuizEdit):
    label, merges = "Edit attempts", True

    def __init__(self, module_id: str, index: int, attempts: int | None) -> None:
        super().__init__(module_id, index)
        self.attempts = attempts      # None: unlimited

    def edit_quiz(self, quiz):
        return replace(quiz, attempts=_whole(self.attempts, "attempts", 1, self.where))


class SetDraw(_QuizEdit):
    label, merges = "Edit draw", True

    def __init__(self, module_id: str, index: int, draw: int | None) -> None:
        super().__init__(module_id, index)
        self.draw = draw              # None: every question, in order

    def edit_quiz(self, quiz):
        draw = _whole(self.draw, "the draw", 1, self.where)
        if draw is not None and draw > len(quiz.questions):
            raise EditError(f"cannot draw {draw} questions from a quiz of {len(quiz.questions)}", where=self.where)
        return replace(quiz, draw=draw)


class AddQuestion(_QuizEdit):
    label = "Add question"

    def __init__(self, module_id: str, index: int, kind: str, at: int | None = None) -> None:
        super().__init__(module_id, index)
        self.kind, self.at = kind, at
        self.question = new_question(kind)

    def edit_quiz(self, quiz):
        at = len(quiz.questions) if self.at is None else self.at
        if not 0 <= at <= len(quiz.questions):
            raise EditError(f"cannot add a question at position {at + 1}", where=self.where)
        self.at = at
        return replace(quiz, questions=quiz.questions[:at] + (self.question,) + quiz.questions[at:])


class _QuestionEdit(_QuizEdit):
    """An edit of question ``question`` of the quiz."""

    def __init__(self, module_id: str, index: int, question: int) -> None:
        super().__init__(module_id, index)
        self.question = question

    @property
    def where(self) -> str:
        return f"{self.module_id} block {self.index + 1} question {self.question + 1}"

    def target(self) -> tuple:
        return (self.module_id, self.index, self.question)

    def get_question(self, quiz: m.QuizBlock) -> m.Question:
        if not 0 <= self.question < len(quiz.questions):
            raise EditError(f"the quiz has no question {self.question + 1} (it has {len(quiz.questions)})",
                            where=f"{self.module_id} block {self.index + 1}")
        return quiz.questions[self.question]


class _QuestionFieldEdit(_QuestionEdit):
    """An edit inside one question (its prompt, answers, feedback…), the rest of the quiz kept."""

    def edit_quiz(self, quiz):
        question = self.edit_question(self.get_question(quiz))
        questions = list(quiz.questions)
        questions[self.question] = question
        return replace(quiz, questions=tuple(questions))

    @abc.abstractmethod
    def edit_question(self, question: m.Question) -> m.Question:
        """What the subclass changes in the question."""


class DuplicateQuestion(_QuestionEdit):
    label = "Duplicate question"

    def edit_quiz(self, quiz):
        at = self.question + 1
        return replace(quiz, questions=quiz.questions[:at] + (self.get_question(quiz),) + quiz.questions[at:])


class RemoveQuestion(_QuestionEdit):
    label = "Remove question"

    def edit_quiz(self, quiz):
        self.get_question(quiz)
        if len(quiz.questions) == 1:
            raise EditError("a quiz keeps at least one question: remove the quiz block instead", where=self.where)
        questions = quiz.questions[:self.question] + quiz.questions[self.question + 1:]
        draw = min(quiz.draw, len(questions)) if quiz.draw is not None else None   # never more than it has
        return replace(quiz, questions=questions, draw=draw)


class MoveQuestion(_QuestionEdit):
    label = "Move question"

    def __init__(self, module_id: str, index: int, question: int, target: int) -> None:
        super().__init__(module_id, index, question)
        self.to = target

    def edit_quiz(self, quiz):
        self.get_question(quiz)
        if not 0 <= self.to < len(quiz.questions):
            raise EditError(f"cannot move a question to position {self.to + 1} of {len(quiz.questions)}",
                            where=self.where)
        questions = list(quiz.questions)
        questions.insert(self.to, questions.pop(self.question))
        return replace(quiz, questions=tuple(questions))


class ChangeQuestionKind(_QuestionFieldEdit):
    label = "Change question kind"

    def __init__(self, module_id: str, index: int, question: int, kind: str) -> None:
        super().__init__(module_id, index, question)
        self.kind = kind

    def edit_question(self, question):
        return convert_question(question, self.kind)


class SetQuestionPrompt(_QuestionFieldEdit):
    label, merges = "Edit question prompt", True

    def __init__(self, module_id: str, index: int, question: int, prompt: str) -> None:
        super().__init__(module_id, index, question)
        self.prompt = prompt

    def edit_question(self, question):
        return replace(question, prompt=_text(self.prompt, "a question's prompt", self.where))


class SetQuestionPoints(_QuestionFieldEdit):
    label, merges = "Edit points", True

    def __init__(self, module_id: str, index: int, question: int, points: float) -> None:
        super().__init__(module_id, index, question)
        self.points = points

    def edit_question(self, question):
        value = self.points
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise EditError(f"points must be a number of at least 0, got {value!r}", where=self.where)
        return replace(question, points=float(value))


class SetQuestionFeedback(_QuestionFieldEdit):
    """The feedback shown when the answer is ``which`` ("correct" or "incorrect"); blank removes it."""
    merges = True

    def __init__(self, module_id: str, index: int, question: int, which: str, text: str | None) -> None:
        super().__init__(module_id, index, question)
        self.which, self.text = which, text
        self.label = f"Edit {which} feedback"

    def target(self):
        return super().target() + (self.which,)

    def edit_question(self, question):
        if self.which not in FEEDBACK_FIELDS:
            raise EditError(f"feedback is for a correct or an incorrect answer, not '{self.which}'", where=self.where)
        return replace(question, **{FEEDBACK_FIELDS[self.which]: _optional(self.text)})


class SetQuestionConcepts(_QuestionFieldEdit):
    label, merges = "Edit question concepts", True

    def __init__(self, module_id: str, index: int, question: int, concepts) -> None:
        super().__init__(module_id, index, question)
        self.concepts = tuple(concepts)

    def edit_question(self, question):
        seen: list[str] = []
        for concept in self.concepts:
            if not isinstance(concept, str) or not concept.strip():
                raise EditError("a concept id must not be empty", where=self.where)
            if concept in seen:
                raise EditError(f"concept '{concept}' is listed twice", where=self.where)
            seen.append(concept)
        return replace(question, concepts=tuple(seen))


# -- choices (single, multiple) -------------------------------------------------------------
class _ChoiceEdit(_QuestionFieldEdit):
    def __init__(self, module_id: str, index: int, question: int, choice: int) -> None:
        super().__init__(module_id, index, question)
        self.choice = choice

    def target(self):
        return super().target() + (self.choice,)

    def choices_of(self, question: m.Question) -> list[m.Choice]:
        if question.kind not in m.CHOICE_KINDS:
            raise EditError(f"a {KIND_NAMES[question.kind]} question has no choices", where=self.where)
        return list(question.choices)

    def get_choice(self, question: m.Question) -> list[m.Choice]:
        choices = self.choices_of(question)
        if not 0 <= self.choice < len(choices):
            raise EditError(f"question {self.question + 1} has no choice {self.choice + 1} "
                            f"(it has {len(choices)})", where=self.where)
        return choices


class AddChoice(_ChoiceEdit):
    label = "Add choice"

    def __init__(self, module_id: str, index: int, question: int, text: str = "New choice",
                 at: int | None = None) -> None:
        super().__init__(module_id, index, question, -1 if at is None else at)
        self.text = text

    def edit_question(self, question):
        choices = self.choices_of(question)
        at = len(choices) if self.choice == -1 else self.choice
        if not 0 <= at <= len(choices):
            raise EditError(f"cannot add a choice at position {at + 1}", where=self.where)
        self.choice = at
        choices.insert(at, m.Choice(_text(self.text, "a choice's text", self.where)))
        return replace(question, choices=tuple(choices))


class RemoveChoice(_ChoiceEdit):
    label = "Remove choice"

    def edit_question(self, question):
        choices = self.get_choice(question)
        if len(choices) == 1:
            raise EditError("a choice question keeps at least one choice", where=self.where)
        del choices[self.choice]
        return replace(question, choices=tuple(choices))


class MoveChoice(_ChoiceEdit):
    label = "Move choice"

    def __init__(self, module_id: str, index: int, question: int, choice: int, target: int) -> None:
        super().__init__(module_id, index, question, choice)
        self.to = target

    def edit_question(self, question):
        choices = self.get_choice(question)
        if not 0 <= self.to < len(choices):
            raise EditError(f"cannot move a choice to position {self.to + 1} of {len(choices)}", where=self.where)
        choices.insert(self.to, choices.pop(self.choice))
        return replace(question, choices=tuple(choices))


class SetChoiceText(_ChoiceEdit):
    label, merges = "Edit choice", True

    def __init__(self, module_id: str, index: int, question: int, choice: int, text: str) -> None:
        super().__init__(module_id, index, question, choice)
        self.text = text

    def edit_question(self, question):
        choices = self.get_choice(question)
        choices[self.choice] = replace(choices[self.choice], text=_text(self.text, "a choice's text", self.where))
        return replace(question, choices=tuple(choices))


class SetChoiceFeedback(_ChoiceEdit):
    label, merges = "Edit choice feedback", True

    def __init__(self, module_id: str, index: int, question: int, choice: int, text: str | None) -> None:
        super().__init__(module_id, index, question, choice)
        self.text = text

    def edit_question(self, question):
        choices = self.get_choice(question)
        choices[self.choice] = replace(choices[self.choice], feedback=_optional(self.text))
        return replace(question, choices=tuple(choices))


class SetChoiceCorrect(_ChoiceEdit):
    """Tick or untick a choice as correct; on a single choice question ticking one unticks the others."""

    def __init__(self, module_id: str, index: int, question: int, choice: int, correct: bool) -> None:
        super().__init__(module_id, index, question, choice)
        self.correct = bool(correct)
        self.label = "Mark choice correct" if correct else "Mark choice incorrect"

    def edit_question(self, question):
        choices = self.get_choice(question)
        if question.kind == "single" and self.correct:
            choices = [replace(c, correct=False) for c in choices]
        choices[self.choice] = replace(choices[self.choice], correct=self.correct)
        return replace(question, choices=tuple(choices))


# -- true/false, fill-in answers, matching pairs, ordering items -----------------------------
class SetTrueFalseAnswer(_QuestionFieldEdit):
    label = "Set true/false answer"

    def __init__(self, module_id: str, index: int, question: int, answer: bool) -> None:
        super().__init__(module_id, index, question)
        self.answer = answer

    def edit_question(self, question):
        if question.kind != "true_false":
            raise EditError(f"a {KIND_NAMES[question.kind]} question has no true/false answer", where=self.where)
        if not isinstance(self.answer, bool):
            raise EditError(f"a true/false answer is true or false, got {self.answer!r}", where=self.where)
        return replace(question, answer=self.answer)


class _EntryEdit(_QuestionFieldEdit):
    """An edit of one entry of a question's list ``field``: "answers" (fill-in), "pairs"
    (matching: ``(left, right)``) or "items" (ordering, in the correct order)."""

    def __init__(self, module_id: str, index: int, question: int, field: str, entry: int) -> None:
        super().__init__(module_id, index, question)
        self.field, self.entry = field, entry
        self.noun = ENTRY_NOUNS.get(field, field)

    def target(self):
        return super().target() + (self.field, self.entry)

    def entries_of(self, question: m.Question) -> list:
        if self.field not in LIST_FIELDS:
            raise EditError(f"a question has no list '{self.field}' (expected {' | '.join(LIST_FIELDS)})",
                            where=self.where)
        if question.kind != LIST_FIELDS[self.field]:
            raise EditError(f"a {KIND_NAMES[question.kind]} question has no {self.noun}s", where=self.where)
        return list(getattr(question, self.field))

    def get_entries(self, question: m.Question) -> list:
        entries = self.entries_of(question)
        if not 0 <= self.entry < len(entries):
            raise EditError(f"question {self.question + 1} has no {self.noun} {self.entry + 1} "
                            f"(it has {len(entries)})", where=self.where)
        return entries

    def checked(self, value):
        if self.field == "pairs":
            if not isinstance(value, (tuple, list)) or len(value) != 2:
                raise EditError("a pair is two texts: (left, right)", where=self.where)
            return (_text(value[0], "the left side of a pair", self.where),
                    _text(value[1], "the right side of a pair", self.where))
        return _text(value, f"an {self.noun}" if self.noun[0] in "aeiou" else f"a {self.noun}", self.where)

    def put(self, question: m.Question, entries: list) -> m.Question:
        return replace(question, **{self.field: tuple(entries)})


class AddEntry(_EntryEdit):
    def __init__(self, module_id: str, index: int, question: int, field: str, value, at: int | None = None) -> None:
        super().__init__(module_id, index, question, field, -1 if at is None else at)
        self.value = value
        self.label = f"Add {self.noun}"

    def edit_question(self, question):
        entries = self.entries_of(question)
        at = len(entries) if self.entry == -1 else self.entry
        if not 0 <= at <= len(entries):
            raise EditError(f"cannot add {self.noun} at position {at + 1}", where=self.where)
        self.entry = at
        entries.insert(at, self.checked(self.value))
        return self.put(question, entries)


class RemoveEntry(_EntryEdit):
    def __init__(self, module_id: str, index: int, question: int, field: str, entry: int) -> None:
        super().__init__(module_id, index, question, field, entry)
        self.label = f"Remove {self.noun}"

    def edit_question(self, question):
        entries = self.get_entries(question)
        if len(entries) == 1:
            raise EditError(f"a {KIND_NAMES[question.kind]} question keeps at least one {self.noun}",
                            where=self.where)
        del entries[self.entry]
        return self.put(question, entries)


class MoveEntry(_EntryEdit):
    def __init__(self, module_id: str, index: int, question: int, field: str, entry: int, target: int) -> None:
        super().__init__(module_id, index, question, field, entry)
        self.to = target
        self.label = f"Move {self.noun}"

    def edit_question(self, question):
        entries = self.get_entries(question)
        if not 0 <= self.to < len(entries):
            raise EditError(f"cannot move {self.noun} to position {self.to + 1} of {len(entries)}",
                            where=self.where)
        entries.insert(self.to, entries.pop(self.entry))
        return self.put(question, entries)


class SetEntry(_EntryEdit):
    merges = True

    def __init__(self, module_id: str, index: int, question: int, field: str, entry: int, value) -> None:
        super().__init__(module_id, index, question, field, entry)
        self.value = value
        self.label = f"Edit {self.noun}"

    def edit_question(self, question):
        entries = self.get_entries(question)
        entries[self.entry] = self.checked(self.value)
        return self.put(question, entries)
