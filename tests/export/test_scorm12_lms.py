"""The SCORM 1.2 package in headless Chromium against a test LMS (lms/scorm12_lms.js) that
follows the 1.2 run-time specification and records every call: a module completed by
keyboard alone, call by call."""
from __future__ import annotations

import re

import pytest

from tests.export.keyboard import FOCUSED, press, tab_to_kind
from tests.export import scorm_lms
from tests.export.scorm_lms import calls

pytestmark = pytest.mark.browser


def open_sco(page, base: str, module: str, init: dict | None = None):
    return scorm_lms.open_sco(page, base, "lms.html", module, init)


def sets(page) -> dict[str, list[str]]:
    return scorm_lms.values_set(page, "LMSSetValue")


def test_a_module_completed_by_keyboard_reports_every_call_in_order(page, lms_site):
    sco = open_sco(page, lms_site, "choose-ladder")
    press(page, sco, "Start")
    assert sco.evaluate(FOCUSED) == "Video"          # focus moves to the new part's heading
    for _ in range(3):                               # video, text, image
        press(page, sco, "Next")
    assert sco.locator("h2").text_content() == "Quiz"
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("Space")                     # the first choice, the right one
    press(page, sco, "Check answer")
    assert "Correct" in sco.locator(".feedback").text_content()
    assert "It reaches the shelf." in sco.locator("fieldset").text_content()   # per-choice feedback
    press(page, sco, "Submit")
    assert "100%" in sco.locator(".result").text_content()
    press(page, sco, "Finish")
    sco.locator(".done").wait_for()

    log = calls(page)
    names = [c[0] for c in log]
    assert names[0] == "LMSInitialize" and names.count("LMSInitialize") == 1
    assert names[-1] == "LMSFinish" and names.count("LMSFinish") == 1
    assert names[-2] == "LMSCommit"
    assert page.evaluate("window.LMS.violations") == []
    values = sets(page)
    assert values["cmi.core.lesson_status"][0] == "incomplete"          # set on first launch
    assert values["cmi.core.lesson_status"][-1] == "passed"
    assert values["cmi.core.score.raw"][-1] == "100"
    assert values["cmi.core.score.min"][-1] == "0" and values["cmi.core.score.max"][-1] == "100"
    assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", values["cmi.core.session_time"][-1])
    assert values["cmi.core.exit"][0] == "suspend" and values["cmi.core.exit"][-1] == ""
    assert len(values["cmi.suspend_data"][-1]) <= 4096
    first_set = names.index("LMSSetValue")
    assert names.index("LMSInitialize") < first_set
    # the interaction, in 1.2 syntax
    interaction = page.evaluate("window.LMS.interactions")
    assert len(interaction) == 1
    record = interaction[0]
    assert record["type"] == "choice" and record["student_response"] == "a"
    assert record["correct_responses"] == ["a"] and record["result"] == "correct"
    assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", record["latency"])
    assert record["id"].startswith("choose-ladder-")
    # commits on progress, not only at the end
    assert page.evaluate("window.LMS.commits") >= 5


def test_resume_returns_to_the_bookmark_with_the_saved_answers(page, lms_site, _browser):
    sco = open_sco(page, lms_site, "choose-ladder")
    press(page, sco, "Start")
    press(page, sco, "Next")
    press(page, sco, "Next")
    stored = page.evaluate("window.LMS.model")
    page.evaluate("document.getElementById('sco').remove()")      # the window goes away: pagehide
    log = calls(page)
    assert [c[0] for c in log].count("LMSFinish") == 1
    assert sets(page)["cmi.core.exit"][-1] == "suspend"             # unfinished: keep the state
    second = _browser.new_page()
    try:
        sco2 = open_sco(second, lms_site, "choose-ladder",
                        {"suspend_data": stored["cmi.suspend_data"], "lesson_location": stored["cmi.core.lesson_location"],
                         "lesson_status": "incomplete"})
        press(second, sco2, "Resume")
        assert sco2.locator("h2").text_content() == "Image"        # part 3, where the learner left
        assert [c[0] for c in calls(second)].count("LMSInitialize") == 1
        assert second.evaluate("window.LMS.violations") == []
    finally:
        second.close()


def test_a_wrong_answer_with_attempts_left_reports_incomplete_not_failed(page, lms_site):
    sco = open_sco(page, lms_site, "choose-ladder")
    press(page, sco, "Start")
    for _ in range(3):
        press(page, sco, "Next")
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("ArrowDown")                 # the second, wrong choice (arrows move and select)
    press(page, sco, "Submit")
    assert "0%" in sco.locator(".result").text_content()
    interaction = page.evaluate("window.LMS.interactions")[0]
    assert interaction["student_response"] == "b" and interaction["result"] == "wrong"
    statuses = sets(page)["cmi.core.lesson_status"]
    # the small course's quiz has no attempts limit: a failed attempt is not final
    assert "failed" not in statuses and statuses[-1] == "incomplete"
    press(page, sco, "Try again")
    assert page.evaluate("window.LMS.violations") == []


def test_without_an_lms_the_module_still_works_and_says_so(page, lms_site):
    page.goto(f"{lms_site}/pkg/choose-ladder.html")
    page.locator("h1").wait_for()
    assert "Not connected to an LMS" in page.locator(".notice").text_content()
    page.get_by_role("button", name="Start").click()
    assert page.locator("h2").text_content() == "Video"
    assert page.problems == []
