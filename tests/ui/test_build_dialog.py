"""The build dialog on the small course (real media, real export code, real zips in tmp_path):
a build to completion, a cancelled one, refusals shown in the dialog, the preview over HTTP."""
from __future__ import annotations

import os
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from studio.editor.session import open_course
from studio.ui.build_dialog import BuildDialog
from studio.ui.build_model import source_of_state
from studio.ui.settings import Settings
from tests.world import leftovers

BUILD_TIMEOUT_MS = 180_000


def _source(course_yaml: Path):
    with open_course(course_yaml) as session:
        return source_of_state(session.state)


@pytest.fixture
def opened() -> list:
    return []


@pytest.fixture
def make_dialog(qtbot, settings_file, opened):
    def make(course_yaml: Path, out: Path | None = None) -> BuildDialog:
        dialog = BuildDialog(_source(course_yaml), Settings(settings_file), open_url=opened.append)
        qtbot.addWidget(dialog)
        if out is not None:
            dialog.folder_edit.setText(str(out))
        dialog.show()
        return dialog
    return make


def _build(qtbot, dialog: BuildDialog):
    with qtbot.waitSignal(dialog.build_finished, timeout=BUILD_TIMEOUT_MS) as finished:
        qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    return finished.args[0]


def test_html5_build_to_completion_then_preview_in_browser(qtbot, make_dialog, small_course, tmp_path,
                                                           settings_file, opened):
    out = tmp_path / "packages"
    out.mkdir()
    dialog = make_dialog(small_course, out)
    assert [f for f, box in dialog.format_boxes.items() if box.isChecked()] == ["html5"]
    assert not dialog.preview_button.isEnabled()
    outcome = _build(qtbot, dialog)

    assert outcome.kind == "built", outcome.headline
    zips = list(out.glob("*.zip"))
    assert [z.name for z in zips] == ["ladder-safety-html5.zip"]
    with zipfile.ZipFile(zips[0]) as archive:
        assert "index.html" in archive.namelist()
    assert str(zips[0].name) in dialog.result_text and "self-test: passed" in dialog.result_text
    assert f"{zips[0].stat().st_size / 1e3:.1f} kB" in dialog.result_text or "MB" in dialog.result_text
    assert dialog.result_card.isVisible() and dialog.build_button.text() == "Build again"
    assert all(row.state == "done" for row in dialog.steps)
    assert Settings(settings_file).last_build_folder() == out          # remembered for next time
    assert leftovers(out) == []

    # the preview: served on 127.0.0.1 from a background thread, opened in the browser
    assert dialog.preview_button.isEnabled()
    with qtbot.waitSignal(dialog.preview_started, timeout=30_000) as started:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    url = started.args[0]
    assert url.startswith("http://127.0.0.1:") and [u.toString() for u in opened] == [url]
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200 and b"<html" in response.read().lower()
    assert url in dialog.serving.text()

    dialog.close()                                                      # stops the server
    dialog._stopping.join(timeout=10)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)


def test_every_format_box_has_a_cell_of_its_own(make_dialog, small_course):
    dialog = make_dialog(small_course)
    boxes = [*dialog.format_boxes.values(), dialog.all_box]
    rects = [box.geometry() for box in boxes]
    assert all(box.isVisible() for box in boxes)
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])   # "All formats" once sat on xAPI


def test_a_draft_with_check_errors_gets_its_review_copy_without_force(qtbot, make_dialog, small_course, tmp_path):
    small_course.write_text(small_course.read_text().replace(
        "objective: Position a ladder at a safe angle of 75 degrees", "objective: Understand ladders"))
    out = tmp_path / "packages"
    out.mkdir()
    dialog = make_dialog(small_course, out)
    assert "a review copy on its own is built anyway" in dialog.check_line.text()
    dialog.format_boxes["html5"].setChecked(False)
    dialog.format_boxes["review"].setChecked(True)
    assert not dialog.all_box.isChecked()
    outcome = _build(qtbot, dialog)
    assert outcome.kind == "built", outcome.headline
    assert [z.name for z in out.glob("*.zip")] == ["ladder-safety-review.zip"]
    assert dialog.preview_button.isEnabled()                            # a review copy opens in a browser too


