"""Where commands write: one set of rules for every output of the studio.

- An output never lands on an input: :func:`refuse_clashes` compares every output path with
  every input, through symlinks and hard links, before anything is written.
- A file appears whole or not at all: :func:`atomic_file` yields a temp path beside the
  target and renames it into place only when the block succeeds; :func:`write_text_atomic`
  and :func:`copy_atomic` are the two common cases.
- A folder appears whole or not at all: :func:`atomic_folder` builds a new folder beside the
  target and swaps it in; an existing non-empty target is refused unless ``force``.

Errors are :class:`~studio.errors.OutputError` (exit 2): the user chose the place.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from studio.errors import OutputError
from studio.jobs import interrupts

_PART = ".part"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _identity(path: Path) -> tuple[Path, tuple[int, int] | None]:
    """The resolved path and, when it exists, (device, inode): equal for hard links."""
    resolved = Path(os.path.realpath(path))
    try:
        st = os.stat(resolved)
        return resolved, (st.st_dev, st.st_ino)
    except OSError:
        return resolved, None


def _same(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] or (a[1] is not None and a[1] == b[1])


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when ``a`` and ``b`` name one file: the same path, a symlink to it, or a hard link."""
    return _same(_identity(Path(a)), _identity(Path(b)))


def refuse_clashes(inputs: Iterable[str | os.PathLike], outputs: Iterable[str | os.PathLike]) -> None:
    """Raise when an output would overwrite an input (or two outputs are one file)."""
    # Each path resolved once (a realpath walks every folder of it), however many pairs it is in.
    inputs = [(Path(p), _identity(Path(p))) for p in inputs if p is not None]
    outputs = [(Path(p), _identity(Path(p))) for p in outputs if p is not None]
    for out, out_id in outputs:
        for src, src_id in inputs:
            if _same(out_id, src_id):
                raise OutputError(f"the output {out} would overwrite the original {src}; originals are "
                                  "never modified: choose another output path")
    for i, (first, first_id) in enumerate(outputs):
        for second, second_id in outputs[i + 1:]:
            if _same(first_id, second_id):
                raise OutputError(f"two outputs are the same file ({first} and {second}); name two files")


def check_writable_file(target: str | os.PathLike) -> Path:
    """Refuse, before any work, a target that is a folder or whose folder cannot be written."""
    target = Path(target)
    if target.is_dir():
        raise OutputError("is a folder; name a file to write", file=str(target))
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise OutputError("the folder does not exist", file=str(parent))
    if not parent.is_dir():
        raise OutputError("is not a folder", file=str(parent))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError("cannot write in this folder (permission denied)", file=str(parent))
    return target


def _describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied" if exc.errno != errno.EROFS else "the disk is read-only"
    return exc.strerror or str(exc)


class StagedFile:
    """A temp file in a folder, published under a name chosen once its content is known."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def publish(self, target: str | os.PathLike) -> None:
        with interrupts.shielded():
            try:
                os.chmod(self.path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get ordinary permissions
                os.replace(self.path, target)
            except OSError as exc:
                raise OutputError(f"cannot write the file: {_describe_os_error(exc)}", file=str(target)) from None


@contextlib.contextmanager
def staged_file(folder: Path, stem: str = "incoming", suffix: str = "") -> Iterator[StagedFile]:
    """A temp file in ``folder``; unless :meth:`StagedFile.publish` renamed it, it is removed on leaving."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=f"{_PART}{suffix}", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write here: {_describe_os_error(exc)}", file=str(folder)) from None
    os.close(fd)
    staged = StagedFile(Path(name))
    try:
        yield staged
    finally:
        with interrupts.shielded(), contextlib.suppress(FileNotFoundError):
            staged.path.unlink()


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temp path beside ``target`` (same extension); rename it onto ``target`` on success.

    On any exception (including cancel) the temp file is removed and ``target`` is untouched.
    """
    target = check_writable_file(target)
    with staged_file(target.parent, target.stem, target.suffix) as staged:
        yield staged.path
        staged.publish(target)


def copy_hashing(src: str | os.PathLike, dst: Path, chunk: int = 1 << 20) -> tuple[str, int]:
    """Copy ``src`` to ``dst`` (fsynced), hashing the bytes as they pass: (SHA-256, size).

    One read of the source, so the hash describes exactly the bytes written."""
    digest, size = hashlib.sha256(), 0
    with open(src, "rb") as source, open(dst, "wb") as out:
        for block in iter(lambda: source.read(chunk), b""):
            digest.update(block)
            out.write(block)
            size += len(block)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest(), size


def write_text_atomic(target: str | os.PathLike, text: str) -> None:
    """Write UTF-8 text (LF line ends), fsynced, all or nothing."""
    with atomic_file(target) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            raise OutputError(f"cannot write the file: {_describe_os_error(exc)}", file=str(target)) from None


def copy_atomic(src: str | os.PathLike, target: str | os.PathLike) -> None:
    """Copy ``src`` onto ``target`` all or nothing (creating ``target``'s folder if needed)."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target) as tmp:
        try:
            shutil.copyfile(src, tmp)
        except OSError as exc:
            raise OutputError(f"cannot copy {src}: {_describe_os_error(exc)}", file=str(target)) from None


def folder_contents(folder: Path, limit: int = 3) -> str:
    names = sorted(p.name for p in folder.iterdir())
    shown = ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")
    return shown


@contextlib.contextmanager
def atomic_folder(target: str | os.PathLike, *, force: bool = False) -> Iterator[Path]:
    """Yield an empty temp folder beside ``target``; on success it becomes ``target``.

    A ``target`` that exists and is not empty is refused unless ``force``; with ``force``
    the old folder is swapped out in one rename and removed only after the new one is in
    place, so a crash leaves the old export or the new one, never a mix of both.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise OutputError("exists and is not a folder", file=str(target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(f"the folder is not empty ({folder_contents(target)}); choose an empty folder "
                          "or pass --force to replace it", file=str(target))
    parent = target.parent
    if not parent.is_dir():
        raise OutputError("the folder does not exist", file=str(parent))
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=_PART, dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write here: {_describe_os_error(exc)}", file=str(parent)) from None
    old: Path | None = None
    try:
        yield work
        with interrupts.shielded():
            os.chmod(work, 0o777 & ~_umask())
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
                os.rmdir(old)
                os.replace(target, old)
            try:
                os.replace(work, target)
            except OSError:
                if old is not None:
                    os.replace(old, target)  # put the previous export back
                    old = None
                raise
    except OSError as exc:
        raise OutputError(f"cannot write the folder: {_describe_os_error(exc)}", file=str(target)) from None
    finally:
        with interrupts.shielded():
            shutil.rmtree(work, ignore_errors=True)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
