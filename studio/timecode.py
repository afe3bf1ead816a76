"""Durations as the course source writes them: seconds or ``HH:MM:SS(.mmm)``."""
from __future__ import annotations

import math
import re

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")


def parse_duration(value: object) -> float:
    """Seconds from a number or an ``[HH:]MM:SS(.mmm)`` string; raises ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("expected seconds or HH:MM:SS, got a boolean")
    if isinstance(value, (int, float)):
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an integer too large for a float
            finite = False
        if not finite:
            raise ValueError(f"expected a finite duration, got {value!r}")
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return parse_duration(float(text))
        except ValueError:
            pass
        match = _CLOCK.match(text)
        if match:
            hours, minutes, seconds = match.groups()
            if int(minutes) >= 60 and hours is not None or float(seconds) >= 60:
                raise ValueError(f"'{value}' is not a valid time (minutes and seconds go up to 59)")
            return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    raise ValueError(f"expected seconds or HH:MM:SS(.mmm), got {value!r}")


def format_clock(seconds: float) -> str:
    """``HH:MM:SS`` with milliseconds only when needed: 450 → ``00:07:30``."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{text}.{ms:03d}" if ms else text


def format_minutes(seconds: float) -> str:
    """``M:SS`` for reports: 512 → ``8:32``."""
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"
