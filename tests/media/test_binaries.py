"""The ffmpeg policy: which binary runs, and what happens to one that is too old.

Old releases are played by small scripts that print what such a release prints for
``-version`` (the studio never runs them for real work: they are passed over or refused
before that); everything that then runs is the real system or bundled ffmpeg.
"""
from pathlib import Path

import pytest

from studio.cli import main
from studio.errors import MediaError
from studio.media import binaries
from studio.media.binaries import choose, ffmpeg_tool, ffprobe_exe, parse_version


@pytest.fixture(autouse=True)
def _default_source(monkeypatch):
    """These tests are the policy itself: CI's forced source must not decide for them."""
    for name in ("STUDIO_FFMPEG_SOURCE", "STUDIO_FFMPEG", "STUDIO_FFPROBE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("first_line, libavutil, expected", [
    ("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026", "57. 28.100", (5, 1, 9)),
    ("ffmpeg version n9.0.2-17-g2a571b6068-20260930 Copyright", "61.  1.102", (9, 0, 2)),
    ("ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021", "56. 70.100", (4, 4, 2)),
    ("ffmpeg version 7.0.2-static https://johnvansickle.com/ffmpeg/", "59.  8.100", (7, 0, 2)),
    ("ffmpeg version 6.1 Copyright", "58. 29.100", (6, 1, 0)),
    # git builds are dated by their libavutil: the newest release it has reached
    ("ffmpeg version N-112345-g0123abcd Copyright", "59. 40.100", (7, 1, 0)),
    ("ffmpeg version N-101234-gabc Copyright", "57. 20.100", (5, 0, 0)),
    ("ffmpeg version git-2024-05-01-abc Copyright", "60. 10.100", (8, 0, 0)),
    ("ffmpeg version N-1-gabc Copyright", None, None),
    ("not ffmpeg at all", None, None),
])
def test_versions_are_read_from_every_kind_of_build(first_line, libavutil, expected):
    output = first_line + (f"\nlibavutil      {libavutil} / {libavutil}" if libavutil else "")
    assert parse_version(output)[0] == expected


