"""Icons for the six question kinds, drawn like studio/ui/icons.py's (24×24 strokes, tinted)."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from studio.ui import theme

_SHAPES = {
    "single": '<circle cx="12" cy="12" r="8.5"/><circle cx="12" cy="12" r="3.6" fill="C" stroke="none"/>',
    "multiple": '<rect x="3.5" y="3.5" width="17" height="17" rx="3.5"/><path d="M8 12.3l2.8 2.8 5.4-5.8"/>',
    "true_false": '<path d="M3.5 12.5l3 3 5-6"/><path d="M14.5 9l6 6M20.5 9l-6 6"/>',
    "fill_blank": '<path d="M3 9h7M3 15h4"/><rect x="10" y="12" width="11" height="6" rx="1.5"/>',
    "matching": '<circle cx="5" cy="6.5" r="2"/><circle cx="5" cy="17.5" r="2"/><circle cx="19" cy="6.5" r="2"/>'
                '<circle cx="19" cy="17.5" r="2"/><path d="M7 7.5l10 9M7 16.5l10-9"/>',
    "ordering": '<path d="M11 6h9M11 12h9M11 18h9"/><path d="M5 4v15M2.8 16.5L5 19.5l2.2-3"/>',
}
_SIZES = (16, 20, 24, 32, 48)


@lru_cache(maxsize=None)
def question_icon(kind: str, colour: str = theme.KIND_COLOURS["quiz"]) -> QIcon:
    body = _SHAPES.get(kind, _SHAPES["single"]).replace('"C"', f'"{colour}"')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="{colour}" '
           f'stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">{body}</svg>').encode()
    renderer = QSvgRenderer(QByteArray(svg))
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
