"""Write the domain model back to the course source (YAML), omitting defaults.

``parse_course(course_to_yaml(c)) == c`` for every valid course: the round trip is lossless.
"""
from __future__ import annotations


import yaml

from studio import model as m
from studio.timecode import format_clock


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, so Markdown stays readable in diffs."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and value == value.rstrip(" ") and "\t" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _compact(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None and v != [] and v != {}}


def _time(seconds: float | None) -> float | int | str | None:
    if seconds is None:
        return None
    if not float(seconds).is_integer():
        return seconds              # a float keeps every digit; a clock string would round it
    return int(seconds) if seconds < 60 else format_clock(seconds)


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _profile(p: m.BudgetProfile) -> dict:
    return {"min": _num(p.min_minutes), "max": _num(p.max_minutes), "target": _num(p.target_minutes)}


def _choice(c: m.Choice) -> dict:
    return _compact({"text": c.text, "correct": True if c.correct else None, "feedback": c.feedback})


def _question(q: m.Question) -> dict:
    out: dict = {"kind": q.kind, "prompt": q.prompt, "concepts": list(q.concepts)}
    out["points"] = None if q.points == 1.0 else _num(q.points)
    feedback = _compact({"correct": q.feedback_correct, "incorrect": q.feedback_incorrect})
    out["feedback"] = feedback or None
    if q.kind in m.CHOICE_KINDS:
        out["choices"] = [_choice(c) for c in q.choices]
    elif q.kind == "true_false":
        out["answer"] = q.answer
    elif q.kind == "fill_blank":
        out["answers"] = list(q.answers)
    elif q.kind == "matching":
        out["pairs"] = [list(p) for p in q.pairs]
    else:
        out["items"] = list(q.items)
    return _compact(out)


def _block(b: m.Block) -> dict:
    out: dict = {"type": b.kind, "id": b.id}
    if isinstance(b, (m.VideoBlock, m.AudioBlock)):
        out.update(media=b.media, **{"in": _time(b.in_s), "out": _time(b.out_s)}, captions=b.captions)
    elif isinstance(b, m.TextBlock):
        out["markdown"] = b.markdown
    elif isinstance(b, m.ImageBlock):
        out.update(media=b.media, alt=b.alt, seconds=_num(b.seconds))
    elif isinstance(b, m.QuizBlock):
        out.update(pass_mark=_num(b.pass_mark), attempts=b.attempts, draw=b.draw,
                   questions=[_question(q) for q in b.questions])
    elif isinstance(b, m.SummaryCardBlock):
        out.update(title=b.title, points=list(b.points), markdown=b.markdown)
    elif isinstance(b, m.SurveyBlock):
        out["items"] = [{i.kind: i.prompt} for i in b.items]
    elif isinstance(b, m.ActionPlanBlock):
        out["prompt"] = b.prompt
    return _compact(out)


def _comment(c: m.ReviewComment) -> dict:
    return _compact({"author": c.author, "at": c.at, "block": c.block, "text": c.text,
                     "resolved": True if c.resolved else None})


def _module(mod: m.Module) -> dict:
    profile = _profile(mod.profile) if isinstance(mod.profile, m.BudgetProfile) else mod.profile
    return _compact({
        "id": mod.id, "title": mod.title, "profile": profile, "objective": mod.objective,
        "introduces": list(mod.introduces), "requires": list(mod.requires), "status": mod.status,
        "budget_override": mod.budget_override, "blocks": [_block(b) for b in mod.blocks],
        "comments": [_comment(c) for c in mod.comments],
    })


def _path(p: m.Path) -> dict:
    release = {"start": p.release.start, "every_days": p.release.every_days} if p.release else None
    badge = _compact({"name": p.badge.name, "description": p.badge.description,
                      "image": p.badge.image}) if p.badge else None
    return _compact({"id": p.id, "title": p.title, "modules": list(p.modules),
                     "entry_concepts": list(p.entry_concepts), "release": release,
                     "reviews": list(p.reviews), "badge": badge})


def course_to_dict(course: m.Course) -> dict:
    return _compact({
        "format": m.FORMAT, "title": course.title, "language": course.language,
        "reading_wpm": _num(course.reading_wpm),
        "budget_profiles": {k: _profile(v) for k, v in course.budget_profiles.items()},
        "modules": [_module(mod) for mod in course.modules],
        "paths": [_path(p) for p in course.paths],
    })


def course_to_yaml(course: m.Course) -> str:
    return yaml.dump(course_to_dict(course), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)
