"""What a process remembers between builds of an unchanged course, and what it never skips.

The self-test's content checks, rendered Markdown and the parsed source are reused only while
what they were computed from is unchanged; the zip's own directory and the course folder's
safety are checked on every build."""
from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from studio.cli.app import run
from studio.errors import SourceError
from studio.export import scorm12, selftest
from studio.export.package import write_zip
from studio.source.reader import read_course_document


def _counting(monkeypatch, module, name) -> list:
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, counted)
    return calls


def _build(course: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    return run(["build", str(course), "--format", "scorm12", "--out", str(out), "--force"])


def test_a_rebuild_reuses_the_content_verdict_and_a_changed_package_is_checked_in_full(
        small_course, tmp_path, monkeypatch):
    monkeypatch.setattr(selftest, "_PASSED", {})          # as in a new process
    parsed = _counting(monkeypatch, selftest, "_page_references")
    assert _build(small_course, tmp_path / "a") == 0
    first = len(parsed)
    assert first > 0
    assert _build(small_course, tmp_path / "b") == 0
    assert len(parsed) == first                  # identical entries: pages not parsed again
    text = small_course.read_text(encoding="utf-8").replace("Choose the right ladder", "Choose the correct ladder")
    small_course.write_text(text, encoding="utf-8")
    assert _build(small_course, tmp_path / "c") == 0
    assert len(parsed) > first                   # another page: every content check again


def test_a_remembered_verdict_never_covers_a_zip_whose_directory_differs(small_course, tmp_path, monkeypatch):
    monkeypatch.setattr(selftest, "_PASSED", {})
    assert _build(small_course, tmp_path / "a") == 0
    package = next((tmp_path / "a").glob("*.zip"))
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unpacked)
    files = {p.relative_to(unpacked).as_posix(): p for p in sorted(unpacked.rglob("*")) if p.is_file()}
    good = tmp_path / "good.zip"
    written = write_zip(good, files)
    pages = [n for n in files if n.endswith(".html")]
    assert selftest.run(good, scorm12, pages=pages, player_bytes=1, written=written).largest_suspend > 0
    assert selftest.run(good, scorm12, pages=pages, player_bytes=1, written=written)  # remembered
    # Same claimed entries, but the zip on disk lacks one: the directory check still fails it.
    short = tmp_path / "short.zip"
    write_zip(short, {n: p for n, p in files.items() if n != "imsmanifest.xml"})
    with pytest.raises(selftest.SelfTestFailed, match="imsmanifest.xml: not in the zip's directory"):
        selftest.run(short, scorm12, pages=pages, player_bytes=1, written=written)
    # And a player over budget is refused even when the entries passed before.
    with pytest.raises(selftest.SelfTestFailed, match="the player weighs"):
        selftest.run(good, scorm12, pages=pages, player_bytes=selftest.PLAYER_BUDGET_BYTES, written=written)


def test_an_unchanged_source_read_again_still_refuses_a_link_made_since(small_course, tmp_path):
    first = read_course_document(small_course).course
    assert read_course_document(small_course).course is first    # parsed once
    image = small_course.parent / "media" / "ladder.png"
    outside = tmp_path / "elsewhere.png"
    shutil.copyfile(image, outside)
    image.unlink()
    os.symlink(outside, image)                                    # same text, the folder changed
    with pytest.raises(SourceError, match="outside the course folder"):
        read_course_document(small_course)


def test_delivered_media_are_remembered_only_while_source_and_derivative_are_unchanged(
        small_course, tmp_path, monkeypatch, capsys):
    from studio.export import delivery
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(delivery, "_DELIVERED", {})
    made = _counting(monkeypatch, delivery.Delivery, "_make")
    assert _build(small_course, tmp_path / "a") == 0
    first = len(made)
    assert first >= 3                                            # video, audio, image
    assert _build(small_course, tmp_path / "b") == 0
    assert len(made) == first                                    # nothing looked at again
    assert "media encoded this build: 0" in capsys.readouterr().out
    # A derivative removed from the cache (a cleaned cache folder) is made again.
    derivatives = [p for p in (tmp_path / "cache").rglob("*.m4a")] + [p for p in (tmp_path / "cache").rglob("*.mp3")]
    assert derivatives
    for path in derivatives:
        path.unlink()
    assert _build(small_course, tmp_path / "c") == 0
    assert len(made) > first
    assert "media encoded this build: 1" in capsys.readouterr().out
    # A source replaced under the same name is delivered again, under another package name.
    again = len(made)
    tip = small_course.parent / "media" / "tip.mp3"
    from tests.conftest import ffmpeg
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=550", "-t", "4", "-c:a", "libmp3lame", str(tmp_path / "new.mp3"))
    os.replace(tmp_path / "new.mp3", tip)
    assert _build(small_course, tmp_path / "d") == 0
    assert len(made) == again + 1
    assert _tip_names(tmp_path / "d") != _tip_names(tmp_path / "c")


def test_the_check_is_not_repeated_for_the_same_course_and_media(small_course, tmp_path, monkeypatch):
    from studio.rules import check
    check.check_course.forget()
    modules = _counting(monkeypatch, check, "check_module")
    assert _build(small_course, tmp_path / "a") == 0
    first = len(modules)
    assert first == 2
    assert _build(small_course, tmp_path / "b") == 0
    assert len(modules) == first
    (small_course.parent / "media" / "ladder.png").write_text("not an image")   # other facts
    assert _build(small_course, tmp_path / "c") == 2                          # refused: checked again
    assert len(modules) == 2 * first


def _tip_names(out: Path) -> set[str]:
    with zipfile.ZipFile(next(out.glob("*.zip"))) as archive:
        return {n for n in archive.namelist() if n.startswith("media/tip")}
