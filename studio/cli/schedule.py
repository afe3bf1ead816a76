"""``studio schedule SOURCE_OR_PROJECT --path ID --out PLAN.ics``: the spaced plan as iCalendar.

One all-day event per module release and per review, with stable UIDs (re-importing the
file updates the events instead of duplicating them) and a description saying what to do.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from studio import __version__
from studio import model as m
from studio.outputs import refuse_clashes, write_text_atomic
from studio.rules.schedule import PlanEvent, plan_for

# one fixed stamp: the same course gives the same file, byte for byte
_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def register(subparsers) -> None:
    p = subparsers.add_parser("schedule", help="a path's drip releases and spaced reviews as an iCalendar file")
    p.add_argument("source", metavar="SOURCE_OR_PROJECT")
    p.add_argument("--path", required=True, metavar="ID", help="the path to plan")
    p.add_argument("--out", required=True, metavar="PLAN.ics", help="the iCalendar file to write")
    p.set_defaults(run=cmd_schedule)


def cmd_schedule(args) -> int:
    from studio.cli.app import load   # the one loader of sources and projects

    source, out = Path(args.source), Path(args.out)
    refuse_clashes([source], [out])
    course = load(source).course
    path, events = plan_for(course, args.path, file=str(source))
    write_text_atomic(out, plan_to_ics(course, path, events).decode("utf-8"))
    releases = sum(e.kind == "release" for e in events)
    print(f"{out}: {releases} release(s) and {len(events) - releases} review(s) of path '{path.id}'")
    return 0


def plan_to_ics(course: m.Course, path: m.Path, events: list[PlanEvent]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Micro-module Studio//{__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{course.title} — {path.title or path.id}")
    for e in events:
        item = icalendar.Event()
        item.add("uid", e.uid(course, path))
        item.add("dtstamp", _STAMP)
        item.add("dtstart", e.date)                       # a date: an all-day event
        item.add("dtend", e.date + dt.timedelta(days=1))
        item.add("transp", "TRANSPARENT")
        if e.kind == "release":
            item.add("summary", f"New module: {e.title}")
            text = f"Module '{e.module}' of path '{path.id}' is released today: {e.title}."
        else:
            item.add("summary", f"Review: {e.title}")
            text = (f"Review module '{e.module}' ({e.title}), released {e.days_after_release} day(s) ago: "
                    "go through its summary card and retake its quiz.")
        if e.objective:
            text += f"\nObjective: {e.objective}"
        item.add("description", text)
        item.add("categories", ["release" if e.kind == "release" else "review"])
        cal.add_component(item)
    return cal.to_ical()
