"""What the path view shows, read from a course and its check report (Qt-free, frozen).

One :class:`PathOverview` per path: its modules in order with their time, the concepts each
introduces and requires (and whether each requirement is met where it stands), the
prerequisite links the check complains about (the module that needs a concept and the later
module that introduces it), the other sequencing problems, the spaced plan's dates, the total
time and the check's suggested order.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from studio import model as m
from studio.rules.check import CheckReport
from studio.rules.problems import Problem
from studio.rules.schedule import path_plan

# Problems drawn on the path (the rest of a module's problems live in the module view).
SEQUENCE_PREFIX = "sequence."

MET, ENTRY, LATER, NOWHERE = "met", "entry", "later", "nowhere"


@dataclass(frozen=True)
class Requirement:
    concept: str
    status: str                       # met | entry (an entry concept of the path) | later | nowhere
    introduced_by: str | None = None  # the module that introduces it (earlier when met, later when "later")


@dataclass(frozen=True)
class PathModule:
    position: int                     # 0-based place in the path
    id: str
    title: str
    seconds: float | None
    introduces: tuple[str, ...]
    requires: tuple[Requirement, ...]
    problems: tuple[Problem, ...]     # this path's sequencing problems about this module
    release: dt.date | None = None
    reviews: tuple[tuple[int, dt.date], ...] = ()   # (days after release, date)
    known: bool = True                # False: the path names a module the course does not have

    @property
    def severity(self) -> str | None:
        order = ("error", "warning", "info")
        found = [p.severity for p in self.problems]
        return next((s for s in order if s in found), None)


@dataclass(frozen=True)
class PrerequisiteLink:
    """``needs`` requires ``concept``, which ``introducer`` only introduces later in the path."""
    needs: int                        # position of the module that requires the concept
    introducer: int                   # position of the module that introduces it (later)
    concept: str
    problem: Problem | None           # the check's problem it draws


@dataclass(frozen=True)
class PathOverview:
    id: str
    title: str
    modules: tuple[PathModule, ...]
    links: tuple[PrerequisiteLink, ...]
    problems: tuple[Problem, ...]     # every sequencing problem of the path
    total_seconds: float
    suggested_order: tuple[str, ...] | None
    entry_concepts: tuple[str, ...]
    release: m.Release | None
    reviews: tuple[int, ...]

    @property
    def can_apply_suggestion(self) -> bool:
        return bool(self.suggested_order) and tuple(self.suggested_order) != tuple(m.id for m in self.modules)

    def moves(self) -> int:
        """How many modules the suggested order moves: those outside the longest run of modules
        that keep their relative order (0 when there is no suggestion)."""
        if not self.suggested_order:
            return 0
        return len(self.modules) - _common_subsequence(tuple(mod.id for mod in self.modules), self.suggested_order)

    def module_titles(self, ids: tuple[str, ...]) -> list[str]:
        titles = {mod.id: mod.title for mod in self.modules}
        return [titles.get(i, i) for i in ids]


def path_overview(course: m.Course, report: CheckReport, path_id: str) -> PathOverview | None:
    """The overview of ``path_id``, or None when the course has no such path."""
    path = next((p for p in course.paths if p.id == path_id), None)
    if path is None:
        return None
    path_report = next((r for r in report.paths if r.id == path_id), None)
    problems = tuple(p for p in report.problems if p.path == path_id and p.code.startswith(SEQUENCE_PREFIX))
    seconds = {e.module_id: e.seconds for e in report.modules}
    dates = _dates(course, path)
    introducer = {c: mod_id for mod_id in path.modules if (mod := course.module(mod_id)) for c in mod.introduces}
    position = {mod_id: i for i, mod_id in enumerate(path.modules)}

    known = set(path.entry_concepts)
    rows, links = [], []
    for i, key in enumerate(path.modules):
        mod = course.module(key)
        mine = tuple(p for p in problems if p.module == key)
        if mod is None:
            rows.append(PathModule(i, key, key, None, (), (), mine, known=False))
            continue
        requirements = []
        for concept in mod.requires:
            by = introducer.get(concept)
            if concept in path.entry_concepts:
                status = ENTRY
            elif concept in known:
                status = MET
            elif by is not None and by != key and position[by] > i:
                status = LATER
                links.append(PrerequisiteLink(i, position[by], concept, _problem_about(mine, concept)))
            else:
                status, by = NOWHERE, None
            requirements.append(Requirement(concept, status, by))
        known.update(mod.introduces)
        release, reviews = dates.get(key, (None, ()))
        rows.append(PathModule(i, key, mod.title, seconds.get(key), mod.introduces, tuple(requirements),
                               mine, release, reviews))
    total = report.path_total_s(path_report) if path_report else sum(r.seconds or 0 for r in rows)
    return PathOverview(path.id, path.title or path.id, tuple(rows), tuple(links), problems, total,
                        path_report.suggested_order if path_report else None, path.entry_concepts,
                        path.release, path.reviews)


def _problem_about(problems: tuple[Problem, ...], concept: str) -> Problem | None:
    quoted = f"'{concept}'"
    return next((p for p in problems if p.code == "sequence.missing-prerequisite" and quoted in p.message), None)


def _dates(course: m.Course, path: m.Path) -> dict[str, tuple[dt.date | None, tuple[tuple[int, dt.date], ...]]]:
    """Per module: its release and its reviews, from the spaced plan (studio/rules/schedule.py)."""
    out: dict[str, list] = {}
    for event in path_plan(course, path):
        entry = out.setdefault(event.module, [None, []])
        if event.kind == "release":
            entry[0] = event.date
        else:
            entry[1].append((event.days_after_release, event.date))
    return {key: (release, tuple(sorted(reviews))) for key, (release, reviews) in out.items()}


def _common_subsequence(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Length of the longest common subsequence of two orders of the same ids: the longest
    increasing run of ``a``'s positions read in ``b``'s order (patience sorting, n log n)."""
    where = {key: i for i, key in enumerate(a)}
    tails: list[int] = []
    for key in b:
        if key in where:
            i = bisect.bisect_left(tails, where[key])
            tails[i:i + 1] = [where[key]]
    return len(tails)


def order_text(titles: list[str]) -> str:
    return "  →  ".join(titles)
