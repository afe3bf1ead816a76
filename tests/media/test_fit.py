"""Fit to budget: the pure planner (property tests) and the jobs on real audio."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.errors import MediaError
from studio.media.fit import plan_fit, plan_from_silences, plan_tighten_pauses
from studio.media.probe import probe
from studio.media.render import render_plan
from studio.media.silence import Silence, detect_silences

# The silent stretches of clip_audio_speechlike (6 s: tone, pause, tone, pause, tone).
PAUSES = [Silence(1.0, 2.5), Silence(3.5, 5.0)]


# --- the pure planner ----------------------------------------------------------------------

@st.composite
def recordings(draw):
    duration = draw(st.floats(1.0, 600.0))
    spans = draw(st.lists(st.tuples(st.floats(-5.0, 605.0), st.floats(0.0, 20.0)), max_size=30))
    silences = [Silence(start, start + length) for start, length in spans]
    target = draw(st.none() | st.floats(0.5, 700.0))
    keep_gap = draw(st.floats(0.0, 1.0))
    return duration, silences, target, keep_gap


def _union(duration, silences):
    """Maximal silent stretches, found independently of the code under test: sweep every
    boundary and keep the gaps whose midpoint some detected silence covers."""
    points = sorted({0.0, duration, *(min(max(t, 0.0), duration) for s in silences for t in (s.start_s, s.end_s))})
    stretches = []
    for left, right in zip(points, points[1:]):
        if right > left and any(s.start_s <= (left + right) / 2 <= s.end_s for s in silences):
            if stretches and stretches[-1][1] == left:
                stretches[-1] = (stretches[-1][0], right)
            else:
                stretches.append((left, right))
    return stretches


def _removed(plan):
    """The removed stretches of source time, in order (head, gaps, tail)."""
    removed, position = [], 0.0
    for start, end in plan.kept:
        if start > position + 1e-9:
            removed.append((position, start))
        position = end
    if plan.source_duration_s > position + 1e-9:
        removed.append((position, plan.source_duration_s))
    return removed


def _inside_some_silence(span, silences):
    return any(start - 1e-6 <= span[0] and span[1] <= end + 1e-6 for start, end in silences)


@settings(max_examples=150, deadline=None)
@given(recordings(), st.booleans())
def test_plans_are_ordered_within_the_source_and_fit_the_target(recording, trim_tail):
    duration, silences, target, keep_gap = recording
    plan = plan_from_silences(duration, silences, target, keep_gap, trim_tail=trim_tail)

    previous_end = 0.0
    for start, end in plan.kept:
        assert previous_end <= start < end <= duration
        previous_end = end
    if target is not None and trim_tail:
        assert plan.output_duration_s <= target + 1e-6
        assert plan.output_duration_s == pytest.approx(min(duration, target), abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(recordings())
def test_only_silence_is_ever_removed_except_a_trimmed_tail(recording):
    duration, silences, target, keep_gap = recording
    plan = plan_from_silences(duration, silences, target, keep_gap)
    union = _union(duration, silences)
    removed = _removed(plan)
    tail_trimmed = any("Trimmed the last" in note for note in plan.notes)
    if tail_trimmed:
        removed = removed[:-1]

    assert all(_inside_some_silence(span, union) for span in removed)


@settings(max_examples=150, deadline=None)
@given(recordings())
def test_a_tightened_pause_keeps_a_natural_gap_between_words(recording):
    duration, silences, _, keep_gap = recording
    plan = plan_from_silences(duration, silences, None, keep_gap)

    for start, end in _union(duration, silences):
        if start <= 1e-9 or end >= duration - 1e-9:
            continue  # a lead-in or run-out borders speech on one side only
        kept_of_pause = sum(max(0.0, min(end, k_end) - max(start, k_start)) for k_start, k_end in plan.kept)
        assert kept_of_pause >= min(end - start, keep_gap) - 1e-6


def test_without_a_target_every_long_pause_shrinks_to_the_gap():
    plan = plan_from_silences(6.0, PAUSES, keep_gap_s=0.4)

    assert plan.kept == ((0.0, 1.2), (2.3, 3.7), (4.8, 6.0))
    assert plan.notes == ("Tightened 2 pauses (−2.2 s)",)


def test_with_a_target_the_longest_pause_goes_first_and_no_more_than_needed():
    silences = [Silence(1.0, 2.0), Silence(4.0, 7.0), Silence(9.0, 10.0)]
    plan = plan_from_silences(12.0, silences, target_s=10.5, keep_gap_s=0.4, trim_tail=False)

    assert plan.output_duration_s == pytest.approx(10.5)
    assert plan.kept[0] == (0.0, 4.75)           # the 3 s pause, cut by 1.5 s in its middle
    assert plan.notes == ("Tightened the 1 longest of 3 pauses (−1.5 s)",)


def test_when_tightening_is_not_enough_the_tail_is_trimmed_to_the_target():
    plan = plan_from_silences(6.0, PAUSES, target_s=3.0)

    assert plan.output_duration_s == pytest.approx(3.0)
    assert plan.notes == ("Tightened 2 pauses (−2.2 s)", "Trimmed the last 0.8 s")


def test_a_source_already_within_the_target_is_kept_whole():
    plan = plan_from_silences(6.0, PAUSES, target_s=600)

    assert plan.kept == ((0.0, 6.0),)
    assert plan.notes == ("Already 6.0 s, within the 10:00 target; nothing cut",)


def test_a_target_of_zero_is_refused():
    with pytest.raises(MediaError, match="more than 0"):
        plan_from_silences(6.0, PAUSES, target_s=0)


# --- the jobs on real audio ---------------------------------------------------------------

def test_tightened_output_has_only_short_pauses_left(clip_audio_speechlike, tmp_path):
    plan = plan_tighten_pauses(clip_audio_speechlike, keep_gap_s=0.4)
    out = render_plan(clip_audio_speechlike, tmp_path / "tight.wav", plan)

    remaining = detect_silences(out, min_silence_s=0.2)
    assert [round(s.duration_s, 1) for s in remaining] == [0.4, 0.4]
    assert probe(out).duration_s == pytest.approx(6.0 - 2 * 1.1, abs=0.01)


def test_fit_proposes_a_cut_of_exactly_the_target_length(clip_audio_speechlike):
    plan = plan_fit(clip_audio_speechlike, 3.0)

    assert plan.output_duration_s == pytest.approx(3.0, abs=1e-6)
    assert plan.notes[0].startswith("Tightened 2 pauses")
    assert plan.notes[1].startswith("Trimmed the last")


def test_fit_keeps_a_short_source_whole_and_says_so(clip_audio_speechlike):
    plan = plan_fit(clip_audio_speechlike, 60.0)

    assert plan.kept == ((0.0, plan.source_duration_s),)
    assert "nothing cut" in plan.notes[0]


def test_a_previous_detection_is_reused_instead_of_scanning_again(clip_audio_speechlike):
    plan = plan_tighten_pauses(clip_audio_speechlike, silences=[Silence(1.0, 2.5)])

    assert plan.notes == ("Tightened 1 pause (−1.1 s)",)


def test_fit_refuses_an_unreadable_file_by_name(bad_not_media):
    with pytest.raises(MediaError) as error:
        plan_fit(bad_not_media, 10.0)
    assert bad_not_media.name in str(error.value)


def test_fit_trims_a_video_without_sound_and_says_why_nothing_was_tightened(clip_video_only):
    plan = plan_fit(clip_video_only, 3.0)

    assert plan.kept == ((0.0, 3.0),)
    assert plan.notes == ("No sound track, so no pauses to tighten", "Trimmed the last 2.0 s")


def test_tightening_a_video_without_sound_is_refused_by_name(clip_video_only):
    with pytest.raises(MediaError, match="no audio track") as error:
        plan_tighten_pauses(clip_video_only)
    assert clip_video_only.name in str(error.value)
