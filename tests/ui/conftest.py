"""UI test fixtures: a real main window on real courses, settings in tmp_path, a scripted Prompter."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from studio.resources import example_course

OPEN_TIMEOUT_MS = 30_000


@dataclass
class ScriptedPrompter:
    """Answers the window's questions from a script and records what it was told."""
    choices: list[Path | None] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    abouts: list[str] = field(default_factory=list)
    recover: bool = True                      # the answer to "Recover unsaved changes?"
    recovery_offers: list[tuple[str, str]] = field(default_factory=list)
    save_answer: str = "discard"              # the answer to "Save changes?" (save, discard, cancel)
    save_questions: list[str] = field(default_factory=list)
    save_as_targets: list[Path | None] = field(default_factory=list)
    rewrite_answer: str = "save"              # the answer to "Save over a source with comments?"
    rewrite_questions: list[tuple[str, int]] = field(default_factory=list)
    review_files: list[Path] = field(default_factory=list)   # what "Import review comments" is given

    def show_error(self, title: str, message: str, detail: str | None = None) -> None:
        self.errors.append((title, message))

    def show_about(self, title: str, text: str) -> None:
        self.abouts.append(text)

    def choose_course(self, start: Path | None) -> Path | None:
        return self.choices.pop(0) if self.choices else None

    def ask_recovery(self, project: str, saved_at: str) -> bool:
        self.recovery_offers.append((project, saved_at))
        return self.recover

    def ask_save_changes(self, name: str) -> str:
        self.save_questions.append(name)
        return self.save_answer

    def ask_rewrite_source(self, name: str, comments: int) -> str:
        self.rewrite_questions.append((name, comments))
        return self.rewrite_answer

    def choose_save_as(self, start: Path) -> Path | None:
        return self.save_as_targets.pop(0) if self.save_as_targets else None

    def choose_review_files(self, start: Path | None) -> list[Path]:
        return list(self.review_files)


@pytest.fixture
def settings_file(tmp_path) -> Path:
    return tmp_path / "settings" / "studio.ini"


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def make_window(qtbot, settings_file, prompter):
    from studio.ui.main_window import MainWindow
    from studio.ui.settings import Settings

    made = []

    def make(**kwargs):
        window = MainWindow(Settings(settings_file), prompter=kwargs.pop("prompter", prompter))
        qtbot.addWidget(window)
        if kwargs.pop("resize", True):
            window.resize(1360, 860)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()       # closes the course (a project's lock and working copy)


@pytest.fixture
def window(make_window):
    return make_window()


def open_and_wait(qtbot, window, location: Path | None = None) -> None:
    location = location or example_course()
    with qtbot.waitSignal(window.course_shown, timeout=OPEN_TIMEOUT_MS):
        window.open_location(location)


def open_expecting_failure(qtbot, window, location: Path) -> None:
    with qtbot.waitSignal(window.runner.failed, timeout=OPEN_TIMEOUT_MS):
        window.open_location(location)
    # The runner's signal may come before the window's own slot has shown the error.
    qtbot.waitUntil(lambda: window._opening is None, timeout=OPEN_TIMEOUT_MS)


@pytest.fixture
def example_copy(tmp_path) -> Path:
    """A private copy of the example course folder; returns its course.yaml."""
    target = tmp_path / "example"
    shutil.copytree(example_course().parent, target, ignore=shutil.ignore_patterns("make_media.py", "README.md"))
    return target / "course.yaml"
