"""SCORM 2004 sequencing of our manifest, run by scorm-again's own sequencing engine: the LMS
page reads the activity tree from imsmanifest.xml (sequencing_from_manifest), scorm-again
starts the path and delivers each module into the frame, and the modules are taken by keyboard.
Continue follows the path order; the second module stays disabled, for continue and for choice,
until the first is passed."""
from __future__ import annotations

import json
import zipfile

import pytest

from tests.export.keyboard import press, tab_to_kind
from tests.export.scorm_again import (  # noqa: F401  (fixtures)
    calls, log_errors, refused, scorm_again_dist, scorm_again_packages, scorm_again_site, sequencing_from_manifest)

pytestmark = pytest.mark.browser

FIRST, SECOND = "ITEM-ladders-choose-ladder", "ITEM-ladders-set-up-ladder"
VALID = "LMS.api.lmsGetValue('adl.nav.request_valid.{}')"     # asked as the LMS, not logged as the SCO's


@pytest.fixture
def sequenced(page, scorm_again_site, scorm_again_packages):
    """The path opened through scorm-again's sequencing: returns the first module's frame."""
    package = scorm_again_packages["scorm2004"]
    with zipfile.ZipFile(package) as archive:
        settings, launch = sequencing_from_manifest(archive.read("imsmanifest.xml").decode())
    assert [a["id"] for a in settings["activityTree"]["children"]] == [FIRST, SECOND]
    init = {"sequencing": settings, "launch": {item: f"pkg/{href}" for item, href in launch.items()}}
    page.add_init_script(f"window.LMS_INIT = {json.dumps(init)};")
    page.goto(f"{scorm_again_site(package, 'scorm2004')}/sequenced.html")
    return module_frame(page, "choose-ladder")


def module_frame(page, module: str):
    page.frame_locator("#sco").locator("h1").wait_for()
    page.wait_for_function(f"document.getElementById('sco').contentWindow.location.pathname.endsWith('/{module}.html')")
    page.frame_locator("#sco").locator("h1").wait_for()
    page.evaluate("document.getElementById('sco').focus()")
    return next(f for f in page.frames if f.url.endswith(f"/{module}.html"))


def delivered(page) -> list[str]:
    return [item for item, _ in page.evaluate("window.LMS.delivered")]


def sequencing_events(page) -> list[list[str]]:
    return [e for e in page.evaluate("window.LMS.events") if e[0] in ("navigation", "sequencing error", "session end")]


def test_continue_delivers_the_path_in_order_and_ends_after_the_last_module(page, sequenced):
    sco = sequenced
    assert page.evaluate("window.LMS.start") is True and delivered(page) == [FIRST]
    assert page.evaluate(VALID.format("choice.{target=%s}" % SECOND)) == "false"   # disabled: first not passed
    press(page, sco, "Start")
    for _ in range(3):
        press(page, sco, "Next")
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("Space")
    press(page, sco, "Submit")
    press(page, sco, "Finish")
    second = module_frame(page, "set-up-ladder")
    assert second.locator("h1").text_content() == "Set up a ladder"
    assert delivered(page) == [FIRST, SECOND]
    log = calls(page)
    split = [c[0] for c in log].index("Terminate") + 1     # scorm-again delivers the next inside Terminate
    first_run, second_run = log[:split], log[split:]
    tail = [c[:3] for c in first_run[-3:]]
    assert tail == [["GetValue", "adl.nav.request_valid.continue", "true"], ["SetValue", "adl.nav.request", "continue"],
                    ["Terminate", "", "true"]]
    assert second_run[0] == ["Initialize", "", "true", "0"]               # a fresh attempt on the reset API
    assert page.evaluate(VALID.format("previous")) == "true"
    assert page.evaluate(VALID.format("choice.{target=%s}" % FIRST)) == "true"
    assert page.evaluate(VALID.format("choice.{target=%s}" % SECOND)) == "true"   # the first is passed now

    press(page, second, "Start")
    press(page, second, "Next")                                            # audio -> quiz
    tab_to_kind(page, second, "radio")
    page.keyboard.press("Space")
    press(page, second, "Submit")
    press(page, second, "Finish")
    second.locator(".done").wait_for()
    log = calls(page)
    assert [c[0] for c in log].count("Terminate") == 2 and log[-1][:3] == ["Terminate", "", "true"]
    assert refused(log, "403") == [] and all(c[:2] == ["GetValue", "cmi.suspend_data"] for c in log if c[-1] == "403")
    # scorm-again holds continue valid on the last module too; continuing past it ends the course
    assert sequencing_events(page) == [["navigation", "start", ""], ["navigation", "continue", ""],
                                       ["navigation", "continue", ""], ["session end", "end_of_content", "continue"]]
    assert delivered(page) == [FIRST, SECOND]
    assert [m for m in log_errors(page) if "cmi.suspend_data" not in m] == [] and page.problems == []


def test_the_second_module_stays_disabled_until_the_first_is_passed(page, sequenced):
    sco = sequenced
    press(page, sco, "Start")
    for _ in range(3):
        press(page, sco, "Next")
    tab_to_kind(page, sco, "radio")
    page.keyboard.press("ArrowDown")                 # the wrong choice: 0%, attempts left
    press(page, sco, "Submit")
    assert "0%" in sco.locator(".result").text_content()
    page.evaluate("document.getElementById('sco').src = 'about:blank'")    # the learner leaves
    page.wait_for_function("window.LMS.api.isTerminated()")
    log = calls(page)
    assert [c[0] for c in log].count("Terminate") == 1 and log[-1][:3] == ["Terminate", "", "true"]
    assert "adl.nav.request" not in [c[1] for c in log if c[0] == "SetValue"]
    # as the LMS: neither continue nor a choice of the second module is delivered
    assert page.evaluate(f"LMS.api.processNavigationRequest('choice', '{SECOND}')") is False
    assert page.evaluate("LMS.api.processNavigationRequest('continue')") is False
    page.wait_for_timeout(200)                       # a delivery would be scheduled by now
    assert delivered(page) == [FIRST]
    # scorm-again's own codes: the choice refused by the navigation request process (NB.2.1),
    # the continue by the flow traversal that meets the disabled module (SB.2.2)
    errors = [e[1] for e in sequencing_events(page) if e[0] == "sequencing error"]
    assert errors == ["NB.2.1-11", "SB.2.2-2"]
    # the first module can be chosen again (scorm-again keeps it as the current activity after
    # an exit without a request, so it reports no new delivery for the LMS to launch)
    assert page.evaluate(f"LMS.api.processNavigationRequest('choice', '{FIRST}')") is True
    assert page.problems == []
