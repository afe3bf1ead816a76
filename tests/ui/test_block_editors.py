"""Block editors in the real window: each kind edited through its widgets, the command run on the
real session, the course changed, one undo for a burst of typing; bad values refused inline."""
from __future__ import annotations

import pytest
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtGui import QTextCursor

from studio.timecode import format_minutes
from studio.ui.block_editors import EDITORS
from studio.ui.block_editors.media import clip_time, parse_point, trim_error
from tests.ui.conftest import open_and_wait

WAIT_MS = 3000


def _wire(window):
    """Connect the inspector as the window does (until the window wires it itself)."""
    inspector = window.inspector
    if not inspector.receivers(SIGNAL("command_requested(PyObject,bool)")):
        inspector.command_requested.connect(lambda command, typing: window.editing.run(command, typing=typing))
        inspector.editing_finished.connect(window._on_editing_finished)
    return inspector


def _select(qtbot, window, module_id: str, index: int):
    open_and_wait(qtbot, window)
    inspector = _wire(window)
    assert window.select_module(module_id, block=index)
    assert window.module_view.selected_block() == index
    assert inspector.editor is not None and inspector.editor.isVisible()
    return inspector.editor


def _block(window, module_id: str, index: int):
    return window.session.state.course.module(module_id).blocks[index]


def _panel_codes(window, module_id: str) -> list[str]:
    model = window.problems.model
    return [model.problem(r).code for r in range(model.rowCount()) if model.problem(r).module == module_id]


def _undo_all(window) -> None:
    while window.actions_.undo.isEnabled():
        window.actions_.undo.trigger()


def _type_at_end(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(edit, text)


def _clear(qtbot, edit) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)


def test_every_kind_has_an_editor():
    assert set(EDITORS) == {"text", "image", "summary_card", "survey", "action_plan", "video", "audio", "quiz"}


def test_text_markdown_preview_counts_and_one_undo(qtbot, window):
    editor = _select(qtbot, window, "five-step-lift", 2)
    original = _block(window, "five-step-lift", 2).markdown
    assert editor.markdown.toPlainText() == original
    assert "<h3>The five steps</h3>" in editor.preview_html and "<strong>Plan the lift.</strong>" in editor.preview_html
    assert editor.counts.text().startswith("1") and "words a minute" in editor.counts.text()
    words_before = int(editor.counts.text().split()[0])

    typed = "\nNow **lift** it <script>alert(1)</script>"
    with qtbot.waitSignal(window.editing.changes_shown, timeout=WAIT_MS):
        _type_at_end(qtbot, editor.markdown, "")
        qtbot.keyClick(editor.markdown, Qt.Key.Key_Return)
        qtbot.keyClicks(editor.markdown, typed[1:])
    assert _block(window, "five-step-lift", 2).markdown == original + typed
    assert window.inspector.editor is editor                          # refreshed in place, not rebuilt
    assert editor.markdown.textCursor().position() == len(original + typed)   # the cursor stayed
    qtbot.waitUntil(lambda: "<strong>lift</strong>" in editor.preview_html, timeout=WAIT_MS)
    assert "<script" not in editor.preview_html and "<script" not in editor.preview.toHtml()
    assert editor.preview.toPlainText().endswith("Now lift it ")      # nh3 drops the script and its content
    assert int(editor.counts.text().split()[0]) == words_before + 7   # Now lift it script alert 1 script
    assert window.actions_.undo.text() == "&Undo Edit text"

    window.actions_.undo.trigger()                                    # every keystroke: one step
    assert _block(window, "five-step-lift", 2).markdown == original
    assert editor.markdown.toPlainText() == original and not window.actions_.undo.isEnabled()


def test_text_emptied_is_refused_inline(qtbot, window):
    editor = _select(qtbot, window, "five-step-lift", 2)
    original = _block(window, "five-step-lift", 2).markdown
    _clear(qtbot, editor.markdown)
    assert editor.message.is_error and editor.message.isVisible()
    assert editor.markdown.property("invalid") is True
    qtbot.wait(300)
    assert _block(window, "five-step-lift", 2).markdown == original and not window.actions_.undo.isEnabled()
    assert editor.markdown.toPlainText() == ""                        # the draft is not overwritten


