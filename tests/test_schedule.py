"""`studio schedule`: the path's releases and reviews as iCalendar, read back with icalendar."""
from __future__ import annotations

import datetime as dt
import json

import icalendar

from tests.cli import run

COURSE = """\
title: Warehouse safety
modules:
  - {id: back, title: Back basics, objective: Identify the parts of the back}
  - {id: lift, title: Lift safely, objective: Apply the lifting procedure to a box}
  - {id: carry, title: Carry loads, objective: Demonstrate a safe two-person carry}
paths:
  - id: onboarding
    modules: [back, lift, carry]
    release: {start: 2027-01-04, every_days: 7}
    reviews: [1, 3, 7]
  - {id: nodrip, modules: [back]}
"""


def events(path) -> list:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk("VEVENT")]


def test_one_all_day_event_per_release_and_review(tmp_path, capsys):
    source = tmp_path / "course.yaml"
    source.write_text(COURSE)
    code, out, _ = run("schedule", source, "--path", "onboarding", "--out", tmp_path / "plan.ics", capsys=capsys)
    assert code == 0 and "3 release(s) and 9 review(s)" in out
    found = events(tmp_path / "plan.ics")
    assert len(found) == 12
    starts = {(str(e["summary"]), e["dtstart"].dt) for e in found}
    assert ("New module: Lift safely", dt.date(2027, 1, 11)) in starts
    assert ("Review: Lift safely", dt.date(2027, 1, 18)) in starts         # 7 days after its release
    assert all(type(e["dtstart"].dt) is dt.date for e in found)           # all-day
    review = next(e for e in found if str(e["summary"]) == "Review: Carry loads")
    assert "Review module 'carry'" in str(review["description"])
    assert "Objective: Demonstrate a safe two-person carry" in str(review["description"])
    assert len({str(e["uid"]) for e in found}) == 12


def test_uids_are_stable_and_the_file_is_reproducible(tmp_path, capsys):
    source = tmp_path / "course.yaml"
    source.write_text(COURSE)
    run("schedule", source, "--path", "onboarding", "--out", tmp_path / "a.ics", capsys=capsys)
    source.write_text(COURSE.replace("title: Back basics", "title: Your back"))
    run("schedule", source, "--path", "onboarding", "--out", tmp_path / "b.ics", capsys=capsys)
    assert [str(e["uid"]) for e in events(tmp_path / "a.ics")] == [str(e["uid"]) for e in events(tmp_path / "b.ics")]
    run("schedule", source, "--path", "onboarding", "--out", tmp_path / "c.ics", capsys=capsys)
    assert (tmp_path / "b.ics").read_bytes() == (tmp_path / "c.ics").read_bytes()


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    source = tmp_path / "course.yaml"
    source.write_text(COURSE)
    for path, expected in (("nowhere", "no path 'nowhere' (paths: onboarding, nodrip)"),
                           ("nodrip", "path 'nodrip' has no release schedule")):
        code, _, err = run("schedule", source, "--path", path, "--out", tmp_path / "p.ics", capsys=capsys)
        assert code == 2 and expected in err and "course.yaml" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "p.ics").exists()
    code, _, err = run("schedule", source, "--path", "onboarding", "--out", source, capsys=capsys)
    assert code == 2 and "would overwrite the original" in err
    assert source.read_text() == COURSE


def test_the_plan_is_in_the_check_report(tmp_path, capsys):
    source = tmp_path / "course.yaml"
    source.write_text(COURSE)
    _, out, _ = run("check", source, "--json", capsys=capsys)
    paths = {p["id"]: p for p in json.loads(out)["paths"]}
    assert "schedule" not in paths["nodrip"]
    assert paths["onboarding"]["schedule"][2] == {
        "module": "carry", "release": "2027-01-18",
        "reviews": [{"days": 1, "date": "2027-01-19"}, {"days": 3, "date": "2027-01-21"},
                    {"days": 7, "date": "2027-01-25"}]}
