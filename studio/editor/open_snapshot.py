"""What the last open of a project read and checked, kept so an unchanged project opens fast.

Reading a 500-module project builds ~17,000 model objects from ~13,000 rows (~250 ms) and
checking it takes another ~200 ms: together most of an open. Opening the same project file
again — the usual case, a designer's project between two sessions — gives the same course and,
when the media facts are the same, the same check report. The snapshot holds those three and
is used only when, at once:

- the project file (``project.db``) has the stat identity it had when the snapshot was made
  (device, inode, size, mtime and ctime: any save, copy or replacement changes one);
- the code that reads and checks a project is the code that wrote it (a fingerprint of its
  source files, or of the packaged app's executable: an upgraded studio never reads an older
  snapshot);
- for the report, the media facts just verified equal the snapshot's (the store is verified
  on every open; a changed or missing blob gives a new check).

One file per project folder in the cache folder, replaced by the next open that misses and by
each save in the app whose check is current (the saved course's own); the
folder keeps the :data:`KEEP` most recently opened projects' files (a hit marks its file
used), so projects deleted or moved long ago do not pile up (1.6 MB for 500 modules). It is
a cache: any problem reading one is a miss, any problem writing one is ignored. Pickle is used
because the model is frozen dataclasses; the files are the user's own, in their cache folder,
as trusted as the derivative cache beside them.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from studio import __version__
from studio import model as m
from studio.media.cache import default_cache_dir
from studio.media_facts import MediaFacts
from studio.outputs import atomic_file
from studio.rules.check import CheckReport
from studio.statcache import file_identity

SNAPSHOT_FORMAT = 1
KEEP = 32           # snapshot files kept: the projects opened most recently
_ROOT = Path(__file__).resolve().parents[1]
# The code whose output a snapshot holds: a change to any of these makes every snapshot a miss.
_SOURCES = ("model.py", "media_facts.py", "project/store.py", "project/schema.py", "project/migrations",
            "editor/open_snapshot.py", "rules")


@dataclass(frozen=True)
class Snapshot:
    course: m.Course
    facts: Mapping[str, MediaFacts]
    report: CheckReport

    def report_for(self, facts: Mapping[str, MediaFacts]) -> CheckReport | None:
        """The remembered report, when ``facts`` are those it was made with."""
        return self.report if dict(facts) == dict(self.facts) else None


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256(f"{SNAPSHOT_FORMAT}".encode())
    if getattr(sys, "frozen", False):   # the packaged app carries no sources: its executable is the code
        digest.update(repr((__version__, file_identity(os.stat(sys.executable)))).encode())
        return digest.hexdigest()
    for name in _SOURCES:
        path = _ROOT / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(_ROOT).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class SnapshotKey:
    file: Path          # where the snapshot of this project lives
    stamp: tuple        # what must match inside it


def key_for(db_path: Path) -> SnapshotKey | None:
    """The key of the project file as it is now (None when it cannot be read)."""
    try:
        real = os.path.realpath(db_path)
        identity = file_identity(os.stat(real))
        fingerprint = code_fingerprint()
    except OSError:
        return None
    name = hashlib.sha256(real.encode()).hexdigest()[:32]
    return SnapshotKey(default_cache_dir() / "opened" / f"{name}.pickle", (real, identity, fingerprint))


def load(key: SnapshotKey | None) -> Snapshot | None:
    if key is None:
        return None
    try:
        with open(key.file, "rb") as stream:
            stamp, snapshot = pickle.load(stream)
    except Exception:        # missing, truncated, from a build that cannot unpickle it: a miss
        return None
    if stamp != key.stamp or not isinstance(snapshot, Snapshot):
        return None
    with contextlib.suppress(OSError):
        os.utime(key.file)                 # used: the last to be pruned
    return snapshot


def save(key: SnapshotKey | None, snapshot: Snapshot) -> None:
    if key is None:
        return
    with contextlib.suppress(Exception):       # a cache: a full disk or a read-only cache is no error
        key.file.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((key.stamp, Snapshot(snapshot.course, dict(snapshot.facts), snapshot.report)),
                               protocol=pickle.HIGHEST_PROTOCOL)
        with atomic_file(key.file) as tmp:
            tmp.write_bytes(payload)
        _prune(key.file.parent)


def _prune(folder: Path) -> None:
    """All but the :data:`KEEP` most recently used snapshot files removed."""
    files = []
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            files.append((path.stat().st_mtime, path))
    for _, path in sorted(files, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()
