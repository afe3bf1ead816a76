"""The review copy in headless Chromium, opened from disk as an SME would: comments on a
module and on its parts, kept across visits, deleted, downloaded, and imported back onto the
right blocks; earlier open comments shown; names and comments shown as text, never run; a
phone-sized screen."""
from __future__ import annotations

import json

import pytest

from studio.project import store
from studio.project.file import ProjectFile
from tests.cli import run
from tests.export.conftest import build, unzip

pytestmark = pytest.mark.browser
PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def open_copy(page, site):
    page.goto((site / "index.html").as_uri())
    page.evaluate("localStorage.clear()")             # one browser profile serves every test
    page.reload()
    page.get_by_role("heading", level=1).wait_for()


def add_comment(page, text):
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name="Add comment").click()


@pytest.fixture
def project(small_project):
    return small_project


def test_an_sme_comments_downloads_and_the_designer_imports(page, project, tmp_path, capsys):
    site = unzip(build(project, "review", tmp_path / "out"), tmp_path / "site")
    open_copy(page, site)
    page.get_by_role("button", name="Choose the right ladder").click()
    page.get_by_role("button", name="Add comment").click()                       # no name yet
    page.locator(".rv .rv-msg", has_text="Enter your name").wait_for()
    page.locator(".rv-bar .rv-msg", has_text="Enter your name").wait_for()         # said beside the field too
    assert page.evaluate("document.activeElement.id").startswith("rv-name")
    assert page.get_by_label("Your name").get_attribute("aria-invalid") == "true"
    page.get_by_label("Your name").fill("Dana " + PAYLOAD)
    add_comment(page, "A good opening.")
    assert "Status: Approved" in page.locator(".rv-status").text_content()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Next").click()                              # part 2: the text
    add_comment(page, "Say why one metre. " + PAYLOAD)
    page.get_by_label("Your comment").fill("A typo to delete.")                  # typed, not added yet
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Previous").click()
    assert page.get_by_label("Your comment").input_value() == "A typo to delete."   # the draft waited
    page.get_by_role("button", name="Add comment").click()
    assert page.locator(".rv-count").text_content() == "3 comments"
    page.goto((site / "index.html").as_uri())                                    # a later visit: kept
    page.get_by_role("button", name="Choose the right ladder").click()
    page.get_by_role("button", name="Resume").click()
    mine = page.locator(".rv-mine")
    assert mine.count() == 2 and PAYLOAD in mine.first.text_content()           # shown as text
    mine.nth(1).get_by_role("button", name="Delete comment: A typo to delete.").click()
    assert page.locator(".rv-count").text_content() == "2 comments"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download comments").click()
    name = download.value.suggested_filename
    assert name.startswith("ladder-safety-review-dana-img-src-x-onerror-") and name.endswith(".json")
    assert len(name) <= len("ladder-safety-review-") + 40 + len(".json")         # a short, safe file name
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(str(saved))
    assert page.problems == [] and page.evaluate("window.__csp") == []

    doc = json.loads(saved.read_text())
    assert doc["reviewer"] == "Dana " + PAYLOAD and [c["block"] for c in doc["comments"]] == [None, 1]
    code, printed, _ = run("review", "import", project, saved, capsys=capsys)
    assert code == 0 and "imported 2 comment(s)" in printed
    with ProjectFile.open(project) as p, p.sessions() as s:
        comments = store.read_course(s).module("choose-ladder").comments
    assert [(c.block, c.text) for c in comments] == [(None, "A good opening."), (1, "Say why one metre. " + PAYLOAD)]

    # The next review copy shows them as open comments where they were made.
    site2 = unzip(build(project, "review", tmp_path / "out2"), tmp_path / "site2")
    open_copy(page, site2)
    page.get_by_role("button", name="Choose the right ladder").click()
    earlier = page.locator(".rv-earlier")
    assert earlier.count() == 1 and "A good opening." in earlier.text_content()
    assert "open, from an earlier review" in earlier.text_content()
    assert page.problems == []


def test_the_review_copy_fits_a_phone(page, small_course, tmp_path):
    site = unzip(build(small_course, "review", tmp_path / "out"), tmp_path / "site")
    page.set_viewport_size({"width": 360, "height": 740})
    open_copy(page, site)
    page.get_by_role("button", name="Set up a ladder").click()
    for _ in range(2):
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.get_by_role("button", name="Start").or_(page.get_by_role("button", name="Next")).first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_role("complementary", name="Review copy").is_visible()


def test_the_review_layer_meets_wcag_aa_contrast_and_every_control_is_reached(page, project, tmp_path, capsys):
    from tests.export.test_player_contrast import Audit
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps({"format": "microstudio-review/1", "course": {"title": "Ladder safety", "build": "x"},
                                       "reviewer": "Sam", "comments": [{"module": "choose-ladder", "block": None,
                                                                        "at": "2026-12-01T10:00:00Z", "text": "Earlier."}]}))
    assert run("review", "import", project, earlier, capsys=capsys)[0] == 0
    site = unzip(build(project, "review", tmp_path / "out"), tmp_path / "site")
    open_copy(page, site)
    audit = Audit(page)
    audit.screen("menu")
    page.get_by_role("button", name="Choose the right ladder").click()
    page.get_by_role("button", name="Add comment").click()                       # the message, in its colour
    page.get_by_label("Your name").fill("Dana")
    add_comment(page, "Mine.")
    page.get_by_role("button", name="Download comments").hover()
    audit.screen("start, hover")
    audit.tab_through("start")
    page.get_by_role("button", name="Start").click()
    audit.screen("part")
    elements = {m["element"].replace(":hover", "") for m in audit.measured}
    assert {"p.rv-title", "strong", "label", "span.rv-count", "h2", "p.rv-status", "p.rv-meta", "p.rv-msg"} <= elements
    failures = [m for m in audit.measured if m["ratio"] < m["need"]]
    assert failures == [], "\n".join(f"{m['where']}: {m['kind']} {m['element']} {m['text']!r} {m['fg']} on "
                                     f"{m['bg']}: {m['ratio']} < {m['need']}" for m in failures)
    reached = {k.split(": ", 1)[1] for k in audit.rings}
    assert {"input[text]", "button[button] Download comments", "button[button] Delete",
            "textarea[textarea]", "button[button] Add comment"} <= {r.strip() for r in reached}, reached
    weak = {k: v for k, v in audit.rings.items() if not v["programmatic"]
            and not (v["ring"] and v["width"] >= 2 and v["ratio"] >= 3)}
    assert weak == {}, weak
