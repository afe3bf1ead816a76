"""The one path from a gesture to an edit: run the command, record it, show errors, publish changes.

:class:`EditController` belongs to the main window. It runs editor commands on the open
:class:`~studio.editor.session.CourseSession`, keeps Undo/Redo and the dirty marker up to
date, re-checks after a pause in typing (~150 ms) and autosaves a project's working copy
after a pause in editing, always through the window's :class:`~studio.ui.jobs.JobRunner`:
the files are never written on the UI thread. Save, Save As and crash recovery are here too.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from studio.editor.changes import NOTHING, Changes
from studio.editor.commands import Command
from studio.errors import StudioError

if TYPE_CHECKING:
    from studio.ui.main_window import MainWindow

RECHECK_DELAY_MS = 150
AUTOSAVE_DELAY_MS = 800


class EditController(QObject):
    changes_shown = Signal(object)      # Changes, once the views show them (after the re-check)
    autosaved = Signal(int)             # the generation written to the working copy
    saved = Signal(object)              # the location written by Save or Save As

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self._unshown = NOTHING
        self._recheck = QTimer(self, singleShot=True, interval=RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self.flush)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.autosave_now)
        self._autosaving = False
        self._saving = False
        self._after_autosave: list[Callable[[], None]] = []

    @property
    def session(self):
        return self.window.session

    # -- editing ---------------------------------------------------------------------
    def run(self, command: Command, *, typing: bool = False) -> Changes | None:
        """Apply ``command``; while ``typing`` the re-check and the views wait for a pause."""
        session = self.session
        if session is None:
            return None
        try:
            changes = session.edit(command, recheck=not typing)
        except StudioError as exc:
            self.window.show_error(f"Cannot {command.label[0].lower()}{command.label[1:]}", exc)
            return None
        self._published(changes, typing)
        return changes

    def undo(self) -> None:
        if self.session is not None and self.session.history.can_undo:
            self.flush()
            self._published(self.session.undo(), typing=False, navigate=True)

    def redo(self) -> None:
        if self.session is not None and self.session.history.can_redo:
            self.flush()
            self._published(self.session.redo(), typing=False, navigate=True)

    def seal(self) -> None:
        if self.session is not None:
            self.session.seal()

    def _published(self, changes: Changes, typing: bool, navigate: bool = False) -> None:
        self._unshown |= changes
        self.update_state()
        if self.session.needs_autosave:
            self._autosave.start()
        if typing:
            self._recheck.start()
        else:
            self._recheck.stop()
            self.flush(navigate=navigate)

    def flush(self, navigate: bool = False) -> None:
        """Re-check what changed since the last pause and show it."""
        session = self.session
        if session is None:
            self._unshown = NOTHING
            return
        self._recheck.stop()
        session.recheck()
        changes, self._unshown = self._unshown, NOTHING
        if changes:
            self.window.show_changes(changes, navigate=navigate)
            self.changes_shown.emit(changes)

    def update_state(self) -> None:
        session = self.session
        actions = self.window.actions_
        if session is None:
            actions.set_history(None, None)
            self.window.setWindowModified(False)
            return
        actions.set_history(session.history.undo_label, session.history.redo_label)
        self.window.setWindowModified(session.dirty)

    def course_closed(self) -> None:
        self._recheck.stop()
        self._autosave.stop()
        self._unshown = NOTHING
        self._after_autosave.clear()
        self.update_state()

    # -- autosave (a project's working copy) -------------------------------------------
    def autosave_now(self) -> None:
        session = self.session
        if session is None or self._autosaving:
            return
        job_function = session.autosave_job()
        if job_function is None:
            self._run_after_autosave()
            return
        self._autosaving = True
        self.window.runner.start(job_function, "Autosaving", on_finished=self._autosave_done,
                                 on_failed=self._autosave_failed)

    def _autosave_done(self, generation: int) -> None:
        self._autosaving = False
        self.autosaved.emit(generation)
        if self.session is not None and self.session.needs_autosave:
            self._autosave.start()
        else:
            self._run_after_autosave()

    def _autosave_failed(self, exc: BaseException) -> None:
        self._autosaving = False
        self._after_autosave.clear()
        self.window.show_error("Cannot autosave", exc)

    def _run_after_autosave(self) -> None:
        pending, self._after_autosave = self._after_autosave, []
        for callback in pending:
            callback()

    # -- save / save as --------------------------------------------------------------
    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Save to the file the course came from; ``then`` runs once it is saved."""
        session = self.session
        if session is None or self._saving:
            return False
        if session.save_drops_comments:
            answer = self.window.prompter.ask_rewrite_source(session.state.location.name, session.source_comments)
            if answer == "save_as":
                return self.save_as()
            if answer != "save":
                return False
            session.accept_comment_loss()
        self.flush()
        self._autosave.stop()
        job_function = session.save_job()
        self._saving = True
        self.update_state()
        location = session.state.location

        def done(_result) -> None:
            self._saving = False
            self.update_state()
            self.window.statusBar().showMessage(f"Saved {location.name}", 4000)
            self.saved.emit(location)
            if then is not None:
                then()
        self.window.runner.start(job_function, f"Saving {location.name}", on_finished=done,
                                 on_failed=lambda exc: self._save_failed(f"Cannot save {location.name}", exc))
        return True

    def save_as(self, target: Path | None = None) -> bool:
        session = self.session
        if session is None or self._saving:
            return False
        if target is None:
            location = session.state.location
            target = self.window.prompter.choose_save_as(location.parent / location.name)
            if target is None:
                return False
        self.flush()
        self._autosave.stop()
        job_function = session.save_as_job(Path(target))
        self._saving = True
        self.update_state()

        def done(saved) -> None:
            self._saving = False
            left = self.session.adopt(saved) if self.session is not None else saved.project
            if left is not None:
                self.window.runner.start(lambda **_kw: left.close(), "Closing the previous project")
            self.update_state()
            self.window.course_saved_as(saved.location)
            self.saved.emit(saved.location)
        self.window.runner.start(job_function, f"Saving as {Path(target).name}", on_finished=done,
                                 on_failed=lambda exc: self._save_failed(f"Cannot save as {Path(target).name}", exc))
        return True

    def _save_failed(self, title: str, exc: BaseException) -> None:
        self._saving = False
        if self.session is not None:
            self.session.save_failed()
        self.update_state()
        self.window.show_error(title, exc)

    def keep_changes_then(self, proceed: Callable[[], None]) -> bool:
        """Before the course goes (close, open another, quit): ask to save unsaved edits.
        Runs ``proceed`` now or once saved; False when the user cancelled or a save is under way."""
        session = self.session
        if session is None or not session.dirty:
            proceed()
            return True
        if self._saving:
            return False
        answer = self.window.prompter.ask_save_changes(session.state.display_name)
        if answer == "cancel":
            return False
        if answer == "save":
            self.save(then=proceed)
            return False
        proceed()
        return True

    # -- crash recovery --------------------------------------------------------------
    def offer_recovery(self) -> None:
        """A studio that was killed left newer work in its working copy: offer it back."""
        session = self.session
        found = session.recoverable if session else None
        if found is None:
            return
        if self.window.prompter.ask_recovery(session.state.display_name, found.saved_at_text):
            changes = session.recover()
            self._published(changes, typing=False)
            self.window.statusBar().showMessage(f"Recovered the changes autosaved at {found.saved_at_text}", 6000)
            discard = session.discard_recoverable_job()
            # the dead session's copy goes only once the recovered course is in our working copy
            self._after_autosave.append(lambda: self.window.runner.start(discard, "Removing the old autosave"))
            self.autosave_now()
        else:
            self.window.runner.start(session.discard_recoverable_job(), "Discarding the old autosave")
