"""The project tree: each learning path with its modules in order, then "All modules".

An adapter over a frozen :class:`~studio.editor.session.CourseState`: rows are read from
it, never from the database. Top-level rows are groups (internal id 0); a module row's
internal id is its group's row + 1, which is all ``parent()`` needs.

Modules are dragged to a new place within their group; the drop asks for the new order
(``order_requested``), which the window runs as one undoable ``ReorderModules``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from studio.editor.block_text import STATUS_LABELS, seconds_text
from studio.editor.session import CourseState
from studio.ui import icons, theme
from studio.ui.read_only_columns import ReadOnlyColumns

ALL_MODULES = "All modules"
MODULE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 2     # a path id, or None for "All modules"
IS_GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
COLUMNS = ("Module", "Time")
MODULE_MIME = "application/x-micro-module-studio-module"
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Group:
    path_id: str | None
    title: str
    module_ids: tuple[str, ...]


_ROLE = Qt.ItemDataRole
_MODULE_ROLES = (   # what a module row answers, per column; every other role is None at once
    frozenset({_ROLE.DisplayRole, _ROLE.DecorationRole, _ROLE.ToolTipRole, _ROLE.ForegroundRole}),
    frozenset({_ROLE.DisplayRole, _ROLE.DecorationRole, _ROLE.ToolTipRole, _ROLE.ForegroundRole,
               _ROLE.TextAlignmentRole}),
)


def _looks(state: CourseState, module_id: str) -> tuple:
    """All that a module's row shows, to tell whether an edit changed it."""
    module, estimate = state.module(module_id), state.estimate_of(module_id)
    return ((module.title, module.status) if module else None,
            (estimate.seconds, estimate.within_budget, estimate.override, estimate.status) if estimate else None,
            _counts(state.problems_of(module_id)))


def _counts(problems) -> tuple[int, int]:
    return sum(p.severity == "error" for p in problems), sum(p.severity == "warning" for p in problems)


