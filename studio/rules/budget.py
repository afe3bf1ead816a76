"""Duration estimate of each block and module, compared with the module's budget profile.

Media length comes from stored probe facts (after trim), text from reading speed, quiz
questions from a time per kind. The rates are data here, explained where they come from.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from studio import model as m
from studio.media_facts import MediaFacts

# Silent reading speed of adults, words per minute, by language (Trauzettel-Klosinski et al.,
# "Standardized assessment of reading performance: the IReST", 2012). Course `reading_wpm` wins.
READING_WPM = {"en": 228, "fr": 195, "de": 179, "es": 218, "it": 188, "nl": 202, "pt": 181, "sv": 199,
               "fi": 161, "pl": 166, "tr": 166, "ru": 184}
DEFAULT_WPM = 200
# Time to read, think and answer one question; ordering and matching grow with their items.
QUESTION_BASE_S = {"true_false": 15, "single": 25, "multiple": 35, "fill_blank": 30, "matching": 15, "ordering": 15}
MATCHING_PER_PAIR_S = 10
ORDERING_PER_ITEM_S = 8
IMAGE_DEFAULT_S = 10
CARD_BASE_S, CARD_PER_POINT_S = 30, 5
SURVEY_ITEM_S = {"likert": 15, "text": 45}
ACTION_PLAN_S = 120
UNKNOWN_LENGTH = "length unknown (media missing or unreadable)"
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class BlockEstimate:
    index: int
    kind: str
    seconds: float
    basis: str          # how it was estimated, shown to the designer
    known: bool = True  # False when a media length is unknown (missing or unreadable file)


@dataclass(frozen=True)
class ModuleEstimate:
    module_id: str
    seconds: float
    blocks: tuple[BlockEstimate, ...]
    budget: m.BudgetProfile | None
    override: str | None

    @property
    def min_s(self) -> float | None:
        return self.budget.min_minutes * 60 if self.budget else None

    @property
    def max_s(self) -> float | None:
        return self.budget.max_minutes * 60 if self.budget else None

    @property
    def complete(self) -> bool:
        return all(block.known for block in self.blocks)

    @property
    def status(self) -> str:
        """'under', 'within' or 'over' the profile's min–max (rounded to the second).

        Without a media length the estimate is only a lower bound: it can show a module
        over its budget, never under it (the missing file is reported on its own)."""
        if self.budget is None:
            return "within"
        seconds = round(self.seconds)
        if seconds < self.min_s and self.complete:
            return "under"
        if seconds > self.max_s:
            return "over"
        return "within"

    @property
    def within_budget(self) -> bool:
        return self.status == "within"


def reading_wpm(course: m.Course) -> float:
    if course.reading_wpm:
        return course.reading_wpm
    return READING_WPM.get(course.language.split("-")[0].lower(), DEFAULT_WPM)


@functools.lru_cache(maxsize=4096)   # pure; the editor and the build ask again for unchanged text
def count_words(markdown: str | None) -> int:
    return len(_WORD.findall(markdown or ""))


def question_seconds(q: m.Question) -> float:
    base = QUESTION_BASE_S[q.kind]
    if q.kind == "matching":
        return base + MATCHING_PER_PAIR_S * len(q.pairs)
    if q.kind == "ordering":
        return base + ORDERING_PER_ITEM_S * len(q.items)
    return base


def media_seconds(block: m.VideoBlock | m.AudioBlock, facts: MediaFacts | None) -> tuple[float, str]:
    start = block.in_s or 0.0
    duration = facts.duration_s if facts and facts.usable else None
    end = block.out_s if block.out_s is not None else duration
    if end is None:
        return 0.0, UNKNOWN_LENGTH
    if duration is not None:
        end = min(end, duration)
    trimmed = " after trim" if block.in_s or block.out_s is not None else ""
    return max(0.0, end - start), f"media length{trimmed}"


def block_seconds(block: m.Block, facts: dict[str, MediaFacts], wpm: float) -> tuple[float, str]:
    if isinstance(block, (m.VideoBlock, m.AudioBlock)):
        return media_seconds(block, facts.get(block.media))
    if isinstance(block, m.TextBlock):
        words = count_words(block.markdown)
        return words / wpm * 60, f"{words} words at {wpm:g} wpm"
    if isinstance(block, m.ImageBlock):
        return (block.seconds, "viewing time") if block.seconds is not None else (IMAGE_DEFAULT_S, "default viewing time")
    if isinstance(block, m.QuizBlock):
        per_question = [question_seconds(q) for q in block.questions]
        if block.draw:
            return sum(per_question) / len(per_question) * block.draw, f"{block.draw} drawn of {len(per_question)} questions"
        return sum(per_question), f"{len(per_question)} questions"
    if isinstance(block, m.SummaryCardBlock):
        words = count_words(block.markdown) + sum(count_words(p) for p in block.points)
        return CARD_BASE_S + CARD_PER_POINT_S * len(block.points) + words / wpm * 60, f"{len(block.points)} key points"
    if isinstance(block, m.SurveyBlock):
        return sum(SURVEY_ITEM_S[i.kind] for i in block.items), f"{len(block.items)} survey items"
    return ACTION_PLAN_S, "time to write a plan"


def estimate_module(course: m.Course, module: m.Module, facts: dict[str, MediaFacts]) -> ModuleEstimate:
    wpm = reading_wpm(course)
    blocks = []
    for index, block in enumerate(module.blocks):
        seconds, basis = block_seconds(block, facts, wpm)
        blocks.append(BlockEstimate(index, block.kind, round(seconds, 1), basis, basis != UNKNOWN_LENGTH))
    total = round(sum(b.seconds for b in blocks), 1)
    return ModuleEstimate(module.id, total, tuple(blocks), course.resolve_profile(module), module.budget_override)
