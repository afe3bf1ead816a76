"""Our SCORM 1.2 and 2004 packages in headless Chromium against scorm-again (npm), an LMS-side
runtime we did not write: a module completed by keyboard alone, asserted call by call with the
error code scorm-again itself gave each call; a resume from the CMI state scorm-again kept;
and every kind of interaction record the player sends."""
from __future__ import annotations

import copy
import re

import pytest

from tests.export import scorm_lms
from tests.export.keyboard import FOCUSED, press, tab_to_kind
from tests.export.scorm_again import (  # noqa: F401  (fixtures)
    calls, log_errors, refused, scorm_again_dist, scorm_again_packages, scorm_again_site, values_set)

pytestmark = pytest.mark.browser

ISO_DURATION = r"P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?"
TIMESPAN_12 = r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?"
SETTER = {"scorm12": "LMSSetValue", "scorm2004": "SetValue"}
GETTER = {"scorm12": "LMSGetValue", "scorm2004": "GetValue"}
NAMES = {"scorm12": ("LMSInitialize", "LMSCommit", "LMSFinish"), "scorm2004": ("Initialize", "Commit", "Terminate")}
# 2004: reading suspend data on a first launch is "not initialised" (403), as the spec says
EXPECTED_CODES = {"scorm12": (), "scorm2004": ("403",)}


@pytest.fixture
def lms(scorm_again_site, scorm_again_packages):
    return lambda fmt: scorm_again_site(scorm_again_packages[fmt], fmt)


def open_sco(page, base: str, module: str, init: dict | None = None):
    return scorm_lms.open_sco(page, base, "lms.html", module, init)


def complete_by_keyboard(page, sco) -> None:
    press(page, sco, "Start")
    assert sco.evaluate(FOCUSED) == "Video"
    for _ in range(3):                               # video, text, image
        press(page, sco, "Next")
    assert sco.locator("h2").text_content() == "Quiz"
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("Space")                     # the first choice, the right one
    press(page, sco, "Check answer")
    assert "Correct" in sco.locator(".feedback").text_content()
    press(page, sco, "Submit")
    assert "100%" in sco.locator(".result").text_content()
    press(page, sco, "Finish")
    sco.locator(".done").wait_for()


def check_record(page, fmt: str) -> list[list[str]]:
    """The call log, once it is consistent: every call accepted by scorm-again, and its
    listeners saw the same values set, in the same order."""
    log = calls(page)
    assert refused(log, *EXPECTED_CODES[fmt]) == []
    assert [c for c in log if c[-1] != "0"] == [c for c in log if c[:2] == ["GetValue", "cmi.suspend_data"] and c[-1] != "0"]
    setter = SETTER[fmt]
    heard = [e for e in page.evaluate("window.LMS.events") if e[0] == setter]
    assert heard == [c[:3] for c in log if c[0] == setter]
    problems = [m for m in log_errors(page) if "cmi.suspend_data" not in m]
    assert problems == []
    assert page.problems == []
    return log


def short(log: list[list[str]]) -> list[str]:
    return [c[0] if c[0] in NAMES["scorm12"] + NAMES["scorm2004"] else f"{c[0]} {c[1]}" for c in log]


