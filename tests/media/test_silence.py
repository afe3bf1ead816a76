"""Pause detection on real audio generated with lavfi: tones separated by known silences."""
import pytest

from studio.errors import Cancelled, MediaError
from studio.jobs import CancelToken
from studio.media.silence import Silence, detect_silences, parse_silencedetect

EXPECTED = [(1.0, 2.5), (3.5, 5.0)]   # the silent stretches of clip_audio_speechlike


@pytest.fixture(scope="module")
def speechlike(clip_audio_speechlike, make_media):
    return {"wav": clip_audio_speechlike,
            "mp3": make_media("speechlike.mp3", ["-i", str(clip_audio_speechlike), "-c:a", "libmp3lame"]),
            "m4a": make_media("speechlike.m4a", ["-i", str(clip_audio_speechlike), "-c:a", "aac"])}


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


def test_a_video_without_sound_is_refused_by_name(clip_video_only):
    with pytest.raises(MediaError, match="no audio track") as error:
        detect_silences(clip_video_only)
    assert clip_video_only.name in str(error.value)


@pytest.mark.parametrize("bad", ["bad_zero_byte", "bad_not_media", "bad_truncated"])
def test_unreadable_files_are_refused_by_name(request, bad):
    path = request.getfixturevalue(bad)

    with pytest.raises(MediaError) as error:
        detect_silences(path)
    assert path.name in str(error.value)


def test_log_parsing_clips_priming_and_closes_a_pause_running_to_the_end():
    log = ("[silencedetect @ 0x1] silence_start: -0.0213\n"
           "[silencedetect @ 0x1] silence_end: 0.8 | silence_duration: 0.82\n"
           "[silencedetect @ 0x1] silence_start: 9.25\n")

    assert parse_silencedetect(log, duration_s=10.0) == [Silence(0.0, 0.8), Silence(9.25, 10.0)]
