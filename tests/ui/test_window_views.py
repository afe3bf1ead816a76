"""The path view and the build dialog inside the window: a path row shows its path, the
suggested order is one undoable step, File ▸ Build… builds a project with its stored media."""
from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt

from studio.ui.build_dialog import BuildDialog
from tests.cli import run
from tests.ui.conftest import open_and_wait
from tests.ui.test_path_view import EXAMPLE_ORDER, MISPLACED_ORDER, _rewrite

BUILD_TIMEOUT_MS = 180_000


def _select_path_row(window, path_id: str) -> None:
    window.tree.setCurrentIndex(window.tree_model.group_index(path_id))


def test_a_path_row_shows_the_path_and_its_suggested_order_is_one_undoable_step(qtbot, window, example_copy):
    misplaced = _rewrite(example_copy, f"modules: [{', '.join(EXAMPLE_ORDER)}]",
                         f"modules: [{', '.join(MISPLACED_ORDER)}]")
    open_and_wait(qtbot, window, misplaced)
    _select_path_row(window, "onboarding")
    assert window.pages.currentWidget() is window.path_view
    assert window.path_view.path_id_shown == "onboarding"
    before = window.session.state.course.paths[0].modules
    assert before == tuple(MISPLACED_ORDER)
    button = window.path_view.apply_button
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.state.course.paths[0].modules != before, timeout=5000)
    assert window.session.state.course.paths[0].modules == tuple(EXAMPLE_ORDER)
    assert window.actions_.undo.text() == "&Undo Apply suggested order"
    qtbot.waitUntil(lambda: not window.path_view.apply_button.isEnabled(), timeout=5000)  # redrawn: in order now
    assert window.pages.currentWidget() is window.path_view
    window.actions_.undo.trigger()
    assert window.session.state.course.paths[0].modules == before


def test_a_card_of_the_path_view_opens_its_module(qtbot, window):
    open_and_wait(qtbot, window)
    _select_path_row(window, "onboarding")
    window.path_view.module_activated.emit("assess-load")
    assert window.pages.currentWidget() is window.module_view
    assert window.module_view.module_id_shown == "assess-load"


def test_build_from_the_window_uses_a_projects_stored_media(qtbot, window, small_course, tmp_path, capsys):
    project = tmp_path / "Ladders.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    (small_course.parent / "media").rename(tmp_path / "elsewhere")   # only the project's store remains
    open_and_wait(qtbot, window, project)
    window.actions_.build.trigger()
    dialog = window.findChild(BuildDialog)
    assert dialog is not None and dialog.isVisible()
    out = tmp_path / "packages"
    out.mkdir()
    dialog.folder_edit.setText(str(out))
    with qtbot.waitSignal(dialog.build_finished, timeout=BUILD_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    outcome = finished.args[0]
    assert outcome.kind == "built", outcome.headline + " " + " ".join(outcome.details)
    (package,) = out.glob("*-html5.zip")
    with zipfile.ZipFile(package) as archive:
        assert any(name.endswith(".mp4") for name in archive.namelist())
    dialog.close()


def test_trim_from_the_inspector_opens_the_trim_editor_and_applies_one_undoable_trim(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from studio.ui.trim_editor import TrimEditor

    open_and_wait(qtbot, window)
    assert window.select_module("assess-load", block=0)
    editor = window.inspector.editor
    assert editor is not None and editor.trim.isVisible()
    seen = []

    def accept_when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TrimEditor):
            QTimer.singleShot(50, accept_when_shown)
            return
        seen.append(dialog)
        dialog.set_range(10.0, 120.0)
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, accept_when_shown)
    qtbot.mouseClick(editor.trim, Qt.MouseButton.LeftButton)       # modal until accepted
    assert seen
    block = window.session.state.course.module("assess-load").blocks[0]
    assert (block.in_s, block.out_s) == (10.0, 120.0)
    assert window.actions_.undo.text() == "&Undo Trim clip"
    window.actions_.undo.trigger()
    block = window.session.state.course.module("assess-load").blocks[0]
    assert (block.in_s, block.out_s) == (8.0, 153.5)


def test_a_quiz_block_is_edited_in_the_inspector(qtbot, window):
    from studio.ui.block_editors.quiz import QuizBlockEditor

    open_and_wait(qtbot, window)
    module = window.session.state.course.module("five-step-lift")
    index = next(i for i, b in enumerate(module.blocks) if b.kind == "quiz")
    assert window.select_module("five-step-lift", block=index)
    assert isinstance(window.inspector.editor, QuizBlockEditor) and window.inspector.editor.isVisible()
