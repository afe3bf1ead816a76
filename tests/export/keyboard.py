"""Driving the player by keyboard alone, as a learner without a mouse would."""
from __future__ import annotations

FOCUSED = """() => { const a = document.activeElement;
  return a ? (a.getAttribute('aria-label') || a.textContent || a.type || a.tagName).trim() : ''; }"""


def tab_to(page, frame, name: str, *, limit: int = 40, exact: bool = True) -> None:
    """Press Tab until the focused element's accessible name is ``name`` (its text or aria-label)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = frame.evaluate(FOCUSED)
        if (now == name) if exact else (name in now):
            return
    raise AssertionError(f"Tab never reached {name!r} (last focus: {frame.evaluate(FOCUSED)!r})")


def tab_to_kind(page, frame, input_type: str, *, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate("() => document.activeElement && document.activeElement.type") == input_type:
            return
    raise AssertionError(f"Tab never reached an input of type {input_type}")


def press(page, frame, name: str, key: str = "Enter") -> None:
    tab_to(page, frame, name)
    page.keyboard.press(key)
