"""The delivery encodes: what a phone on a mobile connection should download.

- :func:`mobile_video`: H.264/AAC MP4 with ``+faststart``, scaled down to fit the settings'
  box (never up, aspect kept, even dimensions), capped CRF, audio at the loudness target.
  With ``copy_video`` the picture is stream-copied (a source already small enough and
  H.264) and only the audio is re-encoded, or copied when it is already on target.
  The input is the whole file: frame-accurate trimming is :func:`studio.media.trim.trim`'s
  job, done before, so this pass keeps every frame it is given (``-fps_mode passthrough``).
- :func:`mobile_audio`: :func:`studio.media.render.render_plan` with one kept range and a
  loudness target (measured on the kept audio itself, sample-accurate, no fades).
- :func:`resized_image`: one frame turned by its EXIF orientation and scaled to fit
  ``image_max_px`` on its long side, PNG as PNG and JPEG as JPEG.

Every output is written through ``atomic_file`` (by ``run_ffmpeg``'s callers here or by
``render_plan``), so a cancel or a failure leaves no partial file. The same commands run on
ffmpeg 5.1 (Debian 12) and the bundled 9.0.
"""
from __future__ import annotations

import math
import struct
from dataclasses import asdict, dataclass
from pathlib import Path

import av

from studio.errors import MediaError
from studio.jobs import NEVER_CANCELLED, CancelToken
from studio.media.loudness import (
    DEFAULT_TARGET_LUFS,
    DEFAULT_TRUE_PEAK_DB,
    Loudness,
    gain_filter,
    measure_loudness,
    output_format,
)
from studio.media.plan import CutPlan
from studio.media.probe import MediaProbe
from studio.media.render import render_plan
from studio.media.run import run_ffmpeg
from studio.outputs import atomic_file


@dataclass(frozen=True)
class DeliverySettings:
    """What "suited to a phone" means. Every field is part of the cache key of the files it
    shapes, so changing one re-encodes exactly those files."""
    max_long_px: int = 1280          # video: the long side of the box it must fit (1280x720,
    max_short_px: int = 720          # or 720x1280 for portrait video)
    video_crf: int = 23              # x264 quality; maxrate caps it for slow links
    video_maxrate_kbps: int = 2000
    video_bufsize_kbps: int = 4000
    audio_kbps: int = 128            # AAC in delivered video
    loudness_lufs: float = DEFAULT_TARGET_LUFS      # EBU R128 integrated target
    true_peak_db: float = DEFAULT_TRUE_PEAK_DB      # render_plan's limit, the same -1.5 dBTP
    loudness_tolerance_lu: float = 0.5  # audio this close to target (and under the peak) is not re-gained
    image_max_px: int = 1600         # images: the long side
    jpeg_quality: int = 3            # ffmpeg -q:v for JPEG (2 best … 31 worst)

    def __post_init__(self) -> None:
        if self.true_peak_db != DEFAULT_TRUE_PEAK_DB:
            # render_plan (audio blocks) always limits to DEFAULT_TRUE_PEAK_DB; one value for both.
            raise ValueError(f"true_peak_db must be {DEFAULT_TRUE_PEAK_DB} (render_plan's limit)")

    def video_edit(self) -> dict:
        keys = ("max_long_px", "max_short_px", "video_crf", "video_maxrate_kbps", "video_bufsize_kbps",
                "audio_kbps", "loudness_lufs", "true_peak_db", "loudness_tolerance_lu")
        return {k: v for k, v in asdict(self).items() if k in keys}

    def audio_edit(self) -> dict:
        return {"loudness_lufs": self.loudness_lufs, "true_peak_db": self.true_peak_db}

    def image_edit(self, suffix: str) -> dict:
        return {"image_max_px": self.image_max_px, **({"jpeg_quality": self.jpeg_quality} if suffix != ".png" else {})}


def display_size(info: MediaProbe) -> tuple[int, int]:
    """Width and height as the viewer sees them (a 90° rotation swaps them)."""
    video = info.video
    if video.rotation % 180:
        return video.height, video.width
    return video.width, video.height


def fits_box(width: int, height: int, settings: DeliverySettings) -> bool:
    return max(width, height) <= settings.max_long_px and min(width, height) <= settings.max_short_px


# H.264 every phone decodes in hardware: 8-bit 4:2:0. (10-bit or 4:4:4 "High" profiles are
# H.264 too, but most phones cannot play them.)
_PHONE_PIXEL_FORMATS = {"yuv420p", "yuvj420p"}
_BITRATE_SLACK = 1.25


