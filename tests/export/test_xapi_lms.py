"""The xAPI (Tin Can) package in headless Chromium, launched as an LMS launches tincan.xml's
activity (endpoint, auth, actor, registration, activity_id), against the test LRS: statements
checked one by one and asserted in order, resume through the State API; keyboard only."""
from __future__ import annotations

import json
import time
import uuid
from urllib.parse import urlencode

import pytest

from tests.export.conftest import build, unzip
from tests.export.keyboard import press, tab_to_kind
from tests.export.lrs.server import LRS

pytestmark = pytest.mark.browser
COURSE = "urn:x-micromodule-studio:ladder-safety/path/ladders"
AUTH = "Basic dGVzdDpzZWNyZXQ="


@pytest.fixture(scope="module")
def xapi_zip(small_course_template, tmp_path_factory):
    return build(small_course_template / "course.yaml", "xapi", tmp_path_factory.mktemp("xapi"))


@pytest.fixture
def lrs():
    server = LRS()
    server.basic.add(AUTH)
    yield server
    server.close()


def wait_for(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def launch_url(base, lrs, registration, *, activity_id=True):
    # A Tin Can 0.95 launcher's actor (arrays), which the adapter normalises.
    query = {"endpoint": f"{lrs.base}/xapi", "auth": AUTH, "registration": registration,
             "actor": json.dumps({"name": ["Pat Learner"], "mbox": ["mailto:pat@example.com"]})}
    if activity_id:
        query["activity_id"] = COURSE
    return f"{base}/index.html?{urlencode(query)}"


def test_a_module_done_by_keyboard_reports_xapi_statements_and_resumes(page, lrs, tmp_path, xapi_zip, serve, _browser):
    base = serve(unzip(xapi_zip, tmp_path / "pkg"))
    registration = str(uuid.uuid4())
    page.goto(launch_url(base, lrs, registration))
    page.get_by_role("heading", name="Modules").wait_for()
    press(page, page, "Choose the right ladder")
    press(page, page, "Start")
    for _ in range(3):
        press(page, page, "Next")
    tab_to_kind(page, page, "radio")
    page.keyboard.press("Space")
    press(page, page, "Check answer")
    press(page, page, "Submit")
    press(page, page, "Finish")
    assert wait_for(lambda: "completed" in lrs.verbs())
    statements = sorted(lrs.statements, key=lambda s: s["timestamp"])
    assert lrs.verbs(statements) == ["attempted", "experienced", "experienced", "experienced", "experienced",
                                     "answered", "passed", "completed"]
    assert lrs.violations == []
    module = f"{COURSE}/choose-ladder"
    for s in statements:
        assert s["actor"] == {"objectType": "Agent", "name": "Pat Learner", "mbox": "mailto:pat@example.com"}
        assert s["context"]["registration"] == registration
        assert "category" not in s["context"]["contextActivities"]
    assert statements[0]["object"]["id"] == module and statements[-1]["object"]["id"] == module
    passed = statements[6]["result"]
    assert passed["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100} and passed["success"] is True
    assert statements[-1]["result"]["completion"] is True and statements[-1]["result"]["duration"].startswith("PT")
    answered = statements[5]
    assert answered["object"]["definition"]["interactionType"] == "choice" and answered["result"]["response"] == "c0"
    # back at the menu the status shows; the course's state document holds the module's record
    press(page, page, "Back to modules")
    assert "Passed" in page.locator("ul.menu").text_content()
    state = next(v for k, v in lrs.states.items() if k[3] == "mms.resume")
    assert state["modules"]["choose-ladder"]["sent"] == {"passed": 1, "completed": 1}
    page.close(run_before_unload=True)

    # a second launch without activity_id (read from tincan.xml): the record comes back, no duplicate results
    second = _browser.new_page()
    try:
        second.goto(launch_url(base, lrs, registration, activity_id=False))
        second.get_by_role("heading", name="Modules").wait_for()
        assert "Passed" in second.locator("ul.menu").text_content()
        press(second, second, "Set up a ladder")
        press(second, second, "Start")
        press(second, second, "Next")
        tab_to_kind(second, second, "radio")
        second.keyboard.press("Space")
        press(second, second, "Submit")
        press(second, second, "Finish")
        assert wait_for(lambda: lrs.verbs().count("completed") == 2)
        later = [s for s in lrs.statements if s["object"]["id"].startswith(f"{COURSE}/set-up-ladder")]
        assert lrs.verbs(sorted(later, key=lambda s: s["timestamp"])) == ["attempted", "experienced", "experienced",
                                                                          "answered", "completed"]
        assert next(s for s in later if s["verb"]["id"].endswith("answered"))["object"]["definition"]["interactionType"] == "true-false"
        assert lrs.violations == []
    finally:
        second.close()


def test_without_launch_parameters_the_package_still_works_unconnected(page, tmp_path, xapi_zip, serve):
    base = serve(unzip(xapi_zip, tmp_path / "pkg"))
    page.goto(f"{base}/index.html")
    page.get_by_role("heading", name="Modules").wait_for()
    press(page, page, "Choose the right ladder")
    assert "Not connected to an LMS" in page.locator(".notice").text_content()
    assert page.problems == []
