"""The content-addressed media store of a project: ``media/<sha256><ext>``.

Files are copied in once, named by the SHA-256 of their bytes, and never modified;
identical files are stored once.

The store is trusted only once verified: :func:`verify_store` (and :func:`verified_blob`
for one file) check that each blob exists, has the recorded size and hashes to its name.
Hashing every blob on every ``check`` would cost seconds on a real course, so a hash once
computed is remembered in a small SQLite sidecar in the studio's data folder
(:class:`HashCache`), keyed by the blob's real path and its stat identity (size, mtime_ns,
ctime_ns, inode): an unchanged store is not re-hashed, while any write to a blob — even one
that puts the old size and mtime back — changes its ctime and makes it hashed again. The
sidecar lives outside the project on purpose: checking a project never writes to it, and a
project copied elsewhere brings no claims about its files with it.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol

from studio.errors import MediaError
from studio.statcache import StatCache
from studio.outputs import atomic_file, copy_hashing, staged_file

CHUNK = 1 << 20
CACHE_NAME = "verified-media.sqlite3"
MISSING_BLOB = "missing from the project's media store"
MODIFIED_BLOB = "its bytes do not match its name (the file was modified in the store)"


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    ext: str
    size_bytes: int

    @property
    def name(self) -> str:
        return f"{self.sha256}{self.ext}"


class CorruptBlob(MediaError):
    """A blob of the store is missing or its bytes do not match its name: nothing may be exported from it."""


@dataclass(frozen=True)
class Corrupt:
    """One media record whose blob cannot be trusted."""
    source_name: str    # the path the course source uses, e.g. "media/intro.mp4"
    blob: str           # "<sha256><ext>" in the store
    reason: str         # MISSING_BLOB, MODIFIED_BLOB, a size mismatch…

    @property
    def message(self) -> str:
        return f"'{self.source_name}' is corrupt in the project's media store (blob {self.blob}): {self.reason}"

    def error(self) -> CorruptBlob:
        return CorruptBlob(self.message, file=self.source_name)


class BlobRecord(Protocol):
    """What :func:`verify_store` needs of a media record (``studio.project.schema.Media`` has it)."""
    source_name: str
    sha256: str
    ext: str
    size_bytes: int


# -- hashing and the cache ------------------------------------------------------------
hashed_files = 0
"""How many files this process has hashed for verification (the evidence that the cache works)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_cache_path() -> Path:
    """``verified-media.sqlite3`` beside the working copies' folder ($STUDIO_DATA_DIR…)."""
    from studio.project.file import data_dir
    return data_dir().parent / CACHE_NAME


class HashCache(StatCache):
    """SHA-256 of files by (real path, size, mtime_ns, ctime_ns, inode), in a SQLite sidecar
    (see :mod:`studio.statcache`)."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(Path(path) if path is not None else default_cache_path(), "sha256_by_stat")

    def sha256(self, path: Path | str, st: os.stat_result | None = None) -> str:
        """The file's SHA-256, from the cache when its stat identity is unchanged; raises OSError."""
        global hashed_files
        digest, cached = self.value(path, sha256_of, st)
        if not cached:
            hashed_files += 1
        return digest


# -- verification -----------------------------------------------------------------------
def stored_file(store: Path | str, sha256: str, ext: str) -> str:
    """The blob's path as a string: verifying a store of thousands of blobs, pathlib costs more
    than the stat."""
    return os.path.join(store, f"{sha256}{ext}")


def stored_path(store: Path, sha256: str, ext: str) -> Path:
    return Path(stored_file(store, sha256, ext))


def blob_problem(store: Path, sha256: str, ext: str, size_bytes: int | None = None,
                 cache: HashCache | None = None) -> str | None:
    """Why the blob ``<sha256><ext>`` cannot be trusted, or None when it is intact."""
    if not sha256:
        return "never copied into the project's media store"
    path = stored_file(store, sha256, ext)
    try:
        st = os.stat(path)          # one stat answers "is it there", its size and its identity
        if not stat.S_ISREG(st.st_mode):
            return MISSING_BLOB
        if size_bytes is not None and st.st_size != size_bytes:
            return f"its size is {st.st_size} bytes, {size_bytes} were stored"
        digest = cache.sha256(path, st) if cache is not None else _hash_once(Path(path))
    except FileNotFoundError:
        return MISSING_BLOB
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if digest != sha256:
        return MODIFIED_BLOB
    return None


