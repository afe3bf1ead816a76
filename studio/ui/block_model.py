"""The blocks of one module: kind, what it holds, its estimated duration.

Rows can be dragged to a new place: the drop does not move anything itself, it asks for a
move (``move_requested``), which the window runs as one undoable command.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from studio import model as m
from studio.editor.block_text import block_summary, kind_label, seconds_text
from studio.rules.budget import ModuleEstimate
from studio.rules.problems import Problem
from studio.ui import icons, theme
from studio.ui.read_only_columns import ReadOnlyColumns

BLOCK_INDEX_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Block", "Content", "Time")
BLOCK_MIME = "application/x-micro-module-studio-block"
Index = QModelIndex | QPersistentModelIndex


class BlockTableModel(ReadOnlyColumns, QAbstractTableModel):
    COLUMNS = COLUMNS
    move_requested = Signal(int, int)      # block index, its new index (queued: after the drag ends)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._module_id: str | None = None
        self._blocks: tuple[m.Block, ...] = ()
        self._seconds: dict[int, float] = {}
        self._problems: dict[int, list[Problem]] = {}

    def set_module(self, module: m.Module | None, estimate: ModuleEstimate | None,
                   problems: tuple[Problem, ...] = ()) -> None:
        self.beginResetModel()
        self._module_id = module.id if module else None
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

    # -- drag to reorder -------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [BLOCK_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(BLOCK_MIME, QByteArray(f"{self._module_id}\n{rows[0]}".encode()))
        return data

    def _source_row(self, data: QMimeData) -> int | None:
        if not data.hasFormat(BLOCK_MIME):
            return None
        module_id, _, row = bytes(data.data(BLOCK_MIME).data()).decode().partition("\n")
        if module_id != self._module_id or not row.isdigit() or int(row) >= len(self._blocks):
            return None
        return int(row)

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return action == Qt.DropAction.MoveAction and self._source_row(data) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        source = self._source_row(data)
        if source is None or action != Qt.DropAction.MoveAction:
            return False
        if row < 0:     # dropped onto a row: take its place; onto the empty area: go last
            target = parent.row() if parent.isValid() else len(self._blocks) - 1
        else:           # dropped between rows: before ``row``
            target = row if row <= source else row - 1
        target = max(0, min(target, len(self._blocks) - 1))
        if target != source:
            self.move_requested.emit(source, target)
        return False    # nothing to remove after the drag: the move comes back as an edit
