"""The collector is paused while a course is built and resumes after, also after a failure,
and a nested pause never resumes what an outer one paused."""
from __future__ import annotations

import gc

import pytest

from studio.gcpause import collector_paused, without_collections


def test_paused_inside_resumed_after_even_on_failure():
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with collector_paused():
            assert not gc.isenabled()
            raise ValueError
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_outer_one_in_charge():
    @without_collections
    def inner():
        return gc.isenabled()

    with collector_paused():
        assert inner() is False
        assert not gc.isenabled()          # the inner call did not resume it
    assert gc.isenabled()
    assert inner() is False and gc.isenabled()


def test_reading_a_project_and_checking_it_run_with_the_collector_paused(tmp_path, monkeypatch):
    from studio.project import store
    from studio.project.file import ProjectFile
    from studio.rules import check
    seen = []
    real_module = store._module
    monkeypatch.setattr(store, "_module", lambda *a: (seen.append(gc.isenabled()), real_module(*a))[1])
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    from studio import model as m
    with ProjectFile.open(folder) as project:
        with project.sessions.begin() as s:
            store.write_course(s, m.Course(title="T", modules=(m.Module(id="a", title="A", objective="List it"),)), {})
        project.save()
    with ProjectFile.open(folder) as project, project.sessions() as s:
        course = store.read_course(s)
    assert [mod.id for mod in course.modules] == ["a"]
    assert seen == [False] and gc.isenabled()
    check.check_course.forget()
    real_check = check.check_module
    monkeypatch.setattr(check, "check_module", lambda *a: (seen.append(gc.isenabled()), real_check(*a))[1])
    check.check_course(course, {})
    assert seen == [False, False] and gc.isenabled()
