"""The package formats this build can write.

A format is a small module with ``NAME``, ``ADAPTER`` (its runtime script in player/),
``ONE_PAGE`` (one page for every module, or a launch page per module) and
``manifest_files(plan) -> {name: bytes}``; optionally ``STYLES`` (its own style sheets),
``page_data(course, modules) -> dict`` (more data for its pages) and ``FOR_LEARNERS = False``
(not a learners' package: left out of ``all``, built despite check errors, no badge). The
player, pages and media are shared.
"""
from __future__ import annotations

from studio.errors import StudioError
from studio.export import cmi5, html5, review, scorm12, scorm2004, xapi

AVAILABLE = {scorm12.NAME: scorm12, scorm2004.NAME: scorm2004, html5.NAME: html5, cmi5.NAME: cmi5, xapi.NAME: xapi,
             review.NAME: review}
ALL_NAMES = (*AVAILABLE, "all")


class FormatNotAvailable(StudioError):
    """A format name that is not one of the command-line contract's."""


def format_module(name: str):
    if name in AVAILABLE:
        return AVAILABLE[name]
    raise FormatNotAvailable(f"unknown format '{name}' (one of {', '.join(ALL_NAMES)})", where="--format")
