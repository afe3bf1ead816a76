"""The centre of the window: one module — its title, objective, budget and blocks.

Read-only in this slice: it shows a :class:`~studio.editor.session.CourseState` and says
which block the designer selected (``block_selected``).
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QScrollArea,
                               QSizePolicy, QTreeView, QVBoxLayout, QWidget)

from studio import model as m
from studio.editor.block_text import STATUS_LABELS
from studio.editor.gauge import read_budget
from studio.editor.session import CourseState
from studio.rules.objective import CODES as OBJECTIVE_CODES, analyse_objective
from studio.ui import theme
from studio.ui.block_model import BLOCK_INDEX_ROLE, BlockTableModel
from studio.ui.budget_gauge import TONE_COLOURS, BudgetGauge
from studio.ui.cards import Card, ProblemLine, chip, clear_layout, text_label

STATUS_COLOURS = {"draft": theme.INK_SOFT, "in_review": theme.WARN, "approved": theme.OK}


class _FittedTree(QTreeView):
    """A tree that is as tall as its rows, so the page scrolls and not the list."""

    def sizeHint(self):
        hint = super().sizeHint()
        rows = self.model().rowCount() if self.model() else 0
        row_h = self.sizeHintForRow(0) if rows else 0
        hint.setHeight(self.header().height() + rows * row_h + 4)
        return hint


class ModuleView(QScrollArea):
    block_selected = Signal(object)      # block index (int) or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._state: CourseState | None = None
        self._module: m.Module | None = None

        page = QWidget()
        page.setObjectName("modulePage")
        page.setStyleSheet(f"#modulePage {{ background: {theme.WINDOW}; }}")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(28, 24, 28, 28)
        outer.setSpacing(16)

        # header: title, then id · profile · status · concepts
        self.title = text_label("", size=theme.BASE_POINT_SIZE * 1.75, weight=QFont.Weight.DemiBold)
        self.title.setProperty("role", "title")
        self.subtitle_row = QHBoxLayout()
        self.subtitle_row.setSpacing(8)
        self.module_id = text_label("", role="caption", wrap=False)
        self.status_chip = chip("", theme.INK_SOFT)
        self.subtitle_row.addWidget(self.module_id)
        self.subtitle_row.addWidget(self.status_chip)
        self.subtitle_row.addStretch(1)
        self.concepts = text_label("", role="soft")
        outer.addWidget(self.title)
        outer.addLayout(self.subtitle_row)
        outer.addWidget(self.concepts)

        # objective
        self.objective_card = Card("Objective")
        self.objective = text_label("", size=theme.BASE_POINT_SIZE * 1.2)
        self.bloom_row = QHBoxLayout()
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

        # blocks
        self.blocks_card = Card("Blocks")
        self.block_model = BlockTableModel(self)
        self.blocks = _FittedTree()
        self.blocks.setModel(self.block_model)
        self.blocks.setRootIsDecorated(False)
        self.blocks.setUniformRowHeights(True)
        self.blocks.setAlternatingRowColors(False)
        self.blocks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.blocks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
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
        outer.addStretch(1)
        self.setWidget(page)

    # -- what is shown ---------------------------------------------------------------
    @property
    def module_id_shown(self) -> str | None:
        return self._module.id if self._module else None

    def show_module(self, state: CourseState, module_id: str) -> None:
        module = state.course.module(module_id)
        self._state, self._module = state, module
        if module is None:
            return
        problems = state.problems_of(module.id)
        estimate = state.estimate_of(module.id)

        self.title.setText(module.title)
        profile = module.profile if isinstance(module.profile, str) else "custom"
        self.module_id.setText(f"{module.id}  ·  {profile} profile")
        colour = STATUS_COLOURS.get(module.status, theme.INK_SOFT)
        self.status_chip.setText(STATUS_LABELS.get(module.status, module.status))
        self.status_chip.setStyleSheet(self._chip_style(colour))
        parts = []
        if module.introduces:
            parts.append("Introduces " + ", ".join(module.introduces))
        if module.requires:
            parts.append("Requires " + ", ".join(module.requires))
        self.concepts.setText("   ·   ".join(parts))
        self.concepts.setVisible(bool(parts))

        self._show_objective(state, module, problems)
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
        self.verticalScrollBar().setValue(0)

    @staticmethod
    def _chip_style(colour: str) -> str:
        c = QColor(colour)
        return f"color: {colour}; background: rgba({c.red()}, {c.green()}, {c.blue()}, 28);"

    def _show_objective(self, state: CourseState, module: m.Module, problems) -> None:
        analysis = analyse_objective(module.objective, state.course.language)
        self.objective.setText(module.objective or "No objective yet")
        self.objective.setProperty("role", None if module.objective else "caption")
        clear_layout(self.bloom_row)
        if analysis.bloom_level:
            colour = theme.BLOOM_COLOURS.get(analysis.bloom_level, theme.INK_SOFT)
            self.bloom_row.addWidget(chip(f"Bloom level {analysis.bloom_level} · {(analysis.level_name or '').capitalize()}", colour))
            self.bloom_row.addWidget(chip(f"verb: {analysis.verb}", theme.INK_SOFT))
        self.bloom_row.addStretch(1)
        clear_layout(self.objective_problems)
        for problem in (p for p in problems if p.code in OBJECTIVE_CODES):
            self.objective_problems.addWidget(ProblemLine(problem))
        if not any(p.code in OBJECTIVE_CODES for p in problems) and module.objective:
            ok = text_label("One measurable action", role="caption")
            ok.setStyleSheet(f"color: {theme.OK};")
            self.objective_problems.addWidget(ok)

    def objective_problem_codes(self) -> list[str]:
        return [self.objective_problems.itemAt(i).widget().problem.code
                for i in range(self.objective_problems.count())
                if isinstance(self.objective_problems.itemAt(i).widget(), ProblemLine)]

    # -- selection -------------------------------------------------------------------
    def select_block(self, index: int | None) -> None:
        selection = self.blocks.selectionModel()
        if index is None or not 0 <= index < self.block_model.rowCount():
            selection.clearSelection()
            return
        selection.select(self.block_model.index(index, 0),
                         QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.blocks.setCurrentIndex(self.block_model.index(index, 0))
        self.ensureWidgetVisible(self.blocks)

    def selected_block(self) -> int | None:
        rows = self.blocks.selectionModel().selectedRows()
        return rows[0].data(BLOCK_INDEX_ROLE) if rows else None

    def _on_block_selection(self, *_args) -> None:
        self.block_selected.emit(self.selected_block())
