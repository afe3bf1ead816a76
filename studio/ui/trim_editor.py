"""The trim editor: one video or audio block's in/out on a timeline (waveform, filmstrip,
captions), "Tighten pauses" and "Fit to N minutes" plans drawn before they are accepted,
playback where Qt Multimedia loads, and the module's budget as it would become.

Everything slow (peaks, thumbnails, captions, the pause scan) is a job of
:mod:`studio.editor.trim_jobs` on the dialog's own JobRunner, with progress and Cancel; the
results are kept for the session, and closing the dialog cancels what still runs. The dialog
runs no command: after Accept, :attr:`TrimEditor.accepted_command` holds the one ``TrimClip``
for the window to run.

The course format keeps one range per clip, so a plan with inner cuts cannot be stored: Accept
applies the plan's overall span and the dialog says which pauses stay (see trim_jobs).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (QDialog, QDoubleSpinBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from studio import model as m
from studio.editor import trim_jobs
from studio.editor.commands import TrimClip
from studio.editor.session import CourseState
from studio.media.plan import CutPlan
from studio.timecode import format_clock, parse_duration
from studio.ui import icons, theme
from studio.ui.cards import Card, section_label, text_label
from studio.ui.jobs import Job, JobRunner
from studio.ui.trim_timeline import TrimTimeline

PLAYBACK_UNAVAILABLE = "Playback unavailable on this system"
_TONE_COLOURS = {"ok": theme.OK, "warn": theme.WARN, "bad": theme.BAD}
_JOB_LABELS = {"waveform": "Waveform", "filmstrip": "Filmstrip", "captions": "Captions", "pauses": "Finding pauses"}
_LANES = {"waveform": "wave", "filmstrip": "film", "captions": "cues"}
PREVIEW_SIZE = QSize(352, 198)


def load_multimedia():
    """(QMediaPlayer, QAudioOutput, QVideoWidget) classes, or the reason they cannot be used."""
    try:
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget
    except ImportError as error:
        return None, f"{PLAYBACK_UNAVAILABLE} (Qt Multimedia is not installed: {error.name or 'module missing'})"
    return (QMediaPlayer, QAudioOutput, QVideoWidget), None


class _JobRow(QWidget):
    """One background job: what it does, its progress and a Cancel (Retry once cancelled)."""
    cancel_clicked = Signal(str)
    retry_clicked = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.label = text_label(_JOB_LABELS[name], role="soft", wrap=False)
        self.label.setMinimumWidth(200)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName(f"{_JOB_LABELS[name]} progress")
        self.button = QPushButton("Cancel")
        self.button.setAccessibleName(f"Cancel {_JOB_LABELS[name].lower()}")
        self.button.setProperty("link", True)
        self.button.clicked.connect(self._clicked)
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.button)
        self.state = "running"

    def _clicked(self) -> None:
        (self.cancel_clicked if self.state == "running" else self.retry_clicked).emit(self.name)

    def show_progress(self, fraction: float | None, message: str) -> None:
        self.label.setText(message or _JOB_LABELS[self.name])
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(fraction * 1000))

    def show_stopped(self, text: str, retry: bool) -> None:
        self.state = "stopped"
        self.label.setText(text)
        self.bar.hide()
        self.button.setText("Retry")
        self.button.setAccessibleName(f"Retry {_JOB_LABELS[self.name].lower()}")
        self.button.setVisible(retry)


class TrimEditor(QDialog):
    """Trim one clip. ``accepted_command`` is the TrimClip to run once the dialog is accepted."""
    plan_changed = Signal()
    jobs_settled = Signal()          # no job of the dialog is running any more

    def __init__(self, parent: QWidget | None, state: CourseState, module_id: str, index: int,
                 media_path: str | Path, *, captions_path: str | Path | None = None,
                 cache: trim_jobs.PreviewCache = trim_jobs.SESSION_CACHE, playback: bool = True) -> None:
        super().__init__(parent)
        self.state, self.module_id, self.index = state, module_id, index
        self.media_path = Path(media_path)
        self.cache = cache
        self.runner = JobRunner(self)
        self.jobs: dict[str, Job] = {}
        self.job_rows: dict[str, _JobRow] = {}
        self.accepted_command: TrimClip | None = None
        self.silences = None
        self.plan: CutPlan | None = None
        self.mode: str | None = None          # None, "tighten" or "fit"
        self.player = None
        self.playback_note = ""
        self._thumbs: list[tuple[float, QPixmap]] = []

        module = state.course.module(module_id)
        self.block = module.blocks[index] if module is not None and 0 <= index < len(module.blocks) else None
        if not isinstance(self.block, (m.VideoBlock, m.AudioBlock)):
            raise ValueError(f"block {index + 1} of module '{module_id}' is not a video or audio clip")
        self.module = module
        facts = state.facts.get(self.block.media)
        self.facts_problem = None if facts is not None and facts.usable and facts.duration_s else \
            (facts.error if facts is not None and facts.error else "its length is unknown")
        self.duration_s = facts.duration_s if facts is not None and facts.duration_s else 1.0
        self.has_video = bool(facts and facts.has_video)
        self.has_audio = bool(facts and facts.has_audio)
        frame_s = 1 / facts.fps if self.has_video and facts.fps else None
        self.original = (self.block.in_s or 0.0,
                         min(self.duration_s, self.block.out_s) if self.block.out_s is not None else self.duration_s)
        self.captions_path = Path(captions_path) if captions_path else (
            state.location.parent / self.block.captions if self.block.captions and state.kind == "source" else None)

        self.setWindowTitle("Trim clip")
        self.setModal(True)
        self.setMinimumWidth(940)
        self.timeline = TrimTimeline(self.duration_s, frame_s, has_video=self.has_video)
        self.timeline.set_handles(*self.original)
        self.timeline.set_playhead(self.original[0])
        self._build()
        self.timeline.handles_changed.connect(self._on_handles)
        self.timeline.playhead_moved.connect(self._on_playhead)
        self._setup_playback(playback)
        self._refresh()
        if self.facts_problem is None:
            self._start_previews()
        self.timeline.setFocus()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 18)
        outer.setSpacing(14)
        outer.addWidget(text_label("Trim clip", size=theme.BASE_POINT_SIZE * 1.5, weight=QFont.Weight.DemiBold,
                                   wrap=False))
        kind = "Video" if isinstance(self.block, m.VideoBlock) else "Audio"
        subtitle = (f"{kind} · {self.block.media} · {trim_jobs.format_length(self.duration_s)}   ·   "
                    f"block {self.index + 1} of “{self.module.title}”")
        outer.addWidget(text_label(subtitle, role="caption", wrap=False))
        if self.facts_problem:
            problem = text_label(f"{self.block.media} cannot be trimmed: {self.facts_problem}")
            problem.setStyleSheet(f"color: {theme.BAD};")
            outer.addWidget(problem)

        top = QHBoxLayout()
        top.setSpacing(16)
        self.preview_box = QFrame()
        self.preview_box.setObjectName("trimPreview")
        self.preview_box.setStyleSheet("#trimPreview { background: #1b1f27; border-radius: 8px; }")
        self.preview_layout = QVBoxLayout(self.preview_box)
        self.preview_layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFixedSize(PREVIEW_SIZE)
        self.preview.setStyleSheet("color: #c6cbd6;")
        self.preview.setText("Loading thumbnails…" if self.has_video else "Audio clip")
        self.preview_layout.addWidget(self.preview)
        self.preview_box.setFixedSize(PREVIEW_SIZE)
        top.addWidget(self.preview_box, 0, Qt.AlignmentFlag.AlignTop)
        side = self._build_side()
        # Wrapped notes would otherwise claim the height of their narrowest layout; the side
        # column shares the preview's height instead.
        side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        top.addWidget(side, 1)
        top_box = QWidget()
        top_box.setLayout(top)
        top.setContentsMargins(0, 0, 0, 0)
        top_box.setFixedHeight(PREVIEW_SIZE.height())
        outer.addWidget(top_box)

        timeline_card = Card()
        timeline_card.body.setContentsMargins(10, 10, 10, 10)
        transport = QHBoxLayout()
        transport.setSpacing(10)
        self.play_button = QPushButton("Play")
        self.play_button.setAccessibleName("Play")
        self.play_button.setEnabled(False)
        self.play_button.clicked.connect(self.toggle_play)
        self.position_label = text_label("", role="soft", wrap=False)
        self.playback_label = text_label("", role="caption", wrap=False)
        self.playback_label.setAccessibleName("Playback note")
        keys = text_label("←/→ frame · Shift ×10 · I/O mark at playhead · [ ] choose handle",
                          role="caption", wrap=False)
        transport.addWidget(self.play_button)
        transport.addWidget(self.position_label)
        transport.addWidget(self.playback_label)
        transport.addStretch(1)
        transport.addWidget(keys)
        timeline_card.body.addLayout(transport)
        timeline_card.body.addWidget(self.timeline, 1)
        outer.addWidget(timeline_card, 1)

        self.jobs_box = QVBoxLayout()
        self.jobs_box.setSpacing(4)
        outer.addLayout(self.jobs_box)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.accept_button = QPushButton("Apply trim")
        self.accept_button.setAccessibleName("Accept")
        self.accept_button.setProperty("primary", True)
        self.accept_button.setDefault(True)
        self.accept_button.setAutoDefault(False)
        self.accept_button.setStyleSheet(
            f"QPushButton:disabled {{ background: {theme.SURFACE_ALT}; color: {theme.INK_FAINT}; "
            f"border-color: {theme.LINE}; }}")
        self.accept_button.clicked.connect(self._accept)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)
        outer.addLayout(buttons)

    def _build_side(self) -> QWidget:
        side = QWidget()
        grid = QGridLayout(side)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.in_field, self.out_field = QLineEdit(), QLineEdit()
        for row, (name, field) in enumerate((("In", self.in_field), ("Out", self.out_field))):
            field.setAccessibleName(f"{name} point")
            field.setToolTip("HH:MM:SS.mmm or seconds")
            field.setFixedWidth(130)
            field.editingFinished.connect(lambda which=name.lower(): self._on_field(which))
            grid.addWidget(section_label(name), row, 0)
            grid.addWidget(field, row, 1)
        self.kept_label = text_label("", wrap=False)
        self.kept_label.setAccessibleName("Kept length")
        self.budget_label = text_label("", wrap=False)
        self.budget_label.setAccessibleName("Module budget")
        grid.addWidget(self.kept_label, 0, 2)
        grid.addWidget(self.budget_label, 1, 2)

        grid.addWidget(section_label("Shorten"), 2, 0)
        shorten = QHBoxLayout()
        shorten.setSpacing(8)
        checked = (f"QPushButton:checked {{ background: {theme.ACCENT_SOFT}; border-color: {theme.ACCENT}; "
                   f"color: {theme.ACCENT}; }}")
        self.tighten_button = QPushButton("Tighten pauses")
        self.tighten_button.setStyleSheet(checked)
        self.tighten_button.setCheckable(True)
        self.tighten_button.setToolTip("Shorten every pause longer than 0.6 s to 0.4 s")
        self.tighten_button.clicked.connect(lambda: self.choose_mode("tighten"))
        self.fit_button = QPushButton("Fit to")
        self.fit_button.setCheckable(True)
        self.fit_button.setStyleSheet(checked)
        self.fit_button.setToolTip("Trim the pauses at the start and end, then the end, to last N minutes")
        self.fit_button.clicked.connect(lambda: self.choose_mode("fit"))
        self.fit_minutes = QDoubleSpinBox()
        self.fit_minutes.setAccessibleName("Fit to minutes")
        self.fit_minutes.setDecimals(2)
        self.fit_minutes.setSingleStep(0.5)
        self.fit_minutes.setRange(0.05, max(0.05, round(self.duration_s / 60 + 0.005, 2)))
        self.fit_minutes.setSuffix(" min")
        self.fit_minutes.setValue(_default_fit_minutes(self.original[1] - self.original[0]))
        self.fit_minutes.valueChanged.connect(self._on_fit_minutes)
        self.clear_plan_button = QPushButton("Clear")
        self.clear_plan_button.setProperty("link", True)
        self.clear_plan_button.clicked.connect(lambda: self.choose_mode(None))
        for widget in (self.tighten_button, self.fit_button, self.fit_minutes, self.clear_plan_button):
            shorten.addWidget(widget)
        shorten.addStretch(1)
        grid.addLayout(shorten, 2, 1, 1, 2)
        self.plan_label = text_label("", role="soft")
        self.plan_label.setAccessibleName("Plan")
        self.format_note = text_label("", role="caption")
        self.format_note.setAccessibleName("What Accept applies")
        grid.addWidget(self.plan_label, 3, 1, 1, 2)
        grid.addWidget(self.format_note, 4, 1, 1, 2)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(5, 1)
        if not self.has_audio:
            self.tighten_button.setEnabled(False)
            self.tighten_button.setToolTip("No sound track, so no pauses to tighten")
        if self.facts_problem:
            for widget in (self.in_field, self.out_field, self.tighten_button, self.fit_button, self.fit_minutes):
                widget.setEnabled(False)
        return side

    # -- playback -----------------------------------------------------------------------
    def _setup_playback(self, wanted: bool) -> None:
        classes, reason = load_multimedia() if wanted else (None, PLAYBACK_UNAVAILABLE)
        if classes is None or self.facts_problem:
            self._no_playback(reason or PLAYBACK_UNAVAILABLE)
            return
        QMediaPlayer, QAudioOutput, QVideoWidget = classes
        player = QMediaPlayer(self)
        if hasattr(player, "isAvailable") and not player.isAvailable():
            player.deleteLater()
            self._no_playback(f"{PLAYBACK_UNAVAILABLE} (no multimedia backend)")
            return
        self.audio_output = QAudioOutput(self)
        player.setAudioOutput(self.audio_output)
        if self.has_video:
            self.video_widget = QVideoWidget()
            self.video_widget.setFixedSize(PREVIEW_SIZE)
            self.preview.hide()
            self.preview_layout.addWidget(self.video_widget)
            player.setVideoOutput(self.video_widget)
        player.positionChanged.connect(self._on_player_position)
        player.errorOccurred.connect(lambda _error, text="": self._no_playback(
            f"{PLAYBACK_UNAVAILABLE} ({text or player.errorString() or 'the file cannot be played'})"))
        player.setSource(QUrl.fromLocalFile(str(self.media_path)))
        player.setPosition(round(self.original[0] * 1000))
        self.player = player
        self.play_button.setEnabled(True)
        self.play_button.setIcon(icons.icon("video", theme.INK_SOFT))

    def _no_playback(self, note: str) -> None:
        if self.player is not None:
            self.player.stop()
            self.player = None
            if getattr(self, "video_widget", None) is not None:
                self.video_widget.hide()
                self.preview.show()
        self.playback_note = note
        self.playback_label.setText(note)
        self.playback_label.setToolTip(note)
        self.playback_label.setText(PLAYBACK_UNAVAILABLE + (" — scrub the filmstrip" if self.has_video else ""))
        self.play_button.setEnabled(False)
        self.play_button.hide()

    def toggle_play(self) -> None:
        if self.player is None:
            return
        playing = self.player.playbackState() == type(self.player).PlaybackState.PlayingState
        if playing:
            self.player.pause()
            self.play_button.setText("Play")
            return
        if not self.timeline.in_s <= self.timeline.playhead_s < self.timeline.out_s:
            self.player.setPosition(round(self.timeline.in_s * 1000))
        self.player.play()
        self.play_button.setText("Pause")

    def _on_player_position(self, ms: int) -> None:
        seconds = ms / 1000
        if seconds >= self.timeline.out_s and self.player is not None:
            self.player.pause()
            self.play_button.setText("Play")
        self.timeline.set_playhead(seconds)
        self._show_position(seconds)

    def _on_playhead(self, seconds: float) -> None:
        if self.player is not None:
            self.player.setPosition(round(seconds * 1000))
        self._show_position(seconds)

    def _show_position(self, seconds: float) -> None:
        self.position_label.setText(format_clock(round(seconds, 1)))
        if self.player is None and self._thumbs:
            pixmap = min(self._thumbs, key=lambda item: abs(item[0] - seconds))[1]
            self.preview.setPixmap(pixmap.scaled(PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))

    # -- jobs ---------------------------------------------------------------------------
    def _start_previews(self) -> None:
        if self.has_audio:
            self._start("waveform")
        else:
            self.timeline.set_lane_note("wave", "No sound track")
        if self.has_video:
            self._start("filmstrip")
        if self.captions_path is not None:
            self._start("captions")

    def _function(self, name: str):
        if name == "waveform":
            return self.cache.peaks_job(self.media_path)
        if name == "filmstrip":
            return self.cache.filmstrip_job(self.media_path)
        if name == "captions":
            return trim_jobs.captions_job(self.captions_path)
        return self.cache.silences_job(self.media_path)

    def _start(self, name: str) -> None:
        row = self.job_rows.pop(name, None)
        if row is not None:
            row.deleteLater()
        row = _JobRow(name, self)
        row.cancel_clicked.connect(self.cancel_job)
        row.retry_clicked.connect(self._start)
        self.job_rows[name] = row
        self.jobs_box.addWidget(row)
        row.show()
        if name in _LANES:
            self.timeline.set_lane_note(_LANES[name], f"{_JOB_LABELS[name]}…")
        job = self.runner.start(self._function(name), _JOB_LABELS[name],
                                on_finished=lambda result: self._finished(name, result),
                                on_failed=lambda error: self._stopped(name, f"failed: {_message(error)}", True),
                                on_cancelled=lambda: self._stopped(name, "cancelled", True))
        job.signals.progress.connect(row.show_progress)
        self.jobs[name] = job

    def cancel_job(self, name: str) -> None:
        job = self.jobs.get(name)
        if job is not None:
            job.cancel()

    @property
    def running(self) -> list[str]:
        return list(self.jobs)

    def _settle(self, name: str) -> None:
        self.jobs.pop(name, None)
        if not self.jobs:
            self.jobs_settled.emit()

    def _finished(self, name: str, result) -> None:
        row = self.job_rows.pop(name)
        row.deleteLater()
        if name == "waveform":
            self.timeline.set_peaks(result)
        elif name == "filmstrip":
            self._thumbs = [(thumb.time_s, _pixmap(thumb.jpeg)) for thumb in result]
            self.timeline.set_thumbnails(self._thumbs)
            self._show_position(self.timeline.playhead_s)
        elif name == "captions":
            self.timeline.set_cues(result)
        else:
            self.silences = result
            self._replan()
        if name in _LANES:
            self.timeline.set_lane_note(_LANES[name], "")
        self._settle(name)

    def _stopped(self, name: str, how: str, retry: bool) -> None:
        text = f"{_JOB_LABELS[name]} {how}"
        self.job_rows[name].show_stopped(text, retry)
        if name in _LANES:
            self.timeline.set_lane_note(_LANES[name], text)
        if name == "pauses":
            self.plan_label.setText(text)
        self._settle(name)

    # -- plans --------------------------------------------------------------------------
    def choose_mode(self, mode: str | None) -> None:
        self.mode = mode
        self.tighten_button.setChecked(mode == "tighten")
        self.fit_button.setChecked(mode == "fit")
        if mode == "tighten" and self.silences is None and "pauses" not in self.jobs:
            self.plan_label.setText("Finding the pauses…")
            self._start("pauses")
        self._replan()

    def _on_fit_minutes(self, _value: float) -> None:
        if self.mode == "fit":
            self._replan()

    def _replan(self) -> None:
        in_s, out_s = self.timeline.in_s, self.timeline.out_s
        if self.mode == "tighten" and self.silences is not None:
            self.plan = trim_jobs.tighten_plan(self.duration_s, in_s, out_s, self.silences)
        elif self.mode == "fit":
            if self.silences is None and self.has_audio:
                if "pauses" not in self.jobs:
                    self.plan_label.setText("Finding the pauses…")
                    self._start("pauses")
                self.plan = None
            else:
                self.plan = trim_jobs.fit_plan(self.duration_s, in_s, out_s, self.silences or (),
                                               self.fit_minutes.value() * 60)
        else:
            self.plan = None
        self.timeline.set_plan(self.plan.kept if self.plan else None)
        self._refresh()
        self.plan_changed.emit()

    # -- in/out -------------------------------------------------------------------------
    def set_range(self, in_s: float, out_s: float) -> None:
        self.timeline.set_handles(in_s, out_s, emit=True)

    def _on_handles(self, _in_s: float, _out_s: float) -> None:
        if self.mode is not None:
            self._replan()
        else:
            self._refresh()

    def _on_field(self, which: str) -> None:
        field = self.in_field if which == "in" else self.out_field
        try:
            value = parse_duration(field.text())
        except ValueError as error:
            field.setStyleSheet(f"border: 1px solid {theme.BAD};")
            field.setToolTip(str(error))
            return
        field.setStyleSheet("")
        field.setToolTip("HH:MM:SS.mmm or seconds")
        self.timeline.active = which
        if which == "in":
            self.set_range(min(value, self.timeline.out_s - self.timeline.step_s), self.timeline.out_s)
        else:
            self.set_range(self.timeline.in_s, max(value, self.timeline.in_s + self.timeline.step_s))
        self._refresh()

    def applied_range(self) -> tuple[float, float]:
        """What Accept stores: the handles, or the span of the plan shown."""
        if self.plan is not None:
            return trim_jobs.applicable_range(self.plan)
        return self.timeline.in_s, self.timeline.out_s

    def command(self) -> TrimClip:
        return trim_jobs.trim_command(self.module_id, self.index, *self.applied_range(), self.duration_s)

    def _refresh(self) -> None:
        in_s, out_s = self.timeline.in_s, self.timeline.out_s
        for field, value in ((self.in_field, in_s), (self.out_field, out_s)):
            if not field.hasFocus():
                field.setText(format_clock(round(value, 3)))
        applied = self.applied_range()
        kept = applied[1] - applied[0]
        self.kept_label.setText(f"Kept {trim_jobs.format_length(kept)} of {trim_jobs.format_length(self.duration_s)}")
        command = self.command()
        effect = trim_jobs.budget_effect(self.state, self.module_id, self.index, command.in_s, command.out_s)
        if effect is not None:
            self.budget_label.setText(effect.text[0].upper() + effect.text[1:])
            self.budget_label.setStyleSheet(f"color: {_TONE_COLOURS[effect.reading.tone]};")
            self.budget_effect = effect
        self._describe_plan(in_s, out_s)
        self._show_position(self.timeline.playhead_s)
        stored = (self.block.in_s, self.block.out_s)
        self.accept_button.setEnabled(self.facts_problem is None and (command.in_s, command.out_s) != stored)
        self.clear_plan_button.setVisible(self.mode is not None)

    def _describe_plan(self, in_s: float, out_s: float) -> None:
        plan = self.plan
        if plan is None:
            if self.mode is None:
                self.plan_label.setText("")
            self.format_note.setText("")
            return
        saved = trim_jobs.saved_s(plan, in_s, out_s)
        self.plan_label.setText(f"{' · '.join(plan.notes)}. The plan keeps "
                                f"{trim_jobs.format_length(plan.output_duration_s)}: "
                                f"{trim_jobs.format_length(saved)} saved." if saved > 0.05 else " · ".join(plan.notes))
        inner = trim_jobs.inner_cuts(plan)
        if inner:
            removed = sum(end - start for start, end in inner)
            span = trim_jobs.applicable_range(plan)
            pauses = "pause" if len(inner) == 1 else "pauses"
            self.format_note.setText(
                f"Shown, not applied: the course format keeps one in/out range per clip (no cuts: field yet), so "
                f"Accept trims to {format_clock(round(span[0], 1))}–{format_clock(round(span[1], 1))} and the "
                f"{len(inner)} inner {pauses} (−{removed:.1f} s) stay in the clip.")
        elif self.mode == "fit":
            self.format_note.setText("Inner pauses are kept: the course format stores one in/out range per clip.")
        else:
            self.format_note.setText("")

    # -- closing ------------------------------------------------------------------------
    def _accept(self) -> None:
        self.accepted_command = self.command()
        self.accept()

    def done(self, result: int) -> None:
        """Every way the dialog closes (Accept, Cancel, Esc, the title bar) stops its jobs."""
        for job in list(self.jobs.values()):
            job.cancel()
        self.runner.shutdown(5_000)
        if self.player is not None:
            self.player.stop()
        super().done(result)


def _pixmap(jpeg: bytes) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(jpeg, "JPG")
    return pixmap


def _message(error: BaseException) -> str:
    return getattr(error, "message", None) or str(error) or type(error).__name__


def _default_fit_minutes(kept_s: float) -> float:
    """A round target below the kept length: the next half minute down, or 80 % of a short clip."""
    minutes = kept_s / 60
    half = int(minutes * 2) / 2
    if half >= 0.5 and half < minutes:
        return half
    return max(0.05, round(minutes * 0.8, 2))


def open_trim_editor(parent: QWidget, state: CourseState, module_id: str, index: int, media_path: str | Path,
                     **kwargs) -> TrimClip | None:
    """Show the editor modally; the TrimClip to run, or None when cancelled."""
    dialog = TrimEditor(parent, state, module_id, index, media_path, **kwargs)
    try:
        return dialog.accepted_command if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
