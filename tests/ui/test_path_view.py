"""The path view on real courses: the example, one with a module placed before what it needs,
and one whose modules need each other (a cycle no order fixes)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from studio.editor.block_text import seconds_text
from studio.editor.session import open_course
from studio.resources import example_course
from studio.ui.path_view import PathView

EXAMPLE_ORDER = ("back-basics", "assess-load", "five-step-lift", "team-lifts-aids", "lifting-recap")
MISPLACED_ORDER = ("back-basics", "five-step-lift", "team-lifts-aids", "assess-load", "lifting-recap")


def _state(course_yaml: Path):
    with open_course(course_yaml) as session:
        return session.state


def _rewrite(course_yaml: Path, old: str, new: str) -> Path:
    text = course_yaml.read_text()
    assert old in text
    course_yaml.write_text(text.replace(old, new, 1))
    return course_yaml


@pytest.fixture
def view(qtbot):
    widget = PathView()
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    return widget


@pytest.fixture
def misplaced(example_copy) -> Path:
    """The example with 'assess-load' moved after the two modules that need its concepts."""
    return _rewrite(example_copy, f"modules: [{', '.join(EXAMPLE_ORDER)}]", f"modules: [{', '.join(MISPLACED_ORDER)}]")


def test_example_path_in_order_with_times_concepts_and_dates(qtbot, view):
    state = _state(example_course())
    assert view.show_path(state, "onboarding")
    cards = view.track.cards
    assert tuple(card.row.id for card in cards) == EXAMPLE_ORDER
    assert cards[0].title.text() == "How your back carries a load"
    assert cards[0].duration.text() == seconds_text(state.estimate_of("back-basics").seconds)
    path_report = state.report.paths[0]
    assert view.total_stat.value.text() == seconds_text(state.report.path_total_s(path_report))
    # module n is released n weeks after 4 Jan 2027; reviews 1, 3, 7 and 21 days after that
    assert "Released Mon 4 Jan 2027" in cards[0].caption.text()
    assert "Released Mon 11 Jan 2027" in cards[1].caption.text()
    assert cards[0].reviews.accessibleName().startswith("Reviews: Tue 5 Jan (+1 d)")
    assert "Mon 25 Jan (+21 d)" in cards[0].reviews.accessibleName()
    assert view.release_stat.value.text() == "Weekly"
    assert set(cards[0].introduction_chips) == {"back-anatomy", "neutral-spine"}
    assert "entry" in cards[0].requirement_chips["site-induction"].text()
    # nothing to fix: no arrows, the button is there but disabled
    assert view.overview.links == ()
    assert not view.apply_button.isEnabled()
    assert "No sequencing problems" in view.banner_text.text() or "warning" in view.banner_text.text()
    assert view.accessibleName() == "Path view"
    assert cards[2].accessibleName() == f"Module 3 of 5: The five-step lift, {cards[2].duration.text()}"


def test_missing_prerequisite_drawn_and_suggested_order_applied(qtbot, view, misplaced):
    state = _state(misplaced)
    suggested = state.report.paths[0].suggested_order
    assert suggested == EXAMPLE_ORDER                       # the check's own suggestion
    view.show_path(state, "onboarding")
    cards = {card.row.id: card for card in view.track.cards}

    # the module that needs a concept shows it as missing, its problem inline, and an arrow
    # joins it to the later module that introduces the concept
    chip = cards["five-step-lift"].requirement_chips["tile-assessment"]
    assert "later" in chip.text() and "assess-load" in chip.toolTip()
    codes = [p.code for p in cards["five-step-lift"].row.problems]
    assert "sequence.missing-prerequisite" in codes
    assert cards["five-step-lift"].property("severity") == "error"
    assert {(lk.needs, lk.introducer, lk.concept) for lk in view.overview.links} == {
        (1, 3, "tile-assessment"), (2, 3, "guideline-weights")}
    assert all(lk.problem is not None and lk.problem.code == "sequence.missing-prerequisite"
               for lk in view.overview.links)
    assert "2 sequencing errors" in view.banner_text.text()
    assert "1 module move" in view.banner_text.text()
    assert "with sequencing errors" in view.modules_stat.detail.text()

    assert view.apply_button.isEnabled()
    with qtbot.waitSignal(view.apply_order_requested) as signal:
        qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["onboarding", EXAMPLE_ORDER]


def test_arrows_are_painted_in_red_between_the_two_modules(qtbot, view, misplaced):
    view.show_path(_state(misplaced), "onboarding")
    qtbot.waitExposed(view)
    needs, introducer = view.track.cards[1], view.track.cards[3]
    qtbot.waitUntil(lambda: introducer.geometry().top() > needs.geometry().bottom() > 0)
    image = view.track.grab().toImage()
    lane_x = needs.geometry().left() - 10 - 1 * 12          # the longer arrow, second lane
    middle_y = (needs.geometry().bottom() + introducer.geometry().top()) // 2
    ratio = image.width() / view.track.width()               # device pixels on HiDPI
    colour = image.pixelColor(int(lane_x * ratio), int(middle_y * ratio))
    assert colour.red() > 150 and colour.green() < 120, colour.name()


def test_a_cycle_offers_no_order(qtbot, view, example_copy):
    # back-basics now needs what assess-load introduces, and assess-load needs back-basics
    course = _rewrite(example_copy, "requires: [site-induction]", "requires: [site-induction, tile-assessment]")
    state = _state(course)
    view.show_path(state, "onboarding")
    assert any(p.code == "sequence.cycle" for p in view.overview.problems)
    assert not view.apply_button.isEnabled()
    assert "cycle" in view.banner_text.text()


def test_cards_are_reached_with_the_keyboard_and_open_their_module(qtbot, view, misplaced):
    view.show_path(_state(misplaced), "onboarding")
    view.activateWindow()
    qtbot.waitActive(view)
    qtbot.waitUntil(lambda: all(card.isVisible() for card in view.track.cards))
    view.apply_button.setFocus()
    qtbot.waitUntil(view.apply_button.hasFocus)
    qtbot.keyClick(view.apply_button, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is view.track.cards[0]
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.track.cards[1]
    focused = view.track.cards[0]
    focused.setFocus()
    with qtbot.waitSignal(view.module_activated) as signal:
        qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert signal.args == ["back-basics"]
    with qtbot.waitSignal(view.module_activated) as signal:
        qtbot.mouseClick(view.track.cards[3], Qt.MouseButton.LeftButton)
    assert signal.args == ["assess-load"]


def test_unknown_path_changes_nothing(qtbot, view):
    state = _state(example_course())
    view.show_path(state, "onboarding")
    assert not view.show_path(state, "no-such-path")
    assert view.path_id_shown == "onboarding"
