"""Values computed from a file's bytes (a hash, probed facts), remembered while the file is unchanged.

The key is the file's real path and its stat identity (size, mtime_ns, ctime_ns, inode): any
write to the file — even one that puts the old size and mtime back — changes its ctime, so
the value is computed again. Kept in a small SQLite file outside any project.

Best effort: a cache that cannot be opened or written (read-only folder, a broken file) is
simply not used, and the value is computed instead. It never raises for its own sake.

Asking for thousands of files (verifying a project's media store as it opens) is done with
:meth:`StatCache.prefetch`: one query per few hundred files instead of one each, and each
folder's real path resolved once. The answers still depend on each file's stat identity,
taken when :meth:`~StatCache.value` is asked.
"""
from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from pathlib import Path
from typing import Callable, Iterable

_TABLE = re.compile(r"[a-z][a-z0-9_]*")
_BATCH = 500          # paths per query: well under SQLite's limit of bound parameters
_WRITE_BATCH = 500    # remembered rows written together

# What this process already asked or stored, per (cache file, table, path as given): a process
# that asks again (every build of the desktop app, a watch loop) answers with one stat, no
# realpath and no query. Served only while the file's stat identity, its device included, is the
# remembered one, and filled only from a working cache: an unusable cache still computes each time.
_SEEN: dict[tuple[str, str, str], tuple[tuple, str]] = {}
_SEEN_LIMIT = 20_000


def file_identity(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """What says a file is unchanged, for a memo in this process: device, inode, size, mtime
    and ctime (a rewrite in place, a replacement under the same name and a chmod all change it)."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class StatCache:
    def __init__(self, path: Path, table: str) -> None:
        if not _TABLE.fullmatch(table):
            raise ValueError(f"bad table name {table!r}")
        self.path = Path(path)
        self.table = table
        self._db: sqlite3.Connection | None = None
        self._broken = False
        self._real: dict[str, str] = {}                      # prefetched: path asked -> real path
        self._rows: dict[str, tuple[tuple, str]] = {}        # prefetched: real path -> (identity, value)
        self._pending: dict[str, tuple] = {}                 # remembered, not yet written: real path -> row

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

    def lookup(self, real: Path | str, st: os.stat_result) -> str | None:
        key = str(real)
        if key in self._pending:
            row = self._pending[key]
            return row[5] if row[1:5] == self.identity(st) else None
        if key in self._rows:
            identity, value = self._rows[key]
            return value if identity == self.identity(st) else None
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute(f"SELECT size, mtime_ns, ctime_ns, inode, value FROM {self.table} WHERE path = ?",
                             (str(real),)).fetchone()
        except sqlite3.Error:
            return None
        return row[4] if row and tuple(row[:4]) == self.identity(st) else None

    def remember(self, real: Path | str, st: os.stat_result, value: str) -> bool:
        """Store ``value`` for the file; whether the cache took it."""
        db = self._connect()
        if db is None:
            return False
        self._rows.pop(str(real), None)
        self._pending[str(real)] = (str(real), *self.identity(st), value)
        if len(self._pending) >= _WRITE_BATCH:
            self.flush()
        return True

    def flush(self) -> None:
        """Write what was remembered, in one transaction: a commit per row (an fsync each) made
        the first check of a 1,500-file project spend 1.5 s here. A cache: a failed write is dropped."""
        rows, self._pending = list(self._pending.values()), {}
        if not rows or self._db is None:
            return
        try:
            self._db.execute("BEGIN")
            self._db.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?, ?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def prefetch(self, paths: Iterable[Path]) -> None:
        """Read what is remembered for ``paths`` in a few queries; :meth:`value` then answers
        them from memory (still only when a file's stat identity is the one remembered)."""
        folders: dict[str, str] = {}
        wanted: list[str] = []
        for path in paths:          # plain strings: pathlib costs more than the stat here
            given = os.fspath(path)
            real = self._real_path(given, folders)
            self._real[given] = real
            wanted.append(real)
        db = self._connect()
        if db is None:
            return
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start:start + _BATCH]
            try:
                rows = db.execute(f"SELECT path, size, mtime_ns, ctime_ns, inode, value FROM {self.table} "
                                  f"WHERE path IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
            except sqlite3.Error:
                return
            found = {row[0]: (tuple(row[1:5]), row[5]) for row in rows}
            for key in chunk:       # a path with no row is known to be absent: no query for it later
                self._rows[key] = found.get(key, ((), ""))

    @staticmethod
    def _real_path(path: str, folders: dict[str, str]) -> str:
        """``os.path.realpath(path)``, each folder resolved once: a file that is not itself a
        link is its real folder plus its name."""
        parent, name = os.path.split(path)
        if name in ("", ".", ".."):
            return os.path.realpath(path)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return os.path.realpath(path)
        except OSError:
            return os.path.realpath(path)
        if parent not in folders:
            folders[parent] = os.path.realpath(parent or ".")
        return os.path.join(folders[parent], name)

    def value(self, path: Path | str, compute: Callable[[Path], str],
              st: os.stat_result | None = None) -> tuple[str, bool]:
        """``compute(path)``'s result, from the cache when the file is unchanged: (value, was_cached).

        ``st``: the caller's fresh ``os.stat(path)``, if it has one (saves the same call here).
        Raises OSError when the file cannot be read."""
        given = os.fspath(path)
        seen_key = (str(self.path), self.table, given)
        seen = _SEEN.get(seen_key)
        st = st or os.stat(given)
        if seen is not None and seen[0] == file_identity(st):
            return seen[1], True
        real = self._real.get(given) or os.path.realpath(path)
        before = st if real == given else os.stat(real)
        cached = self.lookup(real, before)
        if cached is not None:
            self._see(seen_key, before, cached)
            return cached, True
        value = compute(Path(real))
        if self.identity(os.stat(real)) == self.identity(before):  # not written while we read it
            if self.remember(real, before, value):
                self._see(seen_key, before, value)
        return value, False

    def _see(self, key: tuple[str, str, str], st: os.stat_result, value: str) -> None:
        if len(_SEEN) >= _SEEN_LIMIT:
            _SEEN.clear()
        _SEEN[key] = (file_identity(st), value)

    def close(self) -> None:
        self.flush()
        self._real.clear()
        self._rows.clear()
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "StatCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
