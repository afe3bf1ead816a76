"""What keeps a big course fast in the window: the state's lookups, the models' small updates,
and a first window that does not load the reading, checking, writing and build code."""
from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from studio.editor import commands as cmd
from studio.editor.session import open_course
from studio.resources import example_course
from studio.ui.problems_model import ProblemTableModel
from studio.ui.tree_model import ProjectTreeModel


@pytest.fixture
def session():
    with open_course(example_course()) as opened:
        yield opened


def _signals(model) -> list[str]:
    seen: list[str] = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.rowsInserted.connect(lambda *_: seen.append("inserted"))
    model.rowsRemoved.connect(lambda *_: seen.append("removed"))
    model.dataChanged.connect(lambda first, last, *_: seen.append(f"changed {first.row()}-{last.row()}:"
                                                                  f"{first.column()}-{last.column()}"))
    return seen


def test_the_state_lookups_answer_as_a_scan_of_the_course_would(session):
    state = session.state
    for module in state.course.modules:
        assert state.problems_of(module.id) == tuple(p for p in state.report.problems if p.module == module.id)
        assert state.estimate_of(module.id) is next(e for e in state.report.modules if e.module_id == module.id)
        assert state.module(module.id) is state.course.module(module.id)
    for path in state.course.paths:
        assert state.path(path.id) is path
    assert state.problems_of("no-such-module") == () and state.module("no-such-module") is None
    assert state.estimate_of("no-such-module") is None and state.path("no-such-path") is None


def test_the_problems_panel_inserts_and_removes_only_the_rows_an_edit_changed(qapp, qtmodeltester, session):
    model = ProblemTableModel()
    model.set_state(session.state)
    module = session.state.course.modules[0]
    seen = _signals(model)
    session.edit(cmd.SetObjective(module.id, "Understand lifting and carrying"))   # vague, two actions
    model.set_state(session.state)
    assert "reset" not in seen and "inserted" in seen
    assert [model.problem(row) for row in range(model.rowCount())] == list(session.state.report.problems)
    qtmodeltester.check(model)

    seen.clear()
    session.undo()
    model.set_state(session.state)
    assert "reset" not in seen and "removed" in seen
    assert [model.problem(row) for row in range(model.rowCount())] == list(session.state.report.problems)

    seen.clear()
    model.set_state(session.state)                   # nothing new: nothing signalled
    assert seen == []


def test_renaming_a_module_repaints_where_its_problems_are_listed(qapp, session):
    model = ProblemTableModel()
    module = next(m for m in session.state.course.modules if session.state.problems_of(m.id))
    model.set_state(session.state)
    seen = _signals(model)
    session.edit(cmd.SetModuleTitle(module.id, "A title never seen"))
    model.set_state(session.state)
    rows = [row for row in range(model.rowCount()) if model.problem(row).module == module.id]
    assert seen == [f"changed {rows[0]}-{rows[-1]}:2-2"]
    assert model.index(rows[0], 2).data().startswith("A title never seen")


def test_the_tree_repaints_only_the_cells_an_edit_changed(qapp, session):
    model = ProjectTreeModel()
    model.set_state(session.state)
    module = session.state.course.modules[0]
    seen = _signals(model)
    session.edit(cmd.SetObjective(module.id, (module.objective or "") + " safely"))   # nothing the tree shows
    model.update_modules(session.state, {module.id})
    assert seen == []
    session.edit(cmd.SetModuleTitle(module.id, "Renamed"))
    model.update_modules(session.state, {module.id})
    assert seen and all(entry.split()[1].split("-")[0] == entry.split()[1].split("-")[1].split(":")[0]
                        for entry in seen)            # single cells, never a range that repaints the view
    index = model.module_index(module.id)
    assert index.data() == "Renamed"


def test_the_first_window_loads_neither_the_database_nor_the_build():
    code = ("import sys\n"
            "import studio.ui.app, studio.ui.main_window\n"
            "print(' '.join(m for m in ('sqlalchemy', 'alembic', 'av', 'studio.export.build', "
            "'studio.editor.saving', 'studio.project.file') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_warm_up_loads_what_opening_needs_then_freezes_the_collector():
    from studio.ui.app import OPEN_PATH_MODULES, warm_up
    try:
        warm_up().join()
        assert all(name in sys.modules for name in OPEN_PATH_MODULES)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
