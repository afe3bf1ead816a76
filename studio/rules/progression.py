"""Progression along a path: Bloom levels per concept, quizzes that only test recall, pacing.

The Bloom level of a module is the level of its objective's action verb
(:func:`studio.rules.objective.analyse_objective`); a module whose objective has no Bloom
verb (missing, vague, unknown) has no level and takes no part in the level checks.

``sequence.bloom-drop`` — for each concept, the first module of the path that works on it
(introduces or requires it) and has a level is compared with each later module on it:

- a later module that teaches the concept again (introduces it too) :data:`SHARP_DROP`
  levels or more below (create → analyze, evaluate → apply, apply → remember);
- a later module that uses the concept (requires it), names it in its objective, and works at
  remember or understand level, :data:`BACK_TO_BASICS` levels or more below ("Design a root
  cause analysis", then "List the five whys of a root cause analysis"). A module whose
  objective does not name the concept works at its level on what it teaches, not on this
  ("Choose the right extinguisher", then "Identify the exits" that requires it).

Either way learners do the harder task before the path works on the concept at the easier
level. Not a drop: a module that uses the concept to practise a skill of its own at apply level
or above ("Plan a lift route" (create), then "Demonstrate a safe lift" along it); a recap that
introduces nothing (retrieval practice at a low level is its point); one level down (apply →
understand), which is revision and within the noise of a verb list that puts "assess a load
with a checklist" under evaluate. A concept the first module requires and a later one
introduces is a missing prerequisite (``sequence.missing-prerequisite``) and is not reported
twice — unless it is one of the path's entry concepts, which learners are meant to have, and
which the path then teaches again below the level it already asked for. The warning is on the
first module, once per later module, naming every concept the two share in this way.

``quiz.recall-only`` — a module whose objective asks for application or more (level ≥ 3)
and whose every quiz question only tests recall. A question tests recall when its prompt is
not a scenario (one sentence, no "you are…", "a colleague…", "if…", "que faites-vous…") and
it is a true/false or fill-in question, or a single/multiple choice whose prompt opens with
a recall phrase ("What is…", "Which … is called", "Define…", "Qu'est-ce que…", "Quel est…").
Matching and ordering questions never count as recall. Only English and French prompts are
judged; other languages are never flagged.
"""
from __future__ import annotations

import re
from functools import lru_cache

from studio import model as m
from studio.rules.objective import LEVEL_NAMES, ObjectiveAnalysis, analyse_objective
from studio.rules.problems import Problem
from studio.rules.question_concepts import mentions, questions

SHARP_DROP = 2      # levels; one level is revision, or one verb's classification
BACK_TO_BASICS = 3  # levels, for a module that only uses the concept, down to understand or remember
UNDERSTAND = 2
APPLY = 3           # Bloom level of "apply": from here up, a quiz of recall does not show the objective

objective_analysis = lru_cache(maxsize=8192)(analyse_objective)   # check_module and this module share it


def module_level(module: m.Module, language: str) -> int | None:
    return objective_analysis(module.objective, language).bloom_level


# --- sequence.bloom-drop -----------------------------------------------------------------

def bloom_drops(course: m.Course, path: m.Path) -> list[Problem]:
    by_id = {mod.id: mod for mod in course.modules}
    modules = [by_id[key] for key in dict.fromkeys(path.modules) if key in by_id]
    levelled = [(mod, module_level(mod, course.language)) for mod in modules]
    touches: dict[str, list[tuple[m.Module, int]]] = {}      # concept → modules on it, in path order
    for mod, level in levelled:
        if level is None:
            continue
        for concept in dict.fromkeys((*mod.introduces, *mod.requires)):
            touches.setdefault(concept, []).append((mod, level))
    drops: dict[tuple[str, str], list[str]] = {}             # (first, lower) → concepts
    pairs: dict[tuple[str, str], tuple[m.Module, int, m.Module, int]] = {}
    for concept, along in touches.items():
        (first, high), rest = along[0], along[1:]
        if concept in first.requires and concept not in path.entry_concepts \
                and any(concept in mod.introduces for mod, _ in rest):
            continue        # taught after it is needed: sequence.missing-prerequisite says so already
        dropped = [(mod, level) for mod, level in rest if _drops(concept, mod, high, level)]
        if dropped:
            lower, low = min(dropped, key=lambda entry: entry[1])   # min keeps the earliest of equal levels
            drops.setdefault((first.id, lower.id), []).append(concept)
            pairs[(first.id, lower.id)] = (first, high, lower, low)
    return [_drop_problem(path, *pairs[key], concepts, course.language) for key, concepts in drops.items()]


def _drops(concept: str, later: m.Module, high: int, low: int) -> bool:
    if concept in later.introduces:
        return high - low >= SHARP_DROP
    return (bool(later.introduces) and low <= UNDERSTAND and high - low >= BACK_TO_BASICS
            and mentions(concept, later.objective))


def _drop_problem(path: m.Path, first: m.Module, high: int, lower: m.Module, low: int,
                  concepts: list[str], language: str) -> Problem:
    named = _and([f"'{c}'" for c in concepts])
    if any(c in lower.requires and c in first.introduces for c in concepts):   # the order cannot simply flip
        fix = (f"teach {named} at a lower level before '{first.id}' (a module that introduces "
               f"{'them' if len(concepts) > 1 else 'it'}), or give '{first.id}' a lower-level objective")
    else:
        fix = f"place '{lower.id}' before '{first.id}'"
    high_verb = objective_analysis(first.objective, language).verb
    low_verb = objective_analysis(lower.objective, language).verb
    return Problem(
        "sequence.bloom-drop", "warning",
        f"works on {named} at Bloom level {high} ({LEVEL_NAMES[high]}: '{high_verb}') before '{lower.id}' "
        f"works on {'them' if len(concepts) > 1 else 'it'} at level {low} ({LEVEL_NAMES[low]}: '{low_verb}') "
        f"in path '{path.id}': learners meet the harder task first; {fix}", module=first.id, path=path.id)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# --- quiz.recall-only --------------------------------------------------------------------

