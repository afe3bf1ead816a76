"""Read the course source (YAML, see course-format.md) into the domain model.

Every error names the file, the line and the field path, e.g.
``modules[2].blocks[0].media: file 'x.mp4' not found (course.yaml line 41)``.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path as FsPath

from studio import model as m
from studio.gcpause import without_collections
from studio.errors import SourceError
from studio.source.fields import MAX_SECONDS, Fields, escapes_folder
from studio.source.yaml_lines import LoadedYaml, load_yaml

COURSE_KEYS = ("format", "title", "language", "reading_wpm", "budget_profiles", "modules", "paths")
MODULE_KEYS = ("id", "title", "profile", "objective", "introduces", "requires", "status",
               "budget_override", "blocks", "comments")
PROFILE_KEYS = ("min", "max", "target")
BLOCK_KEYS = {
    "video": ("type", "id", "media", "in", "out", "captions"),
    "audio": ("type", "id", "media", "in", "out", "captions"),
    "text": ("type", "id", "markdown"),
    "image": ("type", "id", "media", "alt", "seconds"),
    "quiz": ("type", "id", "pass_mark", "attempts", "draw", "questions"),
    "summary_card": ("type", "id", "title", "points", "markdown"),
    "survey": ("type", "id", "items"),
    "action_plan": ("type", "id", "prompt"),
}
QUESTION_KEYS = ("kind", "prompt", "concepts", "points", "feedback", "choices", "answer", "answers", "pairs",
                 "items")
CHOICE_KEYS = ("text", "correct", "feedback")
PATH_KEYS = ("id", "title", "modules", "entry_concepts", "release", "reviews", "badge")
COMMENT_KEYS = ("author", "at", "text", "block", "resolved")


@dataclass(frozen=True)
class CourseDocument:
    """A parsed course and the YAML it came from (to name lines in later errors)."""
    course: m.Course
    yaml: LoadedYaml

    def line_of(self, where: str) -> int | None:
        return self.yaml.line_of(where)


def read_course(path: str | FsPath) -> m.Course:
    """Read and validate a course file; raises :class:`SourceError`."""
    return read_course_document(path).course


def read_course_document(path: str | FsPath) -> CourseDocument:
    path = FsPath(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a course file", file=str(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    doc, course = _parsed(text, path.name)
    _media_inside_folder(course, path.parent, doc)
    return CourseDocument(course, doc)


# Parsing is a pure function of the text (and the name errors cite); a long-lived process
# (the desktop app, a watch loop, repeated builds) reads an unchanged source again and again.
# Failures are not remembered (lru_cache stores only results); the folder checks, which depend
# on the disk, run on every read.
@functools.lru_cache(maxsize=8)
@without_collections
def _parsed(text: str, file: str) -> tuple[LoadedYaml, m.Course]:
    doc = load_yaml(text, file)
    return doc, _course(doc)


def _media_inside_folder(course: m.Course, folder: FsPath, doc: LoadedYaml) -> None:
    """Refuse a media, captions or badge image path that a link takes outside the course folder."""
    real_dirs: dict[str, str] = {}
    for where, name in m.media_refs(course):
        problem = escapes_folder(folder, name, real_dirs)
        if problem:
            raise SourceError(problem, file=doc.file, line=doc.line_of(where), where=where)


def parse_course(text: str, file: str = "course.yaml") -> m.Course:
    return _course(load_yaml(text, file))


def _course(doc: LoadedYaml) -> m.Course:
    f = Fields(doc, doc.data, "", COURSE_KEYS)
    fmt = f.text("format")
    if fmt is not None and fmt != m.FORMAT:
        raise f.error(f"unsupported format '{fmt}' (this studio reads '{m.FORMAT}')", "format")
    profiles = _profiles(f)
    modules = tuple(_module(doc, where, item, profiles) for where, item in f.items("modules"))
    _unique(f, [(w, mod.id) for (w, _), mod in zip(f.items("modules"), modules)], "module id")
    paths = tuple(_path(doc, where, item) for where, item in f.items("paths"))
    _unique(f, [(w, p.id) for (w, _), p in zip(f.items("paths"), paths)], "path id")
    return m.Course(title=f.text("title", required=True), language=_language(f),
                    reading_wpm=f.number("reading_wpm", minimum=40, maximum=1000),
                    budget_profiles=profiles, modules=modules, paths=paths)


def _language(f: Fields) -> str:
    tag = f.text("language", default="en")
    if not m.LANGUAGE_TAG.fullmatch(tag):
        raise f.error(f"'{tag}' is not a BCP 47 language tag (e.g. en, fr, en-GB, pt-BR)", "language")
    return tag


def _unique(f: Fields, entries: list[tuple[str, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for where, value in entries:
        if value in seen:
            raise f.error(f"duplicate {what} '{value}' (first used at {seen[value]})", f"{where}.id")
        seen[value] = where


def _profiles(f: Fields) -> dict[str, m.BudgetProfile]:
    value = f.raw("budget_profiles")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise f.error("expected a mapping of profile names", "budget_profiles")
    return {str(name): _profile(Fields(f.doc, spec, f"budget_profiles.{name}", PROFILE_KEYS))
            for name, spec in value.items()}


def _profile(f: Fields) -> m.BudgetProfile:
    for key in PROFILE_KEYS:
        if not f.has(key):
            raise f.error(f"missing required field '{key}' (minutes)")
    low, high = f.number("min", minimum=0, maximum=1440), f.number("max", minimum=0, maximum=1440)
    target = f.number("target", minimum=0, maximum=1440)
    if not low <= target <= high:
        raise f.error(f"expected min ≤ target ≤ max, got {low:g} / {target:g} / {high:g} minutes")
    return m.BudgetProfile(low, high, target)


def _module(doc: LoadedYaml, where: str, value: object, profiles: dict) -> m.Module:
    f = Fields(doc, value, where, MODULE_KEYS)
    module_id = f.identifier("id")
    status = f.text("status", default="draft")
    if status not in m.STATUSES:
        raise f.error(f"unknown status '{status}' (expected {' | '.join(m.STATUSES)})", f.at("status"))
    blocks = tuple(_block(doc, w, item) for w, item in f.items("blocks"))
    comments = tuple(_comment(doc, w, item, len(blocks)) for w, item in f.items("comments"))
    return m.Module(id=module_id, title=f.text("title", required=True), objective=f.text("objective"),
                    profile=_module_profile(f, profiles), introduces=f.texts("introduces"),
                    requires=f.texts("requires"), status=status, budget_override=f.text("budget_override"),
                    blocks=blocks, comments=comments)


def _module_profile(f: Fields, profiles: dict) -> str | m.BudgetProfile:
    value = f.raw("profile")
    if value is None:
        return "micro"
    if isinstance(value, dict):
        return _profile(Fields(f.doc, value, f.at("profile"), PROFILE_KEYS))
    name = f.text("profile")
    if name not in {**m.DEFAULT_PROFILES, **profiles}:
        known = ", ".join(sorted({**m.DEFAULT_PROFILES, **profiles}))
        raise f.error(f"unknown profile '{name}' (known: {known}, or an inline {{min, max, target}})",
                      f.at("profile"))
    return name


def _block(doc: LoadedYaml, where: str, value: object) -> m.Block:
    if not isinstance(value, dict):
        raise Fields(doc, {}, where, ()).error("expected a block (a mapping with a 'type')")
    kind = value.get("type")
    if not isinstance(kind, str) or kind not in BLOCK_KEYS:
        probe = Fields(doc, {}, where, ())
        if kind is None:
            raise probe.error("missing required field 'type'")
        raise probe.error(f"unknown block type '{kind}' (expected one of: {', '.join(BLOCK_KEYS)})", f"{where}.type")
    f = Fields(doc, value, where, BLOCK_KEYS[kind])
    return _BLOCK_READERS[kind](f)


def _trim_points(f: Fields) -> tuple[float | None, float | None]:
    # in ≥ out is not a load error: the project stores it and `check` reports it as
    # media.trim-out-of-range (course-format.md), like points past the media's end.
    return f.duration("in"), f.duration("out")


def _video(f: Fields) -> m.VideoBlock:
    start, end = _trim_points(f)
    return m.VideoBlock(media=f.media_path("media", required=True), in_s=start, out_s=end,
                        captions=f.media_path("captions"), id=f.text("id"))


def _audio(f: Fields) -> m.AudioBlock:
    start, end = _trim_points(f)
    return m.AudioBlock(media=f.media_path("media", required=True), in_s=start, out_s=end,
                        captions=f.media_path("captions"), id=f.text("id"))


def _image(f: Fields) -> m.ImageBlock:
    return m.ImageBlock(media=f.media_path("media", required=True), alt=f.text("alt"),
                        seconds=f.number("seconds", minimum=0, maximum=MAX_SECONDS), id=f.text("id"))


def _quiz(f: Fields) -> m.QuizBlock:
    questions = tuple(_question(f.doc, w, item) for w, item in f.items("questions", required=True))
    if not questions:
        raise f.error("a quiz needs at least one question", f.at("questions"))
    draw = f.number("draw", minimum=1, integer=True)
    if draw is not None and draw > len(questions):
        raise f.error(f"draws {draw} questions but the quiz has only {len(questions)}", f.at("draw"))
    return m.QuizBlock(questions=questions, pass_mark=f.number("pass_mark", minimum=0, maximum=100),
                       attempts=f.number("attempts", minimum=1, integer=True), draw=draw, id=f.text("id"))


def _summary_card(f: Fields) -> m.SummaryCardBlock:
    return m.SummaryCardBlock(title=f.text("title"), points=f.texts("points"), markdown=f.text("markdown"),
                              id=f.text("id"))


def _survey(f: Fields) -> m.SurveyBlock:
    items = []
    for where, item in f.items("items", required=True):
        sf = Fields(f.doc, item, where, m.SURVEY_KINDS)
        if len(sf.data) != 1:
            raise sf.error("a survey item is either {likert: statement} or {text: question}")
        kind = next(iter(sf.data))
        items.append(m.SurveyItem(kind=kind, prompt=sf.text(kind, required=True)))
    if not items:
        raise f.error("a survey needs at least one item", f.at("items"))
    return m.SurveyBlock(items=tuple(items), id=f.text("id"))


_BLOCK_READERS = {
    "video": _video, "audio": _audio, "image": _image, "quiz": _quiz, "summary_card": _summary_card,
    "survey": _survey,
    "text": lambda f: m.TextBlock(markdown=f.text("markdown", required=True), id=f.text("id")),
    "action_plan": lambda f: m.ActionPlanBlock(prompt=f.text("prompt", required=True), id=f.text("id")),
}

KIND_FIELDS = {"single": "choices", "multiple": "choices", "true_false": "answer", "fill_blank": "answers",
               "matching": "pairs", "ordering": "items"}


def _question(doc: LoadedYaml, where: str, value: object) -> m.Question:
    f = Fields(doc, value, where, QUESTION_KEYS)
    kind = f.text("kind", required=True)
    if kind not in m.QUESTION_KINDS:
        raise f.error(f"unknown question kind '{kind}' (expected {' | '.join(m.QUESTION_KINDS)})", f.at("kind"))
    own = KIND_FIELDS[kind]
    for key in set(KIND_FIELDS.values()) - {own}:
        if f.has(key):
            raise f.error(f"'{key}' does not apply to a {kind} question (it uses '{own}')", f.at(key))
    if not f.has(own):
        raise f.error(f"a {kind} question needs '{own}'")
    if isinstance(f.raw(own), list) and not f.raw(own):
        raise f.error(f"a {kind} question needs at least one entry in '{own}'", f.at(own))
    feedback = f.sub("feedback", ("correct", "incorrect"))
    points = f.number("points", minimum=0)
    return m.Question(kind=kind, prompt=f.text("prompt", required=True),
                      choices=tuple(_choice(doc, w, c) for w, c in f.items("choices")),
                      answer=f.flag("answer", default=None), answers=f.texts("answers"),
                      pairs=_pairs(f), items=f.texts("items"), points=1.0 if points is None else points,
                      feedback_correct=feedback.text("correct") if feedback else None,
                      feedback_incorrect=feedback.text("incorrect") if feedback else None,
                      concepts=f.concepts("concepts"))


def _choice(doc: LoadedYaml, where: str, value: object) -> m.Choice:
    if isinstance(value, str):
        return m.Choice(text=value)
    f = Fields(doc, value, where, CHOICE_KEYS)
    return m.Choice(text=f.text("text", required=True), correct=f.flag("correct"), feedback=f.text("feedback"))


def _pairs(f: Fields) -> tuple[tuple[str, str], ...]:
    pairs = []
    for where, item in f.items("pairs"):
        if not isinstance(item, list) or len(item) != 2 or any(isinstance(x, (dict, list)) or x is None for x in item):
            raise f.error("a pair is a list of two texts: [left, right]", where)
        pairs.append((str(item[0]), str(item[1])))
    return tuple(pairs)


def _comment(doc: LoadedYaml, where: str, value: object, block_count: int) -> m.ReviewComment:
    f = Fields(doc, value, where, COMMENT_KEYS)
    block = f.number("block", minimum=0, integer=True)
    if block is not None and block >= block_count:
        raise f.error(f"anchors block {block} but the module has {block_count} blocks", f.at("block"))
    at = f.raw("at")
    at_text = at.isoformat() if isinstance(at, (dt.date, dt.datetime)) else f.text("at", required=True)
    return m.ReviewComment(author=f.text("author", required=True), at=at_text, text=f.text("text", required=True),
                           block=block, resolved=bool(f.flag("resolved")))


def _path(doc: LoadedYaml, where: str, value: object) -> m.Path:
    f = Fields(doc, value, where, PATH_KEYS)
    release = f.sub("release", ("start", "every_days"))
    badge = f.sub("badge", ("name", "description", "image"))
    reviews = []
    for w, item in f.items("reviews"):
        if isinstance(item, bool) or not isinstance(item, int) or item < 0:
            raise f.error(f"a review offset is a whole number of days ≥ 0, got {item!r}", w)
        reviews.append(item)
    return m.Path(id=f.identifier("id"), title=f.text("title"), modules=f.texts("modules"),
                  entry_concepts=f.texts("entry_concepts"), release=_release(release) if release else None,
                  reviews=tuple(reviews),
                  badge=m.Badge(name=badge.text("name", required=True), description=badge.text("description"),
                                image=badge.media_path("image")) if badge else None)


def _release(f: Fields) -> m.Release:
    start = f.raw("start")
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError:
            raise f.error(f"expected a date YYYY-MM-DD, got '{start}'", f.at("start")) from None
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise f.error("expected a date YYYY-MM-DD", f.at("start"))
    every = f.number("every_days", minimum=1, integer=True)
    if every is None:
        raise f.error("missing required field 'every_days'")
    return m.Release(start=start, every_days=every)
