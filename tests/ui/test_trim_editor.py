"""The trim editor on real clips (ffmpeg lavfi) in a real course session, offscreen."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from studio.editor import trim_jobs
from studio.editor.commands import TrimClip
from studio.editor.session import open_course
from studio.media.binaries import ffmpeg_exe
from studio.ui.trim_editor import PLAYBACK_UNAVAILABLE, TrimEditor, load_multimedia

JOB_TIMEOUT_MS = 30_000
GATE = "between(mod(t,2.5),0,1)"   # 1 s of tone then 1.5 s of silence, as speech with pauses
COURSE = """format: microstudio/1
title: Trim test
language: en
modules:
  - id: talk
    title: A talk with pauses
    profile: nano
    objective: Identify the pauses in a talk
    blocks:
      - type: video
        media: talk.mp4
        captions: talk.vtt
      - type: text
        markdown: Some words to read.
      - type: audio
        media: tone.wav
"""
VTT = ("WEBVTT\n\n00:00.000 --> 00:01.000\nFirst burst\n\n00:02.500 --> 00:03.500\nSecond burst\n\n"
       "00:05.000 --> 00:06.000\nThird burst\n")


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("trim-media")
    # 40 s: long enough that a filmstrip is still being made when the test cancels it.
    _ffmpeg("-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=40",
            "-f", "lavfi", "-i", f"aevalsrc='0.5*sin(2*PI*300*t)*{GATE}':s=48000:d=40",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
            "-c:a", "aac", "-shortest", str(folder / "talk.mp4"))
    _ffmpeg("-f", "lavfi", "-i", f"aevalsrc='0.5*sin(2*PI*300*t)*{GATE}':s=48000:d=6",
            "-c:a", "pcm_s16le", str(folder / "tone.wav"))
    return folder


@pytest.fixture
def session(media, tmp_path):
    for name in ("talk.mp4", "tone.wav"):
        shutil.copyfile(media / name, tmp_path / name)
    (tmp_path / "talk.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "course.yaml").write_text(COURSE, encoding="utf-8")
    with open_course(tmp_path / "course.yaml") as session:
        yield session


@pytest.fixture
def open_editor(qtbot, session):
    made = []

    def make(index: int = 0, cache: trim_jobs.PreviewCache | None = None, **kwargs) -> TrimEditor:
        block = session.state.course.module("talk").blocks[index]
        dialog = TrimEditor(None, session.state, "talk", index, session.media_resolver()(block.media),
                            cache=cache or trim_jobs.PreviewCache(), **kwargs)
        qtbot.addWidget(dialog)
        dialog.resize(1000, 660)
        dialog.show()
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        dialog.done(0)
        assert dialog.runner._pool.activeThreadCount() == 0
        qtbot.waitUntil(lambda: dialog.runner.active == [], timeout=JOB_TIMEOUT_MS)


def wait_jobs(qtbot, dialog: TrimEditor) -> None:
    qtbot.waitUntil(lambda: not dialog.jobs, timeout=JOB_TIMEOUT_MS)


def test_previews_run_to_completion_and_are_kept_for_the_session(qtbot, open_editor):
    cache = trim_jobs.PreviewCache()
    dialog = open_editor(cache=cache)
    assert set(dialog.jobs) == {"waveform", "filmstrip", "captions"}
    assert dialog.job_rows["filmstrip"].isVisible()          # progress and Cancel while it runs
    wait_jobs(qtbot, dialog)
    timeline = dialog.timeline
    assert len(timeline.peaks) == trim_jobs.PEAK_BUCKETS and max(h for _, h in timeline.peaks) > 0.4
    assert len(timeline.thumbnails) == trim_jobs.THUMB_COUNT
    assert all(not pixmap.isNull() and pixmap.height() == trim_jobs.THUMB_HEIGHT for _, pixmap in timeline.thumbnails)
    assert [c.text for c in timeline.cues] == ["First burst", "Second burst", "Third burst"]
    assert dialog.job_rows == {} and dialog.runner.active == []
    assert not dialog.preview.pixmap().isNull() or dialog.player is not None   # the picture at the playhead
    dialog.done(0)

    again = open_editor(cache=cache)
    wait_jobs(qtbot, again)
    assert len(again.timeline.thumbnails) == trim_jobs.THUMB_COUNT
    assert sorted(what for what, _ in cache.computed) == ["filmstrip:24:64", f"peaks:{trim_jobs.PEAK_BUCKETS}"]


def test_cancel_one_job_midway_leaves_nothing_running(qtbot, open_editor):
    cache = trim_jobs.PreviewCache()
    dialog = open_editor(cache=cache)
    row = dialog.job_rows["filmstrip"]
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)      # the row's Cancel
    qtbot.waitUntil(lambda: "filmstrip" not in dialog.jobs, timeout=JOB_TIMEOUT_MS)
    assert row.state == "stopped" and row.label.text() == "Filmstrip cancelled" and row.button.text() == "Retry"
    assert dialog.timeline.thumbnails == [] and dialog.timeline.lane_notes["film"] == "Filmstrip cancelled"
    wait_jobs(qtbot, dialog)                                       # the others carry on to the end
    assert dialog.timeline.peaks and dialog.timeline.cues
    assert dialog.runner.active == [] and dialog.runner._pool.waitForDone(5_000)
    assert dialog.runner._pool.activeThreadCount() == 0
    assert "filmstrip:24:64" not in [what for what, _ in cache.computed]
    # Retry makes it after all.
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot, dialog)
    assert len(dialog.timeline.thumbnails) == trim_jobs.THUMB_COUNT


def test_closing_cancels_running_jobs(qtbot, open_editor):
    dialog = open_editor()
    jobs = list(dialog.jobs.values())
    assert jobs
    dialog.reject()
    assert all(job.token.is_cancelled for job in jobs) and not dialog.isVisible()
    assert dialog.runner._pool.activeThreadCount() == 0          # closing waited for them to stop
    qtbot.waitUntil(lambda: not dialog.jobs, timeout=JOB_TIMEOUT_MS)
    assert dialog.timeline.thumbnails == [] and dialog.cache.computed == []


def test_keyboard_and_drag_move_the_handles_and_the_fields_follow(qtbot, open_editor):
    dialog = open_editor()
    timeline = dialog.timeline
    timeline.setFocus()
    assert timeline.step_s == pytest.approx(0.04)                  # one frame at 25 fps
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert timeline.in_s == pytest.approx(0.04)
    qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.in_s == pytest.approx(0.44)
    assert dialog.in_field.text() == "00:00:00.440"
    qtbot.keyClick(timeline, Qt.Key.Key_BracketRight)             # the out handle
    qtbot.keyClick(timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert timeline.out_s == pytest.approx(39.6)
    assert dialog.out_field.text() == "00:00:39.600"
    qtbot.keyClick(timeline, Qt.Key.Key_End)
    assert timeline.out_s == pytest.approx(40.0) and dialog.out_field.text() == "00:00:40"

    y = round(timeline.height() / 2)
    start = QPoint(round(timeline.x_of(timeline.in_s)), y)
    target = QPoint(round(timeline.x_of(10.0)), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(timeline, target)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=target)
    assert timeline.in_s == pytest.approx(timeline.time_at(target.x()), abs=0.04)
    assert round(timeline.in_s / 0.04, 6) == round(timeline.in_s / 0.04)   # on a frame
    assert dialog.in_field.text() == f"00:00:{timeline.in_s:06.3f}".rstrip("0").rstrip(".")
    assert dialog.kept_label.text().startswith(f"Kept {trim_jobs.format_length(40.0 - timeline.in_s)}")
    assert dialog.budget_label.text().startswith("Module 0:47 → 0:") and "of 1–3 min" in dialog.budget_label.text()

    dialog.in_field.setText("00:00:02.5")
    dialog.in_field.editingFinished.emit()
    assert timeline.in_s == 2.5
    dialog.out_field.setText("31")
    dialog.out_field.editingFinished.emit()
    assert timeline.out_s == 31.0 and dialog.out_field.text() == "00:00:31"
    dialog.out_field.setText("later")
    dialog.out_field.editingFinished.emit()
    assert timeline.out_s == 31.0 and "expected seconds" in dialog.out_field.toolTip()


def test_accept_gives_one_trim_that_is_one_undo_step(qtbot, open_editor, session):
    dialog = open_editor()
    assert not dialog.accept_button.isEnabled()                   # nothing changed yet
    dialog.set_range(2.5, 31.0)
    before = session.state.estimate_of("talk").seconds
    assert dialog.budget_effect.after_s == pytest.approx(before - 40.0 + 28.5, abs=0.2)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    command = dialog.accepted_command
    assert isinstance(command, TrimClip)
    assert (command.module_id, command.index, command.in_s, command.out_s) == ("talk", 0, 2.5, 31.0)
    original = session.state.course
    session.edit(command)
    block = session.state.course.module("talk").blocks[0]
    assert (block.in_s, block.out_s) == (2.5, 31.0)
    assert session.history.undo_label == "Trim clip"
    assert session.state.estimate_of("talk").seconds == pytest.approx(dialog.budget_effect.after_s)
    session.undo()
    assert session.state.course == original and not session.history.can_undo


def test_tighten_pauses_draws_the_plan_and_accept_applies_what_the_format_holds(qtbot, open_editor, session):
    dialog = open_editor()
    wait_jobs(qtbot, dialog)
    qtbot.mouseClick(dialog.tighten_button, Qt.MouseButton.LeftButton)
    assert "pauses" in dialog.jobs and dialog.job_rows["pauses"].isVisible()
    wait_jobs(qtbot, dialog)
    plan = dialog.plan
    assert plan is not None and len(plan.kept) > 10               # 15 inner pauses of 1.5 s
    assert dialog.timeline.plan_kept == plan.kept
    saved = trim_jobs.saved_s(plan, 0.0, 40.0)
    assert saved > 15
    assert f"{trim_jobs.format_length(saved)} saved" in dialog.plan_label.text()
    assert "no cuts: field" in dialog.format_note.text() and "stay in the clip" in dialog.format_note.text()
    # Moving a handle re-plans at once from the same detection.
    dialog.set_range(5.0, 40.0)
    assert dialog.plan.kept[0][0] >= 5.0 and "pauses" not in dialog.jobs
    span = trim_jobs.applicable_range(dialog.plan)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    command = dialog.accepted_command
    assert (command.in_s, command.out_s) == (round(span[0], 3), round(span[1], 3))
    session.edit(command)
    session.undo()
    assert not session.history.can_undo


def test_fit_to_minutes_replans_instantly(qtbot, open_editor):
    dialog = open_editor(cache=trim_jobs.PreviewCache())
    qtbot.mouseClick(dialog.fit_button, Qt.MouseButton.LeftButton)
    wait_jobs(qtbot, dialog)
    computed = list(dialog.cache.computed)
    dialog.fit_minutes.setValue(0.5)
    assert dialog.plan.is_single_range and dialog.plan.output_duration_s == pytest.approx(30.0)
    dialog.fit_minutes.setValue(0.25)
    assert dialog.plan.output_duration_s == pytest.approx(15.0)
    assert dialog.cache.computed == computed                       # no new scan
    assert dialog.command().out_s == pytest.approx(dialog.plan.kept[0][1], abs=0.001)
    qtbot.mouseClick(dialog.clear_plan_button, Qt.MouseButton.LeftButton)
    assert dialog.plan is None and dialog.timeline.plan_kept is None


def test_playback_unavailable_shows_the_note(qtbot, open_editor):
    dialog = open_editor(playback=False)
    assert dialog.player is None
    assert dialog.playback_label.text().startswith(PLAYBACK_UNAVAILABLE)
    assert not dialog.play_button.isVisible()
    wait_jobs(qtbot, dialog)
    # Scrubbing shows the filmstrip's picture at the playhead instead.
    timeline = dialog.timeline
    first = dialog.preview.pixmap().toImage()
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(30.0)), 10))
    assert timeline.playhead_s == pytest.approx(30.0, abs=0.1)
    assert dialog.position_label.text().startswith("00:00:30")
    assert dialog.preview.pixmap().toImage() != first


def test_playback_where_qt_multimedia_loads(qtbot, open_editor):
    classes, reason = load_multimedia()
    if classes is None:   # PySide6's Addons wheel missing: the editor must say so, not fail
        dialog = open_editor()
        assert dialog.player is None and reason.startswith(PLAYBACK_UNAVAILABLE)
        assert dialog.playback_label.toolTip() == reason
        pytest.skip(f"Qt Multimedia did not load here: {reason}")
    dialog = open_editor()
    assert dialog.player is not None, dialog.playback_note
    assert dialog.play_button.isEnabled()
    dialog.timeline.set_handles(2.0, 3.0)
    dialog.timeline.set_playhead(20.0)            # outside the kept range: Play starts at the in point
    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)
    assert dialog.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: 2.2 < dialog.timeline.playhead_s < 3.5, timeout=10000)   # it plays
    # It stops by itself at the out point and offers Play again.
    qtbot.waitUntil(lambda: dialog.play_button.text() == "Play", timeout=10000)
    assert dialog.timeline.playhead_s == pytest.approx(3.0, abs=0.3)
    assert dialog.position_label.text().startswith("00:00:03")


def test_an_audio_block_has_no_filmstrip(qtbot, open_editor):
    dialog = open_editor(index=2)
    assert set(dialog.jobs) == {"waveform"}
    wait_jobs(qtbot, dialog)
    assert not dialog.timeline.has_video and dialog.timeline.step_s == 0.1
    dialog.timeline.setFocus()
    qtbot.keyClick(dialog.timeline, Qt.Key.Key_Right)
    assert dialog.timeline.in_s == pytest.approx(0.1)


def test_a_text_block_is_refused(session):
    with pytest.raises(ValueError, match="not a video or audio clip"):
        TrimEditor(None, session.state, "talk", 1, Path("x"))
