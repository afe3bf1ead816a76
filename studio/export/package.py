"""Zip writing that gives the same bytes for the same files: a reproducible build.

Entries are sorted (the manifest first, where LMS importers look), every timestamp is
1980-01-01 00:00, permissions are fixed, and text is deflated at zlib's default level while
already-compressed media is stored. The zip is written into a temp file that only
:func:`studio.outputs.atomic_file` renames into place.

The bytes are exactly those Python's ``zipfile`` writes for the same entries (a test holds
the two writers to it), so what LMSs import is what ``zipfile`` would have made. We write the
headers ourselves for one reason ``zipfile`` has no API for: an entry's deflated bytes and
CRC-32 are reused. A rebuild of an unchanged course (the desktop app, a watch loop, ``--format
all``, whose five packages share the player and the media) deflates nothing again and reads
each media file once, without computing its CRC again: entries are remembered by their bytes
(text made in memory) or by their file's stat identity (files on disk). A package that would
need ZIP64 (over ~2 GB, or over 65,535 entries) is left to ``zipfile`` whole.
"""
from __future__ import annotations

import os
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Union

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken
from studio.statcache import file_identity

Source = Union[bytes, Path]
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_STORED = {".mp4", ".m4v", ".mp3", ".m4a", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip"}
_FIRST = ("imsmanifest.xml", "cmi5.xml", "tincan.xml")

# The records of PKWARE's APPNOTE (4.3.7, 4.3.12, 4.3.16), with the values zipfile writes:
# version 2.0 made by and needed, made on Unix, no flags, DOS date 1980-01-01 00:00.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION, _UNIX, _DOS_TIME, _DOS_DATE = 20, 3, 0, (1 << 5) | 1
_FILE_ATTR = 0o100644 << 16
# zipfile turns to ZIP64 when an entry could pass 2 GiB (size x 1.05) or the directory starts
# past it; any archive that might is written by zipfile itself.
_ZIP64_LIMIT = (1 << 31) - 1
_MAX_ENTRIES = 0xFFFF
_CHUNK = 4 << 20


def entry_order(names) -> list[str]:
    return sorted(names, key=lambda n: (n not in _FIRST, n))


def is_stored(name: str) -> bool:
    return Path(name).suffix.lower() in _STORED


@dataclass(frozen=True)
class _Packed:
    crc: int
    size: int
    data: bytes | None     # what follows the header; None: the file's own bytes, copied (stored media)

    @property
    def compressed_size(self) -> int:
        return self.size if self.data is None else len(self.data)


# Remembered entries: text by its bytes (a bytes key is hashed once and compared on a hit),
# files by their stat identity. Bounded by what they hold, then started again.
_MEMO: dict[tuple, _Packed] = {}
_MEMO_BYTES_MAX = 64 << 20
_memo_bytes = 0


def _remember(key: tuple, packed: _Packed, weight: int) -> _Packed:
    global _memo_bytes
    if _memo_bytes + weight > _MEMO_BYTES_MAX or len(_MEMO) >= 4096:
        _MEMO.clear()
        _memo_bytes = 0
    _MEMO[key] = packed
    _memo_bytes += weight
    return packed


def _deflated(data: bytes) -> bytes:
    # zipfile's own compressor for an entry without a level: raw deflate at the default level
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _pack_bytes(data: bytes, stored: bool) -> _Packed:
    key = (stored, data)
    known = _MEMO.get(key)
    if known is not None:
        return known
    packed = _Packed(zlib.crc32(data), len(data), data if stored else _deflated(data))
    return _remember(key, packed, len(data) + len(packed.data))


def _file_key(path: Path, stored: bool) -> tuple[tuple, int]:
    st = os.stat(path)
    return (stored, str(path), file_identity(st)), st.st_size


def _pack_file(path: Path) -> _Packed:
    """A file to deflate (captions): read whole, remembered while its stat identity holds."""
    key, _ = _file_key(path, stored=False)
    return _MEMO.get(key) or _remember(key, _pack_bytes(path.read_bytes(), stored=False), 0)


def _copy_stored(out: BinaryIO, encoded: bytes, path: Path) -> _Packed:
    """Header and bytes of a stored file (media). Its CRC is remembered while its stat identity
    holds; otherwise it is computed as the bytes pass and the header is filled in after them."""
    key, expected = _file_key(path, stored=True)
    known = _MEMO.get(key)
    offset = out.tell()
    out.write(_local_header(encoded, True, known) if known else b"\0" * (_LOCAL.size + len(encoded)))
    crc, size = 0, 0
    with open(path, "rb") as src:
        while block := src.read(_CHUNK):
            if known is None:
                crc = zlib.crc32(block, crc)
            out.write(block)
            size += len(block)
    if size != expected:      # it grew or shrank since its stat: the header would lie
        raise MediaError("changed while the package was written; build again", file=str(path))
    if known is not None:
        return known
    packed = _remember(key, _Packed(crc, size, None), 0)
    end = out.tell()
    out.seek(offset)
    out.write(_local_header(encoded, True, packed))
    out.seek(end)
    return packed


def _write_entry(out: BinaryIO, name: str, source: Source, cancel: CancelToken) -> tuple[_Packed, int]:
    """Write one entry (header and data) at ``out``'s position; returns it and its header's offset."""
    cancel.raise_if_cancelled()
    offset = out.tell()
    stored, encoded = is_stored(name), name.encode("ascii")
    if isinstance(source, Path) and stored:
        return _copy_stored(out, encoded, source), offset
    packed = _pack_bytes(source, stored) if isinstance(source, bytes) else _pack_file(source)
    out.write(_local_header(encoded, stored, packed))
    out.write(packed.data)
    return packed, offset


def _local_header(encoded: bytes, stored: bool, packed: _Packed) -> bytes:
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, 0, method, _DOS_TIME, _DOS_DATE, packed.crc,
                       packed.compressed_size, packed.size, len(encoded), 0) + encoded