def _hash_once(path: Path) -> str:
    with HashCache() as cache:
        return cache.sha256(path)


def verify_store(store: Path, records: Iterable[BlobRecord], cache: HashCache | None = None) -> list[Corrupt]:
    """Every record whose blob is missing, of the wrong size, or whose bytes do not hash to its name.

    ``records`` are media rows (``source_name``, ``sha256``, ``ext``, ``size_bytes``), e.g.
    ``session.scalars(select(schema.Media))``. Hashes are cached (see :class:`HashCache`).
    """
    own = cache is None
    cache = cache or HashCache()
    try:
        records = list(records)
        cache.prefetch(dict.fromkeys(stored_file(store, r.sha256, r.ext) for r in records if r.sha256))
        corrupt, reasons = [], {}
        for record in records:      # records sharing a blob (identical files) share its verdict
            blob = (record.sha256, record.ext, record.size_bytes)
            if blob not in reasons:
                reasons[blob] = blob_problem(store, record.sha256, record.ext, record.size_bytes, cache)
            reason = reasons[blob]
            if reason:
                corrupt.append(Corrupt(record.source_name, f"{record.sha256}{record.ext}", reason))
        return corrupt
    finally:
        if own:
            cache.close()


def verified_blob(store: Path, sha256: str, ext: str, size_bytes: int | None = None, *,
                  source_name: str | None = None, cache: HashCache | None = None) -> Path:
    """The path of blob ``<sha256><ext>`` once verified; raises :class:`CorruptBlob` naming the media."""
    reason = blob_problem(store, sha256, ext, size_bytes, cache)
    if reason:
        raise Corrupt(source_name or f"{sha256}{ext}", f"{sha256}{ext}", reason).error()
    return stored_path(store, sha256, ext)


def copy_verified_blob(store: Path, sha256: str, ext: str, target: Path, *, size_bytes: int | None = None,
                       source_name: str | None = None) -> Path:
    """Copy blob ``<sha256><ext>`` to ``target``, hashing the bytes as they are copied.

    ``target`` appears (atomically: a temp file beside it, then a rename) only when the bytes
    copied hash to the blob's name, so an export never ships a corrupt file even if the blob
    rotted without its stat changing or was damaged after :func:`verify_store`. Raises
    :class:`CorruptBlob` naming the media (nothing written) or :class:`MediaError` when
    ``target`` cannot be written.
    """
    blob = f"{sha256}{ext}"
    name = source_name or blob
    source = stored_path(store, sha256, ext)
    if not sha256 or not source.is_file():
        raise Corrupt(name, blob, MISSING_BLOB).error()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target) as tmp:
        try:
            digest, size = copy_hashing(source, tmp)
        except OSError as exc:
            raise MediaError(f"cannot copy media: {exc.strerror or exc}", file=str(target)) from None
        if size_bytes is not None and size != size_bytes:
            raise Corrupt(name, blob, f"its size is {size} bytes, {size_bytes} were stored").error()
        if digest != sha256:
            raise Corrupt(name, blob, MODIFIED_BLOB).error()
    return target


# -- adding files -------------------------------------------------------------------------
def add_file(store: Path, src: Path, cache: HashCache | None = None) -> StoredFile:
    """Copy ``src`` into ``store`` under the hash of the bytes copied (atomically).

    The bytes are hashed while they are copied, so the blob's name always matches its
    content even if ``src`` changes meanwhile. A blob already there is kept only when it
    verifies; a corrupt one is replaced by the good copy.
    """
    try:
        store.mkdir(parents=True, exist_ok=True)
        with staged_file(store) as staged:
            digest, size = copy_hashing(src, staged.path)
            stored = StoredFile(digest, src.suffix.lower(), size)
            if blob_problem(store, stored.sha256, stored.ext, size, cache) is not None:
                staged.publish(store / stored.name)
            return stored
    except OSError as exc:
        raise MediaError(f"cannot copy into the project: {exc.strerror or exc}", file=str(src)) from None
