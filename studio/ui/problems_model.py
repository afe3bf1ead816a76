"""Every problem of the latest check, one row each: severity, code, module, message."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from studio.editor.session import CourseState
from studio.rules.problems import Problem
from studio.ui import icons, theme
from studio.ui.read_only_columns import ReadOnlyColumns

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Severity", "Code", "Where", "Message")
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
Index = QModelIndex | QPersistentModelIndex


def where_text(state: CourseState, problem: Problem) -> str:
    if problem.module is not None:
        module = state.module(problem.module)
        text = module.title if module else problem.module
        return text + (f" · block {problem.block + 1}" if problem.block is not None else "")
    if problem.path is not None:
        path = state.path(problem.path)
        return f"Path: {path.title or path.id}" if path else f"Path: {problem.path}"
    return "Course"


class ProblemTableModel(ReadOnlyColumns, QAbstractTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._state: CourseState | None = None
        self._rows: tuple[Problem, ...] = ()

    def set_state(self, state: CourseState | None) -> None:
        self.beginResetModel()
        self._state = state
        self._rows = state.report.problems if state is not None else ()
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or self._state is None:
            return None
        problem, column = self._rows[index.row()], index.column()
        if role == PROBLEM_ROLE:
            return problem
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return SEVERITY_LABELS.get(problem.severity, problem.severity)
            if column == 1:
                return problem.code
            return where_text(self._state, problem) if column == 2 else problem.message
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icons.severity_icon(problem.severity)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor(theme.SEVERITY_COLOURS.get(problem.severity, theme.INK))
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(theme.INK_SOFT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{problem.code}: {problem.message}"
        return None
