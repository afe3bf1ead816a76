"""One line on a block's media file as measured when the course was opened (its facts)."""
from __future__ import annotations

from studio.media_facts import MediaFacts
from studio.timecode import format_minutes


def media_line(facts: MediaFacts | None) -> tuple[str, bool]:
    """What the studio knows of the file, and whether that is a problem (missing, unreadable)."""
    if facts is None or not facts.exists:
        return "File not found beside the course", True
    if not facts.usable:
        return f"Cannot be used: {facts.corrupt or facts.error}", True
    parts = []
    if facts.duration_s is not None:
        parts.append(format_minutes(facts.duration_s))
    if facts.width and facts.height:
        parts.append(f"{facts.width} × {facts.height} px")
    if facts.duration_s is not None:
        parts.append(" + ".join(s for s, has in (("video", facts.has_video), ("audio", facts.has_audio)) if has))
    return "  ·  ".join(p for p in parts if p) or "Measured, no size known", False
