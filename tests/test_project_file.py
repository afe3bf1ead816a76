"""The project file: create, open, save atomically, migrate older files, refuse what is not ours."""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from studio.project import schema as db
from studio.project import store
from studio.errors import ProjectError
from studio.project.file import DB_NAME, LOCK_NAME, ProjectFile, head_revision
from tests.unprivileged import studio_command

DATA = Path(__file__).parent / "data"


def _titled(folder: Path, title: str) -> None:
    with ProjectFile.open(folder) as project:
        with project.sessions.begin() as s:
            info = s.get(db.ProjectInfo, 1) or db.ProjectInfo(id=1, language="en", budget_profiles={})
            info.title = title
            s.add(info)
        project.save()


def _title_on_disk(folder: Path) -> str:
    with sqlite3.connect(folder / DB_NAME) as conn:
        return conn.execute("SELECT title FROM project").fetchone()[0]


def test_a_new_project_is_a_folder_with_a_database_and_a_media_store(tmp_path):
    folder = tmp_path / "Safety.mstudio"
    ProjectFile.create(folder).close()
    assert (folder / DB_NAME).is_file() and (folder / "media").is_dir()
    with sqlite3.connect(folder / DB_NAME) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert not (folder / LOCK_NAME).exists()


def test_edits_reach_the_file_only_when_saved(tmp_path):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    _titled(folder, "First")
    with ProjectFile.open(folder) as project:
        with project.sessions.begin() as s:
            s.get(db.ProjectInfo, 1).title = "Unsaved"
        assert _title_on_disk(folder) == "First"
        project.save()
        assert _title_on_disk(folder) == "Unsaved"


def test_working_copy_uses_wal_and_foreign_keys(tmp_path):
    with ProjectFile.create(tmp_path / "p.mstudio") as project, project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_failed_edit_leaves_nothing_behind(tmp_path):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    _titled(folder, "Kept")
    with ProjectFile.open(folder) as project:
        with pytest.raises(RuntimeError):
            with project.sessions.begin() as s:
                s.get(db.ProjectInfo, 1).title = "Half"
                s.add(db.Module(key="m", position=0, title="M", status="draft"))
                raise RuntimeError("crash in the middle of a command")
        with project.sessions() as s:
            assert s.get(db.ProjectInfo, 1).title == "Kept"
            assert s.scalars(select(db.Module)).all() == []


def test_killed_during_save_leaves_the_previous_file(tmp_path):
    """A process killed at any point of save leaves a valid project.db (old or new)."""
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    _titled(folder, "Before")
    script = f"""
import os, signal, sqlite3, sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
from studio.project import schema as db
from studio.project.file import ProjectFile
import studio.project.file as pf
project = ProjectFile.open({str(folder)!r})
with project.sessions.begin() as s:
    s.get(db.ProjectInfo, 1).title = "After"
real_replace = pf.os.replace
def die_before_rename(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)
pf.os.replace = die_before_rename
project.save()
"""
    result = subprocess.run([sys.executable, "-c", script], env={**os.environ})
    assert result.returncode == -9
    assert _title_on_disk(folder) == "Before"
    with sqlite3.connect(folder / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    _titled(folder, "Recovered")  # the stale lock of the killed process does not block the next open
    assert _title_on_disk(folder) == "Recovered"


def test_a_project_open_in_a_live_process_is_refused(tmp_path):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (folder / LOCK_NAME).write_text(f"{sleeper.pid}\n/elsewhere.db\n")
        with pytest.raises(ProjectError, match=f"open in another studio \\(process {sleeper.pid}\\)"):
            ProjectFile.open(folder)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_crash_leaves_a_working_copy_to_recover(tmp_path):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    leftover = tmp_path / "leftover.db"
    leftover.write_bytes(b"")
    (folder / LOCK_NAME).write_text(f"999999999\n{leftover}\n")
    with ProjectFile.open(folder) as project:
        assert project.crashed_working_copy == leftover


@pytest.mark.parametrize("make, message", [
    (lambda f: None, "no such project"),
    (lambda f: f.mkdir(), "no project.db inside"),
    (lambda f: (f.mkdir(), (f / DB_NAME).write_text("hello, I am text")), "not an SQLite database"),
    (lambda f: (f.mkdir(), sqlite3.connect(f / DB_NAME).execute("CREATE TABLE songs (title)")),
     "an SQLite database of something else"),
    (lambda f: (f.mkdir(), (f / DB_NAME).write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)), "damaged"),
])
def test_what_is_not_our_project_is_refused_clearly(tmp_path, make, message):
    folder = tmp_path / "x.mstudio"
    make(folder)
    with pytest.raises(ProjectError, match=message):
        ProjectFile.open(folder)


