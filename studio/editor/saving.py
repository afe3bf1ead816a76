"""Writing an edited course to disk: the project's working copy, a project, a YAML source.

Plain functions of Qt-free values, run as background jobs by the desktop app (and directly
by tests). Each write is atomic: a temp file or a hidden project folder, then a rename.
"""
from __future__ import annotations

import filecmp
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from studio import model as m
from studio.errors import OutputError, ProjectError
from studio.media_facts import MediaFacts
from studio.outputs import copy_atomic, write_text_atomic
from studio.project import schema as db
from studio.project import store
from studio.project.export_source import export_source
from studio.project.file import ProjectFile, make_engine, remove_database_files
from studio.project.importer import import_course
from studio.project.media_store import add_file, stored_path
from studio.project.paths import SUFFIX
from studio.source.reader import CourseDocument, read_course_document
from studio.source.writer import course_to_yaml


def write_working_copy(project: ProjectFile, course: m.Course) -> None:
    """Replace the course in the project's working copy (the continuous autosave)."""
    with project.sessions.begin() as s:
        rows = {row.source_name: row for row in s.scalars(select(db.Media))}
        missing = [name for _, name in m.media_refs(course) if name not in rows]
        if missing:
            raise ProjectError(f"media '{missing[0]}' is not in the project; import it first",
                               file=str(project.folder))
        store.write_course(s, course, rows)


def save_source(course: m.Course, target: Path) -> CourseDocument:
    """Write the course as YAML onto ``target`` (atomic) and read it back, for its line numbers."""
    write_text_atomic(target, course_to_yaml(course))
    return read_course_document(target)


def save_source_as(course: m.Course, base_dir: Path, target: Path) -> CourseDocument:
    """A new YAML source at ``target``; media files the course uses are copied beside it first
    when it goes to another folder (a different file already there under that name is refused)."""
    target = Path(os.path.abspath(target))
    new_base = target.parent
    if not new_base.is_dir():
        raise OutputError("the folder does not exist", file=str(new_base))
    if Path(os.path.realpath(new_base)) != Path(os.path.realpath(base_dir)):
        for name in dict.fromkeys(name for _, name in m.media_refs(course)):
            source, copy = base_dir / name, new_base / name
            if copy.exists():
                if not (copy.is_file() and source.is_file() and filecmp.cmp(source, copy, shallow=False)):
                    raise OutputError(f"a different file is already there as '{name}'; choose an empty folder",
                                      file=str(copy))
                continue
            if source.is_file():
                copy_atomic(source, copy)
    return save_source(course, target)


def source_to_project(course: m.Course, base_dir: Path, facts: Mapping[str, MediaFacts],
                      target: Path) -> ProjectFile:
    """A new project at ``target`` holding the course and its media (appears whole or not at all)."""
    project = ProjectFile.create(target, publish=False)
    try:
        import_course(project, course, base_dir, dict(facts))
        project.publish()
    except BaseException:
        project.close()
        raise
    return project


def project_to_project(old: ProjectFile, course: m.Course, facts: Mapping[str, MediaFacts],
                       target: Path) -> ProjectFile:
    """A copy of the open project, with the edited course, as a new project at ``target``."""
    with old.sessions() as s:
        blobs = {row.source_name: (row.sha256, row.ext) for row in s.scalars(select(db.Media)) if row.sha256}
    project = ProjectFile.create(target, publish=False)
    try:
        names = list(dict.fromkeys(name for _, name in m.media_refs(course)))
        stored = {name: add_file(project.media_dir, stored_path(old.media_dir, *blobs[name]))
                  for name in names if name in blobs}
        with project.sessions.begin() as s:
            rows = {name: store.upsert_media(s, name, stored.get(name), facts.get(name, MediaFacts()))
                    for name in names}
            store.write_course(s, course, rows)
        project.save()
        project.publish()
    except BaseException:
        project.close()
        raise
    return project


def project_to_source(project: ProjectFile, course: m.Course, target: Path) -> CourseDocument:
    """The edited project as a new source folder: ``target`` and its media beside it (a new or
    empty folder, as ``studio export-source``)."""
    write_working_copy(project, course)
    export_source(project, target)
    return read_course_document(target)


def is_project_target(target: Path) -> bool:
    return target.suffix == SUFFIX or target.is_dir()


# -- crash recovery ----------------------------------------------------------------------
@dataclass(frozen=True)
class Recoverable:
    """What a studio that was killed left in its working copy."""
    path: Path
    course: m.Course
    saved_at: float         # when it was last written (seconds since the epoch)

    @property
    def saved_at_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))


def read_crashed_copy(path: Path) -> Recoverable | None:
    """The course in a dead session's working copy, or None when it cannot be read."""
    stamps = [Path(f"{path}{suffix}").stat().st_mtime for suffix in ("", "-wal") if Path(f"{path}{suffix}").exists()]
    engine = make_engine(path)
    try:
        with engine.connect() as connection, Session(bind=connection) as s:
            course = store.read_course(s)
    except Exception:   # noqa: BLE001 - a copy torn by the crash is simply not offered
        return None
    finally:
        engine.dispose()
    return Recoverable(path, course, max(stamps) if stamps else time.time())


def discard_crashed_copy(path: Path) -> None:
    remove_database_files(path)
