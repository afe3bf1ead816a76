"""The bundled example course (resources/example): its source, its media and its coherence.

These tests read the YAML with PyYAML directly, so they hold whatever state the course
loader is in; the last one runs `studio check` when the command line is available.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

from studio.media.probe import probe

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "example"
COURSE = EXAMPLE / "course.yaml"
MEDIA = EXAMPLE / "media"
MAX_MEDIA_BYTES = 3_000_000

QUESTION_KINDS = {"single", "multiple", "true_false", "fill_blank", "matching", "ordering"}
# Measurable verbs (Bloom's revised taxonomy) this course uses or could use; vague ones are refused.
BLOOM_VERBS = {"list", "name", "recall", "identify", "recognise", "recognize", "describe", "explain",
               "classify", "apply", "demonstrate", "use", "perform", "calculate", "assess", "choose",
               "select", "compare", "distinguish", "evaluate", "justify", "plan", "sequence", "order"}
VAGUE = {"understand", "know", "learn", "appreciate", "be", "grasp", "realise", "realize"}

# Rough time rates (seconds), independent of the studio's own estimator.
RATES = {"true_false": 15, "single": 25, "multiple": 35, "fill_blank": 30, "matching": 45, "ordering": 45}


@pytest.fixture(scope="module")
def course() -> dict:
    return yaml.safe_load(COURSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def probes(course) -> dict:
    return {name: probe(EXAMPLE / name) for name in sorted(_timed_media(course))}


def _blocks(course):
    for module in course["modules"]:
        for index, block in enumerate(module["blocks"]):
            yield module, index, block


def _timed_media(course) -> set[str]:
    return {b["media"] for _, _, b in _blocks(course) if b["type"] in ("video", "audio")}


def _referenced(course) -> set[str]:
    names = set()
    for _, _, block in _blocks(course):
        for key in ("media", "captions"):
            if block.get(key):
                names.add(block[key])
    for path in course.get("paths", []):
        if path.get("badge", {}).get("image"):
            names.add(path["badge"]["image"])
    return names


def _seconds(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    h, m, s = str(value).split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def _vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT"), path
    cues = []
    for block in text.split("\n\n")[1:]:
        lines = [line for line in block.strip().split("\n") if line]
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start, end = (_seconds(t.strip().split(" ")[0]) for t in lines[timing].split("-->"))
        cues.append((start, end, "\n".join(lines[timing + 1:])))
    return cues


# ----------------------------------------------------------------------------- (a) source and files

def test_course_parses_with_the_documented_top_level_fields(course):
    assert course["format"] == "microstudio/1"
    assert course["language"] == "en" and course["reading_wpm"] == 200
    assert course["budget_profiles"] == {"micro": {"min": 5, "max": 15, "target": 8},
                                         "nano": {"min": 1, "max": 3, "target": 2}}
    ids = [m["id"] for m in course["modules"]]
    assert len(ids) >= 5 and len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_every_referenced_file_exists(course):
    missing = [name for name in sorted(_referenced(course)) if not (EXAMPLE / name).is_file()]
    assert not missing, f"course.yaml references missing files: {missing}"


def test_media_folder_holds_only_referenced_files(course):
    on_disk = {f"media/{p.name}" for p in MEDIA.iterdir() if p.is_file()}
    assert on_disk - _referenced(course) == set(), "unreferenced files in media/"


def test_total_media_size_is_under_3_mb():
    total = sum(p.stat().st_size for p in MEDIA.iterdir() if p.is_file())
    assert 0 < total < MAX_MEDIA_BYTES, f"media total {total} bytes"


# ----------------------------------------------------------------------------- (b) media probe

def test_every_video_and_audio_probes_long_enough_for_its_trim_points(course, probes):
    for module, index, block in _blocks(course):
        if block["type"] not in ("video", "audio"):
            continue
        where = f"{module['id']} block {index} ({block['media']})"
        facts = probes[block["media"]]
        assert facts.has_audio, f"{where}: no audio stream"
        if block["type"] == "video":
            assert facts.has_video, f"{where}: no video stream"
        start = _seconds(block.get("in", 0))
        end = _seconds(block["out"]) if "out" in block else facts.duration_s
        assert 0 <= start < end, where
        assert facts.duration_s >= end, f"{where}: out {end} s past the media's {facts.duration_s:.2f} s"


def test_at_least_one_video_is_trimmed_at_both_ends(course):
    assert any(b["type"] == "video" and "in" in b and "out" in b for _, _, b in _blocks(course))


def test_captions_are_timed_within_their_media(course, probes):
    for module, _, block in _blocks(course):
        if block["type"] == "video":
            assert block.get("captions"), f"{module['id']}: video {block['media']} has no captions"
        if not block.get("captions"):
            continue
        cues = _vtt_cues(EXAMPLE / block["captions"])
        assert cues, block["captions"]
        previous_end = 0.0
        for start, end, text in cues:
            assert previous_end <= start < end, f"{block['captions']}: cue at {start} s overlaps or is empty"
            assert text.strip()
            assert all(len(re.sub(r"<[^>]+>", "", line)) <= 42 for line in text.split("\n"))
            previous_end = end
        assert previous_end <= probes[block["media"]].duration_s


def test_trim_points_cut_only_what_is_outside_the_narration(course):
    """The trimmed video keeps every caption but the outtake; the podcast keeps all speech."""
    for _, _, block in _blocks(course):
        if "in" not in block and "out" not in block:
            continue
        start = _seconds(block.get("in", 0))
        end = _seconds(block["out"]) if "out" in block else float("inf")
        kept = [c for c in _vtt_cues(EXAMPLE / block["captions"]) if c[0] >= start and c[1] <= end]
        straddling = [c for c in _vtt_cues(EXAMPLE / block["captions"]) if c[0] < start < c[1] or c[0] < end < c[1]]
        assert kept and not straddling


def test_images_have_alt_text_and_are_png(course):
    images = [b for _, _, b in _blocks(course) if b["type"] == "image"]
    assert images
    for block in images:
        assert len(block.get("alt", "").strip()) > 20
        assert (EXAMPLE / block["media"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    badge = (EXAMPLE / course["paths"][0]["badge"]["image"]).read_bytes()
    assert badge[:8] == b"\x89PNG\r\n\x1a\n" and badge[16:24] == (256).to_bytes(4, "big") * 2


# ----------------------------------------------------------------------------- (c) pedagogy and sequencing

def test_every_module_has_one_measurable_objective(course):
    for module in course["modules"]:
        objective = module["objective"]
        assert isinstance(objective, str) and objective.strip(), module["id"]
        words = objective.lower().split()
        assert words[0] in BLOOM_VERBS, f"{module['id']}: '{words[0]}' is not a measurable verb"
        assert not VAGUE & set(words), f"{module['id']}: vague verb"
        assert " and " not in f" {objective.lower()} " and ";" not in objective, f"{module['id']}: compound"


def test_objectives_are_all_different(course):
    objectives = [m["objective"].lower() for m in course["modules"]]
    assert len(set(objectives)) == len(objectives)


def test_the_path_lists_every_module_in_order(course):
    (path,) = course["paths"]
    assert path["id"] == "onboarding"
    assert path["modules"] == [m["id"] for m in course["modules"]]
    assert str(path["release"]["start"]) == "2027-01-04" and path["release"]["every_days"] == 7
    assert path["reviews"] == [1, 3, 7, 21]
    assert {"name", "description", "image"} <= set(path["badge"])


def test_every_required_concept_is_introduced_earlier_or_an_entry_concept(course):
    (path,) = course["paths"]
    modules = {m["id"]: m for m in course["modules"]}
    known = set(path["entry_concepts"])
    for key in path["modules"]:
        module = modules[key]
        assert set(module["requires"]) <= known, f"{key} requires {set(module['requires']) - known}"
        known |= set(module["introduces"])


def test_every_introduced_concept_is_required_later(course):
    order = course["paths"][0]["modules"]
    modules = {m["id"]: m for m in course["modules"]}
    for i, key in enumerate(order):
        later = {c for k in order[i + 1:] for c in modules[k]["requires"]}
        unused = set(modules[key]["introduces"]) - later
        assert not unused, f"{key} introduces {unused}, never required later"


def test_module_mix_covers_profiles_statuses_and_every_block_type(course):
    modules = course["modules"]
    assert {m["status"] for m in modules} == {"draft", "in_review", "approved"}
    assert [m["profile"] for m in modules].count("nano") == 1
    assert all(m.get("budget_override") is None for m in modules)
    types = {b["type"] for _, _, b in _blocks(course)}
    assert types == {"video", "audio", "text", "image", "quiz", "summary_card", "survey", "action_plan"}
    survey = next(b for _, _, b in _blocks(course) if b["type"] == "survey")
    assert {k for item in survey["items"] for k in item} == {"likert", "text"}


def test_quizzes_assess_every_module_with_all_six_kinds(course):
    kinds, draws = set(), 0
    for module in course["modules"]:
        quizzes = [b for b in module["blocks"] if b["type"] == "quiz"]
        assert len(quizzes) == 1, f"{module['id']} should have one quiz"
        quiz = quizzes[0]
        assert 0 < quiz["pass_mark"] <= 100 and quiz["attempts"] >= 1
        draws += "draw" in quiz
        if "draw" in quiz:
            assert quiz["draw"] < len(quiz["questions"])
        for q in quiz["questions"]:
            kinds.add(q["kind"])
            if q["kind"] in ("single", "multiple"):
                correct = [c for c in q["choices"] if c.get("correct")]
                assert correct and (q["kind"] == "multiple" or len(correct) == 1), q["prompt"]
                assert any(c.get("feedback") for c in q["choices"]), f"no per-choice feedback: {q['prompt']}"
    assert kinds == QUESTION_KINDS
    assert draws == 1


def _rough_estimate(course, module, probes) -> float:
    wpm = course["reading_wpm"]
    total = 0.0
    for block in module["blocks"]:
        kind = block["type"]
        if kind in ("video", "audio"):
            end = _seconds(block["out"]) if "out" in block else probes[block["media"]].duration_s
            total += end - _seconds(block.get("in", 0))
        elif kind == "text":
            total += len(block["markdown"].split()) / wpm * 60
        elif kind == "image":
            total += block.get("seconds", 10)
        elif kind == "quiz":
            times = [RATES[q["kind"]] for q in block["questions"]]
            total += sum(times) / len(times) * block["draw"] if "draw" in block else sum(times)
        elif kind == "summary_card":
            total += 30 + 5 * len(block["points"])
        elif kind == "survey":
            total += sum(15 if "likert" in item else 45 for item in block["items"])
        elif kind == "action_plan":
            total += 120
    return total


def test_rough_duration_estimates_are_inside_each_profile(course, probes):
    # well inside the profile, so that a different (but reasonable) estimator agrees
    safe = {"micro": (6 * 60, 12 * 60), "nano": (80, 160)}
    for module in course["modules"]:
        low, high = safe[module["profile"]]
        seconds = _rough_estimate(course, module, probes)
        assert low <= seconds <= high, f"{module['id']}: about {seconds / 60:.1f} min"


# ----------------------------------------------------------------------------- the generator

def _load_make_media():
    spec = importlib.util.spec_from_file_location("example_make_media", EXAMPLE / "make_media.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_media_match_the_generator(tmp_path, probes):
    """Images and captions are regenerated bit for bit; videos have the scripted lengths."""
    mm = _load_make_media()
    mm.MEDIA = tmp_path
    mm.make_steps_png()
    mm.make_badge_png()
    for name, spec in mm.VIDEOS.items():
        layout = mm.layout_video(spec)
        mm.write_vtt(tmp_path / f"{name}.vtt", layout["sentences"])
        assert probes[f"media/{name}.mp4"].duration_s == pytest.approx(layout["duration_ms"] / 1000, abs=0.25)
    podcast = mm.layout_podcast(mm.PODCAST)
    mm.write_vtt(tmp_path / f"{mm.PODCAST['name']}.vtt", podcast["sentences"], mm.PODCAST["voices"])
    assert probes[f"media/{mm.PODCAST['name']}.mp3"].duration_s == pytest.approx(podcast["duration_ms"] / 1000, abs=0.25)
    for generated in sorted(tmp_path.iterdir()):
        assert generated.read_bytes() == (MEDIA / generated.name).read_bytes(), \
            f"{generated.name} is stale: run resources/example/make_media.py"


# ----------------------------------------------------------------------------- studio check

def test_studio_check_finds_no_errors(capsys):
    from studio.cli import main

    capsys.readouterr()
    code = main(["check", str(COURSE), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    report = json.loads(out)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert not errors
    assert all(m["within_budget"] for m in report["modules"])
    assert report["paths"][0]["suggested_order"] is None
