"""Re-checking only what changed gives the report a full ``check`` gives."""
from __future__ import annotations

import time

from studio import model as m
from studio.editor.commands import (AddBlock, AddModule, DuplicateModule, MoveBlock, RemoveBlock, RemoveModule,
                                    ReorderModules, SetConcepts, SetObjective, new_block, new_module)
from studio.editor.session import open_course
from studio.resources import example_course
from studio.rules.check import check_course


def test_every_kind_of_edit_rechecks_to_the_full_report():
    with open_course(example_course()) as session:
        course = session.state.course
        path = course.paths[0]
        steps = [
            SetObjective("five-step-lift", "Understand lifting and carry boxes"),   # vague verb, two actions
            SetObjective("assess-load", session.state.course.module("back-basics").objective),  # duplicate in path
            AddBlock("back-basics", new_block("quiz"), 0),
            MoveBlock("back-basics", 0, 2),
            RemoveBlock("lifting-recap", 0),
            SetConcepts("back-basics", (), ("team-lift",)),        # requires what a later module introduces
            ReorderModules(path.id, tuple(reversed(path.modules))),
            AddModule(new_module(course), path_id=path.id, path_index=0),
            DuplicateModule("assess-load", path.id),
            RemoveModule("team-lifts-aids"),
        ]
        for command in steps:
            session.edit(command)
            full = check_course(session.state.course, dict(session.state.facts))
            assert session.state.report == full, command.label
        while session.history.can_undo:
            session.undo()
            assert session.state.report == check_course(session.state.course, dict(session.state.facts))
        assert session.state.course == course


def test_typing_in_a_large_course_rechecks_in_milliseconds():
    """500 modules in one path: a keystroke re-checks one module and its path, not the course."""
    with open_course(example_course()) as session:
        template = session.state.course
    modules = tuple(m.Module(f"m{i}", f"Module {i}", objective=f"List the {i} steps of task {i}",
                             introduces=(f"c{i}",), requires=(f"c{i - 1}",) if i else (),
                             blocks=(m.TextBlock("word " * 900), m.QuizBlock((m.Question("true_false", "?", answer=True),))))
                    for i in range(500))
    big = m.Course(template.title, modules=modules, paths=(m.Path("all", modules=tuple(x.id for x in modules)),))
    from studio.editor.session import CourseSession, CourseState
    session = CourseSession(CourseState(example_course(), "source", big))
    started = time.perf_counter()
    session.refresh_check()
    full_s = time.perf_counter() - started
    text = "Describe the steps"
    timings = []
    for end in range(1, len(text) + 1):
        started = time.perf_counter()
        session.edit(SetObjective("m250", text[:end]))
        timings.append(time.perf_counter() - started)
    assert session.history.undo_label == "Edit objective"
    assert session.state.report == check_course(session.state.course, {})
    timings.sort()
    assert timings[len(timings) // 2] < full_s / 3, (timings, full_s)
