"""The path view: one learning path's modules in order, its prerequisites and its spaced plan.

Shows a :class:`~studio.ui.path_model.PathOverview`: a numbered track of module cards (time,
concepts introduced and required, release and review dates, sequencing problems), a red
arrow from each concept a module needs to the later module that introduces it, the path's
total time, and "Apply suggested order" — enabled only when the check suggests an order; it
emits ``apply_order_requested(path_id, order)`` for the main window to run as one undoable
command. Read-only otherwise: it never edits the course itself.
"""
from __future__ import annotations

import datetime as dt
import html
import re

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from studio.editor.block_text import seconds_text
from studio.editor.session import CourseState
from studio.ui import icons, theme
from studio.ui.cards import ProblemLine, chip, clear_layout, section_label, text_label
from studio.ui.flow_layout import FlowLayout
from studio.ui.path_model import ENTRY, LATER, NOWHERE, PathModule, PathOverview, order_text, path_overview

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NODE_R = 13.0          # the numbered circle of a module on the track
_TRACK_X = 20.0         # the track's line, in the gutter left of the cards
_LANE_GAP = 12.0        # between two prerequisite arrows side by side
_WIDE = 820             # from this viewport width the four figures sit in one row


def date_text(day: dt.date, year: bool = True) -> str:
    """``Mon 4 Jan 2027``: English names whatever the locale, like the rest of the studio."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _tint(colour: str, alpha: int) -> str:
    c = QColor(colour)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {alpha})"


def _requirement_chip(req) -> QLabel:
    if req.status == LATER:
        label = chip(f"{req.concept}  ↓ later", theme.BAD)
        tip = f"Needed here, but '{req.introduced_by}' only introduces it later in the path"
    elif req.status == NOWHERE:
        label = chip(f"{req.concept}  ✕ not introduced", theme.BAD)
        tip = "No earlier module of the path introduces it, and it is not an entry concept"
    elif req.status == ENTRY:
        label = chip(f"{req.concept}  · entry", theme.INFO)
        tip = "An entry concept of the path: learners know it before they start"
    else:
        label = chip(req.concept, theme.INK_SOFT)
        tip = f"Introduced earlier by '{req.introduced_by}'"
    label.setToolTip(tip)
    label.setAccessibleName(f"Requires {req.concept}")
    label.setAccessibleDescription(tip)
    return label


class ModuleCard(QFrame):
    """One module of the path; focusable, Enter or a click activates it."""

    activated = Signal(str)      # module id

    def __init__(self, row: PathModule, count: int, linked: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("pathModuleCard")
        self.setProperty("severity", row.severity or "none")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.requirement_chips: dict[str, QLabel] = {}
        self.introduction_chips: dict[str, QLabel] = {}
        body = QVBoxLayout(self)
        body.setContentsMargins(18, 14, 18, 14)
        body.setSpacing(8)

        head = QHBoxLayout()
        head.setSpacing(12)
        self.title = text_label(row.title, size=theme.BASE_POINT_SIZE * 1.15, weight=QFont.Weight.DemiBold)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.duration = text_label(seconds_text(row.seconds), size=theme.BASE_POINT_SIZE * 1.15,
                                   weight=QFont.Weight.DemiBold, wrap=False)
        self.duration.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.duration.setToolTip("Estimated time")
        head.addWidget(self.title, 1)
        head.addWidget(self.duration, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(head)

        where = [row.id] if row.known else [row.id, "not in the course"]
        if row.release is not None:
            where.append(f"Released {date_text(row.release)}")
        self.caption = text_label("   ·   ".join(where), role="caption")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        body.addWidget(self.caption)

        if row.known:
            concepts = QGridLayout()
            concepts.setHorizontalSpacing(24)
            concepts.setVerticalSpacing(6)
            concepts.addWidget(section_label("Introduces"), 0, 0)
            concepts.addWidget(section_label("Requires"), 0, 1)
            concepts.addWidget(self._chips([self._introduction_chip(c, c in linked) for c in row.introduces]), 1, 0)
            requirement_chips = []
            for req in row.requires:
                label = _requirement_chip(req)
                self.requirement_chips[req.concept] = label
                requirement_chips.append(label)
            concepts.addWidget(self._chips(requirement_chips), 1, 1)
            concepts.setColumnStretch(0, 1)
            concepts.setColumnStretch(1, 1)
            body.addLayout(concepts)

        if row.reviews:
            # one rich label, so the small caps heading and the dates share a baseline
            dates = [f"{date_text(day, year=False)} (+{days} d)" for days, day in row.reviews]
            reviews = "   ·   ".join(dates)
            spaced = "&nbsp;&nbsp;·&nbsp;&nbsp; ".join(html.escape(d).replace(" ", "&nbsp;") for d in dates)
            self.reviews = QLabel(
                f"<span style='color:{theme.INK_FAINT}; font-size:{theme.BASE_POINT_SIZE * 0.85:.1f}pt; "
                f"font-weight:600; letter-spacing:0.5px'>REVIEWS</span>&nbsp;&nbsp;&nbsp;"
                f"<span style='color:{theme.INK_SOFT}'>{spaced}</span>")
            self.reviews.setTextFormat(Qt.TextFormat.RichText)
            self.reviews.setWordWrap(True)
            self.reviews.setAccessibleName(f"Reviews: {reviews}")
            body.addWidget(self.reviews)

        for problem in row.problems:
            body.addWidget(ProblemLine(problem))

        requires = ", ".join(r.concept for r in row.requires) or "nothing"
        introduces = ", ".join(row.introduces) or "nothing"
        problems = f"; {len(row.problems)} problem(s): " + "; ".join(p.message for p in row.problems) \
            if row.problems else ""
        self.setAccessibleName(f"Module {row.position + 1} of {count}: {row.title}, {seconds_text(row.seconds)}")
        self.setAccessibleDescription(f"Introduces {introduces}; requires {requires}{problems}")

    def _introduction_chip(self, concept: str, linked: bool) -> QLabel:
        label = chip(concept, theme.BAD if linked else theme.ACCENT)
        label.setToolTip("Introduced here, after a module that needs it" if linked else "Introduced here")
        label.setAccessibleName(f"Introduces {concept}")
        self.introduction_chips[concept] = label
        return label

    @staticmethod
    def _chips(labels: list[QLabel]) -> QWidget:
        holder = QWidget()
        flow = FlowLayout(holder)
        for label in labels:
            flow.addWidget(label)
        if not labels:
            flow.addWidget(text_label("—", role="caption", wrap=False))
        return holder

    def mousePressEvent(self, event) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.row.id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.row.id)
            return
        super().keyPressEvent(event)


class PathTrack(QWidget):
    """The cards one under the other, numbered on a track in the gutter, with the
    prerequisite arrows (module that needs a concept → the later module introducing it)."""

    module_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[ModuleCard] = []
        self._overview: PathOverview | None = None
        self._lanes: list[int] = []
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(12)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_overview(self, overview: PathOverview) -> None:
        clear_layout(self._layout)
        self.cards = []
        self._overview = overview
        self._lanes = _lanes([(lk.needs, lk.introducer) for lk in overview.links])
        lanes = max(self._lanes, default=-1) + 1
        self._layout.setContentsMargins(int(_TRACK_X + _NODE_R + 14 + lanes * _LANE_GAP), 0, 0, 0)
        count = len(overview.modules)
        for row in overview.modules:
            linked = {lk.concept for lk in overview.links if lk.introducer == row.position}
            card = ModuleCard(row, count, linked)
            card.activated.connect(self.module_activated)
            self._layout.addWidget(card)
            self.cards.append(card)
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.cards:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        nodes = [self._node_y(card) for card in self.cards]
        painter.setPen(QPen(QColor(theme.LINE_STRONG), 2))
        painter.drawLine(QPointF(_TRACK_X, nodes[0]), QPointF(_TRACK_X, nodes[-1]))
        # arrows that end on (or start from) the same card side by side, not on top of each other
        ends: dict[int, list[int]] = {}
        starts: dict[int, list[int]] = {}
        for n, link in enumerate(self._overview.links):
            ends.setdefault(link.introducer, []).append(n)
            starts.setdefault(link.needs, []).append(n)
        for n, (link, lane) in enumerate(zip(self._overview.links, self._lanes)):
            self._draw_link(painter, link, lane, _spread(starts[link.needs], n), _spread(ends[link.introducer], n))
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.Bold)
        painter.setFont(bold)
        for card, y in zip(self.cards, nodes):
            bad = card.row.severity == "error"
            colour = QColor(theme.BAD if bad else theme.ACCENT)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(QColor(theme.SURFACE) if not card.hasFocus() else colour)
            painter.drawEllipse(QPointF(_TRACK_X, y), _NODE_R, _NODE_R)
            painter.setPen(QColor(theme.SURFACE) if card.hasFocus() else colour)
            painter.drawText(QRectF(_TRACK_X - _NODE_R, y - _NODE_R, 2 * _NODE_R, 2 * _NODE_R),
                             Qt.AlignmentFlag.AlignCenter, str(card.row.position + 1))
        painter.end()

    def _node_y(self, card: ModuleCard) -> float:
        return card.title.mapTo(self, card.title.rect().topLeft()).y() + QFontMetrics(card.title.font()).height() / 2

    def _draw_link(self, painter: QPainter, link, lane: int, start_dy: float, end_dy: float) -> None:
        needs, introducer = self.cards[link.needs], self.cards[link.introducer]
        start_chip = needs.requirement_chips.get(link.concept)
        end_chip = introducer.introduction_chips.get(link.concept)
        y0 = (start_chip.mapTo(self, start_chip.rect().center()).y() if start_chip
              else self._node_y(needs))
        y1 = (end_chip.mapTo(self, end_chip.rect().center()).y() if end_chip
              else self._node_y(introducer))
        y0, y1 = y0 + start_dy, y1 + end_dy
        edge = float(needs.geometry().left())
        x = edge - 10 - lane * _LANE_GAP
        radius = 6.0
        path = QPainterPath(QPointF(edge, y0))
        path.lineTo(x + radius, y0)
        path.quadTo(x, y0, x, y0 + radius)
        path.lineTo(x, y1 - radius)
        path.quadTo(x, y1, x + radius, y1)
        path.lineTo(edge - 1, y1)
        colour = QColor(theme.BAD)
        painter.setPen(QPen(colour, 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        head = QPainterPath(QPointF(edge, y1))
        head.lineTo(edge - 7, y1 - 4.5)
        head.lineTo(edge - 7, y1 + 4.5)
        head.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPath(head)
        painter.drawEllipse(QPointF(edge - 1, y0), 3, 3)


def _spread(group: list[int], member: int, gap: float = 7.0) -> float:
    """The vertical offset of ``member`` among the arrows of ``group`` meeting one card."""
    return (group.index(member) - (len(group) - 1) / 2) * gap


def _lanes(spans: list[tuple[int, int]]) -> list[int]:
    """A lane per arrow so that arrows over overlapping stretches of the path sit side by side;
    shorter arrows nearer the cards."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i][0]))
    lanes = [0] * len(spans)
    placed: list[int] = []
    for i in order:
        lo, hi = sorted(spans[i])
        busy = {lanes[j] for j in placed if not (sorted(spans[j])[1] < lo or sorted(spans[j])[0] > hi)}
        lanes[i] = next(n for n in range(len(spans) + 1) if n not in busy)
        placed.append(i)
    return lanes


