"""How blocks read to a designer: a kind label, a one-line summary and their fields.

Plain text from the domain model, shared by the desktop app (block list, inspector) and
anything else that lists blocks; no Qt.
"""
from __future__ import annotations

import re

from studio import model as m
from studio.timecode import format_minutes

KIND_LABELS = {
    "video": "Video", "audio": "Audio", "text": "Text", "image": "Image", "quiz": "Quiz",
    "summary_card": "Summary card", "survey": "Survey", "action_plan": "Action plan",
}
QUESTION_LABELS = {
    "single": "Single choice", "multiple": "Multiple response", "true_false": "True / false",
    "fill_blank": "Fill in the blank", "matching": "Matching", "ordering": "Ordering",
}
STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "approved": "Approved"}
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$", re.MULTILINE)
_MARKUP = re.compile(r"[*_`>#\[\]]+")


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def plain(markdown: str | None, limit: int = 90) -> str:
    """The first heading, else the first line of ``markdown``, without markup, shortened."""
    text = markdown or ""
    heading = _HEADING.search(text)
    line = heading.group(1) if heading else next((ln for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(_MARKUP.sub("", line).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def seconds_text(seconds: float | None) -> str:
    """``7:46`` (minutes:seconds) or an em dash when unknown."""
    return "—" if seconds is None else format_minutes(seconds)


def _trim(block: m.VideoBlock | m.AudioBlock) -> str | None:
    if block.in_s is None and block.out_s is None:
        return None
    start = seconds_text(block.in_s or 0)
    end = seconds_text(block.out_s) if block.out_s is not None else "end"
    return f"{start} → {end}"


def block_summary(block: m.Block) -> str:
    """One line that tells blocks of the same kind apart."""
    if isinstance(block, (m.VideoBlock, m.AudioBlock)):
        trim = _trim(block)
        return block.media.rsplit("/", 1)[-1] + (f"  ·  trimmed {trim}" if trim else "")
    if isinstance(block, m.ImageBlock):
        return block.media.rsplit("/", 1)[-1]
    if isinstance(block, m.TextBlock):
        return plain(block.markdown)
    if isinstance(block, m.QuizBlock):
        n = len(block.questions)
        text = f"{n} question{'s' if n != 1 else ''}"
        if block.draw:
            text += f", {block.draw} drawn"
        if block.pass_mark is not None:
            text += f"  ·  pass {block.pass_mark:g} %"
        return text
    if isinstance(block, m.SummaryCardBlock):
        n = len(block.points)
        return (block.title or "Untitled card") + f"  ·  {n} key point{'s' if n != 1 else ''}"
    if isinstance(block, m.SurveyBlock):
        n = len(block.items)
        return f"{n} item{'s' if n != 1 else ''}"
    if isinstance(block, m.ActionPlanBlock):
        return plain(block.prompt)
    return ""


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def block_fields(block: m.Block) -> list[tuple[str, str]]:
    """The block's fields as (label, value) pairs, in the order the source writes them."""
    fields: list[tuple[str, str]] = [("Kind", kind_label(block.kind))]
    if block.id:
        fields.append(("Id", block.id))
    if isinstance(block, (m.VideoBlock, m.AudioBlock)):
        fields += [("Media", block.media), ("In", seconds_text(block.in_s) if block.in_s is not None else "start"),
                   ("Out", seconds_text(block.out_s) if block.out_s is not None else "end"),
                   ("Captions", block.captions or "none")]
    elif isinstance(block, m.ImageBlock):
        fields += [("Media", block.media), ("Alt text", block.alt or "missing"),
                   ("Viewing time", f"{block.seconds:g} s" if block.seconds is not None else "default (10 s)")]
    elif isinstance(block, m.TextBlock):
        fields.append(("Markdown", block.markdown.strip()))
    elif isinstance(block, m.QuizBlock):
        fields += [("Pass mark", f"{block.pass_mark:g} %" if block.pass_mark is not None else "none"),
                   ("Attempts", str(block.attempts) if block.attempts is not None else "unlimited"),
                   ("Draw", f"{block.draw} of {len(block.questions)}" if block.draw else "all questions")]
        for index, q in enumerate(block.questions, 1):
            fields.append((f"Q{index} · {QUESTION_LABELS.get(q.kind, q.kind)}", _question_text(q)))
    elif isinstance(block, m.SummaryCardBlock):
        fields.append(("Title", block.title or ""))
        fields += [(f"Point {i}", point) for i, point in enumerate(block.points, 1)]
        if block.markdown:
            fields.append(("Markdown", block.markdown.strip()))
    elif isinstance(block, m.SurveyBlock):
        fields += [(f"{'Likert' if item.kind == 'likert' else 'Free text'} {i}", item.prompt)
                   for i, item in enumerate(block.items, 1)]
    elif isinstance(block, m.ActionPlanBlock):
        fields.append(("Prompt", block.prompt))
    return fields


def _question_text(q: m.Question) -> str:
    lines = [q.prompt]
    if q.kind in m.CHOICE_KINDS:
        lines += [("✓ " if c.correct else "· ") + c.text for c in q.choices]
    elif q.kind == "true_false":
        lines.append("Answer: " + ("—" if q.answer is None else ("true" if q.answer else "false")))
    elif q.kind == "fill_blank":
        lines.append("Accepts: " + ", ".join(q.answers))
    elif q.kind == "matching":
        lines += [f"{left} → {right}" for left, right in q.pairs]
    elif q.kind == "ordering":
        lines += [f"{i}. {item}" for i, item in enumerate(q.items, 1)]
    if q.points != 1:
        lines.append(f"{q.points:g} points")
    return "\n".join(lines)
