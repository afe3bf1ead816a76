"""Bring a course source into a project (media copied into the store) in one transaction."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from studio import model as m
from studio.project import store
from studio.errors import SourceError
from studio.media_facts import MediaFacts
from studio.project.media_store import StoredFile, add_file
from studio.project.file import ProjectFile


def require_media(course: m.Course, base_dir: Path, file: str, line_of) -> None:
    """Refuse a source whose media files are absent, naming the first one and its line."""
    for where, name in m.media_refs(course):
        if not (base_dir / name).is_file():
            raise SourceError(f"file '{name}' not found", file=file, line=line_of(where), where=where)


def carry_over_comments(old: m.Course, new: m.Course) -> m.Course:
    """Keep the project's review comments for modules whose source lists none.

    Comments reach a project from SMEs (``studio review import``); a source that never had
    them must not erase them. Anchors follow the block's position when it still exists.
    """
    previous = {mod.id: mod.comments for mod in old.modules}
    modules = []
    for mod in new.modules:
        kept = previous.get(mod.id, ())
        if not mod.comments and kept:
            kept = tuple(dataclasses.replace(c, block=c.block if c.block is not None and c.block < len(mod.blocks)
                                             else None) for c in kept)
            mod = dataclasses.replace(mod, comments=kept)
        modules.append(mod)
    return dataclasses.replace(new, modules=tuple(modules))


def import_course(project: ProjectFile, course: m.Course, base_dir: Path,
                  facts: dict[str, MediaFacts]) -> m.Course:
    """Replace the project's course with ``course`` and save; returns what was stored."""
    stored: dict[str, StoredFile] = {}
    for _, name in m.media_refs(course):
        if name not in stored:
            stored[name] = add_file(project.media_dir, base_dir / name)
    with project.sessions.begin() as s:
        merged = carry_over_comments(store.read_course(s), course)
        rows = {name: store.upsert_media(s, name, stored[name], facts.get(name, MediaFacts()))
                for name in stored}
        store.write_course(s, merged, rows)
        store.forget_media_except(s, set(stored))
    project.save()
    return merged
