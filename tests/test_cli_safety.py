"""The data-safety rules at the command line: originals are never written, nothing is
overwritten silently, no half output, and every user-caused failure is exit 2 with one line."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from studio.project.file import DB_NAME, LOCK_NAME, ProjectFile, data_dir
from tests.world import leftovers, snapshot
from tests.cli import run

DATA = Path(__file__).parent / "data"


def one_error_line(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line]
    assert len(lines) == 1, err
    assert lines[0].startswith("studio: error: ")
    return lines[0]


# -- trim: outputs against inputs ----------------------------------------------------------

@pytest.fixture
def clip(small_course) -> tuple[Path, Path]:
    media = small_course.parent / "media"
    return media / "intro.mp4", media / "intro.vtt"


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_trim_never_writes_onto_the_original_captions(clip, tmp_path, capsys, link):
    video, captions = clip
    target = {"same": captions, "symlink": tmp_path / "link.vtt", "hardlink": tmp_path / "hard.vtt"}[link]
    if link == "symlink":
        target.symlink_to(captions)
    elif link == "hardlink":
        os.link(captions, target)
    original = captions.read_bytes()
    code, _, err = run("media", "trim", video, "--out", tmp_path / "cut.mp4", "--start", "1",
                       "--captions", captions, "--captions-out", target, capsys=capsys)
    assert code == 2
    line = one_error_line(err)
    assert str(target) in line and str(captions) in line and "original" in line
    assert captions.read_bytes() == original and not (tmp_path / "cut.mp4").exists()


def test_trim_refuses_two_outputs_that_are_one_file(clip, tmp_path, capsys):
    video, captions = clip
    code, _, err = run("media", "trim", video, "--out", tmp_path / "cut.mp4", "--start", "1",
                       "--captions", captions, "--captions-out", tmp_path / "cut.mp4", capsys=capsys)
    assert code == 2 and "two outputs are the same file" in one_error_line(err)


@pytest.mark.parametrize("which", ["--out", "--captions-out"])
def test_an_output_that_is_a_folder_is_bad_input_and_nothing_is_written(clip, tmp_path, capsys, which):
    video, captions = clip
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    folder = tmp_path / "a-folder.mp4" if which == "--out" else tmp_path / "a-folder.vtt"
    folder.mkdir()
    out = folder if which == "--out" else tmp_path / "cut.mp4"
    captions_out = folder if which == "--captions-out" else tmp_path / "cut.vtt"
    code, _, err = run("media", "trim", video, "--out", out, "--start", "1",
                       "--captions", captions, "--captions-out", captions_out, capsys=capsys)
    assert code == 2 and "is a folder" in one_error_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]


def test_an_output_in_a_place_nobody_may_write_is_bad_input(clip, capsys):
    video, _ = clip
    code, _, err = run("media", "trim", video, "--out", "/proc/studio-cut.mp4", "--start", "1", capsys=capsys)
    assert code == 2 and "/proc" in one_error_line(err)


# -- export-source ----------------------------------------------------------------------------

@pytest.fixture
def project(small_course, tmp_path, capsys) -> Path:
    folder = tmp_path / "p.mstudio"
    assert run("import", small_course, folder, capsys=capsys)[0] == 0
    return folder


def test_export_source_refuses_a_folder_that_is_not_empty(project, small_course, capsys):
    source = small_course.parent
    before = snapshot(source)
    code, _, err = run("export-source", project, small_course, capsys=capsys)
    line = one_error_line(err)
    assert code == 2 and "not empty" in line and "course.yaml" in line and "--force" in line
    assert snapshot(source) == before


def test_export_source_with_force_replaces_the_whole_folder(project, tmp_path, capsys):
    target = tmp_path / "export"
    target.mkdir()
    (target / "old-notes.txt").write_text("from an earlier export")
    code, out, _ = run("export-source", project, target / "course.yaml", "--force", capsys=capsys)
    assert code == 0 and "4 media file(s)" in out
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()) == [
        "course.yaml", "media/intro.mp4", "media/intro.vtt", "media/ladder.png", "media/tip.mp3"]
    assert leftovers(tmp_path) == []


def test_export_source_refuses_to_replace_a_folder_holding_the_project(project, tmp_path, capsys):
    code, _, err = run("export-source", project, tmp_path / "course.yaml", "--force", capsys=capsys)
    assert code == 2 and "project is inside this folder" in one_error_line(err)
    assert (project / DB_NAME).is_file()


def test_export_source_with_a_blob_missing_writes_nothing(project, tmp_path, capsys):
    next((project / "media").glob("*.mp3")).unlink()
    code, _, err = run("export-source", project, tmp_path / "export" / "course.yaml", capsys=capsys)
    assert code == 2 and "media/tip.mp3" in one_error_line(err)
    assert not (tmp_path / "export").exists() and leftovers(tmp_path) == []


def test_export_source_with_a_corrupt_blob_writes_nothing(project, tmp_path, capsys):
    blob = next((project / "media").glob("*.png"))
    blob.write_bytes(blob.read_bytes()[:-1] + b"\x00")
    code, _, err = run("export-source", project, tmp_path / "export" / "course.yaml", capsys=capsys)
    assert code == 2 and "media/ladder.png" in one_error_line(err)
    assert not (tmp_path / "export").exists()


# -- damaged or odd projects: exit 2, one line ----------------------------------------------

def test_a_lock_that_is_a_folder_is_bad_input(project, capsys):
    (project / LOCK_NAME).mkdir()
    code, _, err = run("check", project, capsys=capsys)
    assert code == 2 and LOCK_NAME in one_error_line(err)


def test_a_migration_that_fails_is_one_line_and_leaves_the_file(tmp_path, capsys):
    folder = tmp_path / "old.mstudio"
    (folder / "media").mkdir(parents=True)
    shutil.copy(DATA / "project-0001.db", folder / DB_NAME)
    with sqlite3.connect(folder / DB_NAME) as conn:  # a hand edit: the column 0002 adds is already there
        conn.execute("ALTER TABLE media ADD COLUMN fps FLOAT")
    before = (folder / DB_NAME).read_bytes()
    code, _, err = run("check", folder, capsys=capsys)
    line = one_error_line(err)
    assert code == 2 and "cannot upgrade the project from schema" in line and "fps" in line
    assert (folder / DB_NAME).read_bytes() == before and not (folder / LOCK_NAME).exists()


def test_a_damaged_database_is_bad_input(project, capsys):
    db = project / DB_NAME
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 2: page * 2 + 200] = b"\xff" * 200  # scribble over a b-tree page
    db.write_bytes(bytes(data))
    code, _, err = run("check", project, capsys=capsys)
    assert code == 2 and "project" in one_error_line(err)


def test_a_new_project_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious")
    code, _, err = run("new", folder, "--title", "T", capsys=capsys)
    assert code == 2 and "not empty" in one_error_line(err)
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.docx"]


# -- working copies ---------------------------------------------------------------------------

def test_working_copies_of_killed_studios_are_cleared_but_the_crash_copy_is_kept(project, small_course):
    """A studio killed outright (SIGKILL: no cleanup possible) leaves its working copy; the next
    open keeps the one its lock names (for recovery) and removes older orphans of the project."""
    env = {**os.environ}
    sessions = []
    for _ in range(2):
        proc = subprocess.Popen([sys.executable, "-c", (
            "import sys, time\n"
            "from studio.project.file import ProjectFile\n"
            f"p = ProjectFile.open({str(project)!r})\n"
            "print(p.working_db, flush=True)\n"
            "time.sleep(60)\n")], env=env, stdout=subprocess.PIPE, text=True)
        working = Path(proc.stdout.readline().strip())
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sessions.append(working)
        if len(sessions) == 1:
            (project / LOCK_NAME).unlink()  # as if recovered from: only the copy stays behind
    assert not sessions[0].exists()  # the second open already cleared the first orphan
    assert sessions[1].exists()
    with ProjectFile.open(project) as reopened:
        assert reopened.crashed_working_copy == sessions[1]
        assert not sessions[0].exists() and sessions[1].exists()
    mine = [p for p in data_dir().glob(f"{project.stem}-*.db")]
    assert mine == [sessions[1]]


def test_the_command_line_starts_without_the_heavy_parts():
    """`studio check course.yaml` and `studio --help` must not pay for SQLAlchemy, Alembic,
    the exporters or Qt: they are imported by the commands that use them."""
    probe = ("import sys, studio.cli.app\n"
             "print(sorted(m for m in ('sqlalchemy', 'alembic', 'studio.export.build', 'PySide6', 'av')"
             " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_build_command_names_every_format_the_exporters_know():
    from studio.cli.build import CONTRACT_FORMATS
    from studio.export.formats import ALL_NAMES
    assert set(CONTRACT_FORMATS) == set(ALL_NAMES)
