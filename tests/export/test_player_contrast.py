"""WCAG 2.1 AA contrast of the player, measured in Chromium from computed styles.

A package with every block and question kind is opened, and on every screen (the menu, a
module's start, each block, feedback correct and incorrect, a submitted survey and quiz with
their disabled controls, hover, the transcript, the end) every visible piece of text is
measured against the background actually behind it (ancestors' backgrounds composited):
at least 4.5:1, 3:1 for large text (24 px, or 18.66 px bold). The boundary of every enabled
control (its border, or its fill) against what surrounds it, and the focus ring of every
element the keyboard reaches, against the background it is drawn on: at least 3:1
(WCAG 1.4.3, 1.4.11, 2.4.7). Headings focused by the player itself get a light mark, not the
ring. Placeholders count as text. The module list and a module's start show its length.
"""
from __future__ import annotations

import contextlib
import io
import json
import shutil

import pytest

from studio.cli.app import run
from tests.export.conftest import build, unzip

pytestmark = pytest.mark.browser

COURSE = """\
format: microstudio/1
title: Contrast check
language: en
budget_profiles:
  nano: {min: 0.1, max: 10, target: 1}
modules:
  - id: every-kind
    title: Every block kind
    profile: nano
    objective: Identify every part of the player
    blocks:
      - type: video
        media: media/intro.mp4
        captions: media/intro.vtt
      - type: text
        markdown: |
          ### A heading in the text

          Read [the guidance](https://example.org/guidance) and keep **one metre** above the landing.
      - type: image
        media: media/ladder.png
        alt: A ladder
      - type: summary_card
        title: Key points
        points: [Plan, "Keep it **close**"]
        markdown: A [link in a card](https://example.org/card).
      - type: survey
        items:
          - {likert: The module was useful}
          - {text: What would you change?}
      - type: action_plan
        prompt: I will practise on [day] at [place].
      - type: quiz
        pass_mark: 100
        attempts: 2
        questions:
          - kind: single
            prompt: Which step comes first?
            choices:
              - {text: Plan the lift, correct: true, feedback: Planning avoids surprises.}
              - {text: Bend your knees, feedback: That is step three.}
          - kind: multiple
            prompt: Which are signs of a load too heavy?
            choices:
              - {text: You cannot see over it, correct: true, feedback: Yes.}
              - {text: It is blue, feedback: Colour does not matter.}
          - kind: true_false
            prompt: You should twist while lifting.
            answer: false
            feedback: {correct: "Right, never twist.", incorrect: Twisting strains the back.}
          - kind: fill_blank
            prompt: Keep the load ____ to your body.
            answers: [close]
          - kind: matching
            prompt: Match each step to its purpose.
            pairs: [[Plan, Avoid surprises], [Grip, Control the load]]
          - kind: ordering
            prompt: Put the steps in order.
            items: [Plan, Grip, Lift]
  - id: listen
    title: Listen
    profile: nano
    objective: Recall the tip of the podcast
    blocks:
      - type: audio
        media: media/tip.mp3
        captions: media/intro.vtt
      - type: quiz
        pass_mark: 100
        questions:
          - kind: true_false
            prompt: The tip was about ladders.
            answer: true
"""

# Runs in the page: every visible text, every enabled control's boundary, with the contrast
# ratio against the composited background behind it.
AUDIT = r"""(where) => {
  const parse = (c) => { const m = /rgba?\(([^)]+)\)/.exec(c); if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const behind = (node) => {            // the opaque colour under node's content
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const shown = (n) => { const r = n.getBoundingClientRect(), s = getComputedStyle(n);
    return r.width > 1 && r.height > 1 && s.visibility === "visible" && s.display !== "none"; };
  const feedback = (n) => { const f = n.parentElement && n.parentElement.closest(".ok,.bad");
    return f ? "@" + (f.classList.contains("ok") ? "ok" : "bad") : ""; };
  const name = (n) => n.tagName.toLowerCase() + (n.className ? "." + String(n.className).trim().replace(/\s+/g, ".") : "")
    + (n.disabled ? ":disabled" : "") + (n.matches(":hover") ? ":hover" : "") + feedback(n);
  const out = [];
  const measure = (n, kind, fg, bg, need, text) => out.push({ where, kind, element: name(n), text: text.slice(0, 40),
    fg: fg.slice(0, 3).join(","), bg: bg.slice(0, 3).join(","), ratio: Math.round(ratio(fg, bg) * 100) / 100, need });
  for (const n of document.querySelectorAll("body *")) {
    if (!shown(n) || n.closest(".sr-only") || n.tagName === "VIDEO" || n.tagName === "AUDIO" || n.tagName === "OPTION") continue;
    const s = getComputedStyle(n), bg = behind(n);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    const own = Array.from(n.childNodes).filter(c => c.nodeType === 3).map(c => c.textContent).join("").trim();
    const value = /^(INPUT|TEXTAREA|SELECT)$/.test(n.tagName) && !/^(radio|checkbox)$/.test(n.type)
      ? (n.tagName === "SELECT" ? n.options[n.selectedIndex].text : n.value) : "";
    if (own || value) measure(n, n.disabled ? "disabled text" : "text", over(parse(s.color), bg), bg, need, own || value);
    if (n.placeholder && !n.value) {
      const p = getComputedStyle(n, "::placeholder");
      measure(n, "placeholder", over(parse(p.color), bg), bg, need, n.placeholder);
    }
    const control = /^(BUTTON|INPUT|TEXTAREA|SELECT)$/.test(n.tagName) && !/^(radio|checkbox)$/.test(n.type);
    if (control && !n.disabled) {          // WCAG 1.4.11: inactive controls are exempt
      const around = behind(n.parentElement), fill = over(parse(s.backgroundColor) || [0, 0, 0, 0], around);
      const border = over(parse(s.borderTopColor), fill);
      const edge = parseFloat(s.borderTopWidth) > 0 && ratio(border, around) >= ratio(fill, around) ? border : fill;
      measure(n, "boundary", edge, around, 3, n.textContent || n.type);
    }
  }
  return out;
}"""

