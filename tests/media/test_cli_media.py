"""`studio media probe|trim` through the real entry point: exit codes, messages, outputs."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.cli import main
from studio.media.probe import probe

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["media", *map(str, argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_probe_prints_duration_and_streams(capsys, clip_av):
    code, out, err = run(capsys, "probe", clip_av)
    assert code == 0 and err == ""
    assert "00:00:05" in out and "h264 320x240, 25 fps, 125 frames" in out and "aac, 48000 Hz, 2 channels" in out


def test_probe_json(capsys, clip_rotated):
    code, out, _ = run(capsys, "probe", clip_rotated, "--json")
    data = json.loads(out)
    assert code == 0 and data["duration_s"] == pytest.approx(5.0, abs=0.04)
    assert data["video"]["rotation"] == 90 and data["audio"]["codec"] == "aac"


def test_trim_with_clock_times(capsys, clip_av, tmp_path):
    out_file = tmp_path / "cut.mp4"
    code, out, err = run(capsys, "trim", clip_av, "--out", out_file, "--start", "00:00:01.320", "--end", "0:04.52")
    assert code == 0 and err == ""  # no progress bar when stderr is not a terminal
    assert "smart cut" in out and str(out_file) in out
    assert probe(out_file).duration_s == pytest.approx(3.2, abs=0.04)


def test_trim_retimes_captions(capsys, clip_av, tmp_path):
    captions = tmp_path / "in.vtt"
    captions.write_text("WEBVTT\n\n00:00:00.500 --> 00:00:01.000\nbefore\n\n"
                        "00:00:02.000 --> 00:00:03.000\nkept\n", encoding="utf-8")
    code, out, _ = run(capsys, "trim", clip_av, "--out", tmp_path / "cut.mp4", "--start", "1.5", "--end", "4",
                       "--captions", captions, "--captions-out", tmp_path / "out.vtt")
    assert code == 0 and "1 cue" in out
    text = (tmp_path / "out.vtt").read_text(encoding="utf-8")
    assert "kept" in text and "before" not in text
    assert "00:00:00.480 --> 00:00:01.480" in text  # the cut snapped to the frame at 1.52 s


def test_tighten_pauses_shortens_speech(capsys, clip_audio_speechlike, tmp_path):
    code, out, err = run(capsys, "trim", clip_audio_speechlike, "--out", tmp_path / "tight.wav", "--tighten-pauses")
    assert code == 0, err
    assert probe(tmp_path / "tight.wav").duration_s < 5.0


def test_tightening_toward_a_length_pauses_cannot_reach_says_so(capsys, clip_audio_speechlike, tmp_path):
    code, out, err = run(capsys, "trim", clip_audio_speechlike, "--out", tmp_path / "tight.wav",
                         "--tighten-pauses", "--to", "1")
    assert code == 0, err
    assert probe(tmp_path / "tight.wav").duration_s > 1.5  # speech is never removed…
    assert "studio: note:" in err and "never removes speech" in err  # …and the user is told


def test_fit_to_a_length(capsys, clip_audio_speechlike, tmp_path):
    code, out, err = run(capsys, "trim", clip_audio_speechlike, "--out", tmp_path / "fit.wav", "--to", "4")
    assert code == 0, err
    assert probe(tmp_path / "fit.wav").duration_s == pytest.approx(4.0, abs=0.1)


def test_trim_can_normalise_loudness_for_mobile(capsys, clip_audio_wav, tmp_path):
    from studio.media.loudness import measure_loudness

    assert abs(measure_loudness(clip_audio_wav).integrated_lufs + 16) > 3  # so the change is visible
    out = tmp_path / "loud.m4a"
    code, stdout, err = run(capsys, "trim", clip_audio_wav, "--out", out, "--start", "0.5", "--loudness", "-16")
    assert code == 0, err
    assert "normalised to -16 LUFS" in stdout
    assert measure_loudness(out).integrated_lufs == pytest.approx(-16, abs=1.0)
    assert probe(out).duration_s == pytest.approx(probe(clip_audio_wav).duration_s - 0.5, abs=0.05)


@pytest.mark.parametrize("fixture, argv, words", [
    ("clip_av", ["trim", "{src}", "--out", "{out}", "--loudness", "loud"], "expected a loudness in LUFS"),
    ("clip_av", ["trim", "{src}", "--out", "{out}", "--loudness", "0"], "between -70 and -5 LUFS"),
    ("bad_zero_byte", ["trim", "{src}", "--out", "{out}"], "empty"),
    ("bad_truncated", ["trim", "{src}", "--out", "{out}"], "not a readable"),
    ("bad_not_media", ["probe", "{src}"], "not a readable"),
    ("clip_av", ["trim", "{src}", "--out", "{out}", "--start", "4", "--end", "2"], "must come before"),
    ("clip_av", ["trim", "{src}", "--out", "{out}", "--end", "00:01:00"], "past the end"),
    ("clip_av", ["trim", "{src}", "--out", "{out}", "--start", "1:75"], "valid time"),
    ("clip_av", ["trim", "{src}", "--out", "{out}", "--captions", "x.vtt"], "go together"),
    ("clip_av", ["trim", "{src}", "--out", "{out}", "--start", "1", "--to", "2"], "whole file"),
    ("clip_av", ["trim", "{src}", "--out", "{src}"], "overwrite the original"),
])
def test_bad_input_is_one_line_and_exit_2(request, capsys, tmp_path, fixture, argv, words):
    src = request.getfixturevalue(fixture)
    argv = [a.format(src=src, out=tmp_path / "out.mp4") for a in argv]
    code, out, err = run(capsys, *argv)
    message = [line for line in err.splitlines() if line.startswith("studio: error:")]
    assert code == 2 and len(message) == 1 and words in message[0]
    assert "Traceback" not in err
    assert not (tmp_path / "out.mp4").exists()


def test_trim_works_on_odd_names(capsys, clip_odd_name, tmp_path):
    code, out, err = run(capsys, "trim", clip_odd_name, "--out", tmp_path / "sortie « finale ».mp4",
                         "--start", "0.5", "--end", "2")
    assert code == 0, err
    assert (tmp_path / "sortie « finale ».mp4").is_file()


@pytest.fixture(scope="session")
def clip_long(make_media):
    """Long enough (30 s) that a re-encode is still running when the test presses Ctrl-C.
    (The test asks for loudness normalisation, which always re-encodes: a smart cut can finish
    before the signal arrives.)"""
    return make_media("clip_long.mp4", [
        "-f", "lavfi", "-i", "testsrc=size=640x480:rate=25:duration=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=30",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"])


@pytest.mark.skipif(sys.platform == "win32", reason="signals to a child process are POSIX")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_cancels_with_exit_130_and_no_output(clip_long, tmp_path, sig):
    out = tmp_path / "cut.mov"
    process = subprocess.Popen([sys.executable, "-m", "studio", "media", "trim", str(clip_long), "--out",
                                str(out), "--start", "0.5", "--loudness", "-16"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 30
    while not any(tmp_path.iterdir()) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)  # wait until the job has begun writing
    time.sleep(0.2)
    process.send_signal(sig)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.strip().splitlines() == ["studio: cancelled; no output written"]
    assert list(tmp_path.iterdir()) == []


def _write(path, text):
    path.write_text(text)
    return path


def test_a_bad_caption_file_stops_the_trim_before_any_media_is_written(capsys, clip_av, tmp_path):
    bad = _write(tmp_path / "bad.vtt", "WEBVTT\n\n00:00:99.000 --> 00:01:00.000\nHello\n")
    out = tmp_path / "cut.mp4"
    code, _, err = run(capsys, "trim", clip_av, "--out", out, "--start", "1", "--end", "2",
                       "--captions", bad, "--captions-out", tmp_path / "cut.vtt")
    assert code == 2 and "bad.vtt line 3" in err
    assert not out.exists()


def test_no_caption_in_the_kept_range_writes_no_caption_file(capsys, clip_av, tmp_path):
    early = _write(tmp_path / "early.srt", "1\n00:00:00,000 --> 00:00:00,500\nHello\n")
    code, out, err = run(capsys, "trim", clip_av, "--out", tmp_path / "cut.mp4", "--start", "1", "--end", "2",
                         "--captions", early, "--captions-out", tmp_path / "cut.srt")
    assert code == 0 and "no caption falls inside the kept range" in err
    assert (tmp_path / "cut.mp4").exists() and not (tmp_path / "cut.srt").exists()


def test_loudness_uses_the_same_range_rules_as_a_plain_trim(capsys, clip_audio_wav, tmp_path):
    code, _, err = run(capsys, "trim", clip_audio_wav, "--out", tmp_path / "x.m4a", "--end", "500",
                       "--loudness", "-16")
    assert code == 2 and "past the end of the media" in err


def test_a_missing_ffmpeg_is_a_message_not_a_traceback(capsys, clip_av, tmp_path, monkeypatch):

    monkeypatch.setenv("STUDIO_FFMPEG", str(tmp_path / "nope"))
    code, _, err = run(capsys, "trim", clip_av, "--out", tmp_path / "x.mp4", "--start", "1", "--end", "2")
    assert code == 2 and "cannot run ffmpeg" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def clip_odd_size(make_media):
    return make_media("clip_odd.mp4", ["-f", "lavfi", "-i", "testsrc=size=63x47:rate=25:duration=3",
                                       "-c:v", "libx264", "-pix_fmt", "yuv444p", "-g", "25"])


@pytest.mark.parametrize("argv", [["--start", "0.5", "--end", "1.5"], ["--to", "1"]], ids=["trim", "fit"])
def test_odd_sized_video_is_re_encoded_to_even_size(capsys, clip_odd_size, tmp_path, argv):
    out = tmp_path / "out.mp4"
    code, _, err = run(capsys, "trim", clip_odd_size, "--out", out, *argv)
    assert code == 0, err
    info = probe(out)
    assert (info.video.width, info.video.height) == (62, 46)
    assert info.duration_s == pytest.approx(1.0, abs=0.05)
