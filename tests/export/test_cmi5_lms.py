"""cmi5 AUs in headless Chromium against a test LMS + LRS (lrs/server.py) on another origin:
launch parameters, the one-shot fetch token, LMS.LaunchData, statements checked one by one
against the cmi5 rules and asserted in order; keyboard only."""
from __future__ import annotations

import json
import shutil
import time
import urllib.request

import pytest

from studio.export import cmi5 as cmi5_format
from tests.export.conftest import build, unzip
from tests.export.keyboard import press, tab_to_kind
from tests.export.lrs.server import LRS, SESSION

pytestmark = pytest.mark.browser
PUBLISHER = "urn:x-micromodule-studio:ladder-safety/path/ladders/au/choose-ladder"


@pytest.fixture(scope="module")
def cmi5_zip(small_course_template, tmp_path_factory):
    return build(small_course_template / "course.yaml", "cmi5", tmp_path_factory.mktemp("cmi5"))


@pytest.fixture(scope="module")
def one_attempt_zip(small_course_template, tmp_path_factory):
    """The small course with one attempt on the first quiz: a wrong answer is final."""
    root = tmp_path_factory.mktemp("one-attempt")
    shutil.copytree(small_course_template, root / "course")
    yaml = root / "course" / "course.yaml"
    text = yaml.read_text()
    yaml.write_text(text.replace("        pass_mark: 80\n", "        pass_mark: 80\n        attempts: 1\n", 1))
    return build(yaml, "cmi5", root / "out")


@pytest.fixture
def lrs():
    server = LRS()
    yield server
    server.close()


@pytest.fixture
def au_base(tmp_path, cmi5_zip, serve):
    return serve(unzip(cmi5_zip, tmp_path / "pkg"))


