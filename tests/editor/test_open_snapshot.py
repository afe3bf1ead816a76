"""Opening an unchanged project again: the course and its check from the open snapshot, and
every way the snapshot must be refused."""
from __future__ import annotations

import pytest

from studio.editor import open_snapshot
from studio.editor.commands import SetObjective
from studio.editor.session import open_course
from studio.project import store
from studio.rules import check as check_module


@pytest.fixture
def project(small_project):
    return small_project


@pytest.fixture
def counted(monkeypatch):
    """How many times the rows were read and the course was checked."""
    calls = {"read": 0, "check": 0}
    real_read, real_check = store.read_course, check_module.check_course

    def read(s):
        calls["read"] += 1
        return real_read(s)

    def check(*args, **kwargs):
        calls["check"] += 1
        return real_check(*args, **kwargs)

    monkeypatch.setattr(store, "read_course", read)
    monkeypatch.setattr(check_module, "check_course", check)
    return calls


def _open(folder):
    with open_course(folder) as session:
        return session.state


def test_an_unchanged_project_opens_from_its_snapshot(project, counted):
    first = _open(project)
    assert counted == {"read": 1, "check": 1}
    again = _open(project)
    assert counted == {"read": 1, "check": 1}          # neither read nor checked again
    assert again.course == first.course and again.report == first.report
    assert dict(again.facts) == dict(first.facts)


def test_a_saved_edit_is_what_the_next_open_shows_from_the_snapshot_the_save_left(project, counted):
    _open(project)
    with open_course(project) as session:
        session.edit(SetObjective("choose-ladder", "Choose a ladder for a 3 m shelf"))
        session.save_job()()
    state = _open(project)
    assert state.course.module("choose-ladder").objective == "Choose a ladder for a 3 m shelf"
    assert counted == {"read": 1, "check": 1}     # the first open only: the save left the saved course's snapshot
    assert state.report == check_module.check_course(state.course, state.facts)


def test_a_damaged_blob_is_checked_again(project, counted):
    before = _open(project)
    assert not [p for p in before.report.problems if p.code == "media.corrupt"]
    blob = next(p for p in (project / "media").iterdir() if p.suffix == ".mp4")
    with open(blob, "ab") as out:
        out.write(b"tampered")
    after = _open(project)
    assert counted == {"read": 1, "check": 2}          # the course from the snapshot, the check made again
    assert [p for p in after.report.problems if p.code == "media.corrupt"]


def test_a_snapshot_of_other_code_or_damaged_is_not_used(project, counted, monkeypatch):
    _open(project)
    key = open_snapshot.key_for(project / "project.db")
    key.file.write_bytes(key.file.read_bytes()[:100])   # truncated
    assert _open(project).course.module("choose-ladder") is not None
    assert counted["read"] == 2
    open_snapshot.code_fingerprint.cache_clear()
    monkeypatch.setattr(open_snapshot, "SNAPSHOT_FORMAT", open_snapshot.SNAPSHOT_FORMAT + 1)
    try:
        _open(project)
    finally:
        open_snapshot.code_fingerprint.cache_clear()
    assert counted["read"] == 3


def test_a_copy_of_the_project_elsewhere_has_its_own_snapshot(project, counted, tmp_path):
    import shutil
    _open(project)
    copy = tmp_path / "Copy.mstudio"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("*.lock"))
    _open(copy)
    assert counted["read"] == 2


def test_the_packaged_app_keys_snapshots_by_its_executable(tmp_path, monkeypatch):
    app = tmp_path / "studio-app"
    app.write_bytes(b"one build")
    monkeypatch.setattr(open_snapshot.sys, "frozen", True, raising=False)
    monkeypatch.setattr(open_snapshot.sys, "executable", str(app))
    monkeypatch.setattr(open_snapshot, "_ROOT", tmp_path / "no-sources")   # PyInstaller ships bytecode only
    open_snapshot.code_fingerprint.cache_clear()
    try:
        first = open_snapshot.code_fingerprint()
        app.write_bytes(b"the next build")
        open_snapshot.code_fingerprint.cache_clear()
        assert open_snapshot.code_fingerprint() != first
    finally:
        open_snapshot.code_fingerprint.cache_clear()


def test_only_the_most_recently_opened_projects_keep_their_snapshots(project, counted, tmp_path, monkeypatch):
    import os
    import shutil
    monkeypatch.setattr(open_snapshot, "KEEP", 2)
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))   # none of the other tests' snapshots
    copies = []
    for n in range(3):
        copy = tmp_path / f"Copy{n}.mstudio"
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns("*.lock"))
        copies.append(copy)
    folder = open_snapshot.key_for(copies[0] / "project.db").file.parent
    for age, copy in zip((300, 200), copies[:2]):         # opened 5 and 3 minutes ago
        _open(copy)
        snapshot = open_snapshot.key_for(copy / "project.db").file
        os.utime(snapshot, (snapshot.stat().st_atime - age, snapshot.stat().st_mtime - age))
    _open(copies[0])                                      # a hit: its file marked used just now
    _open(copies[2])                                      # a third project: one must go
    kept = {p.name for p in folder.glob("*.pickle")}
    assert kept == {open_snapshot.key_for(copies[i] / "project.db").file.name for i in (0, 2)}
    assert counted["read"] == 3                           # copies 0, 1 and 2 read once; the hit read nothing


def test_a_save_while_a_re_check_waits_leaves_no_snapshot(project, counted):
    with open_course(project) as session:
        session.edit(SetObjective("choose-ladder", "Understand ladders"), recheck=False)   # typing, not re-checked
        session.save_job()()
    _open(project)
    assert counted["read"] == 2                             # read again, and checked again
