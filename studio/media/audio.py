"""What the audio jobs share: finding the audio track, choosing an audio encoder for an
output file, and refusing to write onto the source."""
from __future__ import annotations

from pathlib import Path

from studio.outputs import same_file
from studio.errors import MediaError
from studio.media.probe import MediaProbe, probe

# Audio encoders by output extension. Speech survives these settings transparently; the
# sizes stay small enough for an LMS package.
_AUDIO_ENCODERS: dict[str, tuple[str, ...]] = {
    ".mp3": ("-c:a", "libmp3lame", "-q:a", "2"),
    ".m4a": ("-c:a", "aac", "-b:a", "128k"),
    ".wav": ("-c:a", "pcm_s16le"),
}
# Containers that can hold the H.264 video we render, with AAC audio beside it.
VIDEO_EXTENSIONS = frozenset({".mp4", ".m4v", ".mov", ".mkv"})
AUDIO_EXTENSIONS = frozenset(_AUDIO_ENCODERS)


def require_audio(src: str | Path, purpose: str) -> MediaProbe:
    """Probe ``src`` and insist on an audio track; ``purpose`` completes "… needs audio"."""
    info = probe(src)
    if not info.has_audio:
        raise MediaError(f"the file has no audio track; {purpose} needs audio", file=str(src))
    return info


def audio_encoder_args(out: str | Path) -> list[str]:
    """ffmpeg arguments that encode audio suitably for ``out``'s extension."""
    suffix = Path(out).suffix.lower()
    if suffix in _AUDIO_ENCODERS:
        return list(_AUDIO_ENCODERS[suffix])
    if suffix in VIDEO_EXTENSIONS:
        return ["-c:a", "aac", "-b:a", "128k"]
    raise MediaError(f"cannot write '{suffix or 'no extension'}' files; use .mp4 for video "
                     "or .mp3, .m4a or .wav for audio", file=str(out))


def refuse_overwriting_source(src: str | Path, out: str | Path) -> None:
    """Originals are never modified: writing onto the source is a user mistake."""
    if same_file(src, out):
        raise MediaError("the output would overwrite the original; choose another file name",
                         file=str(out))
