"""The centre of the window: one module — its title, objective, profile, concepts, budget and blocks.

It shows a :class:`~studio.editor.session.CourseState` and turns what the designer does into
signals (``title_edited``, ``objective_edited``, ``block_add_requested``…) that the window
runs as editor commands. The objective's verb, Bloom level and problems follow every
keystroke (``studio.rules.objective``), before the debounced re-check of the whole module.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QBoxLayout, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLineEdit,
                               QMenu, QScrollArea, QSizePolicy, QToolButton, QTreeView, QVBoxLayout, QWidget)

from studio import model as m
from studio.editor.block_text import KIND_LABELS, STATUS_LABELS
from studio.editor.gauge import read_budget
from studio.editor.session import CourseState
from studio.rules.objective import CODES as OBJECTIVE_CODES, analyse_objective
from studio.rules.problems import Problem
from studio.ui import icons, theme
from studio.ui.block_model import BLOCK_INDEX_ROLE, BlockTableModel
from studio.ui.budget_gauge import TONE_COLOURS, BudgetGauge
from studio.ui.cards import Card, ProblemLine, chip, clear_layout, text_label
from studio.ui.comments_card import CommentsCard
from studio.ui.concept_completer import ConceptCompleter, course_concepts

STATUS_COLOURS = {"draft": theme.INK_SOFT, "in_review": theme.WARN, "approved": theme.OK}
ADDABLE_KINDS = ("text", "quiz", "summary_card", "survey", "action_plan")   # media blocks come by import
CUSTOM_PROFILE = "custom"


class _FittedTree(QTreeView):
    """A tree that is as tall as its rows, so the page scrolls and not the list."""

    def sizeHint(self):
        hint = super().sizeHint()
        rows = self.model().rowCount() if self.model() else 0
        row_h = self.sizeHintForRow(0) if rows else 0
        hint.setHeight(self.header().height() + rows * row_h + 4)
        return hint


def _concepts(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))


def _set_text(edit: QLineEdit, text: str) -> None:
    """Show ``text`` without disturbing a field the designer is typing in (same text: keep the cursor)."""
    if edit.text() != text:
        edit.setText(text)
        if not edit.hasFocus():
            edit.setCursorPosition(0)  # setText leaves the cursor at the end: a long objective showed only its tail


MIN_WIDTH = 380
# Under this viewport width (beside a widened inspector, or in a small window) the page folds:
# the block tools show icons only, the concept fields and objective chips stack, the margins
# narrow, so the whole module still fits without a sideways scroll.
FOLD_BELOW = 600
MARGINS = {False: (28, 24, 28, 28), True: (16, 16, 16, 20)}


class ModuleView(QScrollArea):
    block_selected = Signal(object)            # block index (int) or None
    title_edited = Signal(str, str)            # module id, text (every keystroke)
    objective_edited = Signal(str, str)
    profile_chosen = Signal(str, str)          # module id, profile name
    status_chosen = Signal(str, str)
    concepts_edited = Signal(str, object, object)   # module id, introduces, requires
    editing_finished = Signal()                # a field lost focus or Enter: the next keystroke is a new step
    block_add_requested = Signal(str, str, int)     # module id, kind, index
    block_remove_requested = Signal(str, int)
    block_duplicate_requested = Signal(str, int)
    block_move_requested = Signal(str, int, int)    # module id, index, new index
    comment_resolve_requested = Signal(str, int, bool)   # module id, comment index, resolved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The cards stay readable beside a widened inspector; narrower, the page scrolls.
        self.setMinimumWidth(MIN_WIDTH)
        self._state: CourseState | None = None
        self._module: m.Module | None = None

        page = QWidget()
        page.setObjectName("modulePage")
        page.setStyleSheet(f"#modulePage {{ background: {theme.WINDOW}; }}"
                           f"QLineEdit[role=\"heading\"] {{ border: 1px solid transparent; background: transparent;"
                           f" border-radius: 6px; padding: 2px 4px; }}"
                           f"QLineEdit[role=\"heading\"]:hover {{ border-color: {theme.LINE}; }}"
                           f"QLineEdit[role=\"heading\"]:focus {{ border-color: {theme.ACCENT}; background: {theme.SURFACE}; }}")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(*MARGINS[False])
        self._page_layout = outer
        self._folded = False
        outer.setSpacing(16)

        # header: title, then id · profile · status, concepts
        self.title = QLineEdit()
        self.title.setProperty("role", "heading")
        self.title.setPlaceholderText("Module title")
        self.title.setAccessibleName("Module title")
        font = self.title.font()
        font.setPointSizeF(theme.BASE_POINT_SIZE * 1.75)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.textEdited.connect(lambda text: self._emit(self.title_edited, text))
        self.title.editingFinished.connect(self.editing_finished)
        self.subtitle_row = QHBoxLayout()
        self.subtitle_row.setSpacing(8)
        self.module_id = text_label("", role="caption", wrap=False)
        self.profile = QComboBox()
        self.profile.setAccessibleName("Budget profile")
        self.profile.setToolTip("The module's duration budget profile")
        self.profile.activated.connect(self._on_profile)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.status.activated.connect(self._on_status)
        self.status_chip = chip("", theme.INK_SOFT)
        self.subtitle_row.addWidget(self.module_id)
        self.subtitle_row.addWidget(self.profile)
        self.subtitle_row.addWidget(self.status)
        self.subtitle_row.addStretch(1)
        self.concepts_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.concepts_row.setSpacing(8)
        self.introduces = QLineEdit()
        self.introduces.setPlaceholderText("Introduces (concepts, comma separated)")
        self.introduces.setAccessibleName("Concepts introduced")
        self.requires = QLineEdit()
        self.requires.setPlaceholderText("Requires (concepts, comma separated)")
        self.requires.setAccessibleName("Concepts required")
        self.concept_completers = (ConceptCompleter(self.introduces), ConceptCompleter(self.requires))
        for caption, edit in (("Introduces", self.introduces), ("Requires", self.requires)):
            edit.editingFinished.connect(self._on_concepts)
            edit.setToolTip(f"{caption}: concepts, separated by commas")
            pair = QHBoxLayout()
            pair.setSpacing(8)
            label = text_label(caption, role="caption", wrap=False)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("Introduces") + 4)  # stacked, the fields align
            pair.addWidget(label)
            pair.addWidget(edit, 1)
            self.concepts_row.addLayout(pair, 1)
        outer.addWidget(self.title)
        outer.addLayout(self.subtitle_row)
        outer.addLayout(self.concepts_row)

        # objective
        self.objective_card = Card("Objective")
        self.objective = QLineEdit()
        self.objective.setPlaceholderText("One measurable objective: a verb the learner can show, e.g. “List the …”")
        self.objective.setAccessibleName("Objective")
        font = self.objective.font()
        font.setPointSizeF(theme.BASE_POINT_SIZE * 1.2)
        self.objective.setFont(font)
        self.objective.textEdited.connect(self._on_objective_typed)
        self.objective.editingFinished.connect(self.editing_finished)
        self.bloom_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.bloom_row.setSpacing(6)
        self.objective_problems = QVBoxLayout()
        self.objective_problems.setSpacing(6)
        self.objective_card.body.addWidget(self.objective)
        self.objective_card.body.addLayout(self.bloom_row)
        self.objective_card.body.addLayout(self.objective_problems)
        outer.addWidget(self.objective_card)

        # budget
        self.budget_card = Card("Duration budget")
        self.gauge = BudgetGauge()
        self.budget_text = text_label("", role="soft")
        self.budget_card.body.addWidget(self.gauge)
        self.budget_card.body.addWidget(self.budget_text)
        outer.addWidget(self.budget_card)

        # blocks: a toolbar, then the list (drag a row to move it)
        self.blocks_card = Card("Blocks")
        tools = QHBoxLayout()
        tools.setSpacing(4)
        self.add_block = self._tool("Add block…", "add", "Add a block after the selected one")
        menu = QMenu(self.add_block)
        for kind in ADDABLE_KINDS:
            action = menu.addAction(icons.kind_icon(kind), KIND_LABELS[kind])
            action.setData(kind)
            action.triggered.connect(lambda _=False, k=kind: self._request_add(k))
        self.add_block.setMenu(menu)
        self.add_block.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.duplicate_block = self._tool("Duplicate", "duplicate", "Duplicate the selected block")
        self.remove_block = self._tool("Remove", "remove", "Remove the selected block")
        self.move_up = self._tool("Up", "up", "Move the selected block up")
        self.move_down = self._tool("Down", "down", "Move the selected block down")
        self.duplicate_block.clicked.connect(lambda: self._request(self.block_duplicate_requested))
        self.remove_block.clicked.connect(lambda: self._request(self.block_remove_requested))
        self.move_up.clicked.connect(lambda: self._request_move(-1))
        self.move_down.clicked.connect(lambda: self._request_move(+1))
        for button in (self.add_block, self.duplicate_block, self.remove_block, self.move_up, self.move_down):
            tools.addWidget(button)
        tools.addStretch(1)
        self.blocks_card.body.addLayout(tools)
        self.block_model = BlockTableModel(self)
        self.block_model.move_requested.connect(
            lambda source, target: self._module and self.block_move_requested.emit(self._module.id, source, target),
            Qt.ConnectionType.QueuedConnection)
        self.blocks = _FittedTree()
        self.blocks.setModel(self.block_model)
        self.blocks.setRootIsDecorated(False)
        self.blocks.setUniformRowHeights(True)
        self.blocks.setAlternatingRowColors(False)
        self.blocks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.blocks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.blocks.setDragEnabled(True)
        self.blocks.setAcceptDrops(True)
        self.blocks.setDropIndicatorShown(True)
        self.blocks.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.blocks.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.blocks.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blocks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blocks.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.blocks.setIconSize(QSize(18, 18))
        header = self.blocks.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.blocks.selectionModel().selectionChanged.connect(self._on_block_selection)
        self.blocks_card.body.addWidget(self.blocks)
        outer.addWidget(self.blocks_card)
        self.comments_card = CommentsCard()
        self.comments_card.resolve_requested.connect(
            lambda index, resolved: self._emit(self.comment_resolve_requested, index, resolved))
        outer.addWidget(self.comments_card)
        outer.addStretch(1)
        self.setWidget(page)
        self._update_block_tools()

    def _tool(self, text: str, icon: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(text)   # its name still, when folded to an icon
        button.setToolTip(tip)
        button.setIcon(icons.icon(icon))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fold(self.viewport().width() < FOLD_BELOW)

    @property
    def folded(self) -> bool:
        return self._folded

    def _fold(self, folded: bool) -> None:
        if folded == self._folded:
            return
        self._folded = folded
        style = Qt.ToolButtonStyle.ToolButtonIconOnly if folded else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        for button in (self.add_block, self.duplicate_block, self.remove_block, self.move_up, self.move_down):
            button.setToolButtonStyle(style)
        direction = QBoxLayout.Direction.TopToBottom if folded else QBoxLayout.Direction.LeftToRight
        self.concepts_row.setDirection(direction)
        self.bloom_row.setDirection(direction)
        self._page_layout.setContentsMargins(*MARGINS[folded])

    # -- what is shown ---------------------------------------------------------------
    @property
    def module_id_shown(self) -> str | None:
        return self._module.id if self._module else None

    def show_module(self, state: CourseState, module_id: str, *, keep_place: bool = False) -> None:
        """Show ``module_id``; with ``keep_place`` (a refresh after an edit) the scroll position,
        the block selection and the text being typed stay as they are."""
        module = state.course.module(module_id)
        selected = self.selected_block() if keep_place else None
        self._state, self._module = state, module
        if module is None:
            return
        problems = state.problems_of(module.id)
        estimate = state.estimate_of(module.id)

        _set_text(self.title, module.title)
        profile = module.profile if isinstance(module.profile, str) else CUSTOM_PROFILE
        self.module_id.setText(module.id)
        self._fill_profiles(state, profile)
        self.status.setCurrentIndex(max(0, self.status.findData(module.status)))
        colour = STATUS_COLOURS.get(module.status, theme.INK_SOFT)
        self.status.setStyleSheet(self._chip_style(colour))
        self.status_chip.setText(STATUS_LABELS.get(module.status, module.status))
        for edit, concepts in ((self.introduces, module.introduces), (self.requires, module.requires)):
            if _concepts(edit.text()) != concepts:
                _set_text(edit, ", ".join(concepts))
        known = course_concepts(state.course)
        for completer in self.concept_completers:
            completer.set_concepts(known)

        _set_text(self.objective, module.objective or "")
        self._show_objective_feedback(module.objective, state.course.language)
        if estimate is not None:
            reading = read_budget(estimate)
            self.gauge.set_reading(reading)
            word = self.gauge.tone_word()
            budget = estimate.budget
            bounds = (f"{budget.min_minutes:g}–{budget.max_minutes:g} min, target {budget.target_minutes:g} min"
                      if budget else "no budget")
            override = f"  ·  Override: {estimate.override}" if estimate.override else ""
            self.budget_text.setText(f"{word}  ·  {profile} profile, {bounds}{override}")
            self.budget_text.setStyleSheet(f"color: {TONE_COLOURS[reading.tone]};")
        n = len(module.blocks)
        self.blocks_card.title_label.setText(f"BLOCKS  ·  {n}")
        self.block_model.set_module(module, estimate, problems)
        self.blocks.updateGeometry()
        self.comments_card.show_comments(module)
        if keep_place:
            self.select_block(selected if selected is not None and selected < n else None)
        else:
            self.verticalScrollBar().setValue(0)
        self._update_block_tools()

    def _fill_profiles(self, state: CourseState, current: str) -> None:
        names = list(state.course.profiles())
        if current not in names:
            names.append(current)
        if [self.profile.itemData(i) for i in range(self.profile.count())] != names:
            self.profile.clear()
            for name in names:
                self.profile.addItem(f"{name} profile", name)
        self.profile.setCurrentIndex(self.profile.findData(current))

    @staticmethod
    def _chip_style(colour: str) -> str:
        c = QColor(colour)
        return f"color: {colour}; background: rgba({c.red()}, {c.green()}, {c.blue()}, 28);"

    def _show_objective_feedback(self, text: str | None, language: str) -> None:
        """Verb, Bloom level and problems of the objective as typed (the check's own analysis)."""
        analysis = analyse_objective(text, language)
        clear_layout(self.bloom_row)
        if analysis.bloom_level:
            colour = theme.BLOOM_COLOURS.get(analysis.bloom_level, theme.INK_SOFT)
            left = Qt.AlignmentFlag.AlignLeft          # stacked when folded: each chip keeps its own width
            self.bloom_row.addWidget(chip(f"Bloom level {analysis.bloom_level} · "
                                          f"{(analysis.level_name or '').capitalize()}", colour), 0, left)
            self.bloom_row.addWidget(chip(f"verb: {analysis.verb}", theme.INK_SOFT), 0, left)
        self.bloom_row.addStretch(1)
        clear_layout(self.objective_problems)
        module_id = self._module.id if self._module else None
        found = [Problem(f.code, f.severity, f.message, module=module_id) for f in analysis.findings
                 if f.code in OBJECTIVE_CODES]
        for problem in found:
            self.objective_problems.addWidget(ProblemLine(problem))
        if not found and (text or "").strip():
            ok = text_label("One measurable action", role="caption")
            ok.setStyleSheet(f"color: {theme.OK};")
            self.objective_problems.addWidget(ok)

    def objective_problem_codes(self) -> list[str]:
        return [self.objective_problems.itemAt(i).widget().problem.code
                for i in range(self.objective_problems.count())
                if isinstance(self.objective_problems.itemAt(i).widget(), ProblemLine)]

    # -- gestures → requests ---------------------------------------------------------
    def _emit(self, signal, *values) -> None:
        if self._module is not None:
            signal.emit(self._module.id, *values)

    def _on_objective_typed(self, text: str) -> None:
        if self._state is not None:
            self._show_objective_feedback(text, self._state.course.language)
        self._emit(self.objective_edited, text)

    def _on_profile(self, row: int) -> None:
        name = self.profile.itemData(row)
        module = self._module
        if module is not None and name and name != CUSTOM_PROFILE and name != module.profile:
            self.profile_chosen.emit(module.id, name)

    def _on_status(self, row: int) -> None:
        key = self.status.itemData(row)
        if self._module is not None and key != self._module.status:
            self.status_chosen.emit(self._module.id, key)

    def _on_concepts(self) -> None:
        module = self._module
        if module is None:
            return
        introduces, requires = _concepts(self.introduces.text()), _concepts(self.requires.text())
        if (introduces, requires) != (module.introduces, module.requires):
            self.concepts_edited.emit(module.id, introduces, requires)

    def _request_add(self, kind: str) -> None:
        selected = self.selected_block()
        index = selected + 1 if selected is not None else self.block_model.rowCount()
        self._emit(self.block_add_requested, kind, index)

    def _request(self, signal) -> None:
        selected = self.selected_block()
        if selected is not None:
            self._emit(signal, selected)

    def _request_move(self, step: int) -> None:
        selected = self.selected_block()
        if selected is not None and 0 <= selected + step < self.block_model.rowCount():
            self._emit(self.block_move_requested, selected, selected + step)

    # -- selection -------------------------------------------------------------------
    def select_block(self, index: int | None) -> None:
        selection = self.blocks.selectionModel()
        if index is None or not 0 <= index < self.block_model.rowCount():
            selection.clearSelection()
            self._update_block_tools()
            return
        selection.select(self.block_model.index(index, 0),
                         QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.blocks.setCurrentIndex(self.block_model.index(index, 0))
        self.ensureWidgetVisible(self.blocks)
        self._update_block_tools()

    def selected_block(self) -> int | None:
        rows = self.blocks.selectionModel().selectedRows()
        return rows[0].data(BLOCK_INDEX_ROLE) if rows else None

    def _update_block_tools(self) -> None:
        selected = self.selected_block()
        count = self.block_model.rowCount()
        self.add_block.setEnabled(self._module is not None)
        for button in (self.duplicate_block, self.remove_block):
            button.setEnabled(selected is not None)
        self.move_up.setEnabled(selected is not None and selected > 0)
        self.move_down.setEnabled(selected is not None and selected < count - 1)

    def _on_block_selection(self, *_args) -> None:
        self._update_block_tools()
        self.block_selected.emit(self.selected_block())
