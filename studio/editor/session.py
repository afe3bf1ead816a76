"""An open course: a source (YAML) or a project, its media facts and its latest check report.

Qt-free. The desktop app opens one through a background job (:func:`open_course` is a plain
job function taking ``progress`` and ``cancel``) and then only reads the frozen
:class:`CourseState`; it never opens a database session or probes media itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping

from studio import model as m
from studio.errors import SourceError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.facts import OUTSIDE, facts_cache, facts_of, inside
from studio.media_facts import MediaFacts
from studio.project import store
from studio.project.file import ProjectFile
from studio.project.paths import is_project
from studio.rules.check import CheckReport, check_course
from studio.source.reader import CourseDocument, read_course_document

Kind = Literal["source", "project"]


@dataclass(frozen=True)
class CourseState:
    """What the app shows: immutable, safe to hand from a worker thread to the UI."""
    location: Path                     # the file or folder that was opened
    kind: Kind
    course: m.Course
    facts: Mapping[str, MediaFacts] = field(default_factory=dict)
    report: CheckReport = field(default_factory=lambda: CheckReport((), (), ()))

    @property
    def display_name(self) -> str:
        return self.location.name

    def problems_of(self, module_id: str) -> tuple:
        return tuple(p for p in self.report.problems if p.module == module_id)

    def estimate_of(self, module_id: str):
        return next((e for e in self.report.modules if e.module_id == module_id), None)


class CourseSession:
    """One open course. For a project the :class:`ProjectFile` stays open (locked) until
    :meth:`close`; a source holds only its parsed document."""

    def __init__(self, state: CourseState, *, project: ProjectFile | None = None,
                 document: CourseDocument | None = None) -> None:
        self._state = state
        self._project = project
        self._document = document

    @property
    def state(self) -> CourseState:
        return self._state

    @property
    def crashed_working_copy(self) -> Path | None:
        """The working copy a studio that was killed left behind (offered for recovery later)."""
        return self._project.crashed_working_copy if self._project else None

    def line_of(self, where: str) -> int | None:
        """The source line of a field path such as ``modules[2].blocks[0]`` (sources only)."""
        return self._document.line_of(where) if self._document else None

    def refresh_check(self) -> CourseState:
        """Run ``check`` again on the course and facts held; returns the new state."""
        self._state = replace(self._state, report=check_course(self._state.course, dict(self._state.facts)))
        return self._state

    def close(self) -> None:
        if self._project is not None:
            self._project.close()
            self._project = None

    def __enter__(self) -> "CourseSession":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


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
    progress(None, f"Reading {path.name}")
    document = read_course_document(path)
    cancel.raise_if_cancelled()
    facts = _measure_media(document.course, path.parent, progress, cancel)
    session = CourseSession(CourseState(path, "source", document.course, facts), document=document)
    progress(1.0, "Checking")
    session.refresh_check()
    return session


def _open_project(path: Path, progress: Progress, cancel: CancelToken) -> CourseSession:
    progress(None, f"Opening {path.name}")
    project = ProjectFile.open(path)
    try:
        cancel.raise_if_cancelled()
        with project.sessions() as s:
            course = store.read_course(s)
            progress(None, "Verifying media")
            facts = MappingProxyType(store.media_facts(s, project.media_dir))
        cancel.raise_if_cancelled()
        session = CourseSession(CourseState(project.folder, "project", course, facts), project=project)
        progress(1.0, "Checking")
        session.refresh_check()
        return session
    except BaseException:
        project.close()
        raise


def _measure_media(course: m.Course, base_dir: Path, progress: Progress,
                   cancel: CancelToken) -> Mapping[str, MediaFacts]:
    """:func:`studio.media.facts.course_facts`, one file at a time so it reports and cancels."""
    names = list(dict.fromkeys(name for _, name in m.media_refs(course)))
    facts: dict[str, MediaFacts] = {}
    with facts_cache() as cache:
        for done, name in enumerate(names):
            cancel.raise_if_cancelled()
            progress(done / len(names) if names else None, f"Probing {name}")
            facts[name] = facts_of(base_dir / name, cache) if inside(base_dir, name) else OUTSIDE
    return MappingProxyType(facts)
