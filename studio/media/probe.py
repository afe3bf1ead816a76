"""Probe a media file: duration, streams, rotation, frame rate facts, keyframes.

Uses ffprobe (through ffmpeg-python) when the system has it, else PyAV, and returns the
same :class:`MediaProbe` either way.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from studio.errors import MediaError
from studio.media.binaries import ffprobe_exe
from studio.media.frames import scan_frames

# How many video packets probe() reads to judge the frame rate: about a minute at 25 fps.
# A trim scans the whole file itself before deciding how to cut.
_VFR_SAMPLE_PACKETS = 1500
_STILL_IMAGE_FORMATS = {"png_pipe", "image2", "jpeg_pipe", "webp_pipe", "gif", "svg_pipe"}
MAX_IMAGE_PIXELS = 100_000_000   # 10k × 10k; a bigger "picture" is a decompression bomb, not a slide


@dataclass(frozen=True)
class VideoStream:
    codec: str
    width: int
    height: int
    fps: float
    duration_s: float | None = None
    rotation: int = 0               # degrees counter-clockwise the player turns the picture
    variable_frame_rate: bool = False
    frame_count: int | None = None  # when the container records it (MP4, MOV) or the scan saw every frame


@dataclass(frozen=True)
class AudioStream:
    codec: str
    sample_rate: int
    channels: int
    duration_s: float | None = None


@dataclass(frozen=True)
class MediaProbe:
    path: str
    format_name: str
    duration_s: float
    video: VideoStream | None = None
    audio: AudioStream | None = None
    streams: tuple = field(default_factory=tuple)

    @property
    def has_video(self) -> bool:
        return self.video is not None

    @property
    def has_audio(self) -> bool:
        return self.audio is not None

    def to_dict(self) -> dict:
        return asdict(self)


def probe(path: str | Path) -> MediaProbe:
    """Probe ``path``; raises :class:`MediaError` for missing, empty or undecodable files."""
    path = Path(path)
    if not path.is_file():
        raise MediaError("file not found", file=str(path))
    if path.stat().st_size == 0:
        raise MediaError("file is empty (0 bytes)", file=str(path))
    try:
        ffprobe = ffprobe_exe()
        result = _probe_with_ffprobe(path, ffprobe) if ffprobe else _probe_with_pyav(path)
    except MediaError:
        raise
    except Exception as exc:
        raise MediaError(f"not a readable media file ({_short(exc)})", file=str(path)) from None
    if result.duration_s <= 0 and result.format_name not in _STILL_IMAGE_FORMATS:
        raise MediaError("media has no duration (truncated or not media)", file=str(path))
    return result


def is_still_image_format(format_name: str) -> bool:
    """A demuxer of single pictures (``png_pipe``, ``image2``, ``gif``…), not of clips or sounds."""
    return format_name in _STILL_IMAGE_FORMATS or format_name.endswith("_pipe")


def decode_image(path: str | Path) -> tuple[int, int]:
    """Decode the picture of ``path`` for real and return its (width, height).

    Probing alone trusts headers: a text file named ``.png`` probes as a 0×0 PNG, a PNG whose
    data is damaged probes with its header's size. So the first frame is decoded with PyAV
    (always installed, whichever probe backend is in use), with ffmpeg's strict error
    detection so a truncated JPEG is refused too. SVG is checked as XML whose root is
    ``<svg>`` (PyAV's ffmpeg has no SVG decoder). Raises :class:`MediaError`.
    """
    path = Path(path)
    if not path.is_file():
        raise MediaError("file not found", file=str(path))
    if path.stat().st_size == 0:
        raise MediaError("file is empty (0 bytes)", file=str(path))
    if path.suffix.lower() == ".svg":
        return _svg_size(path)
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise MediaError("not an image (no picture in the file)", file=str(path))
            stream = container.streams.video[0]
            declared = (stream.codec_context.width or 0) * (stream.codec_context.height or 0)
            if declared > MAX_IMAGE_PIXELS:
                raise MediaError(f"picture too large ({stream.codec_context.width}×{stream.codec_context.height} "
                                 "pixels)", file=str(path))
            stream.codec_context.options = {"err_detect": "explode"}
            frame = next(iter(container.decode(stream)), None)
    except MediaError:
        raise
    except Exception as exc:
        raise MediaError(f"not a decodable image ({_short(exc)})", file=str(path)) from None
    if frame is None or not frame.width or not frame.height:
        raise MediaError("not a decodable image (no picture decoded)", file=str(path))
    return frame.width, frame.height


def _svg_size(path: Path) -> tuple[int, int]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise MediaError(f"not a readable SVG image ({_short(exc)})", file=str(path)) from None
    if root is None or etree.QName(root).localname != "svg":
        raise MediaError("not an SVG image (the root element is not <svg>)", file=str(path))
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (not width or not height) and len(box) == 4:
        width, height = width or _svg_length(box[2]), height or _svg_length(box[3])
    return width or 0, height or 0


def _svg_length(text: str | None) -> int | None:
    """``"120"``, ``"120px"``, ``"12.5"`` → pixels; relative units (``%``, ``em``) → None."""
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?)\s*(px)?\s*", text or "")
    return round(float(match.group(1))) if match else None


def keyframes(path: str | Path) -> list[float]:
    """Seconds (from the start of the file) of every keyframe of the first video stream.

    Reads packets only, so it costs a fraction of decoding; [] for a file without video.
    """
    info = probe(path)
    if not info.has_video:
        return []
    index = scan_frames(path)
    return [index.seconds(key.pts) for key in index.keyframes]


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:200] if text else type(exc).__name__


# --- PyAV ---------------------------------------------------------------------------------

def _probe_with_pyav(path: Path) -> MediaProbe:
    import av

    with av.open(str(path)) as container:
        video = audio = None
        stream_names = []
        for stream in container.streams:
            codec = stream.codec_context.codec.canonical_name  # "mp3", as ffprobe says, not the decoder "mp3float"
            stream_names.append(f"{stream.type}:{codec}")
            duration = float(stream.duration * stream.time_base) if stream.duration else None
            if stream.type == "video" and video is None:
                rate = stream.average_rate or stream.guessed_rate or Fraction(0)
                video = VideoStream(codec=codec, width=stream.codec_context.width,
                                    height=stream.codec_context.height, fps=float(rate), duration_s=duration,
                                    rotation=_rotation(container, stream), frame_count=stream.frames or None)
            elif stream.type == "audio" and audio is None:
                audio = AudioStream(codec=codec, sample_rate=stream.codec_context.sample_rate,
                                    channels=stream.codec_context.channels, duration_s=duration)
        if video is None and audio is None:
            raise MediaError("no audio or video stream", file=str(path))
        total = container.duration / 1_000_000 if container.duration else max(
            (s.duration_s or 0.0) for s in (video, audio) if s is not None)
        format_name = container.format.name
    if video is not None and format_name not in _STILL_IMAGE_FORMATS:
        video = _with_frame_rate_facts(path, video)
    return MediaProbe(path=str(path), format_name=format_name, duration_s=float(total),
                      video=video, audio=audio, streams=tuple(stream_names))


def _rotation(container, stream) -> int:
    """The display rotation. PyAV 18 exposes the display matrix only on decoded frames, so
    decode the first one; old files carry a ``rotate`` tag instead."""
    tag = stream.metadata.get("rotate")
    if tag:
        try:
            return _normal_degrees(-int(float(tag)))  # the tag counts clockwise
        except ValueError:
            pass
    try:
        for frame in container.decode(stream):
            return _normal_degrees(int(frame.rotation))
    except Exception:  # a broken first frame is reported by whoever decodes the file for real
        return 0
    return 0


def _normal_degrees(degrees: int) -> int:
    """-180..180 as ffmpeg's display matrix helpers report it, with multiples of 90 exact."""
    degrees = round(degrees) % 360
    return degrees - 360 if degrees > 180 else degrees


def _with_frame_rate_facts(path: Path, video: VideoStream) -> VideoStream:
    try:
        index = scan_frames(path, max_packets=_VFR_SAMPLE_PACKETS)
    except MediaError:
        return video
    frame_count = video.frame_count
    if frame_count is None and index.frame_count < _VFR_SAMPLE_PACKETS:
        frame_count = index.frame_count  # the sample was the whole stream
    return VideoStream(**{**asdict(video), "variable_frame_rate": index.variable_frame_rate,
                          "frame_count": frame_count})


# --- ffprobe ------------------------------------------------------------------------------

def _probe_with_ffprobe(path: Path, ffprobe: str) -> MediaProbe:
    import ffmpeg

    try:
        data = ffmpeg.probe(str(path), cmd=ffprobe)
    except ffmpeg.Error as exc:
        message = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise MediaError(f"not a readable media file ({message[-1] if message else 'ffprobe failed'})",
                         file=str(path)) from None
    result = probe_from_ffprobe_json(data, path)
    return _gapless_mp3_length(result, path) if result.format_name == "mp3" else result


def _gapless_mp3_length(result: MediaProbe, path: Path) -> MediaProbe:
    """ffprobe 5.1 counts the encoder's delay and padding into an MP3's length (4.049 s for a
    4 s tone); newer libavformat, PyAV's own, takes them off as gapless players do. So MP3
    lengths come from PyAV whichever ffprobe ran, and agree across ffmpeg versions."""
    import av

    with av.open(str(path)) as container:
        if not container.duration:
            return result
        seconds = container.duration / 1_000_000
    audio = replace(result.audio, duration_s=seconds) if result.audio else None
    return replace(result, duration_s=seconds, audio=audio)


def probe_from_ffprobe_json(data: dict, path: str | Path) -> MediaProbe:
    """Normalise ``ffprobe -show_format -show_streams -of json`` output into a MediaProbe."""
    video = audio = None
    names = []
    for stream in data.get("streams", []):
        kind, codec = stream.get("codec_type"), stream.get("codec_name", "unknown")
        names.append(f"{kind}:{codec}")
        if kind == "video" and video is None and not stream.get("disposition", {}).get("attached_pic"):
            avg, real = _rate(stream.get("avg_frame_rate")), _rate(stream.get("r_frame_rate"))
            video = VideoStream(codec=codec, width=int(stream.get("width", 0)), height=int(stream.get("height", 0)),
                                fps=float(avg or real), duration_s=_seconds(stream.get("duration")),
                                rotation=_ffprobe_rotation(stream),
                                # ffprobe's cheap tell: the base rate differs from the average one
                                variable_frame_rate=bool(avg and real and abs(avg - real) > 0.01 * real),
                                frame_count=int(stream["nb_frames"]) if str(stream.get("nb_frames", "")).isdigit() else None)
        elif kind == "audio" and audio is None:
            audio = AudioStream(codec=codec, sample_rate=int(stream.get("sample_rate", 0)),
                                channels=int(stream.get("channels", 0)), duration_s=_seconds(stream.get("duration")))
    if video is None and audio is None:
        raise MediaError("no audio or video stream", file=str(path))
    fmt = data.get("format", {})
    duration = _seconds(fmt.get("duration")) or max((s.duration_s or 0.0) for s in (video, audio) if s is not None)
    return MediaProbe(path=str(path), format_name=fmt.get("format_name", ""), duration_s=duration,
                      video=video, audio=audio, streams=tuple(names))


def _ffprobe_rotation(stream: dict) -> int:
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            return _normal_degrees(int(float(side["rotation"])))
    tag = stream.get("tags", {}).get("rotate")
    return _normal_degrees(-int(float(tag))) if tag else 0


def _rate(text: str | None) -> float:
    try:
        value = Fraction(text) if text else Fraction(0)
    except (ValueError, ZeroDivisionError):
        return 0.0
    return float(value)


def _seconds(text) -> float | None:
    try:
        return float(text) if text not in (None, "N/A") else None
    except ValueError:
        return None