class _Stat(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(4)
        box.addWidget(section_label(title))
        self.value = text_label("", size=theme.BASE_POINT_SIZE * 1.35, weight=QFont.Weight.DemiBold)
        self.detail = text_label("", role="caption")
        box.addWidget(self.value)
        box.addWidget(self.detail)
        box.addStretch(1)
        self._title = title

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{self._title}: {value}" + (f", {detail}" if detail else ""))


class PathView(QScrollArea):
    """The centre page for a learning path (see the module docstring)."""

    apply_order_requested = Signal(str, tuple)   # path id, the suggested module ids in order
    module_activated = Signal(str)               # module id: a card was clicked or Enter pressed
    path_chosen = Signal(str)                    # the designer picked another path in the chooser

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Path view")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)     # the cards take focus; the page scrolls to them
        self.overview: PathOverview | None = None
        self._state: CourseState | None = None

        page = QWidget()
        page.setObjectName("pathPage")
        page.setStyleSheet(
            f"#pathPage {{ background: {theme.WINDOW}; }}"
            f"QFrame#pathModuleCard {{ background: {theme.SURFACE}; border: 1px solid {theme.LINE}; "
            f"border-radius: 10px; }}"
            f"QFrame#pathModuleCard[severity=\"error\"] {{ border-color: {_tint(theme.BAD, 110)}; }}"
            f"QFrame#pathModuleCard:hover {{ border-color: {theme.LINE_STRONG}; }}"
            f"QFrame#pathModuleCard:focus {{ border: 2px solid {theme.ACCENT}; }}"
            f"QFrame#sequenceBanner {{ border-radius: 10px; }}")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(28, 24, 28, 28)
        outer.setSpacing(16)

        head = QHBoxLayout()
        head.setSpacing(12)
        self.icon = QLabel()
        self.icon.setPixmap(icons.icon("path", theme.ACCENT).pixmap(28, 28))
        self.title = text_label("", size=theme.BASE_POINT_SIZE * 1.75, weight=QFont.Weight.DemiBold)
        self.title.setProperty("role", "title")
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Learning path")
        self.chooser.setMinimumWidth(180)
        self.chooser.activated.connect(self._on_chosen)
        self.apply_button = QPushButton("Apply suggested order")
        self.apply_button.setProperty("primary", True)
        # the theme's primary button has no disabled look; a blue button that does nothing misleads
        self.apply_button.setStyleSheet(
            f"QPushButton:disabled {{ background: {theme.SURFACE_ALT}; color: {theme.INK_FAINT}; "
            f"border-color: {theme.LINE}; font-weight: 600; }}")
        self.apply_button.setAccessibleName("Apply suggested order")
        self.apply_button.clicked.connect(self._on_apply)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.title, 1)
        head.addWidget(self.chooser, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(head)
        self.subtitle = text_label("", role="caption")
        outer.addWidget(self.subtitle)

        self.stats = QGridLayout()
        self.stats.setSpacing(12)
        self.total_stat, self.modules_stat = _Stat("Total time"), _Stat("Modules")
        self.release_stat, self.reviews_stat = _Stat("Releases"), _Stat("Reviews")
        self._stat_columns = 0
        self._place_stats(4)
        outer.addLayout(self.stats)

        self.banner = QFrame()
        self.banner.setObjectName("sequenceBanner")
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(16, 12, 16, 12)
        banner.setSpacing(12)
        self.banner_icon = QLabel()
        self.banner_icon.setFixedWidth(20)
        self.banner_text = text_label("")
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        banner.addWidget(self.banner_icon, 0, Qt.AlignmentFlag.AlignTop)
        banner.addWidget(self.banner_text, 1)
        outer.addWidget(self.banner)

        self.track = PathTrack()
        self.track.module_activated.connect(self.module_activated)
        self.track_title = section_label("Modules in order")
        outer.addWidget(self.track_title)
        outer.addWidget(self.track)
        outer.addStretch(1)
        self.setWidget(page)

    def _place_stats(self, columns: int) -> None:
        """Four tiles in a row, or two by two when the view is narrow (docks open at 1280 px)."""
        if columns == self._stat_columns:
            return
        self._stat_columns = columns
        tiles = (self.total_stat, self.modules_stat, self.release_stat, self.reviews_stat)
        for tile in tiles:
            self.stats.removeWidget(tile)
        for n, tile in enumerate(tiles):
            self.stats.addWidget(tile, n // columns, n % columns)
        for column in range(4):
            self.stats.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_stats(4 if self.viewport().width() >= _WIDE else 2)

    # -- what is shown ---------------------------------------------------------------
    @property
    def path_id_shown(self) -> str | None:
        return self.overview.id if self.overview else None

    def show_path(self, state: CourseState, path_id: str) -> bool:
        """Show ``path_id`` of ``state``; False (and nothing changed) when it has no such path."""
        overview = path_overview(state.course, state.report, path_id)
        if overview is None:
            return False
        self._state, self.overview = state, overview
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for path in state.course.paths:
            self.chooser.addItem(path.title or path.id, path.id)
        self.chooser.setCurrentIndex(self.chooser.findData(path_id))
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(state.course.paths) > 1)

        self.title.setText(overview.title)
        count = len(overview.modules)
        entry = ", ".join(overview.entry_concepts)
        self.subtitle.setText(f"{overview.id}   ·   {count} module{'s' if count != 1 else ''}"
                              + (f"   ·   entry concepts: {entry}" if entry else ""))
        self._show_stats(overview)
        self._show_banner(overview)
        self.apply_button.setEnabled(overview.can_apply_suggestion)
        self.apply_button.setToolTip(
            "Reorder the path as the check suggests (one undoable step)" if overview.can_apply_suggestion
            else "The check suggests no other order for this path")
        self.track.set_overview(overview)
        chain = [self.chooser, self.apply_button, *self.track.cards]   # Tab walks the path in order
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self.track_title.setText(f"MODULES IN ORDER  ·  {count}")
        self.verticalScrollBar().setValue(0)
        return True

    def _show_stats(self, overview: PathOverview) -> None:
        timed = [r.seconds for r in overview.modules if r.seconds is not None]
        self.total_stat.set(seconds_text(overview.total_seconds),
                            f"≈ {seconds_text(sum(timed) / len(timed))} per module" if timed else "")
        errors = sum(1 for r in overview.modules if r.severity == "error")
        self.modules_stat.set(str(len(overview.modules)),
                              f"{errors} with sequencing errors" if errors else "in a valid order")
        release = overview.release
        if release is None:
            self.release_stat.set("Not scheduled", "no release dates")
            self.reviews_stat.set("—", "")
            return
        every = "Weekly" if release.every_days == 7 else "Daily" if release.every_days == 1 \
            else f"Every {release.every_days} days"
        self.release_stat.set(every, f"from {date_text(release.start)}")
        days = sorted(set(overview.reviews))
        if days:
            self.reviews_stat.set(f"{len(days)} each", "after " + ", ".join(map(str, days)) + " days")
        else:
            self.reviews_stat.set("None", "no spaced reviews")

    def _show_banner(self, overview: PathOverview) -> None:
        errors = [p for p in overview.problems if p.severity == "error"]
        others = [p for p in overview.problems if p.severity != "error"]
        if not overview.problems:
            colour, icon = theme.OK, icons.icon("ok", theme.OK)
            text = "Every module's prerequisites are introduced before it. No sequencing problems."
        else:
            colour = theme.BAD if errors else theme.WARN
            icon = icons.severity_icon("error" if errors else "warning")
            parts = []
            if errors:
                parts.append(f"{len(errors)} sequencing error{'s' if len(errors) != 1 else ''}")
            if others:
                parts.append(f"{len(others)} warning{'s' if len(others) != 1 else ''}")
            text = f"<b>{' and '.join(parts)}</b> on this path."
            if overview.links:
                text += " Red arrows join a module to the later module that introduces what it needs."
            if overview.can_apply_suggestion:
                titles = overview.module_titles(overview.suggested_order)
                moved = overview.moves()
                text += (f"<br>Suggested order ({moved} module{'s' if moved != 1 else ''} move): "
                         f"<span style='color:{theme.INK}'>{html.escape(order_text(titles))}</span>")
            elif any(p.code == "sequence.cycle" for p in overview.problems):
                text += "<br>No order can fix a cycle: change what the modules introduce or require."
        self.banner.setStyleSheet(f"QFrame#sequenceBanner {{ background: {_tint(colour, 22)}; "
                                  f"border: 1px solid {_tint(colour, 90)}; border-radius: 10px; }}")
        self.banner_icon.setPixmap(icon.pixmap(18, 18))
        self.banner_text.setText(f"<span style='color:{theme.INK_SOFT}'>{text}</span>")
        self.banner.setAccessibleName("Sequence: " + _plain(text))

    # -- gestures --------------------------------------------------------------------
    def _on_apply(self) -> None:
        if self.overview is not None and self.overview.can_apply_suggestion:
            self.apply_order_requested.emit(self.overview.id, tuple(self.overview.suggested_order))

    def _on_chosen(self, index: int) -> None:
        path_id = self.chooser.itemData(index)
        if path_id and self._state is not None and path_id != self.path_id_shown:
            self.show_path(self._state, path_id)
            self.path_chosen.emit(path_id)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))).strip()
