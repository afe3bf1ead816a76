"""probe(), keyframes() and the ffprobe normaliser, on real clips made with lavfi."""
from __future__ import annotations

import pytest

from studio.errors import MediaError
from studio.media.probe import keyframes, probe, probe_from_ffprobe_json


def test_probe_reports_the_streams_of_an_av_clip(clip_av):
    info = probe(clip_av)
    assert info.duration_s == pytest.approx(5.0, abs=0.04)
    assert (info.video.codec, info.video.width, info.video.height) == ("h264", 320, 240)
    assert info.video.fps == pytest.approx(25.0)
    assert info.video.frame_count == 125
    assert info.video.rotation == 0
    assert info.video.variable_frame_rate is False
    assert (info.audio.codec, info.audio.sample_rate, info.audio.channels) == ("aac", 48000, 2)


def test_keyframes_are_the_gop_starts(clip_av):
    assert keyframes(clip_av) == pytest.approx([0.0, 2.0, 4.0], abs=1e-6)


def test_audio_files_have_no_keyframes_and_no_video(clip_audio_mp3):
    info = probe(clip_audio_mp3)
    assert not info.has_video and info.audio.codec == "mp3"
    assert keyframes(clip_audio_mp3) == []


def test_rotation_comes_from_the_display_matrix(clip_rotated):
    assert probe(clip_rotated).video.rotation == 90


def test_variable_frame_rate_is_detected(clip_vfr, clip_video_only):
    assert probe(clip_vfr).video.variable_frame_rate is True
    assert probe(clip_video_only).video.variable_frame_rate is False


def test_names_with_spaces_quotes_and_accents_probe(clip_odd_name):
    assert probe(clip_odd_name).duration_s == pytest.approx(3.0, abs=0.05)


@pytest.mark.parametrize("fixture, words", [("bad_zero_byte", "empty"), ("bad_truncated", "not a readable"),
                                            ("bad_not_media", "not a readable")])
def test_bad_files_raise_a_media_error_naming_the_file(request, fixture, words):
    path = request.getfixturevalue(fixture)
    with pytest.raises(MediaError) as caught:
        probe(path)
    assert words in str(caught.value) and path.name in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(MediaError, match="not found"):
        probe(tmp_path / "nope.mp4")


# What `ffprobe -show_format -show_streams -of json` prints for a rotated phone video.
FFPROBE_JSON = {
    "streams": [
        {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 1920, "height": 1080,
         "r_frame_rate": "30/1", "avg_frame_rate": "30/1", "duration": "12.000000", "nb_frames": "360",
         "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}],
         "disposition": {"default": 1, "attached_pic": 0}},
        {"index": 1, "codec_name": "aac", "codec_type": "audio", "sample_rate": "44100", "channels": 1,
         "duration": "11.981000"},
    ],
    "format": {"filename": "phone.mov", "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "12.010000"},
}


def test_ffprobe_json_is_normalised_into_the_same_dataclass():
    info = probe_from_ffprobe_json(FFPROBE_JSON, "phone.mov")
    assert info.duration_s == pytest.approx(12.01)
    assert (info.video.width, info.video.height, info.video.fps) == (1920, 1080, 30.0)
    assert info.video.rotation == -90 and info.video.frame_count == 360
    assert info.video.variable_frame_rate is False
    assert (info.audio.codec, info.audio.sample_rate, info.audio.channels) == ("aac", 44100, 1)
    assert info.streams == ("video:h264", "audio:aac")


def test_ffprobe_json_variable_rate_and_rotate_tag():
    data = {"streams": [{"codec_type": "video", "codec_name": "h264", "width": 640, "height": 480,
                         "r_frame_rate": "30/1", "avg_frame_rate": "2997/125", "tags": {"rotate": "90"}}],
            "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "3.0"}}
    video = probe_from_ffprobe_json(data, "x.mp4").video
    assert video.variable_frame_rate is True
    assert video.rotation == -90  # the old tag counts clockwise, the display matrix counter-clockwise


def test_ffprobe_json_without_streams_is_a_media_error():
    with pytest.raises(MediaError, match="no audio or video"):
        probe_from_ffprobe_json({"streams": [], "format": {}}, "x.mp4")
