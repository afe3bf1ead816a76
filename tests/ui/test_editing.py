"""Editing in the window: live objective feedback, the gauge, undo/redo, drag to reorder,
modules added and removed, save and save as, bad targets, kill and recover."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtTest import QTest

from studio.source.reader import read_course
from tests.cli import run
from tests.ui.conftest import open_and_wait

SAVE_TIMEOUT_MS = 30_000


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _panel_codes(window, module_id: str) -> list[str]:
    model = window.problems.model
    return [model.problem(r).code for r in range(model.rowCount()) if model.problem(r).module == module_id]


def test_objective_feedback_follows_typing_and_undo(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("five-step-lift")
    view = window.module_view
    assert "objective.vague-verb" not in _panel_codes(window, "five-step-lift")
    _type(qtbot, view.objective, "Understand the lift")
    assert "objective.vague-verb" in view.objective_problem_codes()          # at once, as typed
    qtbot.waitUntil(lambda: "objective.vague-verb" in _panel_codes(window, "five-step-lift"), timeout=2000)
    assert window.session.state.course.module("five-step-lift").objective == "Understand the lift"
    assert window.actions_.undo.text() == "&Undo Edit objective" and window.isWindowModified()
    window.actions_.undo.trigger()                                           # all the keystrokes: one step
    assert view.objective.text() == "Apply the five-step lifting procedure to a carton of up to 15 kg"
    assert "objective.vague-verb" not in _panel_codes(window, "five-step-lift")
    assert view.objective_problem_codes() == [] and not window.isWindowModified()
    assert window.actions_.redo.text() == "&Redo Edit objective" and not window.actions_.undo.isEnabled()
    window.actions_.redo.trigger()
    assert view.objective.text() == "Understand the lift"
    assert "objective.vague-verb" in _panel_codes(window, "five-step-lift")


def test_a_long_objective_is_shown_from_its_start(qtbot, window):
    open_and_wait(qtbot, window)
    window.resize(1000, 700)
    window.select_module("back-basics")
    edit = window.module_view.objective
    assert edit.fontMetrics().horizontalAdvance(edit.text()) > edit.width()   # it does not fit
    assert edit.cursorPosition() == 0
    window.select_module("five-step-lift")                                   # and on every module shown
    assert window.module_view.objective.cursorPosition() == 0


def test_adding_a_block_moves_the_gauge(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("lifting-recap")
    view = window.module_view
    before = view.gauge.reading.seconds
    count = view.block_model.rowCount()
    view.select_block(0)
    action = next(a for a in view.add_block.menu().actions() if a.data() == "action_plan")
    action.trigger()
    assert view.block_model.rowCount() == count + 1 and view.selected_block() == 1
    assert view.block_model.index(1, 0).data() == "Action plan"
    assert view.gauge.reading.seconds == pytest.approx(before + 120)
    assert window.actions_.undo.text() == "&Undo Add block"
    qtbot.mouseClick(view.move_down, Qt.MouseButton.LeftButton)
    assert view.block_model.index(2, 0).data() == "Action plan" and view.selected_block() == 2
    qtbot.mouseClick(view.remove_block, Qt.MouseButton.LeftButton)
    assert view.block_model.rowCount() == count and view.gauge.reading.seconds == pytest.approx(before)
    window.actions_.undo.trigger()
    window.actions_.undo.trigger()
    window.actions_.undo.trigger()
    assert window.session.state.course.module("lifting-recap").blocks == \
        window.session.history.course.module("lifting-recap").blocks
    assert view.gauge.reading.seconds == pytest.approx(before) and not window.isWindowModified()


def _drop(model, mime: QMimeData, row: int, parent) -> None:
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)


def test_drag_to_reorder_modules_and_blocks(qtbot, window, qtmodeltester):
    open_and_wait(qtbot, window)
    model = window.tree_model
    path_group = model.index(0, 0)
    path_id = window.session.state.course.paths[0].id
    first = model.index(0, 0, path_group)
    mime = model.mimeData([first])
    _drop(model, mime, 3, path_group)                         # between the 3rd and 4th modules
    qtbot.waitUntil(lambda: window.session.state.course.paths[0].modules[2] == "back-basics", timeout=2000)
    assert window.session.state.course.paths[0].modules == (
        "assess-load", "five-step-lift", "back-basics", "team-lifts-aids", "lifting-recap")
    assert [model.index(r, 0, path_group).data(Qt.ItemDataRole.UserRole + 1) for r in range(5)][2] == "back-basics"
    assert window.actions_.undo.text() == "&Undo Reorder modules"
    qtmodeltester.check(model)
    other = QMimeData()
    other.setData("application/x-micro-module-studio-module", b'{"group": 0, "module": "nope", "row": 0}')
    assert not model.canDropMimeData(other, Qt.DropAction.MoveAction, 0, 0, path_group)
    all_group = model.index(1, 0)
    assert not model.canDropMimeData(model.mimeData([model.index(0, 0, path_group)]), Qt.DropAction.MoveAction,
                                     0, 0, all_group)             # not across groups
    window.actions_.undo.trigger()
    assert window.session.state.course.paths[0].modules[0] == "back-basics"

    window.select_module("five-step-lift", path_id)
    blocks = window.module_view.block_model
    kinds = [blocks.index(r, 0).data() for r in range(blocks.rowCount())]
    _drop(blocks, blocks.mimeData([blocks.index(0, 0)]), -1, blocks.index(2, 0))   # onto the third row
    qtbot.waitUntil(lambda: blocks.index(2, 0).data() == "Video", timeout=2000)
    assert [blocks.index(r, 0).data() for r in range(blocks.rowCount())] == kinds[1:3] + kinds[:1] + kinds[3:]
    assert window.actions_.undo.text() == "&Undo Move block"
    qtmodeltester.check(blocks)


def test_add_duplicate_remove_modules(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("assess-load")
    window.actions_.add_module.trigger()
    state = window.session.state
    assert window.module_view.module_id_shown == "new-module"
    assert state.course.paths[0].modules[:3] == ("back-basics", "assess-load", "new-module")
    assert window.module_view.title.hasFocus()
    qtbot.keyClicks(window.module_view.title, "Carry on stairs")
    qtbot.waitUntil(lambda: window.tree_model.module_index("new-module", state.course.paths[0].id).data()
                    == "Carry on stairs", timeout=2000)
    assert window.session.state.course.module("new-module").title == "Carry on stairs"
    window.actions_.duplicate_module.trigger()
    assert window.module_view.module_id_shown == "new-module-copy"
    assert window.module_view.title.text() == "Carry on stairs (copy)"
    window.actions_.remove_module.trigger()
    assert window.session.state.course.module("new-module-copy") is None
    assert window.module_view.module_id_shown is not None
    assert window.actions_.undo.text() == "&Undo Remove module"
    for _ in range(4):
        window.actions_.undo.trigger()
    assert window.session.state.course.module("new-module") is None and not window.isWindowModified()


def test_save_and_save_as_round_trip(qtbot, window, prompter, example_copy, tmp_path):
    open_and_wait(qtbot, window, example_copy)
    window.select_module("five-step-lift")
    _type(qtbot, window.module_view.title, "The safe lift")
    window.module_view.title.editingFinished.emit()
    assert "[*]" in window.windowTitle() and window.isWindowModified()
    with qtbot.waitSignal(window.editing.saved, timeout=SAVE_TIMEOUT_MS):
        window.actions_.save.trigger()
    assert not window.isWindowModified()
    assert read_course(example_copy).module("five-step-lift").title == "The safe lift"

    target = tmp_path / "Saved.mstudio"
    prompter.save_as_targets.append(target)
    _type(qtbot, window.module_view.objective, "List the five steps of a safe lift")
    with qtbot.waitSignal(window.editing.saved, timeout=SAVE_TIMEOUT_MS):
        window.actions_.save_as.trigger()
    assert window.session.state.kind == "project" and window.session.state.location == target
    assert "Saved.mstudio" in window.windowTitle() and not window.isWindowModified()
    assert read_course(example_copy).module("five-step-lift").objective.startswith("Apply")   # the source kept
    window.close_course()
    open_and_wait(qtbot, window, target)
    module = window.session.state.course.module("five-step-lift")
    assert (module.title, module.objective) == ("The safe lift", "List the five steps of a safe lift")
    assert prompter.errors == []


def test_save_as_where_it_cannot_go_names_the_problem(qtbot, window, prompter, example_copy, tmp_path):
    open_and_wait(qtbot, window, example_copy)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    prompter.save_as_targets.append(blocker / "course.yaml")
    _type(qtbot, window.module_view.title, "Renamed")
    with qtbot.waitSignal(window.runner.failed, timeout=SAVE_TIMEOUT_MS):
        window.actions_.save_as.trigger()
    qtbot.waitUntil(lambda: bool(prompter.errors), timeout=2000)
    title, message = prompter.errors[0]
    assert title == "Cannot save as course.yaml" and "a-file" in message and "Traceback" not in message
    assert window.isWindowModified() and window.session.state.location == example_copy


def test_closing_with_unsaved_edits_asks(qtbot, window, prompter, example_copy):
    open_and_wait(qtbot, window, example_copy)
    _type(qtbot, window.module_view.title, "Renamed")
    prompter.save_answer = "cancel"
    window.actions_.close.trigger()
    assert window.session is not None and prompter.save_questions == ["course.yaml"]
    prompter.save_answer = "save"
    with qtbot.waitSignal(window.course_closed, timeout=SAVE_TIMEOUT_MS):
        window.actions_.close.trigger()
    assert window.session is None
    assert read_course(example_copy).modules[0].title == "Renamed"


@pytest.fixture
def project_copy(small_course, tmp_path, capsys) -> Path:
    folder = tmp_path / "Ladders.mstudio"
    assert run("import", small_course, folder, capsys=capsys)[0] == 0
    return folder


@pytest.mark.slow
def test_killed_app_is_recovered_on_next_start(qtbot, make_window, prompter, project_copy, tmp_path):
    objective = "Choose a ladder for the shelf"
    driver = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_driver.py")), str(project_copy), "choose-ladder",
         objective, str(tmp_path / "driver.ini")],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).parents[2])},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = driver.stdout.readline()
        assert line.strip() == "AUTOSAVED", (line, driver.stderr.read() if driver.poll() is not None else "")
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=30)
    assert driver.returncode == -signal.SIGKILL
    assert (project_copy / ".lock").exists()                  # a dead studio's lock stays behind

    window = make_window()
    open_and_wait(qtbot, window, project_copy)
    assert len(prompter.recovery_offers) == 1
    name, saved_at = prompter.recovery_offers[0]
    assert name == "Ladders.mstudio" and saved_at[:4].isdigit()
    assert window.session.state.course.module("choose-ladder").objective == objective
    assert window.isWindowModified() and window.actions_.undo.text() == "&Undo Recover unsaved changes"
    window.select_module("choose-ladder")
    assert window.module_view.objective.text() == objective
    qtbot.waitUntil(lambda: window.session.recoverable is None and not window.editing._autosaving, timeout=10_000)
    with qtbot.waitSignal(window.editing.saved, timeout=SAVE_TIMEOUT_MS):
        window.actions_.save.trigger()
    window.close_course()
    open_and_wait(qtbot, window, project_copy)
    assert len(prompter.recovery_offers) == 1                 # nothing left to offer
    assert window.session.state.course.module("choose-ladder").objective == objective


def test_recovery_can_be_discarded(qtbot, make_window, prompter, project_copy, tmp_path):
    crash = ("import os, signal, sys\n"
             "from studio.editor.commands import SetObjective\nfrom studio.editor.session import open_course\n"
             "s = open_course(sys.argv[1]); s.edit(SetObjective('choose-ladder', 'List the rungs'))\n"
             "s.autosave_job()(); os.kill(os.getpid(), signal.SIGKILL)\n")
    assert subprocess.run([sys.executable, "-c", crash, str(project_copy)]).returncode == -signal.SIGKILL
    prompter.recover = False
    window = make_window()
    open_and_wait(qtbot, window, project_copy)
    assert len(prompter.recovery_offers) == 1 and not window.isWindowModified()
    assert window.session.state.course.module("choose-ladder").objective != "List the rungs"


def test_profile_and_concepts_are_edits(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("lifting-recap")
    view = window.module_view
    assert view.gauge.reading.max_s == 180                       # nano: 1–3 min
    row = view.profile.findData("micro")
    view.profile.setCurrentIndex(row)
    view.profile.activated.emit(row)
    assert window.session.state.course.module("lifting-recap").profile == "micro"
    assert view.gauge.reading.max_s == 900 and window.actions_.undo.text() == "&Undo Change profile"
    assert "budget.under" in _panel_codes(window, "lifting-recap")
    _type(qtbot, view.requires, "neutral-spine, no-such-concept")
    QTest.keyClick(view.requires, Qt.Key.Key_Return)
    module = window.session.state.course.module("lifting-recap")
    assert module.requires == ("neutral-spine", "no-such-concept")
    assert window.actions_.undo.text() == "&Undo Edit concepts"
    window.actions_.undo.trigger()
    window.actions_.undo.trigger()
    assert view.gauge.reading.max_s == 180 and "budget.under" not in _panel_codes(window, "lifting-recap")


def test_saving_over_a_source_with_comments_asks_first(qtbot, window, prompter, example_copy):
    original = example_copy.read_text()
    comments = sum(1 for line in original.splitlines() if line.lstrip().startswith("#"))
    assert comments > 0                                            # the example is commented
    open_and_wait(qtbot, window, example_copy)
    window.select_module("lifting-recap")
    _type(qtbot, window.module_view.title, "Lifting recap")
    window.editing.flush()
    prompter.rewrite_answer = "cancel"
    assert window.editing.save() is False
    assert prompter.rewrite_questions == [(example_copy.name, comments)]
    assert example_copy.read_text() == original and window.isWindowModified()   # nothing written
    prompter.rewrite_answer = "save"
    with qtbot.waitSignal(window.editing.saved, timeout=SAVE_TIMEOUT_MS):
        assert window.editing.save()
    assert read_course(example_copy).module("lifting-recap").title == "Lifting recap"
    _type(qtbot, window.module_view.title, "Lifting recap 2")
    window.editing.flush()
    with qtbot.waitSignal(window.editing.saved, timeout=SAVE_TIMEOUT_MS):
        assert window.editing.save()
    assert len(prompter.rewrite_questions) == 2      # asked again only because the first answer was cancel