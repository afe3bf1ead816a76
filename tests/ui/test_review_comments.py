"""Review comments in the window: a comment file from a review copy imported as one undoable
edit and shown under the module's blocks; Resolve and Reopen as undoable edits that the
problems panel follows; a bad file named in a dialog."""
from __future__ import annotations

import json

from studio.review.anchors import block_anchor
from studio.review.comments_file import FORMAT
from tests.ui.conftest import open_and_wait
from tests.ui.test_editing import _panel_codes

JOB_TIMEOUT_MS = 10_000


def _comment_file(tmp_path, window, module_id, block, text):
    module = window.session.state.course.module(module_id)
    path = tmp_path / "dana.json"
    path.write_text(json.dumps({"format": FORMAT, "course": {"title": window.session.state.course.title, "build": "x"},
                                "reviewer": "Dana Okafor", "saved_at": "2026-12-03T14:05:09Z",
                                "comments": [{"module": module_id, "block": block,
                                              "anchor": block_anchor(module.blocks[block]),
                                              "kind": module.blocks[block].kind, "at": "2026-12-03T14:01:44Z",
                                              "text": text}]}))
    return path


def test_an_imported_comment_file_is_one_undoable_edit_shown_on_its_module(qtbot, window, prompter, tmp_path):
    open_and_wait(qtbot, window)
    assert "review.open-comments" not in _panel_codes(window, "assess-load")
    prompter.review_files = [_comment_file(tmp_path, window, "assess-load", 1, "Show the tilt test on camera.")]
    window.actions_.import_review.trigger()
    qtbot.waitUntil(lambda: window.module_view.module_id_shown == "assess-load", timeout=JOB_TIMEOUT_MS)
    card = window.module_view.comments_card
    assert card.isVisible() and card.title_label.text() == "REVIEW COMMENTS · 1 OPEN"
    assert [b.text() for b in card.buttons] == ["Resolve"]
    assert "review.open-comments" in _panel_codes(window, "assess-load")
    assert window.actions_.undo.text() == "&Undo Import 1 review comment" and window.isWindowModified()
    assert "Imported 1 review comment(s)" in window.statusBar().currentMessage()
    window.actions_.undo.trigger()
    assert not card.isVisible() and "review.open-comments" not in _panel_codes(window, "assess-load")
    window.actions_.redo.trigger()
    assert card.isVisible()
    window.actions_.import_review.trigger()                                   # the same file again
    qtbot.waitUntil(lambda: "Nothing new" in window.statusBar().currentMessage(), timeout=JOB_TIMEOUT_MS)
    assert window.actions_.undo.text() == "&Undo Import 1 review comment" and prompter.errors == []


def test_resolve_and_reopen_are_undoable_and_the_panel_follows(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("team-lifts-aids")
    card = window.module_view.comments_card
    assert card.title_label.text() == "REVIEW COMMENTS · 1 OPEN"
    assert "review.open-comments" in _panel_codes(window, "team-lifts-aids")
    card.buttons[0].click()
    assert window.session.state.course.module("team-lifts-aids").comments[0].resolved
    assert card.title_label.text() == "REVIEW COMMENTS · ALL RESOLVED" and card.buttons[0].text() == "Reopen"
    assert "review.open-comments" not in _panel_codes(window, "team-lifts-aids")
    assert window.actions_.undo.text() == "&Undo Resolve comment"
    window.actions_.undo.trigger()
    assert "review.open-comments" in _panel_codes(window, "team-lifts-aids")
    assert window.module_view.comments_card.buttons[0].text() == "Resolve"


def test_a_bad_comment_file_is_a_dialog_naming_it(qtbot, window, prompter, tmp_path):
    open_and_wait(qtbot, window)
    bad = tmp_path / "notes.json"
    bad.write_text('{"format": "something else"}')
    prompter.review_files = [bad]
    window.actions_.import_review.trigger()
    qtbot.waitUntil(lambda: bool(prompter.errors), timeout=JOB_TIMEOUT_MS)
    title, message = prompter.errors[0]
    assert title == "Cannot import the review comments" and "notes.json" in message
    assert "not a comment file from a review copy" in message and not window.isWindowModified()
