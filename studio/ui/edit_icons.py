"""The editing icons (add, remove, duplicate, move, save, undo, redo), drawn like the others.

Registered into :mod:`studio.ui.icons` on import, so ``icons.icon("add")`` works everywhere.
"""
from __future__ import annotations

from studio.ui import icons

EDIT_SHAPES = {
    "add": '<path d="M12 5v14M5 12h14"/>',
    "remove": '<path d="M5 7h14M10 7V5h4v2M7 7l1 12h8l1-12"/>',
    "duplicate": '<rect x="8" y="8" width="12" height="12" rx="2.5"/><path d="M16 8V5.5A1.5 1.5 0 0 0 14.5 4h-9'
                 'A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8"/>',
    "up": '<path d="M12 19V5M6 11l6-6 6 6"/>',
    "down": '<path d="M12 5v14M6 13l6 6 6-6"/>',
    "save": '<path d="M5 4h11l3 3v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1z"/><path d="M8 4v5h7V4M8 20v-6h8v6"/>',
    "undo": '<path d="M9 14L4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>',
    "redo": '<path d="M15 14l5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>',
}

for _name, _shape in EDIT_SHAPES.items():
    icons._SHAPES.setdefault(_name, _shape)   # noqa: SLF001 - one table of shapes for every icon
