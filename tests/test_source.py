"""The course source: the contract's own example parses; bad input names file, line, field."""
import re
from pathlib import Path

import pytest

from studio import model as m
from studio.errors import SourceError
from studio.source.reader import parse_course, read_course
from studio.source.writer import course_to_yaml

SPEC = Path(__file__).resolve().parents[2] / "shared" / "course-format.md"


def spec_example() -> str:
    return re.search(r"```yaml\n(.*?)```", SPEC.read_text(), re.S).group(1)


@pytest.mark.skipif(not SPEC.exists(), reason="shared/course-format.md is not beside the project")
def test_the_format_documents_example_parses_with_every_field():
    course = parse_course(spec_example())
    module = course.modules[0]
    assert module.objective.startswith("Apply the five-step")
    assert [b.kind for b in module.blocks] == list(m.BLOCK_KINDS)
    video = module.blocks[0]
    assert (video.in_s, video.out_s, video.captions) == (5.0, 450.0, "lifting.vtt")
    quiz = module.blocks[4]
    assert (quiz.pass_mark, quiz.attempts, quiz.draw) == (80, 2, 3)
    assert [q.kind for q in quiz.questions] == list(m.QUESTION_KINDS)
    assert quiz.questions[0].choices[0].feedback == "Planning avoids surprises."
    assert quiz.questions[4].pairs[1] == ("Grip", "Control the load")
    survey = module.blocks[6]
    assert survey.items[1] == m.SurveyItem("text", "What would you change?")
    path = course.paths[0]
    assert path.release.every_days == 7 and path.reviews == (1, 3, 7, 21)
    assert path.badge.image == "badge.png"
    assert parse_course(course_to_yaml(course)) == course


BASE = """\
title: T
modules:
  - id: one
    title: One
    objective: List the three ladder types
    blocks:
      - type: text
        markdown: Hello
"""


@pytest.mark.parametrize("text, expected", [
    ("title: [unclosed", "title: unclosed '[' opened on line 1; parsing stopped at line 1, the end of the file"),
    ("title: T\ntitle: U\n", "duplicate key 'title' (course.yaml line 2)"),
    ("- just\n- a list\n", "expected a mapping"),
    ("modules: []\n", "missing required field 'title'"),
    ("title: T\nmodules: {a: 1}\n", "modules: expected a list, got a mapping (course.yaml line 2)"),
    (BASE.replace("type: text", "type: podcast"),
     "modules[0].blocks[0].type: unknown block type 'podcast'"),
    (BASE.replace("type: text", "type: image"), "unknown field 'markdown'"),
    (BASE.replace("        markdown: Hello", "        markdown: [a, b]"),
     "modules[0].blocks[0].markdown: expected text, got a list (course.yaml line 8)"),
    (BASE + "  - id: one\n    title: Again\n", "modules[1].id: duplicate module id 'one' (first used at modules[0])"),
    (BASE.replace("id: one", "id: One Module"), "modules[0].id: 'One Module' is not a valid id"),
    (BASE.replace("    title: One\n", "    title: One\n    profile: mega\n"), "unknown profile 'mega'"),
    (BASE.replace("    title: One\n", "    title: One\n    status: done\n"), "unknown status 'done'"),
    (BASE.replace("    title: One\n", "    title: One\n    titel: typo\n"), "modules[0].titel: unknown field 'titel'"),
    ("format: microstudio/9\ntitle: T\n", "unsupported format 'microstudio/9'"),
    ("title: T\nreading_wpm: fast\n", "reading_wpm: expected a number, got text 'fast'"),
    ("title: T\nreading_wpm: .nan\n", "reading_wpm: expected a finite number of sensible size, got nan"),
    (BASE.replace("      - type: text\n        markdown: Hello",
                  "      - type: video\n        media: v.mp4\n        out: .inf"),
     "modules[0].blocks[0].out: expected a finite duration, got inf"),
    (BASE.replace("      - type: text\n        markdown: Hello",
                  "      - type: video\n        media: v.mp4\n        out: soon"),
     "modules[0].blocks[0].out: expected seconds or HH:MM:SS"),
    (BASE.replace("      - type: text\n        markdown: Hello",
                  "      - type: quiz\n        questions:\n          - kind: essay\n            prompt: Why?"),
     "modules[0].blocks[0].questions[0].kind: unknown question kind 'essay'"),
    (BASE.replace("      - type: text\n        markdown: Hello",
                  "      - type: quiz\n        questions:\n          - kind: true_false\n            prompt: Why?"),
     "a true_false question needs 'answer'"),
    (BASE.replace("      - type: text\n        markdown: Hello",
                  "      - type: quiz\n        draw: 5\n        questions:\n          - kind: true_false\n"
                  "            prompt: Yes?\n            answer: true"),
     "draws 5 questions but the quiz has only 1"),
    (BASE + "paths:\n  - id: p\n    release: {start: someday, every_days: 7}\n",
     "paths[0].release.start: expected a date YYYY-MM-DD, got 'someday'"),
    (BASE.replace("      - type: text\n        markdown: Hello",
                  "      - type: quiz\n        questions:\n          - kind: matching\n            prompt: Match\n"
                  "            pairs: []"),
     "a matching question needs at least one entry in 'pairs'"),
    (BASE + "paths:\n  - id: p\n    reviews: [1, -3]\n", "paths[0].reviews[1]: a review offset is a whole number"),
    ("title: T\nbudget_profiles:\n  micro: {min: 10, max: 5, target: 8}\n", "expected min ≤ target ≤ max"),
])
def test_bad_source_names_the_field_and_line(text, expected):
    with pytest.raises(SourceError) as caught:
        parse_course(text)
    assert expected in str(caught.value)
    assert "course.yaml" in str(caught.value)


