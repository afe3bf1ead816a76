"""Zip writing that gives the same bytes for the same files: a reproducible build.

Entries are sorted (the manifest first, where LMS importers look), every timestamp is
1980-01-01 00:00, permissions are fixed, and text is deflated at one fixed level while
already-compressed media is stored. The zip is written into a temp file that only
:func:`studio.outputs.atomic_file` renames into place.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Union

from studio.jobs import NEVER_CANCELLED, CancelToken

Source = Union[bytes, Path]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_STORED = {".mp4", ".m4v", ".mp3", ".m4a", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip"}
_FIRST = ("imsmanifest.xml", "cmi5.xml", "tincan.xml")


def entry_order(names) -> list[str]:
    return sorted(names, key=lambda n: (n not in _FIRST, n))


def write_zip(target: Path, files: dict[str, Source], *,
              cancel: CancelToken = NEVER_CANCELLED) -> dict[str, tuple[int, int]]:
    """Write the zip; returns what was written, {name: (size, CRC-32)}, for the self-test to
    compare with the zip's own directory without reading the entries again."""
    with zipfile.ZipFile(target, "w", compresslevel=9) as archive:
        for name in entry_order(files):
            cancel.raise_if_cancelled()
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o100644 << 16
            info.create_system = 3   # "Unix", whatever machine builds it
            stored = Path(name).suffix.lower() in _STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            source = files[name]
            if isinstance(source, bytes):
                archive.writestr(info, source)
            else:
                info.file_size = source.stat().st_size   # lets zipfile pick zip64 only when needed
                with open(source, "rb") as src, archive.open(info, "w") as out:
                    shutil.copyfileobj(src, out, 4 << 20)
        return {info.filename: (info.file_size, info.CRC) for info in archive.infolist()}
