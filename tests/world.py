"""What a command may leave behind: snapshots of folders, and the invariants every command keeps
whether it finished, failed or was stopped."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


def snapshot(*roots: Path) -> dict[str, str]:
    """Every file under ``roots`` (relative path → SHA-256), folders marked too."""
    state: dict[str, str] = {}
    for root in roots:
        if not root.exists():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            base = Path(dirpath)
            for name in dirnames:
                state[str((base / name).relative_to(root.parent))] = "<dir>"
            for name in filenames:
                path = base / name
                state[str(path.relative_to(root.parent))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def leftovers(*folders: Path) -> list[str]:
    """Temp files and folders our writes use (``*.part*``, ``*.tmp``, ``.lock``) still lying around."""
    found = []
    for folder in folders:
        if not folder.exists():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in dirnames + filenames:
                if ".part" in name or name.endswith((".tmp", ".old")) or name == ".lock":
                    found.append(str(Path(dirpath) / name))
    return found


def working_copies(data_dir: Path) -> list[str]:
    working = data_dir / "working"
    return sorted(p.name for p in working.glob("*.db*")) if working.exists() else []