def test_image_alt_required_and_seconds_validated(qtbot, window):
    editor = _select(qtbot, window, "five-step-lift", 1)
    original = _block(window, "five-step-lift", 1)
    assert editor.media.text() == "media/five-steps.png" and editor.media.isReadOnly()
    assert "px" in editor.media_info.text()
    assert not editor.alt_message.isVisible() and "a11y.image-alt-missing" not in _panel_codes(window, "five-step-lift")

    _clear(qtbot, editor.alt)
    assert editor.alt_message.is_error and editor.alt_message.code == "a11y.image-alt-missing"
    assert editor.alt.property("invalid") is True
    assert _block(window, "five-step-lift", 1).alt is None
    qtbot.waitUntil(lambda: "a11y.image-alt-missing" in _panel_codes(window, "five-step-lift"), timeout=WAIT_MS)
    listed = window.inspector.problems
    inline = [listed.itemAt(i).widget().problem.code for i in range(listed.count())]
    assert "a11y.image-alt-missing" not in inline                     # shown once, beside its field

    qtbot.keyClicks(editor.alt, "Five steps of a safe lift")
    assert not editor.alt_message.isVisible() and editor.alt.property("invalid") is False
    assert _block(window, "five-step-lift", 1).alt == "Five steps of a safe lift"
    qtbot.waitUntil(lambda: "a11y.image-alt-missing" not in _panel_codes(window, "five-step-lift"), timeout=WAIT_MS)
    editor.seconds.setFocus()                                          # the alt text's step ends here

    editor.seconds.selectAll()
    qtbot.keyClicks(editor.seconds, "ten")
    assert editor.seconds_message.is_error and _block(window, "five-step-lift", 1).seconds == 20
    editor.seconds.selectAll()
    qtbot.keyClicks(editor.seconds, "0:35")
    assert not editor.seconds_message.is_error and _block(window, "five-step-lift", 1).seconds == 35
    assert window.actions_.undo.text() == "&Undo Edit viewing time"
    window.actions_.undo.trigger()
    assert _block(window, "five-step-lift", 1).seconds == 20 and editor.seconds.text() == "20"
    window.actions_.undo.trigger()                                     # clearing and retyping: one step
    assert _block(window, "five-step-lift", 1) == original
    assert editor.alt.toPlainText() == original.alt and not window.actions_.undo.isEnabled()


def test_summary_card_title_and_points(qtbot, window):
    editor = _select(qtbot, window, "five-step-lift", 4)
    original = _block(window, "five-step-lift", 4)
    assert editor.points.texts() == list(original.points) and editor.title.text() == "The five-step lift"
    editor.title.setFocus()
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "In short")
    assert _block(window, "five-step-lift", 4).title == "In short"

    first = editor.points.edit(0)
    first.setFocus()
    first.end(False)
    qtbot.keyClicks(first, " first")
    assert _block(window, "five-step-lift", 4).points[0] == "Plan the lift first"
    qtbot.mouseClick(editor.add_point, Qt.MouseButton.LeftButton)
    assert _block(window, "five-step-lift", 4).points[-1] == "New key point"
    new = editor.points.edit(5)
    assert new.hasFocus() and new.selectedText() == "New key point"
    qtbot.keyClicks(new, "Ask for help")
    assert _block(window, "five-step-lift", 4).points[5] == "Ask for help"
    new.selectAll()
    qtbot.keyClick(new, Qt.Key.Key_Delete)                              # an empty point: refused inline
    assert editor.points_message.is_error and _block(window, "five-step-lift", 4).points[5] == "Ask for help"
    qtbot.keyClicks(new, "Ask")

    qtbot.mouseClick(editor.points.rows[0].down, Qt.MouseButton.LeftButton)
    assert _block(window, "five-step-lift", 4).points[:2] == ("Position your feet", "Plan the lift first")
    assert editor.points.texts()[:2] == ["Position your feet", "Plan the lift first"]
    qtbot.mouseClick(editor.points.rows[2].remove, Qt.MouseButton.LeftButton)
    assert len(_block(window, "five-step-lift", 4).points) == 5 and len(editor.points.rows) == 5
    assert window.actions_.undo.text() == "&Undo Remove key point"

    labels = []
    while window.actions_.undo.isEnabled():
        labels.append(window.actions_.undo.text())
        window.actions_.undo.trigger()
    assert labels == ["&Undo Remove key point", "&Undo Move key point", "&Undo Edit points", "&Undo Add key point",
                      "&Undo Edit points", "&Undo Edit title"]
    assert _block(window, "five-step-lift", 4) == original and editor.points.texts() == list(original.points)


