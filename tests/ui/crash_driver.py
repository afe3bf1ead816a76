"""Run the real studio window (offscreen) on a project, make one edit, wait for its autosave,
print AUTOSAVED and keep running until killed: the first half of the kill-and-recover test."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from studio.ui.app import make_application
from studio.ui.main_window import MainWindow
from studio.ui.settings import Settings


def main(project: str, module_id: str, objective: str, settings: str) -> int:
    app = make_application()
    window = MainWindow(Settings(Path(settings)))
    window.show()

    def edit(_state) -> None:
        window.select_module(module_id)
        window.module_view.objective.setFocus()
        window.module_view.objective.selectAll()
        QTest.keyClicks(window.module_view.objective, objective)      # typed, key by key

    window.course_shown.connect(edit)
    window.editing.autosaved.connect(lambda _gen: print("AUTOSAVED", flush=True))
    window.runner.failed.connect(lambda _job, exc: print(f"FAILED {exc}", flush=True))
    QTimer.singleShot(0, lambda: window.open_location(Path(project)))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
