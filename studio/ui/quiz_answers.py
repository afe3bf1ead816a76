"""The answer part of a question, one editor per kind: choices (with a correct toggle and
feedback), the true/false answer, accepted answers, matching pairs and ordering items.

Each turns gestures into :mod:`studio.editor.quiz_commands` commands through ``request(command,
typing)``. Shown again after every edit, an editor rebuilds its rows only when their number
(or the question's kind) changed; otherwise it updates the texts that differ, so the field
being typed in keeps its cursor and focus.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QButtonGroup, QCheckBox, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QToolButton, QVBoxLayout, QWidget)

from studio import model as m
from studio.editor import quiz_commands as qc
from studio.ui import icons, theme
from studio.ui.cards import text_label
from studio.ui.hooks import RequiresHooks

Request = Callable[[object, bool], None]


def set_text(edit: QLineEdit, text: str) -> None:
    """Show ``text`` without disturbing a field being typed in (same text: cursor kept); a field
    not being typed in shows the start of its text."""
    if edit.text() != text:
        edit.setText(text)
        if not edit.hasFocus():
            edit.setCursorPosition(0)


def clear(layout) -> None:
    """Empty ``layout`` now: its widgets are hidden at once (deleted later, one of them may be
    the button being clicked), so a refresh leaves no ghost behind until the event loop runs."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear(item.layout())


def tool(icon: str, tip: str, name: str) -> QToolButton:
    button = QToolButton()
    button.setIcon(icons.icon(icon))
    button.setAutoRaise(True)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