class ProjectTreeModel(ReadOnlyColumns, QAbstractItemModel):
    COLUMNS = COLUMNS
    order_requested = Signal(object, object)   # path id (None: the course's own order), tuple of module ids

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._state: CourseState | None = None
        self._groups: list[_Group] = []

    # -- state -----------------------------------------------------------------------
    def set_state(self, state: CourseState | None) -> None:
        self.beginResetModel()
        self._state = state
        self._groups = []
        if state is not None:
            course = state.course
            self._groups = [_Group(p.id, p.title or p.id, p.modules) for p in course.paths]
            self._groups.append(_Group(None, ALL_MODULES, tuple(mod.id for mod in course.modules)))
        self.endResetModel()

    def update_modules(self, state: CourseState, module_ids) -> None:
        """The same structure, new values: repaint the cells of ``module_ids`` that look
        different now, and their groups' totals. Typing changes a module at each keystroke
        and rarely anything the tree shows; a cell repainted alone is cheap, a range repaints
        the view."""
        old, self._state = self._state, state
        changed = {mid for mid in module_ids if old is None or _looks(old, mid) != _looks(state, mid)}
        if not changed:
            return
        columns = range(self.columnCount())
        for row, group in enumerate(self._groups):
            rows = [r for r, mid in enumerate(group.module_ids) if mid in changed]
            if not rows:
                continue
            group_index = self.index(row, 0)
            self._repaint(self.index(row, 1))
            for module_row in rows:
                for column in columns:
                    self._repaint(self.index(module_row, column, group_index))

    def _repaint(self, index: QModelIndex) -> None:
        self.dataChanged.emit(index, index)

    def group_index(self, path_id: str | None) -> QModelIndex:
        row = next((r for r, g in enumerate(self._groups) if g.path_id == path_id), None)
        return QModelIndex() if row is None else self.index(row, 0)

    def module_index(self, module_id: str, path_id: str | None = None) -> QModelIndex:
        """Where ``module_id`` is: in ``path_id`` when it is there, else in the first path that
        has it, else under "All modules"."""
        candidates = [path_id] if path_id is not None else []
        candidates += [g.path_id for g in self._groups if g.path_id is not None] + [None]
        for group_id in candidates:
            row = next((r for r, g in enumerate(self._groups) if g.path_id == group_id), None)
            if row is not None and module_id in self._groups[row].module_ids:
                return self.index(self._groups[row].module_ids.index(module_id), 0, self.index(row, 0))
        return QModelIndex()

    # -- Qt model --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # the bounds checked here rather than by hasIndex(), which calls back into Python twice
        # (expanding a 500-module tree asks for thousands of indexes)
        if row < 0 or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() == 0 and parent.column() == 0 and row < len(self._groups[parent.row()].module_ids):
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._groups[parent.row()].module_ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._state is None:
            return None
        if index.internalId() == 0:
            return self._group_data(self._groups[index.row()], index.column(), role)
        group = self._groups[index.internalId() - 1]
        return self._module_data(group, group.module_ids[index.row()], index.column(), role)

    def _group_data(self, group: _Group, column: int, role: int):
        if role == IS_GROUP_ROLE:
            return True
        if role == GROUP_ID_ROLE:
            return group.path_id
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return group.title
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.icon("path" if group.path_id else "all", theme.INK_SOFT)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                n = len(group.module_ids)
                return f"{group.title}: {n} module{'s' if n != 1 else ''}"
        if column == 1 and role == Qt.ItemDataRole.DisplayRole and self._state is not None:
            return seconds_text(sum(e.seconds for e in map(self._state.estimate_of, group.module_ids) if e))
        if column == 1 and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(theme.INK_FAINT)
        if column == 1 and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _module_data(self, group: _Group, module_id: str, column: int, role: int):
        # Cheap first: the views ask every role of every row they lay out or paint.
        if role == MODULE_ID_ROLE:
            return module_id
        if role == GROUP_ID_ROLE:
            return group.path_id
        if role == IS_GROUP_ROLE:
            return False
        if role not in _MODULE_ROLES[column] if column < len(_MODULE_ROLES) else True:
            return None
        state = self._state
        assert state is not None
        module = state.module(module_id)
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return module.title if module else module_id
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.status_icon(module.status) if module else icons.severity_icon("error")
            if role == Qt.ItemDataRole.ToolTipRole:
                if module is None:
                    return f"'{module_id}': no such module in this course"
                errors, warnings = _counts(state.problems_of(module_id))
                counts = ", ".join(t for t in (f"{errors} error(s)" if errors else "",
                                               f"{warnings} warning(s)" if warnings else "") if t)
                return f"{module.title}\n{module_id} · {STATUS_LABELS.get(module.status, module.status)}" + (
                    f"\n{counts}" if counts else "")
            if role == Qt.ItemDataRole.ForegroundRole and module is None:
                return QColor(theme.BAD)
            return None
        estimate = state.estimate_of(module_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return seconds_text(estimate.seconds) if estimate else "—"
        if role == Qt.ItemDataRole.DecorationRole:
            errors, warnings = _counts(state.problems_of(module_id))
            return icons.severity_icon("error" if errors else "warning") if errors or warnings else None
        if role == Qt.ItemDataRole.ForegroundRole:
            bad = estimate is not None and not estimate.within_budget and not estimate.override
            return QColor(theme.BAD if bad else theme.INK_SOFT)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and estimate is not None:
            return f"Estimated {seconds_text(estimate.seconds)} ({estimate.status} the budget)"
        return None

    # -- drag to reorder -------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        if index.internalId() == 0:
            return flags | Qt.ItemFlag.ItemIsDropEnabled
        return flags | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MODULE_MIME]

    def mimeData(self, indexes) -> QMimeData:
        data = QMimeData()
        rows = [(i.internalId() - 1, i.row()) for i in indexes if i.isValid() and i.internalId() != 0]
        if rows:
            group, row = rows[0]
            data.setData(MODULE_MIME, QByteArray(json.dumps(
                {"group": group, "module": self._groups[group].module_ids[row], "row": row}).encode()))
        return data

    def _dragged(self, data: QMimeData) -> tuple[int, int] | None:
        if not data.hasFormat(MODULE_MIME):
            return None
        try:
            found = json.loads(bytes(data.data(MODULE_MIME).data()))
            group, row = int(found["group"]), int(found["row"])
            if self._groups[group].module_ids[row] != found["module"]:
                return None
        except (ValueError, KeyError, IndexError, TypeError):
            return None
        return group, row

    def _drop_target(self, data: QMimeData, row: int, parent: Index) -> tuple[int, int, int] | None:
        """(group, source row, insertion row) for a drop within the dragged module's own group."""
        dragged = self._dragged(data)
        if dragged is None or not parent.isValid():
            return None
        group, source = dragged
        if parent.internalId() == 0:          # between the rows of a group (or onto the group: last)
            target_group, insert = parent.row(), row if row >= 0 else len(self._groups[parent.row()].module_ids)
        else:                                  # onto a module: take its place
            target_group, insert = parent.internalId() - 1, parent.row() + (parent.row() > source)
        return (group, source, insert) if target_group == group else None

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return action == Qt.DropAction.MoveAction and self._drop_target(data, row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        found = self._drop_target(data, row, parent) if action == Qt.DropAction.MoveAction else None
        if found is None:
            return False
        group, source, insert = found
        order = list(self._groups[group].module_ids)
        moved = order.pop(source)
        order.insert(insert - (insert > source), moved)
        if order != list(self._groups[group].module_ids):
            self.order_requested.emit(self._groups[group].path_id, tuple(order))
        return False    # the new order comes back as an edit; nothing to remove after the drag
