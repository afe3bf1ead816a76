"""How the player scores a quiz, in Python: the reference the JavaScript in player.js must match.

Both work on the player's JSON form of a question (:func:`studio.export.content.question_json`)
and the same response shapes; ``tests/export/scoring_vectors.json`` is run against this
module in pytest and against ``MMS.score`` in Chromium, so the two cannot drift apart.

Responses, by kind:
  single      the index of the chosen choice
  multiple    the indices of the chosen choices (any order)
  true_false  true or false
  fill_blank  the typed text (compared after normalising case, Unicode form and spaces)
  matching    for each pair, the index of the right-hand side chosen for its left side
  ordering    the item indices in the learner's order (the source order is correct)
A missing or malformed response scores 0. A question is all or nothing: ``points`` or 0.
"""
from __future__ import annotations

import math
import re
import unicodedata

# Spelled out rather than ``\s`` so Python and JavaScript collapse exactly the same characters.
_SPACES = re.compile("[ \t\n\r\f\v\u00a0]+")


def normalise_answer(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).lower()).strip(" ")


def _is_int(value) -> bool:
    # JSON has one number type: 2.0 is an integer to JavaScript (Number.isInteger), so here too.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _int_list(value) -> list[int] | None:
    if not isinstance(value, list) or not all(_is_int(v) for v in value):
        return None
    return value


def is_correct(question: dict, response) -> bool:
    kind = question["kind"]
    if response is None:
        return False
    if kind == "single":
        choices = question["choices"]
        return _is_int(response) and 0 <= response < len(choices) and bool(choices[int(response)]["correct"])
    if kind == "multiple":
        chosen = _int_list(response)
        wanted = {i for i, c in enumerate(question["choices"]) if c["correct"]}
        return chosen is not None and len(set(chosen)) == len(chosen) and {int(v) for v in chosen} == wanted
    if kind == "true_false":
        return isinstance(response, bool) and response == question["answer"]
    if kind == "fill_blank":
        if not isinstance(response, str) or not normalise_answer(response):
            return False
        return normalise_answer(response) in {normalise_answer(a) for a in question["answers"]}
    if kind == "matching":
        chosen = _int_list(response)
        return chosen is not None and [int(v) for v in chosen] == list(range(len(question["pairs"])))
    if kind == "ordering":
        chosen = _int_list(response)
        return chosen is not None and [int(v) for v in chosen] == list(range(len(question["items"])))
    return False


def score_question(question: dict, response) -> dict:
    correct = is_correct(question, response)
    return {"correct": correct, "earned": float(question["points"]) if correct else 0.0}


def percent(earned: float, possible: float) -> float:
    """Two decimals, halves rounded up (not Python's round-half-even), as Math.round does."""
    if possible <= 0:
        return 0.0
    return math.floor(earned * 10000 / possible + 0.5) / 100


def score_quiz(quiz: dict, drawn: list[int], responses: list) -> dict:
    """The result of one attempt: ``drawn`` are the indices of the questions asked, in order,
    ``responses`` the learner's answers to them (same order; None when unanswered)."""
    earned = possible = 0.0
    for position, index in enumerate(drawn):
        question = quiz["questions"][index]
        response = responses[position] if position < len(responses) else None
        earned += score_question(question, response)["earned"]
        possible += float(question["points"])
    score = percent(earned, possible)
    pass_mark = quiz.get("pass_mark")
    return {"earned": earned, "possible": possible, "percent": score,
            "passed": None if pass_mark is None else score >= pass_mark}
