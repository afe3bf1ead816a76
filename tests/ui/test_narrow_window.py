"""The module stays whole in a narrow centre: in a small window, or beside the widened quiz
inspector, the page folds (icon-only block tools, stacked fields) and never scrolls sideways;
the side panels give up width before the centre goes under its minimum; the budget gauge's
labels never print over each other."""
from __future__ import annotations

from studio.ui.budget_gauge import place_labels
from studio.ui.module_view import MIN_WIDTH
from tests.ui.conftest import open_and_wait


def _measure(text: str) -> float:
    return 7.0 * len(text)


def _fits_without_sideways_scroll(qtbot, view) -> bool:
    """Once the page has been laid out again at its new width (a fold re-lays it out later)."""
    try:
        qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0, timeout=1000)
    except AssertionError:
        return False
    return True


def test_labels_apart_keep_their_whole_text():
    labels = [(300, "target", ("8:00 target", "8:00")), (100, "min", ("5:00 min", "5:00")),
              (500, "max", ("15:00 max", "15:00"))]
    assert [(name, text) for name, text, _ in place_labels(labels, _measure, 0, 600)] == [
        ("target", "8:00 target"), ("min", "5:00 min"), ("max", "15:00 max")]


def test_crowded_labels_shorten_then_give_way_to_the_target():
    labels = [(150, "target", ("8:00 target", "8:00")), (100, "min", ("5:00 min", "5:00")),
              (220, "max", ("15:00 max", "15:00"))]
    placed = place_labels(labels, _measure, 0, 300)
    assert [(name, text) for name, text, _ in placed] == [("target", "8:00 target"), ("max", "15:00")]
    spans = sorted((x, x + _measure(text)) for _, text, x in placed)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))          # none over another
    assert all(0 <= x and x + _measure(text) <= 300 for _, text, x in placed)


def test_a_small_window_keeps_the_whole_module_in_view(qtbot, window):
    window.resize(1024, 700)
    open_and_wait(qtbot, window)
    window.select_module("team-lifts-aids")
    view = window.module_view
    qtbot.waitUntil(lambda: window.centralWidget().width() >= MIN_WIDTH, timeout=2000)   # the panels gave way
    assert window.tree_dock.width() < 330 and window.inspector_dock.width() < 340
    assert view.folded and _fits_without_sideways_scroll(qtbot, view)
    assert view.add_block.accessibleName() == "Add block…" and view.add_block.text() == "Add block…"


def test_the_widened_quiz_inspector_folds_the_module_and_leaving_it_unfolds(qtbot, window):
    open_and_wait(qtbot, window)
    window.select_module("back-basics", block=0)
    view = window.module_view
    qtbot.waitUntil(lambda: not view.folded, timeout=2000)
    assert _fits_without_sideways_scroll(qtbot, view)
    quiz = next(i for i, b in enumerate(window.session.state.course.module("back-basics").blocks) if b.kind == "quiz")
    window.select_module("back-basics", block=quiz)
    qtbot.waitUntil(lambda: view.folded, timeout=2000)
    assert window.inspector_dock.width() > 340
    assert _fits_without_sideways_scroll(qtbot, view)
    window.select_module("back-basics", block=0)
    qtbot.waitUntil(lambda: not view.folded, timeout=2000)


def test_a_file_name_too_long_for_its_column_keeps_its_ends(qtbot):
    from studio.ui.cards import ElidedLabel
    name = "warehouse-manual-handling-safety-onboarding-scorm2004.zip"
    label = ElidedLabel(name)
    qtbot.addWidget(label)
    label.show()
    label.resize(label.sizeHint())
    assert label.text() == name
    label.resize(160, label.height())
    shown = label.text()
    assert "…" in shown and shown.startswith("ware") and shown.endswith(".zip") and len(shown) < len(name)
    assert label.toolTip() == name and label.accessibleName() == name
