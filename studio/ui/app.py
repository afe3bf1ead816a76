"""Start the desktop app: the QApplication, the look, the main window on a course."""
from __future__ import annotations

import gc
import importlib
import signal
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from studio.resources import example_course
from studio.ui import theme
from studio.ui.main_window import APP_NAME, MainWindow
from studio.ui.settings import APPLICATION, ORGANISATION, Settings

EXIT_CANCELLED = 130

# What opening and saving a course need beyond the window (SQLAlchemy, Alembic, the rules, the
# YAML writer): about a second of imports the first window does not wait for. They load in a
# thread once the window is up, so a course opened a moment later does not pay for them. All
# Qt-free: no Qt object is made off the UI thread.
OPEN_PATH_MODULES = ("studio.editor.saving", "studio.project.file", "studio.project.store",
                     "studio.editor.recheck", "studio.rules.check", "studio.media.facts",
                     "studio.source.reader")


def warm_up() -> threading.Thread:
    """Import :data:`OPEN_PATH_MODULES` and build the objective lexicon in a background thread
    (returned, already started), then set every object alive by then aside from the garbage
    collector (``gc.freeze``).

    The modules, the window and its widgets live as long as the app: scanning them again on
    each collection cost ~60 ms at every job start (the runner collects on the UI thread first)
    and in the middle of opening a course. Frozen objects are never collected, on any thread,
    so none of them can be destroyed off the UI thread either."""
    def load() -> None:
        for name in OPEN_PATH_MODULES:
            importlib.import_module(name)
        # The objective lexicon (~70 ms to read and index): the module view's live feedback needs
        # it for the first module shown, on the UI thread, when an open's check came from its snapshot.
        importlib.import_module("studio.rules.objective_lexicon").lexicon()
        gc.freeze()     # never gc.collect() here: garbage holding Qt objects must go on the UI thread
    gc.collect()        # (on the UI thread) as the job runner does before each job, for the same reason
    thread = threading.Thread(target=load, name="studio-warm-up")
    thread.start()
    return thread


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_NAME)
    theme.apply(app)
    return app


def run_gui(location: Path | None = None) -> int:
    """Open the window on ``location`` (the bundled example course when None) and run until quit.

    SIGINT and SIGTERM close the window as Quit does (working copies cleaned up), exit 130."""
    app = make_application()
    window = MainWindow(Settings())
    interrupted = []

    def on_signal(signum, _frame) -> None:
        interrupted.append(signum)
        QTimer.singleShot(0, window.close)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    heartbeat = QTimer()            # lets Python run its signal handlers while Qt's loop runs
    heartbeat.start(200)
    heartbeat.timeout.connect(lambda: None)
    try:
        window.show()
        window.open_location(location or example_course())
        QTimer.singleShot(0, warm_up)          # once the window has painted
        code = app.exec()
    finally:
        heartbeat.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return EXIT_CANCELLED if interrupted else code
