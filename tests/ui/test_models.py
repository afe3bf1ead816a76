"""Every item model of the window passes Qt's model tester, empty and on the example course."""
from __future__ import annotations

import pytest

from studio.editor.session import open_course
from studio.resources import example_course
from studio.ui.block_model import BlockTableModel
from studio.ui.problems_model import ProblemTableModel
from studio.ui.tree_model import ProjectTreeModel


@pytest.fixture(scope="module")
def example_state():
    with open_course(example_course()) as session:
        return session.state


@pytest.mark.parametrize("model_class", [ProjectTreeModel, ProblemTableModel])
def test_course_models(qtmodeltester, example_state, model_class):
    model = model_class()
    qtmodeltester.check(model)                     # empty
    model.set_state(example_state)
    qtmodeltester.check(model)
    model.set_state(None)
    qtmodeltester.check(model)


def test_block_model(qtmodeltester, example_state):
    model = BlockTableModel()
    qtmodeltester.check(model)
    for module in example_state.course.modules:
        model.set_module(module, example_state.estimate_of(module.id), example_state.problems_of(module.id))
        qtmodeltester.check(model)
        assert model.rowCount() == len(module.blocks)


def test_tree_finds_modules_in_the_asked_path(example_state):
    model = ProjectTreeModel()
    model.set_state(example_state)
    in_path = model.module_index("five-step-lift", "onboarding")
    in_all = model.module_index("five-step-lift", None)
    assert in_path.parent().row() == 0 and in_path.row() == 2
    assert in_all.parent().row() == 0                 # no path named: the first path that has it
    assert not model.module_index("no-such-module").isValid()
