"""Whatever a course file holds, reading it gives a course or one clear SourceError, never a crash."""
import math
import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.rules.check import check_course
from studio.errors import SourceError
from studio.source.reader import parse_course
from studio.source.writer import course_to_dict, course_to_yaml
from tests.strategies import course as valid_course

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                    st.dates(), st.sampled_from(["micro", "nano", "video", "quiz", "single", "00:01:00", "-1"]))
anything = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                        max_leaves=8)


def field(keys):
    return st.dictionaries(st.sampled_from(keys), anything, max_size=len(keys))


block = st.one_of(field(["type", "media", "in", "out", "captions", "markdown", "alt", "seconds", "questions",
                         "pass_mark", "attempts", "draw", "items", "points", "prompt", "title", "id"]),
                  st.fixed_dictionaries({"type": st.sampled_from(["video", "audio", "text", "image", "quiz",
                                                                  "summary_card", "survey", "action_plan"])},
                                        optional={k: anything for k in ["media", "in", "out", "markdown", "alt",
                                                                        "questions", "items", "prompt", "draw"]}))
module = st.fixed_dictionaries({"id": st.one_of(st.sampled_from(["a", "b-c"]), anything),
                                "title": st.one_of(st.just("T"), anything)},
                               optional={"blocks": st.one_of(st.lists(block, max_size=3), anything),
                                         "profile": anything, "objective": anything, "status": anything,
                                         "introduces": anything, "requires": anything, "comments": anything,
                                         "budget_override": anything})
course = st.fixed_dictionaries({"title": st.one_of(st.just("Course"), anything)},
                               optional={"modules": st.one_of(st.lists(module, max_size=3), anything),
                                         "paths": st.one_of(st.lists(field(["id", "modules", "release", "reviews",
                                                                            "badge", "entry_concepts"]), max_size=2),
                                                            anything),
                                         "budget_profiles": anything, "language": anything,
                                         "reading_wpm": anything, "format": anything})


def _locations(data, where=()):
    yield where
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in children:
        yield from _locations(value, (*where, key))


@st.composite
def one_fault(draw):
    """A valid course with one value, anywhere in it, replaced by anything at all."""
    data = course_to_dict(draw(valid_course()))
    spots = [w for w in _locations(data) if w]
    if spots:
        *parent, last = draw(st.sampled_from(spots))
        target = data
        for key in parent:
            target = target[key]
        target[last] = draw(anything)
    return data


@settings(max_examples=250, deadline=None)
@given(st.one_of(course, one_fault()))
def test_any_course_shaped_yaml_reads_or_fails_cleanly(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        course = parse_course(text)
    except SourceError as error:
        assert str(error) and "course.yaml" in str(error)
        return
    # What the reader accepts, the checker can judge and the writer can give back unchanged.
    report = check_course(course, {})
    assert all(math.isfinite(e.seconds) for e in report.modules)
    assert parse_course(course_to_yaml(course)) == course


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_reads_or_fails_cleanly(text):
    try:
        parse_course(text)
    except SourceError as error:
        assert "course.yaml" in str(error)


OPENED = re.compile(r"(?:unclosed '([\[{])'|unterminated quote ([\"'])…[\"']|the quote ([\"'])) opened on line (\d+)"
                    r"(?: runs on to the next [\"'] on line \d+ \(is its closing quote missing\?\))?; "
                    r"parsing stopped at line (\d+)")


@settings(max_examples=150, deadline=None)
@given(valid_course(), st.data())
def test_a_course_with_a_closing_character_removed_points_at_real_lines(course, data):
    """Drop one ']', '}' or quote from a valid course written in flow style: the error names the
    line of an opening of that kind, and a stopping line at or after it, inside the file."""
    text = yaml.safe_dump(course_to_dict(course), allow_unicode=True, default_flow_style=True, width=60)
    closers = [i for i, ch in enumerate(text) if ch in "]}\"'"]
    if not closers:
        return
    cut = data.draw(st.sampled_from(closers))
    broken = text[:cut] + text[cut + 1:]
    try:
        parse_course(broken)
    except SourceError as error:
        message = str(error)
        assert "\n" not in message and "course.yaml" in message
        found = OPENED.search(message)
        if found:
            opener = found.group(1) or found.group(2) or found.group(3)
            opened, stopped = int(found.group(4)), int(found.group(5))
            lines = broken.splitlines()
            assert 1 <= opened <= stopped <= len(lines)
            assert opener in lines[opened - 1]
            assert error.line == opened and error.stopped_line == stopped
