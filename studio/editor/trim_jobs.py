"""What the trim editor computes, without Qt: its background jobs, the plans it draws and the
budget effect of a trim.

The jobs (:meth:`PreviewCache.peaks_job`, :meth:`~PreviewCache.filmstrip_job`,
:meth:`~PreviewCache.silences_job`, :func:`captions_job`) are plain job functions taking
``progress`` and ``cancel``; the UI runs them on its JobRunner. Their results are kept per
media file (path, size and modification time) for the session, so reopening the editor on
the same clip recomputes nothing.

The course format stores one kept range per clip (``in``/``out``), not a list of cuts. So a
plan is drawn in full, but what Accept can apply is :func:`applicable_range`: the span from
the plan's first kept second to its last. :func:`fit_plan` fits with what the format holds
(lead-in and run-out pauses, then the end); :func:`tighten_plan` shows the inner pauses too,
which only a ``cuts:`` field in the course format would let the export remove.
"""
from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from studio import model as m
from studio.editor.commands import TrimClip
from studio.editor.gauge import BudgetReading, read_budget
from studio.editor.session import CourseState
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress
from studio.media.captions import Cue, read_captions
from studio.media.fit import plan_from_silences
from studio.media.plan import CutPlan
from studio.media.previews import filmstrip, waveform_peaks
from studio.media.probe import probe
from studio.media.silence import Silence, detect_silences
from studio.rules.budget import estimate_module
from studio.timecode import format_minutes

PEAK_BUCKETS = 1200
THUMB_COUNT = 24
THUMB_HEIGHT = 64
KEEP_GAP_S = 0.4
_EPS = 1e-6

Job = Callable[..., object]


@dataclass(frozen=True)
class Thumbnail:
    time_s: float
    jpeg: bytes           # the picture's bytes: the UI decodes them (no Qt object in a worker)


