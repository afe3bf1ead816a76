"""Filmstrip and waveform for the trim editor, from generated media with known content."""
import tracemalloc

import av
import pytest

from studio.errors import Cancelled, MediaError
from studio.jobs import CancelToken
from studio.media.previews import filmstrip, waveform_peaks


@pytest.fixture(scope="module")
def media(make_media):
    return {
        # Brightness grows with time (luma = 16 + 40 × t), so a thumbnail shows when it was taken.
        "fade_up": make_media("fade_up.mp4", [
            "-f", "lavfi", "-i", "color=c=black:s=160x120:r=25:d=5,geq=lum='16+40*T':cb=128:cr=128",
            "-c:v", "libx264", "-pix_fmt", "yuv420p"]),
        # One second of silence, then one second of a 0.5 amplitude tone.
        "hush_then_tone": make_media("hush_then_tone.wav", [
            "-f", "lavfi", "-i", "aevalsrc='0.5*sin(2*PI*440*t)*gte(t\\,1)':s=44100:d=2"]),
        "two_minutes": make_media("two_minutes.wav", ["-f", "lavfi", "-i", "sine=f=300:sample_rate=8000:d=120"]),
    }


def _brightness_and_size(jpeg):
    with av.open(str(jpeg)) as container:
        frame = next(container.decode(video=0)).reformat(format="gray")
    plane = frame.planes[0]
    data = bytes(plane)
    total = sum(sum(data[row * plane.line_size: row * plane.line_size + frame.width])
                for row in range(frame.height))
    return total / (frame.width * frame.height), (frame.width, frame.height)


def test_filmstrip_has_evenly_spaced_thumbnails_of_the_asked_height(media, tmp_path):
    paths = filmstrip(media["fade_up"], tmp_path / "strip", count=10, height=72)

    assert [p.name for p in paths] == [f"thumb_{i:03d}.jpg" for i in range(1, 11)]
    measured = [_brightness_and_size(p) for p in paths]
    assert {size for _, size in measured} == {(96, 72)}
    levels = [level for level, _ in measured]
    steps = [b - a for a, b in zip(levels, levels[1:])]
    expected_step = 40 * 5 / 10 * 255 / 219   # 0.5 s apart, video range stretched to JPEG's full range
    assert all(step == pytest.approx(expected_step, rel=0.3) for step in steps)


def test_filmstrip_leaves_only_the_thumbnails(media, tmp_path):
    filmstrip(media["fade_up"], tmp_path, count=14)

    assert sorted(p.name for p in tmp_path.iterdir()) == [f"thumb_{i:03d}.jpg" for i in range(1, 15)]


def test_cancelled_filmstrip_leaves_nothing(media, tmp_path):
    token = CancelToken()
    token.cancel()

    with pytest.raises(Cancelled):
        filmstrip(media["fade_up"], tmp_path, cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_filmstrip_of_audio_is_refused_by_name(media, tmp_path):
    with pytest.raises(MediaError, match="no video track") as error:
        filmstrip(media["hush_then_tone"], tmp_path)
    assert "hush_then_tone.wav" in str(error.value)


def test_waveform_shows_silence_then_the_tone(media):
    peaks = waveform_peaks(media["hush_then_tone"], buckets=100)

    assert len(peaks) == 100
    assert all(abs(low) < 0.01 and abs(high) < 0.01 for low, high in peaks[:49])
    assert all(low == pytest.approx(-0.5, abs=0.03) and high == pytest.approx(0.5, abs=0.03)
               for low, high in peaks[51:])


def test_waveform_streams_instead_of_holding_the_recording(media):
    """Two minutes decode to 1.9 MB of samples; the job holds only a chunk at a time."""
    tracemalloc.start()
    try:
        peaks = waveform_peaks(media["two_minutes"], buckets=1000)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(peaks) == 1000 and min(high for _, high in peaks) > 0.1
    assert peak_bytes < 600_000


def test_waveform_reports_progress_and_can_be_cancelled(media):
    token = CancelToken()
    reports = []

    def on_progress(fraction, message):
        reports.append(fraction)
        token.cancel()

    with pytest.raises(Cancelled):
        waveform_peaks(media["two_minutes"], progress=on_progress, cancel=token)
    assert len(reports) == 1 and 0.0 < reports[0] < 0.2


def test_waveform_of_a_silent_video_is_refused_by_name(media):
    with pytest.raises(MediaError, match="no audio track") as error:
        waveform_peaks(media["fade_up"])
    assert "fade_up.mp4" in str(error.value)


@pytest.mark.parametrize("bad", ["bad_zero_byte", "bad_not_media", "bad_truncated"])
def test_unreadable_files_are_refused_by_name(request, tmp_path, bad):
    path = request.getfixturevalue(bad)

    for make_preview in (lambda: waveform_peaks(path), lambda: filmstrip(path, tmp_path)):
        with pytest.raises(MediaError) as error:
            make_preview()
        assert path.name in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_waveform_without_ffmpeg_is_a_message(clip_audio_wav, tmp_path, monkeypatch):
    from studio.errors import MediaError
    from studio.media.previews import waveform_peaks

    monkeypatch.setenv("STUDIO_FFMPEG", str(tmp_path / "nope"))
    with pytest.raises(MediaError, match="cannot run ffmpeg"):
        waveform_peaks(clip_audio_wav, buckets=10)
