"""Rendering cut plans with real ffmpeg: lengths, sync, clicks at joins, cancel, bad input."""
import wave
from array import array

import pytest

from studio.errors import Cancelled, MediaError
from studio.jobs import CancelToken
from studio.media.loudness import measure_loudness
from studio.media.plan import CutPlan
from studio.media.probe import probe
from studio.media.render import render_plan

TONE_HZ = 440
AMPLITUDE = 1 / 8   # lavfi's sine source, as in clip_audio_wav


@pytest.fixture(scope="module")
def media(make_media, clip_av, clip_video_only, clip_audio_wav):
    ntsc = make_media("clip_ntsc.mp4", [
        "-f", "lavfi", "-i", "testsrc=size=160x120:rate=30000/1001:duration=4",
        "-f", "lavfi", "-i", "sine=f=300:d=4:sample_rate=44100",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"])
    return {"av": clip_av, "ntsc": ntsc, "video_only": clip_video_only, "tone": clip_audio_wav}


def _plan_for(path, *kept):
    return CutPlan(probe(path).duration_s, tuple(kept))


def _assert_lasts(path, expected_s, tolerance_s):
    info = probe(path)
    assert info.duration_s == pytest.approx(expected_s, abs=tolerance_s)
    for stream in (info.video, info.audio):
        if stream is not None:
            assert stream.duration_s == pytest.approx(expected_s, abs=tolerance_s)


def test_video_cut_lasts_the_plan_with_picture_and_sound_in_step(media, tmp_path):
    plan = _plan_for(media["av"], (0.0, 1.013), (1.7, 2.33), (3.1, 4.77))
    out = render_plan(media["av"], tmp_path / "cut.mp4", plan)

    info = probe(out)
    assert (info.video.codec, info.audio.codec) == ("h264", "aac")
    _assert_lasts(out, plan.output_duration_s, tolerance_s=1 / 25)
    assert info.video.duration_s == pytest.approx(info.audio.duration_s, abs=1 / 25)


def test_many_short_cuts_at_29_97_fps_do_not_drift(media, tmp_path):
    kept = tuple((i * 0.1, i * 0.1 + 0.047 + (i % 3) * 0.011) for i in range(38))
    plan = _plan_for(media["ntsc"], *kept)
    out = render_plan(media["ntsc"], tmp_path / "choppy.mp4", plan)

    _assert_lasts(out, plan.output_duration_s, tolerance_s=1001 / 30000)


@pytest.mark.parametrize("suffix, codec", [(".mp3", "mp3"), (".m4a", "aac"), (".wav", "pcm_s16le")])
def test_audio_cut_uses_the_codec_of_its_extension_and_lasts_the_plan(media, tmp_path, suffix, codec):
    plan = _plan_for(media["tone"], (0.25, 1.5), (2.0, 3.61))
    out = render_plan(media["tone"], tmp_path / f"cut{suffix}", plan)

    info = probe(out)
    assert info.audio.codec.startswith(codec) and info.video is None  # PyAV names the decoder ("mp3float")
    _assert_lasts(out, plan.output_duration_s, tolerance_s=0.010)


def test_a_video_can_be_cut_to_its_soundtrack_alone(media, tmp_path):
    plan = _plan_for(media["av"], (1.0, 2.5))
    out = render_plan(media["av"], tmp_path / "soundtrack.m4a", plan)

    assert probe(out).video is None
    _assert_lasts(out, 1.5, tolerance_s=0.010)


def test_a_silent_video_is_cut_without_inventing_sound(media, tmp_path):
    plan = _plan_for(media["video_only"], (0.0, 1.0), (2.0, 3.0), (4.0, 4.5))
    out = render_plan(media["video_only"], tmp_path / "mute.mp4", plan)

    assert probe(out).audio is None
    _assert_lasts(out, 2.5, tolerance_s=1 / 25)


def _largest_step(path):
    with wave.open(str(path)) as reader:
        samples = array("h", reader.readframes(reader.getnframes()))
    return max(abs(b - a) for a, b in zip(samples, samples[1:]))


def _peak_to_trough_plan(path):
    """Cut from a crest of the tone straight to a trough: the worst click there is."""
    crest = (TONE_HZ + 0.25) / TONE_HZ
    trough = (2 * TONE_HZ + 0.75) / TONE_HZ
    return _plan_for(path, (0.0, crest), (trough, 4.0))


def test_joins_are_faded_so_they_do_not_click(media, tmp_path):
    natural_step = AMPLITUDE * 32767 * 2 * 3.14159 * TONE_HZ / 48000
    out = render_plan(media["tone"], tmp_path / "smooth.wav", _peak_to_trough_plan(media["tone"]))

    assert _largest_step(out) < 2 * natural_step


def test_without_fades_the_same_join_clicks(media, tmp_path):
    natural_step = AMPLITUDE * 32767 * 2 * 3.14159 * TONE_HZ / 48000
    out = render_plan(media["tone"], tmp_path / "click.wav", _peak_to_trough_plan(media["tone"]), fade_s=0.0)

    assert _largest_step(out) > 10 * natural_step


def test_loudness_target_applies_to_the_cut(media, tmp_path):
    plan = _plan_for(media["tone"], (0.0, 1.0), (2.0, 3.5))
    out = render_plan(media["tone"], tmp_path / "loud.m4a", plan, loudness_lufs=-16)

    assert measure_loudness(out).integrated_lufs == pytest.approx(-16, abs=1)
    _assert_lasts(out, 2.5, tolerance_s=0.010)


def test_loudness_of_a_video_without_sound_is_refused(media, tmp_path):
    with pytest.raises(MediaError, match="no audio track"):
        render_plan(media["video_only"], tmp_path / "out.mp4", _plan_for(media["video_only"], (0.0, 1.0)),
                    loudness_lufs=-16)
    assert list(tmp_path.iterdir()) == []


def test_progress_rises_to_done(media, tmp_path):
    reports = []
    render_plan(media["av"], tmp_path / "p.mp4", _plan_for(media["av"], (0.5, 4.5)),
                progress=lambda fraction, message: reports.append(fraction))

    fractions = [f for f in reports if f is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_cancel_leaves_neither_output_nor_temp_files(media, tmp_path):
    token = CancelToken()
    out = tmp_path / "cancelled.mp4"

    with pytest.raises(Cancelled):
        render_plan(media["av"], out, _plan_for(media["av"], (0.0, 5.0)),
                    progress=lambda fraction, message: token.cancel(), cancel=token)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_keeps_the_previous_output(media, tmp_path):
    out = tmp_path / "lesson.mp4"
    out.write_bytes(b"the previous render")
    wrong = CutPlan(99.0, ((0.0, 50.0),))

    with pytest.raises(MediaError, match="made for a 99.00 s file") as error:
        render_plan(media["av"], out, wrong)
    assert media["av"].name in str(error.value)
    assert out.read_bytes() == b"the previous render"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson.mp4"]


@pytest.mark.parametrize("plan, message", [
    (CutPlan(5.0, ()), "keeps nothing"),
    (CutPlan(5.0, ((1.0, 1.01),)), "less than one frame"),
])
def test_plans_that_keep_nothing_usable_are_refused(media, tmp_path, plan, message):
    with pytest.raises(MediaError, match=message):
        render_plan(media["av"], tmp_path / "out.mp4", plan)
    assert list(tmp_path.iterdir()) == []


def test_the_original_is_never_overwritten(media):
    before = media["tone"].read_bytes()

    with pytest.raises(MediaError, match="overwrite the original"):
        render_plan(media["tone"], media["tone"], _plan_for(media["tone"], (0.0, 1.0)))
    assert media["tone"].read_bytes() == before


def test_an_unknown_output_kind_is_refused(media, tmp_path):
    with pytest.raises(MediaError, match=r"\.mp4 for video"):
        render_plan(media["tone"], tmp_path / "cut.txt", _plan_for(media["tone"], (0.0, 1.0)))


@pytest.mark.parametrize("bad", ["bad_zero_byte", "bad_not_media", "bad_truncated"])
def test_unreadable_sources_are_refused_by_name(request, tmp_path, bad):
    path = request.getfixturevalue(bad)

    with pytest.raises(MediaError) as error:
        render_plan(path, tmp_path / "out.mp4", CutPlan(5.0, ((0.0, 1.0),)))
    assert path.name in str(error.value)
    assert list(tmp_path.iterdir()) == []