class PreviewCache:
    """Peaks, filmstrips and silences already computed in this session, per media file."""

    def __init__(self) -> None:
        self._results: dict[tuple, object] = {}
        self._lock = threading.Lock()
        self.computed: list[tuple[str, str]] = []     # (what, file name) of each real computation

    def _cached(self, what: str, src: Path, compute: Callable[[], object]) -> object:
        stat = src.stat()
        key = (what, str(src.resolve()), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if key in self._results:
                return self._results[key]
        result = compute()
        with self._lock:
            self._results[key] = result
            self.computed.append((what, src.name))
        return result

    def clear(self) -> None:
        with self._lock:
            self._results.clear()

    def peaks_job(self, src: str | Path, buckets: int = PEAK_BUCKETS) -> Job:
        src = Path(src)

        def peaks(*, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED):
            return self._cached(f"peaks:{buckets}", src,
                                lambda: tuple(waveform_peaks(src, buckets, progress=progress, cancel=cancel)))
        return peaks

    def filmstrip_job(self, src: str | Path, count: int = THUMB_COUNT, height: int = THUMB_HEIGHT) -> Job:
        """Thumbnails evenly spaced over the picture, as JPEG bytes with their times."""
        src = Path(src)

        def thumbnails(*, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED):
            def make() -> tuple[Thumbnail, ...]:
                work = Path(tempfile.mkdtemp(prefix="studio-filmstrip-"))
                try:
                    paths = filmstrip(src, work, count, height, progress=progress, cancel=cancel)
                    info = probe(src)      # the times filmstrip() chose: slices of the picture's length
                    step = ((info.video.duration_s if info.video else None) or info.duration_s) / count
                    return tuple(Thumbnail(step * (i + 0.5), p.read_bytes()) for i, p in enumerate(paths))
                finally:
                    shutil.rmtree(work, ignore_errors=True)
            return self._cached(f"filmstrip:{count}:{height}", src, make)
        return thumbnails

    def silences_job(self, src: str | Path) -> Job:
        src = Path(src)

        def silences(*, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED):
            return self._cached("silences", src,
                                lambda: tuple(detect_silences(src, progress=progress, cancel=cancel)))
        return silences


SESSION_CACHE = PreviewCache()


def captions_job(path: str | Path) -> Job:
    """The cues of a caption file (read off the UI thread)."""
    path = Path(path)

    def cues(*, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> tuple[Cue, ...]:
        progress(None, "Reading captions")
        return read_captions(path).cues
    return cues


# -- plans ------------------------------------------------------------------------------
def _within(duration_s: float, in_s: float, out_s: float, silences: Sequence[Silence],
            target_s: float | None, trim_tail: bool) -> CutPlan:
    """Plan over ``in_s..out_s`` only: the range is planned as a clip of its own, then its
    kept ranges are put back in source time."""
    length = out_s - in_s
    inside = [(max(s.start_s, in_s) - in_s, min(s.end_s, out_s) - in_s) for s in silences
              if s.end_s > in_s and s.start_s < out_s]
    plan = plan_from_silences(length, inside, target_s, KEEP_GAP_S, trim_tail=trim_tail)
    kept = tuple((start + in_s, min(duration_s, end + in_s)) for start, end in plan.kept)
    return CutPlan(duration_s, kept, plan.notes)


def tighten_plan(duration_s: float, in_s: float, out_s: float, silences: Sequence[Silence]) -> CutPlan:
    """Every long pause in the range shortened to :data:`KEEP_GAP_S`."""
    return _within(duration_s, in_s, out_s, silences, None, trim_tail=False)


def fit_plan(duration_s: float, in_s: float, out_s: float, silences: Sequence[Silence],
             target_s: float) -> CutPlan:
    """The range fitted to ``target_s`` with one kept range: the pauses at its start and end
    go first (longest first), then the end is trimmed. Inner pauses stay (see the module doc)."""
    edges = [s for s in silences if s.start_s <= in_s + _EPS or s.end_s >= out_s - _EPS]
    plan = _within(duration_s, in_s, out_s, edges, target_s, trim_tail=True)
    untrimmed = _within(duration_s, in_s, out_s, edges, target_s, trim_tail=False)
    removed = (out_s - in_s) - untrimmed.output_duration_s
    first = (f"Trimmed the pauses at the start and end (−{removed:.1f} s)" if removed > _EPS
             else "No pause at the start or end to trim")
    if plan.notes and plan.notes[0].startswith("Already"):
        return plan
    return replace(plan, notes=(first, *plan.notes[1:]))


def applicable_range(plan: CutPlan) -> tuple[float, float]:
    """The one kept range the course format can hold for ``plan``: its overall span."""
    return plan.kept[0][0], plan.kept[-1][1]


def inner_cuts(plan: CutPlan) -> list[tuple[float, float]]:
    """The removed ranges between the plan's kept ranges (what in/out cannot express)."""
    return [(a_end, b_start) for (_, a_end), (b_start, _) in zip(plan.kept, plan.kept[1:])]


def saved_s(plan: CutPlan, in_s: float, out_s: float) -> float:
    return (out_s - in_s) - plan.output_duration_s


# -- the command and the budget -----------------------------------------------------------
def trim_command(module_id: str, index: int, in_s: float, out_s: float, duration_s: float) -> TrimClip:
    """The TrimClip for a kept range: an in at the start and an out at the end are stored as
    "no trim" (None), so the course says only what the designer changed."""
    stored_in = None if in_s <= _EPS else round(in_s, 3)
    stored_out = None if out_s >= duration_s - _EPS else round(out_s, 3)
    return TrimClip(module_id, index, stored_in, stored_out)


@dataclass(frozen=True)
class BudgetEffect:
    before_s: float
    after_s: float
    reading: BudgetReading     # of the module after the trim
    text: str                  # "module 7:47 → 6:30 of 5–15 min"


def budget_effect(state: CourseState, module_id: str, index: int, in_s: float | None,
                  out_s: float | None) -> BudgetEffect | None:
    """The module's estimate now and with this block trimmed to ``in_s..out_s`` (pure)."""
    module = state.course.module(module_id)
    if module is None or not 0 <= index < len(module.blocks):
        return None
    block = module.blocks[index]
    if not isinstance(block, (m.VideoBlock, m.AudioBlock)):
        return None
    facts = dict(state.facts)
    before = state.estimate_of(module_id) or estimate_module(state.course, module, facts)
    blocks = list(module.blocks)
    blocks[index] = replace(block, in_s=in_s, out_s=out_s)
    after = estimate_module(state.course, replace(module, blocks=tuple(blocks)), facts)
    reading = read_budget(after)
    budget = after.budget
    bounds = f" of {budget.min_minutes:g}–{budget.max_minutes:g} min" if budget else ""
    text = f"module {format_minutes(before.seconds)} → {format_minutes(after.seconds)}{bounds}"
    return BudgetEffect(before.seconds, after.seconds, reading, text)


def format_length(seconds: float) -> str:
    """A kept length to the tenth: ``42.5 s``, ``2:30.4``."""
    tenths = round(max(0.0, seconds) * 10)
    minutes, rest = divmod(tenths, 600)
    if minutes == 0:
        return f"{rest / 10:.1f} s"
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"
