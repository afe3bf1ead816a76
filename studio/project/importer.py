"""Bring a course source into a project (media copied into the store) in one transaction."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from studio import model as m
from studio.project import store
from studio.errors import SourceError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, interrupts, no_progress
from studio.media_facts import MediaFacts
from studio.project.media_store import StoredFile, add_file
from studio.project.file import ProjectFile
from studio.review.anchors import block_anchor
from studio.review.merge import comment_key, place_block


def require_media(course: m.Course, base_dir: Path, file: str, line_of) -> None:
    """Refuse a source whose media files are absent, naming the first one and its line."""
    for where, name in m.media_refs(course):
        if not (base_dir / name).is_file():
            raise SourceError(f"file '{name}' not found", file=file, line=line_of(where), where=where)


def carry_over_comments(old: m.Course, new: m.Course) -> m.Course:
    """The source's review comments together with the project's, for an import over a project.

    Comments reach a project from SMEs (``studio review import``) after the source was written,
    so a source never erases them: a comment the source does not list (by
    :func:`~studio.review.merge.comment_key`) is kept, on its block found again in the new blocks by its anchor (the blocks may
    have moved in the source), else on the module. One the source lists keeps the source's
    place; resolved on either side stays resolved."""
    previous = {mod.id: mod for mod in old.modules}
    modules = []
    for mod in new.modules:
        before = previous.get(mod.id)
        if before is not None and before.comments:
            mod = dataclasses.replace(mod, comments=_joined_comments(before, mod))
        modules.append(mod)
    return dataclasses.replace(new, modules=tuple(modules))


def _joined_comments(before: m.Module, after: m.Module) -> tuple[m.ReviewComment, ...]:
    resolved_before = {comment_key(c.at, c.text) for c in before.comments if c.resolved}
    listed = {comment_key(c.at, c.text) for c in after.comments}
    joined = [dataclasses.replace(c, resolved=True) if comment_key(c.at, c.text) in resolved_before else c
              for c in after.comments]
    for comment in before.comments:
        if comment_key(comment.at, comment.text) not in listed:
            joined.append(dataclasses.replace(comment, block=_block_now(before, after, comment.block)))
    return tuple(joined)


def _block_now(before: m.Module, after: m.Module, index: int | None) -> int | None:
    if index is None or index >= len(before.blocks):
        return None
    old = before.blocks[index]
    return place_block(after, index, block_anchor(old), old.kind)[0]


def import_course(project: ProjectFile, course: m.Course, base_dir: Path, facts: dict[str, MediaFacts], *,
                  progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> m.Course:
    """Replace the project's course with ``course`` and save; returns what was stored.

    All or nothing: until the save (the commit point) ``cancel`` stops the import, and a
    cancelled or failed import removes the media it added, so the project is as it was.
    """
    names = list(dict.fromkeys(name for _, name in m.media_refs(course)))
    sizes = {name: _size(base_dir / name) for name in names}
    total = sum(sizes.values()) or 1
    before = _store_listing(project.media_dir)
    try:
        stored: dict[str, StoredFile] = {}
        done = 0
        for name in names:
            cancel.raise_if_cancelled()
            progress(done / total, f"copying {name}")
            stored[name] = add_file(project.media_dir, base_dir / name)
            done += sizes[name]
        progress(1.0, "saving the project")
        with project.sessions.begin() as s:
            merged = carry_over_comments(store.read_course(s), course)
            rows = {name: store.upsert_media(s, name, stored[name], facts.get(name, MediaFacts()))
                    for name in stored}
            store.write_course(s, merged, rows)
            store.forget_media_except(s, set(stored))
        cancel.raise_if_cancelled()  # the last moment to stop: after this the import lands
        project.save()
    except BaseException:
        with interrupts.shielded():
            _remove_added(project.media_dir, before)
        raise
    return merged


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _store_listing(store_dir: Path) -> set[str]:
    return set(os.listdir(store_dir)) if store_dir.is_dir() else set()


def _remove_added(store_dir: Path, before: set[str]) -> None:
    """Blobs this import added (a blob already there may be shared by the saved project)."""
    for name in _store_listing(store_dir) - before:
        (store_dir / name).unlink(missing_ok=True)
