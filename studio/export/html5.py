"""Standalone HTML5: one ``index.html`` holding every module of the course (or the path),
a menu, progress kept in the browser's localStorage. Opens from disk (``file://``), any
static server, or a SharePoint/Teams tab; it needs no manifest."""
from __future__ import annotations

from studio.export.plan import PackagePlan

NAME = "html5"
ADAPTER = "html5.js"
INDEX = "index.html"
ONE_PAGE = True   # all modules on one page, with a menu


def manifest_files(plan: PackagePlan) -> dict[str, bytes]:
    return {}
