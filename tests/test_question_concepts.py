"""Concepts on quiz questions: read with line-aware errors, written back, stored in the project,
checked (quiz.unknown-concept) and used for "assessed" in sequence.unused-concept."""
from __future__ import annotations

import pytest

from studio.errors import SourceError
from studio.project import store
from studio.project.file import ProjectFile
from studio.rules.check import check_course
from studio.source.reader import parse_course, read_course
from studio.source.writer import course_to_yaml
from tests.cli import check_json, run


def lifting_course(*, tags_a: str = "", tags_b: str = "", prompt_a: str = "Is the dock clear?",
                   b_requires: str = "") -> str:
    """Module a introduces two concepts and has two questions (tagged by ``tags_a``, the first);
    module b, later in the path, requires ``b_requires`` and tags its question ``tags_b``."""
    concepts_a = f"\n            concepts: [{tags_a}]" if tags_a else ""
    concepts_b = f"\n            concepts: [{tags_b}]" if tags_b else ""
    return f"""\
title: Lifting
modules:
  - id: a
    title: A
    objective: Identify the lifting hazards of a loading dock
    introduces: [lifting-hazards, dock-layout]
    blocks:
      - type: quiz
        questions:
          - kind: true_false
            prompt: "{prompt_a}"
            answer: true{concepts_a}
          - kind: fill_blank
            prompt: Keep the load ____ to your body.
            answers: [close]
  - id: b
    title: B
    objective: Report a near miss to a supervisor
    requires: [{b_requires}]
    blocks:
      - type: quiz
        questions:
          - kind: true_false
            prompt: A near miss must be reported the same day.
            answer: true{concepts_b}
paths:
  - {{id: p, modules: [a, b]}}
"""


def problems(text: str, code: str) -> list[dict]:
    return [p for p in check_course(parse_course(text), {}).to_dict()["problems"] if p["code"] == code]


# --- source ------------------------------------------------------------------------------

def test_a_question_names_the_concepts_it_assesses():
    course = parse_course(lifting_course(tags_a="lifting-hazards, dock-layout"))
    first, second = course.modules[0].blocks[0].questions
    assert first.concepts == ("lifting-hazards", "dock-layout")
    assert second.concepts == ()             # optional


@pytest.mark.parametrize("tags, where, message", [
    ("concepts: lifting-hazards", "questions[0].concepts", "expected a list, got text"),
    ("concepts: [lifting-hazards, [dock]]", "questions[0].concepts[1]", "expected a concept id, got a list"),
    ("concepts: [lifting-hazards, {a: 1}]", "questions[0].concepts[1]", "expected a concept id, got a mapping"),
    ("concepts: [lifting-hazards, true]", "questions[0].concepts[1]", "expected a concept id, got true/false"),
    ("concepts: ['  ']", "questions[0].concepts[0]", "a concept id must not be empty"),
    ("concepts: [dock-layout, dock-layout]", "questions[0].concepts[1]", "concept 'dock-layout' is listed twice"),
])
def test_bad_concepts_name_the_field_and_the_line(tmp_path, tags, where, message):
    text = lifting_course().replace("answer: true\n          - kind: fill_blank",
                                    f"answer: true\n            {tags}\n          - kind: fill_blank", 1)
    source = tmp_path / "course.yaml"
    source.write_text(text)
    with pytest.raises(SourceError) as caught:
        read_course(source)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == tags)
    assert str(caught.value) == f"modules[0].blocks[0].{where}: {message} (course.yaml line {line})"
    assert caught.value.file == "course.yaml" and caught.value.line == line


def test_a_misspelt_field_beside_concepts_is_still_refused():
    text = lifting_course().replace("answer: true\n          - kind: fill_blank",
                                    "answer: true\n            concept: [dock-layout]\n          - kind: fill_blank", 1)
    with pytest.raises(SourceError, match=r"unknown field 'concept' \(expected one of: kind, prompt, concepts,"):
        parse_course(text)


def test_concepts_are_written_back_and_read_again_unchanged():
    course = parse_course(lifting_course(tags_a="lifting-hazards, dock-layout", tags_b="near-miss"))
    text = course_to_yaml(course)
    assert "      concepts:\n      - lifting-hazards\n      - dock-layout\n" in text
    assert text.count("concepts:") == 2          # an untagged question writes no empty list
    assert parse_course(text) == course


def test_concepts_survive_the_project_file(tmp_path):
    course = parse_course(lifting_course(tags_a="lifting-hazards", tags_b="near-miss"))
    folder = tmp_path / "c.mstudio"
    with ProjectFile.create(folder) as project:
        with project.sessions.begin() as s:
            store.write_course(s, course, {})
        project.save()
    with ProjectFile.open(folder) as project, project.sessions() as s:
        again = store.read_course(s)
    assert again == course
    assert again.modules[0].blocks[0].questions[0].concepts == ("lifting-hazards",)
    assert again.modules[0].blocks[0].questions[1].concepts == ()


