"""The domain model: a course as plain, immutable values (no Qt, no database).

The YAML source is parsed into these values, the project file stores them, and the
checker, estimator and exporters read them. Equality is structural, which is what the
lossless round trip (YAML → project → YAML) is tested against.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Union

FORMAT = "microstudio/1"
BLOCK_KINDS = ("video", "audio", "text", "image", "quiz", "summary_card", "survey", "action_plan")
QUESTION_KINDS = ("single", "multiple", "true_false", "fill_blank", "matching", "ordering")
CHOICE_KINDS = ("single", "multiple")
STATUSES = ("draft", "in_review", "approved")
SURVEY_KINDS = ("likert", "text")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")   # BCP 47, the shapes courses use


@dataclass(frozen=True)
class BudgetProfile:
    min_minutes: float
    max_minutes: float
    target_minutes: float


DEFAULT_PROFILES: dict[str, BudgetProfile] = {
    "micro": BudgetProfile(5, 15, 8),
    "nano": BudgetProfile(1, 3, 2),
}


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class Question:
    kind: str
    prompt: str
    choices: tuple[Choice, ...] = ()          # single, multiple
    answer: bool | None = None                # true_false
    answers: tuple[str, ...] = ()             # fill_blank: accepted answers
    pairs: tuple[tuple[str, str], ...] = ()   # matching
    items: tuple[str, ...] = ()               # ordering, in the correct order
    points: float = 1.0
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    concepts: tuple[str, ...] = ()            # the concepts it assesses (optional tags)


@dataclass(frozen=True)
class SurveyItem:
    kind: str      # likert | text
    prompt: str


@dataclass(frozen=True)
class VideoBlock:
    media: str
    in_s: float | None = None
    out_s: float | None = None
    captions: str | None = None
    id: str | None = None
    kind = "video"


@dataclass(frozen=True)
class AudioBlock:
    media: str
    in_s: float | None = None
    out_s: float | None = None
    captions: str | None = None   # a transcript (WebVTT/SRT) for accessibility
    id: str | None = None
    kind = "audio"


@dataclass(frozen=True)
class TextBlock:
    markdown: str
    id: str | None = None
    kind = "text"


@dataclass(frozen=True)
class ImageBlock:
    media: str
    alt: str | None = None
    seconds: float | None = None
    id: str | None = None
    kind = "image"


@dataclass(frozen=True)
class QuizBlock:
    questions: tuple[Question, ...]
    pass_mark: float | None = None     # percent
    attempts: int | None = None
    draw: int | None = None
    id: str | None = None
    kind = "quiz"


@dataclass(frozen=True)
class SummaryCardBlock:
    title: str | None = None
    points: tuple[str, ...] = ()
    markdown: str | None = None
    id: str | None = None
    kind = "summary_card"


@dataclass(frozen=True)
class SurveyBlock:
    items: tuple[SurveyItem, ...]
    id: str | None = None
    kind = "survey"


@dataclass(frozen=True)
class ActionPlanBlock:
    prompt: str
    id: str | None = None
    kind = "action_plan"


Block = Union[VideoBlock, AudioBlock, TextBlock, ImageBlock, QuizBlock, SummaryCardBlock,
              SurveyBlock, ActionPlanBlock]
MEDIA_BLOCKS = (VideoBlock, AudioBlock, ImageBlock)


@dataclass(frozen=True)
class ReviewComment:
    author: str
    at: str                      # ISO 8601 timestamp, as written by the reviewer's browser
    text: str
    block: int | None = None     # index of the anchored block in its module, None for the module
    resolved: bool = False


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    objective: str | None = None
    profile: Union[str, BudgetProfile] = "micro"
    introduces: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    status: str = "draft"
    budget_override: str | None = None
    blocks: tuple[Block, ...] = ()
    comments: tuple[ReviewComment, ...] = ()


@dataclass(frozen=True)
class Release:
    start: date
    every_days: int


@dataclass(frozen=True)
class Badge:
    name: str
    description: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class Path:
    id: str
    title: str | None = None
    modules: tuple[str, ...] = ()
    entry_concepts: tuple[str, ...] = ()
    release: Release | None = None
    reviews: tuple[int, ...] = ()
    badge: Badge | None = None


@dataclass(frozen=True)
class Course:
    title: str
    language: str = "en"
    reading_wpm: float | None = None
    budget_profiles: dict[str, BudgetProfile] = field(default_factory=dict)  # as written; empty = defaults
    modules: tuple[Module, ...] = ()
    paths: tuple[Path, ...] = ()

    def profiles(self) -> dict[str, BudgetProfile]:
        """The named profiles in force: the defaults overlaid with the course's own."""
        return {**DEFAULT_PROFILES, **self.budget_profiles}

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def resolve_profile(self, module: Module) -> BudgetProfile | None:
        if isinstance(module.profile, BudgetProfile):
            return module.profile
        return self.profiles().get(module.profile)


def media_refs(course: Course) -> list[tuple[str, str]]:
    """Every media path the course refers to, with where: ``[(where, path), …]``."""
    refs: list[tuple[str, str]] = []
    for mi, module in enumerate(course.modules):
        for bi, block in enumerate(module.blocks):
            where = f"modules[{mi}].blocks[{bi}]"
            if isinstance(block, MEDIA_BLOCKS):
                refs.append((f"{where}.media", block.media))
            if isinstance(block, (VideoBlock, AudioBlock)) and block.captions:
                refs.append((f"{where}.captions", block.captions))
    for pi, path in enumerate(course.paths):
        if path.badge and path.badge.image:
            refs.append((f"paths[{pi}].badge.image", path.badge.image))
    return refs
