"""`check_course` (studio/check.py): each problem code fires on a course made for it, and not once fixed."""
from __future__ import annotations

import json

import pytest

from studio.rules.check import check_course
from studio.media_facts import MISSING, MediaFacts
from studio.source.reader import parse_course

GOOD_OBJECTIVE = "Identify the hazards of a loading dock"
GOOD_QUIZ = "- {type: quiz, questions: [{kind: true_false, prompt: Hazards hide on the dock., answer: true}]}"
WIDE = "{min: 0, max: 60, target: 5}"    # no budget problem unless a test wants one


def module_yaml(blocks: str = GOOD_QUIZ, *, objective: str | None = GOOD_OBJECTIVE, profile: str = WIDE,
                extra: str = "", language: str = "en") -> str:
    lines = ["format: microstudio/1", "title: T", f"language: {language}", "reading_wpm: 200", "modules:",
             "  - id: m", "    title: M", f"    profile: {profile}"]
    if objective is not None:
        lines.append(f"    objective: {objective}")
    lines += [f"    {line}" for line in extra.splitlines()]
    lines.append("    blocks:")
    lines += [f"      {line}" for line in blocks.strip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def check(blocks: str = GOOD_QUIZ, facts: dict | None = None, **kwargs):
    return check_course(parse_course(module_yaml(blocks, **kwargs)), facts or {})


def codes(report) -> list[str]:
    return [p.code for p in report.problems]


def only(report, code: str):
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, codes(report)
    return found[0]


def test_the_baseline_module_has_no_problem():
    assert check().problems == ()


# --- objectives --------------------------------------------------------------------------

def test_objective_missing():
    problem = only(check(objective=None), "objective.missing")
    assert (problem.severity, problem.module) == ("error", "m")
    assert "objective.missing" not in codes(check())


@pytest.mark.parametrize("bad", ["Identify the hazards and report them to a supervisor",
                                 "Identify the hazards; report them to a supervisor"])
def test_objective_multiple(bad):
    assert only(check(objective=bad), "objective.multiple").severity == "error"
    assert "objective.multiple" not in codes(check(objective="Identify the hazards and risks of a loading dock"))


@pytest.mark.parametrize("language, bad, good", [
    ("en", "Understand the hazards of a loading dock", "Identify the hazards of a loading dock"),
    ("en", "Know the hazards of a loading dock", "List the hazards of a loading dock"),
    ("fr", "Comprendre les risques du quai", "Identifier les risques du quai"),
])
def test_objective_vague_verb(language, bad, good):
    problem = only(check(objective=bad, language=language), "objective.vague-verb")
    assert (problem.severity, problem.module) == ("error", "m")
    assert check(objective=good, language=language).problems == ()


# --- budget ------------------------------------------------------------------------------

def audio(seconds: float) -> tuple[str, dict]:
    return (GOOD_QUIZ + "\n- {type: audio, media: a.mp3}",
            {"a.mp3": MediaFacts(duration_s=seconds, has_audio=True)})


def test_budget_over():
    blocks, facts = audio(200)                       # 200 + 15 s quiz, nano max 180 s
    problem = only(check(blocks, facts, profile="nano"), "budget.over")
    assert problem.severity == "error"
    assert problem.message == "estimated 3:35, over the budget of 1–3 min"
    blocks, facts = audio(150)
    assert check(blocks, facts, profile="nano").problems == ()


def test_budget_under():
    problem = only(check(profile="nano"), "budget.under")   # a 15 s quiz, nano min 60 s
    assert problem.severity == "error"
    assert "0:15" in problem.message and "under" in problem.message
    blocks, facts = audio(60)
    assert check(blocks, facts, profile="nano").problems == ()


@pytest.mark.parametrize("seconds", [5, 500])
def test_budget_override_turns_the_error_into_information(seconds):
    blocks, facts = audio(seconds)
    report = check(blocks, facts, profile="nano", extra="budget_override: Regulatory text must be read in full")
    problem = only(report, "budget.override")
    assert problem.severity == "info"
    assert "Regulatory text must be read in full" in problem.message
    assert report.errors == []
    assert not {"budget.over", "budget.under"} & set(codes(report))
    module = report.to_dict()["modules"][0]
    assert module["within_budget"] is False
    assert module["budget_override"] == "Regulatory text must be read in full"


def test_budget_override_is_silent_when_the_module_fits():
    blocks, facts = audio(100)
    assert check(blocks, facts, profile="nano", extra="budget_override: just in case").problems == ()


# --- media -------------------------------------------------------------------------------

VIDEO = GOOD_QUIZ + "\n- {type: video, media: v.mp4, captions: v.vtt}"
VIDEO_FACTS = {"v.mp4": MediaFacts(duration_s=300, has_video=True, has_audio=True), "v.vtt": MediaFacts()}


@pytest.mark.parametrize("fact", [None, MISSING])
def test_media_missing(fact):
    facts = {"v.vtt": MediaFacts()} | ({"v.mp4": fact} if fact else {})
    problem = only(check(VIDEO, facts), "media.missing")
    assert (problem.severity, problem.block) == ("error", 1)
    assert "v.mp4" in problem.message
    assert check(VIDEO, VIDEO_FACTS).problems == ()


def test_missing_captions_file_is_reported_as_missing_media():
    problem = only(check(VIDEO, {"v.mp4": VIDEO_FACTS["v.mp4"]}), "media.missing")
    assert "captions 'v.vtt'" in problem.message


def test_media_unreadable():
    facts = VIDEO_FACTS | {"v.mp4": MediaFacts(error="moov atom not found")}
    problem = only(check(VIDEO, facts), "media.unreadable")
    assert problem.severity == "error"
    assert "v.mp4" in problem.message and "moov atom not found" in problem.message
    assert "media.missing" not in codes(check(VIDEO, facts))


@pytest.mark.parametrize("trim, label", [("in: 301", "'in' at 301 s"), ("out: 350", "'out' at 350 s"),
                                         ("in: 10, out: '00:05:30'", "'out' at 330 s")])
def test_media_trim_out_of_range(trim, label):
    blocks = GOOD_QUIZ + f"\n- {{type: video, media: v.mp4, captions: v.vtt, {trim}}}"
    problem = only(check(blocks, VIDEO_FACTS), "media.trim-out-of-range")
    assert problem.severity == "error"
    assert problem.message.startswith(label) and "past the end of 'v.mp4'" in problem.message


@pytest.mark.parametrize("trim", ["in: 10, out: 299", "out: 300", "out: 300.04", "in: 0"])
def test_trim_points_inside_the_media_are_fine(trim):
    blocks = GOOD_QUIZ + f"\n- {{type: video, media: v.mp4, captions: v.vtt, {trim}}}"
    assert check(blocks, VIDEO_FACTS).problems == ()


@pytest.mark.parametrize("trim", ["in: 300", "in: 300.03", "in: 250, out: 310"])
def test_an_in_point_that_leaves_nothing_to_play_is_out_of_range(trim):
    blocks = GOOD_QUIZ + f"\n- {{type: video, media: v.mp4, captions: v.vtt, {trim}}}"
    problem = only(check(blocks, VIDEO_FACTS), "media.trim-out-of-range")
    assert "leaves nothing to play" in problem.message or "past the end" in problem.message


@pytest.mark.parametrize("trim, message", [
    ("in: 120, out: 60", "'in' (120 s) must be before 'out' (60 s)"),
    ("in: '00:01:00', out: 60", "'in' (60 s) must be before 'out' (60 s)"),
])
@pytest.mark.parametrize("facts", [VIDEO_FACTS, {}, {"v.mp4": MediaFacts(error="moov atom not found")}],
                         ids=["probed", "missing", "unreadable"])
def test_an_in_point_at_or_after_the_out_point_is_out_of_range_whatever_the_media(trim, message, facts):
    blocks = GOOD_QUIZ + f"\n- {{type: video, media: v.mp4, captions: v.vtt, {trim}}}"
    report = check(blocks, facts)
    problem = only(report, "media.trim-out-of-range")
    assert (problem.severity, problem.module, problem.block) == ("error", "m", 1)
    assert problem.message.startswith(message) and "nothing to play" in problem.message
    assert report.modules[0].blocks[1].seconds == 0            # counts for nothing in the budget


def test_audio_trim_out_of_range():
    blocks = GOOD_QUIZ + "\n- {type: audio, media: a.mp3, in: 5, out: 50}"
    facts = {"a.mp3": MediaFacts(duration_s=30, has_audio=True)}
    assert only(check(blocks, facts), "media.trim-out-of-range").block == 1
    facts = {"a.mp3": MediaFacts(duration_s=60, has_audio=True)}
    assert check(blocks, facts).problems == ()


# --- quizzes -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["single", "multiple"])
def test_quiz_no_correct_answer(kind):
    bad = f"- {{type: quiz, questions: [{{kind: {kind}, prompt: Which hazard?, choices: [a, b, c]}}]}}"
    problem = only(check(bad), "quiz.no-correct-answer")
    assert (problem.severity, problem.block) == ("error", 0)
    assert f"question 1 ({kind})" in problem.message
    good = bad.replace("[a, b, c]", "[a, {text: b, correct: true}, c]")
    assert check(good).problems == ()


def test_quiz_no_correct_answer_names_the_right_question():
    blocks = ("- {type: quiz, questions: [{kind: true_false, prompt: P, answer: true},"
              " {kind: single, prompt: Q, choices: [a, b]}]}")
    assert "question 2 (single)" in only(check(blocks), "quiz.no-correct-answer").message


# --- accessibility -----------------------------------------------------------------------

@pytest.mark.parametrize("alt", ["", ", alt: '   '", ", alt: ''"])
def test_a11y_image_alt_missing(alt):
    facts = {"i.png": MediaFacts(has_video=True, width=64, height=48)}
    problem = only(check(GOOD_QUIZ + f"\n- {{type: image, media: i.png{alt}}}", facts), "a11y.image-alt-missing")
    assert (problem.severity, problem.block) == ("error", 1)
    assert "i.png" in problem.message
    assert check(GOOD_QUIZ + "\n- {type: image, media: i.png, alt: Three ladders}", facts).problems == ()


def test_a11y_captions_missing_for_a_video_with_speech():
    blocks = GOOD_QUIZ + "\n- {type: video, media: v.mp4}"
    problem = only(check(blocks, VIDEO_FACTS), "a11y.captions-missing")
    assert (problem.severity, problem.block) == ("warning", 1)
    assert check(VIDEO, VIDEO_FACTS).problems == ()


def test_no_captions_needed_for_a_video_without_audio():
    facts = {"v.mp4": MediaFacts(duration_s=300, has_video=True, has_audio=False)}
    assert check(GOOD_QUIZ + "\n- {type: video, media: v.mp4}", facts).problems == ()


# --- assessment and review ---------------------------------------------------------------

def test_module_unassessed():
    problem = only(check("- {type: text, markdown: Hazards hide on the dock.}"), "module.unassessed")
    assert (problem.severity, problem.module) == ("warning", "m")
    assert check(GOOD_QUIZ + "\n- {type: text, markdown: Hazards hide on the dock.}").problems == ()


def comments(*resolved: bool) -> str:
    lines = ["comments:"]
    for i, flag in enumerate(resolved):
        lines.append(f"  - {{author: Sam, at: '2027-01-0{i + 1}T10:00:00Z', text: Fix {i}, block: 0, "
                     f"resolved: {str(flag).lower()}}}")
    return "\n".join(lines)


def test_review_open_comments_counts_only_unresolved_ones():
    problem = only(check(extra=comments(False, True, False)), "review.open-comments")
    assert (problem.severity, problem.module) == ("warning", "m")
    assert problem.message.startswith("2 unresolved")
    assert check(extra=comments(True, True)).problems == ()


# --- the report as JSON ------------------------------------------------------------------

COURSE = """\
format: microstudio/1
title: Warehouse
reading_wpm: 200
modules:
  - id: back-basics
    title: Back basics
    objective: Identify the parts of the spine
    introduces: [back-anatomy]
    blocks:
      - {type: audio, media: a.mp3}
      - {type: quiz, questions: [{kind: single, prompt: Which back-anatomy part bends?,
                                  choices: [{text: spine, correct: true}, knee]}]}
  - id: lift-safely
    title: Lift safely
    objective: Apply the five-step lifting procedure to a box
    requires: [back-anatomy, grip-types]
    blocks:
      - {type: audio, media: b.mp3}
      - {type: image, media: steps.png}
paths:
  - {id: onboarding, modules: [back-basics, lift-safely]}
"""
COURSE_FACTS = {"a.mp3": MediaFacts(duration_s=475, has_audio=True),
                "b.mp3": MediaFacts(duration_s=1000, has_audio=True),
                "steps.png": MediaFacts(has_video=True)}


def test_json_report_has_the_documented_shape():
    data = json.loads(json.dumps(check_course(parse_course(COURSE), COURSE_FACTS).to_dict()))
    assert list(data) == ["modules", "paths", "problems"]
    assert data["modules"] == [
        {"id": "back-basics", "estimated_seconds": 500.0, "budget": {"min": 300, "max": 900, "target": 480},
         "within_budget": True},
        {"id": "lift-safely", "estimated_seconds": 1010.0, "budget": {"min": 300, "max": 900, "target": 480},
         "within_budget": False},
    ]
    assert data["paths"] == [{"id": "onboarding", "order": ["back-basics", "lift-safely"],
                              "total_seconds": 1510.0, "suggested_order": None,
                              "pacing": {"modules": 2, "mean_module_seconds": 755.0, "max_module_seconds": 1010.0,
                                         "longest_module": "lift-safely"}}]
    for problem in data["problems"]:
        assert {"code", "severity", "module", "path", "message"} <= set(problem)
        assert set(problem) <= {"code", "severity", "module", "path", "block", "message"}
        assert problem["severity"] in ("error", "warning", "info")
    found = {(p["code"], p["module"], p["path"]) for p in data["problems"]}
    assert found == {
        ("budget.over", "lift-safely", None),
        ("a11y.image-alt-missing", "lift-safely", None),
        ("module.unassessed", "lift-safely", None),
        ("sequence.missing-prerequisite", "lift-safely", "onboarding"),
    }
    for problem in data["problems"]:
        keys = list(problem)
        assert keys == ["code", "severity", "module", "path", "message"] or \
            keys == ["code", "severity", "module", "path", "block", "message"]
    missing = next(p for p in data["problems"] if p["code"] == "sequence.missing-prerequisite")
    assert missing == {"code": "sequence.missing-prerequisite", "severity": "error", "module": "lift-safely",
                       "path": "onboarding", "message": "requires 'grip-types', which no earlier module of path "
                       "'onboarding' introduces and is not an entry concept: add a module that teaches it before "
                       "this one, or list it in the path's entry_concepts"}
    image = next(p for p in data["problems"] if p["code"] == "a11y.image-alt-missing")
    assert image["block"] == 1


def test_report_separates_errors_from_warnings():
    report = check_course(parse_course(COURSE), COURSE_FACTS)
    assert sorted(p.code for p in report.errors) == ["a11y.image-alt-missing", "budget.over",
                                                     "sequence.missing-prerequisite"]
    assert [p.code for p in report.warnings] == ["module.unassessed"]
