"""The SCORM 2004 package in headless Chromium against a test LMS (lms/scorm2004_lms.js)
that follows the 4th edition run-time environment and records every call: the runtime's
own state machine and validation first, then a module completed by keyboard alone (call
by call), resume from suspend data, and the failed-attempt paths."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.export.conftest import LMS_DIR, build, unzip
from tests.export.keyboard import FOCUSED, press, tab_to_kind
from tests.export import scorm_lms
from tests.export.scorm_lms import calls

pytestmark = pytest.mark.browser

ISO_DURATION = r"P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?"


@pytest.fixture(scope="module")
def packages(small_course_template, tmp_path_factory):
    """The small course as scorm2004, and a variant whose first quiz allows one attempt."""
    out = tmp_path_factory.mktemp("scorm2004-lms")
    once = out / "once"
    shutil.copytree(small_course_template, once)
    yaml = (once / "course.yaml").read_text()
    (once / "course.yaml").write_text(yaml.replace("pass_mark: 80\n", "pass_mark: 80\n        attempts: 1\n", 1))
    return {"plain": build(small_course_template / "course.yaml", "scorm2004", out / "plain"),
            "once": build(once / "course.yaml", "scorm2004", out / "once-zip")}


@pytest.fixture
def lms(tmp_path, packages, serve):
    """``lms(kind="plain") -> base URL``: the test LMS with that package unzipped under pkg/."""
    def start(kind: str = "plain") -> str:
        site = tmp_path / f"site-{kind}"
        shutil.copytree(LMS_DIR, site)
        unzip(packages[kind], site / "pkg")
        return serve(site)
    return start


def open_sco(page, base: str, module: str, init: dict | None = None):
    return scorm_lms.open_sco(page, base, "scorm2004_lms.html", module, init)


def sets(page) -> dict[str, list[str]]:
    return scorm_lms.values_set(page, "SetValue")


def to_quiz(page, sco) -> None:
    press(page, sco, "Start")
    for _ in range(3):                               # video, text, image
        press(page, sco, "Next")
    assert sco.locator("h2").text_content() == "Quiz"


# ---- the test LMS itself: state machine, error codes, data-model validation ----

RUNTIME_CASES = """() => {
  const api = window.API_1484_11, out = {};
  const code = () => api.GetLastError();
  function t(name, fn) { const r = fn(); out[name] = [String(r), code()]; }
  t("get before init", () => api.GetValue("cmi.location"));
  t("set before init", () => api.SetValue("cmi.location", "x"));
  t("commit before init", () => api.Commit(""));
  t("terminate before init", () => api.Terminate(""));
  t("init with an argument", () => api.Initialize("x"));
  t("init", () => api.Initialize(""));
  t("init again", () => api.Initialize(""));
  t("get empty name", () => api.GetValue(""));
  t("undefined element", () => api.GetValue("cmi.bogus"));
  t("not initialised", () => api.GetValue("cmi.location"));
  t("read only", () => api.SetValue("cmi.learner_id", "x"));
  t("keyword", () => api.SetValue("cmi.interactions._count", "3"));
  t("write only", () => api.GetValue("cmi.exit"));
  t("PT10", () => api.SetValue("cmi.session_time", "PT10"));
  t("P0S", () => api.SetValue("cmi.session_time", "P0S"));
  t("PT50S.21S", () => api.SetValue("cmi.session_time", "PT50S.21S"));
  t("three decimals", () => api.SetValue("cmi.session_time", "PT1.234S"));
  t("PT8M31.5S", () => api.SetValue("cmi.session_time", "PT8M31.5S"));
  t("PT0S", () => api.SetValue("cmi.session_time", "PT0S"));
  t("status vocabulary", () => api.SetValue("cmi.completion_status", "done"));
  t("success vocabulary", () => api.SetValue("cmi.success_status", "completed"));
  t("scaled over 1", () => api.SetValue("cmi.score.scaled", "1.5"));
  t("scaled under -1", () => api.SetValue("cmi.score.scaled", "-1.01"));
  t("scaled not a number", () => api.SetValue("cmi.score.scaled", "high"));
  t("scaled 0.8", () => api.SetValue("cmi.score.scaled", "0.8"));
  t("suspend data over 64000", () => api.SetValue("cmi.suspend_data", "x".repeat(64001)));
  t("suspend data of 64000", () => api.SetValue("cmi.suspend_data", "x".repeat(64000)));
  t("type before id", () => api.SetValue("cmi.interactions.0.type", "choice"));
  t("skipped index", () => api.SetValue("cmi.interactions.1.id", "q1"));
  t("id", () => api.SetValue("cmi.interactions.0.id", "q0"));
  t("response before type", () => api.SetValue("cmi.interactions.0.learner_response", "a"));
  t("type", () => api.SetValue("cmi.interactions.0.type", "choice"));
  t("1.2 syntax response", () => api.SetValue("cmi.interactions.0.learner_response", "a,b"));
  t("2004 syntax response", () => api.SetValue("cmi.interactions.0.learner_response", "a[,]b"));
  t("1.2 result", () => api.SetValue("cmi.interactions.0.result", "wrong"));
  t("timestamp with 3 decimals", () => api.SetValue("cmi.interactions.0.timestamp", "2024-05-01T10:11:12.345Z"));
  t("timestamp", () => api.SetValue("cmi.interactions.0.timestamp", "2024-05-01T10:11:12.34Z"));
  t("missing interaction", () => api.GetValue("cmi.interactions.7.id"));
  t("unimplemented", () => api.GetValue("cmi.comments_from_lms._count"));
  t("nav request", () => api.SetValue("adl.nav.request", "jumpAround"));
  t("exception", () => api.GetValue({ toString() { throw new Error("boom"); } }));
  t("commit", () => api.Commit(""));
  t("terminate", () => api.Terminate(""));
  t("terminate again", () => api.Terminate(""));
  t("init after terminate", () => api.Initialize(""));
  t("get after terminate", () => api.GetValue("cmi.location"));
  t("set after terminate", () => api.SetValue("cmi.location", "x"));
  t("commit after terminate", () => api.Commit(""));
  return out;
}"""

EXPECTED = {
    "get before init": ["", "122"], "set before init": ["false", "132"], "commit before init": ["false", "142"],
    "terminate before init": ["false", "112"], "init with an argument": ["false", "201"], "init": ["true", "0"],
    "init again": ["false", "103"], "get empty name": ["", "301"], "undefined element": ["", "401"],
    "not initialised": ["", "403"], "read only": ["false", "404"], "keyword": ["false", "404"],
    "write only": ["", "405"], "PT10": ["false", "406"], "P0S": ["false", "406"], "PT50S.21S": ["false", "406"],
    "three decimals": ["false", "406"], "PT8M31.5S": ["true", "0"], "PT0S": ["true", "0"],
    "status vocabulary": ["false", "406"], "success vocabulary": ["false", "406"], "scaled over 1": ["false", "407"],
    "scaled under -1": ["false", "407"], "scaled not a number": ["false", "406"], "scaled 0.8": ["true", "0"],
    "suspend data over 64000": ["false", "351"], "suspend data of 64000": ["true", "0"],
    "type before id": ["false", "408"], "skipped index": ["false", "351"], "id": ["true", "0"],
    "response before type": ["false", "408"], "type": ["true", "0"], "1.2 syntax response": ["false", "406"],
    "2004 syntax response": ["true", "0"], "1.2 result": ["false", "406"],
    "timestamp with 3 decimals": ["false", "406"], "timestamp": ["true", "0"], "missing interaction": ["", "301"],
    "unimplemented": ["", "402"], "nav request": ["false", "406"], "exception": ["", "101"],
    "commit": ["true", "0"], "terminate": ["true", "0"], "terminate again": ["false", "113"],
    "init after terminate": ["false", "104"], "get after terminate": ["", "123"],
    "set after terminate": ["false", "133"], "commit after terminate": ["false", "143"],
}


def test_the_test_lms_follows_the_2004_runtime(page, lms):
    base = lms()
    page.goto(f"{base}/scorm2004_lms.html?sco=about:blank")
    assert page.evaluate(RUNTIME_CASES) == EXPECTED
    assert page.evaluate("window.LMS.state") == "terminated"
    assert page.evaluate("window.LMS.calls.length") == len(EXPECTED)   # every call recorded


def test_the_adapter_writes_2004_durations_and_patterns_the_lms_accepts(page, lms):
    sco = open_sco(page, lms(), "choose-ladder")
    durations = sco.evaluate("[0, 4, 5, 10, 31500, 511500, 600000, 3600000, 3723450, 90061000]"
                             ".map(ms => MMS.adapter.duration(ms))")
    assert durations == ["PT0S", "PT0S", "PT0.01S", "PT0.01S", "PT31.5S", "PT8M31.5S", "PT10M", "PT1H",
                         "PT1H2M3.45S", "PT25H1M1S"]
    assert all(re.fullmatch(ISO_DURATION, d) for d in durations)
    cases = {"choice": [0, 2], "true-false": False, "fill-in": "{close} to it", "long-fill-in": "a [,] b",
             "matching": [[0, 0], [1, 1]], "sequencing": [0, 1, 2], "likert": 4}
    patterns = sco.evaluate(f"Object.entries({json.dumps(cases)}).map(([t, v]) => [t, MMS.adapter.pattern(t, v)])")
    assert dict(patterns) == {"choice": "a[,]c", "true-false": "false", "fill-in": "{lang=en}{close} to it",
                              "long-fill-in": "a [ ,] b", "matching": "1[.]a[,]2[.]b", "sequencing": "a[,]b[,]c",
                              "likert": "4"}
    # every one of them is a valid correct-response pattern and learner response for its type
    accepted = page.evaluate("""(patterns) => { const api = window.API_1484_11, out = [];
      patterns.forEach(([type, value], n) => {
        const base = "cmi.interactions." + (Number(api.GetValue("cmi.interactions._count"))) + ".";
        out.push([type, api.SetValue(base + "id", "t" + n), api.SetValue(base + "type", type),
          api.SetValue(base + "correct_responses.0.pattern", value), api.SetValue(base + "learner_response", value)]);
      }); return out; }""", patterns)
    assert all(row[1:] == ["true"] * 4 for row in accepted), accepted
    assert page.evaluate("window.LMS.violations") == []


def test_a_module_completed_by_keyboard_reports_every_call_in_order(page, lms):
    sco = open_sco(page, lms(), "choose-ladder", {"request_valid": {"continue": "true", "previous": "false"}})
    press(page, sco, "Start")
    assert sco.evaluate(FOCUSED) == "Video"
    for _ in range(3):
        press(page, sco, "Next")
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("Space")                     # the first choice, the right one
    press(page, sco, "Check answer")
    assert "Correct" in sco.locator(".feedback").text_content()
    press(page, sco, "Submit")
    assert "100%" in sco.locator(".result").text_content()
    press(page, sco, "Finish")
    sco.locator(".done").wait_for()

    log = calls(page)
    assert page.evaluate("window.LMS.violations") == []
    assert all(c[-1] in ("0", "403") for c in log), [c for c in log if c[-1] not in ("0", "403")]
    short = [c[0] if c[0] in ("Initialize", "Commit", "Terminate") else f"{c[0]} {c[1]}" for c in log]
    # first: Initialize, then what the adapter reads and sets before anything else
    assert short[:7] == ["Initialize", "GetValue cmi.completion_status", "GetValue cmi.success_status",
                         "SetValue cmi.completion_status", "SetValue cmi.exit", "GetValue cmi.interactions._count",
                         "GetValue cmi.suspend_data"]
    assert log[3][2] == "incomplete" and log[4][2] == "suspend"          # incomplete on first launch
    # last: session time, exit normal, commit, the navigation request, Terminate — once each
    assert short[-6:] == ["SetValue cmi.session_time", "SetValue cmi.exit", "Commit",
                          "GetValue adl.nav.request_valid.continue", "SetValue adl.nav.request", "Terminate"]
    assert short.count("Initialize") == 1 and short.count("Terminate") == 1
    values = sets(page)
    assert values["cmi.exit"] == ["suspend", "normal"]
    assert values["adl.nav.request"] == ["continue"]
    assert re.fullmatch(ISO_DURATION, values["cmi.session_time"][-1]) and values["cmi.session_time"][-1] != "PT"
    assert values["cmi.completion_status"] == ["incomplete", "completed"]
    assert values["cmi.success_status"] == ["passed"]                    # apart from completion
    assert values["cmi.score.scaled"] == ["1"] and values["cmi.score.raw"] == ["100"]
    assert values["cmi.score.min"] == ["0"] and values["cmi.score.max"] == ["100"]
    assert all(len(v) <= 64000 for v in values["cmi.suspend_data"])
    assert values["cmi.location"][-1] == "3"
    # the interaction, in 2004 syntax
    (record,) = page.evaluate("window.LMS.interactions")
    assert record["id"].startswith("choose-ladder-") and record["type"] == "choice"
    assert record["learner_response"] == "a" and record["correct_responses"] == ["a"]
    assert record["result"] == "correct" and record["weighting"] == "1"
    assert re.fullmatch(ISO_DURATION, record["latency"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{2}Z", record["timestamp"])
    ids = [c[1] for c in log if c[0] == "SetValue" and c[1].startswith("cmi.interactions.0.")]
    assert ids[:2] == ["cmi.interactions.0.id", "cmi.interactions.0.type"]
    # commits on progress (each part shown, the answer checked, the quiz submitted), not only at the end
    assert page.evaluate("window.LMS.commits") >= 6
    stored = page.evaluate("window.LMS.stored.model")
    assert stored["cmi.completion_status"] == "completed" and stored["cmi.success_status"] == "passed"


def test_resume_returns_to_the_bookmark_with_the_saved_answers(page, lms, _browser):
    base = lms()
    sco = open_sco(page, base, "choose-ladder")
    press(page, sco, "Start")
    press(page, sco, "Next")
    press(page, sco, "Next")
    page.evaluate("document.getElementById('sco').remove()")      # the window goes away: pagehide
    names = [c[0] for c in calls(page)]
    assert names.count("Terminate") == 1 and names[-1] == "Terminate" and names[-2] == "Commit"
    values = sets(page)
    assert values["cmi.exit"][-1] == "suspend"                    # unfinished: keep the state
    assert "adl.nav.request" not in values                        # nothing to navigate to
    assert values["cmi.completion_status"] == ["incomplete"]
    stored = page.evaluate("window.LMS.stored.model")
    assert page.evaluate("window.LMS.violations") == []
    second = _browser.new_page()
    try:
        sco2 = open_sco(second, base, "choose-ladder",
                        {"suspend_data": stored["cmi.suspend_data"], "location": stored["cmi.location"],
                         "completion_status": "incomplete"})
        assert second.evaluate("window.LMS.model['cmi.entry']") == "resume"
        press(second, sco2, "Resume")
        assert sco2.locator("h2").text_content() == "Image"        # part 3, where the learner left
        log2 = calls(second)
        assert [c[0] for c in log2].count("Initialize") == 1
        assert "SetValue cmi.completion_status" not in [f"{c[0]} {c[1]}" for c in log2[:5]]   # already incomplete
        assert second.evaluate("window.LMS.violations") == []
    finally:
        second.close()


def test_a_wrong_answer_with_attempts_left_reports_incomplete_and_no_score(page, lms):
    sco = open_sco(page, lms(), "choose-ladder")
    to_quiz(page, sco)
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("ArrowDown")                 # the second, wrong choice
    press(page, sco, "Submit")
    assert "0%" in sco.locator(".result").text_content()
    (record,) = page.evaluate("window.LMS.interactions")
    assert record["learner_response"] == "b" and record["result"] == "incorrect"
    values = sets(page)
    # no attempts limit: not final, so neither failed nor a score the LMS would judge against 0.8
    assert "cmi.success_status" not in values and "cmi.score.scaled" not in values
    assert values["cmi.completion_status"] == ["incomplete"]
    press(page, sco, "Try again")
    assert page.evaluate("window.LMS.violations") == []


def test_a_failed_last_attempt_reports_failed_completed_and_no_continue(page, lms):
    sco = open_sco(page, lms("once"), "choose-ladder", {"request_valid": {"continue": "false"}})
    to_quiz(page, sco)
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("ArrowDown")
    press(page, sco, "Submit")
    assert "Attempts left: 0" in sco.locator(".result").text_content()
    assert sco.get_by_role("button", name="Try again").count() == 0
    values = sets(page)
    assert values["cmi.success_status"] == ["failed"] and values["cmi.score.scaled"] == ["0"]
    assert values["cmi.completion_status"] == ["incomplete", "completed"]   # a failed last attempt is finished
    press(page, sco, "Finish")
    sco.locator(".done").wait_for()
    values = sets(page)
    assert values["cmi.exit"][-1] == "normal"
    assert "adl.nav.request" not in values          # failed: no exitAll, the learner stays to retake it
    names = [c[0] for c in calls(page)]
    assert names[-1] == "Terminate" and names.count("Terminate") == 1
    assert page.evaluate("window.LMS.violations") == []


def test_the_last_module_passed_asks_to_exit_the_course(page, lms):
    sco = open_sco(page, lms(), "set-up-ladder", {"request_valid": {"continue": "false"}})
    press(page, sco, "Start")
    press(page, sco, "Next")                         # audio → quiz
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("Space")                     # True, the right answer
    press(page, sco, "Submit")
    press(page, sco, "Finish")
    sco.locator(".done").wait_for()
    values = sets(page)
    assert values["adl.nav.request"] == ["exitAll"]
    assert values["cmi.completion_status"][-1] == "completed"
    assert "cmi.success_status" not in values        # no pass mark: success is not claimed
    assert values["cmi.score.scaled"] == ["1"]
    (record,) = page.evaluate("window.LMS.interactions")
    assert record["type"] == "true-false" and record["learner_response"] == "true"
    assert record["correct_responses"] == ["true"]
    assert page.evaluate("window.LMS.violations") == []