def test_survey_items(qtbot, window):
    editor = _select(qtbot, window, "team-lifts-aids", 5)
    original = _block(window, "team-lifts-aids", 5)
    assert len(editor.items.rows) == 4 and editor.items.rows[3].kind.currentData() == "text"
    prompt = editor.items.edit(0)
    prompt.setFocus()
    prompt.end(False)
    qtbot.keyClicks(prompt, " well")
    assert _block(window, "team-lifts-aids", 5).items[0].prompt.endswith("at work well")
    next(a for a in editor.add_item.menu().actions() if a.data() == "text").trigger()
    items = _block(window, "team-lifts-aids", 5).items
    assert len(items) == 5 and items[4].kind == "text" and editor.items.edit(4).hasFocus()
    row = editor.items.rows[4]
    row.kind.setCurrentIndex(row.kind.findData("likert"))
    row.kind.activated.emit(row.kind.currentIndex())                    # what a choice in the list sends
    assert _block(window, "team-lifts-aids", 5).items[4].kind == "likert"
    qtbot.mouseClick(editor.items.rows[1].up, Qt.MouseButton.LeftButton)
    assert _block(window, "team-lifts-aids", 5).items[0] == original.items[1]
    for _ in range(4):
        qtbot.mouseClick(editor.items.rows[0].remove, Qt.MouseButton.LeftButton)
    assert len(_block(window, "team-lifts-aids", 5).items) == 1
    assert not editor.items.rows[0].remove.isEnabled()                  # a survey keeps one item
    _undo_all(window)
    assert _block(window, "team-lifts-aids", 5) == original and len(editor.items.rows) == 4


def test_action_plan_prompt(qtbot, window):
    editor = _select(qtbot, window, "five-step-lift", 5)
    original = _block(window, "five-step-lift", 5).prompt
    _type_at_end(qtbot, editor.prompt, " Then tell your lead.")
    assert _block(window, "five-step-lift", 5).prompt == original + " Then tell your lead."
    _clear(qtbot, editor.prompt)
    assert editor.message.is_error
    assert _block(window, "five-step-lift", 5).prompt == original + " Then tell your lead."
    window.actions_.undo.trigger()
    assert _block(window, "five-step-lift", 5).prompt == original and editor.prompt.toPlainText() == original
    assert not editor.message.isVisible() and not window.actions_.undo.isEnabled()


