"""A cut plan: which ranges of a source are kept, in order. Pure data, shared by trim,
fit-to-budget, caption re-timing and the UI (which draws it over the waveform)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CutPlan:
    source_duration_s: float
    kept: tuple[tuple[float, float], ...]          # (start_s, end_s) in source time, ascending
    notes: tuple[str, ...] = field(default_factory=tuple)  # human-readable steps ("tightened 12 pauses")

    def __post_init__(self) -> None:
        previous_end = 0.0
        for start, end in self.kept:
            if not (0.0 <= start < end <= self.source_duration_s + 1e-6) or start < previous_end - 1e-6:
                raise ValueError(f"invalid kept range {start:.3f}-{end:.3f}")
            previous_end = end

    @property
    def output_duration_s(self) -> float:
        return sum(end - start for start, end in self.kept)

    @property
    def is_single_range(self) -> bool:
        return len(self.kept) == 1

    def source_to_output(self, t: float) -> float | None:
        """Map a source time to output time; None when ``t`` falls in a removed range."""
        offset = 0.0
        for start, end in self.kept:
            if start <= t <= end:
                return offset + (t - start)
            offset += end - start
        return None

    def to_dict(self) -> dict:
        return {"source_duration_s": self.source_duration_s, "output_duration_s": self.output_duration_s,
                "kept": [list(r) for r in self.kept], "notes": list(self.notes)}

    @classmethod
    def single(cls, source_duration_s: float, start: float, end: float) -> "CutPlan":
        return cls(source_duration_s, ((start, end),))
