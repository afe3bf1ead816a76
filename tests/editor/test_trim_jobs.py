"""The trim editor's Qt-free side: its jobs on real lavfi media, the plans, the command and the budget."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from studio.editor import trim_jobs
from studio.editor.session import open_course
from studio.errors import Cancelled
from studio.jobs import CancelToken
from studio.media.binaries import ffmpeg_exe
from studio.media.silence import Silence

GATE = "between(mod(t,2.5),0,1)"    # 1 s of tone, 1.5 s of silence, again and again


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def speech_clip(tmp_path_factory) -> Path:
    """10 s of testsrc with tone bursts and pauses (0-1 tone, 1-2.5 silent, 2.5-3.5 tone, …)."""
    out = tmp_path_factory.mktemp("trim") / "talk.mp4"
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=10",
            "-f", "lavfi", "-i", f"aevalsrc='0.5*sin(2*PI*300*t)*{GATE}':s=48000:d=10",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(out))
    return out


def test_jobs_compute_once_per_file(speech_clip):
    cache = trim_jobs.PreviewCache()
    seen = []
    peaks = cache.peaks_job(speech_clip, 200)(progress=lambda f, m: seen.append(f))
    assert len(peaks) == 200 and seen[-1] == 1.0
    assert max(high for _, high in peaks) > 0.4                 # the tone bursts
    assert max(high for _, high in peaks[30:45]) < 0.01         # 1.5-2.25 s is silent
    thumbs = cache.filmstrip_job(speech_clip, count=5, height=32)()
    assert [round(t.time_s, 2) for t in thumbs] == [1.0, 3.0, 5.0, 7.0, 9.0]
    assert all(t.jpeg[:2] == b"\xff\xd8" for t in thumbs)       # JPEG bytes, decoded by the UI
    silences = cache.silences_job(speech_clip)()
    assert len(silences) >= 3 and all(s.duration_s >= 1.0 for s in silences)
    # Asking again (the editor reopened) returns the kept results without running ffmpeg.
    assert cache.peaks_job(speech_clip, 200)() is peaks
    assert cache.filmstrip_job(speech_clip, count=5, height=32)() is thumbs
    assert cache.silences_job(speech_clip)() is silences
    assert [what for what, _ in cache.computed] == ["peaks:200", "filmstrip:5:32", "silences"]


def test_a_cancelled_job_keeps_nothing(speech_clip):
    cache = trim_jobs.PreviewCache()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        cache.peaks_job(speech_clip)(cancel=token)
    with pytest.raises(Cancelled):
        cache.filmstrip_job(speech_clip, count=3, height=32)(cancel=token)
    assert cache.computed == []


def test_captions_job_reads_the_cues(tmp_path):
    vtt = tmp_path / "talk.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello there\n\n00:02.500 --> 00:03.500\nLift close\n",
                   encoding="utf-8")
    cues = trim_jobs.captions_job(vtt)()
    assert [(c.start_s, c.end_s, c.text) for c in cues] == [(0.0, 1.0, "Hello there"), (2.5, 3.5, "Lift close")]


SILENCES = [Silence(1.0, 2.5), Silence(3.5, 5.0), Silence(6.0, 7.5), Silence(8.5, 10.0)]


def test_tighten_plan_keeps_speech_and_shortens_inner_pauses():
    plan = trim_jobs.tighten_plan(10.0, 0.0, 10.0, SILENCES)
    assert len(plan.kept) == 4                  # three inner pauses cut, the run-out trimmed
    assert plan.kept[0][0] == 0.0 and plan.kept[-1][1] == pytest.approx(8.7)
    assert trim_jobs.saved_s(plan, 0.0, 10.0) == pytest.approx(3 * 1.1 + 1.3)
    assert trim_jobs.applicable_range(plan) == (0.0, pytest.approx(8.7))
    assert len(trim_jobs.inner_cuts(plan)) == 3


def test_tighten_plan_within_the_handles():
    plan = trim_jobs.tighten_plan(10.0, 2.0, 6.5, SILENCES)
    assert plan.source_duration_s == 10.0
    assert plan.kept[0][0] == pytest.approx(2.3)   # the pause cut at the in point keeps half a gap
    assert plan.kept[-1][1] == pytest.approx(6.2)
    assert all(2.0 <= start < end <= 6.5 for start, end in plan.kept)


def test_fit_plan_is_one_range_the_format_can_hold():
    plan = trim_jobs.fit_plan(10.0, 0.0, 10.0, SILENCES, 6.0)
    assert plan.is_single_range and plan.output_duration_s == pytest.approx(6.0)
    assert plan.notes[0] == "Trimmed the pauses at the start and end (−1.3 s)"
    assert plan.notes[1].startswith("Trimmed the last")
    lead = [Silence(0.0, 2.0), *SILENCES[1:]]
    plan = trim_jobs.fit_plan(10.0, 0.0, 10.0, lead, 6.0)
    assert plan.kept == ((pytest.approx(1.8), pytest.approx(7.8)),)
    assert trim_jobs.fit_plan(10.0, 0.0, 10.0, SILENCES, 12.0).kept == ((0.0, 10.0),)


def test_trim_command_stores_only_what_changed():
    assert (lambda c: (c.in_s, c.out_s))(trim_jobs.trim_command("m", 0, 0.0, 10.0, 10.0)) == (None, None)
    command = trim_jobs.trim_command("m", 2, 1.23456, 8.5, 10.0)
    assert (command.module_id, command.index, command.in_s, command.out_s) == ("m", 2, 1.235, 8.5)


def test_budget_effect_on_the_example_course():
    from studio.resources import example_course
    session = open_course(example_course())
    state = session.state
    module = state.course.modules[0]
    effect = trim_jobs.budget_effect(state, module.id, 0, 10.0, 70.0)
    estimate = state.estimate_of(module.id)
    video_s = state.facts[module.blocks[0].media].duration_s
    assert effect.before_s == estimate.seconds
    assert effect.after_s == pytest.approx(estimate.seconds - video_s + 60.0, abs=0.2)
    assert effect.text.startswith("module ") and "→" in effect.text and effect.text.endswith("of 5–15 min")
    assert trim_jobs.budget_effect(state, module.id, 1, 0.0, 1.0) is None    # a text block


def test_format_length():
    assert trim_jobs.format_length(4.24) == "4.2 s"
    assert trim_jobs.format_length(150.44) == "2:30.4"
