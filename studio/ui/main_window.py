"""The main window: project tree, module view, inspector and problems around one open course.

It holds a :class:`~studio.editor.session.CourseSession` opened by a background job and
shows its frozen state; every error reaches the user through :meth:`MainWindow.show_error`.
Edits go through :class:`~studio.ui.editing.EditController` (``self.editing``), and each
view refreshes only what the resulting :class:`~studio.editor.changes.Changes` names.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView, QLabel, QMainWindow, QProgressBar,
                               QTreeView, QWidget)

from studio import __version__
from studio.editor import commands as cmd
from studio.editor.changes import Changes
from studio.editor.review_commands import SetCommentResolved
from studio.editor.session import CourseSession, CourseState, open_course
from studio.errors import StudioError
from studio.resources import example_course
from studio.rules.problems import Problem
from studio.ui import icons, theme
from studio.ui.actions import WindowActions
from studio.ui.edit_prompts import EditDialogs
from studio.ui.editing import EditController
from studio.ui.gestures import EditGestures
from studio.ui.inspector import Inspector
from studio.ui.inspector_width import InspectorWidth
from studio.ui.review_import import ReviewImporter
from studio.ui.jobs import Job, JobRunner
from studio.ui.loading import LoadingPage
from studio.ui.module_view import ModuleView
from studio.ui.page_stack import PageStack
from studio.ui.problems_panel import ProblemsPanel
from studio.ui.prompter import Prompter
from studio.ui.settings import Settings
from studio.ui.tree_model import GROUP_ID_ROLE, IS_GROUP_ROLE, MODULE_ID_ROLE, ProjectTreeModel
from studio.ui.welcome import WelcomePage
from studio.ui.window_views import PathAndBuildViews

APP_NAME = "Micro-module Studio"


def error_text(exc: BaseException) -> str:
    """What the user reads: the typed error's own sentence (file, line, field), never a traceback."""
    if isinstance(exc, StudioError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"Internal error: {type(exc).__name__}: {exc}. Please report it."


class MainWindow(EditGestures, PathAndBuildViews, QMainWindow):
    course_shown = Signal(object)        # CourseState, once a course is on screen
    course_closed = Signal()

    def __init__(self, settings: Settings, prompter: Prompter | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.prompter: Prompter = prompter or EditDialogs(self)
        self.runner = JobRunner(self)
        self.session: CourseSession | None = None
        self._opening: Job | None = None
        self._module_id: str | None = None
        self._shown_location: Path | None = None
        self._docks_hidden_for_welcome: list[QDockWidget] | None = None
        self._closing_saved = False
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icons.icon("module", theme.ACCENT))
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        # centre: welcome, loading, module
        self.welcome = WelcomePage()
        self.loading = LoadingPage()
        self.module_view = ModuleView()
        self.pages = PageStack()
        for page in (self.welcome, self.loading, self.module_view):
            self.pages.addWidget(page)
        self._install_path_view()
        self.setCentralWidget(self.pages)

        # docks
        self.tree_model = ProjectTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIndentation(18)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setResizeContentsPrecision(0)   # the rows in view, not a big course's thousand
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current)
        self.tree.setDragEnabled(True)          # drag a module to reorder its path
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.inspector = Inspector()
        self.problems = ProblemsPanel()
        self.tree_dock = self._dock("Project", "projectDock", self.tree, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.problems_dock = self._dock("Problems", "problemsDock", self.problems,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.inspector_width = InspectorWidth(self, self.inspector_dock)

        # actions, menus, status bar
        self.actions_ = WindowActions(self)
        toggles = [d.toggleViewAction() for d in (self.tree_dock, self.inspector_dock, self.problems_dock)]
        for toggle, shortcut in zip(toggles, ("Ctrl+1", "Ctrl+2", "Ctrl+3")):
            toggle.setShortcut(shortcut)
        toggles[2].setIcon(icons.icon("problems"))
        self.actions_.build_menus(toggles)
        self.toolbar = self.actions_.build_toolbar(toggles[2])
        self.editing = EditController(self)
        self.status_problems = QLabel()
        self.status_progress = QProgressBar()
        self.status_progress.setRange(0, 0)
        self.status_progress.setTextVisible(False)
        self.status_progress.hide()
        self.statusBar().addPermanentWidget(self.status_progress)
        self.statusBar().addPermanentWidget(self.status_problems)
        self.statusBar().setSizeGripEnabled(False)

        self._connect()
        self._refresh_recent()
        self._show_welcome()
        self.resize(1360, 860)
        geometry, state = settings.window_geometry(), settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._restore_docks()
        self._layout_restored = state is not None and self.restoreState(state)
        self._hide_docks_for_welcome()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._layout_restored:        # first start: the panels' default sizes
            self._layout_restored = True
            self.resizeDocks([self.tree_dock, self.inspector_dock], [330, 340], Qt.Orientation.Horizontal)
            self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        a = self.actions_
        a.open.triggered.connect(self.choose_and_open)
        a.open_example.triggered.connect(self.open_example)
        a.reload.triggered.connect(self.reload)
        a.close.triggered.connect(self.close_course)
        a.save.triggered.connect(lambda: self.editing.save())
        a.save_as.triggered.connect(lambda: self.editing.save_as())
        a.undo.triggered.connect(self.editing.undo)
        a.redo.triggered.connect(self.editing.redo)
        a.add_module.triggered.connect(self.add_module)
        a.duplicate_module.triggered.connect(self.duplicate_module)
        a.remove_module.triggered.connect(self.remove_module)
        a.build.triggered.connect(self.open_build)
        self.review_importer = ReviewImporter(self)
        a.import_review.triggered.connect(self.review_importer.choose_and_import)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree_model.order_requested.connect(self._on_order_requested, Qt.ConnectionType.QueuedConnection)
        v = self.module_view
        v.title_edited.connect(lambda mid, text: text.strip() and self.editing.run(cmd.SetModuleTitle(mid, text),
                                                                                   typing=True))
        v.objective_edited.connect(lambda mid, text: self.editing.run(cmd.SetObjective(mid, text), typing=True))
        v.profile_chosen.connect(lambda mid, name: self.editing.run(cmd.SetProfile(mid, name)))
        v.status_chosen.connect(lambda mid, key: self.editing.run(cmd.SetStatus(mid, key)))
        v.concepts_edited.connect(lambda mid, intro, req: self.editing.run(cmd.SetConcepts(mid, intro, req)))
        v.editing_finished.connect(self._on_editing_finished)
        v.comment_resolve_requested.connect(
            lambda mid, index, resolved: self.editing.run(SetCommentResolved(mid, index, resolved)))
        v.block_add_requested.connect(self._add_block)
        v.block_remove_requested.connect(self._remove_block)
        v.block_duplicate_requested.connect(
            lambda mid, index: self._edit_block(cmd.DuplicateBlock(mid, index), index + 1))
        v.block_move_requested.connect(
            lambda mid, source, target: self._edit_block(cmd.MoveBlock(mid, source, target), target))
        i = self.inspector
        i.command_requested.connect(lambda command, typing: self.editing.run(command, typing=typing))
        i.editing_finished.connect(self._on_editing_finished)
        i.trim_requested.connect(self.open_trim_editor)
        i.width_wanted.connect(self.inspector_width.want)
        a.quit.triggered.connect(self.close)
        a.clear_recent.triggered.connect(self._clear_recent)
        a.next_problem.triggered.connect(lambda: self._step_problem(+1))
        a.previous_problem.triggered.connect(lambda: self._step_problem(-1))
        a.about.triggered.connect(self._about)
        self.welcome.example_requested.connect(self.open_example)
        self.welcome.open_requested.connect(self.choose_and_open)
        self.welcome.recent_requested.connect(self.open_location)
        self.module_view.block_selected.connect(self._on_block_selected)
        self.problems.problem_activated.connect(self.go_to_problem)

    # -- state -----------------------------------------------------------------------
    @property
    def state(self) -> CourseState | None:
        return self.session.state if self.session else None

    # -- opening ---------------------------------------------------------------------
    def open_example(self) -> Job:
        return self.open_location(example_course())

    def choose_and_open(self) -> Job | None:
        start = self.settings.last_folder() or (self.state.location.parent if self.state else None)
        chosen = self.prompter.choose_course(start)
        return self.open_location(chosen) if chosen else None

    def reload(self) -> Job | None:
        return self.open_location(self.state.location) if self.state else None

    def open_location(self, location: Path) -> Job | None:
        """Open a source or a project in the background; the current course stays until it succeeds.
        Unsaved edits are offered for saving first (None when the user kept the course)."""
        location = Path(location)
        started: list[Job] = []
        self.editing.keep_changes_then(lambda: started.append(self._open_now(location)))
        return started[0] if started else None

    def _open_now(self, location: Path) -> Job:
        if self._opening is not None:
            self._opening.cancel()
        reopening = self.session is not None and self.session.state.location == location
        if reopening and self.session.state.kind == "project":
            self._close_session()     # a project is locked while open: let the job take it again
        # The outcome is connected by the runner before the job starts: a job that fails at once
        # (a bad file) must not report before anyone listens. The UI thread reads ``started``
        # only once back in its event loop, after it is set.
        started: list[Job] = []
        job = self.runner.start(lambda **kw: open_course(location, **kw), f"Opening {location.name}",
                                on_finished=lambda result: self._on_opened(started[0], location, result),
                                on_failed=lambda exc: self._on_open_failed(started[0], location, exc),
                                on_cancelled=lambda: self._on_open_cancelled(started[0]))
        started.append(job)
        self._opening = job
        job.signals.progress.connect(lambda fraction, message, j=job: self._on_progress(j, fraction, message))
        self.status_progress.setRange(0, 0)
        self.status_progress.show()
        self.statusBar().showMessage(f"Opening {location.name}…")
        if self.session is None:
            self.loading.show_opening(location)
            self.pages.setCurrentWidget(self.loading)
        return job

    def _on_progress(self, job: Job, fraction: float | None, message: str) -> None:
        if job is not self._opening:
            return
        if fraction is None:
            self.status_progress.setRange(0, 0)
        else:
            self.status_progress.setRange(0, 100)
            self.status_progress.setValue(round(fraction * 100))
        self.loading.set_progress(fraction, message)
        self.statusBar().showMessage(message)

    def _on_opened(self, job: Job, location: Path, session: CourseSession) -> None:
        if job is not self._opening:      # a newer open started meanwhile
            session.close()
            return
        self._opening = None
        self._end_progress()
        previous_module = self._module_id if self._shown_location == location else None
        self._close_session()
        self.session = session
        self.settings.add_recent(location)
        self.settings.set_last_folder(location.parent)
        self._refresh_recent()
        self._show_state(session.state, previous_module)
        self.editing.update_state()
        self.statusBar().showMessage(f"Opened {location.name}", 4000)
        self.course_shown.emit(session.state)
        self.editing.offer_recovery()

    def _on_open_failed(self, job: Job, location: Path, exc: BaseException) -> None:
        if job is not self._opening:
            return
        self._opening = None
        self._end_progress()
        if not location.exists():
            self.settings.remove_recent(location)
            self._refresh_recent()
        if self.session is None:
            self._show_welcome()
        self.show_error(f"Cannot open {location.name}", exc)

    def _on_open_cancelled(self, job: Job) -> None:
        if job is self._opening:
            self._opening = None
            self._end_progress()
            if self.session is None:
                self._show_welcome()

    def _end_progress(self) -> None:
        self.status_progress.hide()
        self.statusBar().clearMessage()

    def show_error(self, title: str, exc: BaseException) -> None:
        """The one place errors reach the user: a dialog naming what and where."""
        self.statusBar().showMessage(title, 6000)
        self.prompter.show_error(title, error_text(exc))

    # -- closing ---------------------------------------------------------------------
    def close_course(self) -> None:
        self.editing.keep_changes_then(self._close_course_now)

    def _close_course_now(self) -> None:
        if self._opening is not None:
            self._opening.cancel()
            self._opening = None
        self._close_session()
        self._show_welcome()
        self.course_closed.emit()

    def _close_session(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
        self.editing.course_closed()

    def _hide_docks_for_welcome(self) -> None:
        """Empty panels around the welcome screen only distract: hide them until a course opens."""
        if self._docks_hidden_for_welcome is None:
            self._docks_hidden_for_welcome = [d for d in self._docks() if not d.isHidden()]
            for dock in self._docks_hidden_for_welcome:
                dock.hide()

    def _restore_docks(self) -> None:
        for dock in self._docks_hidden_for_welcome or []:
            dock.show()
        self._docks_hidden_for_welcome = None

    def _docks(self) -> list[QDockWidget]:
        return [self.tree_dock, self.inspector_dock, self.problems_dock]

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None and self.session.dirty and not self._closing_saved:
            answer = self.prompter.ask_save_changes(self.session.state.display_name)
            if answer != "discard":
                event.ignore()
                if answer == "save":
                    self.editing.save(then=self._close_after_save)
                return
        self._restore_docks()                 # the layout saved is the designer's, not the welcome's
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.runner.shutdown()
        self._close_session()
        super().closeEvent(event)

    # -- showing ---------------------------------------------------------------------
    def _show_welcome(self) -> None:
        self._module_id = None
        self._shown_location = None
        self.tree_model.set_state(None)
        self.problems.set_state(None)
        self.inspector.clear()
        self.pages.setCurrentWidget(self.welcome)
        self._hide_docks_for_welcome()
        self.actions_.set_course_open(False)
        self.status_problems.setText("")
        self.problems_dock.setWindowTitle("Problems")
        self.setWindowTitle(APP_NAME)

    def _show_state(self, state: CourseState, module_id: str | None = None) -> None:
        self._shown_location = state.location
        self.tree_model.set_state(state)
        self.tree.expandAll()
        self.problems.set_state(state)
        self.actions_.set_course_open(True)
        self._restore_docks()
        self._update_problem_count(state)
        self._update_title(state)
        first = module_id or next((mid for p in state.course.paths for mid in p.modules
                                   if state.course.module(mid)), None) or (
            state.course.modules[0].id if state.course.modules else None)
        if first is not None:
            self.select_module(first)
        else:
            self.inspector.clear()
            self.pages.setCurrentWidget(self.welcome)

    def _update_title(self, state: CourseState) -> None:
        self.setWindowTitle(f"{state.course.title} — {state.display_name}[*] — {APP_NAME}")
        self.setWindowModified(bool(self.session and self.session.dirty))

    def _update_problem_count(self, state: CourseState) -> None:
        self.status_problems.setText(problem_count_text(state.report.problems))
        self.problems_dock.setWindowTitle(f"Problems  ·  {len(state.report.problems)}")

    def show_changes(self, changes: Changes, *, navigate: bool = False) -> None:
        """Refresh what ``changes`` names (called after the re-check)."""
        state = self.state
        if state is None:
            return
        shown = self._module_id
        if navigate and shown not in changes.modules and len(changes.modules) == 1:
            shown = next(iter(changes.modules))      # undo/redo shows the module it changed
        if shown is not None and state.course.module(shown) is None:
            shown = None
        if changes.structure and self._path_view_shown():
            self.tree_model.set_state(state)          # a path reordered from its view: stay on the path
            self.tree.expandAll()
            self._choose_path_in_tree(self.path_view.path_id_shown)
        elif changes.structure:
            group = self.current_group()
            self.tree_model.set_state(state)
            self.tree.expandAll()
            target = shown or next(iter(sorted(changes.modules)), None) or (
                state.course.modules[0].id if state.course.modules else None)
            if target is not None and state.course.module(target) is not None:
                self.select_module(target, group)
            else:
                self._module_id = None
                self.inspector.clear()
                self.pages.setCurrentWidget(self.welcome)
        else:
            self.tree_model.update_modules(state, changes.modules)
            if shown is not None and shown != self._module_id:
                self.select_module(shown)
            elif shown is not None and shown in changes.modules:
                self.module_view.show_module(state, shown, keep_place=True)
                self._on_block_selected(self.module_view.selected_block())
        self._refresh_path_view()
        self.problems.set_state(state)
        self._update_problem_count(state)
        self.actions_.set_module_selected(self._module_id is not None)

    def course_saved_as(self, location: Path) -> None:
        state = self.state
        self.settings.add_recent(location)
        self.settings.set_last_folder(location.parent)
        self._refresh_recent()
        self._shown_location = location
        if state is not None:
            self._update_title(state)
        self.statusBar().showMessage(f"Saved as {location.name}", 4000)

    def _close_after_save(self) -> None:
        self._closing_saved = True
        QTimer.singleShot(0, self.close)

    def select_module(self, module_id: str, path_id: str | None = None, block: int | None = None) -> bool:
        """Select a module in the tree (in ``path_id`` when it is there) and show it."""
        index = self.tree_model.module_index(module_id, path_id)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index)
        self._show_module(module_id)
        self.module_view.select_block(block)
        if block is None:
            self._on_block_selected(None)
        return True

    def _on_tree_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.state is None:
            return
        if current.data(IS_GROUP_ROLE):
            path_id = current.data(GROUP_ID_ROLE)
            if path_id is not None:
                self.show_path(path_id)
            return
        module_id = current.data(MODULE_ID_ROLE)
        if module_id and module_id != self._module_id:
            self._show_module(module_id)

    def _show_module(self, module_id: str) -> None:
        state = self.state
        if state is None or state.course.module(module_id) is None:
            return
        self.editing.flush()           # typing in the module left behind is shown before it goes
        state = self.state
        self._module_id = module_id
        self.module_view.show_module(state, module_id)
        self.pages.setCurrentWidget(self.module_view)
        self.inspector.show_module(state, state.course.module(module_id))
        self.actions_.set_module_selected(True)

    def _on_block_selected(self, index: int | None) -> None:
        state = self.state
        module = state.course.module(self._module_id) if state and self._module_id else None
        if module is None:
            return
        if index is None:
            self.inspector.show_module(state, module)
        else:
            module_pos = state.course.modules.index(module)
            line = self.session.line_of(f"modules[{module_pos}].blocks[{index}]")
            self.inspector.show_block(state, module, index, line)

    def go_to_problem(self, problem: Problem) -> None:
        """Select what a problem is about: its module (and block), or its path."""
        if problem.module is not None and self.select_module(problem.module, problem.path, problem.block):
            return
        if problem.path is not None:
            index = self.tree_model.group_index(problem.path)
            if index.isValid():
                self.tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _step_problem(self, step: int) -> None:
        count = self.problems.model.rowCount()
        if not count:
            return
        rows = self.problems.view.selectionModel().selectedRows()
        row = ((rows[0].row() + step) if rows else (0 if step > 0 else count - 1)) % count
        index = self.problems.model.index(row, 0)
        self.problems.view.setCurrentIndex(index)
        self.go_to_problem(self.problems.model.problem(row))

    # -- recent ----------------------------------------------------------------------
    def _refresh_recent(self) -> None:
        recent = self.settings.recent()
        menu = self.actions_.recent_menu
        menu.clear()
        for number, path in enumerate(recent, 1):
            action = menu.addAction(f"&{number % 10}  {path.name}  —  {path.parent}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_location(p))
        if recent:
            menu.addSeparator()
        menu.addAction(self.actions_.clear_recent)
        self.actions_.clear_recent.setEnabled(bool(recent))
        self.welcome.set_recent(recent)

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self._refresh_recent()

    def _about(self) -> None:
        self.prompter.show_about(
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {html.escape(__version__)}<br>"
            "Author micro-learning modules: one measurable objective, a duration budget, "
            "packages for every LMS.")


def problem_count_text(problems: tuple[Problem, ...]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    infos = len(problems) - errors - warnings
    if not problems:
        return "No problems"
    parts = [f"{errors} error{'s' if errors != 1 else ''}", f"{warnings} warning{'s' if warnings != 1 else ''}"]
    if infos:
        parts.append(f"{infos} info")
    return f"{len(problems)} problem{'s' if len(problems) != 1 else ''}: " + ", ".join(parts)
