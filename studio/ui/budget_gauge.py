"""The budget gauge: a module's estimate on a bar against its min, target and max.

The band between min and max is tinted, the target is a tick, the estimate is a filled bar
in green, amber or red (see :func:`studio.editor.gauge.read_budget`), and the minutes are
written out so the colour is never the only signal.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.editor.gauge import BudgetReading
from studio.timecode import format_minutes
from studio.ui import theme

TONE_COLOURS = {"ok": theme.OK, "warn": theme.WARN, "bad": theme.BAD}
TONE_WORDS = {"ok": "On target", "warn": "Near the edge", "bad": "Outside the budget"}
_BAR_H = 10.0


class BudgetGauge(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reading: BudgetReading | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(240)

    @property
    def reading(self) -> BudgetReading | None:
        return self._reading

    def set_reading(self, reading: BudgetReading | None) -> None:
        self._reading = reading
        self.setToolTip(reading.text if reading else "")
        self.setAccessibleName("Budget gauge")
        self.setAccessibleDescription(reading.text if reading else "")
        self.update()

    def tone_word(self) -> str:
        if self._reading is None:
            return ""
        if self._reading.status != "within":
            return f"{self._reading.status.capitalize()} budget" + (" (override)" if self._reading.tone == "warn" else "")
        return TONE_WORDS[self._reading.tone]

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(420, int(fm.height() * 2 + _BAR_H + 22))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        reading = self._reading
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        top_text_h = fm.height() + 6
        bar = QRectF(rect.left(), rect.top() + top_text_h, rect.width(), _BAR_H)
        radius = _BAR_H / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.LINE))
        painter.drawRoundedRect(bar, radius, radius)
        if reading is None:
            return
        scale = reading.scale_s

        def x_of(seconds: float) -> float:
            return bar.left() + bar.width() * max(0.0, min(1.0, seconds / scale))

        colour = QColor(TONE_COLOURS[reading.tone])
        if reading.min_s is not None and reading.max_s is not None:    # the allowed band
            band = QRectF(QPointF(x_of(reading.min_s), bar.top()), QPointF(x_of(reading.max_s), bar.bottom()))
            tint = QColor(theme.OK)
            tint.setAlpha(46)
            painter.setBrush(tint)
            painter.drawRect(band)
        fill = QRectF(bar.left(), bar.top(), max(_BAR_H, x_of(reading.seconds) - bar.left()), _BAR_H)
        clip = QPainterPath()
        clip.addRoundedRect(bar, radius, radius)
        painter.setClipPath(clip)
        painter.setBrush(colour)
        painter.drawRoundedRect(fill, radius, radius)
        painter.setClipping(False)

        # estimate as text above the bar's end; the tone in words on the left
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.Bold)
        painter.setFont(bold)
        painter.setPen(colour)
        estimate_text = format_minutes(reading.seconds)
        width = QFontMetrics(bold).horizontalAdvance(estimate_text)
        x = min(max(rect.left(), x_of(reading.seconds) - width / 2), rect.right() - width)
        painter.drawText(QPointF(x, rect.top() + fm.ascent()), estimate_text)

        # ticks and labels for min, target and max under the bar
        painter.setFont(self.font())
        label_y = bar.bottom() + 6 + fm.ascent()
        marks = [(reading.target_s, "target"), (reading.min_s, "min"), (reading.max_s, "max")]
        ticks = [(x_of(seconds), name, format_minutes(seconds)) for seconds, name in marks if seconds is not None]
        for tick_x, name, _ in ticks:
            pen = QPen(QColor(theme.INK if name == "target" else theme.INK_FAINT), 2 if name == "target" else 1)
            painter.setPen(pen)
            painter.drawLine(QPointF(tick_x, bar.top() - 3), QPointF(tick_x, bar.bottom() + 3))
        labels = [(x, name, (f"{time} {name}", time)) for x, name, time in ticks]
        for name, text, tx in place_labels(labels, fm.horizontalAdvance, rect.left(), rect.right()):
            painter.setPen(QColor(theme.INK_SOFT if name == "target" else theme.INK_FAINT))
            painter.drawText(QPointF(tx, label_y), text)
        painter.end()


LABEL_GAP = 8


def place_labels(labels, measure, left: float, right: float) -> list[tuple[str, str, float]]:
    """Where the tick labels go: ``labels`` are ``(x, name, texts)``, most important first, each
    with its texts longest first ("5:00 min", "5:00"). A label is centred on its tick, kept
    inside ``left``–``right``, and takes its first text that clears those already placed; one
    that cannot is left out (a narrow gauge showed "5:00 m8:00 target"). Returns
    ``(name, text, x)`` of each placed label."""
    taken: list[tuple[float, float]] = []
    placed = []
    for x, name, texts in labels:
        for text in texts:
            width = measure(text)
            start = min(max(left, x - width / 2), right - width)
            if all(start + width + LABEL_GAP <= a or start >= b + LABEL_GAP for a, b in taken):
                taken.append((start, start + width))
                placed.append((name, text, start))
                break
    return placed
