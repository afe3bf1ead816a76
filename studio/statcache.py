"""Values computed from a file's bytes (a hash, probed facts), remembered while the file is unchanged.

The key is the file's real path and its stat identity (size, mtime_ns, ctime_ns, inode): any
write to the file — even one that puts the old size and mtime back — changes its ctime, so
the value is computed again. Kept in a small SQLite file outside any project.

Best effort: a cache that cannot be opened or written (read-only folder, a broken file) is
simply not used, and the value is computed instead. It never raises for its own sake.
"""
from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path
from typing import Callable

_TABLE = re.compile(r"[a-z][a-z0-9_]*")


class StatCache:
    def __init__(self, path: Path, table: str) -> None:
        if not _TABLE.fullmatch(table):
            raise ValueError(f"bad table name {table!r}")
        self.path = Path(path)
        self.table = table
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and not self._broken:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
                db.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (path TEXT PRIMARY KEY, size INTEGER, "
                           "mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER, value TEXT)")
                self._db = db
            except (OSError, sqlite3.Error):
                self._broken = True
        return self._db

    @staticmethod
    def identity(st: os.stat_result) -> tuple[int, int, int, int]:
        return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino

    def lookup(self, real: Path, st: os.stat_result) -> str | None:
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute(f"SELECT size, mtime_ns, ctime_ns, inode, value FROM {self.table} WHERE path = ?",
                             (str(real),)).fetchone()
        except sqlite3.Error:
            return None
        return row[4] if row and tuple(row[:4]) == self.identity(st) else None

    def remember(self, real: Path, st: os.stat_result, value: str) -> None:
        db = self._connect()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            db.execute(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?, ?, ?, ?)",
                       (str(real), *self.identity(st), value))

    def value(self, path: Path, compute: Callable[[Path], str]) -> tuple[str, bool]:
        """``compute(path)``'s result, from the cache when the file is unchanged: (value, was_cached).

        Raises OSError when the file cannot be read."""
        real = Path(os.path.realpath(path))
        before = os.stat(real)
        cached = self.lookup(real, before)
        if cached is not None:
            return cached, True
        value = compute(real)
        if self.identity(os.stat(real)) == self.identity(before):  # not written while we read it
            self.remember(real, before, value)
        return value, False

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "StatCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