def test_scorm12_module_completed_by_keyboard_is_accepted_call_by_call(page, lms):
    sco = open_sco(page, lms("scorm12"), "choose-ladder")
    complete_by_keyboard(page, sco)
    log = check_record(page, "scorm12")
    names = short(log)
    assert names[:6] == ["LMSInitialize", "LMSGetValue cmi.core.lesson_status", "LMSSetValue cmi.core.lesson_status",
                         "LMSSetValue cmi.core.exit", "LMSGetValue cmi.interactions._count", "LMSGetValue cmi.suspend_data"]
    assert log[1][2] == "not attempted" and log[2][2] == "incomplete" and log[3][2] == "suspend"
    assert names[-4:] == ["LMSSetValue cmi.core.session_time", "LMSSetValue cmi.core.exit", "LMSCommit", "LMSFinish"]
    assert names.count("LMSInitialize") == 1 and names.count("LMSFinish") == 1
    assert names.count("LMSCommit") >= 6                 # on every part shown, the check, the submit, the end
    values = values_set(log, "LMSSetValue")
    assert values["cmi.core.lesson_status"][-1] == "passed" and "failed" not in values["cmi.core.lesson_status"]
    assert values["cmi.core.score.raw"][-1] == "100"
    assert values["cmi.core.score.min"][-1] == "0" and values["cmi.core.score.max"][-1] == "100"
    assert re.fullmatch(TIMESPAN_12, values["cmi.core.session_time"][-1])
    assert values["cmi.core.exit"] == ["suspend", ""]
    assert values["cmi.core.lesson_location"][-1] == "3" and all(len(v) <= 4096 for v in values["cmi.suspend_data"])
    base = "cmi.interactions.0."
    assert [c[1][len(base):] for c in log if c[1].startswith(base)] == [
        "id", "type", "time", "student_response", "correct_responses.0.pattern", "weighting", "result", "latency"]
    assert values[base + "type"] == ["choice"] and values[base + "student_response"] == ["a"]
    assert values[base + "correct_responses.0.pattern"] == ["a"] and values[base + "result"] == ["correct"]
    assert re.fullmatch(TIMESPAN_12, values[base + "latency"][0])
    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", values[base + "time"][0])
    # what scorm-again kept, as it would send it to its LMS
    kept = page.evaluate("window.LMS.stored.cmi")
    assert kept["core"]["lesson_status"] == "passed" and kept["core"]["score"]["raw"] == "100"
    assert kept["interactions"]["0"]["student_response"] == "a"
    assert kept["interactions"]["0"]["correct_responses"]["0"]["pattern"] == "a"
    assert page.evaluate("window.LMS.api.isTerminated()")


def test_scorm2004_module_completed_by_keyboard_is_accepted_call_by_call(page, lms):
    sco = open_sco(page, lms("scorm2004"), "choose-ladder")
    complete_by_keyboard(page, sco)
    log = check_record(page, "scorm2004")
    names = short(log)
    assert names[:7] == ["Initialize", "GetValue cmi.completion_status", "GetValue cmi.success_status",
                         "SetValue cmi.completion_status", "SetValue cmi.exit", "GetValue cmi.interactions._count",
                         "GetValue cmi.suspend_data"]
    assert log[1][2] == "unknown" and log[2][2] == "unknown" and log[3][2] == "incomplete"
    assert log[6][-2:] == ["", "403"]                    # nothing to resume: not initialised, per the spec
    # the end: session time, normal exit, commit; no sequencing here, so scorm-again says the
    # continue request's validity is "unknown" and the adapter asks for no navigation
    assert names[-5:] == ["SetValue cmi.session_time", "SetValue cmi.exit", "Commit",
                          "GetValue adl.nav.request_valid.continue", "Terminate"]
    assert log[-2][2] == "unknown"
    assert names.count("Initialize") == 1 and names.count("Terminate") == 1 and names.count("Commit") >= 6
    values = values_set(log, "SetValue")
    assert values["cmi.completion_status"] == ["incomplete", "completed"]
    assert values["cmi.success_status"] == ["passed"]
    assert values["cmi.score.scaled"] == ["1"] and values["cmi.score.raw"] == ["100"]
    assert values["cmi.score.min"] == ["0"] and values["cmi.score.max"] == ["100"]
    assert re.fullmatch(ISO_DURATION, values["cmi.session_time"][0]) and values["cmi.session_time"][0] != "PT"
    assert values["cmi.exit"] == ["suspend", "normal"]
    assert values["cmi.location"][-1] == "3" and all(len(v) <= 64000 for v in values["cmi.suspend_data"])
    base = "cmi.interactions.0."
    assert [c[1][len(base):] for c in log if c[1].startswith(base)] == [
        "id", "type", "timestamp", "weighting", "correct_responses.0.pattern", "learner_response", "result", "latency"]
    assert values[base + "type"] == ["choice"] and values[base + "learner_response"] == ["a"]
    assert values[base + "correct_responses.0.pattern"] == ["a"] and values[base + "result"] == ["correct"]
    assert re.fullmatch(ISO_DURATION, values[base + "latency"][0])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{2}Z", values[base + "timestamp"][0])
    kept = page.evaluate("window.LMS.stored.cmi")
    assert (kept["completion_status"], kept["success_status"], kept["score"]["scaled"]) == ("completed", "passed", "1")
    assert kept["exit"] == "normal" and kept["interactions"]["0"]["learner_response"] == "a"
    assert page.evaluate("window.LMS.api.isTerminated()")


