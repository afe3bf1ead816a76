"""``studio check``: objectives, budgets, media, quizzes, accessibility, sequencing.

Pure function of the course and the stored media facts; the CLI and the UI show its report.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from studio import model as m
from studio.gcpause import without_collections
from studio.recent import for_same_inputs
from studio.rules.budget import ModuleEstimate, estimate_module
from studio.media_facts import MISSING, MediaFacts
from studio.rules.progression import bloom_drops, objective_analysis, path_pacing, recall_only
from studio.rules.problems import Problem
from studio.rules.question_concepts import unknown_concept_problems
from studio.rules.sequence import PathReport, check_path
from studio.timecode import format_minutes

MEDIA_TOLERANCE_S = 0.05  # an out point a frame or two past the probed end is not an error


@dataclass(frozen=True)
class CheckReport:
    modules: tuple[ModuleEstimate, ...]
    paths: tuple[PathReport, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def path_total_s(self, path: PathReport) -> float:
        seconds = {e.module_id: e.seconds for e in self.modules}
        return round(sum(seconds.get(key, 0.0) for key in path.order), 1)

    def to_dict(self) -> dict:
        return {
            "modules": [{"id": e.module_id, "estimated_seconds": e.seconds,
                         "budget": {"min": e.min_s, "max": e.max_s, "target": e.budget.target_minutes * 60}
                         if e.budget else None,
                         "within_budget": e.within_budget,
                         **({"budget_override": e.override} if e.override else {})} for e in self.modules],
            "paths": [{"id": p.id, "order": list(p.order), "total_seconds": self.path_total_s(p),
                       "suggested_order": list(p.suggested_order) if p.suggested_order else None,
                       # additive: modules, mean/longest module minutes, minutes a day over a release
                       **({"pacing": p.pacing} if p.pacing is not None else {}),
                       # additive: the spaced plan, only for a path with a release schedule
                       **({"schedule": list(p.schedule)} if p.schedule is not None else {})}
                      for p in self.paths],
            # every problem carries "module" and "path" (null when it concerns none), as documented
            "problems": [{"code": p.code, "severity": p.severity, "module": p.module, "path": p.path,
                          **p.to_dict()} for p in self.problems],
        }


@for_same_inputs()
@without_collections
def check_course(course: m.Course, facts: dict[str, MediaFacts]) -> CheckReport:
    estimates, problems = [], []
    for module in course.modules:
        estimate = estimate_module(course, module, facts)
        estimates.append(estimate)
        problems += check_module(course, module, estimate, facts)
    seconds = {e.module_id: e.seconds for e in estimates}
    path_reports = tuple(path_report(course, path, seconds) for path in course.paths)
    for report in path_reports:
        problems += report.problems
    problems += _badge_problems(course, facts)
    return CheckReport(tuple(estimates), path_reports, tuple(problems))


def path_report(course: m.Course, path: m.Path, seconds: dict[str, float]) -> PathReport:
    """Sequencing (rules/sequence.py), then progression and pacing (rules/progression.py)."""
    report = check_path(course, path)
    return replace(report, problems=report.problems + tuple(bloom_drops(course, path)),
                   pacing=path_pacing(path, seconds))


def check_module(course: m.Course, module: m.Module, estimate: ModuleEstimate,
                 facts: dict[str, MediaFacts]) -> list[Problem]:
    problems = [Problem(f.code, f.severity, f.message, module=module.id)
                for f in objective_analysis(module.objective, course.language).findings]
    problems += _budget_problems(module, estimate)
    for index, block in enumerate(module.blocks):
        problems += [Problem(code, severity, message, module=module.id, block=index)
                     for code, severity, message in _block_problems(block, facts)]
    problems += unknown_concept_problems(module) + recall_only(course, module)
    if not any(isinstance(b, m.QuizBlock) for b in module.blocks):
        problems.append(Problem("module.unassessed", "warning", _unassessed_message(module), module=module.id))
    open_comments = [c for c in module.comments if not c.resolved]
    if open_comments:
        problems.append(Problem("review.open-comments", "warning",
                                f"{len(open_comments)} unresolved review comment(s)", module=module.id))
    return problems


def _unassessed_message(module: m.Module) -> str:
    aim = f"its objective ('{module.objective.strip()}')" if (module.objective or "").strip() else "what it teaches"
    return f"has no quiz, so nothing shows that learners reached {aim}: add a quiz block"


def _budget_problems(module: m.Module, estimate: ModuleEstimate) -> list[Problem]:
    if estimate.budget is None:
        return [Problem("budget.unknown-profile", "error", f"unknown budget profile '{module.profile}'",
                        module=module.id)]
    status = estimate.status
    if status == "within":
        return []
    bounds = f"{estimate.budget.min_minutes:g}–{estimate.budget.max_minutes:g} min"
    message = f"estimated {format_minutes(estimate.seconds)}, {status} the budget of {bounds}"
    if module.budget_override:
        return [Problem("budget.override", "info", f"{message}; allowed by override: {module.budget_override}",
                        module=module.id)]
    return [Problem(f"budget.{status}", "error", message, module=module.id)]


def _media_problems(name: str, fact: MediaFacts, what: str) -> list[tuple[str, str, str]]:
    if not fact.exists:
        return [("media.missing", "error", f"{what} '{name}' not found")]
    if fact.corrupt:
        return [("media.corrupt", "error", f"{what} '{name}' is corrupt in the project's media store "
                 f"({fact.corrupt}); re-import the course source to repair it")]
    if fact.error:
        return [("media.unreadable", "error", f"{what} '{name}' cannot be read: {fact.error}")]
    return []


def _image_problems(name: str, fact: MediaFacts, what: str = "") -> list[tuple[str, str, str]]:
    """A readable file that is not a picture (a clip, a sound) where an image is expected."""
    if fact.usable and not fact.is_still_image:
        kind = "a video clip" if fact.has_video else "a sound" if fact.has_audio else "a media file"
        return [("media.not-an-image", "error", f"{what}'{name}' is not an image (it is {kind})")]
    return []


def _block_problems(block: m.Block, facts: dict[str, MediaFacts]) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    if isinstance(block, m.MEDIA_BLOCKS):
        fact = facts.get(block.media, MISSING)
        found += _media_problems(block.media, fact, "media")
        if isinstance(block, (m.VideoBlock, m.AudioBlock)):
            found += _trim_problems(block, fact)
            if fact.usable:
                if isinstance(block, m.VideoBlock) and not fact.has_video:
                    found.append(("media.no-video", "error", f"'{block.media}' has no video stream"))
                if isinstance(block, m.AudioBlock) and not fact.has_audio:
                    found.append(("media.no-audio", "error", f"'{block.media}' has no audio stream"))
            if block.captions:
                found += _media_problems(block.captions, facts.get(block.captions, MISSING), "captions")
            elif isinstance(block, m.VideoBlock) and fact.usable and fact.has_audio:
                found.append(("a11y.captions-missing", "warning", f"video '{block.media}' has speech but no captions"))
        if isinstance(block, m.ImageBlock):
            if not (block.alt or "").strip():
                found.append(("a11y.image-alt-missing", "error", f"image '{block.media}' has no alt text"))
            found += _image_problems(block.media, fact)
    if isinstance(block, m.QuizBlock):
        found += _quiz_problems(block)
    return found


def _trim_problems(block: m.VideoBlock | m.AudioBlock, fact: MediaFacts) -> list[tuple[str, str, str]]:
    """in ≥ out (known without the media), then in/out past the end of the probed media."""
    start, end = block.in_s, block.out_s
    if start is not None and end is not None and start >= end:
        return [("media.trim-out-of-range", "error",
                 f"'in' ({start:g} s) must be before 'out' ({end:g} s): the trim leaves nothing to play")]
    if not fact.usable:
        return []
    duration = fact.duration_s or 0.0
    problems = []
    for label, value in (("in", start), ("out", end)):
        if value is not None and value > duration + MEDIA_TOLERANCE_S:
            problems.append(("media.trim-out-of-range", "error",
                             f"'{label}' at {value:g} s is past the end of '{block.media}' ({duration:.2f} s)"))
    effective_end = min(end, duration) if end is not None else duration
    if start is not None and start >= effective_end and not problems:
        problems.append(("media.trim-out-of-range", "error",
                         f"'in' ({start:g} s) leaves nothing to play: the clip ends at {effective_end:g} s"))
    return problems


def _quiz_problems(block: m.QuizBlock) -> list[tuple[str, str, str]]:
    found = []
    for qi, q in enumerate(block.questions):
        label = f"question {qi + 1} ({q.kind})"
        correct = sum(c.correct for c in q.choices)
        if q.kind in m.CHOICE_KINDS and correct == 0:
            found.append(("quiz.no-correct-answer", "error", f"{label} has no correct choice"))
        elif q.kind == "single" and correct > 1:
            found.append(("quiz.several-correct", "error", f"{label} is single choice but marks {correct} choices correct"))
        if q.kind in m.CHOICE_KINDS and len(q.choices) < 2:
            found.append(("quiz.too-few-choices", "error", f"{label} needs at least two choices"))
        if q.kind == "true_false" and q.answer is None:
            found.append(("quiz.no-correct-answer", "error", f"{label} has no answer"))
        if q.kind == "fill_blank" and not q.answers:
            found.append(("quiz.no-correct-answer", "error", f"{label} accepts no answer"))
        if q.kind in ("matching", "ordering") and len(q.pairs or q.items) < 2:
            found.append(("quiz.too-few-items", "error", f"{label} needs at least two items"))
    return found


def _badge_problems(course: m.Course, facts: dict[str, MediaFacts]) -> list[Problem]:
    problems = []
    for path in course.paths:
        if path.badge and path.badge.image:
            fact = facts.get(path.badge.image, MISSING)
            for code, severity, message in (_media_problems(path.badge.image, fact, "badge image")
                                            + _image_problems(path.badge.image, fact, "badge image ")):
                problems.append(Problem(code, severity, message, path=path.id))
    return problems
