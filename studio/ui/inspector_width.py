"""The inspector's width follows what it shows: an editor that needs room (the quiz editor,
its question list beside the question) widens the dock while it is shown; leaving it gives the
designer's own width back. A floating or hidden inspector is left alone."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

MAX_SHARE = 0.55      # never more than this share of the window: the module stays in view


class InspectorWidth:
    def __init__(self, window: QMainWindow, dock: QDockWidget) -> None:
        self.window, self.dock = window, dock
        self.own: int | None = None       # the designer's width, kept while the dock is widened

    def want(self, width: int) -> None:
        if self.dock.isFloating() or not self.dock.isVisible():
            return
        if width > 0:
            target = min(width, int(self.window.width() * MAX_SHARE))
            if self.dock.width() < target:
                if self.own is None:
                    self.own = self.dock.width()
                self.window.resizeDocks([self.dock], [target], Qt.Orientation.Horizontal)
        elif self.own is not None:
            own, self.own = self.own, None
            self.window.resizeDocks([self.dock], [own], Qt.Orientation.Horizontal)
