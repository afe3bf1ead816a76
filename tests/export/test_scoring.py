"""The Python scoring rules against the shared vectors (the browser runs the same file: test_player.py)."""
import json
from pathlib import Path

import pytest

from studio.export.scoring import percent, score_question, score_quiz

VECTORS = json.loads((Path(__file__).parent / "scoring_vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["questions"], ids=lambda c: f"{c['question']['kind']}-{c['response']!r}")
def test_question_vectors(case):
    assert score_question(case["question"], case["response"]) == {"correct": case["correct"], "earned": case["earned"]}


@pytest.mark.parametrize("case", VECTORS["quizzes"], ids=lambda c: f"{c['drawn']}-{c['expected']['percent']}")
def test_quiz_vectors(case):
    assert score_quiz(case["quiz"], case["drawn"], case["responses"]) == case["expected"]


@pytest.mark.parametrize("case", VECTORS["percents"], ids=lambda c: f"{c['earned']}/{c['possible']}")
def test_percent_rounds_halves_up(case):
    assert percent(case["earned"], case["possible"]) == case["percent"]


def test_every_question_kind_has_vectors():
    from studio.model import QUESTION_KINDS
    assert {c["question"]["kind"] for c in VECTORS["questions"]} == set(QUESTION_KINDS)
