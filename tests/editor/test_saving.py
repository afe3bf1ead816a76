"""Saving edits: a YAML source written back, a project's working copy and save, Save As, crash recovery."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from studio.editor.commands import AddBlock, SetObjective, SetModuleTitle, new_block
from studio.editor.session import open_course
from tests.cli import run
from studio.errors import StudioError
from studio.project import store
from studio.source.reader import read_course

NEW_OBJECTIVE = "Choose a ladder for a 3 m shelf"


def test_a_source_is_saved_back_losslessly(small_course):
    with open_course(small_course) as session:
        assert session.line_of("modules[0].blocks[0]") is not None
        session.edit(SetObjective("choose-ladder", NEW_OBJECTIVE))
        session.edit(AddBlock("set-up-ladder", new_block("summary_card")))
        assert session.dirty and session.line_of("modules[0].blocks[0]") is None   # lines are stale once edited
        assert session.autosave_job() is None                                       # a source waits for Save
        document = session.save_job()()
        assert not session.dirty
        assert read_course(small_course) == session.state.course == document.course
        assert session.line_of("modules[1].blocks[2]") is not None


def test_save_as_a_source_elsewhere_brings_its_media(small_course, tmp_path):
    target = tmp_path / "elsewhere" / "copy.yaml"
    target.parent.mkdir()
    with open_course(small_course) as session:
        session.edit(SetModuleTitle("choose-ladder", "Pick a ladder"))
        saved = session.save_as_job(target)()
        session.adopt(saved)
        assert session.state.location == target and not session.dirty
    assert read_course(target).module("choose-ladder").title == "Pick a ladder"
    assert (target.parent / "media" / "intro.mp4").read_bytes() == (small_course.parent / "media" / "intro.mp4").read_bytes()
    assert read_course(small_course).module("choose-ladder").title == "Choose the right ladder"   # original untouched
    with open_course(target) as again:
        assert not [p for p in again.state.report.problems if p.code == "media.missing"]


def test_save_where_no_folder_can_be_is_a_typed_error(small_course, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with open_course(small_course) as session:
        session.edit(SetModuleTitle("choose-ladder", "Pick a ladder"))
        with pytest.raises(StudioError, match="a-file"):
            session.save_as_job(blocker / "course.yaml")()
        session.save_failed()
        assert session.dirty
        with pytest.raises(StudioError, match="a-file"):
            session.save_as_job(blocker / "Copy.mstudio")()
        session.save_failed()
        assert session.dirty and session.state.location == small_course


@pytest.fixture
def project(small_project):
    return small_project


def _saved_course(folder):
    with open_course(folder) as session:
        return session.state.course


def test_a_project_autosaves_to_its_working_copy_and_save_publishes(project):
    session = open_course(project)
    try:
        session.edit(SetObjective("choose-ladder", NEW_OBJECTIVE))
        assert session.needs_autosave
        session.autosave_job()()
        assert not session.needs_autosave and session.autosave_job() is None and session.autosaved_at
        with session._project.sessions() as s:
            assert store.read_course(s).module("choose-ladder").objective == NEW_OBJECTIVE
        assert session.dirty
        session.save_job()()
        assert not session.dirty
    finally:
        session.close()
    assert _saved_course(project).module("choose-ladder").objective == NEW_OBJECTIVE


def test_closing_without_save_keeps_the_saved_project(project):
    with open_course(project) as session:
        session.edit(SetObjective("choose-ladder", NEW_OBJECTIVE))
        session.autosave_job()()
    assert _saved_course(project).module("choose-ladder").objective != NEW_OBJECTIVE


@pytest.mark.parametrize("start", ["project", "source"])
def test_save_as_a_new_project(start, project, small_course, tmp_path):
    target = tmp_path / "Copy.mstudio"
    with open_course(project if start == "project" else small_course) as session:
        session.edit(AddBlock("set-up-ladder", new_block("action_plan")))
        edited = session.state.course
        old = session.adopt(session.save_as_job(target)())
        if old is not None:
            old.close()
        assert session.state.kind == "project" and session.state.location == target and not session.dirty
        session.edit(SetModuleTitle("set-up-ladder", "Set it up"))       # edits go on in the new project
        session.save_job()()
    copy = _saved_course(target)
    assert copy.module("set-up-ladder").title == "Set it up" and copy.module("set-up-ladder").blocks == \
        edited.module("set-up-ladder").blocks
    with open_course(target) as session:
        assert not [p for p in session.state.report.problems if p.code.startswith("media.")]
    assert _saved_course(project).module("set-up-ladder").title == "Set up a ladder"


CRASH = textwrap.dedent("""
    import os, signal, sys
    from studio.editor.commands import SetObjective
    from studio.editor.session import open_course
    session = open_course(sys.argv[1])
    session.edit(SetObjective("choose-ladder", sys.argv[2]))
    session.autosave_job()()
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_session_is_recovered_up_to_its_last_autosave(project):
    done = subprocess.run([sys.executable, "-c", CRASH, str(project), NEW_OBJECTIVE], env=dict(os.environ))
    assert done.returncode == -9
    with open_course(project) as session:
        found = session.recoverable
        assert found is not None and found.course.module("choose-ladder").objective == NEW_OBJECTIVE
        assert session.state.course.module("choose-ladder").objective != NEW_OBJECTIVE
        session.recover()
        assert session.state.course.module("choose-ladder").objective == NEW_OBJECTIVE and session.dirty
        assert session.history.undo_label == "Recover unsaved changes"
        session.autosave_job()()
        session.discard_recoverable_job()()
        assert not found.path.exists()
    with open_course(project) as session:      # the crashed copy was used up: nothing offered again
        assert session.recoverable is None


def test_a_command_that_opens_a_crashed_project_leaves_its_autosave_to_recover(project, capsys):
    done = subprocess.run([sys.executable, "-c", CRASH, str(project), NEW_OBJECTIVE], env=dict(os.environ))
    assert done.returncode == -9
    for command in (["check", project], ["build", project, "--format", "html5", "--out", project.parent]):
        run(*command, capsys=capsys)            # a command of the CLI, between the crash and the app
    with open_course(project) as session:
        found = session.recoverable
        assert found is not None and found.course.module("choose-ladder").objective == NEW_OBJECTIVE
        session.discard_recoverable_job()()
    with open_course(project) as session:      # discarded: not offered again
        assert session.recoverable is None
    assert not (project / ".lock").exists()


def test_a_crashed_copy_with_nothing_new_is_not_offered(project):
    done = subprocess.run([sys.executable, "-c", CRASH.replace("session.autosave_job()()", ""), str(project), "x"],
                          env=dict(os.environ))
    assert done.returncode == -9
    with open_course(project) as session:
        assert session.recoverable is None
