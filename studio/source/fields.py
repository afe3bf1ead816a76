"""Typed field access over a YAML mapping, raising errors that name the field and line."""
from __future__ import annotations

import math
import os
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Iterable

from studio.errors import SourceError
from studio.timecode import parse_duration
from studio.source.yaml_lines import LoadedYaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Fields:
    """One mapping of the source, at ``where``; every getter validates its type."""

    def __init__(self, doc: LoadedYaml, value: object, where: str, allowed: Iterable[str]) -> None:
        self.doc, self.where = doc, where
        if not isinstance(value, dict):
            raise self.error(f"expected a mapping (key: value), got {_type_name(value)}")
        self.data = value
        unknown = [k for k in value if k not in set(allowed)]
        if unknown:
            raise self.error(f"unknown field '{unknown[0]}' (expected one of: {', '.join(allowed)})",
                             _join(where, unknown[0]))

    def error(self, message: str, where: str | None = None) -> SourceError:
        where = where if where is not None else self.where
        return SourceError(message, file=self.doc.file, line=self.doc.line_of(where), where=where or None)

    def at(self, key: str) -> str:
        return _join(self.where, key)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str) -> object:
        return self.data.get(key)

    def text(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(f"missing required field '{key}'", self.at(key) if key in self.data else None)
            return default
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            raise self.error(f"expected text, got {_type_name(value)}", self.at(key))
        if not isinstance(value, str):
            value = str(value)  # a number or date typed where text was meant: keep it as written
        if required and not value.strip():
            raise self.error(f"'{key}' must not be empty", self.at(key))
        return value

    def identifier(self, key: str) -> str:
        value = self.text(key, required=True)
        if not ID_PATTERN.fullmatch(value):
            raise self.error(f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens",
                             self.at(key))
        return value

    def number(self, key: str, *, minimum: float | None = None, maximum: float | None = None,
               integer: bool = False) -> float | int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
            kind = "a whole number" if integer else "a number"
            raise self.error(f"expected {kind}, got {_type_name(value)} {value!r}", self.at(key))
        if not _finite(value):
            raise self.error(f"expected a finite number of sensible size, got {_short_repr(value)}", self.at(key))
        if minimum is not None and value < minimum or maximum is not None and value > maximum:
            bounds = f"between {minimum:g} and {maximum:g}" if maximum is not None else f"at least {minimum:g}"
            raise self.error(f"must be {bounds}, got {value!r}", self.at(key))
        return value if integer else float(value)

    def flag(self, key: str, default: bool | None = False) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(f"expected true or false, got {value!r}", self.at(key))
        return value

    def duration(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            seconds = parse_duration(value)
        except ValueError as exc:
            raise self.error(str(exc), self.at(key)) from None
        if seconds > MAX_SECONDS:
            raise self.error(f"{seconds:g} s is longer than a day; check the value", self.at(key))
        return seconds

    def media_path(self, key: str, *, required: bool = False) -> str | None:
        """A path relative to the course file that stays inside its folder (so it can be exported)."""
        value = self.text(key, required=required)
        if value is None:
            return None
        posix = PurePosixPath(value.replace("\\", "/"))
        if posix.is_absolute() or PureWindowsPath(value).drive or ".." in posix.parts:
            raise self.error(f"'{value}' must be a path relative to the course file, inside its folder",
                             self.at(key))
        return value

    def items(self, key: str, *, required: bool = False) -> list[tuple[str, object]]:
        """The list at ``key`` as ``[(where, item), …]``."""
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(f"missing required field '{key}'")
            return []
        if not isinstance(value, list):
            raise self.error(f"expected a list, got {_type_name(value)}", self.at(key))
        return [(f"{self.at(key)}[{i}]", item) for i, item in enumerate(value)]

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        result = []
        for where, item in self.items(key, required=required):
            if item is None or isinstance(item, (dict, list, bool)):
                raise self.error(f"expected text, got {_type_name(item)}", where)
            result.append(str(item))
        return tuple(result)

    def concepts(self, key: str) -> tuple[str, ...]:
        """A list of concept ids, each named once (as the module's introduces/requires spell them)."""
        result: list[str] = []
        for where, item in self.items(key):
            if item is None or isinstance(item, (dict, list, bool)):
                raise self.error(f"expected a concept id, got {_type_name(item)}", where)
            concept = str(item)
            if not concept.strip():
                raise self.error("a concept id must not be empty", where)
            if concept in result:
                raise self.error(f"concept '{concept}' is listed twice", where)
            result.append(concept)
        return tuple(result)

    def sub(self, key: str, allowed: Iterable[str]) -> "Fields | None":
        if self.data.get(key) is None:
            return None
        return Fields(self.doc, self.data[key], self.at(key), allowed)


def escapes_folder(folder: str | os.PathLike, value: str, real_dirs: dict[str, str] | None = None) -> str | None:
    """Why ``value`` (already relative, without '..') leaves ``folder`` once links are followed —
    a symlinked file or any symlinked folder on the way — or None when it stays inside.

    ``real_dirs`` (shared between calls for one folder) remembers each folder's resolved path,
    so a course of thousands of media files resolves its few folders once each."""
    base = real_dirs.get("") if real_dirs is not None else None     # "" holds the folder itself
    if base is None:
        base = os.path.realpath(folder)
        if real_dirs is not None:
            real_dirs[""] = base
    joined = os.path.join(base, value.replace("\\", "/"))
    parent, name = os.path.split(joined)
    try:
        if real_dirs is None or name in ("", "."):
            real = _real(joined)
        else:
            if parent not in real_dirs:      # a missing folder resolves as far as it exists
                real_dirs[parent] = _real(parent)
            candidate = os.path.join(real_dirs[parent], name)
            real = _real(candidate) if os.path.islink(candidate) else candidate
    except (OSError, RuntimeError):
        return f"'{value}' cannot be resolved (a link that loops or cannot be read)"
    if os.path.commonpath([base, real]) != base:
        return (f"'{value}' leads outside the course folder (a link to {real}); "
                "copy the file into the course folder")
    return None


def _real(path: str) -> str:
    try:
        return os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return os.path.realpath(path)  # missing: check reports it


MAX_SECONDS = 86_400
_MAX_MAGNITUDE = 1e15


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value) and abs(value) <= _MAX_MAGNITUDE
    except OverflowError:  # an integer too large for a float
        return False


def _short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:20]}… ({len(text)} digits)"


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type_name(value: object) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)
