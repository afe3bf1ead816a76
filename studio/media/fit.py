"""Fit a recording to a time budget: tighten long pauses, then trim the tail if needed.

The planning is pure (:func:`plan_from_silences`), so the UI can re-plan instantly from
one silence detection while the designer moves the target; the jobs below only add the
detection in front of it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.plan import CutPlan
from studio.media.probe import probe
from studio.media.silence import Silence, detect_silences

# Removing less than this from a pause is not worth a cut (each cut costs two fades).
MIN_CUT_S = 0.05
_EPS = 1e-9


@dataclass(frozen=True)
class _Pause:
    """The part of a silence that may go: ``cut_start..cut_end``, leaving natural edges."""
    cut_start: float
    cut_end: float
    anchor: float  # where a partial cut sits: 0 = at cut_start, 0.5 = centred, 1 = at cut_end

    @property
    def removable_s(self) -> float:
        return self.cut_end - self.cut_start

    def cut(self, amount_s: float) -> tuple[float, float]:
        start = self.cut_start + (self.removable_s - amount_s) * self.anchor
        return start, start + amount_s


def plan_tighten_pauses(src: str | Path, target_s: float | None = None, *, keep_gap_s: float = 0.4,
                        silences: Sequence[Silence] | None = None, progress: Progress = no_progress,
                        cancel: CancelToken = NEVER_CANCELLED) -> CutPlan:
    """Shorten long pauses to ``keep_gap_s``; with ``target_s``, longest first, only until the
    target is reached. Never removes speech. Pass ``silences`` to reuse an earlier detection."""
    duration_s = probe(src).duration_s
    found = _silences_of(src, silences, progress, cancel)
    return plan_from_silences(duration_s, found, target_s, keep_gap_s, trim_tail=False)


def plan_fit(src: str | Path, target_s: float, *, keep_gap_s: float = 0.4,
             silences: Sequence[Silence] | None = None, progress: Progress = no_progress,
             cancel: CancelToken = NEVER_CANCELLED) -> CutPlan:
    """Propose a cut that lasts ``target_s``: tighten pauses first, then trim the tail."""
    if target_s is None or target_s <= 0:
        raise MediaError("the target length must be more than 0 s", file=str(src))
    info = probe(src)
    if info.duration_s <= target_s:  # nothing to cut: skip the scan entirely
        return plan_from_silences(info.duration_s, (), target_s, keep_gap_s)
    if silences is None and not info.has_audio:
        # A silent screen recording still fits by trimming its tail.
        plan = plan_from_silences(info.duration_s, (), target_s, keep_gap_s)
        return replace(plan, notes=("No sound track, so no pauses to tighten", *plan.notes[1:]))
    found = _silences_of(src, silences, progress, cancel)
    return plan_from_silences(info.duration_s, found, target_s, keep_gap_s)


def _silences_of(src, silences, progress, cancel) -> Sequence[Silence]:
    if silences is not None:
        progress(1.0, "Reusing detected pauses")
        return silences
    return detect_silences(src, progress=progress, cancel=cancel)


def plan_from_silences(duration_s: float, silences: Iterable[Silence | tuple[float, float]],
                       target_s: float | None = None, keep_gap_s: float = 0.4, *,
                       trim_tail: bool = True) -> CutPlan:
    """The cut plan for a source of ``duration_s`` with these silences.

    Without a target every long pause is tightened. With one, the longest pauses go first
    and tightening stops once the output fits; if it still does not fit and ``trim_tail``,
    the end is trimmed so the output lasts exactly ``target_s``.
    """
    if duration_s <= 0:
        raise MediaError("the media has no duration to plan a cut for")
    if keep_gap_s < 0:
        raise MediaError("the pause to keep cannot be negative")
    if target_s is not None and target_s <= 0:
        raise MediaError("the target length must be more than 0 s")
    if target_s is not None and duration_s <= target_s + _EPS:
        note = f"Already {_length(duration_s)}, within the {_length(target_s)} target; nothing cut"
        return CutPlan(duration_s, ((0.0, duration_s),), (note,))

    pauses = _pauses(duration_s, _merged(duration_s, silences), keep_gap_s)
    excess = None if target_s is None else duration_s - target_s
    cuts = _choose_cuts(pauses, excess)
    kept = _complement(duration_s, cuts)
    removed = sum(end - start for start, end in cuts)
    notes = [_tighten_note(len(cuts), len(pauses), removed)]
    output_s = duration_s - removed
    if target_s is not None and trim_tail and output_s > target_s + _EPS:
        kept = _trim_tail(kept, target_s)
        notes.append(f"Trimmed the last {output_s - target_s:.1f} s")
    return CutPlan(duration_s, tuple(kept), tuple(notes))


def _merged(duration_s: float, silences) -> list[tuple[float, float]]:
    """Silences clipped to the source, sorted, overlaps joined (detections may overlap)."""
    spans = sorted((max(0.0, start), min(duration_s, end)) for start, end in map(_span, silences))
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _span(silence: Silence | tuple[float, float]) -> tuple[float, float]:
    if isinstance(silence, Silence):
        return silence.start_s, silence.end_s
    return float(silence[0]), float(silence[1])


def _pauses(duration_s: float, silences: list[tuple[float, float]], keep_gap_s: float) -> list[_Pause]:
    """What may go from each silence: half the kept gap stays on each side next to speech.

    A silence at the very start or end only borders speech on one side, so it keeps half
    a gap there (a short lead-in or run-out) and loses everything else.
    """
    edge = keep_gap_s / 2
    pauses = []
    for start, end in silences:
        at_start, at_end = start <= _EPS, end >= duration_s - _EPS
        if at_start and at_end:
            continue  # a silent file: there is no speech to bring closer together
        if at_start:
            pause = _Pause(0.0, end - edge, anchor=0.0)
        elif at_end:
            pause = _Pause(start + edge, duration_s, anchor=1.0)
        else:
            pause = _Pause(start + edge, end - edge, anchor=0.5)
        if pause.removable_s >= MIN_CUT_S:
            pauses.append(pause)
    return pauses


def _choose_cuts(pauses: list[_Pause], excess_s: float | None) -> list[tuple[float, float]]:
    """All pauses without a target; otherwise the longest first until ``excess_s`` is gone,
    the last one only partly so the pause is no shorter than needed."""
    if excess_s is None:
        return sorted((p.cut_start, p.cut_end) for p in pauses)
    cuts = []
    remaining = excess_s
    for pause in sorted(pauses, key=lambda p: p.removable_s, reverse=True):
        if remaining <= _EPS:
            break
        amount = min(pause.removable_s, remaining)
        cuts.append(pause.cut(amount))
        remaining -= amount
    return sorted(cuts)


def _complement(duration_s: float, cuts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    kept = []
    position = 0.0
    for start, end in cuts:
        if start - position > _EPS:
            kept.append((position, start))
        position = end
    if duration_s - position > _EPS:
        kept.append((position, duration_s))
    return kept


def _trim_tail(kept: list[tuple[float, float]], target_s: float) -> list[tuple[float, float]]:
    trimmed = []
    remaining = target_s
    for start, end in kept:
        if remaining <= 1e-6:
            break
        length = min(end - start, remaining)
        trimmed.append((start, start + length))
        remaining -= length
    return trimmed


def _tighten_note(tightened: int, long_pauses: int, removed_s: float) -> str:
    if tightened == 0:
        return "No long pauses to tighten"
    noun = "pause" if tightened == 1 else "pauses"
    if tightened < long_pauses:
        return f"Tightened the {tightened} longest of {long_pauses} pauses (−{removed_s:.1f} s)"
    return f"Tightened {tightened} {noun} (−{removed_s:.1f} s)"


def _length(seconds: float) -> str:
    """A duration as people say it: "42.0 s" or "5:00"."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"
