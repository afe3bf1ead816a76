"""The window's actions, menus and toolbar. Only actions that work are shown."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from studio.ui import icons


class WindowActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.open = self._action("&Open…", QKeySequence.StandardKey.Open, "open", "Open a course source or a project")
        self.reload = self._action("&Reload", QKeySequence.StandardKey.Refresh, "reload",
                                   "Read the course again from disk and check it")
        self.close = self._action("&Close", QKeySequence.StandardKey.Close, "close", "Close the course")
        self.quit = self._action("&Quit", QKeySequence.StandardKey.Quit, None, "Quit Micro-module Studio")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.save = self._action("&Save", QKeySequence.StandardKey.Save, "save", "Save the course")
        self.save_as = self._action("Save &As…", QKeySequence.StandardKey.SaveAs, None,
                                    "Save the course as a new project or course source")
        self.undo = self._action("&Undo", QKeySequence.StandardKey.Undo, "undo", "Undo the last edit")
        self.redo = self._action("&Redo", QKeySequence.StandardKey.Redo, "redo", "Redo the edit undone")
        self.add_module = self._action("&Add Module", QKeySequence("Ctrl+Shift+N"), "add",
                                       "Add a module after the selected one")
        self.duplicate_module = self._action("&Duplicate Module", QKeySequence("Ctrl+D"), "duplicate",
                                             "Duplicate the selected module")
        self.remove_module = self._action("&Remove Module", None, "remove", "Remove the selected module")
        self.build = self._action("&Build Packages…", QKeySequence("Ctrl+B"), "build",
                                      "Build SCORM, cmi5, xAPI or HTML5 packages of the course as it is now")
        self.import_review = self._action("Import &Review Comments…", None, None,
                                          "Bring the comments SMEs downloaded from a review copy into the course")
        self.open_example = self._action("Open the &Example Course", None, "book", "Open the bundled example course")
        self.clear_recent = self._action("&Clear Recent", None, None, "Forget the recent courses")
        self.next_problem = self._action("&Next Problem", QKeySequence(Qt.Key.Key_F8), None, "Go to the next problem")
        self.previous_problem = self._action("&Previous Problem", QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F8),
                                             None, "Go to the previous problem")
        self.about = self._action("&About Micro-module Studio", None, None, None)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.recent_menu = QMenu("Open &Recent", window)
        self.window = window

    def _action(self, text: str, shortcut, icon: str | None, tip: str | None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if icon:
            action.setIcon(icons.icon(icon))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        return action

    def build_menus(self, panel_toggles: list[QAction]) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.open])
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.open_example)
        file_menu.addSeparator()
        file_menu.addActions([self.save, self.save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.build, self.import_review])
        file_menu.addSeparator()
        file_menu.addActions([self.reload, self.close])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.add_module, self.duplicate_module, self.remove_module])
        view_menu = bar.addMenu("&View")
        view_menu.addActions(panel_toggles)
        view_menu.addSeparator()
        view_menu.addActions([self.next_problem, self.previous_problem])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about)

    def build_toolbar(self, problems_toggle: QAction) -> QToolBar:
        toolbar = QToolBar("Main toolbar", self.window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.open, self.save])
        toolbar.addSeparator()
        toolbar.addActions([self.undo, self.redo])
        toolbar.addSeparator()
        toolbar.addActions([self.add_module, self.duplicate_module, self.remove_module])
        toolbar.addSeparator()
        toolbar.addAction(self.build)
        toolbar.addSeparator()
        toolbar.addActions([self.reload, self.close])
        toolbar.addSeparator()
        toolbar.addAction(problems_toggle)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def set_course_open(self, is_open: bool) -> None:
        for action in (self.reload, self.close, self.next_problem, self.previous_problem, self.save, self.save_as,
                       self.add_module, self.build, self.import_review):
            action.setEnabled(is_open)
        if not is_open:
            self.set_module_selected(False)
            self.set_history(None, None)

    def set_module_selected(self, selected: bool) -> None:
        for action in (self.duplicate_module, self.remove_module):
            action.setEnabled(selected)

    def set_history(self, undo_label: str | None, redo_label: str | None) -> None:
        """What Undo and Redo would do, in their text ("Undo Edit objective")."""
        for action, verb, label in ((self.undo, "Undo", undo_label), (self.redo, "Redo", redo_label)):
            action.setEnabled(label is not None)
            action.setText(f"&{verb} {label}" if label else f"&{verb}")
            action.setIconText(verb)          # the toolbar keeps a short button
            action.setToolTip(f"{verb} {label}" if label else f"Nothing to {verb.lower()}")
