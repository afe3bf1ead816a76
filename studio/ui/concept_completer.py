"""Completion of comma-separated concept lists: the word being typed (after the last comma) is
completed from every concept of the course, and choosing one keeps the words before it."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from studio import model as m


def course_concepts(course: m.Course) -> list[str]:
    """Every concept introduced or required anywhere (modules and paths' entry concepts), sorted."""
    found = {c for mod in course.modules for c in (*mod.introduces, *mod.requires)}
    found.update(c for path in course.paths for c in path.entry_concepts)
    return sorted(found, key=str.casefold)


class ConceptCompleter(QCompleter):
    def __init__(self, edit: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent or edit)
        self._model = QStringListModel(self)
        self.setModel(self._model)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(10)
        edit.setCompleter(self)

    def set_concepts(self, concepts: list[str]) -> None:
        if self._model.stringList() != concepts:
            self._model.setStringList(concepts)

    def concepts(self) -> list[str]:
        return self._model.stringList()

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index) -> str:
        chosen = super().pathFromIndex(index)
        widget = self.widget()
        before = widget.text().rsplit(",", 1)[0] if widget is not None and "," in widget.text() else ""
        return f"{before.rstrip()}, {chosen}" if before.strip() else chosen
