"""The player in headless Chromium: the shared scoring vectors, the state encoding, every
block kind, the HTML5 package from file://, a phone-sized screen, and XSS payloads from
every kind of course text."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from studio.export import state
from studio.export.pages import PLAYER_DIR
from tests.export.conftest import build, unzip

pytestmark = pytest.mark.browser
VECTORS = json.loads((Path(__file__).parent / "scoring_vectors.json").read_text(encoding="utf-8"))


def test_javascript_scores_every_vector_as_python_does(page):
    page.set_content("<!DOCTYPE html><title>t</title>")
    page.add_script_tag(content=(PLAYER_DIR / "player.js").read_text(encoding="utf-8"))
    results = page.evaluate("""(v) => ({
        questions: v.questions.map(c => MMS.score.scoreQuestion(c.question, c.response)),
        quizzes: v.quizzes.map(c => MMS.score.scoreQuiz(c.quiz, c.drawn, c.responses)),
        percents: v.percents.map(c => MMS.score.percent(c.earned, c.possible))})""", VECTORS)
    for case, got in zip(VECTORS["questions"], results["questions"]):
        assert got == {"correct": case["correct"], "earned": case["earned"]}, case
    for case, got in zip(VECTORS["quizzes"], results["quizzes"]):
        assert got == case["expected"], case
    assert results["percents"] == [c["percent"] for c in VECTORS["percents"]]


def test_the_worst_case_state_measures_the_same_in_javascript(page, small_course_template):
    from studio.export.content import quiz_json
    from studio.source.reader import read_course_document
    course = read_course_document(small_course_template / "course.yaml").course
    module = {"id": "m", "blocks": [{"kind": "quiz", **quiz_json(b)} if b.kind == "quiz" else {"kind": b.kind}
                                    for b in course.modules[0].blocks]}
    encoded = state.encode(state.worst_state(module))
    assert page.evaluate("(s) => JSON.stringify(JSON.parse(s))", encoded) == encoded
    assert page.evaluate("(s) => s.length", encoded) == state.utf16_length(encoded)


def walk_html5(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).wait_for()


def test_html5_works_from_file_and_resumes_from_local_storage(page, built, tmp_path):
    site = unzip(built["html5"], tmp_path / "html5")
    url = (site / "index.html").as_uri()
    walk_html5(page, url)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("button", name="Set up a ladder").click()
    page.get_by_role("button", name="Start").click()
    assert page.evaluate("document.querySelector('audio').src").startswith("file://")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("radio", name="True").check()
    page.get_by_role("button", name="Check answer").click()
    page.get_by_role("button", name="Submit").click()
    assert "100%" in page.locator(".result").text_content()
    page.get_by_role("button", name="Finish").click()
    page.get_by_role("button", name="Back to modules").click()
    walk_html5(page, url)                                     # a new visit: progress kept in the browser
    assert "Completed" in page.locator("ul.menu").text_content()   # its quiz has no pass mark
    assert page.evaluate("window.__csp") == [] and page.problems == []


def test_every_part_fits_a_360px_screen_and_shows_its_media(page, built, tmp_path, serve):
    base = serve(unzip(built["html5"], tmp_path / "html5"))
    page.set_viewport_size({"width": 360, "height": 740})
    walk_html5(page, f"{base}/index.html")
    page.get_by_role("button", name="Choose the right ladder").click()
    page.get_by_role("button", name="Start").click()
    seen = []
    while True:
        seen.append(page.locator("h2").text_content())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, seen[-1]
        if seen[-1] == "Image":
            _wait_until(page, "document.querySelector('img').naturalWidth > 0")
            assert page.get_attribute("img", "alt") == "Three ladder types side by side"
        if seen[-1] == "Video":
            _wait_until(page, "document.querySelector('video').readyState >= 1")
            assert page.evaluate("document.querySelector('track').track.mode") != "disabled"
        next_button = page.get_by_role("button", name="Next")
        if not next_button.count():
            break
        next_button.click()
    assert seen == ["Video", "Reading", "Image", "Quiz"]
    assert page.evaluate("window.__csp") == [] and page.problems == []


PAYLOADS = ['<img src=x onerror="window.__xss=1">', '"><script>window.__xss=1</script>',
            "javascript:window.__xss=1", "<svg onload=window.__xss=1>", "</script><script>window.__xss=1</script>"]


def xss_course(folder: Path, small_course_template: Path) -> Path:
    import shutil

    import yaml
    shutil.copytree(small_course_template / "media", folder / "media")
    (folder / "media" / "intro.vtt").write_text(f"WEBVTT\n\n00:00.000 --> 00:03.000\n{' '.join(PAYLOADS)}\n")
    shutil.copy(folder / "media" / "tip.mp3", folder / "media" / "tip'onerror=x.mp3")
    shutil.copy(folder / "media" / "intro.vtt", folder / "media" / "tip.vtt")
    p = " | ".join(PAYLOADS)
    md = "\n\n".join(PAYLOADS) + "\n\n[link](javascript:window.__xss=1) <a href=\"javascript:window.__xss=1\">a</a>"
    course = {
        "format": "microstudio/1", "title": f"T {p}", "language": "en",
        "budget_profiles": {"micro": {"min": 0.01, "max": 60, "target": 1}},
        "modules": [{"id": "xss", "title": f"M {p}", "objective": f"Identify {p}", "blocks": [
            {"type": "video", "media": "media/intro.mp4", "captions": "media/intro.vtt"},
            {"type": "audio", "media": "media/tip'onerror=x.mp3", "captions": "media/tip.vtt"},
            {"type": "image", "media": "media/ladder.png", "alt": p},
            {"type": "text", "markdown": md},
            {"type": "quiz", "pass_mark": 50, "questions": [
                {"kind": "single", "prompt": p, "choices": [{"text": p, "correct": True, "feedback": p}, {"text": "b " + p}],
                 "feedback": {"correct": p, "incorrect": p}},
                {"kind": "multiple", "prompt": p, "choices": [{"text": p, "correct": True}, {"text": "x " + p}]},
                {"kind": "true_false", "prompt": p, "answer": True},
                {"kind": "fill_blank", "prompt": p, "answers": [p]},
                {"kind": "matching", "prompt": p, "pairs": [[p, p], ["b " + p, "c " + p]]},
                {"kind": "ordering", "prompt": p, "items": [p, "2 " + p]}]},
            {"type": "summary_card", "title": p, "points": [p, "**b** " + p], "markdown": md},
            {"type": "survey", "items": [{"likert": p}, {"text": p}]},
            {"type": "action_plan", "prompt": f"I will [{PAYLOADS[0][:30]}] on [day] {p}"}]}],
    }
    (folder / "course.yaml").write_text(yaml.safe_dump(course, allow_unicode=True), encoding="utf-8")
    return folder / "course.yaml"


def test_no_course_text_can_run_script(page, small_course_template, tmp_path, serve):
    source = xss_course(tmp_path / "xss", small_course_template)
    for fmt in ("html5", "scorm12"):
        zip_path = build(source, fmt, tmp_path / "out", "--force")
        site = unzip(zip_path, tmp_path / fmt)
        assert all(name.isascii() and " " not in name and "'" not in name for name in
                   (p.relative_to(site).as_posix() for p in site.rglob("*")))
    base = serve(tmp_path / "html5")
    # Without the CSP too: the sanitiser alone must hold, so serve the page with the meta removed.
    index = (tmp_path / "html5" / "index.html")
    index.with_name("nocsp.html").write_text(
        "\n".join(l for l in index.read_text(encoding="utf-8").splitlines() if "Content-Security-Policy" not in l),
        encoding="utf-8")
    for name in ("index.html", "nocsp.html"):
        page.goto(f"{base}/{name}")
        page.locator("h1").wait_for()
        page.locator(".nav button.primary").click()        # Start, or Resume on the second page
        while page.get_by_role("button", name="Previous").count():
            page.get_by_role("button", name="Previous").click()
        while True:
            page.wait_for_timeout(50)
            unchecked = page.locator("button:enabled", has_text="Check answer")
            while unchecked.count():
                unchecked.first.click()
            assert page.evaluate("window.__xss") is None
            dangerous = page.evaluate("""() => [...document.querySelectorAll('*')].filter(n =>
                [...n.attributes].some(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
                || (n.tagName === 'SCRIPT' && !n.src && n.type !== 'application/json')
                || ['SVG', 'IFRAME', 'OBJECT', 'EMBED'].includes(n.tagName.toUpperCase())).map(n => n.outerHTML)""")
            assert dangerous == []
            if not page.get_by_role("button", name="Next").count():
                break
            page.get_by_role("button", name="Next").click()
    assert page.problems == []


def _wait_until(page, expression: str, timeout_s: float = 30.0) -> None:
    """Poll ``expression`` from the test (page.evaluate goes through the debugging protocol):
    wait_for_function polls with eval() inside the page, which the package's CSP forbids —
    it failed whenever the condition was not already true on the first try."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(50)
