"""The write rules every command shares (studio/outputs.py) and where signals may stop us (studio/jobs.py)."""
from __future__ import annotations

import os

import pytest

from studio.errors import OutputError
from studio.jobs import Cancelled, CancelToken, Interrupts
from studio.outputs import atomic_file, atomic_folder, refuse_clashes, same_file, write_text_atomic
from tests.world import leftovers


def test_same_file_sees_through_symlinks_and_hard_links(tmp_path):
    original = tmp_path / "talk.vtt"
    original.write_text("WEBVTT\n")
    (tmp_path / "link.vtt").symlink_to(original)
    os.link(original, tmp_path / "hard.vtt")
    (tmp_path / "sub").mkdir()
    assert same_file(original, tmp_path / "link.vtt")
    assert same_file(original, tmp_path / "hard.vtt")
    assert same_file(original, tmp_path / "sub" / ".." / "talk.vtt")
    assert not same_file(original, tmp_path / "other.vtt")


def test_an_output_onto_an_input_is_refused_naming_both(tmp_path):
    original = tmp_path / "talk.vtt"
    original.write_text("WEBVTT\n")
    os.link(original, tmp_path / "hard.vtt")
    with pytest.raises(OutputError, match=r"hard\.vtt would overwrite the original .*talk\.vtt"):
        refuse_clashes([tmp_path / "clip.mp4", original], [tmp_path / "cut.mp4", tmp_path / "hard.vtt"])
    with pytest.raises(OutputError, match="two outputs are the same file"):
        refuse_clashes([original], [tmp_path / "a.mp4", tmp_path / "a.mp4"])
    refuse_clashes([original, None], [tmp_path / "new.vtt", None])  # absent options are ignored


def test_atomic_file_leaves_the_old_file_when_the_work_fails(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("ffmpeg died")
    assert target.read_text() == "old" and leftovers(tmp_path) == []


@pytest.mark.parametrize("where, words", [("folder", "is a folder"), ("missing/out.txt", "does not exist")])
def test_atomic_file_refuses_impossible_targets_before_any_work(tmp_path, where, words):
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match=words):
        with atomic_file(tmp_path / where):
            pytest.fail("the work must not start")


def test_atomic_file_gives_ordinary_permissions(tmp_path):
    write_text_atomic(tmp_path / "course.yaml", "x: 1\n")
    mode = (tmp_path / "course.yaml").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_atomic_folder_refuses_a_non_empty_folder_unless_forced(tmp_path):
    target = tmp_path / "export"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match=r"not empty \(notes\.txt\).*--force"):
        with atomic_folder(target):
            pytest.fail("the work must not start")
    with atomic_folder(target, force=True) as work:
        (work / "course.yaml").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["course.yaml"] and leftovers(tmp_path) == []


def test_atomic_folder_keeps_the_old_export_when_the_new_one_fails(tmp_path):
    target = tmp_path / "export"
    target.mkdir()
    (target / "course.yaml").write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_folder(target, force=True) as work:
        (work / "course.yaml").write_text("half")
        raise KeyboardInterrupt
    assert (target / "course.yaml").read_text() == "old" and leftovers(tmp_path) == []


def test_a_signal_in_a_shielded_block_is_raised_when_the_block_ends():
    interrupts = Interrupts()
    finished = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts.shielded():
            interrupts.handle()
            finished.append("commit")
    assert finished == ["commit"]


def test_a_signal_during_a_job_only_cancels_its_token():
    interrupts = Interrupts()
    token = CancelToken()
    with interrupts.cancelling(token):
        interrupts.handle()
        assert token.is_cancelled
        with interrupts.shielded():
            pass  # no KeyboardInterrupt: the job stops through its token
    with interrupts.shielded():
        pass  # delivered: nothing raised later either
    with pytest.raises(KeyboardInterrupt):
        interrupts.handle()


def test_a_job_that_finished_despite_a_signal_is_marked_too_late_and_a_stopped_one_is_not():
    interrupts = Interrupts()
    with interrupts.cancelling(CancelToken()):
        interrupts.handle()               # past its commit point: the job carries on and ends
    assert interrupts.too_late
    interrupts.too_late = False
    with pytest.raises(Cancelled):
        with interrupts.cancelling(CancelToken()) as token:
            interrupts.handle()
            token.raise_if_cancelled()    # stopped: nothing it made is left, nothing "too late"
    assert not interrupts.too_late


def test_the_command_line_exits_130_when_a_signal_came_after_the_commit_point(monkeypatch, capsys):
    from studio import cli
    from studio.cli import app

    def finishes_despite_a_signal(argv):
        with cli.interrupts.cancelling(CancelToken()):
            cli.interrupts.handle()
        print("imported 2 module(s)")
        return 0
    monkeypatch.setattr(app, "run", finishes_despite_a_signal)
    assert cli.main(["import", "x", "y"]) == cli.EXIT_CANCELLED
    out, err = capsys.readouterr()
    assert out == "imported 2 module(s)\n"
    assert err == "studio: cancelled too late to stop: the command had finished and its output is complete\n"
    monkeypatch.setattr(app, "run", lambda argv: 0)
    assert cli.main(["check", "x"]) == 0           # the next command starts afresh


def test_a_signal_swallowed_by_a_weakref_callback_stays_pending_without_a_traceback(capfd, monkeypatch):
    # Python cannot raise out of a weakref callback (as during an import's module lock); the
    # interrupt must not be lost to a printed "Exception ignored" traceback.
    import sys
    import weakref

    interrupts = Interrupts()
    monkeypatch.setattr(sys, "unraisablehook", interrupts.unraisable)

    class Thing:
        pass

    thing = Thing()
    ref = weakref.ref(thing, lambda _: interrupts.handle())
    del thing
    assert ref() is None
    assert capfd.readouterr().err == ""
    assert interrupts.pending
    with pytest.raises(KeyboardInterrupt):
        with interrupts.shielded():
            pass