def test_a_cancelled_build_leaves_no_zip(qtbot, make_dialog, small_course, tmp_path):
    out = tmp_path / "packages"
    out.mkdir()
    dialog = make_dialog(small_course, out)
    dialog.all_box.setChecked(True)                                     # five packages: a longer build
    assert [f for f, box in dialog.format_boxes.items() if box.isChecked()] == [
        "scorm12", "scorm2004", "cmi5", "xapi", "html5"]                # the learners' packages, not the review copy
    with qtbot.waitSignal(dialog.build_finished, timeout=BUILD_TIMEOUT_MS) as finished:
        dialog.start_build()
        assert dialog.cancel_button.isVisible() and not dialog.build_button.isVisible()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    outcome = finished.args[0]
    assert outcome.kind == "cancelled"
    assert "Nothing was written" in dialog.result_text
    assert list(out.iterdir()) == [] and leftovers(out) == []
    assert dialog.build_button.isVisible() and dialog.build_button.isEnabled()
    assert not dialog.preview_button.isEnabled()


def test_an_output_folder_that_is_a_file_is_a_message_in_the_dialog(qtbot, make_dialog, small_course, tmp_path):
    not_a_folder = tmp_path / "packages"
    not_a_folder.write_text("a file, not a folder")
    dialog = make_dialog(small_course, not_a_folder)
    outcome = _build(qtbot, dialog)
    assert outcome.kind == "failed"
    assert "is not a folder" in dialog.result_text and str(not_a_folder) in dialog.result_text
    assert "Traceback" not in dialog.result_text
    assert not_a_folder.read_text() == "a file, not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_folder_is_a_message_in_the_dialog(qtbot, make_dialog, small_course, tmp_path):
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        outcome = _build(qtbot, make_dialog(small_course, out))
    finally:
        out.chmod(0o755)
    assert outcome.kind == "failed" and "permission denied" in outcome.headline
    assert list(out.iterdir()) == []


def test_check_errors_refuse_the_build_unless_forced(qtbot, make_dialog, small_course, tmp_path):
    text = small_course.read_text()
    small_course.write_text(text.replace("modules: [choose-ladder, set-up-ladder]",
                                         "modules: [choose-ladder, set-up-ladder, ghost]"))
    out = tmp_path / "packages"
    out.mkdir()
    dialog = make_dialog(small_course, out)
    assert "1 check error" in dialog.check_line.text()
    outcome = _build(qtbot, dialog)
    assert outcome.kind == "refused"
    assert "1 check error" in outcome.headline and "tick Force" in outcome.headline
    assert any("sequence.unknown-module" in line for line in outcome.details)
    assert list(out.iterdir()) == []

    dialog.force_box.setChecked(True)
    assert _build(qtbot, dialog).kind == "built"
    assert len(list(out.glob("*-html5.zip"))) == 1


def test_build_needs_a_format_and_a_folder(qtbot, make_dialog, small_course):
    dialog = make_dialog(small_course)
    dialog.folder_edit.clear()
    assert not dialog.build_button.isEnabled()
    dialog.folder_edit.setText("/tmp")
    assert dialog.build_button.isEnabled()
    dialog.format_boxes["html5"].setChecked(False)
    assert not dialog.build_button.isEnabled() and dialog.start_build() is None
    dialog.format_boxes["scorm12"].setChecked(True)
    assert dialog.chosen().formats == ("scorm12",)
    assert dialog.whole_course.isChecked() and dialog.chosen().path_id is None
    dialog.one_path.setChecked(True)
    assert dialog.chosen().path_id == "ladders"
