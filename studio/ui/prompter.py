"""Questions and messages to the user, behind one small interface.

The window never calls ``QMessageBox`` or ``QFileDialog`` itself: it asks its
:class:`Prompter`. :class:`DialogPrompter` shows real dialogs; tests pass a scripted fake
(``tests/ui/conftest.py``) so nothing blocks on a modal dialog.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

COURSE_FILTER = "Courses (*.yaml *.yml *.json project.db);;Course source (*.yaml *.yml *.json);;Project (project.db)"
REVIEW_FILTER = "Review comments (*.json);;All files (*)"


class Prompter(Protocol):
    def show_error(self, title: str, message: str, detail: str | None = None) -> None: ...

    def show_about(self, title: str, text: str) -> None: ...

    def choose_course(self, start: Path | None) -> Path | None:
        """A course source or a project's ``project.db`` to open, or None if the user cancelled."""

    def ask_recovery(self, project: str, saved_at: str) -> bool:
        """Reopen the unsaved changes a killed session left in ``project`` (autosaved at ``saved_at``)?"""

    def ask_save_changes(self, name: str) -> str:
        """Before closing with unsaved changes: ``save``, ``discard`` or ``cancel``."""

    def ask_rewrite_source(self, name: str, comments: int) -> str:
        """Before the first save over a YAML source with comments: ``save``, ``save_as`` or ``cancel``."""

    def choose_save_as(self, start: Path) -> Path | None:
        """A new project or course source to write the course to, or None if the user cancelled."""

    def choose_review_files(self, start: Path | None) -> list[Path]:
        """Comment files downloaded from review copies; empty if the user cancelled."""


class DialogPrompter:
    def __init__(self, parent: QWidget) -> None:
        self._parent = parent

    def show_error(self, title: str, message: str, detail: str | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self._parent)
        if detail:
            box.setInformativeText(detail)
        box.exec()

    def show_about(self, title: str, text: str) -> None:
        QMessageBox.about(self._parent, title, text)

    def choose_course(self, start: Path | None) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self._parent, "Open a course or project",
                                              str(start or Path.home()), COURSE_FILTER)
        return Path(name) if name else None

    def choose_review_files(self, start: Path | None) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self._parent, "Import review comments",
                                                str(start or Path.home()), REVIEW_FILTER)
        return [Path(name) for name in names]
