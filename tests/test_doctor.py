"""`studio doctor`: what the studio will use, exit 2 naming what is missing and how to get it."""
import json
from pathlib import Path

from studio.cli import main
from studio.media import binaries


def doctor(capsys, *args):
    code = main(["doctor", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_reports_what_the_studio_uses(capsys):
    code, out, _ = doctor(capsys, "--json")
    report = json.loads(out)
    choice = binaries.choose()

    assert code == 0 and report["ok"] and report["missing"] == []
    assert report["ffmpeg"]["path"] == choice.ffmpeg.path and report["ffmpeg"]["source"] == choice.ffmpeg.source
    assert report["ffmpeg"]["version"] == choice.ffmpeg.version_text and report["minimum_ffmpeg"] == "5.1"
    assert report["ffprobe"]["path"] == (choice.ffprobe.path if choice.ffprobe else None)
    assert report["pyav"]["version"]
    # the suite runs Qt offscreen, so that plugin must have been found on disk
    assert "offscreen" in report["qt_platforms"]["plugins"]
    assert Path(report["qt_platforms"]["folder"], ).is_dir()
    assert report["working_copies"]["writable"] and report["media_cache"]["writable"]
    assert report["media_cache"]["why"] == "set by STUDIO_CACHE_DIR"  # the suite's isolated folder


def test_human_output_names_each_piece(capsys):
    code, out, _ = doctor(capsys)
    assert code == 0
    for title in ("ffmpeg", "ffprobe", "PyAV", "Qt platforms", "browser", "working copies", "media cache"):
        assert any(line.startswith(title) for line in out.splitlines()), title
    assert binaries.choose().ffmpeg.path in out and out.rstrip().endswith("everything the studio needs is here")


def test_a_missing_ffmpeg_is_named_with_how_to_get_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG", str(tmp_path / "no-ffmpeg"))
    code, out, _ = doctor(capsys)
    assert code == 2
    assert "missing:" in out and "cannot run ffmpeg" in out and "apt install ffmpeg" in out
    assert "pip install -U imageio-ffmpeg" in out


def test_no_ffmpeg_anywhere_is_exit_2_in_json_too(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG_SOURCE", "system")
    monkeypatch.setenv("PATH", str(tmp_path))   # nothing on it
    code, out, _ = doctor(capsys, "--json")
    report = json.loads(out)
    assert code == 2 and not report["ok"]
    assert report["missing"][0].startswith("ffmpeg: no usable ffmpeg on PATH")


def test_an_unwritable_cache_folder_is_missing(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(blocker / "cache"))
    code, out, _ = doctor(capsys, "--json")
    report = json.loads(out)
    assert code == 2 and report["media_cache"]["writable"] is False
    assert any(item.startswith("media_cache:") and "STUDIO_CACHE_DIR" in item for item in report["missing"])


def test_a_forced_bundled_ffmpeg_probes_with_pyav(capsys, monkeypatch):
    monkeypatch.delenv("STUDIO_FFMPEG", raising=False)
    monkeypatch.setenv("STUDIO_FFMPEG_SOURCE", "bundled")
    code, out, _ = doctor(capsys, "--json")
    report = json.loads(out)
    assert code == 0 and report["ffmpeg"]["source"] == "bundled" and report["ffprobe"]["path"] is None
    assert "STUDIO_FFMPEG_SOURCE=bundled" in report["ffmpeg"]["why"]
