"""Concepts named on quiz questions (``concepts: [...]``): what a module's quiz assesses.

Tags are optional. When a module tags any question, its tags are what "assessed" means for
its concepts (``sequence.unused-concept``); a tag the module neither introduces nor requires
is most likely a typo or a question in the wrong module (``quiz.unknown-concept``).
"""
from __future__ import annotations

import re
import unicodedata

from studio import model as m
from studio.rules.problems import Problem


def questions(module: m.Module) -> list[tuple[int, int, m.Question]]:
    """Every quiz question of the module as ``(block index, question number from 1, question)``."""
    return [(bi, qi, q) for bi, block in enumerate(module.blocks) if isinstance(block, m.QuizBlock)
            for qi, q in enumerate(block.questions, 1)]


def tagged_concepts(module: m.Module) -> set[str]:
    return {c for _, _, q in questions(module) for c in q.concepts}


def has_tags(module: m.Module) -> bool:
    return any(q.concepts for _, _, q in questions(module))


def mentions(concept: str, text: str | None) -> bool:
    """Whether ``text`` names the concept: each word of its id (three letters or more) starts a
    word of the text, compared on its first five letters ("forklift-checks" in "Which forklift
    check comes first?"). Case and accents are folded: ids are usually ASCII ("chaine-du-froid")
    while the quiz is written in the language ("la chaîne du froid")."""
    words = [w for w in re.split(r"[-_\s]+", _fold(concept)) if len(w) >= 3]
    found = re.findall(r"\w+", _fold(text or ""))
    return bool(words) and all(any(t.startswith(w[:5]) for t in found) for w in words)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def unknown_concept_problems(module: m.Module) -> list[Problem]:
    own = set(module.introduces) | set(module.requires)
    problems = []
    for block, number, question in questions(module):
        for concept in question.concepts:
            if concept not in own:
                problems.append(Problem(
                    "quiz.unknown-concept", "warning",
                    f"question {number} is tagged '{concept}', which '{module.id}' neither introduces nor "
                    f"requires ({_concept_list(module)}): fix the tag or add '{concept}' to the module's "
                    "introduces or requires", module=module.id, block=block))
    return problems


def _concept_list(module: m.Module) -> str:
    parts = []
    if module.introduces:
        parts.append("introduces " + ", ".join(f"'{c}'" for c in module.introduces))
    if module.requires:
        parts.append("requires " + ", ".join(f"'{c}'" for c in module.requires))
    return "; ".join(parts) or "it names no concepts"
