"""The main window on the real example course: tree, module view, problems, recent, welcome, errors."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt

from studio.resources import example_course
from studio.ui.tree_model import ALL_MODULES, MODULE_ID_ROLE
from tests.cli import check_json
from tests.ui.conftest import open_and_wait, open_expecting_failure

EXAMPLE_MODULES = ["back-basics", "assess-load", "five-step-lift", "team-lifts-aids", "lifting-recap"]


def _children(model, parent):
    return [model.index(r, 0, parent) for r in range(model.rowCount(parent))]


def _click(qtbot, view, index):
    view.scrollTo(index)
    # as a designer's click would, once the page is laid out (a card shown a moment ago re-lays it)
    qtbot.waitUntil(lambda: view.viewport().rect().contains(view.visualRect(index).center()), timeout=2000)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_opens_the_example_with_its_path_and_five_modules(qtbot, window):
    open_and_wait(qtbot, window)
    model = window.tree_model
    groups = _children(model, window.tree.rootIndex())
    assert [g.data() for g in groups] == ["Warehouse onboarding - manual handling", ALL_MODULES]
    for group in groups:
        assert [i.data(MODULE_ID_ROLE) for i in _children(model, group)] == EXAMPLE_MODULES
        assert window.tree.isExpanded(group)
    assert window.pages.currentWidget() is window.module_view
    assert window.module_view.title.text() == "How your back carries a load"   # the path's first module
    assert "Warehouse manual handling safety" in window.windowTitle()


def test_selecting_a_module_shows_its_objective_gauge_and_blocks(qtbot, window, capsys):
    open_and_wait(qtbot, window)
    path_group = window.tree_model.index(0, 0)
    five_step = _children(window.tree_model, path_group)[2]
    _click(qtbot, window.tree, five_step)

    view = window.module_view
    assert view.module_id_shown == "five-step-lift"
    assert view.title.text() == "The five-step lift"
    assert view.objective.text() == "Apply the five-step lifting procedure to a carton of up to 15 kg"
    chips = [view.bloom_row.itemAt(i).widget().text() for i in range(view.bloom_row.count())
             if view.bloom_row.itemAt(i).widget()]
    assert "Bloom level 3 · Apply" in chips
    assert view.objective_problem_codes() == []

    _, report = check_json(example_course(), capsys)
    reading = view.gauge.reading
    assert (reading.seconds, reading.min_s, reading.target_s, reading.max_s) == (545.9, 300, 480, 900)
    assert reading.tone == "ok" and reading.status == "within"
    assert "9:06" in view.gauge.toolTip()

    blocks = view.block_model
    rows = [[blocks.index(r, c).data() for c in range(3)] for r in range(blocks.rowCount())]
    assert [r[0] for r in rows] == ["Video", "Image", "Text", "Quiz", "Summary card", "Action plan"]
    assert rows[1][1] == "five-steps.png" and rows[1][2] == "0:20"      # the image's 20 s viewing time
    assert rows[5][2] == "2:00"                                          # an action plan: 120 s
    assert window.inspector.heading.text() == "The five-step lift"      # no block selected: the module


def test_selecting_a_block_shows_its_fields_in_the_inspector(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("five-step-lift")
    view = window.module_view
    _click(qtbot, view.blocks, view.block_model.index(1, 1))
    fields = window.inspector.field_values()
    assert window.inspector.heading.text() == "Image block"
    assert fields["Media"] == "media/five-steps.png"
    assert fields["Viewing time"] == "20 s"
    assert fields["Alt text"].startswith("The five steps of a safe lift")
    assert re.search(r"course\.yaml line \d+", window.inspector.caption.text())


def test_problem_count_matches_studio_check_json(qtbot, window, capsys):
    open_and_wait(qtbot, window)
    _, problems = check_json(example_course(), capsys)
    assert window.problems.model.rowCount() == len(problems) == 1
    shown = [[window.problems.model.index(r, c).data() for c in range(4)] for r in range(len(problems))]
    assert [(row[1], row[3]) for row in shown] == [(p["code"], p["message"]) for p in problems]
    assert window.status_problems.text() == "1 problem: 0 errors, 1 warning"


def test_clicking_a_problem_selects_its_module(qtbot, window):
    open_and_wait(qtbot, window)
    assert window.module_view.module_id_shown == "back-basics"
    _click(qtbot, window.problems.view, window.problems.model.index(0, 3))
    assert window.module_view.module_id_shown == "team-lifts-aids"
    assert window.tree.currentIndex().data(MODULE_ID_ROLE) == "team-lifts-aids"


def test_a_block_problem_selects_module_and_block_and_objective_problems_show_inline(qtbot, window, example_copy,
                                                                                    capsys):
    text = example_copy.read_text()
    text = text.replace("objective: List the five steps of a safe lift in the correct order",
                        "objective: Understand the five steps of a safe lift")
    text = text.replace('        alt: "The five steps of a safe lift: 1 plan the lift, 2 position your feet, 3 bend '
                        'your knees, 4 get a firm grip, 5 lift smoothly. Keep the load close; move your feet, do not '
                        'twist."\n        seconds: 20', "        seconds: 20", 1)
    example_copy.write_text(text)
    open_and_wait(qtbot, window, example_copy)
    _, problems = check_json(example_copy, capsys)
    model = window.problems.model
    codes = [model.problem(r).code for r in range(model.rowCount())]
    assert codes == [p["code"] for p in problems]
    assert "objective.vague-verb" in codes and "a11y.image-alt-missing" in codes
    assert window.status_problems.text().startswith(f"{len(problems)} problems: ")

    row = codes.index("a11y.image-alt-missing")
    _click(qtbot, window.problems.view, model.index(row, 3))
    assert window.module_view.module_id_shown == "five-step-lift"
    assert window.module_view.selected_block() == 1
    assert window.inspector.heading.text() == "Image block"
    assert window.inspector.field_values()["Alt text"] == "missing"

    _click(qtbot, window.problems.view, model.index(codes.index("objective.vague-verb"), 3))
    assert window.module_view.module_id_shown == "lifting-recap"
    assert "objective.vague-verb" in window.module_view.objective_problem_codes()


def test_recent_courses_persist_across_windows(qtbot, make_window, example_copy):
    first = make_window()
    open_and_wait(qtbot, first, example_copy)
    open_and_wait(qtbot, first)
    first.close()
    second = make_window()
    assert second.settings.recent() == [example_course(), example_copy]
    assert [b.toolTip() for b in second.welcome.recent_buttons] == [str(example_course()), str(example_copy)]
    recent_actions = [a.toolTip() for a in second.actions_.recent_menu.actions() if a.toolTip()]
    assert recent_actions[:2] == [str(example_course()), str(example_copy)]
    with qtbot.waitSignal(second.course_shown, timeout=30_000):
        qtbot.mouseClick(second.welcome.recent_buttons[1], Qt.MouseButton.LeftButton)
    assert second.state.location == example_copy


def test_the_welcome_screen_opens_the_example(qtbot, window):
    assert window.pages.currentWidget() is window.welcome
    assert not window.actions_.close.isEnabled()
    with qtbot.waitSignal(window.course_shown, timeout=30_000):
        qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    assert window.state.course.title == "Warehouse manual handling safety"
    window.actions_.close.trigger()
    assert window.pages.currentWidget() is window.welcome
    assert window.tree_model.rowCount() == 0 and window.problems.model.rowCount() == 0


def test_open_asks_the_prompter_for_a_course(qtbot, window, prompter, example_copy):
    prompter.choices.append(example_copy)
    with qtbot.waitSignal(window.course_shown, timeout=30_000):
        window.actions_.open.trigger()
    assert window.state.location == example_copy


def test_bad_yaml_shows_one_error_dialog_naming_file_and_line(qtbot, window, prompter, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: microstudio/1\ntitle: Broken\nmodules:\n  - id: one\n    title: [unclosed\n")
    open_expecting_failure(qtbot, window, bad)
    assert len(prompter.errors) == 1
    title, message = prompter.errors[0]
    assert title == "Cannot open bad.yaml"
    assert "bad.yaml" in message and "line" in message and "Traceback" not in message
    assert window.pages.currentWidget() is window.welcome


def test_a_bad_file_keeps_the_open_course(qtbot, window, prompter, tmp_path):
    open_and_wait(qtbot, window)
    bad = tmp_path / "course.yaml"
    bad.write_text("format: microstudio/1\ntitle: Broken\nmodules: 3\n")
    open_expecting_failure(qtbot, window, bad)
    assert len(prompter.errors) == 1
    assert window.state.location == example_course()
    assert window.pages.currentWidget() is window.module_view


def test_a_missing_project_is_an_error_and_leaves_recent(qtbot, window, prompter, tmp_path, settings_file):
    missing = tmp_path / "Gone.mstudio"
    window.settings.add_recent(missing)
    open_expecting_failure(qtbot, window, missing)
    assert prompter.errors and "Gone.mstudio" in prompter.errors[0][1]
    assert missing not in window.settings.recent()


def test_window_geometry_and_panels_are_restored(qtbot, make_window):
    first = make_window()
    open_and_wait(qtbot, first)
    first.resize(701, 555)     # the offscreen screen is 800×800
    first.problems_dock.hide()
    first.close()
    second = make_window(resize=False)
    assert (second.width(), second.height()) == (701, 555)
    open_and_wait(qtbot, second)
    assert not second.problems_dock.isVisible()
    assert second.tree_dock.isVisible() and second.inspector_dock.isVisible()


def test_about_and_panel_toggles(qtbot, window, prompter):
    assert window.tree_dock.isHidden()            # no empty panels around the welcome screen
    open_and_wait(qtbot, window)
    assert window.problems_dock.windowTitle() == "Problems  ·  1"
    window.actions_.about.trigger()
    assert "Micro-module Studio" in prompter.abouts[0]
    toggle = window.problems_dock.toggleViewAction()
    toggle.trigger()
    assert not window.problems_dock.isVisible()
    toggle.trigger()
    assert window.problems_dock.isVisible()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Help"]


def test_a_quiz_widens_the_inspector_and_leaving_it_gives_the_width_back(qtbot, window):
    open_and_wait(qtbot, window)
    window.resize(1440, 900)
    window.resizeDocks([window.inspector_dock], [340], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(window.inspector_dock.width() - 340) < 20)
    own = window.inspector_dock.width()
    window.select_module("five-step-lift")
    view = window.module_view
    _click(qtbot, view.blocks, view.block_model.index(3, 1))          # the quiz
    assert window.inspector.heading.text() == "Quiz block"
    editor = window.inspector.editor
    qtbot.waitUntil(lambda: window.inspector_dock.width() >= editor.preferred_width - 20)
    assert window.inspector_dock.width() <= 0.55 * window.width() + 1
    # wide enough that the question list sits beside the question
    qtbot.waitUntil(lambda: editor.splitter.orientation() == Qt.Orientation.Horizontal)
    _click(qtbot, view.blocks, view.block_model.index(1, 1))          # the image: a narrow editor
    assert window.inspector.heading.text() == "Image block"
    qtbot.waitUntil(lambda: abs(window.inspector_dock.width() - own) < 5)