def fake_release(folder: Path, version: str, libavutil: str = "56. 70.100", names=("ffmpeg", "ffprobe")) -> Path:
    """A folder with ffmpeg/ffprobe scripts that say they are ``version``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "{name} version {version} Copyright (c) 2000-2021"\n'
                          f'echo "libavutil      {libavutil} / {libavutil}"\n')
        script.chmod(0o755)
    return folder


def trim_args(clip, out):
    return ["media", "trim", str(clip), "--out", str(out), "--to", "2", "--tighten-pauses", "--loudness", "-16"]


def test_an_old_system_ffmpeg_is_passed_over_for_the_bundled_one(clip_audio_speechlike, tmp_path, monkeypatch, capsys):
    old = fake_release(tmp_path / "bin", "4.4.2-0ubuntu0.22.04.1")
    monkeypatch.setenv("PATH", f"{old}:/usr/bin:/bin")

    code = main(trim_args(clip_audio_speechlike, tmp_path / "short.wav"))

    err = capsys.readouterr().err
    assert code == 0 and (tmp_path / "short.wav").is_file()
    notes = [line for line in err.splitlines() if line.startswith("studio: note:") and "ffmpeg" in line]
    assert len(notes) == 1 and "4.4.2" in notes[0] and "older than 5.1" in notes[0] and "using bundled" in notes[0]
    assert ffmpeg_tool().source == "bundled"
    assert ffprobe_exe() is None  # PATH's ffprobe belongs to the passed-over build: PyAV probes


def test_an_explicit_ffmpeg_that_is_too_old_is_refused_by_version(clip_audio_speechlike, tmp_path, monkeypatch, capsys):
    old = fake_release(tmp_path / "bin", "4.4.2-0ubuntu0.22.04.1")
    monkeypatch.setenv("STUDIO_FFMPEG", str(old / "ffmpeg"))

    code = main(trim_args(clip_audio_speechlike, tmp_path / "short.wav"))

    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "4.4.2" in err and "older than 5.1" in err and "STUDIO_FFMPEG" in err and "Traceback" not in err
    assert not (tmp_path / "short.wav").exists()


def test_an_explicit_ffmpeg_that_does_not_say_its_version_is_refused(tmp_path, monkeypatch):
    odd = fake_release(tmp_path / "bin", "N-1-gabc", libavutil="x")
    monkeypatch.setenv("STUDIO_FFMPEG", str(odd / "ffmpeg"))
    with pytest.raises(MediaError, match="does not say which version"):
        ffmpeg_tool()


def test_a_git_build_recent_enough_by_its_libavutil_is_used(tmp_path, monkeypatch):
    git = fake_release(tmp_path / "bin", "N-112345-g0123abcd", libavutil="59. 40.100")
    monkeypatch.setenv("STUDIO_FFMPEG", str(git / "ffmpeg"))
    tool = ffmpeg_tool()
    assert tool.version == (7, 1, 0) and tool.path == str(git / "ffmpeg")
    assert binaries.filter_script_args("g.txt") == ["-/filter_complex", "g.txt"]
    assert ffprobe_exe() == str(git / "ffprobe")  # the ffprobe beside it, not PATH's


def test_the_filtergraph_script_option_follows_the_version(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG", str(fake_release(tmp_path / "a", "5.1.9-0+deb12u1", "57. 28.100") / "ffmpeg"))
    assert binaries.filter_script_args("g.txt") == ["-filter_complex_script", "g.txt"]
    monkeypatch.setenv("STUDIO_FFMPEG", str(fake_release(tmp_path / "b", "n9.0.2", "61.  1.102") / "ffmpeg"))
    assert binaries.filter_script_args("g.txt") == ["-/filter_complex", "g.txt"]


def test_an_explicit_ffprobe_that_is_too_old_is_refused(clip_audio_wav, tmp_path, monkeypatch):
    old = fake_release(tmp_path / "bin", "4.4.2-0ubuntu0.22.04.1", names=("ffprobe",))
    monkeypatch.setenv("STUDIO_FFPROBE", str(old / "ffprobe"))
    with pytest.raises(MediaError, match="ffprobe 4.4.2.*older than 5.1"):
        ffprobe_exe()


def test_forcing_the_bundled_binary_ignores_path_for_both_tools(monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG_SOURCE", "bundled")
    choice = choose()
    assert choice.ffmpeg.source == "bundled" and choice.ffmpeg.path == binaries.bundled_path()
    assert choice.ffprobe is None


def test_forcing_the_system_binary_never_falls_back(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG_SOURCE", "system")
    monkeypatch.setenv("PATH", str(fake_release(tmp_path / "bin", "4.4.2")))
    with pytest.raises(MediaError, match="no usable ffmpeg on PATH.*4.4.2.*apt install ffmpeg"):
        ffmpeg_tool()


def test_a_misspelt_source_is_a_message(monkeypatch):
    monkeypatch.setenv("STUDIO_FFMPEG_SOURCE", "bundeled")
    with pytest.raises(MediaError, match="STUDIO_FFMPEG_SOURCE is 'bundeled'; expected one of auto, system, bundled"):
        ffmpeg_tool()


def test_a_known_bad_release_is_passed_over(tmp_path, monkeypatch):
    bad = fake_release(tmp_path / "bin", "7.0.2-static", libavutil="59.  8.100")
    monkeypatch.setenv("PATH", f"{bad}:/bin")
    choice = choose()
    assert choice.ffmpeg.source == "bundled" and "segment filter" in choice.notes[0]


def test_a_compiled_binarys_version_is_remembered_but_a_script_is_always_asked(tmp_path, monkeypatch):
    import subprocess
    real = ffmpeg_tool().path
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    runs = []
    original = subprocess.run

    def counting(args, *a, **k):
        runs.append(args[0])
        return original(args, *a, **k)
    monkeypatch.setattr(binaries.subprocess, "run", counting)
    first = binaries.inspect("ffmpeg", real, "test")
    again = binaries.inspect("ffmpeg", real, "test")
    assert first == again and first.version is not None and runs == [real]      # asked once
    wrapper = tmp_path / "ffmpeg-wrapper"
    wrapper.write_text(f'#!/bin/sh\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    binaries.inspect("ffmpeg", str(wrapper), "test")
    binaries.inspect("ffmpeg", str(wrapper), "test")
    assert runs == [real, str(wrapper), str(wrapper)]                             # a script: every time
