"""What the window shows when no course is open: open the example, open a file, or a recent one."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.ui import icons, theme
from studio.ui.cards import Card, clear_layout, section_label, text_label


class WelcomePage(QWidget):
    example_requested = Signal()
    open_requested = Signal()
    recent_requested = Signal(object)       # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setStyleSheet(f"#welcomePage {{ background: {theme.WINDOW}; }}")
        card = Card()
        card.setFixedWidth(520)
        card.body.setContentsMargins(36, 32, 36, 32)
        card.body.setSpacing(14)
        logo = QLabel()
        logo.setPixmap(icons.icon("module", theme.ACCENT).pixmap(40, 40))
        title = text_label("Micro-module Studio", size=theme.BASE_POINT_SIZE * 1.9, weight=QFont.Weight.DemiBold)
        tagline = text_label("Short modules, one measurable objective each, inside a duration budget — "
                             "assembled into learning paths for any LMS.", role="soft")
        self.example_button = QPushButton("Open the example course")
        self.example_button.setProperty("primary", True)
        self.example_button.setIcon(icons.icon("book", "#ffffff"))
        self.example_button.clicked.connect(self.example_requested)
        self.open_button = QPushButton("Open…")
        self.open_button.setIcon(icons.icon("open", theme.INK_SOFT))
        self.open_button.clicked.connect(self.open_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addWidget(self.example_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.recent_title = section_label("Recent")
        self.recent_list = QVBoxLayout()
        self.recent_list.setSpacing(2)
        hint = text_label("Opens a course source (course.yaml) or a project (Name.mstudio/project.db).",
                          role="caption")
        for widget in (logo, title, tagline):
            card.body.addWidget(widget)
        card.body.addSpacing(6)
        card.body.addLayout(buttons)
        card.body.addWidget(hint)
        card.body.addSpacing(8)
        card.body.addWidget(self.recent_title)
        card.body.addLayout(self.recent_list)
        row = QHBoxLayout()                     # not an alignment flag: that would give the card its
        row.addStretch(1)                      # sizeHint height and clip its wrapped lines
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)
        self.recent_buttons: list[QPushButton] = []
        self.set_recent([])

    def set_recent(self, recent: list[Path]) -> None:
        clear_layout(self.recent_list)
        self.recent_buttons = []
        for path in recent[:6]:
            button = QPushButton(f"{path.name}   —   {path.parent}")
            button.setProperty("link", True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(str(path))
            button.clicked.connect(lambda _=False, p=path: self.recent_requested.emit(p))
            self.recent_list.addWidget(button)
            self.recent_buttons.append(button)
        self.recent_title.setVisible(bool(recent))
