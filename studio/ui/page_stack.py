"""The window's centre: one page at a time (welcome, loading, module, path). A plain
QStackedWidget asks for the largest minimum of all its pages (538 px on the example, though
the module view needs far less), so a hidden page stopped the docks from widening while the
module view was shown; this stack asks only for what the page in view needs."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget, QWidget


class PageStack(QStackedWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        # A page's set minimum counts as in any layout (the module view's 380 px), not only its hint.
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else super().minimumSizeHint()