# --- quiz.unknown-concept ----------------------------------------------------------------

def test_a_tag_the_module_neither_introduces_nor_requires_is_a_warning():
    found = problems(lifting_course(tags_b="near-miss, lifting-hazards", b_requires="lifting-hazards"),
                     "quiz.unknown-concept")
    assert found == [{
        "code": "quiz.unknown-concept", "severity": "warning", "module": "b", "path": None, "block": 0,
        "message": "question 1 is tagged 'near-miss', which 'b' neither introduces nor requires (requires "
                   "'lifting-hazards'): fix the tag or add 'near-miss' to the module's introduces or requires"}]


def test_unknown_tags_are_numbered_by_question():
    text = lifting_course(tags_a="lifting-hazards").replace(
        "answers: [close]", "answers: [close]\n            concepts: [dock-layuot]")
    [found] = problems(text, "quiz.unknown-concept")
    assert found["module"] == "a" and found["block"] == 0
    assert found["message"].startswith("question 2 is tagged 'dock-layuot', which 'a' neither introduces nor "
                                       "requires (introduces 'lifting-hazards', 'dock-layout')")


def test_tags_on_introduced_or_required_concepts_are_fine():
    text = lifting_course(tags_a="lifting-hazards, dock-layout", tags_b="lifting-hazards",
                          b_requires="lifting-hazards")
    assert problems(text, "quiz.unknown-concept") == []


# --- "assessed" in sequence.unused-concept -----------------------------------------------

def unused(text: str) -> list[str]:
    return [f"{p['module']}:{p['message'].split(chr(39))[1]}" for p in problems(text, "sequence.unused-concept")]


def test_without_tags_the_words_of_the_quiz_still_count():
    assert unused(lifting_course()) == ["a:lifting-hazards", "a:dock-layout"]
    assert unused(lifting_course(prompt_a="Is the dock layout clear?")) == ["a:lifting-hazards"]


def test_with_tags_only_tagged_concepts_are_assessed():
    # the quiz mentions the dock layout, but once a question is tagged the tags decide
    text = lifting_course(tags_a="lifting-hazards", prompt_a="Is the dock layout clear?")
    assert unused(text) == ["a:dock-layout"]
    [problem] = problems(text, "sequence.unused-concept")
    assert problem["message"] == (
        "introduces 'dock-layout', but no later module of path 'p' requires it and no quiz question of the "
        "path is tagged with it: require it in a later module, assess it in a quiz, or stop introducing it")


def test_a_tag_in_a_later_module_of_the_path_assesses_the_concept():
    text = lifting_course(tags_a="lifting-hazards", tags_b="dock-layout", b_requires="dock-layout")
    assert unused(text) == []
    # the same tag without the requirement still assesses it (and is reported as an unknown tag)
    text = lifting_course(tags_a="lifting-hazards", tags_b="dock-layout")
    assert unused(text) == [] and len(problems(text, "quiz.unknown-concept")) == 1


def test_a_tag_outside_the_path_does_not_count():
    text = lifting_course(tags_a="lifting-hazards", tags_b="dock-layout").replace(
        "modules: [a, b]", "modules: [a]")
    assert unused(text) == ["a:dock-layout"]


# --- the command line --------------------------------------------------------------------

def test_check_refuses_a_bad_tag_with_one_line_and_exit_2(tmp_path, capsys):
    source = tmp_path / "course.yaml"
    source.write_text(lifting_course().replace("answer: true\n          - kind: fill_blank",
                                               "answer: true\n            concepts: [[x]]\n          - kind: fill_blank", 1))
    code, out, err = run("check", source, capsys=capsys)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [err.strip()]          # one line
    assert "modules[0].blocks[0].questions[0].concepts[0]: expected a concept id, got a list" in err
    assert err.rstrip().endswith("(course.yaml line 13)")


def test_check_reports_an_unknown_tag_as_a_warning_not_an_error(tmp_path, capsys):
    source = tmp_path / "course.yaml"
    source.write_text(lifting_course(tags_a="lifting-hazards, dock-layout", tags_b="near-miss")
                      .replace("    title: A\n", "    title: A\n    profile: {min: 0.1, max: 1, target: 0.5}\n")
                      .replace("    title: B\n", "    title: B\n    profile: {min: 0.1, max: 1, target: 0.5}\n"))
    code, problems = check_json(source, capsys)
    assert code == 0, problems
    assert [(p["code"], p["module"], p["block"]) for p in problems if p["code"].startswith("quiz.")] == [
        ("quiz.unknown-concept", "b", 0)]


def test_the_words_of_a_concept_are_found_whatever_their_accents():
    text = lifting_course(prompt_a="La chaîne du froid est-elle respectée ?").replace(
        "introduces: [lifting-hazards, dock-layout]", "introduces: [chaine-du-froid, épargne]")
    assert unused(text) == ["a:épargne"]
    assert unused(text.replace("respectée ?", "respectée, et l'epargne ?")) == []
