"""Names and places of a project on disk, with nothing heavy behind them: a command that only
needs to know whether a path is a project does not load SQLAlchemy or Alembic."""
from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "project.db"
MEDIA_DIR = "media"
LOCK_NAME = ".lock"
SUFFIX = ".mstudio"


def data_dir() -> Path:
    """Where working copies live (local disk: WAL does not work on network shares)."""
    explicit = os.environ.get("STUDIO_DATA_DIR")
    base = Path(explicit) if explicit else Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "micro-module-studio"
    return base / "working"


def resolve_folder(path: str | Path) -> Path:
    """Accept the project folder or the ``project.db`` inside it."""
    path = Path(path)
    return path.parent if path.name == DB_NAME else path


def is_project(path: Path) -> bool:
    """A folder (a project, or where one is to be) or a ``project.db``, as opposed to a course source."""
    return path.is_dir() or path.name == DB_NAME
