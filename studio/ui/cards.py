"""The few building blocks the views are made of: a card, a section label, a chip, a problem line."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from studio.rules.problems import Problem
from studio.ui import icons, theme


class Card(QFrame):
    """A white panel with a hairline border and rounded corners; children go in ``body``."""

    def __init__(self, title: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 18)
        self.body.setSpacing(10)
        self.title_label = None
        if title:
            self.title_label = section_label(title)
            self.body.addWidget(self.title_label)


def section_label(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setProperty("role", "section")
    font = label.font()
    font.setPointSizeF(theme.BASE_POINT_SIZE * 0.85)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def text_label(text: str = "", role: str | None = None, size: float | None = None,
               weight: QFont.Weight | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    if size or weight:
        font = label.font()
        if size:
            font.setPointSizeF(size)
        if weight:
            font.setWeight(weight)
        label.setFont(font)
    return label


def chip(text: str, colour: str) -> QLabel:
    """A small rounded tag, its text in ``colour`` on a pale tint of it."""
    label = QLabel(text)
    label.setProperty("role", "chip")
    tint = QColor(colour)
    label.setStyleSheet(f"color: {colour}; background: rgba({tint.red()}, {tint.green()}, {tint.blue()}, 28);")
    font = label.font()
    font.setPointSizeF(theme.BASE_POINT_SIZE * 0.9)
    label.setFont(font)
    return label


class ProblemLine(QWidget):
    """One problem inline: its severity icon, its message and its code."""

    def __init__(self, problem: Problem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        icon = QLabel()
        icon.setPixmap(icons.severity_icon(problem.severity).pixmap(16, 16))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon.setFixedWidth(18)
        message = text_label(problem.message)
        message.setStyleSheet(f"color: {theme.SEVERITY_COLOURS.get(problem.severity, theme.INK)};")
        code = text_label(problem.code, role="caption", wrap=False)
        row.addWidget(icon)
        row.addWidget(message, 1)
        row.addWidget(code, 0, Qt.AlignmentFlag.AlignTop)
        self.problem = problem


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