def can_copy_video(src: Path, info: MediaProbe, settings: DeliverySettings) -> bool:
    """Whether ``src``'s picture can ship without re-encoding: H.264 a phone plays, within the
    box, and no heavier than the delivery bitrate (with some slack)."""
    video = info.video
    if video is None or video.codec != "h264" or not fits_box(*display_size(info), settings):
        return False
    kbps = src.stat().st_size * 8 / 1000 / max(info.duration_s, 1e-3)
    if kbps > (settings.video_maxrate_kbps + settings.audio_kbps) * _BITRATE_SLACK:
        return False
    try:
        with av.open(str(src)) as container:
            return container.streams.video[0].codec_context.pix_fmt in _PHONE_PIXEL_FORMATS
    except (av.FFmpegError, IndexError):
        return False


def mobile_size(width: int, height: int, settings: DeliverySettings) -> tuple[int, int]:
    """The largest even size with the picture's aspect that fits the box; never larger."""
    scale = min(1.0, settings.max_long_px / max(width, height), settings.max_short_px / min(width, height))
    even = lambda value: max(2, math.floor(value * scale + 1e-9) // 2 * 2)
    return even(width), even(height)


def _audio_gain(src: Path, settings: DeliverySettings, cancel: CancelToken) -> Loudness | None:
    """The measured loudness when the audio needs a gain, None when it is on target or silent."""
    try:
        measured = measure_loudness(src, cancel=cancel)
    except MediaError as error:
        if "silent" in error.message:   # parse_loudnorm_report: digital silence has no loudness
            return None
        raise
    on_target = (abs(measured.integrated_lufs - settings.loudness_lufs) <= settings.loudness_tolerance_lu
                 and measured.true_peak_db <= settings.true_peak_db)
    return None if on_target else measured


def mobile_video(src: Path, out: Path, info: MediaProbe, settings: DeliverySettings, *, copy_video: bool,
                 cancel: CancelToken = NEVER_CANCELLED) -> Path:
    """Write ``src`` (whole) to ``out`` as a mobile H.264/AAC MP4 with faststart."""
    args = ["-i", str(src), "-map", "0:v:0", "-sn", "-dn"]
    if copy_video:
        args += ["-c:v", "copy"]
    else:
        width, height = mobile_size(*display_size(info), settings)
        args += ["-fps_mode", "passthrough", "-vf", f"scale={width}:{height}:flags=bicubic,setsar=1",
                 "-c:v", "libx264", "-preset", "veryfast", "-crf", str(settings.video_crf),
                 "-maxrate", f"{settings.video_maxrate_kbps}k", "-bufsize", f"{settings.video_bufsize_kbps}k",
                 "-profile:v", "high", "-pix_fmt", "yuv420p"]
        if info.video.variable_frame_rate:
            args += ["-bf", "0"]   # as trim.py: B-frame reordering shortens a VFR track in MP4
    if info.has_audio:
        args += ["-map", "0:a:0"]
        measured = _audio_gain(src, settings, cancel)
        if measured is None and info.audio.codec == "aac":
            args += ["-c:a", "copy"]
        else:
            if measured is not None:
                chain = gain_filter(measured, settings.loudness_lufs, settings.true_peak_db)
                args += ["-af", f"{chain},{output_format(info.audio.sample_rate, info.audio.channels)}"]
            args += ["-c:a", "aac", "-b:a", f"{settings.audio_kbps}k"]
    with atomic_file(out) as tmp:
        run_ffmpeg([*args, "-movflags", "+faststart+negative_cts_offsets", "-f", "mp4", str(tmp)],
                   duration_s=info.duration_s, message="Encoding video for delivery", cancel=cancel)
    return out


def mobile_audio(src: Path, out: Path, info: MediaProbe, start_s: float | None, end_s: float | None,
                 settings: DeliverySettings, *, cancel: CancelToken = NEVER_CANCELLED) -> Path:
    """The kept range of ``src`` at the loudness target (silent audio: as it is)."""
    start = 0.0 if start_s is None else float(start_s)
    end = info.duration_s if end_s is None else min(float(end_s), info.duration_s)
    plan = CutPlan.single(info.duration_s, start, end)
    try:
        return render_plan(src, out, plan, fade_s=0.0, loudness_lufs=settings.loudness_lufs, cancel=cancel)
    except MediaError as error:
        if "silent" not in error.message:
            raise
    return render_plan(src, out, plan, fade_s=0.0, cancel=cancel)


def resized_size(width: int, height: int, settings: DeliverySettings) -> tuple[int, int] | None:
    """The size to deliver an image at, or None when it is small enough already."""
    if max(width, height) <= settings.image_max_px:
        return None
    scale = settings.image_max_px / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


# EXIF orientation (1-8) → the filters that turn the stored picture the way it is meant to be
# seen. ffmpeg 5.1 and 9.0 both turn a JPEG by its orientation on their own, before our
# filters, so a scale computed from the stored size stretched a quarter-turned photo. The
# studio reads the tag itself (it must know the size as seen to choose the output size),
# turns ffmpeg's autorotation off and applies the turn in its own filter chain, the same on
# every ffmpeg. Neither encoder writes EXIF back: the delivered JPEG has no tag left to apply.
_ORIENTATION_FILTERS = {2: "hflip", 3: "hflip,vflip", 4: "vflip", 5: "transpose=cclock_flip",
                        6: "transpose=clock", 7: "transpose=clock_flip", 8: "transpose=cclock"}


def displayed_size(width: int, height: int, orientation: int) -> tuple[int, int]:
    """A stored picture's size as it is meant to be seen (orientations 5-8 turn it a quarter)."""
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def jpeg_orientation(path: Path) -> int:
    """The EXIF orientation of a JPEG (1 when it has none or it cannot be read): the TIFF
    IFD0 tag 0x0112 of the first ``Exif`` APP1 segment before the image data."""
    with open(path, "rb") as handle:
        data = handle.read(256 * 1024)
    if data[:2] != b"\xff\xd8":
        return 1
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker in (0xD9, 0xDA):   # end of image, start of scan: no more metadata
            return 1
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        body = data[position + 4:position + 2 + length]
        if marker == 0xE1 and body[:6] == b"Exif\x00\x00":
            return _tiff_orientation(body[6:])
        position += 2 + length
    return 1


def _tiff_orientation(tiff: bytes) -> int:
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 1
    ifd = struct.unpack(order + "I", tiff[4:8])[0]
    if ifd + 2 > len(tiff):
        return 1
    count = struct.unpack(order + "H", tiff[ifd:ifd + 2])[0]
    for entry in range(ifd + 2, min(ifd + 2 + 12 * count, len(tiff) - 11), 12):
        tag, kind, _ = struct.unpack(order + "HHI", tiff[entry:entry + 8])
        if tag == 0x0112 and kind == 3:   # SHORT: the value sits in the entry's first two bytes
            value = struct.unpack(order + "H", tiff[entry + 8:entry + 10])[0]
            return value if 1 <= value <= 8 else 1
    return 1


def resized_image(src: Path, out: Path, size: tuple[int, int], settings: DeliverySettings, *,
                  orientation: int = 1, cancel: CancelToken = NEVER_CANCELLED) -> Path:
    """Turn one picture by its EXIF ``orientation``, then scale it to ``size`` (as seen); PNG
    keeps its colour type (alpha too), JPEG stays JPEG."""
    codec = ["-c:v", "png"] if out.suffix.lower() == ".png" else ["-c:v", "mjpeg", "-q:v", str(settings.jpeg_quality)]
    turn = [_ORIENTATION_FILTERS[orientation]] if orientation in _ORIENTATION_FILTERS else []
    chain = ",".join([*turn, f"scale={size[0]}:{size[1]}:flags=lanczos"])
    with atomic_file(out) as tmp:
        run_ffmpeg(["-noautorotate", "-i", str(src), "-map", "0:v:0", "-frames:v", "1", "-vf", chain, *codec,
                    "-f", "image2", "-update", "1", str(tmp)], message="Resizing image", cancel=cancel)
    return out


def moov_before_mdat(path: Path) -> bool:
    """Whether an MP4's index (``moov``) comes before its media data: a player can start
    before the download ends."""
    with open(path, "rb") as handle:
        while True:
            header = handle.read(8)
            if len(header) < 8:
                return False
            size, kind = struct.unpack(">I4s", header)
            if kind in (b"moov", b"mdat"):
                return kind == b"moov"
            if size == 1:
                size = struct.unpack(">Q", handle.read(8))[0] - 8
            elif size == 0:
                return False
            handle.seek(size - 8, 1)
