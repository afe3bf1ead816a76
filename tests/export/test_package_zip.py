"""The package zip writer: zipfile's bytes exactly, with deflated entries and CRC-32s reused."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from studio.errors import MediaError
from studio.export import package
from studio.export.package import write_zip, write_zip_with_zipfile


def _entries(tmp_path: Path) -> dict:
    media = tmp_path / "clip.mp4"
    media.write_bytes(os.urandom(300_000))
    captions = tmp_path / "clip.vtt"
    captions.write_text("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nHello\n" * 40, encoding="utf-8")
    return {
        "index.html": b"<!doctype html><title>t</title>" + b"<p>text</p>" * 500,
        "imsmanifest.xml": b"<?xml version='1.0'?><manifest/>",
        "media/clip-1.mp4": media,
        "media/clip-1.vtt": captions,
        "media/picture.png": os.urandom(5_000),       # bytes, stored
        "empty.js": b"",
    }


def test_the_same_bytes_as_zipfile_first_time_and_from_the_memo(tmp_path):
    files = _entries(tmp_path)
    reference = write_zip_with_zipfile(tmp_path / "reference.zip", files)
    first = write_zip(tmp_path / "first.zip", files)
    again = write_zip(tmp_path / "again.zip", files)    # every entry remembered now
    expected = (tmp_path / "reference.zip").read_bytes()
    assert (tmp_path / "first.zip").read_bytes() == expected
    assert (tmp_path / "again.zip").read_bytes() == expected
    assert first == again == reference
    with zipfile.ZipFile(tmp_path / "again.zip") as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "imsmanifest.xml"
        assert archive.read("media/clip-1.mp4") == files["media/clip-1.mp4"].read_bytes()
        kinds = {i.filename: i.compress_type for i in archive.infolist()}
    assert kinds["media/clip-1.mp4"] == kinds["media/picture.png"] == zipfile.ZIP_STORED
    assert kinds["index.html"] == kinds["media/clip-1.vtt"] == zipfile.ZIP_DEFLATED


def test_a_file_rewritten_with_the_same_size_is_read_again(tmp_path):
    files = _entries(tmp_path)
    write_zip(tmp_path / "first.zip", files)
    for name in ("media/clip-1.mp4", "media/clip-1.vtt"):
        path = files[name]
        old = path.read_bytes()
        path.write_bytes(bytes(b ^ 0xFF for b in old[:64]) + old[64:])   # same size, new bytes
    write_zip(tmp_path / "second.zip", files)
    write_zip_with_zipfile(tmp_path / "reference.zip", files)
    assert (tmp_path / "second.zip").read_bytes() == (tmp_path / "reference.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "second.zip") as archive:
        assert archive.testzip() is None
        assert archive.read("media/clip-1.vtt") == files["media/clip-1.vtt"].read_bytes()


def test_a_file_that_grows_while_it_is_copied_is_refused(tmp_path, monkeypatch):
    files = _entries(tmp_path)
    media = files["media/clip-1.mp4"]
    real_stat, calls = os.stat, []

    def stat_before_it_grew(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        calls.append(path)
        if len(calls) == 2:      # the writer has taken the file's identity; now it grows
            with open(media, "ab") as more:
                more.write(b"x" * 1000)
        return result

    monkeypatch.setattr(package.os, "stat", stat_before_it_grew)
    with pytest.raises(MediaError, match="changed while the package was written"):
        write_zip(tmp_path / "grown.zip", {"media/clip-1.mp4": media})


def test_archives_that_need_zip64_are_left_to_zipfile(tmp_path):
    huge = tmp_path / "huge.mp4"
    with open(huge, "wb") as out:       # sparse: 2.1 GB of nothing, made instantly
        out.truncate(2_100_000_000)
    assert package._needs_zip64({"media/huge.mp4": huge})
    assert package._needs_zip64({f"f{i}.js": b"" for i in range(65_536)})
    assert not package._needs_zip64(_entries(tmp_path))


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(package, "_MEMO_BYTES_MAX", 10_000)
    monkeypatch.setattr(package, "_MEMO", {})        # the process's own memo is left as it was
    monkeypatch.setattr(package, "_memo_bytes", 0)
    for i in range(20):
        package._pack_bytes(os.urandom(2_000) + bytes([i]), stored=True)
    assert package._memo_bytes <= 10_000
    assert len(package._MEMO) < 20
