"""The window's edit gestures: modules added, duplicated, removed and reordered from the tree,
blocks from the module view. Each becomes one editor command run by ``self.editing``.

A mixin of :class:`~studio.ui.main_window.MainWindow` (it uses the window's tree, views and state).
"""
from __future__ import annotations

from PySide6.QtWidgets import QMenu

from studio.editor import commands as cmd
from studio.errors import StudioError
from studio.ui.tree_model import GROUP_ID_ROLE, IS_GROUP_ROLE, MODULE_ID_ROLE


class EditGestures:
    def current_group(self) -> str | None:
        """The path the tree's current row belongs to (None: "All modules" or nothing)."""
        index = self.tree.currentIndex()
        return index.data(GROUP_ID_ROLE) if index.isValid() else None

    def add_module(self) -> None:
        state = self.state
        if state is None:
            return
        module = cmd.new_module(state.course)
        path_id = self.current_group()
        index = path_index = None
        if self._module_id is not None and state.course.module(self._module_id) is not None:
            index = [mod.id for mod in state.course.modules].index(self._module_id) + 1
            path = next((p for p in state.course.paths if p.id == path_id), None)
            if path is not None and self._module_id in path.modules:
                path_index = path.modules.index(self._module_id) + 1
        if self.editing.run(cmd.AddModule(module, index, path_id, path_index)) is not None:
            self.select_module(module.id, path_id)
            self.module_view.title.setFocus()
            self.module_view.title.selectAll()

    def duplicate_module(self) -> None:
        if self._module_id is None:
            return
        command = cmd.DuplicateModule(self._module_id, self.current_group())
        group = self.current_group()
        if self.editing.run(command) is not None:
            self.select_module(command.new_id, group)

    def remove_module(self) -> None:
        state, module_id = self.state, self._module_id
        if state is None or module_id is None:
            return
        ids = [mod.id for mod in state.course.modules]
        group = self.current_group()
        neighbours = ids[ids.index(module_id) + 1:] + ids[:ids.index(module_id)][::-1]
        self._module_id = None
        if self.editing.run(cmd.RemoveModule(module_id)) is None:
            self._module_id = module_id
            return
        if neighbours:
            self.select_module(neighbours[0], group)

    def _on_order_requested(self, path_id: str | None, order: tuple[str, ...]) -> None:
        self.editing.run(cmd.ReorderModules(path_id, order))

    def _tree_menu(self, pos) -> None:
        if self.state is None:
            return
        index = self.tree.indexAt(pos)
        if index.isValid() and not index.data(IS_GROUP_ROLE):
            self.select_module(index.data(MODULE_ID_ROLE), index.data(GROUP_ID_ROLE))
        menu = QMenu(self.tree)
        menu.addAction(self.actions_.add_module)
        if index.isValid() and not index.data(IS_GROUP_ROLE):
            menu.addActions([self.actions_.duplicate_module, self.actions_.remove_module])
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _on_editing_finished(self) -> None:
        self.editing.seal()
        self.editing.flush()

    def _add_block(self, module_id: str, kind: str, index: int) -> None:
        try:
            block = cmd.new_block(kind)
        except StudioError as exc:
            self.show_error("Cannot add the block", exc)
            return
        self._edit_block(cmd.AddBlock(module_id, block, index), index)

    def _remove_block(self, module_id: str, index: int) -> None:
        module = self.state.course.module(module_id) if self.state else None
        remaining = len(module.blocks) - 1 if module else 0
        self._edit_block(cmd.RemoveBlock(module_id, index), min(index, remaining - 1) if remaining else None)

    def _edit_block(self, command: cmd.Command, select: int | None) -> None:
        if self.editing.run(command) is not None:
            self.module_view.select_block(select)

