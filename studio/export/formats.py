"""The package formats this build can write, and those the command line names for later.

A format is a small module with ``NAME``, ``ADAPTER`` (its runtime script in player/),
``ONE_PAGE`` (one page for every module, or a launch page per module) and
``manifest_files(plan) -> {name: bytes}``. Adding SCORM 2004 or cmi5 means adding such a
module here and an adapter script; the player, pages and media are shared.
"""
from __future__ import annotations

from studio.errors import StudioError
from studio.export import cmi5, html5, scorm12, scorm2004, xapi

AVAILABLE = {scorm12.NAME: scorm12, scorm2004.NAME: scorm2004, html5.NAME: html5, cmi5.NAME: cmi5, xapi.NAME: xapi}
NOT_YET = ("review", "all")
ALL_NAMES = (*AVAILABLE, *NOT_YET)


class FormatNotAvailable(StudioError):
    """A format of the command-line contract that this build cannot write yet."""


def format_module(name: str):
    if name in AVAILABLE:
        return AVAILABLE[name]
    if name in NOT_YET:
        raise FormatNotAvailable(f"the {name} format is not available yet in this build "
                                 f"(available: {', '.join(AVAILABLE)})", where="--format")
    raise FormatNotAvailable(f"unknown format '{name}' (one of {', '.join(ALL_NAMES)})", where="--format")
