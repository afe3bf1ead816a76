"""One question of a quiz: its prompt, kind, points, answers (the kind's own editor), feedback,
the concepts it assesses, and the check's problems about it, inline.

Shown again after every edit of the quiz; fields whose value is unchanged are left alone so
typing keeps its cursor. Gestures become :mod:`studio.editor.quiz_commands` commands sent
through ``request(command, typing)``.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QCompleter, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QSizePolicy, QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from studio import model as m
from studio.editor import quiz_commands as qc
from studio.editor.block_text import QUESTION_LABELS
from studio.rules.problems import Problem
from studio.ui import theme
from studio.ui.cards import ProblemLine, section_label, text_label
from studio.ui.flow_layout import FlowLayout
from studio.ui.quiz_answers import ChoicesEditor, EntriesEditor, PairsEditor, TrueFalseEditor, clear, set_text
from studio.ui.icons import question_icon

ANSWER_TITLES = {"single": "Choices", "multiple": "Choices", "true_false": "Answer", "fill_blank": "Accepted answers",
                 "matching": "Pairs", "ordering": "Items"}


class PromptEdit(QPlainTextEdit):
    """A few lines for the prompt; Tab moves on, ``typed`` follows the designer's keystrokes only."""
    typed = Signal(str)
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName("Question prompt")
        self.setPlaceholderText("What learners are asked")
        self._quiet = False
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 14)
        self.textChanged.connect(lambda: self._quiet or self.typed.emit(self.toPlainText()))

    def set_text(self, text: str) -> None:
        if self.toPlainText() != text:
            self._quiet = True
            self.setPlainText(text)
            self._quiet = False

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().lineSpacing() * 3 + 18)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class ConceptTags(QWidget):
    """The concepts a question assesses, as removable chips, and a field (completed from the
    module's concepts) to add one; a tag the module neither introduces nor requires is amber."""

    def __init__(self, request: Callable[[object, bool], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.ref: tuple[str, int, int] = ("", 0, 0)
        self.concepts: tuple[str, ...] = ()
        self.known: tuple[str, ...] = ()
        row = QVBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.chips = FlowLayout(spacing=6)
        self.entry = QLineEdit()
        self.entry.setAccessibleName("Add a concept this question assesses")
        self.entry.setPlaceholderText("Add a concept (Enter)")
        self.entry.setMaximumWidth(260)
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.entry.setCompleter(completer)
        self.entry.returnPressed.connect(self._add_typed)
        row.addLayout(self.chips)
        row.addWidget(self.entry)
        self._shown: tuple | None = None

    def show_concepts(self, ref, concepts: tuple[str, ...], known: tuple[str, ...]) -> None:
        self.ref, self.concepts, self.known = ref, concepts, known
        self.completions.setStringList([c for c in known if c not in concepts])
        if self._shown == (concepts, known):
            return
        self._shown = (concepts, known)
        clear(self.chips)
        for concept in concepts:
            self.chips.addWidget(self._chip(concept, concept in known))

    def _chip(self, concept: str, known: bool) -> QToolButton:
        colour = theme.ACCENT if known else theme.WARN
        chip = QToolButton()
        chip.setText(f"{concept}  ×")
        chip.setAccessibleName(f"Remove concept {concept}")
        chip.setToolTip(f"Assesses '{concept}'. Click to remove." if known else
                        f"'{concept}' is neither introduced nor required by this module. Click to remove.")
        chip.setStyleSheet(f"QToolButton {{ color: {colour}; background: {theme.ACCENT_SOFT if known else '#fdf1e0'};"
                           f" border: 1px solid transparent; border-radius: 10px; padding: 2px 9px; }}"
                           f"QToolButton:focus, QToolButton:hover {{ border-color: {colour}; }}")
        chip.clicked.connect(lambda: self._set(tuple(c for c in self.concepts if c != concept)))
        return chip

    def _add_typed(self) -> None:
        new = [c.strip() for c in self.entry.text().split(",") if c.strip()]
        if new:
            self._set(tuple(dict.fromkeys(self.concepts + tuple(new))))
        self.entry.clear()

    def _set(self, concepts: tuple[str, ...]) -> None:
        if concepts != self.concepts:
            self.request(qc.SetQuestionConcepts(*self.ref, concepts), False)


class QuestionEditor(QWidget):
    def __init__(self, request: Callable[[object, bool], None], finished: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request, self.finished = request, finished
        self.ref: tuple[str, int, int] = ("", 0, 0)
        self.question: m.Question | None = None
        outer = QVBoxLayout(self)
        outer.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)   # see minimumSizeHint
        outer.setContentsMargins(20, 16, 20, 20)
        outer.setSpacing(10)

        head = QHBoxLayout()
        head.setSpacing(8)
        self.icon = QLabel()
        self.heading = text_label("", role="soft", wrap=False)
        font = self.heading.font()
        font.setWeight(font.Weight.DemiBold)
        self.heading.setFont(font)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Question kind")
        for kind in m.QUESTION_KINDS:
            self.kind.addItem(question_icon(kind), QUESTION_LABELS[kind], kind)
        self.kind.activated.connect(self._on_kind)
        self.points = QDoubleSpinBox()
        self.points.setAccessibleName("Points")
        self.points.setRange(0, 1000)
        self.points.setDecimals(1)
        self.points.setSingleStep(0.5)
        self.points.setSuffix(" pt")
        self.points.valueChanged.connect(
            lambda value: self.question is not None and value != self.question.points
            and self.request(qc.SetQuestionPoints(*self.ref, value), True))
        self.points.editingFinished.connect(self.finished)
        head.addWidget(self.icon)
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.kind)
        head.addWidget(self.points)
        outer.addLayout(head)

        self.prompt = PromptEdit()
        self.prompt.typed.connect(lambda text: text.strip() and self.request(
            qc.SetQuestionPrompt(*self.ref, text), True))
        self.prompt.left.connect(self.finished)
        outer.addWidget(self.prompt)
        self.problems = QVBoxLayout()
        self.problems.setSpacing(4)
        outer.addLayout(self.problems)

        self.answers_title = section_label("Choices")
        outer.addSpacing(4)
        outer.addWidget(self.answers_title)
        self.stack = QStackedWidget()
        self.editors = {
            "choices": ChoicesEditor(request, finished), "true_false": TrueFalseEditor(request, finished),
            "answers": EntriesEditor("answers", request, finished), "pairs": PairsEditor(request, finished),
            "items": EntriesEditor("items", request, finished)}
        for editor in self.editors.values():
            self.stack.addWidget(editor)
        outer.addWidget(self.stack)

        outer.addSpacing(4)
        outer.addWidget(section_label("Question feedback"))
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        self.feedback = {}
        for which, caption, hint in (("correct", "When right", "Shown when the answer is right (optional)"),
                                     ("incorrect", "When wrong", "Shown when the answer is wrong (optional)")):
            edit = QLineEdit()
            edit.setAccessibleName(f"Feedback when the answer is {which}")
            edit.setPlaceholderText(hint)
            edit.textEdited.connect(lambda text, w=which: self.request(
                qc.SetQuestionFeedback(*self.ref, w, text), True))
            edit.editingFinished.connect(self.finished)
            self.feedback[which] = edit
            form.addRow(text_label(caption, role="caption", wrap=False), edit)
        outer.addLayout(form)

        outer.addSpacing(4)
        outer.addWidget(section_label("Concepts assessed"))
        self.concepts = ConceptTags(request)
        outer.addWidget(self.concepts)
        outer.addStretch(1)

    def minimumSizeHint(self) -> QSize:
        # as tall as it wants: in its scroll area it scrolls rather than squeezing the fields together
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def show_question(self, ref: tuple[str, int, int], question: m.Question, count: int,
                      problems: list[Problem], known_concepts: tuple[str, ...]) -> None:
        self.ref, self.question = ref, question
        self.icon.setPixmap(question_icon(question.kind).pixmap(20, 20))
        self.heading.setText(f"Question {ref[2] + 1} of {count}")
        self.kind.setCurrentIndex(self.kind.findData(question.kind))
        if self.points.value() != question.points:
            self.points.blockSignals(True)
            self.points.setValue(question.points)
            self.points.blockSignals(False)
        self.prompt.set_text(question.prompt)
        clear(self.problems)
        for problem in problems:
            self.problems.addWidget(ProblemLine(problem))
        key = {"single": "choices", "multiple": "choices", "true_false": "true_false", "fill_blank": "answers",
               "matching": "pairs", "ordering": "items"}[question.kind]
        self.answers_title.setText(ANSWER_TITLES[question.kind].upper())
        editor = self.editors[key]
        for page in self.editors.values():     # the stack is as tall as the page shown, not the tallest
            page.setSizePolicy(QSizePolicy.Policy.Preferred,
                               QSizePolicy.Policy.Preferred if page is editor else QSizePolicy.Policy.Ignored)
        self.stack.setCurrentWidget(editor)
        editor.show_question(ref, question)
        for which, edit in self.feedback.items():
            set_text(edit, getattr(question, qc.FEEDBACK_FIELDS[which]) or "")
        self.concepts.show_concepts(ref, question.concepts, known_concepts)

    def _on_kind(self, row: int) -> None:
        kind = self.kind.itemData(row)
        if self.question is not None and kind != self.question.kind:
            self.request(qc.ChangeQuestionKind(*self.ref, kind), False)
