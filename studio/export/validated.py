"""Manifests already found valid, remembered across processes.

Compiling the SCORM schemas with xmlschema takes over a second in every new process (the
import alone half a second), which a `studio build` in CI pays on every run. Validation is a
pure function of the manifest's bytes and the schema files, so a manifest whose exact bytes
passed against the exact same schemas is not validated again: the key is the SHA-256 of the
manifest and of every schema file, with the studio's version. Only passes are remembered —
a failing manifest is validated (and reported) every time.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import sqlite3
from pathlib import Path
from typing import Callable

from studio import __version__
from studio.media.cache import default_cache_dir


@functools.lru_cache(maxsize=None)
def _schemas_digest(folder: Path) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _key(xml: bytes, schemas: Path) -> str:
    return hashlib.sha256(_schemas_digest(schemas).encode() + xml).hexdigest()


def _connect() -> sqlite3.Connection | None:
    try:
        folder = default_cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(folder / "validated-manifests.sqlite3", timeout=5, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS valid (key TEXT PRIMARY KEY)")
        return db
    except (OSError, sqlite3.Error):
        return None          # no cache: validate every time


def errors_of(xml: bytes, schemas: Path, validate: Callable[[bytes], list[str]]) -> list[str]:
    """``validate(xml)``'s errors, skipping the call when these bytes passed against these schemas before."""
    key = _key(xml, schemas)
    db = _connect()
    try:
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                if db.execute("SELECT 1 FROM valid WHERE key = ?", (key,)).fetchone():
                    return []
        errors = validate(xml)
        if not errors and db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.execute("INSERT OR IGNORE INTO valid VALUES (?)", (key,))
        return errors
    finally:
        if db is not None:
            db.close()
