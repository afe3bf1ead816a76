"""Shown while a course opens in the background (when no course is on screen yet)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from studio.ui import theme
from studio.ui.cards import text_label


class LoadingPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadingPage")
        self.setStyleSheet(f"#loadingPage {{ background: {theme.WINDOW}; }}")
        self.title = text_label("", size=theme.BASE_POINT_SIZE * 1.3, weight=QFont.Weight.DemiBold)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message = text_label("", role="caption")
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(280)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message)
        layout.addStretch(2)

    def show_opening(self, location: Path) -> None:
        self.title.setText(f"Opening {location.name}")
        self.set_progress(None, "Reading the course")

    def set_progress(self, fraction: float | None, message: str) -> None:
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 100)
            self.bar.setValue(round(fraction * 100))
        self.message.setText(message)
