"""The blocks of one module: kind, what it holds, its estimated duration."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from studio import model as m
from studio.editor.block_text import block_summary, kind_label, seconds_text
from studio.rules.budget import ModuleEstimate
from studio.rules.problems import Problem
from studio.ui import icons, theme
from studio.ui.read_only_columns import ReadOnlyColumns

BLOCK_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Block", "Content", "Time")
Index = QModelIndex | QPersistentModelIndex


class BlockTableModel(ReadOnlyColumns, QAbstractTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._blocks: tuple[m.Block, ...] = ()
        self._seconds: dict[int, float] = {}
        self._problems: dict[int, list[Problem]] = {}

    def set_module(self, module: m.Module | None, estimate: ModuleEstimate | None,
                   problems: tuple[Problem, ...] = ()) -> None:
        self.beginResetModel()
        self._blocks = module.blocks if module else ()
        self._seconds = {b.index: b.seconds for b in estimate.blocks} if estimate else {}
        self._problems = {}
        for problem in problems:
            if problem.block is not None:
                self._problems.setdefault(problem.block, []).append(problem)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._blocks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole and section == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._blocks):
            return None
        row, column = index.row(), index.column()
        block = self._blocks[row]
        problems = self._problems.get(row, [])
        if role == BLOCK_INDEX_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return kind_label(block.kind)
            if column == 1:
                return block_summary(block)
            return seconds_text(self._seconds.get(row))
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 0:
                return icons.kind_icon(block.kind)
            if column == 1 and problems:
                worst = "error" if any(p.severity == "error" for p in problems) else problems[0].severity
                return icons.severity_icon(worst)
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return "\n".join(f"{p.code}: {p.message}" for p in problems)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor(theme.INK_SOFT)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
