"""A module's duration estimate read against its budget: the numbers and the tone a gauge shows.

Qt-free: the budget gauge widget paints a :class:`BudgetReading`, and tests read one directly.
"""
from __future__ import annotations

from dataclasses import dataclass

from studio.rules.budget import ModuleEstimate
from studio.timecode import format_minutes

NEAR_EDGE = 0.5   # within the budget, but more than half-way from the target to a bound: amber


@dataclass(frozen=True)
class BudgetReading:
    seconds: float
    min_s: float | None
    target_s: float | None
    max_s: float | None
    status: str          # under | within | over (as check says)
    tone: str            # ok (green) | warn (amber) | bad (red)
    text: str            # "7:47 of 5–15 min, target 8:00"

    @property
    def scale_s(self) -> float:
        """The right end of the gauge: past the max (or the estimate) with some air."""
        top = max(self.max_s or 0.0, self.seconds, 60.0)
        return top * 1.15


def read_budget(estimate: ModuleEstimate) -> BudgetReading:
    budget = estimate.budget
    if budget is None:
        return BudgetReading(estimate.seconds, None, None, None, "within", "warn",
                             f"{format_minutes(estimate.seconds)} · unknown budget profile")
    min_s, max_s, target_s = budget.min_minutes * 60, budget.max_minutes * 60, budget.target_minutes * 60
    status = estimate.status
    if status != "within":
        tone = "warn" if estimate.override else "bad"
    else:
        bound = max_s if estimate.seconds >= target_s else min_s
        span = abs(bound - target_s) or 1.0
        tone = "warn" if abs(estimate.seconds - target_s) / span > NEAR_EDGE else "ok"
    text = (f"{format_minutes(estimate.seconds)} of {budget.min_minutes:g}–{budget.max_minutes:g} min, "
            f"target {format_minutes(target_s)}")
    return BudgetReading(estimate.seconds, min_s, target_s, max_s, status, tone, text)
