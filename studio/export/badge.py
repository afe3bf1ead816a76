"""Open Badges 2.0: a path's ``badge`` as a BadgeClass (JSON-LD) and its image, beside the packages.

For a path with a ``badge`` (with ``--path``: that path; without: every path of the course
that has one) the build writes, into the output folder:

- ``<slug>-<path>-badge.json``: a BadgeClass in the Open Badges 2.0 vocabulary
  (``"@context": "https://w3id.org/openbadges/v2"``) with every required property:
  ``id``, ``type``, ``name``, ``description``, ``image``, ``criteria``, ``issuer``;
- ``<slug>-<path>-badge.png`` (or ``.svg``): the badge's image, copied byte for byte.

Choices, per the OB 2.0 text:

- ``id`` is a stable URN, ``urn:x-micromodule-studio:<course>/path/<path>/badge`` (the cmi5
  ids' scheme). The spec allows an id in another scheme than HTTP for a BadgeClass that is
  not (yet) hosted; the studio cannot know the URL it will be hosted at, and a URN claims no
  domain. Whoever hosts it replaces the id with the URL it is served from.
- ``image`` is the image's file name, a relative IRI: it resolves beside the JSON wherever
  the two files are hosted together.
- ``criteria`` is embedded: a Markdown ``narrative`` listing the path's modules in order,
  ``- Complete **<title>**: <objective>`` (with the pass mark when the module has a quiz).
- ``issuer`` is an embedded Issuer Profile derived from the course (name = the course's
  title, id ``urn:x-micromodule-studio:<course>/issuer``). OB 2.0 also asks an issuer for a
  ``url`` and an ``email``, which the course format does not hold; an issuing platform
  supplies its own issuer when it imports the BadgeClass.
- ``description`` falls back to "Completed the path <path> of <course>." when the badge has
  none; ``tags`` are the concepts the path's modules introduce, in path order.

A badge without an image, or with an image that is neither PNG nor SVG (the two formats OB
2.0 allows), cannot be a valid BadgeClass: it is not written and the build says so in a note.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from studio import model as m
from studio.export import content
from studio.export.cmi5 import IRI_ROOT
from studio.export.delivery import ascii_slug
from studio.recent import for_same_inputs

CONTEXT = "https://w3id.org/openbadges/v2"
IMAGE_SUFFIXES = (".png", ".svg")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


@dataclass(frozen=True)
class BadgePlan:
    path_id: str
    json_target: Path
    image_target: Path
    json_bytes: bytes
    image_source: Path


@dataclass(frozen=True)
class BadgeReport:
    path_id: str
    json_path: Path
    image_path: Path
    written: bool            # False: identical files were already there and were left as they are


def badge_names(course: m.Course, path: m.Path, suffix: str) -> tuple[str, str]:
    stem = f"{ascii_slug(course.title, 'course')}-{ascii_slug(path.id)}-badge"
    return f"{stem}.json", f"{stem}{suffix}"


def _md(text: str) -> str:
    """Course text as literal Markdown: no emphasis, links or raw HTML from a title."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def narrative(course: m.Course, path: m.Path) -> str:
    title = path.title or path.id
    lines = [f"Complete every module of the path *{_md(title)}* ({_md(course.title)}), in this order:", ""]
    for module_id in path.modules:
        mod = course.module(module_id)
        if mod is None:
            continue
        mark = content.module_pass_mark(mod)
        item = f"- Complete **{_md(mod.title)}**"
        if mark is not None:
            item += f" (pass mark {mark:g} %)"
        if mod.objective:
            item += f": {_md(mod.objective)}"
        lines.append(item)
    return "\n".join(lines) + "\n"


def badge_class(course: m.Course, path: m.Path, image_name: str) -> dict:
    """The BadgeClass of ``path`` (which has a badge) as a JSON-LD object, keys in a fixed order."""
    badge = path.badge
    assert badge is not None
    course_iri = IRI_ROOT + ascii_slug(course.title, "course")
    description = badge.description or f"Completed the path {path.title or path.id} of {course.title}."
    tags = list(dict.fromkeys(concept for mid in path.modules if (mod := course.module(mid)) is not None
                              for concept in mod.introduces))
    document = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": f"{course_iri}/path/{ascii_slug(path.id)}/badge",
        "name": badge.name,
        "description": description,
        "image": image_name,
        "criteria": {"narrative": narrative(course, path)},
        "issuer": {"id": f"{course_iri}/issuer", "type": "Issuer", "name": course.title},
    }
    if tags:
        document["tags"] = tags
    return document


def encode(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@for_same_inputs(size=16)
def _badge_bytes(course: m.Course, path: m.Path, image_name: str) -> bytes:
    return encode(badge_class(course, path, image_name))


def plan_badges(course: m.Course, path_id: str | None, resolve: Callable[[str], Path],
                out_dir: Path) -> tuple[list[BadgePlan], list[str]]:
    """The badges this build writes, and a note per badge it cannot write (see the docstring)."""
    paths = [p for p in course.paths if p.badge is not None and (path_id is None or p.id == path_id)]
    plans, notes = [], []
    for path in paths:
        badge = path.badge
        if not badge.image:
            notes.append(f"badge of path {path.id} not written: it has no image (Open Badges 2.0 requires one)")
            continue
        suffix = Path(badge.image).suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            notes.append(f"badge of path {path.id} not written: its image {badge.image} is not PNG or SVG "
                         "(the formats Open Badges 2.0 allows)")
            continue
        json_name, image_name = badge_names(course, path, suffix)
        plans.append(BadgePlan(path.id, out_dir / json_name, out_dir / image_name,
                               _badge_bytes(course, path, image_name), resolve(badge.image)))
    return plans, notes


def unchanged(plan: BadgePlan) -> bool:
    """Both files are already there with exactly the bytes this build would write."""
    try:
        return (plan.json_target.read_bytes() == plan.json_bytes
                and plan.image_target.read_bytes() == plan.image_source.read_bytes())
    except OSError:
        return False
