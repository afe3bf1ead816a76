"""Media fixtures: short real clips made once per session with ffmpeg's lavfi sources.

``make_media(name, args)`` runs ``ffmpeg <args> <dir>/<name>`` once per session and returns
the path; the ready clips below are built on it. ``testsrc`` draws a frame counter, so a test
can tell which source frame an output frame came from.
"""
from __future__ import annotations

import struct
import subprocess
from pathlib import Path
from typing import Callable, Sequence

import pytest

from studio.media.binaries import ffmpeg_exe

CLIP_FPS = 25
CLIP_SECONDS = 5
CLIP_SIZE = "320x240"

MakeMedia = Callable[[str, Sequence[str]], Path]


def video_source(seconds: float = CLIP_SECONDS, fps: int = CLIP_FPS, size: str = CLIP_SIZE) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc=size={size}:rate={fps}:duration={seconds}"]


def tone_source(seconds: float = CLIP_SECONDS, frequency: int = 440, rate: int = 48000) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency={frequency}:sample_rate={rate}:duration={seconds}"]


# x264 as a camera or screen recorder would write it: B-frames, closed GOPs of 2 s.
H264_GOP_50 = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
               "-g", "50", "-keyint_min", "50", "-sc_threshold", "0"]


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def make_media(media_dir: Path) -> MakeMedia:
    """Factory: ``make_media("name.mp4", [ffmpeg input and output options])`` -> path (cached)."""
    made: dict[str, Path] = {}

    def make(name: str, args: Sequence[str]) -> Path:
        if name not in made:
            out = media_dir / name
            cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args, str(out)]
            subprocess.run(cmd, check=True, capture_output=True)
            made[name] = out
        return made[name]

    return make


@pytest.fixture(scope="session")
def clip_av(make_media: MakeMedia) -> Path:
    """5 s, 320x240, 25 fps, H.264 (GOP 50, B-frames) + AAC 48 kHz stereo, in MP4."""
    return make_media("clip_av.mp4", [*video_source(), *tone_source(), *H264_GOP_50,
                                      "-c:a", "aac", "-ac", "2", "-b:a", "96k", "-shortest"])


@pytest.fixture(scope="session")
def clip_video_only(make_media: MakeMedia) -> Path:
    return make_media("clip_video_only.mp4", [*video_source(), *H264_GOP_50])


@pytest.fixture(scope="session")
def clip_audio_wav(make_media: MakeMedia) -> Path:
    return make_media("clip_audio.wav", [*tone_source(), "-c:a", "pcm_s16le"])


@pytest.fixture(scope="session")
def clip_audio_mp3(make_media: MakeMedia) -> Path:
    return make_media("clip_audio.mp3", [*tone_source(rate=44100), "-c:a", "libmp3lame", "-b:a", "128k"])


@pytest.fixture(scope="session")
def clip_audio_m4a(make_media: MakeMedia) -> Path:
    return make_media("clip_audio.m4a", [*tone_source(), "-c:a", "aac", "-b:a", "96k"])


@pytest.fixture(scope="session")
def clip_audio_speechlike(make_media: MakeMedia) -> Path:
    """WAV, 1 s tone bursts separated by 1.5 s of digital silence: 0-1 tone, 1-2.5 silent,
    2.5-3.5 tone, 3.5-5 silent, 5-6 tone (6 s in all)."""
    gate = "between(mod(t,2.5),0,1)"  # evaluated per sample, so the edges are exact
    return make_media("clip_speechlike.wav", [
        "-f", "lavfi", "-i", f"aevalsrc='0.5*sin(2*PI*300*t)*{gate}':s=48000:d=6", "-c:a", "pcm_s16le"])


@pytest.fixture(scope="session")
def clip_vfr(make_media: MakeMedia) -> Path:
    """Variable frame rate: 25 fps for 2 s, then 10 fps (frames dropped, timestamps kept)."""
    return make_media("clip_vfr.mp4", [
        *video_source(seconds=4), "-vf", "select='lt(t,2)+not(mod(n,5))'", "-fps_mode", "vfr",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"])


@pytest.fixture(scope="session")
def clip_rotated(media_dir: Path, clip_av: Path) -> Path:
    """``clip_av`` with a 90° display matrix (as phones write portrait video).

    The matrix is written into the video track's ``tkhd`` box here rather than by ffmpeg:
    ``-display_rotation`` exists from ffmpeg 6, and 7+ ignore the old ``rotate`` tag, so no
    one ffmpeg option works on every version the studio supports.
    """
    out = media_dir / "clip_rotated.mp4"
    if not out.exists():
        data = bytearray(clip_av.read_bytes())
        set_display_rotation(data, 90)
        out.write_bytes(bytes(data))
    return out


def set_display_rotation(mp4: bytearray, degrees: int) -> None:
    """Set the display matrix of the first video track to turn the picture ``degrees``
    counter-clockwise (multiples of 90): the bytes ffmpeg 9's ``-display_rotation`` writes."""
    cos, sin = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[degrees % 360]
    fixed = lambda value: value * 0x10000 & 0xFFFFFFFF   # 16.16 fixed point
    matrix = [fixed(cos), fixed(-sin), 0, fixed(sin), fixed(cos), 0, 0, 0, 0x40000000]
    for trak in _boxes(mp4, _box(mp4, b"moov", 0, len(mp4)), b"trak"):
        mdia = _box(mp4, b"mdia", *trak)
        hdlr = _box(mp4, b"hdlr", *mdia)
        if mp4[hdlr[0] + 8:hdlr[0] + 12] != b"vide":
            continue
        tkhd = _box(mp4, b"tkhd", *trak)[0]
        offset = tkhd + (52 if mp4[tkhd] == 1 else 40)   # version 1 has 64-bit times
        mp4[offset:offset + 36] = struct.pack(">9I", *matrix)
        return
    raise AssertionError("no video track to rotate")


def _boxes(data: bytearray, span: tuple[int, int], kind: bytes):
    """(content start, end) of each child box of ``kind`` in ``span``."""
    position, end = span
    while position + 8 <= end:
        size, found = struct.unpack(">I4s", data[position:position + 8])
        header = 16 if size == 1 else 8
        if size == 1:
            size = struct.unpack(">Q", data[position + 8:position + 16])[0]
        if found == kind:
            yield position + header, position + size
        position += size or end - position


def _box(data: bytearray, kind: bytes, start: int, end: int) -> tuple[int, int]:
    return next(_boxes(data, (start, end), kind))


@pytest.fixture(scope="session")
def clip_odd_name(make_media: MakeMedia) -> Path:
    """An AV clip whose name has spaces, quotes and non-ASCII letters."""
    return make_media("it's a \"clip\" — café ñ.mp4", [
        *video_source(seconds=3), *tone_source(seconds=3), *H264_GOP_50, "-c:a", "aac", "-shortest"])


@pytest.fixture(scope="session")
def bad_zero_byte(media_dir: Path) -> Path:
    path = media_dir / "zero.mp4"
    path.write_bytes(b"")
    return path


@pytest.fixture(scope="session")
def bad_truncated(media_dir: Path, clip_av: Path) -> Path:
    """The first half of ``clip_av``, as an interrupted download leaves it (the index, written
    at the end, is missing)."""
    path = media_dir / "truncated.mp4"
    data = clip_av.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.fixture(scope="session")
def bad_not_media(media_dir: Path) -> Path:
    path = media_dir / "notes.mp4"
    path.write_text("These are meeting notes, not a video.\n" * 20, encoding="utf-8")
    return path