def next_launch(kept: dict, fmt: str) -> dict:
    """What an LMS hands the next attempt: the CMI it stored, entry "resume" after a suspend,
    without this session's write-only exit and session time."""
    cmi = copy.deepcopy(kept)
    core = cmi["core"] if fmt == "scorm12" else cmi
    assert core.pop("exit") == "suspend"
    core.pop("session_time")
    core["entry"] = "resume"
    return cmi


@pytest.mark.parametrize("fmt", ["scorm12", "scorm2004"])
def test_a_second_launch_from_the_state_scorm_again_kept_resumes_at_the_bookmark(page, lms, _browser, fmt):
    base = lms(fmt)
    sco = open_sco(page, base, "choose-ladder")
    press(page, sco, "Start")
    press(page, sco, "Next")
    press(page, sco, "Next")
    page.evaluate("document.getElementById('sco').remove()")      # the window goes away: pagehide
    log = check_record(page, fmt)
    initialize, commit, finish = NAMES[fmt]
    names = short(log)
    assert names[-2:] == [commit, finish] and names.count(finish) == 1 and names.count(initialize) == 1
    kept = page.evaluate("window.LMS.stored.cmi")
    status = kept["core"]["lesson_status"] if fmt == "scorm12" else kept["completion_status"]
    location = kept["core"]["lesson_location"] if fmt == "scorm12" else kept["location"]
    assert status == "incomplete" and location == "2" and kept["suspend_data"]

    second = _browser.new_page()
    second.problems = []
    second.on("pageerror", lambda error: second.problems.append(str(error)))
    try:
        sco2 = open_sco(second, base, "choose-ladder", {"cmi": next_launch(kept, fmt)})
        entry = "cmi.core.entry" if fmt == "scorm12" else "cmi.entry"
        assert second.evaluate(f"window.LMS.api.getCMIValue('{entry}')") == "resume"
        press(second, sco2, "Resume")
        assert sco2.locator("h2").text_content() == "Image"        # part 3, where the learner left
        log2 = check_record(second, fmt)
        assert [c[-2:] for c in log2 if c[:2] == [GETTER[fmt], "cmi.suspend_data"]] == [[kept["suspend_data"], "0"]]
        assert short(log2).count(initialize) == 1
        status_key = "cmi.core.lesson_status" if fmt == "scorm12" else "cmi.completion_status"
        begin = log2[:[c[:2] for c in log2].index([GETTER[fmt], "cmi.suspend_data"])]
        assert status_key not in values_set(begin, SETTER[fmt])       # already incomplete: not set on launch
    finally:
        second.close()


# Interaction records exactly as quiz.js and the survey block build them, one per kind and the
# awkward cases (nothing chosen, text with "{" and commas, long survey text).
RECORDS = [
    {"id": "m-quiz-q0", "type": "choice", "response": [0], "correct": [0], "result": "correct", "latencyMs": 1200, "weighting": 1},
    {"id": "m-quiz-q1", "type": "choice", "response": [0, 2], "correct": [0, 1, 2], "result": "wrong", "latencyMs": 800, "weighting": 2},
    {"id": "m-quiz-q2", "type": "choice", "response": [], "correct": [1], "result": "wrong", "latencyMs": 800, "weighting": 1},
    {"id": "m-quiz-q3", "type": "true-false", "response": False, "correct": True, "result": "wrong", "latencyMs": 300, "weighting": 1},
    {"id": "m-quiz-q4", "type": "fill-in", "response": "{Paris}, France", "correct": ["Paris, France", "Paris"],
     "result": "wrong", "latencyMs": 300, "weighting": 1},
    {"id": "m-quiz-q5", "type": "fill-in", "response": "near it", "correct": ["close to it", "near it"],
     "result": "correct", "latencyMs": 300, "weighting": 1},
    {"id": "m-quiz-q6", "type": "matching", "response": [[0, 1], [1, 0]], "correct": [[0, 0], [1, 1]],
     "result": "wrong", "latencyMs": 300, "weighting": 1},
    {"id": "m-quiz-q7", "type": "matching", "response": [[1, 1]], "correct": [[0, 0], [1, 1], [2, 2]],
     "result": "wrong", "latencyMs": 300, "weighting": 1},
    {"id": "m-quiz-q8", "type": "sequencing", "response": [2, 0, 1], "correct": [0, 1, 2], "result": "wrong",
     "latencyMs": 300, "weighting": 1},
    {"id": "m-survey-s0", "type": "likert", "response": 4, "correct": None, "result": "neutral", "latencyMs": None},
    {"id": "m-survey-s1", "type": "fill-in", "response": "I will " + "try " * 100, "correct": None,
     "result": "neutral", "latencyMs": None},
]


