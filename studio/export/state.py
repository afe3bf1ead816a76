"""The learner's state as the player saves it (resume data), and its worst case per module.

The player (player.js, ``saveState``) writes exactly this shape with ``JSON.stringify``:

    {"v":1, "b": current block, "x": furthest block, "f": finished 0|1,
     "q": {"<block>": {"a": attempts used, "d": [drawn question indices],
                       "r": [responses, in drawn order, null if none], "c": [checked 0|1],
                       "s": last percent or null, "p": passed 0|1 or null}},
     "s": {"<block>": [likert 1-5 | text | null, …]},
     "p": {"<block>": [plan field text, …]}}

Text is cut to the caps in :mod:`studio.export.limits` and stripped of control characters
other than newline, so the most a character costs in JSON is two (``"`` → ``\\"``). Lengths
are UTF-16 code units, as JavaScript and LMS runtimes count them.
"""
from __future__ import annotations

import json

from studio.export import limits

_WORST_CHAR = '"'


def encode(state: dict) -> str:
    """Compact JSON, as ``JSON.stringify`` writes it."""
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _longest(*candidates):
    return max(candidates, key=lambda value: len(encode(value)))


def _worst_text(chars: int) -> str:
    return _WORST_CHAR * chars


def _worst_response(question: dict):
    kind = question["kind"]
    if kind == "single":
        return _longest(None, len(question["choices"]) - 1)
    if kind == "multiple":
        return _longest(None, list(range(len(question["choices"]))))
    if kind == "true_false":
        return _longest(None, False)
    if kind == "fill_blank":
        return _worst_text(limits.FILL_BLANK_CHARS)
    if kind == "matching":
        count = len(question["pairs"])
        return _longest(None, [_longest(-1, count - 1) for _ in range(count)])
    if kind == "ordering":
        return _longest(None, list(range(len(question["items"]))))
    raise ValueError(kind)


def _worst_quiz(quiz: dict) -> dict:
    count = len(quiz["questions"])
    asked = quiz["draw"] or count
    # The longest indices are the highest ones; which are drawn changes only the digits.
    drawn = list(range(count - asked, count))[::-1]
    attempts = quiz["attempts"] or limits.MAX_ATTEMPTS_COUNTED
    return {"a": attempts, "d": drawn, "r": [_worst_response(quiz["questions"][i]) for i in drawn],
            "c": [1] * asked, "s": 33.33, "p": None}


def worst_state(module: dict) -> dict:
    """The longest state ``module`` (its player JSON) can produce."""
    last = len(module["blocks"]) - 1
    state: dict = {"v": 1, "b": last, "x": last, "f": 0, "q": {}, "s": {}, "p": {}}
    for index, block in enumerate(module["blocks"]):
        if block["kind"] == "quiz":
            state["q"][str(index)] = _worst_quiz(block)
        elif block["kind"] == "survey":
            state["s"][str(index)] = [_worst_text(limits.SURVEY_TEXT_CHARS) if item["kind"] == "text" else None
                                      for item in block["items"]]
        elif block["kind"] == "action_plan":
            fields = [p for p in block["parts"] if isinstance(p, dict)]
            state["p"][str(index)] = ([_worst_text(limits.PLAN_FIELD_CHARS) for _ in fields] if fields
                                      else [_worst_text(limits.PLAN_TEXT_CHARS)])
    return state


def worst_suspend_length(module: dict) -> int:
    return utf16_length(encode(worst_state(module)))
