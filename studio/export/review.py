"""The review copy for SMEs: the HTML5 site (one page, opens from disk or any server) with a
comment box under every part of every module and on each module's start, the module's status,
and the comments still open in the project, so a reviewer does not repeat them. The reviewer's
comments stay in their browser until they download them as one file (``microstudio-review/1``,
see studio.review.comments_file), which ``studio review import`` merges into the project.

It is for drafts: check errors do not stop it (unsafe media still do), it is never part of
``--format all``, and it writes no badge."""
from __future__ import annotations

from studio import model as m
from studio.export.delivery import ascii_slug
from studio.export.plan import PackagePlan
from studio.review.anchors import block_anchor
from studio.review.comments_file import FORMAT, MAX_NAME, MAX_TEXT

NAME = "review"
ADAPTER = "review.js"
INDEX = "index.html"
ONE_PAGE = True
STYLES = ("review.css",)      # beside player.css, on this format's pages only
FOR_LEARNERS = False


def manifest_files(plan: PackagePlan) -> dict[str, bytes]:
    return {}


def page_data(course: m.Course, modules: list[m.Module]) -> dict:
    """What the review layer needs beyond the player's data: for each module its status, the
    anchor of each block, and the comments not yet resolved."""
    return {"review": {
        "format": FORMAT, "slug": ascii_slug(course.title, "course"),
        "limits": {"text": MAX_TEXT, "name": MAX_NAME},
        "modules": {mod.id: {"status": mod.status, "anchors": [block_anchor(b) for b in mod.blocks],
                             "open": [{"author": c.author, "at": c.at, "text": c.text, "block": c.block}
                                      for c in mod.comments if not c.resolved]}
                    for mod in modules}}}
