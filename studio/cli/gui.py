"""``studio gui [PROJECT_OR_SOURCE]`` (and ``studio`` alone): the desktop app.

A bad course source is refused here, before Qt starts, with the CLI's usual one line and
exit 2. A project is only checked to exist: opening it here would take its lock and tidy
its working copies, which the window must do itself (it offers crash recovery). Qt is
imported only once the window is really wanted, so every other command starts without it.
"""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from studio.errors import StudioError
from studio.project.paths import DB_NAME
from studio.source.reader import read_course_document


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the desktop app (on the bundled example course when nothing is given)",
                       description="Open the desktop studio on a course source (course.yaml) or a project "
                                   "(Name.mstudio). Without one, it opens the bundled example course.")
    p.add_argument("source", metavar="PROJECT_OR_SOURCE", nargs="?", help="a course.yaml or a project folder")
    p.set_defaults(run=cmd_gui)


def cmd_gui(args) -> int:
    return open_gui(Path(args.source) if getattr(args, "source", None) else None)


def validate(location: Path) -> None:
    """Refuse, with the file and line, what the window could not open."""
    if not location.exists():
        raise StudioError("no such file or folder", file=str(location))
    if location.is_dir() or location.name == DB_NAME:
        return
    read_course_document(location)          # SourceError: field, line and file


def _display_problem() -> str | None:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); run it in a "
            "desktop session, or under xvfb-run")


def open_gui(location: Path | None) -> int:
    if location is not None:
        validate(location)
    problem = _display_problem()
    if problem:
        raise StudioError(problem)
    # imported by name: the command line must not load Qt unless the window is wanted
    app = importlib.import_module("studio.ui.app")
    return app.run_gui(location)