def _enter(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_video_in_out_validated_against_the_duration(qtbot, window):
    editor = _select(qtbot, window, "assess-load", 0)
    duration = window.session.state.facts["media/assess-load.mp4"].duration_s
    assert (editor.in_point.text(), editor.out_point.text()) == ("0:08", "2:33.5")
    assert editor.captions.text() == "media/assess-load.vtt" and editor.media.isReadOnly()
    assert editor.media_info.text().startswith(f"{format_minutes(duration)}  ·  ") and "video + audio" in \
        editor.media_info.text()

    _enter(qtbot, editor.out_point, "99:00")
    assert editor.trim_message.is_error and "past the end" in editor.trim_message.text()
    assert editor.out_point.property("invalid") is True
    assert _block(window, "assess-load", 0).out_s == 153.5 and not window.actions_.undo.isEnabled()
    _enter(qtbot, editor.out_point, "0:05")
    assert "before the out point" in editor.trim_message.text() and _block(window, "assess-load", 0).out_s == 153.5
    _enter(qtbot, editor.out_point, "1:")
    assert "not a time" in editor.trim_message.text() and not window.actions_.undo.isEnabled()

    _enter(qtbot, editor.out_point, "2:00")
    assert not editor.trim_message.is_error and editor.trim_message.text().startswith("Plays 1:52")
    assert (_block(window, "assess-load", 0).in_s, _block(window, "assess-load", 0).out_s) == (8.0, 120.0)
    assert window.actions_.undo.text() == "&Undo Trim clip"
    editor.in_point.setFocus()
    editor.in_point.selectAll()
    qtbot.keyClick(editor.in_point, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.in_point, Qt.Key.Key_Return)                 # empty: from the start
    assert _block(window, "assess-load", 0).in_s is None
    window.actions_.undo.trigger()
    window.actions_.undo.trigger()
    assert (_block(window, "assess-load", 0).in_s, _block(window, "assess-load", 0).out_s) == (8.0, 153.5)
    assert (editor.in_point.text(), editor.out_point.text()) == ("0:08", "2:33.5")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def close_the_trim_editor() -> None:        # the window opens it, modal: cancel it
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, close_the_trim_editor)
        else:
            dialog.reject()
    QTimer.singleShot(0, close_the_trim_editor)
    with qtbot.waitSignal(window.inspector.trim_requested, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(editor.trim, Qt.MouseButton.LeftButton)
    assert blocker.args == ["assess-load", 0]
    assert _block(window, "assess-load", 0).in_s == 8.0            # cancelled: nothing changed


def test_audio_block_uses_the_media_editor(qtbot, window):
    editor = _select(qtbot, window, "team-lifts-aids", 0)
    assert editor is window.inspector.editor_of("audio") and editor is not window.inspector.editor_of("video")
    assert editor.in_point.text() == "0:03" and editor.out_point.text() == "" and editor.out_point.placeholderText()
    assert "audio" in editor.media_info.text() and editor.captions.text() == "media/team-lift-podcast.vtt"


@pytest.mark.parametrize("text, seconds", [("1:05", 65), ("0:01:05.5", 65.5), ("65", 65), ("", None)])
def test_timecodes(text, seconds):
    assert parse_point(text) == seconds


def test_trim_errors_and_clip_times():
    assert trim_error(None, 200, 160) == "The out point 3:20 is past the end of the media (2:40)."
    assert trim_error(5, 5, None).startswith("The in point (0:05) must come before")
    assert trim_error(None, None, 160) is None and trim_error(2, 300, None) is None
    assert (clip_time(3725.5), clip_time(8), clip_time(153.5)) == ("1:02:05.5", "0:08", "2:33.5")
    with pytest.raises(ValueError, match="not a time"):
        parse_point("1:")


def test_concept_fields_complete_from_the_course(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("lifting-recap")
    view = window.module_view
    completer = view.requires.completer()
    assert completer is view.concept_completers[1]
    concepts = completer.concepts()
    assert {"back-anatomy", "neutral-spine", "site-induction", "team-lift", "mechanical-aids"} <= set(concepts)
    edit = view.requires
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, ", neut")
    assert completer.splitPath(edit.text()) == ["neut"]               # only the word after the last comma
    whole = "tile-assessment, lifting-procedure, team-lift, mechanical-aids, neutral-spine"
    assert completer.completionCount() == 1 and completer.currentCompletion() == whole
    qtbot.waitUntil(completer.popup().isVisible, timeout=WAIT_MS)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert edit.text() == whole
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.session.state.course.module("lifting-recap").requires[-1] == "neutral-spine"