def wait_for(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def complete_choose_ladder(page, *, right=True):
    page.locator("h1").wait_for()
    press(page, page, "Start")
    for _ in range(3):                               # video, text, image
        press(page, page, "Next")
    tab_to_kind(page, page, "radio")
    page.keyboard.press("Space" if right else "ArrowDown")
    press(page, page, "Check answer")
    press(page, page, "Submit")


def ordered(statements):
    return sorted(statements, key=lambda s: s["timestamp"])


def test_an_au_completed_by_keyboard_sends_every_statement_in_order(page, lrs, au_base):
    url, launch = lrs.cmi5_launch(f"{au_base}/choose-ladder.html", PUBLISHER, return_url=f"{lrs.base}/return")
    page.goto(url)
    complete_choose_ladder(page)
    assert "100%" in page.locator(".result").text_content()
    press(page, page, "Finish")
    page.wait_for_url(f"{lrs.base}/return")          # returnURL followed once terminated is recorded
    session = ordered(lrs.of_session(launch))
    assert lrs.verbs(session) == ["initialized", "answered", "passed", "completed", "terminated"]
    assert lrs.violations == []
    assert launch.fetched == 1
    # the order of the AU's requests: token, then LMS.LaunchData first, preferences, resume state
    xapi_calls = [r for r in lrs.requests if r[1].startswith("/xapi/") or r[1].startswith("/fetch")]
    assert [r[1] for r in xapi_calls[:4]] == ["/fetch?", "/xapi/activities/state?LMS.LaunchData",
                                              "/xapi/agents/profile?cmi5LearnerPreferences", "/xapi/activities/state?mms.resume"]
    passed = session[2]
    assert passed["result"]["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100}
    assert passed["result"]["success"] is True and passed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.8
    assert {c["id"] for c in passed["context"]["contextActivities"]["category"]} == {
        "https://w3id.org/xapi/cmi5/context/categories/cmi5", "https://w3id.org/xapi/cmi5/context/categories/moveon"}
    answered = session[1]
    assert "category" not in answered["context"]["contextActivities"]              # "cmi5 allowed"
    assert answered["context"]["extensions"][SESSION] == launch.session
    definition = answered["object"]["definition"]
    assert definition["interactionType"] == "choice" and definition["correctResponsesPattern"] == ["c0"]
    assert [c["description"]["en"] for c in definition["choices"]] == ["A step ladder of 3 m", "A 1 m stool"]
    assert answered["result"]["response"] == "c0" and answered["result"]["success"] is True
    for statement in session:
        assert statement["actor"] == launch.actor and statement["context"]["registration"] == launch.registration
    # a second POST to the fetch URL is refused with the error JSON
    request = urllib.request.Request(f"{lrs.base}/fetch?k={launch.key}", method="POST")
    assert json.load(urllib.request.urlopen(request))["error-code"] == "1"


def test_a_spent_fetch_url_leaves_the_au_unconnected_and_silent(page, lrs, au_base):
    url, launch = lrs.cmi5_launch(f"{au_base}/choose-ladder.html", PUBLISHER)
    urllib.request.urlopen(urllib.request.Request(f"{lrs.base}/fetch?k={launch.key}", method="POST")).read()
    page.goto(url)
    page.locator("h1").wait_for()
    assert "Not connected to an LMS" in page.locator(".notice").text_content()
    assert "error 1" in page.evaluate("MMS.adapter.errors.join(' ')")
    assert lrs.statements == [] and lrs.violations == []


def test_browse_mode_sends_only_initialized_and_terminated(page, lrs, au_base):
    url, launch = lrs.cmi5_launch(f"{au_base}/choose-ladder.html", PUBLISHER, launch_mode="Browse")
    page.goto(url)
    complete_choose_ladder(page)
    press(page, page, "Finish")
    assert wait_for(lambda: "terminated" in lrs.verbs())
    assert lrs.verbs(ordered(lrs.of_session(launch))) == ["initialized", "terminated"]
    assert lrs.violations == []
    assert not [k for k in lrs.states if k[3] == "mms.resume"]      # the learner's record is left alone


def test_a_failed_final_attempt_sends_failed_and_completed_never_passed(page, lrs, tmp_path, one_attempt_zip, serve):
    base = serve(unzip(one_attempt_zip, tmp_path / "pkg"))
    url, launch = lrs.cmi5_launch(f"{base}/choose-ladder.html", PUBLISHER)
    page.goto(url)
    complete_choose_ladder(page, right=False)
    assert "0%" in page.locator(".result").text_content()
    press(page, page, "Finish")
    assert wait_for(lambda: "terminated" in lrs.verbs())
    session = ordered(lrs.of_session(launch))
    assert lrs.verbs(session) == ["initialized", "answered", "failed", "completed", "terminated"]
    failed = session[2]
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] == 0
    assert session[1]["result"]["response"] == "c1" and session[1]["result"]["success"] is False
    assert lrs.violations == []


def test_closing_the_window_terminates_and_the_next_session_resumes(page, lrs, au_base, _browser):
    url, launch = lrs.cmi5_launch(f"{au_base}/choose-ladder.html", PUBLISHER)
    page.goto(url)
    page.locator("h1").wait_for()
    press(page, page, "Start")
    press(page, page, "Next")
    press(page, page, "Next")
    page.close(run_before_unload=True)                                    # pagehide: keepalive terminated
    assert wait_for(lambda: "terminated" in lrs.verbs(lrs.of_session(launch)))
    assert lrs.verbs(ordered(lrs.of_session(launch))) == ["initialized", "terminated"]
    assert wait_for(lambda: any(k[3] == "mms.resume" for k in lrs.states))
    second = _browser.new_page()
    try:
        url2, launch2 = lrs.relaunch(launch, f"{au_base}/choose-ladder.html")
        second.goto(url2)
        second.locator("h1").wait_for()
        press(second, second, "Resume")
        assert second.locator("h2").text_content() == "Image"             # part 3, where the learner left
        press(second, second, "Next")
        tab_to_kind(second, second, "radio")
        second.keyboard.press("Space")
        press(second, second, "Submit")
        press(second, second, "Finish")
        assert wait_for(lambda: "terminated" in lrs.verbs(lrs.of_session(launch2)))
        assert lrs.verbs(ordered(lrs.of_session(launch2))) == ["initialized", "answered", "passed", "completed", "terminated"]
        assert lrs.violations == []
    finally:
        second.close()


def test_moveon_passed_on_a_module_without_a_pass_mark_is_met_by_completing_it(page, lrs, au_base):
    publisher = PUBLISHER.replace("choose-ladder", "set-up-ladder")
    url, launch = lrs.cmi5_launch(f"{au_base}/set-up-ladder.html", publisher, move_on="Passed", mastery=None)
    page.goto(url)
    page.locator("h1").wait_for()
    press(page, page, "Start")
    press(page, page, "Next")
    tab_to_kind(page, page, "radio")
    page.keyboard.press("Space")
    press(page, page, "Submit")
    press(page, page, "Finish")
    assert wait_for(lambda: "terminated" in lrs.verbs())
    session = ordered(lrs.of_session(launch))
    assert lrs.verbs(session) == ["initialized", "answered", "passed", "completed", "terminated"]
    assert "score" not in session[2]["result"]
    assert session[1]["object"]["definition"]["interactionType"] == "true-false"
    assert lrs.violations == []
    assert cmi5_format.ADAPTER == "cmi5.js"
