"""Write a project back to a course source folder: the YAML plus its media files."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from studio.project import schema as db
from studio.project import store
from studio.errors import SourceError
from studio.outputs import copy_atomic, write_text_atomic
from studio.project.media_store import sha256_of, stored_path
from studio.project.file import ProjectFile
from studio.source.writer import course_to_yaml


def export_source(project: ProjectFile, yaml_path: Path) -> list[Path]:
    """Write ``yaml_path`` and copy each media file beside it (as the source names it).

    Returns the media files written; files already there with the same content are left alone.
    """
    yaml_path = Path(yaml_path)
    if yaml_path.resolve().is_relative_to(project.folder.resolve()):
        raise SourceError("cannot write the source inside the project folder (it would overwrite the project); "
                          "choose another folder", file=str(yaml_path))
    if not yaml_path.parent.is_dir():
        raise SourceError("the folder does not exist", file=str(yaml_path.parent))
    with project.sessions() as s:
        course = store.read_course(s)
        media = [(row.source_name, row.sha256, row.ext) for row in s.scalars(select(db.Media)) if row.sha256]
    written = [_copy_media(project.media_dir, yaml_path.parent, *entry) for entry in media]
    write_text_atomic(yaml_path, course_to_yaml(course))
    return [p for p in written if p is not None]


def _copy_media(store_dir: Path, base: Path, name: str, sha256: str, ext: str) -> Path | None:
    target = (base / name).resolve()
    if not target.is_relative_to(base.resolve()):
        raise SourceError(f"media path '{name}' leaves the course folder", file=name)
    if target.is_file() and sha256_of(target) == sha256:
        return None
    source = stored_path(store_dir, sha256, ext)
    if not source.is_file():
        raise SourceError("missing from the project's media store", file=str(source))
    try:
        copy_atomic(source, target)
    except OSError as exc:
        raise SourceError(f"cannot write media: {exc.strerror or exc}", file=str(target)) from None
    return target