def send_records(page, sco) -> list[list[str]]:
    press(page, sco, "Start")
    before = len(calls(page))
    sco.evaluate("(records) => records.forEach(r => MMS.adapter.interaction(r))", RECORDS)
    return calls(page)[before:]


def test_scorm12_accepts_every_interaction_the_player_sends(page, lms):
    sco = open_sco(page, lms("scorm12"), "choose-ladder")
    log = send_records(page, sco)
    assert refused(log) == [] and sco.evaluate("MMS.adapter.errors") == []
    values = values_set(log, "LMSSetValue")
    assert values["cmi.interactions.10.id"] == ["m-survey-s1"]        # all eleven recorded
    responses = [values.get(f"cmi.interactions.{n}.student_response", [None])[0] for n in range(len(RECORDS))]
    assert responses[:9] == ["a", "a,c", "", "f", "{Paris}, France", "near it", "a.b,b.a", "b.b", "c,a,b"]
    assert responses[9] == "4" and len(responses[10]) == 255          # 1.2 fill-in: 255 characters at most
    assert values["cmi.interactions.4.correct_responses.0.pattern"] == ["Paris, France"]
    assert all(values[f"cmi.interactions.{n}.result"] for n in range(len(RECORDS)))


def test_scorm2004_accepts_every_interaction_the_player_sends_but_a_lone_answer_with_a_comma(page, lms):
    sco = open_sco(page, lms("scorm2004"), "choose-ladder")
    log = send_records(page, sco)
    # scorm-again 3.x reads a bare comma in a fill-in pattern without "[,]" as a delimiter and
    # then refuses the space after it: the one pattern the player sends that it turns down
    assert refused(log) == [["SetValue", "cmi.interactions.4.correct_responses.0.pattern", "Paris, France", "false", "406"]]
    assert sco.evaluate("MMS.adapter.errors") == ["cmi.interactions.4.correct_responses.0.pattern: 406 Data Model Element Type Mismatch"]
    values = values_set(log, "SetValue")
    # ... and the rest of that interaction still reaches the LMS
    assert "cmi.interactions.4.correct_responses.1.pattern" not in values    # indexes stay contiguous
    assert values["cmi.interactions.4.learner_response"] == ["{lang=en} {Paris}, France"]
    assert values["cmi.interactions.4.result"] == ["incorrect"] and values["cmi.interactions.4.latency"] == ["PT0.3S"]
    responses = [values.get(f"cmi.interactions.{n}.learner_response", [None])[0] for n in range(len(RECORDS))]
    assert responses[:9] == ["a", "a[,]c", None, "false", "{lang=en} {Paris}, France", "near it", "1[.]b[,]2[.]a",
                             "2[.]b", "c[,]a[,]b"]                     # nothing chosen: left unset
    assert responses[9] == "4" and responses[10] == RECORDS[10]["response"]   # survey text as long-fill-in
    assert values["cmi.interactions.10.type"] == ["long-fill-in"]
    assert values["cmi.interactions.2.result"] == ["incorrect"]
    assert values["cmi.interactions.5.correct_responses.1.pattern"] == ["near it"]
    assert all(values[f"cmi.interactions.{n}.result"] for n in range(len(RECORDS)))
    kept = page.evaluate("window.LMS.api.renderCMIToJSONObject().cmi.interactions")
    assert len(kept) == len(RECORDS) and kept["6"]["correct_responses"]["0"]["pattern"] == "1[.]a[,]2[.]b"
