"""EBU R128 measurement and two-pass normalisation on generated tones."""
import pytest

from studio.errors import Cancelled, MediaError
from studio.jobs import CancelToken
from studio.media.loudness import measure_loudness, normalize_loudness
from studio.media.probe import probe

# A 997 Hz sine of amplitude 0.05 peaks at -26 dBFS and measures about -29 LUFS. (997 Hz, the
# usual test tone, never repeats the same samples, so no container prober mistakes it for another.)
QUIET_TONE = ["-f", "lavfi", "-i", "aevalsrc='0.05*sin(2*PI*997*t)':s=48000:d=4"]


@pytest.fixture(scope="module")
def media(make_media):
    return {
        "quiet_wav": make_media("quiet.wav", QUIET_TONE),
        "quiet_mp3": make_media("quiet.mp3", QUIET_TONE),
        "silent": make_media("silent.wav", ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "2"]),
        "av": make_media("quiet_av.mp4", ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=3",
                                          *QUIET_TONE, "-c:v", "libx264", "-pix_fmt", "yuv420p",
                                          "-c:a", "aac", "-shortest"]),
    }


def test_measures_a_known_tone(media):
    loudness = measure_loudness(media["quiet_wav"])

    assert loudness.integrated_lufs == pytest.approx(-29.0, abs=0.5)
    assert loudness.true_peak_db == pytest.approx(-26.0, abs=0.5)


@pytest.mark.parametrize("source, suffix", [("quiet_wav", ".wav"), ("quiet_wav", ".mp3"), ("quiet_mp3", ".m4a")])
def test_a_quiet_recording_is_brought_to_the_target(media, tmp_path, source, suffix):
    out = normalize_loudness(media[source], tmp_path / f"normal{suffix}", target_lufs=-16)

    assert measure_loudness(out).integrated_lufs == pytest.approx(-16, abs=1)
    assert probe(out).duration_s == pytest.approx(4.0, abs=0.03)


def test_peaks_stay_under_the_true_peak_limit(media, tmp_path):
    out = normalize_loudness(media["quiet_wav"], tmp_path / "loud.wav", target_lufs=-6, true_peak_db=-3)

    assert measure_loudness(out).true_peak_db <= -3 + 0.5


def test_a_video_keeps_its_picture_while_its_sound_is_normalised(media, tmp_path):
    out = normalize_loudness(media["av"], tmp_path / "normal.mp4")

    info = probe(out)
    assert info.video.codec == "h264"
    assert info.video.duration_s == pytest.approx(probe(media["av"]).video.duration_s, abs=1 / 25)
    assert measure_loudness(out).integrated_lufs == pytest.approx(-16, abs=1)


def test_progress_covers_both_passes(media, tmp_path):
    reports = []
    normalize_loudness(media["quiet_wav"], tmp_path / "p.wav",
                       progress=lambda fraction, message: reports.append((fraction, message)))

    fractions = [f for f, _ in reports if f is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {m for _, m in reports} >= {"Measuring loudness", "Normalising loudness"}


def test_cancel_leaves_no_output(media, tmp_path):
    token = CancelToken()

    with pytest.raises(Cancelled):
        normalize_loudness(media["quiet_wav"], tmp_path / "out.wav",
                           progress=lambda fraction, message: token.cancel(), cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_silence_cannot_be_normalised(media, tmp_path):
    with pytest.raises(MediaError, match="silent") as error:
        normalize_loudness(media["silent"], tmp_path / "out.wav")
    assert "silent.wav" in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_video_without_sound_is_refused_by_name(clip_video_only):
    with pytest.raises(MediaError, match="no audio track") as error:
        measure_loudness(clip_video_only)
    assert clip_video_only.name in str(error.value)


@pytest.mark.parametrize("target, peak, message", [(-80, -1.5, "-70…-5 LUFS"), (-16, 3, "-9…0 dBTP")])
def test_targets_outside_the_standard_ranges_are_refused(media, tmp_path, target, peak, message):
    with pytest.raises(MediaError, match=message):
        normalize_loudness(media["quiet_wav"], tmp_path / "out.wav", target, peak)


@pytest.mark.parametrize("bad", ["bad_zero_byte", "bad_not_media"])
def test_unreadable_files_are_refused_by_name(request, tmp_path, bad):
    path = request.getfixturevalue(bad)

    with pytest.raises(MediaError) as error:
        normalize_loudness(path, tmp_path / "out.m4a")
    assert path.name in str(error.value)
    assert list(tmp_path.iterdir()) == []
