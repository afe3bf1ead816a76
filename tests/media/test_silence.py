"""Pause detection on real audio generated with lavfi: tones separated by known silences."""
import subprocess

import pytest

from studio.errors import Cancelled, MediaError
from studio.jobs import CancelToken
from studio.media.binaries import ffmpeg_exe
from studio.media.silence import Silence, detect_silences, parse_silencedetect

# Tone 0–1.5 s, silence 1.5–3.0, tone 3.0–4.5, silence 4.5–6.0, tone 6.0–7.5.
SPEECHLIKE = "aevalsrc='0.5*sin(2*PI*440*t)*lt(mod(t\\,3)\\,1.5)':s=44100:d=7.5"
EXPECTED = [(1.5, 3.0), (4.5, 6.0)]


def _lavfi(out, *inputs_and_options):
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *inputs_and_options, str(out)],
                   check=True)
    return out


@pytest.fixture(scope="module")
def speechlike(tmp_path_factory):
    folder = tmp_path_factory.mktemp("silence")
    return {ext: _lavfi(folder / f"speech.{ext}", "-f", "lavfi", "-i", SPEECHLIKE)
            for ext in ("wav", "mp3", "m4a")}


@pytest.fixture(scope="module")
def video_only(tmp_path_factory):
    out = tmp_path_factory.mktemp("silence_video") / "video_only.mp4"
    return _lavfi(out, "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2", "-c:v", "libx264")


@pytest.mark.parametrize("ext, tolerance_s", [("wav", 0.02), ("mp3", 0.06), ("m4a", 0.06)])
def test_finds_each_pause_where_it_is(speechlike, ext, tolerance_s):
    silences = detect_silences(speechlike[ext])

    assert len(silences) == len(EXPECTED)
    for found, (start, end) in zip(silences, EXPECTED):
        assert found.start_s == pytest.approx(start, abs=tolerance_s)
        assert found.end_s == pytest.approx(end, abs=tolerance_s)


def test_pauses_shorter_than_the_minimum_are_ignored(speechlike):
    assert detect_silences(speechlike["wav"], min_silence_s=2.0) == []


def test_reports_progress_up_to_done(speechlike):
    reports = []
    detect_silences(speechlike["wav"], progress=lambda fraction, message: reports.append(fraction))

    assert reports[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in reports if f is not None)


def test_a_cancelled_scan_raises_cancelled(speechlike):
    token = CancelToken()
    token.cancel()

    with pytest.raises(Cancelled):
        detect_silences(speechlike["wav"], cancel=token)


def test_a_video_without_sound_is_refused_by_name(video_only):
    with pytest.raises(MediaError, match="no audio track") as error:
        detect_silences(video_only)
    assert "video_only.mp4" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"this is not audio at all" * 50])
def test_unreadable_files_are_refused_by_name(tmp_path, content):
    bad = tmp_path / "lecture.mp3"
    bad.write_bytes(content)

    with pytest.raises(MediaError) as error:
        detect_silences(bad)
    assert "lecture.mp3" in str(error.value)


def test_log_parsing_clips_priming_and_closes_a_pause_running_to_the_end():
    log = ("[silencedetect @ 0x1] silence_start: -0.0213\n"
           "[silencedetect @ 0x1] silence_end: 0.8 | silence_duration: 0.82\n"
           "[silencedetect @ 0x1] silence_start: 9.25\n")

    assert parse_silencedetect(log, duration_s=10.0) == [Silence(0.0, 0.8), Silence(9.25, 10.0)]
