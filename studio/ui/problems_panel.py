"""The problems panel: every problem of the latest check; activating one says where it is."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QVBoxLayout, QWidget

from studio.editor.session import CourseState
from studio.ui.problems_model import PROBLEM_ROLE, ProblemTableModel


class ProblemsPanel(QWidget):
    problem_activated = Signal(object)     # the Problem clicked (or chosen with Enter)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProblemTableModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        # sized to the rows in view: measuring all (thousands in a big course) on every re-check
        # cost hundreds of milliseconds as it opened and on every pause in typing
        header.setResizeContentsPrecision(0)
        header.resizeSection(2, 240)
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_state(self, state: CourseState | None) -> None:
        self.model.set_state(state)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.problem_activated.emit(index.data(PROBLEM_ROLE))