def test_read_course_reports_unreadable_files(tmp_path):
    with pytest.raises(SourceError, match="file not found"):
        read_course(tmp_path / "absent.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SourceError, match="not UTF-8"):
        read_course(binary)
    with pytest.raises(SourceError, match="is a folder"):
        read_course(tmp_path)
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(SourceError, match="empty"):
        read_course(empty)


def test_durations_accept_seconds_and_clock_times():
    course = parse_course(BASE.replace("      - type: text\n        markdown: Hello",
                                       "      - type: audio\n        media: a.mp3\n        in: '1:02.5'\n"
                                       "        out: '01:00:00'"))
    block = course.modules[0].blocks[0]
    assert (block.in_s, block.out_s) == (62.5, 3600.0)


@pytest.mark.parametrize("trim, points", [("in: 00:05:00\n        out: 10", (300.0, 10.0)),
                                          ("in: 10\n        out: 10", (10.0, 10.0))])
def test_an_in_point_at_or_after_the_out_point_is_read_for_check_to_report(trim, points):
    """in ≥ out is media.trim-out-of-range, a check problem (course-format.md), not a load error."""
    course = parse_course(BASE.replace("      - type: text\n        markdown: Hello",
                                       f"      - type: video\n        media: v.mp4\n        {trim}"))
    block = course.modules[0].blocks[0]
    assert (block.in_s, block.out_s) == points
    assert parse_course(course_to_yaml(course)) == course


def test_json_is_accepted_as_yaml():
    course = parse_course('{"title": "T", "modules": [{"id": "a", "title": "A"}]}', "course.json")
    assert course.modules[0].id == "a"


ONE_BLOCK = "title: T\nmodules:\n - id: a\n   title: A\n   blocks:\n    - {block}\n"
BOMB = "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))


@pytest.mark.parametrize("text, expected", [
    (BOMB + "title: T\n", "too many values"),
    ("title: T\nx: " + "[" * 5000 + "]" * 5000, "nested too deeply"),
    ("title: T\nx: &a [*a]\n", "an alias refers to the value that contains it"),
    ("title: T\nreading_wpm: " + "1" * 400, "expected a finite number of sensible size"),
    (ONE_BLOCK.format(block="{type: image, media: x.png, alt: x, seconds: 1.0e+308}"), "sensible size"),
    (ONE_BLOCK.format(block="{type: image, media: x.png, alt: x, seconds: 90000}"), "between 0 and 86400"),
    (ONE_BLOCK.format(block="{type: video, media: v.mp4, out: 100000}"), "longer than a day"),
    (ONE_BLOCK.format(block="{type: image, media: ../x.png, alt: x}"), "inside its folder"),
    (ONE_BLOCK.format(block="{type: video, media: /tmp/x.mp4}"), "inside its folder"),
    (ONE_BLOCK.format(block="{type: video, media: v.mp4, captions: 'C:\\\\subs\\\\v.vtt'}"), "inside its folder"),
    ('title: T\nmodules:\n - {id: "a\\n", title: A}\n', "is not a valid id"),
])
def test_hostile_yaml_is_refused_quickly_and_clearly(text, expected):
    with pytest.raises(SourceError, match=expected):
        parse_course(text)


def test_a_merge_key_is_overridden_by_the_mappings_own_key():
    course = parse_course("title: T\nbudget_profiles:\n  base: &b {min: 1, max: 5, target: 3}\n"
                          "  longer: {<<: *b, max: 10}\n")
    assert course.budget_profiles["longer"] == m.BudgetProfile(1, 10, 3)


# --- YAML syntax errors name where the construct was opened and where parsing stopped ----

MODULES = "".join(f"  - id: m{i}\n    title: Module {i}\n    objective: List the {i} steps\n" for i in range(3))


def _syntax_error(tmp_path, text: str) -> SourceError:
    course = tmp_path / "course.yaml"
    course.write_text(text)
    with pytest.raises(SourceError) as caught:
        read_course(course)
    assert "\n" not in str(caught.value) and str(caught.value).endswith("(course.yaml)")
    return caught.value


def _line(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize("opened, where, what, stopped_at", [
    ("    introduces: [ladder-types, ladder-angle,\n", "modules[2].introduces", "unclosed '['", "requires"),
    ("    profile: {min: 1, max: 5,\n", "modules[2].profile", "unclosed '{'", "requires"),
    ('    budget_override: "Agreed with the SME\n', "modules[2].budget_override", 'unterminated quote "…"',
     "modules: [m0"),
    ("    budget_override: 'Agreed with the SME\n", "modules[2].budget_override", "unterminated quote '…'",
     "modules: [m0"),
    ("  - {id: m3, title: Carry it, objective: Carry a box,\n", "modules[3]", "unclosed '{'", "requires"),
])
def test_an_unclosed_construct_names_the_line_it_was_opened_on_and_where_parsing_stopped(tmp_path, opened, where,
                                                                                           what, stopped_at):
    text = ("format: microstudio/1\ntitle: T\nmodules:\n" + MODULES + opened
            + "      ladder-height,\n      ladder-load\n"
            + "    requires: [a]\n    blocks:\n      - type: text\n        markdown: Hello\n"
            + "paths:\n  - id: p\n    modules: [m0, m1, m2]\n")
    error = _syntax_error(tmp_path, text)
    opened_on = _line(text, opened.strip())
    assert opened_on == 13
    stopped = error.stopped_line
    assert stopped == _line(text, stopped_at)            # far from the opening: both lines matter
    assert str(error).startswith(f"{where}: {what} opened on line {opened_on}; parsing stopped at line {stopped}")
    assert error.line == opened_on


def test_an_unclosed_bracket_reports_the_token_where_parsing_stopped(tmp_path):
    text = "title: T\nmodules:\n  - id: a\n    title: A\n    introduces: [one, two,\n      three\n    requires: []\n"
    error = _syntax_error(tmp_path, text)
    assert str(error) == ("modules[0].introduces: unclosed '[' opened on line 5; parsing stopped at line 7, "
                          "at ':' (course.yaml)")


def test_a_quote_left_open_to_the_end_of_the_file_says_so(tmp_path):
    text = "title: T\nmodules:\n  - id: a\n    title: 'It''s on\n    objective: List it\n\n"
    error = _syntax_error(tmp_path, text)
    assert str(error) == ("modules[0].title: unterminated quote '…' opened on line 4; "
                          "parsing stopped at line 6, the end of the file (course.yaml)")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_left_open_that_a_later_quote_closes_names_where_it_was_opened(tmp_path, quote):
    # The usual case in a real course: the scalar silently runs on to the next quote of its
    # kind (an apostrophe, a quoted word further down), and the parser fails only there.
    text = (f"title: {quote}Ladder safety\nlanguage: en\nmodules:\n  - id: a\n    title: A\n"
            f"    objective: List the checks\n    blocks:\n      - type: text\n"
            f"        markdown: Check the {quote}feet{quote} first\n")
    error = _syntax_error(tmp_path, text)
    assert str(error).startswith(f"the quote {quote} opened on line 1 runs on to the next {quote} on line 9 "
                                 "(is its closing quote missing?); parsing stopped at line 9")
    assert (error.line, error.stopped_line) == (1, 9)


def test_a_quoted_text_over_several_lines_is_not_mistaken_for_a_quote_left_open(tmp_path):
    course = tmp_path / "course.yaml"
    course.write_text('title: "Ladder\n  safety"\nmodules:\n  - id: a\n    title: A\n   objective: misindented\n')
    with pytest.raises(SourceError) as caught:
        read_course(course)
    assert "quote" not in str(caught.value) and "line 6" in str(caught.value)


def test_a_nested_unclosed_brace_names_the_innermost_one(tmp_path):
    text = ("title: T\nmodules:\n  - id: a\n    title: A\n    blocks: [\n      {type: text, markdown: Hi},\n"
            "      {type: text, markdown: Ho\n    ]\n")
    error = _syntax_error(tmp_path, text)
    assert str(error) == ("modules[0].blocks[1]: unclosed '{' opened on line 7; parsing stopped at line 8, "
                          "at ']' (course.yaml)")


def test_a_syntax_error_inside_a_block_names_where_the_block_starts(tmp_path):
    text = "title: T\nmodules:\n  - id: a\n    title: A\n   objective: misindented\n"
    course = tmp_path / "course.yaml"
    course.write_text(text)
    with pytest.raises(SourceError) as caught:
        read_course(course)
    assert str(caught.value).startswith("invalid YAML: ")
    assert "that starts on line 3" in str(caught.value) and str(caught.value).endswith("(course.yaml line 5)")


def test_other_syntax_errors_keep_their_own_line(tmp_path):
    course = tmp_path / "course.yaml"
    course.write_text('title: T\nmodules:\n  - id: a\n    title: "bad \\q escape"\n')
    with pytest.raises(SourceError, match=r"^invalid YAML: found unknown escape character 'q' \(course.yaml line 4\)$"):
        read_course(course)


def test_yaml_12_question_marks_in_flow_scalars_still_parse_next_to_syntax_errors(tmp_path):
    """The scanner patch (a '?' inside a flow scalar) still works, and is used when replaying an error."""
    ok = parse_course("title: T\nmodules:\n  - {id: a, title: Why? Because}\n")
    assert ok.modules[0].title == "Why? Because"
    error = _syntax_error(tmp_path, "title: T\nmodules:\n  - {id: a, title: Why? Because\n\n")
    assert str(error) == ("modules[0]: unclosed '{' opened on line 3; parsing stopped at line 4, "
                          "the end of the file (course.yaml)")


def test_a_key_with_a_line_break_is_named_in_one_line():
    """A quote left out can make a key of two lines ("0\\n0'", found by the fuzz test): the error
    still fits on one line, the break shown as \\n."""
    text = ('format: microstudio/1\ntitle: T\nmodules:\n'
            '  - {id: a, title: A, blocks: [{type: text, markdown: x, "0\\n0\'": null}]}\n')
    with pytest.raises(SourceError) as caught:
        parse_course(text)
    shown = str(caught.value)
    assert "\n" not in shown and "unknown field '0\\n0''" in shown and "line 4" in shown
