"""`studio build` as users and CI call it: outputs, refusals, exit codes, reproducibility."""
from __future__ import annotations

import errno
import hashlib
import zipfile
from pathlib import Path

import pytest

from studio.cli.app import run
from studio.export import build as build_module
from studio.export import selftest


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def build(source, out, fmt="scorm12", *extra):
    return run(["build", str(source), "--format", fmt, "--out", str(out), *extra])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_builds_named_zips_and_prints_their_paths_and_the_report(small_course, tmp_path, capsys):
    assert build(small_course, tmp_path) == 0
    out = capsys.readouterr().out
    target = tmp_path / "ladder-safety-scorm12.zip"
    assert str(target) in out.splitlines()
    assert "self-test: passed" in out and "player" in out and "choose-ladder" in out
    assert build(small_course, tmp_path, "html5") == 0
    assert (tmp_path / "ladder-safety-html5.zip").is_file()


def test_path_builds_are_named_for_the_path(small_course, tmp_path):
    assert build(small_course, tmp_path, "scorm12", "--path", "ladders") == 0
    assert (tmp_path / "ladder-safety-ladders-scorm12.zip").is_file()
    assert build(small_course, tmp_path, "scorm12", "--path", "nope") == 2


def test_the_same_input_builds_byte_identical_zips(small_course, tmp_path):
    assert build(small_course, tmp_path / "a") == 2     # a missing folder is refused
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for fmt in ("scorm12", "html5"):
        assert build(small_course, tmp_path / "a", fmt) == 0
        assert build(small_course, tmp_path / "b", fmt) == 0
        name = f"ladder-safety-{fmt}.zip"
        assert sha(tmp_path / "a" / name) == sha(tmp_path / "b" / name)


def test_a_rebuild_with_unchanged_media_encodes_nothing(small_course, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    assert build(small_course, tmp_path / "one") == 0
    assert "media encoded this build: 2" in capsys.readouterr().out    # the trimmed video, the normalised audio
    assert build(small_course, tmp_path / "two") == 0
    assert "media encoded this build: 0" in capsys.readouterr().out


def test_an_existing_zip_is_kept_without_force(small_course, out, capsys):
    target = out / "ladder-safety-scorm12.zip"
    target.write_bytes(b"old")
    assert build(small_course, out) == 2
    assert "already exists" in capsys.readouterr().err and target.read_bytes() == b"old"
    assert build(small_course, out, "scorm12", "--force") == 0
    assert zipfile.is_zipfile(target)


def test_an_unknown_format_is_one_line_naming_the_formats(small_course, out, capsys):
    assert build(small_course, out, "scorm3") == 2
    err = capsys.readouterr().err.strip()
    assert "unknown format 'scorm3'" in err and "review, all" in err and len(err.splitlines()) == 1
    assert list(out.iterdir()) == []


def test_check_errors_refuse_with_the_report_and_force_builds(small_course, out, capsys):
    text = small_course.read_text().replace("objective: Position a ladder at a safe angle of 75 degrees",
                                            "objective: Understand ladders")
    small_course.write_text(text)
    assert build(small_course, out) == 1
    captured = capsys.readouterr()
    assert "objective.vague-verb" in captured.out and "--force" in captured.err
    assert list(out.glob("*.zip")) == []
    assert build(small_course, out, "scorm12", "--force") == 0


def test_missing_media_is_one_line_and_exit_2_even_with_force(small_course, out, capsys):
    (small_course.parent / "media" / "tip.mp3").unlink()
    for extra in ((), ("--force",)):
        assert build(small_course, out, "scorm12", *extra) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "media.missing" in err
    assert list(out.iterdir()) == []


def test_unwritable_output_folder_is_one_line(small_course, tmp_path, capsys):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert build(small_course, not_a_folder) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_full_disk_is_one_line_and_leaves_nothing(small_course, out, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(build_module, "write_zip", full)
    assert build(small_course, out) == 2
    assert "the disk is full" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_failed_self_test_is_exit_3_and_writes_nothing(small_course, out, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "PLAYER_BUDGET_BYTES", 10)
    assert build(small_course, out) == 3
    assert "self-test failed" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_cancelled_build_exits_130_and_leaves_no_partial_zip(small_course, out, capsys, monkeypatch):
    real = build_module.write_zip

    def interrupted(target, files, **kwargs):
        real(target, dict(list(files.items())[:2]), **kwargs)   # part of the zip is on disk…
        raise KeyboardInterrupt                                  # …when Ctrl-C arrives
    monkeypatch.setattr(build_module, "write_zip", interrupted)
    assert build(small_course, out) == 130
    assert list(out.iterdir()) == []


def test_a_project_builds_the_same_package_as_its_source(small_course, tmp_path):
    project = tmp_path / "Ladders.mstudio"
    assert run(["import", str(small_course), str(project)]) == 0
    (tmp_path / "from-source").mkdir()
    (tmp_path / "from-project").mkdir()
    assert build(small_course, tmp_path / "from-source") == 0
    assert build(project, tmp_path / "from-project") == 0
    name = "ladder-safety-scorm12.zip"
    assert sha(tmp_path / "from-source" / name) == sha(tmp_path / "from-project" / name)


def test_the_self_test_holds_the_zip_directory_to_what_was_written(built, tmp_path):
    from studio.export import html5
    from studio.export.package import write_zip
    with zipfile.ZipFile(built["html5"]) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    written = write_zip(tmp_path / "good.zip", entries)
    assert written == {name: (len(data), zipfile.crc32(data)) for name, data in entries.items()}
    result = selftest.run(tmp_path / "good.zip", html5, pages=["index.html"], player_bytes=1, written=written)
    assert "zip directory as written (names, sizes, CRC-32)" in result.checks

    write_zip(tmp_path / "changed.zip", {**entries, "player.css": entries["player.css"].replace(b"}", b"} ", 1)})
    with pytest.raises(selftest.SelfTestFailed, match=r"player\.css: \d+ bytes, CRC [0-9a-f]{8} in the zip"):
        selftest.run(tmp_path / "changed.zip", html5, pages=["index.html"], player_bytes=1, written=written)
    with pytest.raises(selftest.SelfTestFailed, match="media/lost.mp4: not in the zip's directory"):
        selftest.run(tmp_path / "good.zip", html5, pages=["index.html"], player_bytes=1,
                     written={**written, "media/lost.mp4": (1, 2)})
