"""A module as the player reads it: plain JSON, text already rendered and sanitised.

Everything the player shows comes from here. Markdown fields (text blocks, summary-card
points and prose) become sanitised HTML; every other string stays plain text, which the
player only ever assigns with ``textContent``. Media are referred to by their delivered
names inside the package.
"""
from __future__ import annotations

import json
import re

from studio import model as m
from studio.export import limits
from studio.export.delivery import DeliveredMedia
from studio.export.markup import render_inline, render_markdown
from studio.media_facts import MediaFacts
from studio.recent import for_same_inputs
from studio.rules.budget import estimate_module

_PLACEHOLDER = re.compile(r"\[([^\[\]]{1,40})\]")


def question_json(question: m.Question) -> dict:
    data: dict = {"kind": question.kind, "prompt": question.prompt, "points": question.points}
    if question.kind in m.CHOICE_KINDS:
        data["choices"] = [{"text": c.text, "correct": c.correct, "feedback": c.feedback} for c in question.choices]
    elif question.kind == "true_false":
        data["answer"] = bool(question.answer)
    elif question.kind == "fill_blank":
        data["answers"] = list(question.answers)
    elif question.kind == "matching":
        data["pairs"] = [list(pair) for pair in question.pairs]
    elif question.kind == "ordering":
        data["items"] = list(question.items)
    data["feedback"] = {"correct": question.feedback_correct, "incorrect": question.feedback_incorrect}
    return data


def quiz_json(block: m.QuizBlock) -> dict:
    questions = [question_json(q) for q in block.questions]
    draw = block.draw if block.draw and block.draw < len(questions) else None
    return {"kind": "quiz", "pass_mark": block.pass_mark, "attempts": block.attempts, "draw": draw,
            "questions": questions}


def plan_parts(prompt: str) -> list:
    """'I will … on [day] at [time]' → ['I will … on ', {'field': 'day'}, ' at ', {'field': 'time'}]."""
    parts: list = []
    position = 0
    for match in _PLACEHOLDER.finditer(prompt):
        if match.start() > position:
            parts.append(prompt[position:match.start()])
        parts.append({"field": match.group(1).strip()})
        position = match.end()
    if position < len(prompt):
        parts.append(prompt[position:])
    return parts


def block_json(block: m.Block, index: int, delivered: dict[int, DeliveredMedia]) -> dict:
    base = {"id": block.id or f"b{index}"}
    if isinstance(block, (m.VideoBlock, m.AudioBlock)):
        media = delivered[index]
        data = {"kind": block.kind, "src": media.media.arcname,
                "captions": media.captions.arcname if media.captions else None}
        if isinstance(block, m.AudioBlock):
            data["transcript"] = [text for _, text in media.transcript]
        return {**base, **data}
    if isinstance(block, m.ImageBlock):
        return {**base, "kind": "image", "src": delivered[index].media.arcname, "alt": block.alt or ""}
    if isinstance(block, m.TextBlock):
        return {**base, "kind": "text", "html": render_markdown(block.markdown)}
    if isinstance(block, m.QuizBlock):
        return {**base, **quiz_json(block)}
    if isinstance(block, m.SummaryCardBlock):
        return {**base, "kind": "summary_card", "title": block.title,
                "points": [render_inline(p) for p in block.points], "html": render_markdown(block.markdown)}
    if isinstance(block, m.SurveyBlock):
        return {**base, "kind": "survey", "items": [{"kind": i.kind, "prompt": i.prompt} for i in block.items]}
    if isinstance(block, m.ActionPlanBlock):
        return {**base, "kind": "action_plan", "prompt": block.prompt, "parts": plan_parts(block.prompt)}
    raise TypeError(f"no player form for {type(block).__name__}")


def module_pass_mark(module: m.Module) -> float | None:
    """The module passes when its quizzes together score this percent (the highest pass mark set)."""
    marks = [b.pass_mark for b in module.blocks if isinstance(b, m.QuizBlock) and b.pass_mark is not None]
    return max(marks) if marks else None


def module_minutes(course: m.Course, module: m.Module, delivered: dict[int, DeliveredMedia]) -> int:
    """The module's estimated length in whole minutes (at least 1), as ``studio check`` estimates
    it (studio/rules/budget.py), from the lengths of the media delivered for it."""
    facts = {module.blocks[i].media: MediaFacts(duration_s=item.source_duration_s)
             for i, item in delivered.items() if item.source_duration_s is not None}
    return max(1, int(estimate_module(course, module, facts).seconds / 60 + 0.5))


# Shared by every build of the unchanged module: callers read it, never change it.
@for_same_inputs(size=64)
def module_json(course: m.Course, module: m.Module, delivered: dict[int, DeliveredMedia]) -> dict:
    return {"id": module.id, "title": module.title, "objective": module.objective,
            "pass_mark": module_pass_mark(module), "minutes": module_minutes(course, module, delivered),
            "blocks": [block_json(b, i, delivered) for i, b in enumerate(module.blocks)]}


def player_data(course: m.Course, modules: list[dict], course_id: str) -> dict:
    return {"format": 1, "course": {"id": course_id, "title": course.title, "language": course.language},
            "limits": limits.as_dict(), "modules": modules}


def data_script(data: dict) -> str:
    """JSON for a ``<script type="application/json">``: '<', '>' and '&' escaped, so no text
    from the course can close the element or open another one."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
