"""Start the desktop app: the QApplication, the look, the main window on a course."""
from __future__ import annotations

import signal
import sys
from pathlib import Path

from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from studio.resources import example_course
from studio.ui import theme
from studio.ui.main_window import APP_NAME, MainWindow
from studio.ui.settings import APPLICATION, ORGANISATION, Settings

EXIT_CANCELLED = 130


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
        code = app.exec()
    finally:
        heartbeat.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return EXIT_CANCELLED if interrupted else code
