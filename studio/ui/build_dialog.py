"""The build dialog: formats, what to package, output folder, Force; the build in the background
with its steps, Cancel, then the packages with their sizes and self-test verdict, and
"Preview in browser" for an HTML5 build.

The build is :func:`studio.ui.build_model.run_build` on a :class:`~studio.ui.jobs.JobRunner`
(the export code of ``studio build``); the preview is :class:`studio.export.preview.PreviewServer`,
started by a job and stopped when the dialog closes. The dialog writes no file itself.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QTimer, QUrl, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QFileDialog, QFrame, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from studio.errors import Cancelled
from studio.export.preview import PreviewServer
from studio.ui import icons, theme
from studio.ui.build_model import (FORMAT_HINTS, FORMAT_LABELS, FORMATS, LEARNER_FORMATS, PREVIEWABLE, STEPS,
                                   BuildChoice, BuildSource, Outcome, available, describe_built, describe_failure,
                                   run_build, size_text, step_of)
from studio.ui.cards import Card, ElidedLabel, clear_layout, section_label, text_label
from studio.ui.jobs import Job, JobRunner
from studio.ui.settings import Settings

_STEP_ICONS = {"pending": ("ring", theme.LINE_STRONG), "current": ("dot", theme.ACCENT), "done": ("ok", theme.OK),
               "failed": ("error", theme.BAD), "skipped": ("ring", theme.LINE_STRONG)}
_OUTCOME_ICONS = {"built": ("ok", theme.OK), "refused": ("error", theme.BAD), "failed": ("error", theme.BAD),
                  "cancelled": ("warning", theme.WARN)}


class _StepRow(QWidget):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.icon = QLabel()
        self.icon.setFixedSize(18, 18)
        self.label = text_label(label, wrap=False)
        self.detail = text_label("", role="caption", wrap=False)
        row.addWidget(self.icon)
        row.addWidget(self.label)
        row.addWidget(self.detail, 1)
        self.name = label
        self.state = ""
        self.set_state("pending")

    def set_state(self, state: str, detail: str = "") -> None:
        self.state = state
        name, colour = _STEP_ICONS[state]
        self.icon.setPixmap(icons.icon(name, colour).pixmap(16, 16))
        self.label.setProperty("role", "caption" if state in ("pending", "skipped") else None)
        weight = QFont.Weight.DemiBold if state == "current" else QFont.Weight.Normal
        font = self.label.font()
        font.setWeight(weight)
        self.label.setFont(font)
        self.label.setStyleSheet(f"color: {theme.INK_FAINT if state in ('pending', 'skipped') else theme.INK};")
        self.detail.setText(detail)
        self.setAccessibleName(f"{self.name}: {state}" + (f", {detail}" if detail else ""))


class BuildDialog(QDialog):
    build_finished = Signal(object)          # Outcome
    preview_started = Signal(str)            # the URL served

    def __init__(self, source: BuildSource, settings: Settings, parent: QWidget | None = None, *,
                 runner: JobRunner | None = None, path_id: str | None = None,
                 open_url: Callable[[QUrl], object] = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self.source = source
        self.settings = settings
        self.runner = runner or JobRunner(self)
        self.outcome: Outcome | None = None
        self.preview: PreviewServer | None = None
        self._open_url = open_url
        self._job: Job | None = None
        self._preview_job: Job | None = None
        self._close_when_done = False
        self._stopping = None
        self.setWindowTitle("Build packages")
        self.setModal(True)
        self.setMinimumWidth(720)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 22, 24, 20)
        outer.setSpacing(14)
        title = text_label("Build packages", size=theme.BASE_POINT_SIZE * 1.5, weight=QFont.Weight.DemiBold)
        subtitle = text_label(f"{source.course.title}   ·   {source.name}", role="caption")
        outer.addWidget(title)
        outer.addWidget(subtitle)

        self.options = Card()
        self._build_options(self.options.body, path_id)
        outer.addWidget(self.options)

        self.progress_card = Card("Progress")
        self.steps = [_StepRow(label) for _, label in STEPS]
        for row in self.steps:
            self.progress_card.body.addWidget(row)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Build progress")
        self.progress_card.body.addWidget(self.bar)
        outer.addWidget(self.progress_card)
        self.progress_card.hide()

        self.result_card = QFrame()
        self.result_card.setObjectName("buildResult")
        self.result_body = QVBoxLayout(self.result_card)
        self.result_body.setContentsMargins(16, 14, 16, 14)
        self.result_body.setSpacing(8)
        outer.addWidget(self.result_card)
        self.result_card.hide()
        self.result_text = ""
        self.serving = text_label("", role="caption")
        self.serving.hide()
        outer.addWidget(self.serving)
        outer.addStretch(1)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.preview_button = QPushButton("Preview in browser")
        self.preview_button.setEnabled(False)
        self.preview_button.setToolTip("Build the HTML5 format or a review copy to preview it")
        self.preview_button.clicked.connect(self.start_preview)
        self.folder_button = QPushButton(icons.icon("open", theme.INK_SOFT), "Show folder")
        self.folder_button.setEnabled(False)
        self.folder_button.clicked.connect(self._show_folder)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        self.cancel_button = QPushButton("Cancel build")
        self.cancel_button.clicked.connect(self.cancel_build)
        self.cancel_button.hide()
        self.build_button = QPushButton("Build")
        self.build_button.setProperty("primary", True)
        self.build_button.setDefault(True)
        self.build_button.setStyleSheet(
            f"QPushButton:disabled {{ background: {theme.SURFACE_ALT}; color: {theme.INK_FAINT}; "
            f"border-color: {theme.LINE}; }}")
        self.build_button.clicked.connect(self.start_build)
        for button in (self.preview_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.close_button, self.cancel_button, self.build_button):
            buttons.addWidget(button)
        outer.addLayout(buttons)
        self._update_enabled()

    # -- options ---------------------------------------------------------------------
    def _build_options(self, body: QVBoxLayout, path_id: str | None) -> None:
        body.setSpacing(12)
        body.addWidget(section_label("Formats"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        self.format_boxes: dict[str, QCheckBox] = {}
        for n, fmt in enumerate(FORMATS):
            box = QCheckBox(FORMAT_LABELS[fmt])
            box.setToolTip(FORMAT_HINTS.get(fmt, ""))
            box.setAccessibleName(f"Format {FORMAT_LABELS[fmt]}")
            box.setEnabled(available(fmt))
            box.setChecked(fmt == "html5")
            box.toggled.connect(self._on_format_toggled)
            self.format_boxes[fmt] = box
            grid.addWidget(box, n // 3, n % 3)
        self.all_box = QCheckBox("All learner formats")
        self.all_box.setAccessibleName("All learner formats")
        self.all_box.toggled.connect(self._on_all_toggled)
        grid.addWidget(self.all_box, len(FORMATS) // 3, len(FORMATS) % 3)     # the cell after the last format
        body.addLayout(grid)

        body.addWidget(section_label("Content"))
        scope = QHBoxLayout()
        scope.setSpacing(12)
        self.whole_course = QRadioButton("Whole course")
        self.one_path = QRadioButton("One path:")
        self.path_combo = QComboBox()
        self.path_combo.setAccessibleName("Path to package")
        for path in self.source.course.paths:
            self.path_combo.addItem(path.title or path.id, path.id)
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.whole_course)
        self._scope.addButton(self.one_path)
        has_paths = bool(self.source.course.paths)
        self.one_path.setEnabled(has_paths)
        if path_id is not None and self.path_combo.findData(path_id) >= 0:
            self.one_path.setChecked(True)
            self.path_combo.setCurrentIndex(self.path_combo.findData(path_id))
        else:
            self.whole_course.setChecked(True)
        self.path_combo.setEnabled(self.one_path.isChecked())
        self.one_path.toggled.connect(self.path_combo.setEnabled)
        scope.addWidget(self.whole_course)
        scope.addWidget(self.one_path)
        scope.addWidget(self.path_combo, 1)
        body.addLayout(scope)

        body.addWidget(section_label("Output folder"))
        folder = QHBoxLayout()
        folder.setSpacing(8)
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText("Choose a folder for the packages")
        self.folder_edit.setAccessibleName("Output folder")
        last = self.settings.last_build_folder()
        if last is not None:
            self.folder_edit.setText(str(last))
        self.folder_edit.textChanged.connect(self._update_enabled)
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setAccessibleName("Choose the output folder")
        self.choose_button.clicked.connect(self.choose_folder)
        self.folder_edit.setMinimumHeight(self.choose_button.sizeHint().height())
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.choose_button)
        body.addLayout(folder)

        self.force_box = QCheckBox("Force: build despite check errors, and replace packages already there")
        self.force_box.setAccessibleName("Force")
        body.addWidget(self.force_box)
        errors = len(self.source.report.errors)
        self.check_line = text_label(
            f"The course has {errors} check error{'s' if errors != 1 else ''}: it is built only with Force "
            "(a review copy on its own is built anyway)."
            if errors else "The course has no check errors.", role="caption")
        self.check_line.setStyleSheet(f"color: {theme.BAD if errors else theme.OK};")
        body.addWidget(self.check_line)

    def _on_format_toggled(self, _checked: bool) -> None:
        self.all_box.blockSignals(True)
        self.all_box.setChecked(all(b.isChecked() for b in self._learner_boxes() if b.isEnabled()))
        self.all_box.blockSignals(False)
        self._update_enabled()

    def _learner_boxes(self) -> list[QCheckBox]:
        """"All learner formats" is every learners' package; the review copy is chosen on its own."""
        return [self.format_boxes[f] for f in LEARNER_FORMATS]

    def _on_all_toggled(self, checked: bool) -> None:
        for box in self._learner_boxes():
            if box.isEnabled():
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)
        self._update_enabled()

    def chosen(self) -> BuildChoice:
        formats = tuple(fmt for fmt, box in self.format_boxes.items() if box.isChecked())
        path_id = self.path_combo.currentData() if self.one_path.isChecked() else None
        return BuildChoice(formats, Path(self.folder_edit.text().strip()).expanduser(), path_id,
                           self.force_box.isChecked())

    def choose_folder(self) -> None:
        start = self.folder_edit.text().strip() or str(self.settings.last_build_folder() or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Folder for the packages", start)
        if folder:
            self.folder_edit.setText(folder)

    def _update_enabled(self, *_args) -> None:
        running = self.running
        ready = any(b.isChecked() for b in self.format_boxes.values()) and bool(self.folder_edit.text().strip())
        self.build_button.setEnabled(ready and not running)
        self.build_button.setToolTip("" if ready else "Tick a format and choose an output folder")
        self.options.setEnabled(not running)

    # -- building --------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._job is not None

    def start_build(self) -> Job | None:
        if self.running or not self.build_button.isEnabled():
            return None
        choice = self.chosen()
        if str(choice.out_dir) and choice.out_dir.is_absolute():
            self.settings.set_last_build_folder(choice.out_dir)
        self._stop_preview()
        self.outcome = None
        self.result_card.hide()
        self.progress_card.show()
        self._fit()
        for row in self.steps:
            row.set_state("pending")
        self.bar.setRange(0, 0)
        source = self.source
        job = self.runner.start(lambda **kw: run_build(source, choice, **kw), "Building packages")
        self._job = job
        job.signals.progress.connect(lambda fraction, message, j=job: self._on_progress(j, fraction, message))
        job.signals.finished.connect(lambda built, j=job: self._finish(j, describe_built(built)))
        job.signals.failed.connect(lambda exc, j=job: self._finish(j, describe_failure(exc)))
        job.signals.cancelled.connect(lambda j=job: self._finish(j, describe_failure(Cancelled())))
        self.build_button.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self.preview_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self._update_enabled()
        return job

    def cancel_build(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText("Cancelling…")

    def _on_progress(self, job: Job, fraction: float | None, message: str) -> None:
        if job is not self._job:
            return
        step = step_of(message)
        keys = [key for key, _ in STEPS]
        if step is not None:
            current = keys.index(step)
            for n, row in enumerate(self.steps):
                if n < current:
                    row.set_state("done", row.detail.text() if row.state == "done" else "")
                elif n == current:
                    row.set_state("current", message)
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 100)
            self.bar.setValue(round(fraction * 100))

    def _finish(self, job: Job, outcome: Outcome) -> None:
        if job is not self._job:
            return
        self._job = None
        self.outcome = outcome
        for row in self.steps:
            if outcome.kind == "built":
                row.set_state("done")
            elif row.state == "current":
                row.set_state("failed" if outcome.kind != "cancelled" else "skipped", row.detail.text())
        self.bar.setRange(0, 100)
        self.bar.setValue(100 if outcome.kind == "built" else 0)
        failed_step = next((row.name for row in self.steps if row.state == "failed"), None)
        if failed_step and outcome.kind == "failed":
            outcome = Outcome(outcome.kind, outcome.headline, (*outcome.details, f"Step: {failed_step}"), outcome.built)
            self.outcome = outcome
        self.progress_card.hide()           # the result says it all, and the dialog stays short at 800 px
        self.cancel_button.hide()
        self.cancel_button.setText("Cancel build")
        self.build_button.show()
        self.build_button.setText("Build again" if outcome.kind == "built" else "Build")
        self._show_outcome(outcome)
        self._update_enabled()
        self.build_finished.emit(outcome)
        if self._close_when_done:
            self._close_when_done = False
            super().reject()

    def _show_outcome(self, outcome: Outcome) -> None:
        clear_layout(self.result_body)
        icon_name, colour = _OUTCOME_ICONS[outcome.kind]
        tint = theme.SURFACE if outcome.kind == "built" else colour
        self.result_card.setStyleSheet(
            f"QFrame#buildResult {{ background: {_rgba(tint, 20 if outcome.kind != 'built' else 255)}; "
            f"border: 1px solid {_rgba(colour, 90)}; border-radius: 10px; }}")
        head = QHBoxLayout()
        head.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(icons.icon(icon_name, colour).pixmap(18, 18))
        headline = text_label(outcome.headline, weight=QFont.Weight.DemiBold)
        headline.setStyleSheet(f"color: {colour if outcome.kind != 'built' else theme.INK};")
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(headline, 1)
        self.result_body.addLayout(head)
        lines = [outcome.headline]
        if outcome.built is not None:
            table = QGridLayout()
            table.setHorizontalSpacing(16)
            table.setVerticalSpacing(6)
            for row, package in enumerate(outcome.built.packages):
                name = text_label(FORMAT_LABELS.get(package.format, package.format), weight=QFont.Weight.DemiBold,
                                  wrap=False)
                path = ElidedLabel(package.zip_path.name, role="soft")
                path.setToolTip(str(package.zip_path))
                size = text_label(size_text(package.size), wrap=False)
                verdict = text_label("self-test: passed", wrap=False)
                verdict.setStyleSheet(f"color: {theme.OK};")
                for column, widget in enumerate((name, path, size, verdict)):
                    table.addWidget(widget, row, column)
                lines.append(f"{package.format}  {package.zip_path}  {size_text(package.size)}  self-test: passed")
            table.setColumnStretch(1, 1)
            self.result_body.addLayout(table)
            folders = sorted({str(p.zip_path.parent) for p in outcome.built.packages})
            saved = text_label("Saved in " + ", ".join(folders), role="caption")
            self.result_body.addWidget(saved)
            lines.append(saved.text())
        for detail in outcome.details:
            self.result_body.addWidget(text_label(detail, role="soft"))
            lines.append(detail)
        self.result_text = "\n".join(lines)
        self.result_card.setAccessibleName("Build result")
        self.result_card.setAccessibleDescription(self.result_text)
        self.result_card.show()
        self._fit()
        site = self._previewable_zip()
        self.preview_button.setEnabled(site is not None)
        self.preview_button.setToolTip("Open the package in your browser, served on this computer only"
                                       if site else "Build the HTML5 format or a review copy to preview it")
        self.folder_button.setEnabled(outcome.built is not None)

    def _fit(self) -> None:
        """Grow or shrink to the cards shown, once the layout has taken them in."""
        QTimer.singleShot(0, self._fit_now)

    def _fit_now(self) -> None:
        # adjustSize() ignores wrapped labels' height for the width (the cards were squeezed)
        layout = self.layout()
        height = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.resize(self.width(), max(height, self.minimumSizeHint().height()))

    def _previewable_zip(self) -> Path | None:
        if self.outcome is None or self.outcome.built is None:
            return None
        built = {p.format: p.zip_path for p in self.outcome.built.packages}
        return next((built[f] for f in PREVIEWABLE if f in built), None)

    def _show_folder(self) -> None:
        if self.outcome is not None and self.outcome.built is not None and self.outcome.built.packages:
            self._open_url(QUrl.fromLocalFile(str(self.outcome.built.packages[0].zip_path.parent)))

    # -- preview ---------------------------------------------------------------------
    def start_preview(self) -> Job | None:
        zip_path = self._previewable_zip()
        if zip_path is None or self._preview_job is not None:
            return None
        if self.preview is not None and self.preview.running and self.preview.zip_path == zip_path:
            self._open_url(QUrl(self.preview.url))
            return None
        self._stop_preview()
        server = self.preview = PreviewServer(zip_path)
        self.preview_button.setEnabled(False)
        self.serving.setText(f"Unpacking {zip_path.name}…")
        self.serving.setStyleSheet("")
        self.serving.show()
        self._fit()
        job = self.runner.start(server.start, "Preview")
        self._preview_job = job
        job.signals.finished.connect(lambda url, j=job: self._on_preview(j, url))
        job.signals.failed.connect(lambda exc, j=job: self._on_preview_failed(j, exc))
        job.signals.cancelled.connect(lambda j=job: self._on_preview_failed(j, None))
        return job

    def _on_preview(self, job: Job, url: str) -> None:
        if job is not self._preview_job:
            return
        self._preview_job = None
        self.preview_button.setEnabled(True)
        self.serving.setText(f"Serving the HTML5 package at {url} (this computer only) until this dialog closes.")
        self._fit()
        self._open_url(QUrl(url))
        self.preview_started.emit(url)

    def _on_preview_failed(self, job: Job, exc: BaseException | None) -> None:
        if job is not self._preview_job:
            return
        self._preview_job = None
        self.preview_button.setEnabled(True)
        reason = "" if exc is None else describe_failure(exc).headline.replace("Not built: ", "No preview: ")
        self.serving.setText(reason)
        self.serving.setStyleSheet(f"color: {theme.BAD};")

    def _stop_preview(self) -> None:
        if self.preview is not None:
            self._stopping = self.preview.stop_in_background()   # never wait on the UI thread
            self.preview = None
        self.serving.hide()

    # -- closing ---------------------------------------------------------------------
    def reject(self) -> None:
        """Esc, Close or the title bar during a build: cancel it, close once it has stopped."""
        if self.running:
            self._close_when_done = True
            self.cancel_build()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._stop_preview()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            self.reject()
            return
        self._stop_preview()
        super().closeEvent(event)


def _rgba(colour: str, alpha: int) -> str:
    c = QColor(colour)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {alpha})"


def open_build_dialog(parent: QWidget, source: BuildSource, settings: Settings,
                      path_id: str | None = None) -> BuildDialog:
    """Show the dialog (modal to ``parent``) and return it; it deletes itself when closed."""
    dialog = BuildDialog(source, settings, parent, path_id=path_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
