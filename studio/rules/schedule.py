"""The spaced plan of a path: when each module is released and each review is due.

From the path's ``release: {start, every_days}`` (module n of the path, counted from 0, is
released ``n × every_days`` after ``start``) and ``reviews: [days…]`` (each review is due that
many days after its module's release). Pure dates; ``studio schedule`` writes them as
iCalendar and ``check --json`` lists them under each path.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from studio import model as m
from studio.errors import SourceError


@dataclass(frozen=True)
class PlanEvent:
    kind: str            # release | review
    module: str
    title: str
    objective: str | None
    date: dt.date
    days_after_release: int = 0

    def uid(self, course: m.Course, path: m.Path) -> str:
        """Stable across runs and edits of other modules: course, path, module, kind, offset."""
        tail = "release" if self.kind == "release" else f"review-{self.days_after_release}d"
        return f"{_slug(course.title)}.{path.id}.{self.module}.{tail}@micro-module-studio"


def path_plan(course: m.Course, path: m.Path) -> list[PlanEvent]:
    """Every release and review of the path, in date order (releases before reviews on a day)."""
    if path.release is None:
        return []
    by_id = {mod.id: mod for mod in course.modules}
    events = []
    for n, key in enumerate(k for k in path.modules if k in by_id):
        module = by_id[key]
        released = path.release.start + dt.timedelta(days=n * path.release.every_days)
        events.append(PlanEvent("release", key, module.title, module.objective, released))
        events += [PlanEvent("review", key, module.title, module.objective, released + dt.timedelta(days=d), d)
                   for d in sorted(set(path.reviews))]
    return sorted(events, key=lambda e: (e.date, e.kind != "release", e.days_after_release))


def plan_for(course: m.Course, path_id: str, file: str | None = None) -> tuple[m.Path, list[PlanEvent]]:
    """The path named ``path_id`` and its plan; a clear error when there is none."""
    path = next((p for p in course.paths if p.id == path_id), None)
    if path is None:
        known = ", ".join(p.id for p in course.paths) or "none"
        raise SourceError(f"no path '{path_id}' (paths: {known})", file=file)
    if path.release is None:
        raise SourceError(f"path '{path_id}' has no release schedule: add "
                          "release: {start: YYYY-MM-DD, every_days: N} to it", file=file)
    return path, path_plan(course, path)


def plan_to_dict(events: list[PlanEvent]) -> list[dict]:
    """Per module: its release date and its review dates (ISO), in path order."""
    out: dict[str, dict] = {}
    for e in sorted(events, key=lambda e: (e.kind != "release", e.date)):
        entry = out.setdefault(e.module, {"module": e.module, "release": None, "reviews": []})
        if e.kind == "release":
            entry["release"] = e.date.isoformat()
        else:
            entry["reviews"].append({"days": e.days_after_release, "date": e.date.isoformat()})
    return list(out.values())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "course"