_RECALL_OPENINGS = {
    "en": re.compile(
        r"^(?:what (?:is|are|was|were) |what does .+ (?:mean|stand for)|what do (?:we|you) call |"
        r"which (?:term|word|name|definition)\b|which\b.* (?:is|are) called\b|"
        r"(?:define|name|list|state|recall)\b)"),
    "fr": re.compile(
        r"^(?:qu'est-ce (?:que|qu')|que (?:signifie|veut dire)\b|quel(?:le)?s? (?:est|sont)\b|"
        r"quel(?:le)?s? (?:terme|mot|nom|définition)\b|comment (?:s'appelle|appelle-t-on|nomme-t-on|se nomme)\b|"
        r"(?:quel|quelle|lequel|laquelle|lesquel(?:le)?s)\b.* (?:s'appellen?t|(?:est|sont) appelée?s?|se nomment?)\b|"
        r"(?:définissez|définis|définir|citez|cite|nommez|nomme|énumérez|donnez la définition)\b)"),
}
# A judgement or a situation makes a question more than recall, whatever its opening.
_SCENARIO = {
    "en": re.compile(
        r"\b(?:you are|you're|you have|you need|you see|you notice|you find|you must|colleague|co-?worker|"
        r"customer|imagine|suppose|scenario|situation|in this case|should you|would you|could you|"
        r"do you do|if|when you|given|best|safest|most|better|why|how)\b"),
    "fr": re.compile(
        r"\b(?:vous êtes|vous avez|vous devez|vous voyez|vous remarquez|vous constatez|vous trouvez|"
        r"collègue|client|cliente|imaginez|imagine|supposons|supposez|scénario|situation|dans ce cas|"
        r"que faites-vous|que feriez-vous|que devez-vous|devriez-vous|faut-il|faudrait-il|si|s'il|"
        r"lorsque vous|quand vous|étant donné|meilleur|meilleure|plus sûr|plus sûre|pourquoi|comment)\b"),
}
_SECOND_SENTENCE = re.compile(r"[.!?…]\s+\S")
_MAX_RECALL_WORDS = 25
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_KIND_NAMES = {"true_false": "true/false", "fill_blank": "fill-in", "single": "single choice",
               "multiple": "multiple choice"}


def _prompt_language(language: str) -> str | None:
    primary = language.split("-")[0].lower()
    return primary if primary in _RECALL_OPENINGS else None


def is_recall(question: m.Question, language: str) -> bool:
    """Whether the question only asks learners to recall (see the module docstring)."""
    lang = _prompt_language(language)
    if lang is None:
        return False
    prompt = " ".join(question.prompt.translate(_APOSTROPHES).lower().split())
    if _SECOND_SENTENCE.search(prompt) or len(prompt.split()) > _MAX_RECALL_WORDS:
        return False
    # "comment s'appelle…" is a recall opening that the scenario words would otherwise catch
    opening = _RECALL_OPENINGS[lang].match(prompt)
    rest = prompt[opening.end():] if opening else prompt
    if _SCENARIO[lang].search(rest):
        return False
    if question.kind in ("true_false", "fill_blank"):
        return True
    return question.kind in m.CHOICE_KINDS and opening is not None


def recall_only(course: m.Course, module: m.Module) -> list[Problem]:
    analysis: ObjectiveAnalysis = objective_analysis(module.objective, course.language)
    level = analysis.bloom_level
    found = [q for _, _, q in questions(module)]
    if level is None or level < APPLY or not found or not all(is_recall(q, course.language) for q in found):
        return []
    kinds: dict[str, int] = {}
    for q in found:
        kinds[_KIND_NAMES[q.kind]] = kinds.get(_KIND_NAMES[q.kind], 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    return [Problem(
        "quiz.recall-only", "warning",
        f"its objective asks learners to {LEVEL_NAMES[level]} ('{analysis.verb}'), but every quiz question only "
        f"tests recall ({summary}): add a question that makes learners {LEVEL_NAMES[level]}, e.g. a short "
        "scenario with a decision to make", module=module.id)]


# --- pacing ------------------------------------------------------------------------------

def path_pacing(path: m.Path, seconds: dict[str, float]) -> dict:
    """The path's rhythm for the report: how many modules, how long each is on average and at
    most (seconds, like the report's other durations), and with a release schedule the
    learner's minutes per day over it.

    ``release_days`` is the modules × ``every_days`` (the last module gets its interval too),
    ``minutes_per_day`` the path's minutes spread over those days."""
    keys = [key for key in path.modules if key in seconds]
    lengths = [float(seconds[key]) for key in keys]
    longest = max(lengths, default=None)
    pacing: dict = {"modules": len(keys),
                    "mean_module_seconds": round(sum(lengths) / len(lengths), 1) if lengths else None,
                    "max_module_seconds": round(longest, 1) if lengths else None,
                    "longest_module": keys[lengths.index(longest)] if lengths else None}
    if path.release is not None:
        days = len(keys) * path.release.every_days
        pacing.update(release_every_days=path.release.every_days, release_days=days,
                      minutes_per_day=round(sum(lengths) / 60 / days, 2) if days else None)
    return pacing
