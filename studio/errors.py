"""Typed errors that say what went wrong and where.

Entry points (CLI, UI) show ``str(error)`` and never a traceback; the CLI maps every
``StudioError`` to exit code 2.
"""
from __future__ import annotations


class StudioError(Exception):
    """A problem the user can fix: carries the file, line and field or module it concerns."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.where = where

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.file and self.line:
            text = f"{text} ({self.file} line {self.line})"
        elif self.file:
            text = f"{text} ({self.file})"
        return one_line(text)


# Line breaks and other control characters a user's text can bring into a message (a key
# "0\n0'" left by a missing quote): shown escaped, so an error stays the one line it must be.
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7f]}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", 0x85: "\\x85",
                  0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    return text.translate(_CONTROLS)


class SourceError(StudioError):
    """The course source (YAML) is invalid."""


class ProjectError(StudioError):
    """A project file cannot be created, opened, migrated or saved."""


class MediaError(StudioError):
    """A media file is missing, unreadable or cannot be processed as asked."""


class OutputError(StudioError):
    """An output cannot be written where asked: a folder, an input, an unwritable place, a full disk."""


class Cancelled(Exception):
    """A long job was cancelled by the user; not an error to report."""
