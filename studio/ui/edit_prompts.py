"""The questions editing asks: recover a crashed session's work, save before closing, where to Save As.

:class:`EditDialogs` adds them to the window's :class:`~studio.ui.prompter.DialogPrompter`;
tests answer them with the scripted prompter in ``tests/ui/conftest.py``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.ui.prompter import DialogPrompter

SaveAnswer = Literal["save", "discard", "cancel"]
SAVE_AS_FILTER = "Project (*.mstudio);;Course source (*.yaml)"


class EditDialogs(DialogPrompter):
    def ask_recovery(self, project: str, saved_at: str) -> bool:
        """True to reopen the work a studio that stopped unexpectedly autosaved, False to discard it."""
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved changes?",
                          f"The studio stopped unexpectedly while {project} was open.", parent=self._parent)
        box.setInformativeText(f"Its changes were autosaved at {saved_at}. Recover them? "
                               "Discarding keeps the project as it was last saved.")
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(recover)
        box.exec()
        return box.clickedButton() is recover

    def ask_save_changes(self, name: str) -> SaveAnswer:
        box = QMessageBox(QMessageBox.Icon.Warning, "Save changes?", f"Save the changes to {name}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self._parent)
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        return "discard" if answer == QMessageBox.StandardButton.Discard else "cancel"

    def ask_rewrite_source(self, name: str, comments: int) -> str:
        """Before the first save onto a YAML source with comments: save, save_as or cancel."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Save over the course source?",
                          f"{name} has {comments} comment line(s).", QMessageBox.StandardButton.Cancel, self._parent)
        box.setInformativeText("Saving writes the course back in the studio's own layout: the course is kept "
                               "exactly, its comments and formatting are not. Save As a project to keep "
                               f"{name} as it is.")
        save = box.addButton("Save Without Comments", QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(save_as)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "save_as" if clicked is save_as else "cancel"

    def choose_save_as(self, start: Path) -> Path | None:
        """A new project (``Name.mstudio``) or a course source (``.yaml``) to write the course to."""
        name, chosen_filter = QFileDialog.getSaveFileName(self._parent, "Save As", str(start), SAVE_AS_FILTER)
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".mstudio" if chosen_filter.startswith("Project") else ".yaml")
        return path
