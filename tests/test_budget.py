"""Duration estimates (studio/budget.py): each block kind, module totals, status against the budget."""
from __future__ import annotations

import textwrap

import pytest

from studio.rules.budget import estimate_module
from studio.media_facts import MISSING, MediaFacts
from studio.source.reader import parse_course

VIDEO_300 = {"media/v.mp4": MediaFacts(duration_s=300, has_video=True, has_audio=True)}


def course_yaml(blocks: str, *, header: str = "reading_wpm: 200", profile: str = "micro",
                profiles: str = "") -> str:
    """One module whose blocks are the given YAML list (flow or block style, unindented)."""
    return (
        "format: microstudio/1\ntitle: T\n" + header + "\n" + profiles + "\n"
        "modules:\n"
        "  - id: m\n"
        "    title: M\n"
        f"    profile: {profile}\n"
        "    objective: Identify the hazards of a loading dock\n"
        "    blocks:\n" + textwrap.indent(textwrap.dedent(blocks).strip("\n"), " " * 6) + "\n"
    )


def estimate(blocks: str, facts: dict | None = None, **kwargs):
    course = parse_course(course_yaml(blocks, **kwargs))
    return estimate_module(course, course.modules[0], facts or {})


def seconds(blocks: str, facts: dict | None = None, **kwargs) -> float:
    return estimate(blocks, facts, **kwargs).seconds


def words(n: int) -> str:
    return " ".join(["word"] * n)


# --- video and audio: the probed length after trim ---------------------------------------

@pytest.mark.parametrize("trim, expected", [
    ("", 300.0),                                      # whole file
    ("in: 5, out: '00:02:00'", 115.0),                # both trim points, clock format
    ("in: 10", 290.0),                                # in only: to the end of the file
    ("out: 90.5", 90.5),                              # out only
    ("in: 100, out: 400", 200.0),                     # out past the end is clamped to the media
    ("in: '00:04:00', out: '00:06:00'", 60.0),        # clamped too, with clock times
])
def test_video_counts_the_trimmed_part_of_the_probed_media(trim, expected):
    body = f"- {{type: video, media: media/v.mp4, captions: media/v.vtt{', ' + trim if trim else ''}}}"
    assert seconds(body, VIDEO_300) == expected


def test_audio_counts_the_probed_length_and_its_trim():
    facts = {"media/a.mp3": MediaFacts(duration_s=42.5, has_audio=True)}
    assert seconds("- {type: audio, media: media/a.mp3}", facts) == 42.5
    assert seconds("- {type: audio, media: media/a.mp3, in: 2.5, out: 40}", facts) == 37.5
    assert seconds("- {type: audio, media: media/a.mp3, in: 30, out: 90}", facts) == 12.5


def test_missing_or_unreadable_media_counts_nothing_and_says_why():
    for facts in ({}, {"media/a.mp3": MISSING}, {"media/a.mp3": MediaFacts(error="moov atom not found")}):
        est = estimate("- {type: audio, media: media/a.mp3}", facts)
        assert est.seconds == 0.0
        assert "unknown" in est.blocks[0].basis
        assert not est.complete and est.status == "within"     # a lower bound is never "under"


def test_an_incomplete_estimate_can_still_be_over():
    text = f"- {{type: text, markdown: '{words(200)}'}}"
    est = estimate(f"- {{type: audio, media: media/a.mp3}}\n{text}", {}, profile="{min: 0, max: 0.5, target: 0.25}")
    assert not est.complete and est.status == "over"
    assert estimate(text, {}).status == "under"                # complete, 60 s of a 5–15 min micro


# --- text: words at the reading speed ---------------------------------------------------

def test_text_is_read_at_the_course_reading_speed():
    assert seconds(f"- {{type: text, markdown: '{words(100)}'}}", header="reading_wpm: 200") == 30.0
    assert seconds(f"- {{type: text, markdown: '{words(100)}'}}", header="reading_wpm: 100") == 60.0


