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


class ElidedLabel(QLabel):
    """One line of text that, when its column is narrower, shows its start and end with "…"
    between (a file name keeps its format and extension) instead of being cut off; the whole
    text stays in its tooltip and accessible name."""

    def __init__(self, text: str, role: str | None = None) -> None:
        super().__init__()
        self.full_text = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if role:
            self.setProperty("role", role)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("…") * 8)
        self.setText(text)

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self.full_text) + 4)
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideMiddle, self.width()))


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
