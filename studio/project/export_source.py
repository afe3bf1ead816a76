"""Write a project back to a course source folder: the YAML plus its media files.

The export is one folder, built beside the target and swapped in whole: a failure or a
cancel leaves no half export, and an existing folder is replaced only with ``force``.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from studio.errors import OutputError, SourceError
from studio.outputs import atomic_folder, write_text_atomic
from studio.project import schema as db
from studio.project import store
from studio.project.file import ProjectFile
from studio.project.media_store import copy_verified_blob
from studio.source.writer import course_to_yaml


def export_source(project: ProjectFile, yaml_path: Path, *, force: bool = False) -> list[Path]:
    """Write ``yaml_path`` and, beside it, each media file under the name the source uses.

    The folder holding ``yaml_path`` is the export: it must be new or empty unless ``force``.
    Every blob is verified against its hash first; nothing corrupt is exported.
    Returns the media files written.
    """
    yaml_path = Path(yaml_path)
    folder = Path(os.path.abspath(yaml_path.parent))
    _refuse_unsafe_target(project, folder, force)
    with project.sessions() as s:
        store.require_intact_media(s, project.media_dir)
        course = store.read_course(s)
        media = [(row.source_name, row.sha256, row.ext, row.size_bytes)
                 for row in s.scalars(select(db.Media)) if row.sha256]
    written = []
    with atomic_folder(folder, force=force) as work:
        for name, sha256, ext, size in media:  # hashed again as copied: a blob that rotted since is caught
            copy_verified_blob(project.media_dir, sha256, ext, _inside(work, name), size_bytes=size, source_name=name)
            written.append(folder / name)
        write_text_atomic(work / yaml_path.name, course_to_yaml(course))
    return written


def _refuse_unsafe_target(project: ProjectFile, folder: Path, force: bool) -> None:
    """The export replaces its whole folder, so that folder must be one that can be replaced."""
    real = Path(os.path.realpath(folder))
    project_real = Path(os.path.realpath(project.folder))
    if real == project_real or real.is_relative_to(project_real):
        raise SourceError("cannot write the source inside the project folder (it would overwrite the project); "
                          "choose another folder", file=str(folder))
    if project_real.is_relative_to(real):
        raise OutputError("the project is inside this folder; export the source to a folder of its own",
                          file=str(folder))
    if force and (real == Path(real.anchor) or real == Path(os.path.realpath(Path.home()))
                  or real == Path(os.path.realpath(os.getcwd()))):
        raise OutputError("--force replaces the whole folder; refusing to replace this one "
                          "(the root, your home or the current folder): export into a folder of its own",
                          file=str(folder))


def _inside(base: Path, name: str) -> Path:
    target = Path(os.path.normpath(base / name))
    if not target.is_relative_to(base):
        raise SourceError(f"media path '{name}' leaves the course folder", file=name)
    return target