def test_markdown_syntax_is_not_counted_as_words():
    est = estimate("""\
        - type: text
          markdown: |
            Keep the load **close** to your body.
            - *bend* your knees
        """, header="reading_wpm: 60")
    assert est.seconds == 10.0            # 10 words at 1 word per second
    assert est.blocks[0].basis == "10 words at 60 wpm"


@pytest.mark.parametrize("language, expected", [
    ("en", 60.0),       # 228 words at the English default of 228 wpm
    ("en-GB", 60.0),    # a regional tag uses its language's speed
    ("fr", 70.2),       # French readers are slower: 228 / 195 min
    ("xx", 68.4),       # unknown language: 200 wpm
])
def test_reading_speed_defaults_to_the_course_language(language, expected):
    assert seconds(f"- {{type: text, markdown: '{words(228)}'}}", header=f"language: {language}") == expected


def test_course_reading_wpm_wins_over_the_language_default():
    assert seconds(f"- {{type: text, markdown: '{words(228)}'}}", header="language: fr\nreading_wpm: 228") == 60.0


# --- image, quiz, summary card, survey, action plan -------------------------------------

def test_image_uses_its_viewing_time_or_a_default():
    assert seconds("- {type: image, media: i.png, alt: A, seconds: 20}") == 20.0
    assert seconds("- {type: image, media: i.png, alt: A, seconds: 0}") == 0.0
    assert seconds("- {type: image, media: i.png, alt: A}") == 10.0


QUESTIONS = {
    "true_false": "{kind: true_false, prompt: P, answer: true}",
    "single": "{kind: single, prompt: P, choices: [{text: a, correct: true}, b]}",
    "multiple": "{kind: multiple, prompt: P, choices: [{text: a, correct: true}, b, c]}",
    "fill_blank": "{kind: fill_blank, prompt: P ____, answers: [x]}",
    "matching2": "{kind: matching, prompt: P, pairs: [[a, 1], [b, 2]]}",
    "matching4": "{kind: matching, prompt: P, pairs: [[a, 1], [b, 2], [c, 3], [d, 4]]}",
    "ordering3": "{kind: ordering, prompt: P, items: [a, b, c]}",
    "ordering5": "{kind: ordering, prompt: P, items: [a, b, c, d, e]}",
}


def quiz(*names: str, extra: str = "") -> str:
    return f"- {{type: quiz{extra}, questions: [{', '.join(QUESTIONS[n] for n in names)}]}}"


@pytest.mark.parametrize("name, expected", [
    ("true_false", 15.0), ("single", 25.0), ("multiple", 35.0), ("fill_blank", 30.0),
    ("matching2", 35.0), ("matching4", 55.0),      # 15 s + 10 s per pair
    ("ordering3", 39.0), ("ordering5", 55.0),      # 15 s + 8 s per item
])
def test_each_question_kind_has_its_time(name, expected):
    assert seconds(quiz(name)) == expected


def test_a_quiz_sums_its_questions():
    est = estimate(quiz("true_false", "single", "multiple", "fill_blank"))
    assert est.seconds == 105.0
    assert est.blocks[0].basis == "4 questions"


def test_a_quiz_with_draw_counts_the_average_question_times_the_draw():
    est = estimate(quiz("true_false", "single", "multiple", "fill_blank", extra=", draw: 2"))
    assert est.seconds == 52.5        # (15 + 25 + 35 + 30) / 4 × 2
    assert est.blocks[0].basis == "2 drawn of 4 questions"
    assert seconds(quiz("true_false", "multiple", extra=", draw: 2")) == 50.0   # draw all = no draw


def test_summary_card_counts_a_base_time_per_point_and_its_words():
    # 30 s + 5 s × 3 points + 3 words at 60 wpm
    assert seconds("- {type: summary_card, title: Steps, points: [Plan, Grip, Lift]}",
                   header="reading_wpm: 60") == 48.0
    assert seconds("- {type: summary_card, title: Steps, points: [Plan, Grip, Lift], markdown: 'one two'}",
                   header="reading_wpm: 60") == 50.0
    assert seconds("- {type: summary_card, title: Only a title}") == 30.0


