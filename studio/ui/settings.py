"""UI preferences in QSettings: window geometry and dock state, recent projects, last folders.

Nothing about a course lives here (that is in the course or project itself). Tests pass
an INI file under ``tmp_path`` so they never read or write the user's settings.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Micro-module Studio"
APPLICATION = "studio"
MAX_RECENT = 10
_STATE_VERSION = 1   # bump when the docks change, so an old layout is not restored onto new ones


class Settings:
    def __init__(self, file: Path | None = None) -> None:
        self._q = (QSettings(str(file), QSettings.Format.IniFormat) if file is not None
                   else QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION))

    # -- recent projects -------------------------------------------------------------
    def recent(self) -> list[Path]:
        value = self._q.value("recent/files", [])
        if isinstance(value, str):      # QSettings returns one string for a one-item list
            value = [value]
        return [Path(v) for v in value or [] if v]

    def add_recent(self, location: Path) -> list[Path]:
        location = Path(location).absolute()
        items = [location, *(p for p in self.recent() if p != location)][:MAX_RECENT]
        self._q.setValue("recent/files", [str(p) for p in items])
        self._q.sync()
        return items

    def remove_recent(self, location: Path) -> None:
        location = Path(location).absolute()
        self._q.setValue("recent/files", [str(p) for p in self.recent() if p != location])
        self._q.sync()

    def clear_recent(self) -> None:
        self._q.setValue("recent/files", [])
        self._q.sync()

    # -- folders ---------------------------------------------------------------------
    def last_folder(self) -> Path | None:
        value = self._q.value("folders/last_open", "")
        return Path(value) if value else None

    def set_last_folder(self, folder: Path) -> None:
        self._q.setValue("folders/last_open", str(folder))

    def last_build_folder(self) -> Path | None:
        """Where the build dialog last wrote packages."""
        value = self._q.value("folders/last_build", "")
        return Path(value) if value else None

    def set_last_build_folder(self, folder: Path) -> None:
        self._q.setValue("folders/last_build", str(folder))
        self._q.sync()

    # -- window ----------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        if self._q.value("window/state_version", 0, type=int) != _STATE_VERSION:
            return None
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)
        self._q.setValue("window/state_version", _STATE_VERSION)
        self._q.sync()
