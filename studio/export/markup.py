"""Course text → safe HTML, at build time: Markdown rendered, then sanitised with nh3.

The player inserts only this HTML with ``innerHTML``; every other string from the course
(titles, prompts, feedback, alt text…) reaches the page through ``textContent``. nh3 keeps
a small allow-list: no script, no event handlers, no style, no images or frames (a package
must hold every file it shows and fetch nothing), links only to http(s) and mailto.
"""
from __future__ import annotations

import functools
import threading

import markdown
import nh3

_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
         "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub", "del"}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}
_LOCAL = threading.local()


def _markdown() -> markdown.Markdown:
    # Building a Markdown parser costs more than converting a block with it: one per thread,
    # reset before each use (reset() clears every state a conversion leaves).
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
    return parser.reset()


# A pure function of the text, asked again for every format of a build, every rebuild of an
# unchanged course and every preview refresh: remembered (bounded) rather than parsed again.
@functools.lru_cache(maxsize=4096)
def render_markdown(text: str | None) -> str:
    """Block Markdown → sanitised HTML ('' for no text). Headings start at h3 under the block's h2."""
    if not text:
        return ""
    html = _markdown().convert(text)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return sanitise(html)


@functools.lru_cache(maxsize=4096)
def render_inline(text: str | None) -> str:
    """One line of Markdown (a key point) → sanitised inline HTML, without the wrapping <p>."""
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def sanitise(html: str) -> str:
    # link_rel: a link out of the package never gets a handle on the player's window.
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)