def test_survey_likert_items_are_quicker_than_open_text():
    assert seconds("- {type: survey, items: [{likert: Useful}]}") == 15.0
    assert seconds("- {type: survey, items: [{text: What would you change?}]}") == 45.0
    assert seconds("- {type: survey, items: [{likert: A}, {likert: B}, {text: C}]}") == 75.0


def test_action_plan_takes_two_minutes():
    assert seconds("- {type: action_plan, prompt: In the week after this module I will …}") == 120.0


# --- module totals ----------------------------------------------------------------------

def test_module_total_is_the_sum_of_its_blocks_in_order():
    est = estimate(f"""\
        - {{type: video, media: media/v.mp4, in: 60, out: 120, captions: media/v.vtt}}
        - {{type: text, markdown: '{words(50)}'}}
        - {{type: image, media: i.png, alt: A}}
        {quiz("single", "true_false")}
        - {{type: summary_card, points: [A]}}
        - {{type: survey, items: [{{likert: A}}]}}
        - {{type: action_plan, prompt: P}}
        """, VIDEO_300)
    assert [(b.index, b.kind, b.seconds) for b in est.blocks] == [
        (0, "video", 60.0), (1, "text", 15.0), (2, "image", 10.0), (3, "quiz", 40.0),
        (4, "summary_card", 35.3), (5, "survey", 15.0), (6, "action_plan", 120.0)]
    assert est.seconds == 295.3
    assert est.module_id == "m"


def test_an_empty_module_is_estimated_at_zero_and_under_budget():
    course = parse_course("title: T\nmodules:\n  - {id: m, title: M}\n")
    est = estimate_module(course, course.modules[0], {})
    assert est.seconds == 0.0 and est.status == "under" and not est.within_budget


# --- status against the profile ---------------------------------------------------------

def audio(duration: float) -> tuple[str, dict]:
    return "- {type: audio, media: a.mp3}", {"a.mp3": MediaFacts(duration_s=duration, has_audio=True)}


@pytest.mark.parametrize("profile, duration, status", [
    ("micro", 299, "under"), ("micro", 300, "within"), ("micro", 900, "within"), ("micro", 901, "over"),
    ("nano", 59, "under"), ("nano", 60, "within"), ("nano", 180, "within"), ("nano", 181, "over"),
    ("{min: 4, max: 6, target: 5}", 239, "under"), ("{min: 4, max: 6, target: 5}", 300, "within"),
    ("{min: 4, max: 6, target: 5}", 361, "over"),
    ("snack", 119, "under"), ("snack", 120, "within"), ("snack", 241, "over"),
])
def test_status_against_default_inline_and_custom_profiles(profile, duration, status):
    blocks, facts = audio(duration)
    est = estimate(blocks, facts, profile=profile,
                   profiles="budget_profiles:\n  snack: {min: 2, max: 4, target: 3}")
    assert est.status == status
    assert est.within_budget is (status == "within")


def test_a_course_can_redefine_a_default_profile():
    blocks, facts = audio(240)
    assert estimate(blocks, facts, profile="micro").status == "under"
    est = estimate(blocks, facts, profile="micro", profiles="budget_profiles:\n  micro: {min: 3, max: 5, target: 4}")
    assert est.status == "within"
    assert (est.min_s, est.max_s) == (180, 300)


@pytest.mark.parametrize("duration, status", [
    (59.4, "under"), (59.6, "within"),      # the estimate is compared rounded to the second
    (180.4, "within"), (180.6, "over"),
])
def test_status_rounds_the_estimate_to_the_second_at_the_boundary(duration, status):
    blocks, facts = audio(duration)
    assert estimate(blocks, facts, profile="nano").status == status
