"""The quiz editor: a quiz block's settings (pass mark, attempts, draw), its questions listed
with their problems, and the selected question's editor (studio/ui/quiz_question.py).

It only presents and turns gestures into :mod:`studio.editor.quiz_commands` commands, sent
as ``command_requested(command, typing)``: the host runs them (``editing.run(command,
typing=typing)``) and shows the new state with :meth:`QuizEditor.show_block` again. A refresh
updates widgets in place, so the field being typed in keeps its focus and cursor.
``editing_finished`` says a field lost focus: the host seals the undo step there.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QMenu, QScrollArea,
                               QSpinBox, QSplitter, QToolButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from studio import model as m
from studio.editor import quiz_commands as qc
from studio.editor.block_text import QUESTION_LABELS
from studio.editor.session import CourseState
from studio.rules.problems import Problem
from studio.ui import icons, theme
from studio.ui.cards import ProblemLine, text_label
from studio.ui.flow_layout import FlowLayout
from studio.ui.quiz_answers import clear
from studio.ui.icons import question_icon
from studio.ui.quiz_question import QuestionEditor

_QUESTION_NUMBER = re.compile(r"^question (\d+)\b")
SEVERITY_ORDER = ("error", "warning", "info")
NARROW = 640      # below this width the question list sits above the question


def question_of(problem: Problem) -> int | None:
    """The question (from 0) a quiz problem is about: its message starts "question N"."""
    found = _QUESTION_NUMBER.match(problem.message)
    return int(found.group(1)) - 1 if found else None


def excerpt(text: str, limit: int = 70) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class QuestionList(QTreeWidget):
    """The questions, one row each; Delete removes, Ctrl+Up / Ctrl+Down move the current one."""
    key_action = Signal(str)      # "remove", "up", "down"

    def keyPressEvent(self, event) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.matches(QKeySequence.StandardKey.Delete):
            self.key_action.emit("remove")
        elif ctrl and event.key() == Qt.Key.Key_Up:
            self.key_action.emit("up")
        elif ctrl and event.key() == Qt.Key.Key_Down:
            self.key_action.emit("down")
        else:
            super().keyPressEvent(event)


def _spin(name: str, minimum: int, maximum: int, special: str, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setAccessibleName(name)
    spin.setRange(minimum, maximum)
    spin.setSpecialValueText(special)       # shown at the minimum: "no pass mark", "unlimited"…
    spin.setSuffix(suffix)
    spin.setMinimumWidth(118)
    return spin


class QuizEditor(QWidget):
    command_requested = Signal(object, bool)   # a quiz command, typing (True: keystrokes merge into one step)
    editing_finished = Signal()                # a field lost focus: the next keystroke starts a new step

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quizEditor")
        self.setAccessibleName("Quiz editor")
        self.state: CourseState | None = None
        self.module_id: str | None = None
        self.index = 0
        self.quiz: m.QuizBlock | None = None
        self._select_after: int | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        top = QWidget()
        top.setObjectName("quizTop")
        top.setStyleSheet(f"#quizTop {{ background: {theme.SURFACE}; border-bottom: 1px solid {theme.LINE}; }}")
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(20, 14, 20, 12)
        top_layout.setSpacing(10)
        head = QHBoxLayout()
        head.setSpacing(8)
        icon = QLabel()
        icon.setPixmap(icons.kind_icon("quiz").pixmap(22, 22))
        self.title = text_label("Quiz", size=theme.BASE_POINT_SIZE * 1.2, weight=QFont.Weight.DemiBold, wrap=False)
        self.summary = text_label("", role="caption")
        head.addWidget(icon)
        head.addWidget(self.title)
        head.addSpacing(6)
        head.addWidget(self.summary, 1)
        top_layout.addLayout(head)

        settings = FlowLayout(spacing=14)       # wraps in a narrow inspector
        self.pass_mark = _spin("Pass mark", -1, 100, "No pass mark", " %")
        self.pass_mark.setToolTip("The score learners need to pass, in percent of the points")
        self.attempts = _spin("Attempts", 0, 99, "Unlimited")
        self.attempts.setToolTip("How many times learners may take the quiz")
        self.draw = _spin("Questions drawn", 0, 1, "All questions")
        self.draw.setToolTip("Draw this many questions at random for each attempt")
        self.pass_mark.valueChanged.connect(lambda v: self._setting(qc.SetPassMark, None if v < 0 else v, "pass_mark"))
        self.attempts.valueChanged.connect(lambda v: self._setting(qc.SetAttempts, v or None, "attempts"))
        self.draw.valueChanged.connect(lambda v: self._setting(qc.SetDraw, v or None, "draw"))
        for caption, spin in (("Pass mark", self.pass_mark), ("Attempts", self.attempts),
                              ("Draw", self.draw)):
            spin.editingFinished.connect(self.editing_finished)
            label = text_label(caption, role="soft", wrap=False)
            label.setBuddy(spin)
            pair = QWidget()
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.setSpacing(8)
            pair_layout.addWidget(label)
            pair_layout.addWidget(spin)
            if spin is self.draw:
                self.draw_caption = text_label("", role="caption", wrap=False)
                pair_layout.addWidget(self.draw_caption)
            settings.addWidget(pair)
        top_layout.addLayout(settings)
        self.quiz_problems = QVBoxLayout()
        self.quiz_problems.setSpacing(4)
        top_layout.addLayout(self.quiz_problems)
        outer.addWidget(top)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.splitter.addWidget(self._list_panel())
        self.editor = QuestionEditor(self._request, self.editing_finished.emit)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor.setObjectName("questionPage")
        self.editor.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.editor.setStyleSheet(f"#questionPage {{ background: {theme.SURFACE}; }}")
        self.scroll.setWidget(self.editor)
        self.splitter.addWidget(self.scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([320, 580])
        outer.addWidget(self.splitter, 1)

    def _list_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("questionPanel")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        panel.setStyleSheet(f"#questionPanel {{ background: {theme.SURFACE_ALT}; "
                            f"border-right: 1px solid {theme.LINE}; }}")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        tools = QHBoxLayout()
        tools.setSpacing(2)
        self.add = self._tool("Add…", "add", "Add a question after the selected one")
        menu = QMenu(self.add)
        for kind in m.QUESTION_KINDS:
            action = menu.addAction(question_icon(kind), QUESTION_LABELS[kind])
            action.triggered.connect(lambda _=False, k=kind: self._add(k))
        self.add.setMenu(menu)
        self.add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.duplicate = self._tool("Duplicate", "duplicate", "Duplicate the selected question")
        self.remove = self._tool("Remove", "remove", "Remove the selected question (Delete)")
        self.up = self._tool("Move up", "up", "Move the selected question up (Ctrl+Up)")
        self.down = self._tool("Move down", "down", "Move the selected question down (Ctrl+Down)")
        self.duplicate.clicked.connect(lambda: self._on_key("duplicate"))
        self.remove.clicked.connect(lambda: self._on_key("remove"))
        self.up.clicked.connect(lambda: self._on_key("up"))
        self.down.clicked.connect(lambda: self._on_key("down"))
        for button in (self.add, self.duplicate, self.remove, self.up, self.down):
            tools.addWidget(button)
        tools.addStretch(1)
        layout.addLayout(tools)
        self.list = QuestionList()
        self.list.setAccessibleName("Questions")
        self.list.setColumnCount(4)
        self.list.setHeaderLabels(["#", "Question", "Pts", ""])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setIconSize(QSize(18, 18))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setStyleSheet(f"QTreeWidget {{ border: 1px solid {theme.LINE}; border-radius: 6px; }}")
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.key_action.connect(self._on_key)
        layout.addWidget(self.list, 1)
        return panel

    def _tool(self, text: str, icon: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(icons.icon(icon))
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text if text != "Add…" else "Add question")
        return button

    # -- showing -------------------------------------------------------------------------
    def show_block(self, state: CourseState, module_id: str, index: int) -> None:
        """Show quiz block ``index`` of ``module_id``; the same quiz again keeps the selected question."""
        module = state.course.module(module_id)
        block = module.blocks[index] if module is not None and 0 <= index < len(module.blocks) else None
        if not isinstance(block, m.QuizBlock):
            raise ValueError(f"block {index + 1} of '{module_id}' is not a quiz")
        same = (module_id, index) == (self.module_id, self.index) and self.quiz is not None
        current = self.selected_question() if same else 0
        if self._select_after is not None:
            current = self._select_after
        self.state, self.module_id, self.index, self.quiz = state, module_id, index, block
        n = len(block.questions)
        current = max(0, min(current if current is not None else 0, n - 1))

        problems = [p for p in state.problems_of(module_id)
                    if p.block == index or (p.block is None and p.code.startswith("quiz."))]
        by_question: dict[int | None, list[Problem]] = {}
        for problem in problems:
            number = question_of(problem) if problem.block == index else None
            by_question.setdefault(number if number is not None and number < n else None, []).append(problem)

        points = sum(q.points for q in block.questions)
        passing = f"pass at {block.pass_mark:g} %" if block.pass_mark is not None else "no pass mark"
        self.summary.setText(f"{n} question{'s' * (n != 1)}  ·  {points:g} point{'s' * (points != 1)}  ·  {passing}"
                             f"  ·  block {index + 1} of {module.title}")
        self._show_settings(block)
        clear(self.quiz_problems)
        for problem in by_question.get(None, []):
            self.quiz_problems.addWidget(ProblemLine(problem))
        self._fill_list(block, by_question, current)
        known = tuple(dict.fromkeys(module.introduces + module.requires))
        self.editor.show_question((module_id, index, current), block.questions[current], n,
                                  by_question.get(current, []), known)
        self._update_tools()

    def _show_settings(self, quiz: m.QuizBlock) -> None:
        n = len(quiz.questions)
        for spin, value in ((self.pass_mark, -1 if quiz.pass_mark is None else round(quiz.pass_mark)),
                            (self.attempts, quiz.attempts or 0), (self.draw, quiz.draw or 0)):
            spin.blockSignals(True)
            if spin is self.draw:
                spin.setMaximum(n)
            if spin.value() != value:
                spin.setValue(value)
            spin.blockSignals(False)
        self.draw_caption.setText(f"at random from {n}" if quiz.draw else "")

    def _fill_list(self, quiz: m.QuizBlock, by_question: dict, current: int) -> None:
        self.list.blockSignals(True)
        while self.list.topLevelItemCount() > len(quiz.questions):
            self.list.takeTopLevelItem(self.list.topLevelItemCount() - 1)
        while self.list.topLevelItemCount() < len(quiz.questions):
            self.list.addTopLevelItem(QTreeWidgetItem())
        for row, question in enumerate(quiz.questions):
            item = self.list.topLevelItem(row)
            item.setText(0, str(row + 1))
            item.setForeground(0, QBrush(QColor(theme.INK_FAINT)))
            item.setIcon(1, question_icon(question.kind))
            item.setText(1, excerpt(question.prompt))
            item.setToolTip(1, f"{QUESTION_LABELS[question.kind]}: {question.prompt}")
            item.setText(2, f"{question.points:g}")
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            found = by_question.get(row, [])
            if found:
                worst = min(found, key=lambda p: SEVERITY_ORDER.index(p.severity)).severity
                item.setIcon(3, icons.severity_icon(worst))
                item.setText(3, str(len(found)) if len(found) > 1 else "")
                item.setToolTip(3, "\n".join(p.message for p in found))
                item.setData(3, Qt.ItemDataRole.AccessibleTextRole, f"{len(found)} problem(s)")
            else:
                item.setIcon(3, QIcon())
                item.setText(3, "")
                item.setToolTip(3, "")
                item.setData(3, Qt.ItemDataRole.AccessibleTextRole, "no problems")
        self.list.setCurrentItem(self.list.topLevelItem(current))
        self.list.blockSignals(False)

    def selected_question(self) -> int | None:
        item = self.list.currentItem()
        return self.list.indexOfTopLevelItem(item) if item is not None else None

    def select_question(self, number: int) -> None:
        self.list.setCurrentItem(self.list.topLevelItem(number))

    def problem_questions(self) -> dict[int, list[str]]:
        """The codes of the problems shown on each row of the list (for tests and the accessible text)."""
        found = {}
        if self.state is not None and self.quiz is not None:
            for p in self.state.problems_of(self.module_id):
                number = question_of(p) if p.block == self.index else None
                if number is not None:
                    found.setdefault(number, []).append(p.code)
        return found

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        narrow = self.width() < NARROW
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            self.splitter.setSizes([180, 520] if narrow else [320, 580])

    # -- gestures ------------------------------------------------------------------------
    def _request(self, command, typing: bool) -> None:
        self.command_requested.emit(command, typing)

    def _send(self, command, select: int | None = None) -> None:
        self._select_after = select
        try:
            self.command_requested.emit(command, False)
        finally:
            self._select_after = None

    def _setting(self, command_type, value, field: str) -> None:
        if self.quiz is not None and getattr(self.quiz, field) != value:
            self._request(command_type(self.module_id, self.index, value), True)

    def _on_current(self, *_args) -> None:
        selected = self.selected_question()
        if self.state is not None and selected is not None:
            self.show_block(self.state, self.module_id, self.index)

    def _add(self, kind: str) -> None:
        if self.quiz is None:
            return
        at = (self.selected_question() or 0) + 1
        self._send(qc.AddQuestion(self.module_id, self.index, kind, at), select=at)

    def _on_key(self, action: str) -> None:
        selected = self.selected_question()
        if self.quiz is None or selected is None:
            return
        n = len(self.quiz.questions)
        ref = (self.module_id, self.index, selected)
        if action == "duplicate":
            self._send(qc.DuplicateQuestion(*ref), select=selected + 1)
        elif action == "remove" and n > 1:
            self._send(qc.RemoveQuestion(*ref), select=min(selected, n - 2))
        elif action == "up" and selected > 0:
            self._send(qc.MoveQuestion(*ref, selected - 1), select=selected - 1)
        elif action == "down" and selected < n - 1:
            self._send(qc.MoveQuestion(*ref, selected + 1), select=selected + 1)

    def _update_tools(self) -> None:
        selected = self.selected_question()
        n = len(self.quiz.questions) if self.quiz else 0
        self.duplicate.setEnabled(selected is not None)
        self.remove.setEnabled(selected is not None and n > 1)
        self.up.setEnabled(bool(selected))
        self.down.setEnabled(selected is not None and selected < n - 1)

