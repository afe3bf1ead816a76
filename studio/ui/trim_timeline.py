"""The trim editor's timeline: time ticks, a filmstrip, the waveform, the captions' cues and
a playhead, with the in/out handles over them.

It paints what it is given and turns gestures into two signals: ``handles_changed`` (the
designer moved in or out) and ``playhead_moved`` (a click or drag on the timeline, or a
key). Keys: ←/→ move the active handle a frame (or 0.1 s for sound), Shift ×10; Home puts
the in handle at the start, End the out handle at the end; I and O mark in and out at the
playhead; [ and ] choose the handle the arrows move.
"""
from __future__ import annotations

import math
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent,
                           QPen, QPixmap, QPolygonF)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from studio.media.captions import Cue
from studio.timecode import format_minutes
from studio.ui import theme

RULER_H, FILM_H, WAVE_H, CUES_H = 24, 56, 76, 24
PAD_X = 14            # room for a handle's grip at either end
GRAB_PX = 7           # how near a handle a press takes it
_TICK_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


def _colour(name: str, alpha: int = 255) -> QColor:
    colour = QColor(name)
    colour.setAlpha(alpha)
    return colour


class TrimTimeline(QWidget):
    handles_changed = Signal(float, float)    # in_s, out_s
    playhead_moved = Signal(float)

    def __init__(self, duration_s: float, frame_s: float | None = None, *, has_video: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration_s = max(duration_s, 0.001)
        self.step_s = frame_s or 0.1
        self.has_video = has_video
        self.in_s, self.out_s = 0.0, self.duration_s
        self.playhead_s = 0.0
        self.active = "in"
        self.peaks: Sequence[tuple[float, float]] = ()
        self.thumbnails: list[tuple[float, QPixmap]] = []
        self.cues: Sequence[Cue] = ()
        self.plan_kept: tuple[tuple[float, float], ...] | None = None
        self.lane_notes = {"film": "", "wave": "", "cues": ""}   # "Reading the waveform…" while a job runs
        self._dragging: str | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # The waveform lane takes whatever height the dialog gives beyond the minimum.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Timeline")
        self._describe()

    # -- geometry -----------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(760, self._height() + 40)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self._height())

    def _height(self) -> int:
        return RULER_H + (FILM_H if self.has_video else 0) + WAVE_H + CUES_H

    def _lanes(self) -> dict[str, QRectF]:
        width = self.width() - 2 * PAD_X
        y = 0.0
        lanes = {}
        wave_h = max(WAVE_H, self.height() - self._height() + WAVE_H)
        for name, height in (("ruler", RULER_H), ("film", FILM_H if self.has_video else 0),
                             ("wave", wave_h), ("cues", CUES_H)):
            lanes[name] = QRectF(PAD_X, y, width, height)
            y += height
        return lanes

    def x_of(self, seconds: float) -> float:
        return PAD_X + seconds / self.duration_s * (self.width() - 2 * PAD_X)

    def time_at(self, x: float) -> float:
        width = max(1, self.width() - 2 * PAD_X)
        return min(self.duration_s, max(0.0, (x - PAD_X) / width * self.duration_s))

    def _snap(self, seconds: float) -> float:
        return min(self.duration_s, max(0.0, round(seconds / self.step_s) * self.step_s))

    # -- state --------------------------------------------------------------------------
    def set_handles(self, in_s: float, out_s: float, *, emit: bool = False) -> None:
        in_s = min(max(0.0, in_s), self.duration_s)
        out_s = min(max(0.0, out_s), self.duration_s)
        if out_s - in_s < self.step_s - 1e-9:       # keep at least one frame
            if self.active == "in":
                in_s = max(0.0, out_s - self.step_s)
            else:
                out_s = min(self.duration_s, in_s + self.step_s)
        changed = (in_s, out_s) != (self.in_s, self.out_s)
        self.in_s, self.out_s = in_s, out_s
        self._describe()
        self.update()
        if changed and emit:
            self.handles_changed.emit(in_s, out_s)

    def set_playhead(self, seconds: float, *, emit: bool = False) -> None:
        self.playhead_s = min(max(0.0, seconds), self.duration_s)
        self.update()
        if emit:
            self.playhead_moved.emit(self.playhead_s)

    def set_peaks(self, peaks: Sequence[tuple[float, float]]) -> None:
        self.peaks = peaks
        self.update()

    def set_thumbnails(self, thumbnails: list[tuple[float, QPixmap]]) -> None:
        self.thumbnails = thumbnails
        self.update()

    def set_cues(self, cues: Sequence[Cue]) -> None:
        self.cues = cues
        self.update()

    def set_plan(self, kept: tuple[tuple[float, float], ...] | None) -> None:
        self.plan_kept = kept
        self.update()

    def set_lane_note(self, lane: str, text: str) -> None:
        self.lane_notes[lane] = text
        self.update()

    def _describe(self) -> None:
        self.setAccessibleDescription(f"In {self.in_s:.2f} s, out {self.out_s:.2f} s of {self.duration_s:.2f} s; "
                                      f"arrow keys move the {self.active} point")

    # -- gestures -----------------------------------------------------------------------
    def _handle_near(self, x: float) -> str | None:
        distances = {"in": abs(x - self.x_of(self.in_s)), "out": abs(x - self.x_of(self.out_s))}
        name = min(distances, key=distances.get)
        return name if distances[name] <= GRAB_PX else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        x = event.position().x()
        handle = self._handle_near(x)
        if handle is not None:
            self.active = self._dragging = handle
            self._describe()
        else:
            self._dragging = "playhead"
            self.set_playhead(self.time_at(x), emit=True)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._dragging in ("in", "out"):
            t = self._snap(self.time_at(x))
            if self._dragging == "in":
                self.set_handles(min(t, self.out_s - self.step_s), self.out_s, emit=True)
            else:
                self.set_handles(self.in_s, max(t, self.in_s + self.step_s), emit=True)
        elif self._dragging == "playhead":
            self.set_playhead(self.time_at(x), emit=True)
        else:
            near = self._handle_near(x) is not None
            self.setCursor(Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.ArrowCursor)
            self._show_cue_tip(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._dragging = None

    def _show_cue_tip(self, event: QMouseEvent) -> None:
        lane = self._lanes()["cues"]
        pos = event.position()
        cue = self.cue_at(pos.x()) if lane.top() <= pos.y() <= lane.bottom() else None
        if cue is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(),
                          f"{format_minutes(cue.start_s)}–{format_minutes(cue.end_s)}  {cue.text}", self)

    def cue_at(self, x: float) -> Cue | None:
        t = self.time_at(x)
        return next((cue for cue in self.cues if cue.start_s <= t <= cue.end_s), None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = self.step_s * (10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            delta = step if key == Qt.Key.Key_Right else -step
            if self.active == "in":
                self.set_handles(min(self._snap(self.in_s + delta), self.out_s - self.step_s), self.out_s, emit=True)
            else:
                self.set_handles(self.in_s, max(self._snap(self.out_s + delta), self.in_s + self.step_s), emit=True)
        elif key == Qt.Key.Key_Home:
            self.active = "in"
            self.set_handles(0.0, self.out_s, emit=True)
        elif key == Qt.Key.Key_End:
            self.active = "out"
            self.set_handles(self.in_s, self.duration_s, emit=True)
        elif key == Qt.Key.Key_I:
            self.active = "in"
            self.set_handles(min(self._snap(self.playhead_s), self.out_s - self.step_s), self.out_s, emit=True)
        elif key == Qt.Key.Key_O:
            self.active = "out"
            self.set_handles(self.in_s, max(self._snap(self.playhead_s), self.in_s + self.step_s), emit=True)
        elif key in (Qt.Key.Key_BracketLeft, Qt.Key.Key_BracketRight):
            self.active = "in" if key == Qt.Key.Key_BracketLeft else "out"
            self._describe()
            self.update()
        else:
            return super().keyPressEvent(event)
        event.accept()

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lanes = self._lanes()
        body = QRectF(PAD_X, lanes["ruler"].bottom(), lanes["ruler"].width(), self.height() - RULER_H - 1)
        painter.fillRect(self.rect(), QColor(theme.SURFACE))
        painter.fillRect(body, QColor(theme.SURFACE_ALT))
        self._paint_ruler(painter, lanes["ruler"], body)
        if self.has_video:
            self._paint_film(painter, lanes["film"])
        self._paint_wave(painter, lanes["wave"])
        self._paint_cues(painter, lanes["cues"])
        self._paint_trim(painter, body)
        self._paint_playhead(painter, lanes["ruler"], body)
        painter.setPen(QPen(QColor(theme.LINE), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(body.adjusted(0.5, 0.5, -0.5, -0.5))
        if self.hasFocus():
            painter.setPen(QPen(_colour(theme.ACCENT, 120), 1.5))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        painter.end()

    def _tick_step(self, width: float) -> float:
        for step in _TICK_STEPS:
            if width / (self.duration_s / step) >= 64:
                return step
        return _TICK_STEPS[-1]

    def _paint_ruler(self, painter: QPainter, rect: QRectF, body: QRectF) -> None:
        step = self._tick_step(rect.width())
        font = QFont(self.font())
        font.setPointSizeF(theme.BASE_POINT_SIZE * 0.8)
        painter.setFont(font)
        for n in range(int(self.duration_s / step) + 1):
            t = n * step
            x = self.x_of(t)
            painter.setPen(QPen(QColor(theme.LINE_STRONG), 1))
            painter.drawLine(QPointF(x, rect.bottom() - 6), QPointF(x, rect.bottom()))
            painter.setPen(QPen(_colour(theme.LINE, 150), 1))
            painter.drawLine(QPointF(x, body.top()), QPointF(x, body.bottom()))
            for minor in range(1, 5):
                mx = self.x_of(t + step * minor / 5)
                if mx < rect.right():
                    painter.setPen(QPen(QColor(theme.LINE), 1))
                    painter.drawLine(QPointF(mx, rect.bottom() - 3), QPointF(mx, rect.bottom()))
            label = _tick_label(t, step)
            painter.setPen(QColor(theme.INK_FAINT))
            width = painter.fontMetrics().horizontalAdvance(label)
            if x + 3 + width <= rect.right() + PAD_X:
                painter.drawText(QPointF(x + 3, rect.top() + 13), label)

    def _lane_note(self, painter: QPainter, rect: QRectF, lane: str, fallback: str = "") -> None:
        text = self.lane_notes.get(lane) or fallback
        if text:
            painter.setPen(QColor(theme.INK_FAINT))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_film(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, QColor("#2a2f3a"))
        if not self.thumbnails:
            painter.setPen(QColor("#c6cbd6"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.lane_notes["film"] or "No filmstrip")
            return
        painter.save()
        painter.setClipRect(rect)
        first = self.thumbnails[0][1]
        aspect = first.width() / max(1, first.height())
        tile_h = rect.height() - 4
        tile_w = tile_h * aspect
        # Tiles side by side across the lane, each showing the thumbnail nearest its middle.
        count = max(1, math.ceil(rect.width() / tile_w))
        for n in range(count):
            x = rect.left() + n * tile_w
            t = self.time_at(x + tile_w / 2)
            pixmap = min(self.thumbnails, key=lambda item: abs(item[0] - t))[1]
            painter.drawPixmap(QRectF(x, rect.top() + 2, tile_w - 1, tile_h), pixmap, QRectF(pixmap.rect()))
        painter.restore()

    def _paint_wave(self, painter: QPainter, rect: QRectF) -> None:
        mid = rect.center().y()
        painter.setPen(QPen(QColor(theme.LINE_STRONG), 1))
        painter.drawLine(QPointF(rect.left(), mid), QPointF(rect.right(), mid))
        if not self.peaks:
            self._lane_note(painter, rect, "wave", "No waveform")
            return
        half = rect.height() / 2 - 4
        columns = max(1, int(rect.width()))
        count = len(self.peaks)
        path = QPainterPath()
        top, bottom = [], []
        for column in range(columns + 1):
            first = min(count - 1, column * count // columns)
            last = min(count, max(first + 1, (column + 1) * count // columns))
            low = min(p[0] for p in self.peaks[first:last])
            high = max(p[1] for p in self.peaks[first:last])
            x = rect.left() + column
            top.append(QPointF(x, mid - high * half))
            bottom.append(QPointF(x, mid - low * half))
        path.addPolygon(QPolygonF(top + list(reversed(bottom))))
        path.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.KIND_COLOURS["audio"] if not self.has_video else theme.INFO))
        painter.drawPath(path)

    def _paint_cues(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, QColor(theme.SURFACE))
        if not self.cues:
            painter.setFont(self.font())
            self._lane_note(painter, rect, "cues", "No captions")
            return
        font = QFont(self.font())
        font.setPointSizeF(theme.BASE_POINT_SIZE * 0.8)
        painter.setFont(font)
        for cue in self.cues:
            left = self.x_of(cue.start_s)
            box = QRectF(left, rect.top() + 4, max(2.0, self.x_of(cue.end_s) - left), rect.height() - 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.ACCENT_SOFT))
            painter.drawRoundedRect(box.adjusted(0.5, 0, -0.5, 0), 3, 3)
            if box.width() > 64:       # narrower cues show their text on hover only
                painter.setPen(QColor(theme.INK_SOFT))
                text = painter.fontMetrics().elidedText(cue.text.replace("\n", " "), Qt.TextElideMode.ElideRight,
                                                        int(box.width() - 8))
                painter.drawText(box.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_trim(self, painter: QPainter, body: QRectF) -> None:
        x_in, x_out = self.x_of(self.in_s), self.x_of(self.out_s)
        shade = _colour(theme.INK, 120)
        painter.fillRect(QRectF(body.left(), body.top(), x_in - body.left(), body.height()), shade)
        painter.fillRect(QRectF(x_out, body.top(), body.right() - x_out, body.height()), shade)
        if self.plan_kept:
            self._paint_plan(painter, body)
        kept = QRectF(x_in, body.top(), x_out - x_in, body.height())
        painter.setPen(QPen(QColor(theme.ACCENT), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(QPointF(x_in, body.top() + 1), QPointF(x_out, body.top() + 1))
        painter.drawLine(QPointF(x_in, body.bottom() - 1), QPointF(x_out, body.bottom() - 1))
        for name, x in (("in", x_in), ("out", x_out)):
            self._paint_handle(painter, x, kept, name)

    def _paint_plan(self, painter: QPainter, body: QRectF) -> None:
        """The parts the plan removes, greyed and hatched; its kept ranges outlined."""
        cuts, position = [], self.in_s
        for start, end in self.plan_kept:
            if start > position + 1e-6:
                cuts.append((position, start))
            position = end
        if self.out_s > position + 1e-6:
            cuts.append((position, self.out_s))
        hatch = QBrush(_colour(theme.BAD, 150), Qt.BrushStyle.BDiagPattern)
        for start, end in cuts:
            box = QRectF(self.x_of(start), body.top(), max(1.5, self.x_of(end) - self.x_of(start)), body.height())
            painter.fillRect(box, _colour(theme.SURFACE_ALT, 200))
            painter.fillRect(box, hatch)
        painter.setPen(QPen(QColor(theme.OK), 2))
        for start, end in self.plan_kept:
            painter.drawLine(QPointF(self.x_of(start), body.bottom() - 5), QPointF(self.x_of(end), body.bottom() - 5))

    def _paint_handle(self, painter: QPainter, x: float, kept: QRectF, name: str) -> None:
        active = name == self.active
        colour = QColor(theme.ACCENT)
        painter.setPen(QPen(colour, 2))
        painter.drawLine(QPointF(x, kept.top()), QPointF(x, kept.bottom()))
        grip_w = 9
        grip = QRectF(x - grip_w if name == "in" else x, kept.center().y() - 15, grip_w, 30)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour if active else QColor(theme.SURFACE))
        radius = 3
        painter.drawRoundedRect(grip, radius, radius)
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(grip, radius, radius)
        painter.setPen(QPen(QColor(theme.SURFACE) if active else colour, 1))
        for dy in (-4, 0, 4):
            painter.drawLine(QPointF(grip.center().x() - 2, grip.center().y() + dy),
                             QPointF(grip.center().x() + 2, grip.center().y() + dy))

    def _paint_playhead(self, painter: QPainter, ruler: QRectF, body: QRectF) -> None:
        x = self.x_of(self.playhead_s)
        painter.setPen(QPen(QColor(theme.BAD), 1.5))
        painter.drawLine(QPointF(x, ruler.top() + 10), QPointF(x, body.bottom()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.BAD))
        painter.drawPolygon(QPolygonF([QPointF(x - 5, ruler.top() + 8), QPointF(x + 5, ruler.top() + 8),
                                       QPointF(x, ruler.top() + 15)]))


def _tick_label(seconds: float, step: float) -> str:
    if step < 1:
        return f"{seconds:.1f}s" if seconds < 60 else f"{format_minutes(seconds)}"
    if seconds < 60 and step < 60:
        return f"0:{round(seconds):02d}"
    return format_minutes(seconds)