def add_button(text: str) -> QPushButton:
    button = QPushButton(icons.icon("add", theme.ACCENT), text)
    button.setProperty("link", True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setAccessibleName(text)
    return button


class _Editor(RequiresHooks, QWidget):
    """Rows of widgets in a grid, one per choice / entry, with an add button under them."""
    add_text = "Add"

    def __init__(self, request: Request, finished: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request, self.finished = request, finished
        self.ref: tuple[str, int, int] = ("", 0, 0)      # module id, block index, question index
        self.question: m.Question | None = None
        self.rows: list[dict[str, QWidget]] = []
        self._shape: tuple | None = None
        self._focus_after: tuple[int, str] | None = None   # (row, widget key) to focus once shown
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self.caption = text_label("", role="caption")
        self.caption.setVisible(False)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(6)
        self.add = add_button(self.add_text)
        self.add.clicked.connect(self._on_add)
        outer.addWidget(self.caption)
        outer.addLayout(self.grid)
        outer.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)

    # -- to override -------------------------------------------------------------------
    # entries(question) -> tuple: the rows' values; make_row(row) -> {key: widget}; update_row(row,
    # widgets, entry): show one; add_command(): the command that adds a row.
    HOOKS = ("entries", "make_row", "update_row", "add_command")

    def header(self) -> list[str]:
        return []

    # -- showing -------------------------------------------------------------------------
    def show_question(self, ref: tuple[str, int, int], question: m.Question) -> None:
        self.ref, self.question = ref, question
        entries = self.entries(question)
        shape = (question.kind, len(entries))
        if shape != self._shape:
            self._rebuild(len(entries))
            self._shape = shape
        for row, (widgets, entry) in enumerate(zip(self.rows, entries)):
            self.update_row(row, widgets, entry)
            if "up" in widgets:
                widgets["up"].setEnabled(row > 0)
                widgets["down"].setEnabled(row < len(entries) - 1)
            if "remove" in widgets:
                widgets["remove"].setEnabled(len(entries) > 1)     # a question keeps one entry
        if self._focus_after is not None:
            row, key = self._focus_after
            self._focus_after = None
            if 0 <= row < len(self.rows):
                widget = self.rows[row].get(key)
                if widget is not None:
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    if isinstance(widget, QLineEdit):
                        widget.selectAll()

    def _rebuild(self, count: int) -> None:
        clear(self.grid)
        self.rows = []
        titles = self.header()
        for column, title in enumerate(titles):
            if title:
                label = text_label(title, role="caption")
                span = -1 if column == len(titles) - 1 else 1    # the last title runs over the tool columns
                self.grid.addWidget(label, 0, column, 1, span)
        for row in range(count):
            widgets = self.make_row(row)
            for column, key in enumerate(self.columns(widgets)):
                widget = widgets[key]
                widget.show()       # at once, not when the event loop next runs
                if isinstance(widget, QLabel):
                    self.grid.addWidget(widget, row + 1, column, Qt.AlignmentFlag.AlignVCenter)
                elif isinstance(widget, QAbstractButton):
                    self.grid.addWidget(widget, row + 1, column, Qt.AlignmentFlag.AlignTop)
                else:
                    self.grid.addWidget(widget, row + 1, column)
            self.rows.append(widgets)

    def columns(self, widgets: dict[str, QWidget]) -> list[str]:
        """The keys of a row's widgets that take a grid column each, in order."""
        return list(widgets)

    # -- gestures ------------------------------------------------------------------------
    def send(self, command, typing: bool = False, focus: tuple[int, str] | None = None) -> None:
        self._focus_after = focus
        self.request(command, typing)
        self._focus_after = None

    def _on_add(self) -> None:
        count = len(self.rows)
        self.send(self.add_command(), focus=(count, "text"))

    def line(self, name: str, placeholder: str, on_typed: Callable[[str], None]) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(on_typed)
        edit.editingFinished.connect(self.finished)
        edit.setMinimumHeight(edit.sizeHint().height())    # rows scroll rather than squeeze
        return edit

    def move_tools(self, row: int, noun: str, move) -> dict[str, QWidget]:
        up = tool("up", f"Move this {noun} up", f"Move {noun} {row + 1} up")
        down = tool("down", f"Move this {noun} down", f"Move {noun} {row + 1} down")
        up.clicked.connect(lambda: self.send(move(row, row - 1), focus=(row - 1, "up")))
        down.clicked.connect(lambda: self.send(move(row, row + 1), focus=(row + 1, "down")))
        return {"up": up, "down": down}


class ChoicesEditor(_Editor):
    """Single and multiple choice: a correct toggle (a radio for single, a checkbox for
    multiple), the choice's text and the feedback learners get when they pick it."""
    add_text = "Add choice"

    def __init__(self, request: Request, finished: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(request, finished, parent)
        self.setStyleSheet(f'QLineEdit[role="feedback"] {{ background: {theme.SURFACE_ALT}; color: {theme.INK_SOFT}; }}'
                           f'QLineEdit[role="feedback"]:focus {{ background: {theme.SURFACE}; color: {theme.INK}; }}')

    def entries(self, question):
        return question.choices

    def header(self):
        return ["", "Each choice, and the feedback learners get when they pick it"]

    def columns(self, widgets):
        return ["correct", "box", "up", "down", "remove"]

    def make_row(self, row):
        mid, block, qi = self.ref
        single = self.question is not None and self.question.kind == "single"
        toggle: QAbstractButton = QRadioButton() if single else QCheckBox()
        toggle.setAutoExclusive(False)      # the command unticks the others, and the one ticked can be unticked
        toggle.setAccessibleName(f"Choice {row + 1} is correct")
        toggle.setToolTip("The correct answer" if single else "A correct answer (learners must pick every one)")
        toggle.clicked.connect(lambda checked: self.send(qc.SetChoiceCorrect(*self.ref, row, checked),
                                                         focus=(row, "correct")))
        text = self.line(f"Choice {row + 1} text", "Choice text",
                         lambda value: value.strip() and self.send(qc.SetChoiceText(*self.ref, row, value), True))
        feedback = self.line(f"Choice {row + 1} feedback", "Feedback when chosen: why it is right or wrong (optional)",
                             lambda value: self.send(qc.SetChoiceFeedback(*self.ref, row, value), True))
        feedback.setProperty("role", "feedback")
        box = QWidget()
        stack = QVBoxLayout(box)
        stack.setContentsMargins(0, 0, 0, 6)
        stack.setSpacing(3)
        stack.addWidget(text)
        stack.addWidget(feedback)
        toggle.setMinimumHeight(text.sizeHint().height())
        widgets: dict[str, QWidget] = {"correct": toggle, "box": box, "text": text, "feedback": feedback}
        widgets.update(self.move_tools(row, "choice", lambda a, b: qc.MoveChoice(*self.ref, a, b)))
        remove = tool("remove", "Remove this choice", f"Remove choice {row + 1}")
        remove.clicked.connect(lambda: self.send(qc.RemoveChoice(*self.ref, row),
                                                 focus=(max(0, min(row, len(self.rows) - 2)), "text")))
        widgets["remove"] = remove
        self.grid.setColumnStretch(1, 1)
        return widgets

    def update_row(self, row, widgets, choice: m.Choice):
        widgets["correct"].setChecked(choice.correct)
        set_text(widgets["text"], choice.text)
        set_text(widgets["feedback"], choice.feedback or "")

    def add_command(self):
        return qc.AddChoice(*self.ref)


class EntriesEditor(_Editor):
    """Fill-in accepted answers (any order) or ordering items (in the correct order)."""

    def __init__(self, field: str, request: Request, finished: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        self.field, self.noun = field, qc.ENTRY_NOUNS[field]
        self.add_text = f"Add {self.noun}"
        super().__init__(request, finished, parent)
        self.caption.setVisible(True)
        self.caption.setText("Any of these is accepted (case and extra spaces are ignored by the player)."
                             if field == "answers" else "In the correct order: learners see them shuffled.")

    def entries(self, question):
        return getattr(question, self.field)

    def make_row(self, row):
        number = QLabel(f"{row + 1}.")
        number.setProperty("role", "caption")
        number.setMinimumWidth(22)
        text = self.line(f"{self.noun.capitalize()} {row + 1}", self.noun.capitalize(),
                         lambda value: value.strip() and self.send(
                             qc.SetEntry(*self.ref, self.field, row, value), True))
        widgets: dict[str, QWidget] = {"number": number, "text": text}
        if self.field == "items":
            widgets.update(self.move_tools(row, self.noun, lambda a, b: qc.MoveEntry(*self.ref, self.field, a, b)))
        remove = tool("remove", f"Remove this {self.noun}", f"Remove {self.noun} {row + 1}")
        remove.clicked.connect(lambda: self.send(qc.RemoveEntry(*self.ref, self.field, row),
                                                 focus=(max(0, min(row, len(self.rows) - 2)), "text")))
        widgets["remove"] = remove
        self.grid.setColumnStretch(1, 1)
        return widgets

    def update_row(self, row, widgets, entry: str):
        set_text(widgets["text"], entry)

    def add_command(self):
        return qc.AddEntry(*self.ref, self.field, f"New {self.noun}" if self.field == "items" else "answer")


class PairsEditor(_Editor):
    """Matching: each term and what it matches; learners see the right-hand side shuffled."""
    add_text = "Add pair"

    def entries(self, question):
        return question.pairs

    def header(self):
        return ["Term", "", "Matches"]

    def make_row(self, row):
        def typed(side: int):
            def on(value: str) -> None:
                pair = [self.rows[row]["left"].text(), self.rows[row]["right"].text()]
                pair[side] = value
                if all(p.strip() for p in pair):
                    self.send(qc.SetEntry(*self.ref, "pairs", row, tuple(pair)), True)
            return on
        left = self.line(f"Pair {row + 1} term", "Term", typed(0))
        arrow = QLabel("→")
        arrow.setProperty("role", "caption")
        right = self.line(f"Pair {row + 1} match", "What it matches", typed(1))
        widgets: dict[str, QWidget] = {"left": left, "arrow": arrow, "right": right}
        widgets.update(self.move_tools(row, "pair", lambda a, b: qc.MoveEntry(*self.ref, "pairs", a, b)))
        remove = tool("remove", "Remove this pair", f"Remove pair {row + 1}")
        remove.clicked.connect(lambda: self.send(qc.RemoveEntry(*self.ref, "pairs", row),
                                                 focus=(max(0, min(row, len(self.rows) - 2)), "left")))
        widgets["remove"] = remove
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(2, 3)
        return widgets

    def update_row(self, row, widgets, pair: tuple[str, str]):
        set_text(widgets["left"], pair[0])
        set_text(widgets["right"], pair[1])

    def add_command(self):
        n = len(self.rows) + 1
        return qc.AddEntry(*self.ref, "pairs", (f"Term {n}", f"Meaning {n}"))

    def _on_add(self) -> None:
        self.send(self.add_command(), focus=(len(self.rows), "left"))


class TrueFalseEditor(QWidget):
    def __init__(self, request: Request, finished: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.ref: tuple[str, int, int] = ("", 0, 0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(18)
        row.addWidget(text_label("The statement is", role="soft", wrap=False))
        self.true, self.false = QRadioButton("True"), QRadioButton("False")
        self.group = QButtonGroup(self)
        for button, value in ((self.true, True), (self.false, False)):
            button.setAccessibleName(f"The statement is {str(value).lower()}")
            self.group.addButton(button)
            button.clicked.connect(lambda _=False, v=value: self.request(qc.SetTrueFalseAnswer(*self.ref, v), False))
            row.addWidget(button)
        row.addStretch(1)

    def show_question(self, ref: tuple[str, int, int], question: m.Question) -> None:
        self.ref = ref
        (self.true if question.answer else self.false).setChecked(True)
