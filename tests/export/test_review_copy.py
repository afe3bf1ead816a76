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
    assert "Enter your name" in page.locator(".rv .rv-msg").text_content()
    assert page.evaluate("document.activeElement.id").startswith("rv-name")
    page.get_by_label("Your name").fill("Dana " + PAYLOAD)
    add_comment(page, "A good opening.")
    assert "Status: Approved" in page.locator(".rv-status").text_content()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Next").click()                              # part 2: the text
    add_comment(page, "Say why one metre. " + PAYLOAD)
    add_comment(page, "A typo to delete.")
    assert page.locator(".rv-count").text_content() == "3 comments"
    page.goto((site / "index.html").as_uri())                                    # a later visit: kept
    page.get_by_role("button", name="Choose the right ladder").click()
    page.get_by_role("button", name="Resume").click()
    mine = page.locator(".rv-mine")
    assert mine.count() == 2 and PAYLOAD in mine.first.text_content()           # shown as text
    mine.nth(1).get_by_role("button", name="Delete").click()
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
