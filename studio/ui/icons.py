"""The studio's icons: small stroke drawings (24×24 SVG), tinted by role, crisp at any DPI.

Kept as data here rather than files so the packaged app needs no extra resources.
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from studio.ui import theme

_SHAPES = {
    "video": '<rect x="3" y="5" width="18" height="14" rx="3"/><path d="M10.5 9.5v5l4-2.5z" fill="C"/>',
    "audio": '<path d="M4 10v4M8 7v10M12 4v16M16 8v8M20 11v2"/>',
    "text": '<path d="M5 6h14M5 10h14M5 14h9M5 18h11"/>',
    "image": '<rect x="3" y="4" width="18" height="16" rx="3"/><circle cx="9" cy="9.5" r="1.8"/>'
             '<path d="M21 16l-5-5-10 9"/>',
    "quiz": '<circle cx="12" cy="12" r="9"/><path d="M9.6 9.4a2.5 2.5 0 1 1 3.6 2.3c-.7.4-1.2.9-1.2 1.7v.4"/>'
            '<path d="M12 16.8v.2"/>',
    "summary_card": '<rect x="3" y="5" width="18" height="14" rx="2.5"/><path d="M7 9.5h10M7 13.5h6"/>',
    "survey": '<path d="M5 20V11M12 20V5M19 20v-6"/>',
    "action_plan": '<rect x="3.5" y="5" width="17" height="15" rx="2.5"/><path d="M8 3v4M16 3v4M3.5 10h17"/>'
                   '<path d="M9 15l2 2 4-4"/>',
    "path": '<circle cx="6" cy="18.5" r="2"/><circle cx="18" cy="5.5" r="2"/>'
            '<path d="M8 18.5h8.5a3.25 3.25 0 0 0 0-6.5h-9a3.25 3.25 0 0 1 0-6.5H16"/>',
    "module": '<path d="M12 3.5l8.5 4.5-8.5 4.5-8.5-4.5z"/><path d="M3.5 12.5l8.5 4.5 8.5-4.5"/>',
    "all": '<rect x="4" y="4" width="6.5" height="6.5" rx="1.5"/><rect x="13.5" y="4" width="6.5" height="6.5" rx="1.5"/>'
           '<rect x="4" y="13.5" width="6.5" height="6.5" rx="1.5"/><rect x="13.5" y="13.5" width="6.5" height="6.5" rx="1.5"/>',
    "open": '<path d="M3 7.5A2.5 2.5 0 0 1 5.5 5H9l2 2h7.5A2.5 2.5 0 0 1 21 9.5v7a2.5 2.5 0 0 1-2.5 2.5h-13'
            'A2.5 2.5 0 0 1 3 16.5z"/>',
    "reload": '<path d="M20 12a8 8 0 1 1-2.4-5.7"/><path d="M20 4v4.5h-4.5"/>',
    "close": '<path d="M6.5 6.5l11 11M17.5 6.5l-11 11"/>',
    "panel": '<rect x="3" y="4" width="18" height="16" rx="2.5"/><path d="M9 4v16"/>',
    "problems": '<path d="M12 3.5l9 16H3z"/><path d="M12 10v4M12 16.8v.2"/>',
    "book": '<path d="M4 5.5A1.5 1.5 0 0 1 5.5 4H11v16H5.5A1.5 1.5 0 0 1 4 18.5z"/>'
            '<path d="M20 5.5A1.5 1.5 0 0 0 18.5 4H13v16h5.5a1.5 1.5 0 0 0 1.5-1.5z"/>',
    "error": '<circle cx="12" cy="12" r="9.5" fill="C" stroke="none"/><path d="M12 7.2v6" stroke="#fff"/>'
             '<path d="M12 16.6v.2" stroke="#fff"/>',
    "warning": '<path d="M12 3l10 17.5H2z" fill="C" stroke="C" stroke-width="1.5"/>'
               '<path d="M12 9.5v5" stroke="#fff"/><path d="M12 17.4v.2" stroke="#fff"/>',
    "ok": '<circle cx="12" cy="12" r="9.5" fill="C" stroke="none"/><path d="M7.6 12.4l3 3 5.8-6" stroke="#fff"/>',
    "info": '<circle cx="12" cy="12" r="9.5" fill="C" stroke="none"/><path d="M12 11v6" stroke="#fff"/>'
            '<path d="M12 7.4v.2" stroke="#fff"/>',
    "dot": '<circle cx="12" cy="12" r="5" fill="C" stroke="none"/>',
    "ring": '<circle cx="12" cy="12" r="4.5" stroke-width="2.2"/>',
    "add": '<path d="M12 5v14M5 12h14"/>',
    "remove": '<path d="M5 7h14M10 7V5h4v2M7 7l1 12h8l1-12"/>',
    "duplicate": '<rect x="8" y="8" width="12" height="12" rx="2.5"/><path d="M16 8V5.5A1.5 1.5 0 0 0 14.5 4h-9'
                 'A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8"/>',
    "up": '<path d="M12 19V5M6 11l6-6 6 6"/>',
    "down": '<path d="M12 5v14M6 13l6 6 6-6"/>',
    "save": '<path d="M5 4h11l3 3v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1z"/><path d="M8 4v5h7V4M8 20v-6h8v6"/>',
    "undo": '<path d="M9 14L4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>',
    "redo": '<path d="M15 14l5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>',
    # the six question kinds
    "question-single": '<circle cx="12" cy="12" r="8.5"/><circle cx="12" cy="12" r="3.6" fill="C" stroke="none"/>',
    "question-multiple": '<rect x="3.5" y="3.5" width="17" height="17" rx="3.5"/><path d="M8 12.3l2.8 2.8 5.4-5.8"/>',
    "question-true_false": '<path d="M3.5 12.5l3 3 5-6"/><path d="M14.5 9l6 6M20.5 9l-6 6"/>',
    "question-fill_blank": '<path d="M3 9h7M3 15h4"/><rect x="10" y="12" width="11" height="6" rx="1.5"/>',
    "question-matching": '<circle cx="5" cy="6.5" r="2"/><circle cx="5" cy="17.5" r="2"/><circle cx="19" cy="6.5" r="2"/>'
                '<circle cx="19" cy="17.5" r="2"/><path d="M7 7.5l10 9M7 16.5l10-9"/>',
    "question-ordering": '<path d="M11 6h9M11 12h9M11 18h9"/><path d="M5 4v15M2.8 16.5L5 19.5l2.2-3"/>',
    "build": '<path d="M12 3l8 4.5v9L12 21l-8-4.5v-9z"/><path d="M4 7.5l8 4.5 8-4.5M12 12v9"/>',
}
_SIZES = (16, 20, 24, 32, 40, 48, 64)
KIND_ICONS = {kind: kind for kind in theme.KIND_COLOURS}
SEVERITY_ICONS = {"error": "error", "warning": "warning", "info": "info"}
STATUS_COLOURS = {"draft": theme.INK_FAINT, "in_review": theme.WARN, "approved": theme.OK}


def svg(name: str, colour: str) -> bytes:
    body = _SHAPES[name].replace('"C"', f'"{colour}"')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="{colour}" '
            f'stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">{body}</svg>').encode()


@lru_cache(maxsize=None)
def icon(name: str, colour: str = theme.INK_SOFT) -> QIcon:
    """The named icon in ``colour``, rendered at every common size (so HiDPI stays sharp)."""
    renderer = QSvgRenderer(QByteArray(svg(name, colour)))
    result = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def question_icon(kind: str, colour: str = theme.KIND_COLOURS["quiz"]) -> QIcon:
    """The icon of a question kind (single, multiple, true_false, fill_blank, matching, ordering)."""
    name = f"question-{kind}"
    return icon(name if name in _SHAPES else "question-single", colour)


def kind_icon(kind: str) -> QIcon:
    return icon(KIND_ICONS.get(kind, "text"), theme.KIND_COLOURS.get(kind, theme.INK_SOFT))


def severity_icon(severity: str) -> QIcon:
    return icon(SEVERITY_ICONS.get(severity, "info"), theme.SEVERITY_COLOURS.get(severity, theme.INFO))


def status_icon(status: str) -> QIcon:
    return icon("dot", STATUS_COLOURS.get(status, theme.INK_FAINT))