@pytest.mark.parametrize("damage, message", [
    ("DROP TABLE media", r"damaged \(table media is missing\)"),
    ("ALTER TABLE module DROP COLUMN objective", r"damaged \(table module lacks column objective\)"),
])
def test_a_project_missing_a_table_or_column_is_refused_as_damaged_before_any_command(tmp_path, damage, message):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    with closing(sqlite3.connect(folder / DB_NAME)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(damage)
        conn.commit()
    before = (folder / DB_NAME).read_bytes()
    with pytest.raises(ProjectError, match=message) as raised:
        ProjectFile.open(folder)
    assert "\n" not in str(raised.value)
    assert (folder / DB_NAME).read_bytes() == before and not (folder / LOCK_NAME).exists()
    done = subprocess.run([sys.executable, "-m", "studio", "check", str(folder)], capture_output=True, text=True)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "restore it from a backup" in done.stderr


def test_sqlite_reports_over_several_lines_become_one():
    from studio.project.file import _one_line
    report = "*** in database main ***\nOn tree page 5 cell 2: Rowid 42 out of order\nPage 7: never used"
    assert _one_line(report) == "in database main On tree page 5 cell 2: Rowid 42 out of order Page 7: never used"
    assert len(_one_line("x " * 500)) == 160


def test_a_file_from_a_newer_studio_is_refused_and_left_untouched(tmp_path):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    with sqlite3.connect(folder / DB_NAME) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = (folder / DB_NAME).read_bytes()
    with pytest.raises(ProjectError, match="newer version of the studio"):
        ProjectFile.open(folder)
    assert (folder / DB_NAME).read_bytes() == before


def test_a_project_made_by_schema_0001_opens_and_migrates(tmp_path):
    folder = tmp_path / "old.mstudio"
    folder.mkdir()
    shutil.copy(DATA / "project-0001.db", folder / DB_NAME)
    original = (folder / DB_NAME).read_bytes()
    with ProjectFile.open(folder) as project:
        with project.sessions() as s:
            course = store.read_course(s)
            assert s.scalars(select(db.Media)).one().fps is None  # the column 0002 added
        assert (folder / DB_NAME).read_bytes() == original     # untouched until saved
        project.save()
    assert course.title == "Forklift basics"
    module = course.modules[0]
    assert module.blocks[0].media == "media/walkaround.mp4" and module.blocks[0].out_s == 90.0
    assert module.comments[0].block == 0 and module.comments[0].text == "Show the tyre check."
    with sqlite3.connect(folder / DB_NAME) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()


def test_a_project_made_by_schema_0002_opens_migrates_and_keeps_question_concepts(tmp_path):
    folder = tmp_path / "old.mstudio"
    folder.mkdir()
    shutil.copy(DATA / "project-0002.db", folder / DB_NAME)
    with sqlite3.connect(folder / DB_NAME) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0002"
        assert "concepts" not in {row[1] for row in conn.execute("PRAGMA table_info(question)")}
    with ProjectFile.open(folder) as project:
        with project.sessions() as s:
            course = store.read_course(s)
        [question] = course.modules[0].blocks[1].questions
        assert question.prompt == "Which ladder reaches a 3 m shelf?" and question.concepts == ()
        assert [c.correct for c in question.choices] == [False, True]
        tagged = replace(question, concepts=("ladder-types",))
        quiz = replace(course.modules[0].blocks[1], questions=(tagged,))
        module = replace(course.modules[0], blocks=(course.modules[0].blocks[0], quiz))
        with project.sessions.begin() as s:
            store.write_course(s, replace(course, modules=(module,)),
                               {"media/ladder.png": s.scalars(select(db.Media)).one()})
        project.save()
    with sqlite3.connect(folder / DB_NAME) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision() == "0003"
    with ProjectFile.open(folder) as project, project.sessions() as s:
        assert store.read_course(s).modules[0].blocks[1].questions[0].concepts == ("ladder-types",)


def test_migrations_build_exactly_the_current_schema(tmp_path):
    folder = tmp_path / "old.mstudio"
    folder.mkdir()
    shutil.copy(DATA / "project-0001.db", folder / DB_NAME)
    ProjectFile.open(folder).close()
    with ProjectFile.open(folder) as project:
        engine = project.engine
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.Base.metadata)
    assert diff == []


