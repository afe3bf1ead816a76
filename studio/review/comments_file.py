"""The comment file a review copy downloads (``microstudio-review/1``, JSON):

    {"format": "microstudio-review/1",
     "course": {"title": "Warehouse safety", "build": "MMS-…"},
     "reviewer": "Dana Okafor", "saved_at": "2026-12-03T14:05:09.120Z",
     "comments": [{"module": "back-basics", "block": 2, "anchor": "3f0c…", "kind": "text",
                   "at": "2026-12-03T14:01:44.500Z", "text": "Say which vertebrae."}]}

``block`` is the block's index in the module as the SME saw it, or null for a comment on the
module itself; ``anchor`` is :func:`studio.review.anchors.block_anchor` of that block then.
Reading refuses anything else with a message naming the file and the field (exit 2).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.errors import SourceError

FORMAT = "microstudio-review/1"
MAX_TEXT = 4000          # the review copy's own limit on a comment
MAX_NAME = 120
MAX_FILE = 8 * 1024 * 1024
_MODULE_ID = re.compile(r"[a-z0-9-]+")


class ReviewFileError(SourceError):
    """A comment file that is not one a review copy writes."""


@dataclass(frozen=True)
class FiledComment:
    module: str
    block: int | None
    anchor: str | None
    kind: str | None
    at: str
    text: str


@dataclass(frozen=True)
class ReviewFile:
    path: Path
    course_title: str
    build: str
    reviewer: str
    comments: tuple[FiledComment, ...]


def read_review_file(path: Path) -> ReviewFile:
    file = str(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise ReviewFileError(f"is larger than {MAX_FILE // (1024 * 1024)} MB: not a comment file", file=file)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReviewFileError("file not found", file=file) from None
    except IsADirectoryError:
        raise ReviewFileError("is a folder, not a comment file", file=file) from None
    except OSError as exc:
        raise ReviewFileError(f"cannot be read ({exc.strerror or exc})", file=file) from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReviewFileError("is not UTF-8 text: not a comment file from a review copy", file=file) from None
    except json.JSONDecodeError as exc:
        raise ReviewFileError(f"is not valid JSON ({exc.msg}, column {exc.colno})", file=file, line=exc.lineno) from None
    except RecursionError:   # nested thousands deep: no review copy writes that
        raise ReviewFileError("is not a comment file from a review copy (nested too deep)", file=file) from None
    return _document(doc, file, path)


def _document(doc, file: str, path: Path) -> ReviewFile:
    if not isinstance(doc, dict):
        raise ReviewFileError("is not a comment file from a review copy (a JSON object was expected)", file=file)
    if doc.get("format") != FORMAT:
        raise ReviewFileError(f"is not a comment file from a review copy (format {doc.get('format')!r}, "
                              f"expected {FORMAT!r})", file=file, where="format")
    course = _field(doc, "course", dict, file)
    comments = _field(doc, "comments", list, file)
    return ReviewFile(path, _text(course, "title", file, "course.title", MAX_TEXT),
                      _text(course, "build", file, "course.build", 200),
                      _text(doc, "reviewer", file, "reviewer", MAX_NAME),
                      tuple(_comment(c, file, f"comments[{i}]") for i, c in enumerate(comments)))


def _comment(item, file: str, where: str) -> FiledComment:
    if not isinstance(item, dict):
        raise ReviewFileError("must be an object", file=file, where=where)
    module = _text(item, "module", file, f"{where}.module", 200)
    if not _MODULE_ID.fullmatch(module):
        raise ReviewFileError(f"'{module}' is not a module id", file=file, where=f"{where}.module")
    block = item.get("block")
    if block is not None and (not isinstance(block, int) or isinstance(block, bool) or block < 0):
        raise ReviewFileError("must be a block number (0 or more) or null", file=file, where=f"{where}.block")
    anchor, kind = item.get("anchor"), item.get("kind")
    for name, value in (("anchor", anchor), ("kind", kind)):
        if value is not None and not isinstance(value, str):
            raise ReviewFileError("must be text or null", file=file, where=f"{where}.{name}")
    at = _text(item, "at", file, f"{where}.at", 64)
    try:
        datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        raise ReviewFileError(f"'{at}' is not an ISO 8601 date and time", file=file, where=f"{where}.at") from None
    return FiledComment(module, block, anchor, kind, at, _text(item, "text", file, f"{where}.text", MAX_TEXT))


def _field(doc: dict, name: str, kind: type, file: str):
    value = doc.get(name)
    if not isinstance(value, kind):
        what = "an object" if kind is dict else "a list"
        raise ReviewFileError(f"missing or not {what}", file=file, where=name)
    return value


def _text(doc: dict, name: str, file: str, where: str, limit: int) -> str:
    value = doc.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ReviewFileError("missing or empty", file=file, where=where)
    if len(value) > limit:
        raise ReviewFileError(f"longer than {limit} characters", file=file, where=where)
    return value.strip()