# The focused element's indicator: its outline (drawn outside, on the parent's background)
# or, for headings the player focuses itself, a light mark (box-shadow) and no outline.
FOCUS = r"""() => {
  const n = document.activeElement, s = getComputedStyle(n);
  const parse = (c) => { const m = /rgba?\(([^)]+)\)/.exec(c); const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2]]; };
  let bg = [255, 255, 255];
  for (let p = n.parentElement; p; p = p.parentElement) {
    const c = getComputedStyle(p).backgroundColor; if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = parse(c); break; }
  }
  const lum = (c) => 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  function f(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  return { element: n.tagName.toLowerCase() + (n.type ? "[" + n.type + "]" : "") + " " + (n.textContent || "").trim().slice(0, 30),
    programmatic: n.getAttribute("tabindex") === "-1", ring, width: parseFloat(s.outlineWidth),
    ratio: ring ? Math.round(ratio(parse(s.outlineColor), bg) * 100) / 100 : null, shadow: s.boxShadow,
    visible: n.matches(":focus-visible") };
}"""


@pytest.fixture(scope="module")
def site(small_course_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("contrast-course")
    shutil.copytree(small_course_template / "media", folder / "media")
    (folder / "course.yaml").write_text(COURSE, encoding="utf-8")
    package = build(folder / "course.yaml", "html5", tmp_path_factory.mktemp("contrast-out"))
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        run(["check", str(folder / "course.yaml"), "--json"])
    minutes = {m["id"]: max(1, int(m["estimated_seconds"] / 60 + 0.5)) for m in json.loads(report.getvalue())["modules"]}
    return unzip(package, tmp_path_factory.mktemp("contrast-site")), minutes


class Audit:
    def __init__(self, page) -> None:
        self.page = page
        self.measured: list[dict] = []
        self.rings: dict[str, dict] = {}

    def screen(self, where: str) -> None:
        self.measured += self.page.evaluate(AUDIT, where)

    def tab_through(self, where: str, limit: int = 60) -> None:
        """Every element the keyboard reaches on this screen, and its focus indicator."""
        self.page.mouse.click(1, 1)      # a click on the page's corner: Tab starts from the top again
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.page.evaluate(FOCUS)
            if focused["element"].startswith("body"):
                break
            self.rings.setdefault(f"{where}: {focused['element']}", focused)


def heading_focus(page) -> dict:
    return page.evaluate(FOCUS)


def test_every_text_control_and_focus_ring_meets_wcag_aa_contrast(page, site, serve):
    folder, minutes = site
    assert minutes == {"every-kind": 7, "listen": 1}
    base = serve(folder)
    page.goto(f"{base}/index.html")
    page.get_by_role("heading", level=1).wait_for()
    audit = Audit(page)
    audit.screen("menu")
    audit.tab_through("menu")
    # the module list names each module's length (estimated as `studio check` does) and status
    assert page.locator("ul.menu li").nth(0).locator(".st").text_content() == "7 min · Not started"
    assert page.get_by_role("button", name="Every block kind").get_attribute("aria-describedby")
    page.get_by_role("button", name="Every block kind").hover()
    audit.screen("menu, hover")

    page.get_by_role("button", name="Every block kind").focus()
    page.keyboard.press("Enter")                          # by keyboard: the heading it focuses is :focus-visible
    assert page.locator("p.facts").first.text_content() == "7 min"
    start_heading = heading_focus(page)
    audit.screen("start")
    audit.tab_through("start")
    page.get_by_role("button", name="Start").hover()
    audit.screen("start, hover")
    page.get_by_role("button", name="Start").click()
    kinds = []
    while True:
        kind = page.locator("h2").text_content()
        kinds.append(kind)
        if kind in ("Your opinion", "Quiz"):
            audit.tab_through(kind + ", unanswered")
        if kind == "Your opinion":
            page.get_by_role("radio", name="Agree", exact=True).check()
            page.get_by_role("textbox").fill("More examples")
            audit.screen(kind)
            page.get_by_role("button", name="Submit").click()
        if kind == "Quiz":
            page.get_by_role("radio", name="Bend your knees").check()           # wrong, with its feedback
            page.get_by_role("button", name="Check answer").nth(0).click()
            page.get_by_role("checkbox", name="You cannot see over it").check()  # right
            page.get_by_role("button", name="Check answer").nth(1).click()
            page.get_by_role("radio", name="False").check()                     # right
            page.get_by_role("button", name="Check answer").nth(2).click()
            page.get_by_role("textbox").fill("close")
            audit.screen("quiz, before submitting")
            audit.tab_through("quiz")
            page.get_by_role("button", name="Submit").click()
            page.locator(".result .bad").wait_for()
        if kind == "Reading":
            page.get_by_role("link", name="the guidance").hover()
        audit.screen(kind)
        audit.tab_through(kind)
        if not page.get_by_role("button", name="Next").count():
            break
        page.get_by_role("button", name="Next").click()
    assert kinds == ["Video", "Reading", "Image", "Summary", "Your opinion", "Action plan", "Quiz"]
    page.get_by_role("button", name="Finish").click()
    audit.screen("end")
    page.get_by_role("button", name="Back to modules").click()
    page.get_by_role("button", name="Listen").click()
    page.get_by_role("button", name="Start").click()
    page.locator("summary").click()                           # the transcript, open
    audit.screen("audio")
    audit.tab_through("audio")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("radio", name="True").check()
    page.get_by_role("button", name="Submit").click()
    page.locator(".result .ok").wait_for()
    audit.screen("quiz passed")
    page.get_by_role("button", name="Finish").click()
    page.get_by_role("button", name="Back to modules").click()
    audit.screen("menu, later")

    kinds_seen = {(m["kind"], m["element"].split(".")[0]) for m in audit.measured}
    hovered = {m["element"] for m in audit.measured if ":hover" in m["element"]}
    elements = {m["element"].replace(":hover", "") for m in audit.measured}
    missing = {"button", "button.primary", "button:disabled", "button.primary:disabled", "a", "p.ok", "p.bad",
               "strong@ok", "strong@bad", "p@ok", "span.fb", "p.objective", "span.st.st-none", "span.st.st-passed",
               "p.crumb", "p.facts", "summary", "legend", "label.opt", "label", "textarea:disabled",
               "select:disabled", "input", "h1", "h2", "h3", "li", "p.done"} - elements
    assert missing == set(), f"nothing measured for {sorted(missing)}"
    assert {"button:hover", "button.primary:hover", "a:hover"} <= hovered, hovered
    assert {("placeholder", "input"), ("boundary", "input"), ("boundary", "select"), ("boundary", "textarea"),
            ("boundary", "button")} <= kinds_seen
    failures = [m for m in audit.measured if m["ratio"] < m["need"]]
    assert failures == [], "\n".join(f"{m['where']}: {m['kind']} {m['element']} {m['text']!r} {m['fg']} on "
                                     f"{m['bg']}: {m['ratio']} < {m['need']}" for m in failures)

    controls = {k: v for k, v in audit.rings.items() if not v["programmatic"]}
    reached = [v["element"].split(" ")[0] for v in controls.values()]
    assert len(controls) >= 15 and {"a", "summary", "button[button]", "input[radio]", "input[checkbox]",
                                    "input[text]", "textarea[textarea]", "select[select-one]"} <= set(reached)
    weak = {k: v for k, v in controls.items() if not (v["ring"] and v["width"] >= 2 and v["ratio"] >= 3)}
    assert weak == {}, weak
    # a heading the player focused after a keyboard action: marked lightly, no heavy ring
    assert start_heading["programmatic"] and start_heading["visible"], start_heading
    assert not start_heading["ring"] and "rgb(11, 87, 208)" in start_heading["shadow"], start_heading
    assert page.evaluate("window.__csp") == [] and page.problems == []

    # the audit finds what it is meant to find: grey on white, large grey text, a faint border
    page.evaluate("""() => { const h = document.querySelector('h1'), b = document.querySelector('button');
      h.style.color = '#a0a0a0'; document.querySelector('h2').style.color = '#777'; b.style.borderColor = '#ccc'; }""")
    doctored = page.evaluate(AUDIT, "doctored")
    flagged = {(m["kind"], m["element"].split(":")[0]) for m in doctored if m["ratio"] < m["need"]}
    assert flagged == {("text", "h1"), ("boundary", "button")}    # h2 is large text: #777 passes 3:1
