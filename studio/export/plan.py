"""What goes into one package, decided before any file is written: shared by every format.

A format module (``scorm12.py``, ``html5.py``; later ``scorm2004.py``, ``cmi5.py``…) turns a
:class:`PackagePlan` into its manifest and names its runtime adapter; the player, the
module pages and the media are the same for all of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModuleEntry:
    id: str
    title: str
    page: str                       # the launch page inside the package, e.g. "back-basics.html"
    media: tuple[str, ...]          # delivered files the page uses
    pass_mark: float | None
    objective: str | None = None


@dataclass(frozen=True)
class Organisation:
    id: str
    title: str
    modules: tuple[str, ...]        # module ids, in order


@dataclass(frozen=True)
class PackagePlan:
    identifier: str                 # stable and unique: derived from the course and the path
    title: str
    language: str
    description: str
    organisations: tuple[Organisation, ...]
    modules: tuple[ModuleEntry, ...]
    player_files: tuple[str, ...]   # player.js, player.css, the adapter
    extra_files: tuple[str, ...] = field(default_factory=tuple)  # e.g. an HTML5 index page

    def module(self, module_id: str) -> ModuleEntry:
        return next(m for m in self.modules if m.id == module_id)

    def content_files(self) -> set[str]:
        files = set(self.player_files) | set(self.extra_files)
        for entry in self.modules:
            files.add(entry.page)
            files.update(entry.media)
        return files