def test_create_refuses_to_overwrite_and_cleans_up_after_itself(tmp_path):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    with pytest.raises(ProjectError, match="already exists"):
        ProjectFile.create(folder)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ProjectError, match="cannot create the project folder"):
        ProjectFile.create(blocker / "inside.mstudio")


def test_a_read_only_folder_gives_a_message_and_stays_as_it_was(small_course_template, tmp_path_factory):
    """As root the studio runs as 'nobody' (root ignores permissions), from a mirror that 'nobody'
    can read whatever folder holds this checkout (tests/unprivileged.py)."""
    world = Path(tempfile.mkdtemp(prefix="studio-ro-"))
    try:
        world.chmod(0o755)
        studio = studio_command(world)
        shutil.copytree(small_course_template, world / "course")
        for path in [world / "course", world / "course" / "media"]:
            path.chmod(0o755)
        (world / "data").mkdir(mode=0o777)
        (world / "data").chmod(0o777)
        project = world / "p.mstudio"
        ProjectFile.create(project).close()
        for path in [project, project / "media", world]:
            path.chmod(0o555)
        before = (project / DB_NAME).read_bytes()
        env = {**os.environ, "STUDIO_DATA_DIR": str(world / "data")}
        into_existing = subprocess.run([*studio, "import", str(world / "course" / "course.yaml"), str(project)],
                                       capture_output=True, text=True, env=env)
        assert into_existing.returncode == 2, into_existing.stderr
        assert "Traceback" not in into_existing.stderr
        assert "cannot write in the project folder: Permission denied" in into_existing.stderr
        assert (project / DB_NAME).read_bytes() == before
        into_new = subprocess.run([*studio, "new", str(world / "new.mstudio"), "--title", "T"],
                                  capture_output=True, text=True, env=env)
        assert into_new.returncode == 2 and "cannot create the project folder" in into_new.stderr
        assert not (world / "new.mstudio").exists()
    finally:
        for path in [world, world / "p.mstudio", world / "p.mstudio" / "media"]:
            if path.exists():
                path.chmod(0o755)
        shutil.rmtree(world, ignore_errors=True)


def test_save_into_an_unwritable_place_keeps_the_original(tmp_path):
    """Saving fails (the target's temp file cannot be made): a clear error, the file unchanged."""
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    _titled(folder, "Original")
    (folder / f"{DB_NAME}.tmp").mkdir()  # something in the way of the temp file
    with ProjectFile.open(folder) as project:
        with project.sessions.begin() as s:
            s.get(db.ProjectInfo, 1).title = "Changed"
        with pytest.raises(ProjectError, match="cannot save the project"):
            project.save()
    assert _title_on_disk(folder) == "Original"


def test_opening_a_project_twice_in_one_studio_is_refused_and_keeps_the_lock(tmp_path):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    with ProjectFile.open(folder):
        with pytest.raises(ProjectError, match="already open in this studio"):
            ProjectFile.open(folder)
        assert (folder / LOCK_NAME).exists()
    assert not (folder / LOCK_NAME).exists()


def test_an_unusable_working_copy_folder_is_a_clear_error(tmp_path, monkeypatch):
    folder = tmp_path / "p.mstudio"
    ProjectFile.create(folder).close()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("STUDIO_DATA_DIR", str(blocker))
    with pytest.raises(ProjectError, match="cannot make a working copy"):
        ProjectFile.open(folder)
