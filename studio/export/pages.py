"""The HTML pages of a package, from one template (player/page.html).

A page holds no script of its own: its data is a ``<script type="application/json">`` that
the player reads through ``textContent``, and its Content-Security-Policy allows scripts,
styles and media only from the package itself — so even text that slipped past the
sanitiser could not run.
"""
from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from studio.export.content import data_script
from studio.recent import for_same_inputs

PLAYER_DIR = Path(__file__).resolve().parent / "player"
PLAYER_ASSETS = ("player.js", "quiz.js", "player.css")
_TOKEN = re.compile(r"@@(LANG|TITLE|DATA|ADAPTER|STYLES)@@")
DATA_ELEMENT = re.compile(r'<script type="application/json" id="mms-data">(.*?)</script>', re.S)
# Adapters shipped as one file made of shared parts (the LRS client under cmi5 and xAPI, the
# SCORM API search under both SCORM versions).
ADAPTER_PARTS = {"cmi5.js": ("lrs.js", "cmi5.js"), "xapi.js": ("lrs.js", "xapi.js"),
                 "scorm12.js": ("scorm_api.js", "scorm12.js"), "scorm2004.js": ("scorm_api.js", "scorm2004.js"),
                 "review.js": ("html5.js", "review.js")}
# Adapters that talk to an LRS whose address comes only at launch: their pages may connect
# anywhere (scripts, styles and media stay the package's own).
NETWORK_ADAPTERS = {"cmi5.js", "xapi.js"}


@functools.lru_cache(maxsize=None)
def asset(name: str) -> bytes:
    """A player file as the package ships it: its parts joined, then compacted."""
    parts = ADAPTER_PARTS.get(name, (name,))
    return "".join(compact((PLAYER_DIR / part).read_text(encoding="utf-8")) for part in parts).encode("utf-8")


def compact(source: str) -> str:
    """The player's JavaScript or CSS without indentation, blank lines and whole-line comments.

    Not a minifier: every line that holds code is kept, stripped, on a line of its own, so
    tokens and automatic semicolon insertion are exactly the source's. Safe because the player
    has no multi-line string (no template literal, no backslash continuation); a comment that
    closes in the middle of a line is refused rather than guessed at. About 15 % lighter."""
    out, in_comment = [], False
    for number, line in enumerate(source.split("\n"), 1):
        text = line.strip()
        if in_comment:
            if "*/" in text and not text.endswith("*/"):
                raise ValueError(f"line {number}: code after a comment's end")
            in_comment = not text.endswith("*/")
            continue
        if "`" in text or text.endswith("\\"):
            raise ValueError(f"line {number}: a multi-line string cannot be compacted")
        if not text or text.startswith("//"):
            continue
        if text.startswith("/*") and ("*/" not in text or text.endswith("*/")):
            in_comment = "*/" not in text[2:]
            continue
        out.append(text)
    return "\n".join(out) + "\n"


def render_page(*, title: str, language: str, data: dict, adapter: str, styles: tuple[str, ...] = ()) -> bytes:
    """``styles``: a format's own style sheets, linked after player.css."""
    return _render(title, language, data, adapter, styles)


# A rebuild of an unchanged module passes equal data (its module dict is the very same object,
# see content.module_json), so the page is not serialised again.
@for_same_inputs(size=64)
def _render(title: str, language: str, data: dict, adapter: str, styles: tuple[str, ...]) -> bytes:
    links = "\n".join(f'<link rel="stylesheet" href="{name}">' for name in ("player.css", *styles))
    values = {"LANG": html.escape(language), "TITLE": html.escape(title), "DATA": data_script(data),
              "ADAPTER": adapter, "STYLES": links}
    template = _template()
    if adapter in NETWORK_ADAPTERS:
        template = template.replace("connect-src 'none'", "connect-src *")
    # One pass, so a token that appears inside the course's own text is never expanded.
    return _TOKEN.sub(lambda match: values[match.group(1)], template).encode("utf-8")


@functools.lru_cache(maxsize=1)
def _template() -> str:
    return (PLAYER_DIR / "page.html").read_text(encoding="utf-8")


def player_weight(adapter: str, styles: tuple[str, ...] = ()) -> int:
    """Bytes of JavaScript and CSS a learner downloads (before compression)."""
    return sum(len(asset(name)) for name in (*PLAYER_ASSETS, adapter, *styles))