def _central_header(encoded: bytes, stored: bool, packed: _Packed, offset: int) -> bytes:
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return _CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, 0, method, _DOS_TIME, _DOS_DATE,
                         packed.crc, packed.compressed_size, packed.size, len(encoded), 0, 0, 0, 0,
                         _FILE_ATTR, offset) + encoded


def _needs_zip64(files: dict[str, Source]) -> bool:
    if len(files) > _MAX_ENTRIES:
        return True
    total = 0
    for name, source in files.items():
        size = len(source) if isinstance(source, bytes) else os.stat(source).st_size
        if size * 1.05 > _ZIP64_LIMIT:
            return True
        total += size + 2 * (_CENTRAL.size + len(name))
    return total * 1.05 > _ZIP64_LIMIT      # deflate can grow incompressible text a little


def write_zip(target: Path, files: dict[str, Source], *,
              cancel: CancelToken = NEVER_CANCELLED) -> dict[str, tuple[int, int]]:
    """Write the zip; returns what was written, {name: (size, CRC-32)}, for the self-test to
    compare with the zip's own directory without reading the entries again."""
    if _needs_zip64(files) or not all(name.isascii() for name in files):
        return write_zip_with_zipfile(target, files, cancel=cancel)
    written, central = {}, []
    with open(target, "wb") as out:
        for name in entry_order(files):
            packed, offset = _write_entry(out, name, files[name], cancel)
            written[name] = (packed.size, packed.crc)
            central.append(_central_header(name.encode("ascii"), is_stored(name), packed, offset))
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), start, 0))
    return written


def write_zip_with_zipfile(target: Path, files: dict[str, Source], *,
                           cancel: CancelToken = NEVER_CANCELLED) -> dict[str, tuple[int, int]]:
    """The same zip written by Python's ``zipfile`` alone: for archives that need ZIP64, and the
    reference the tests hold :func:`write_zip` to (byte for byte) and the benchmark times."""
    with zipfile.ZipFile(target, "w") as archive:
        for name in entry_order(files):
            cancel.raise_if_cancelled()
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = _FILE_ATTR
            info.create_system = _UNIX   # "Unix", whatever machine builds it
            info.compress_type = zipfile.ZIP_STORED if is_stored(name) else zipfile.ZIP_DEFLATED
            source = files[name]
            if isinstance(source, bytes):
                archive.writestr(info, source)
            else:
                info.file_size = source.stat().st_size   # lets zipfile pick zip64 only when needed
                with open(source, "rb") as src, archive.open(info, "w") as out:
                    shutil.copyfileobj(src, out, _CHUNK)
        return {info.filename: (info.file_size, info.CRC) for info in archive.infolist()}
