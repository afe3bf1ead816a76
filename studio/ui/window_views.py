"""The window's path view, trim editor and build dialog: a path row of the tree shows the path
(its order, concepts, prerequisite problems, schedule); Trim… on a clip opens the trim editor;
File ▸ Build… builds the course as it is on screen.

A mixin of :class:`~studio.ui.main_window.MainWindow` (it uses the window's tree, pages,
session and editing controller).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from studio.editor import commands as cmd
from studio.ui.path_view import PathView

if TYPE_CHECKING:       # the build (export, PyAV: half a second of imports) loads when first asked for
    from studio.ui.build_dialog import BuildDialog


class PathAndBuildViews:
    def _install_path_view(self) -> None:
        self.path_view = PathView()
        self.pages.addWidget(self.path_view)
        self.path_view.apply_order_requested.connect(self._apply_suggested_order)
        self.path_view.module_activated.connect(
            lambda module_id: self.select_module(module_id, self.path_view.path_id_shown))
        self.path_view.path_chosen.connect(self._choose_path_in_tree)

    def show_path(self, path_id: str) -> bool:
        """The path view of ``path_id`` in the centre (the module view gives way to it)."""
        state = self.state
        if state is None or not self.path_view.show_path(state, path_id):
            return False
        self.editing.flush()
        self._module_id = None
        self.inspector.clear()
        self.actions_.set_module_selected(False)
        self.pages.setCurrentWidget(self.path_view)
        return True

    def _path_view_shown(self) -> bool:
        return self.pages.currentWidget() is self.path_view and self.path_view.path_id_shown is not None

    def _refresh_path_view(self) -> None:
        """After an edit: the path on screen redrawn from the new state (or left when it is gone)."""
        if self.pages.currentWidget() is not self.path_view or self.state is None:
            return
        shown = self.path_view.path_id_shown
        if shown is None or not self.path_view.show_path(self.state, shown):
            self.pages.setCurrentWidget(self.welcome)

    def _apply_suggested_order(self, path_id: str, order: tuple) -> None:
        self.editing.run(cmd.ReorderModules(path_id, tuple(order), label="Apply suggested order"))

    def _choose_path_in_tree(self, path_id: str) -> None:
        index = self.tree_model.group_index(path_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def open_trim_editor(self, module_id: str, index: int) -> None:
        """The trim editor on a video or audio block; accepting is one undoable "Trim clip"."""
        if self.session is None:
            return
        from studio.ui.trim_editor import open_trim_editor     # not needed for the first window
        self.editing.flush()
        state = self.state
        block = state.course.module(module_id).blocks[index]
        resolve = self.session.media_resolver()
        command = open_trim_editor(self, state, module_id, index, resolve(block.media),
                                   captions_path=resolve(block.captions) if block.captions else None)
        if command is not None:
            self.editing.run(command)

    def open_build(self) -> BuildDialog | None:
        """File ▸ Build…: the course as it is now (unsaved edits included), for the tree's path."""
        if self.session is None:
            return None
        from studio.ui.build_dialog import open_build_dialog
        from studio.ui.build_model import source_of_state
        self.editing.flush()
        source = source_of_state(self.state, self.session.media_resolver())
        return open_build_dialog(self, source, self.settings, path_id=self.current_group())
