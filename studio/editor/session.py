"""An open course: a source (YAML) or a project, its media facts and its latest check report.

Qt-free. The desktop app opens one through a background job (:func:`open_course` is a plain
job function taking ``progress`` and ``cancel``) and then only reads the frozen
:class:`CourseState`; it never opens a database session or probes media itself.

Edits go through :meth:`CourseSession.edit` (undo/redo in :mod:`studio.editor.history`);
``check`` re-runs on what they changed. Writing is done by job functions the session hands
out (:meth:`~CourseSession.autosave_job`, :meth:`~CourseSession.save_job`,
:meth:`~CourseSession.save_as_job`), serialised by one lock, so the UI runs them off its thread.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Literal, Mapping

from typing import TYPE_CHECKING

from studio import model as m
from studio.editor.changes import NOTHING, Changes
from studio.editor.commands import Command, ReplaceCourse
from studio.editor.history import History
from studio.errors import SourceError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media_facts import MediaFacts
from studio.project.paths import is_project

# The app's window imports this module before it shows; reading, checking and writing
# (SQLAlchemy, Alembic, the rules, the YAML writer: about a second of imports) are imported
# where they are used, in the open and save jobs, so the first window does not wait for them.
if TYPE_CHECKING:
    from studio.editor import saving
    from studio.editor.recheck import CheckIndex
    from studio.project.file import ProjectFile
    from studio.rules.check import CheckReport
    from studio.source.reader import CourseDocument

Kind = Literal["source", "project"]


def _no_report() -> "CheckReport":
    from studio.rules.check import CheckReport
    return CheckReport((), (), ())


@dataclass(frozen=True)
class CourseState:
    """What the app shows: immutable, safe to hand from a worker thread to the UI."""
    location: Path                     # the file or folder that was opened
    kind: Kind
    course: m.Course
    facts: Mapping[str, MediaFacts] = field(default_factory=dict)
    report: CheckReport = field(default_factory=_no_report)

    @property
    def display_name(self) -> str:
        return self.location.name

    # The views ask these for every row they paint (the tree of a 500-module course asks tens
    # of thousands of times as it opens): each is a dict built once per state, on first use.
    def problems_of(self, module_id: str) -> tuple:
        return self._problems_by_module.get(module_id, ())

    def estimate_of(self, module_id: str):
        return self._estimates.get(module_id)

    def module(self, module_id: str) -> m.Module | None:
        return self._modules.get(module_id)

    def path(self, path_id: str) -> m.Path | None:
        return self._paths.get(path_id)

    @cached_property
    def _problems_by_module(self) -> dict[str, tuple]:
        found: dict[str, list] = {}
        for problem in self.report.problems:
            found.setdefault(problem.module, []).append(problem)
        return {key: tuple(problems) for key, problems in found.items()}

    @cached_property
    def _estimates(self) -> dict:
        found: dict = {}
        for estimate in self.report.modules:
            found.setdefault(estimate.module_id, estimate)     # the first, as a scan would find
        return found

    @cached_property
    def _modules(self) -> dict[str, m.Module]:
        found: dict[str, m.Module] = {}
        for module in self.course.modules:
            found.setdefault(module.id, module)
        return found

    @cached_property
    def _paths(self) -> dict[str, m.Path]:
        found: dict[str, m.Path] = {}
        for path in self.course.paths:
            found.setdefault(path.id, path)
        return found


class CourseSession:
    """One open course. For a project the :class:`ProjectFile` stays open (locked) until
    :meth:`close`; a source holds only its parsed document."""

    def __init__(self, state: CourseState, *, project: ProjectFile | None = None,
                 document: CourseDocument | None = None) -> None:
        self._state = state
        self._project = project
        self._document = document
        self._history = History(state.course)
        self._index: CheckIndex | None = None
        self._pending = NOTHING            # changes not yet re-checked
        self._generation = 0               # bumped by every edit, undo and redo
        self._document_generation = 0      # the generation the document's lines describe
        self._autosaved_generation = 0
        self.autosaved_at: float | None = None
        self.recoverable: saving.Recoverable | None = None   # a dead session's newer working copy
        self._write_lock = threading.Lock()                  # one writer of the files at a time
        self.source_comments = 0        # comment lines of the source as opened; Save would drop them

    @property
    def state(self) -> CourseState:
        return self._state

    @property
    def history(self) -> History:
        return self._history

    @property
    def crashed_working_copy(self) -> Path | None:
        """The working copy a studio that was killed left behind (offered for recovery later)."""
        return self._project.crashed_working_copy if self._project else None

    def media_resolver(self) -> Callable[[str], Path]:
        """Where each media name of the course is on disk: beside a source; in a project's
        media store (a name the store lacks maps to a file that does not exist)."""
        if self._project is None:
            base = Path(self._state.location).parent
            return lambda name: base / name
        project = self._project
        files: dict[str, Path] = {}
        read = threading.Lock()

        def resolve(name: str) -> Path:      # the store is read on first use, in the job that builds
            from studio.project import store
            with read:
                if not files:
                    with project.sessions() as s:
                        files.update(store.media_files(s, project.media_dir))
                    files.setdefault("", project.media_dir / ".missing")
            return files.get(name) or files[""]
        return resolve

    @property
    def working_db(self) -> Path | None:
        return self._project.working_db if self._project else None

    def line_of(self, where: str) -> int | None:
        """The source line of a field path such as ``modules[2].blocks[0]`` (sources, until edited)."""
        if self._document is None or self._generation != self._document_generation:
            return None
        return self._document.line_of(where)

    def refresh_check(self, known: "CheckReport | None" = None) -> CourseState:
        """Run ``check`` again on the course and facts held; returns the new state. ``known``:
        the report of exactly this course and these facts, already made (an open's snapshot)."""
        from studio.editor.recheck import CheckIndex
        from studio.rules.check import check_course
        report = known or check_course(self._state.course, dict(self._state.facts))
        self._state = replace(self._state, report=report)
        self._index = CheckIndex(self._state.course, self._state.facts, report)
        self._pending = NOTHING
        return self._state

    # -- editing ---------------------------------------------------------------------
    def edit(self, command: Command, *, recheck: bool = True) -> Changes:
        """Apply ``command`` as one undo step (typing merges); re-check what it changed unless
        ``recheck`` is False (then :meth:`recheck` does, e.g. after a pause in typing)."""
        return self._after(self._history.push(command), recheck)

    def undo(self, *, recheck: bool = True) -> Changes:
        return self._after(self._history.undo(), recheck)

    def redo(self, *, recheck: bool = True) -> Changes:
        return self._after(self._history.redo(), recheck)

    def seal(self) -> None:
        self._history.seal()

    def _after(self, changes: Changes | None, recheck: bool) -> Changes:
        if changes is None:
            return NOTHING
        self._generation += 1
        self._state = replace(self._state, course=self._history.course)
        self._pending |= changes
        if recheck:
            self.recheck()
        return changes

    def recheck(self) -> Changes:
        """Check again only the modules and paths changed since the last check; returns those changes."""
        pending, self._pending = self._pending, NOTHING
        if self._index is None:
            self.refresh_check()
        elif pending:
            self._state = replace(self._state, report=self._index.recheck(self._state.course, pending))
        return pending

    @property
    def dirty(self) -> bool:
        """Closing now would lose edits (the saved file differs from what is shown)."""
        return not self._history.is_clean

    @property
    def generation(self) -> int:
        return self._generation

    # -- writing (job functions: run them off the UI thread) --------------------------
    def autosave_job(self):
        """A job writing the course as it is now to the working copy; None when nothing is new
        (or the course is a source, which is only written by Save)."""
        if self._project is None or self._generation == self._autosaved_generation:
            return None
        project, course, generation = self._project, self._state.course, self._generation

        def autosave(*, progress=None, cancel=None) -> int:
            from studio.editor import saving
            with self._write_lock:
                if generation > self._autosaved_generation:
                    saving.write_working_copy(project, course)
                    self._autosaved_generation, self.autosaved_at = generation, time.time()
            return generation
        return autosave

    @property
    def needs_autosave(self) -> bool:
        return self._project is not None and self._generation != self._autosaved_generation

    def save_job(self):
        """A job writing the course to the file it came from: the YAML, or the project (publish).

        The history is marked clean now, for the course it writes; :meth:`save_failed` undoes
        that mark if the job fails."""
        course, generation, location = self._state.course, self._generation, self._state.location
        project, document_for = self._project, self._adopt_document
        # The report on screen is the saved course's own unless an edit still waits for its re-check.
        checked = self._state if not self._pending else None
        self._history.mark_clean()

        def save(*, progress=None, cancel=None):
            from studio.editor import open_snapshot, saving
            from studio.project.paths import DB_NAME
            with self._write_lock:
                if project is not None:
                    saving.write_working_copy(project, course)
                    self._autosaved_generation, self.autosaved_at = max(self._autosaved_generation, generation), \
                        time.time()
                    project.save()
                    if checked is not None:   # the next open of the saved file is then a snapshot hit
                        open_snapshot.save(open_snapshot.key_for(project.folder / DB_NAME),
                                           open_snapshot.Snapshot(course, checked.facts, checked.report))
                    return None
                return document_for(saving.save_source(course, location), generation)
        return save

    @property
    def save_drops_comments(self) -> bool:
        """Saving onto the source would lose the author's comments (ask before the first save)."""
        return self._project is None and self.source_comments > 0

    def accept_comment_loss(self) -> None:
        self.source_comments = 0

    def save_failed(self) -> None:
        self._history.mark_unclean()

    def save_as_job(self, target: Path):
        """A job writing the course somewhere new: a project (``.mstudio`` or a folder) or a YAML
        source. The session then continues on the new file; :meth:`adopt` must be called on the
        UI thread with the job's result."""
        target = Path(target)
        course, facts, generation = self._state.course, self._state.facts, self._generation
        state, project = self._state, self._project
        self._history.mark_clean()

        def save_as(*, progress=None, cancel=None) -> _SavedAs:
            from studio.editor import saving
            with self._write_lock:
                if saving.is_project_target(target):
                    if project is not None:
                        new_project = saving.project_to_project(project, course, facts, target)
                    else:
                        new_project = saving.source_to_project(course, state.location.parent, facts, target)
                    return _SavedAs(new_project.folder, "project", generation, project=new_project)
                if project is not None:
                    document = saving.project_to_source(project, course, target)
                else:
                    document = saving.save_source_as(course, state.location.parent, target)
                return _SavedAs(target, "source", generation, document=document)
        return save_as

    def adopt(self, saved: "_SavedAs") -> ProjectFile | None:
        """Continue on the file a Save As wrote; returns the project left behind (to close off the UI thread)."""
        old = self._project
        self._project, self._document = saved.project, saved.document
        self._document_generation = saved.generation if saved.document else -1
        self._autosaved_generation = saved.generation
        self._state = replace(self._state, location=saved.location, kind=saved.kind)
        self.source_comments = 0        # a file the studio wrote has no comments of the author's
        return old

    def _adopt_document(self, document: CourseDocument, generation: int) -> CourseDocument:
        self._document, self._document_generation = document, generation
        return document

    # -- crash recovery ----------------------------------------------------------------
    def recover(self) -> Changes:
        """Take the dead session's course as one undoable edit (its working copy goes once autosaved)."""
        found = self.recoverable
        if found is None:
            return NOTHING
        return self.edit(ReplaceCourse(found.course))

    def discard_recoverable_job(self):
        found, self.recoverable = self.recoverable, None
        if found is None:
            return None
        from studio.editor import saving
        return lambda **_kw: saving.discard_crashed_copy(found.path)

    def close(self) -> None:
        if self._project is not None:
            with self._write_lock:
                self._project.close()
                self._project = None

    def __enter__(self) -> "CourseSession":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


@dataclass(frozen=True)
class _SavedAs:
    location: Path
    kind: Kind
    generation: int
    project: ProjectFile | None = None
    document: CourseDocument | None = None


def open_course(location: str | Path, *, progress: Progress = no_progress,
                cancel: CancelToken = NEVER_CANCELLED) -> CourseSession:
    """Open a course source or a project, measure its media and check it (a job function).

    Raises :class:`~studio.errors.StudioError` (``SourceError``, ``ProjectError``…) naming
    the file, line and field when the input is bad, ``Cancelled`` when cancelled."""
    location = Path(location)
    if not location.exists():
        raise SourceError("no such file or folder", file=str(location))
    if is_project(location):
        return _open_project(location, progress, cancel)
    return _open_source(location, progress, cancel)


def _open_source(path: Path, progress: Progress, cancel: CancelToken) -> CourseSession:
    from studio.source.reader import read_course_document
    progress(None, f"Reading {path.name}")
    document = read_course_document(path)
    cancel.raise_if_cancelled()
    facts = _measure_media(document.course, path.parent, progress, cancel)
    session = CourseSession(CourseState(path, "source", document.course, facts), document=document)
    session.source_comments = comment_lines(path.read_text(encoding="utf-8", errors="replace"))
    progress(1.0, "Checking")
    session.refresh_check()
    return session


def _open_project(path: Path, progress: Progress, cancel: CancelToken) -> CourseSession:
    from studio.editor import open_snapshot, saving
    from studio.project import store
    from studio.project.file import ProjectFile
    from studio.project.paths import DB_NAME, resolve_folder
    progress(None, f"Opening {path.name}")
    key = open_snapshot.key_for(resolve_folder(path) / DB_NAME)   # the file as it is before it is copied
    project = ProjectFile.open(path)
    try:
        cancel.raise_if_cancelled()
        snapshot = open_snapshot.load(key)
        with project.sessions() as s:
            course = snapshot.course if snapshot is not None else store.read_course(s)
            progress(None, "Verifying media")
            facts = MappingProxyType(store.media_facts(s, project.media_dir))   # on every open: media change
        cancel.raise_if_cancelled()
        session = CourseSession(CourseState(project.folder, "project", course, facts), project=project)
        crashed = project.crashed_working_copy
        if crashed is not None:
            progress(None, "Reading the last autosave")
            found = saving.read_crashed_copy(crashed)
            if found is not None and found.course != course:
                session.recoverable = found
            else:
                saving.discard_crashed_copy(crashed)   # nothing in it that the project lacks
        known = snapshot.report_for(facts) if snapshot is not None else None
        progress(1.0, "Checking" if known is None else "Unchanged since it was last opened")
        session.refresh_check(known)
        if known is None:
            open_snapshot.save(key, open_snapshot.Snapshot(course, facts, session.state.report))
        return session
    except BaseException:
        project.close()
        raise


def comment_lines(text: str) -> int:
    """How many lines of a YAML source are comments: saving rewrites the file from the course
    (lossless for the course, not for the author's comments and layout), so the studio asks first.
    (Here, not in :mod:`studio.editor.saving`: opening a source must not load the database code.)"""
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("#"))


def _measure_media(course: m.Course, base_dir: Path, progress: Progress,
                   cancel: CancelToken) -> Mapping[str, MediaFacts]:
    """:func:`studio.media.facts.course_facts`, one file at a time so it reports and cancels."""
    from studio.media.facts import OUTSIDE, facts_cache, facts_of, inside
    names = list(dict.fromkeys(name for _, name in m.media_refs(course)))
    facts: dict[str, MediaFacts] = {}
    with facts_cache() as cache:
        for done, name in enumerate(names):
            cancel.raise_if_cancelled()
            progress(done / len(names) if names else None, f"Probing {name}")
            facts[name] = facts_of(base_dir / name, cache) if inside(base_dir, name) else OUTSIDE
    return MappingProxyType(facts)
