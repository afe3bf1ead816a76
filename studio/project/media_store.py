"""The content-addressed media store of a project: ``media/<sha256><ext>``.

Files are copied in once, named by the SHA-256 of their bytes, and never modified;
identical files are stored once.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from studio.errors import MediaError
from studio.outputs import copy_atomic

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    ext: str
    size_bytes: int

    @property
    def name(self) -> str:
        return f"{self.sha256}{self.ext}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def add_file(store: Path, src: Path) -> StoredFile:
    """Copy ``src`` into ``store`` under its hash (atomically); a no-op if already there."""
    try:
        digest = sha256_of(src)
        stored = StoredFile(digest, src.suffix.lower(), src.stat().st_size)
        target = store / stored.name
        if target.exists() and target.stat().st_size == stored.size_bytes:
            return stored
        copy_atomic(src, target)
        return stored
    except OSError as exc:
        raise MediaError(f"cannot copy into the project: {exc.strerror or exc}", file=str(src)) from None


def stored_path(store: Path, sha256: str, ext: str) -> Path:
    return store / f"{sha256}{ext}"
