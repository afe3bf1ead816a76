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


def _same_ends(old: tuple, new: tuple) -> tuple[int, int]:
    """How many problems the two lists share at their start, and then at their end."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and (old[start] is new[start] or old[start] == new[start]):
        start += 1
    end = 0
    while end < limit - start and (old[-1 - end] is new[-1 - end] or old[-1 - end] == new[-1 - end]):
        end += 1
    return start, end


class ProblemTableModel(ReadOnlyColumns, QAbstractTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._state: CourseState | None = None
        self._rows: tuple[Problem, ...] = ()

    def set_state(self, state: CourseState | None) -> None:
        """Show ``state``'s problems. After an edit only the rows that differ are removed and
        inserted (a re-check keeps the other problems as they were): resetting thousands of
        rows at every pause in typing would relayout and repaint the whole panel."""
        old_state, old = self._state, self._rows
        new = state.report.problems if state is not None else ()
        if old_state is None or state is None:
            self.beginResetModel()
            self._state, self._rows = state, new
            self.endResetModel()
            return
        first, last = _same_ends(old, new)
        old_end, new_end = len(old) - last, len(new) - last
        if old_end > first:
            self.beginRemoveRows(QModelIndex(), first, old_end - 1)
            self._rows = old[:first] + old[old_end:]
            self.endRemoveRows()
        self._state = state
        if new_end > first:
            self.beginInsertRows(QModelIndex(), first, new_end - 1)
            self._rows = new
            self.endInsertRows()
        self._rows = new
        self._retitled(old_state, state)

    def _retitled(self, old: CourseState, new: CourseState) -> None:
        """Repaint "Where" for the rows whose module or path was renamed."""
        if old.course is new.course:
            return
        modules = {m.id for m in new.course.modules if getattr(old.module(m.id), "title", m.title) != m.title}
        paths = {p.id for p in new.course.paths if getattr(old.path(p.id), "title", p.title) != p.title}
        if not modules and not paths:
            return
        rows = [row for row, problem in enumerate(self._rows)
                if problem.module in modules or (problem.module is None and problem.path in paths)]
        if rows:
            self.dataChanged.emit(self.index(rows[0], 2), self.index(rows[-1], 2))

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
