"""Driving a packaged SCO inside one of the test LMS pages (tests/export/lms/*.html) and
reading back what it reported, call by call."""
from __future__ import annotations

import json


def open_sco(page, base: str, lms_page: str, module: str, init: dict | None = None):
    """Load ``module``'s launch page in the LMS page's frame; returns that frame, focused."""
    if init:
        page.add_init_script(f"window.LMS_INIT = {json.dumps(init)};")
    page.goto(f"{base}/{lms_page}?sco=pkg/{module}.html")
    page.frame_locator("#sco").locator("h1").wait_for()
    sco = next(f for f in page.frames if f is not page.main_frame and f.url.endswith(f"{module}.html"))
    page.evaluate("document.getElementById('sco').focus()")
    return sco


def calls(page) -> list[list]:
    return page.evaluate("window.LMS.calls")


def values_set(page, setter: str) -> dict[str, list[str]]:
    """Every value the SCO set, by element, in order (``setter``: LMSSetValue or SetValue)."""
    out: dict[str, list[str]] = {}
    for call in calls(page):
        if call[0] == setter:
            out.setdefault(call[1], []).append(call[2])
    return out
