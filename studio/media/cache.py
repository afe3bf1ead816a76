"""Derived media (trims, renders) kept on disk, keyed by what they were made from.

The key is the SHA-256 of the source's bytes plus a canonical description of the edit, so
a renamed or copied source still hits, and a changed one never does. A second identical
request returns the stored file without running ffmpeg.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Callable, Mapping

from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress

# Bump when the way derivatives are made changes (encoder settings, cut method), so old
# entries stop matching instead of being served.
CACHE_FORMAT = 1
_APP_DIR = "micro-module-studio"


def default_cache_dir() -> Path:
    """``STUDIO_CACHE_DIR``, else the platform's per-user cache folder."""
    explicit = os.environ.get("STUDIO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / _APP_DIR / "derivatives"


def source_sha256(path: str | Path) -> str:
    """SHA-256 of the file's bytes, remembered per (path, size, mtime) for this process and,
    across processes, while the file is unchanged (stat identity, see studio.statcache): a
    warm build does not read hundreds of MB of video again just to find its derivatives."""
    # The file's identity (followed through links) keys the memo, so a warm build asks the
    # same file a dozen times for one stat each, not a realpath each.
    from studio.statcache import file_identity
    return _sha256(os.fspath(path), file_identity(os.stat(path)), str(default_cache_dir()))


@functools.lru_cache(maxsize=1024)
def _sha256(path: str, identity: tuple, cache_dir: str) -> str:
    from studio.statcache import StatCache
    with StatCache(Path(cache_dir) / "media-facts.sqlite3", "source_sha256_v1") as hashes:
        return hashes.value(Path(path).resolve(), _hash_file)[0]


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def canonical_edit(edit: Mapping) -> str:
    """One spelling per edit: sorted keys, floats to the microsecond (0.1+0.2 == 0.3)."""
    def normal(value):
        if isinstance(value, float):
            return round(value, 6)
        if isinstance(value, Mapping):
            return {str(k): normal(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [normal(v) for v in value]
        return value
    return json.dumps({"format": CACHE_FORMAT, **normal(edit)}, sort_keys=True, separators=(",", ":"))


class DerivativeCache:
    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()

    def path_for(self, src: str | Path, edit: Mapping, suffix: str) -> Path:
        key = hashlib.sha256(f"{source_sha256(src)}\n{canonical_edit(edit)}".encode()).hexdigest()
        return self.directory / key[:2] / f"{key}{suffix}"

    def get_or_make(self, src: str | Path, edit: Mapping, suffix: str,
                    make: Callable[[Path], object]) -> tuple[Path, bool]:
        """The stored derivative and True, or ``make(path)`` writes it and False.

        ``make`` must write its output atomically (every media job here does), so the cache
        never holds a half-written file.
        """
        path = self.path_for(src, edit, suffix)
        if path.is_file():
            return path, True
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
        return path, False

    def trimmed(self, src: str | Path, start_s: float | None, end_s: float | None, *, suffix: str = ".mp4",
                progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> tuple[Path, bool]:
        """A trim of ``src`` from the cache, made on a miss; returns (path, was_cached)."""
        from studio.media.trim import trim  # only when trimming: the cache's folder is wanted by light commands too
        edit = {"op": "trim", "start_s": start_s, "end_s": end_s}
        return self.get_or_make(src, edit, suffix,
                                lambda out: trim(src, out, start_s, end_s, progress=progress, cancel=cancel))

    def clear(self) -> None:
        """Remove every stored derivative (the folder itself stays)."""
        for path in sorted(self.directory.rglob("*"), reverse=True):
            if path.is_file():
                path.unlink()
            elif path.is_dir():
                path.rmdir()

