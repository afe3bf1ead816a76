"""The project on disk: ``Name.mstudio/`` holding ``project.db`` and ``media/``.

Opening copies ``project.db`` into a private working copy (SQLite backup API) and migrates
the copy; edits commit to the working copy; :meth:`ProjectFile.save` writes it back
atomically (backup to ``project.db.tmp``, ``quick_check``, fsync, ``os.replace``). A killed
process leaves the old file or the new one, never half of one.
"""
from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from studio.errors import ProjectError
from studio.jobs import interrupts
from studio.project.paths import DB_NAME, LOCK_NAME, MEDIA_DIR, SUFFIX, data_dir, resolve_folder  # noqa: F401 - re-exported
from studio.project.schema import Base

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_OPEN_HERE: set[Path] = set()  # project folders this process holds open


def _alembic_config(connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(_alembic_config(None)).walk_revisions()}


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # The pysqlite driver's own transaction handling breaks SAVEPOINT and transactional
        # DDL; take it over (SQLAlchemy's SQLite docs, "Serializable isolation / Savepoints").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ProjectFile:
    """An open project: a migrated working copy plus the folder it is saved to."""

    def __init__(self, folder: Path, working_db: Path) -> None:
        self.folder = folder
        self.working_db = working_db
        self.engine = make_engine(working_db)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        self.crashed_working_copy: Path | None = None
        self._crash_record: str | None = None    # the dead session's lock, put back at close if its copy is left
        self._locked = False
        self._publish_to: Path | None = None  # set while a new project is still hidden

    @property
    def db_path(self) -> Path:
        return self.folder / DB_NAME

    @property
    def media_dir(self) -> Path:
        return self.folder / MEDIA_DIR

    # -- create / open ---------------------------------------------------------------
    @classmethod
    def create(cls, folder: str | Path, *, publish: bool = True) -> "ProjectFile":
        """A new, empty project (schema at head), built in a hidden folder beside ``folder``.

        The project appears at ``folder`` only when complete (:meth:`publish`, one rename).
        With ``publish=False`` the caller fills it first (an import) and publishes it, or
        closes it and nothing was ever there.
        """
        folder = resolve_folder(folder)
        _check_new_folder(folder)
        staging = _staging_folder(folder)
        project = None
        try:
            (staging / MEDIA_DIR).mkdir()
            project = cls(staging, cls._new_working_path(folder))
            project._publish_to = folder
            Base.metadata.create_all(project.engine)
            with project.engine.begin() as connection:
                command.stamp(_alembic_config(connection), "head")
            project.save()
            if publish:
                project.publish()
            return project
        except BaseException:
            if project is not None:
                project.close()
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def publish(self) -> None:
        """Move a new project from its hidden folder into place, in one rename, and lock it."""
        target = self._publish_to
        if target is None:
            return
        with interrupts.shielded():
            _check_new_folder(target)
            try:
                os.replace(self.folder, target)  # onto an empty folder too
            except OSError as exc:
                raise ProjectError(f"cannot create the project: {exc.strerror or exc}", file=str(target)) from None
            self.folder, self._publish_to = target, None
            _fsync_dir(target.parent)
        self._take_lock()

    @classmethod
    def open(cls, folder: str | Path) -> "ProjectFile":
        folder = resolve_folder(folder)
        db = folder / DB_NAME
        revision = _check_project_file(folder, db)
        project = cls(folder, cls._new_working_path(folder))
        try:
            project._copy_in(db)
            project._migrate(revision)
            project._check_tables()
            project._take_lock()
        except BaseException:
            project.close()  # releases the lock only if this process took it
            raise
        return project

    @staticmethod
    def _new_working_path(folder: Path) -> Path:
        target = data_dir()
        try:
            target.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"{_working_prefix(folder)}{os.getpid()}-", suffix=".db", dir=target)
        except OSError as exc:
            raise ProjectError(f"cannot make a working copy: {exc.strerror or exc}", file=str(target)) from None
        os.close(fd)
        os.unlink(name)
        return Path(name)

    def _copy_in(self, db: Path) -> None:
        try:
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as src, \
                    closing(sqlite3.connect(self.working_db)) as dst:
                src.backup(dst)
                status = dst.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.Error as exc:
            raise ProjectError(f"the project file cannot be read ({exc})", file=str(db)) from None
        if status != "ok":
            raise ProjectError(f"the project file is damaged ({_one_line(status)}); restore it from a backup",
                               file=str(db))

    def _check_tables(self) -> None:
        """Every table and column this schema revision has is there (a table dropped by hand
        or by a tool would otherwise surface as an SQL error in the middle of a command)."""
        try:
            with closing(sqlite3.connect(self.working_db)) as conn:
                for table in Base.metadata.sorted_tables:
                    present = {row[1] for row in conn.execute(f'PRAGMA table_info("{table.name}")')}
                    missing = [c.name for c in table.columns if c.name not in present]
                    if missing:
                        what = f"table {table.name} is missing" if not present else \
                            f"table {table.name} lacks column {', '.join(missing)}"
                        raise ProjectError(f"the project file is damaged ({what}); restore it from a backup",
                                           file=str(self.db_path))
        except sqlite3.Error as exc:
            raise ProjectError(f"the project file cannot be read ({_one_line(str(exc))})", file=str(self.db_path)) \
                from None

    def _migrate(self, revision: str) -> None:
        if revision == head_revision():
            return
        try:
            with self.engine.begin() as connection:
                command.upgrade(_alembic_config(connection), "head")
        except Exception as exc:  # the working copy is discarded; the project file was never touched
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ProjectError(f"cannot upgrade the project from schema {revision}: {first}",
                               file=str(self.db_path)) from None

    # -- lock ------------------------------------------------------------------------
    def _take_lock(self) -> None:
        """Create ``.lock`` exclusively; a lock whose process is gone is a crash to recover from.

        Shielded: a signal must not fall between creating the lock and recording that we hold it."""
        with interrupts.shielded():
            self._take_lock_now()

    def _take_lock_now(self) -> None:
        key = self.folder.resolve()
        if key in _OPEN_HERE:
            raise ProjectError("the project is already open in this studio", file=str(self.folder))
        lock = self.folder / LOCK_NAME
        for _attempt in range(3):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                self._clear_stale_lock(lock)
                continue
            except OSError as exc:
                raise ProjectError(f"cannot write in the project folder: {exc.strerror}",
                                   file=str(self.folder)) from None
            with os.fdopen(fd, "w") as handle:
                handle.write(f"{os.getpid()}\n{self.working_db}\n")
            _OPEN_HERE.add(key)
            self._locked = True
            self._remove_orphan_working_copies()
            return
        raise ProjectError("another studio is opening the project at the same time", file=str(self.folder))

    def _clear_stale_lock(self, lock: Path) -> None:
        try:
            pid, _, previous = lock.read_text(errors="replace").partition("\n")
        except FileNotFoundError:
            return  # released meanwhile
        except OSError as exc:  # a folder, or unreadable: not ours to delete
            raise ProjectError(f"the project's lock file {LOCK_NAME} cannot be read ({exc.strerror}); remove it "
                               "if no studio has the project open", file=str(self.folder)) from None
        if pid.strip().isdigit() and int(pid) != os.getpid() and _pid_alive(int(pid)):
            raise ProjectError(f"the project is open in another studio (process {pid.strip()})", file=str(self.folder))
        if previous.strip() and Path(previous.strip()).exists():
            self.crashed_working_copy = Path(previous.strip())
            self._crash_record = f"{pid}\n{previous}"
        try:
            lock.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise ProjectError(f"cannot write in the project folder: {exc.strerror}", file=str(self.folder)) from None

    def _remove_orphan_working_copies(self) -> None:
        """Working copies of this project left by studios that are gone (killed), except the
        one a crashed session's lock points to, which is kept for recovery."""
        prefix = _working_prefix(self.folder)
        for path in data_dir().glob(f"{glob.escape(prefix)}*-*.db"):
            pid = path.name[len(prefix):].split("-", 1)[0]
            if path == self.working_db or path == self.crashed_working_copy or not pid.isdigit():
                continue
            if int(pid) != os.getpid() and not _pid_alive(int(pid)):
                remove_database_files(path)

    # -- save / close ----------------------------------------------------------------
    def save(self) -> None:
        """Write the working copy to ``project.db`` atomically (a signal waits until it is done)."""
        with interrupts.shielded():
            self._save()

    def _save(self) -> None:
        tmp = self.folder / f"{DB_NAME}.tmp"
        try:
            if tmp.is_file():  # left by a save that was killed: its content is not trusted
                tmp.unlink()
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            with closing(sqlite3.connect(self.working_db)) as src, closing(sqlite3.connect(tmp)) as dst:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                status = dst.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise ProjectError(f"the saved copy failed its integrity check ({status})", file=str(self.db_path))
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, self.db_path)
            _fsync_dir(self.folder)
        except OSError as exc:
            raise ProjectError(f"cannot save the project: {exc.strerror or exc}", file=str(self.folder)) from None
        except sqlite3.Error as exc:
            raise ProjectError(f"cannot save the project: {exc}", file=str(self.folder)) from None
        finally:
            if tmp.is_file():
                tmp.unlink()

    def close(self) -> None:
        """Drop the working copy and the lock; a new project never published is removed."""
        with interrupts.shielded():
            self.engine.dispose()
            remove_database_files(self.working_db)
            if self._publish_to is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self._publish_to = None
            if self._locked:
                _OPEN_HERE.discard(self.folder.resolve())
                self._locked = False
                (self.folder / LOCK_NAME).unlink(missing_ok=True)
                self._keep_crash_record()

    def _keep_crash_record(self) -> None:
        """A command that opened the project after a crash (``studio check``, ``review import``…)
        did not recover the dead session's autosave: the stale lock goes back, so the desktop
        app still finds and offers that autosave next time (without it, the copy would be
        removed as an orphan). Once recovered or discarded, the copy is gone and so is this."""
        crashed = self.crashed_working_copy
        if self._crash_record is None or crashed is None or not crashed.exists():
            return
        try:
            fd = os.open(self.folder / LOCK_NAME, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except OSError:     # another studio has opened it meanwhile: its own open saw the crash
            return
        with os.fdopen(fd, "w") as handle:
            handle.write(self._crash_record)

    def __enter__(self) -> "ProjectFile":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def remove_database_files(path: Path) -> None:
    """An SQLite file and its companions. "-journal" too: a process stopped during a
    rollback-journal transaction can leave one beside a working copy (seen in CI: a SIGTERM
    during `studio new`)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _working_prefix(folder: Path) -> str:
    tag = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return f"{folder.stem}-{tag}-"


def _check_new_folder(folder: Path) -> None:
    """A new project may go where nothing is, or into an empty folder."""
    if (folder / DB_NAME).exists():
        raise ProjectError("a project already exists here", file=str(folder))
    if folder.exists() and not folder.is_dir():
        raise ProjectError("exists and is not a folder", file=str(folder))
    if folder.is_dir() and any(folder.iterdir()):
        raise ProjectError("the folder is not empty; choose a new or empty folder for the project", file=str(folder))


def _staging_folder(folder: Path) -> Path:
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=folder.parent))
    except OSError as exc:
        raise ProjectError(f"cannot create the project folder: {exc.strerror or exc}", file=str(folder)) from None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open folders; the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _one_line(text: str, limit: int = 160) -> str:
    """SQLite's reports (quick_check's above all) span lines: one line for the one-line error."""
    line = " ".join(text.replace("*", " ").split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def _check_project_file(folder: Path, db: Path) -> str:
    """The schema revision of ``db``, after checking it is a project this build can open."""
    if not folder.exists():
        raise ProjectError("no such project", file=str(folder))
    if not db.is_file():
        raise ProjectError(f"not a Micro-module Studio project (no {DB_NAME} inside)", file=str(folder))
    try:
        with open(db, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise ProjectError(f"cannot read the project file: {exc.strerror}", file=str(db)) from None
    if header != SQLITE_HEADER:
        raise ProjectError("not a Micro-module Studio project file (not an SQLite database)", file=str(db))
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "project"} <= tables:
                raise ProjectError("not a Micro-module Studio project file (an SQLite database of something else)",
                                   file=str(db))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"the project file is damaged ({_one_line(str(exc))})", file=str(db)) from None
    if row is None:
        raise ProjectError("the project file has no schema version", file=str(db))
    if row[0] not in known_revisions():
        raise ProjectError(f"made by a newer version of the studio (schema {row[0]}); update the studio to open it",
                           file=str(db))
    return row[0]
