"""Where every video frame and keyframe of a file is: a demux-only packet scan (no decoding).

Reading packets costs a fraction of decoding, so trim and probe can afford it on long files.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from studio.errors import MediaError
from studio.media.avcc import is_idr_packet

# Frame spacing may jitter by a tick or two from timestamp rounding in the container; more
# than this relative spread means the frame rate really varies.
_VFR_TOLERANCE = 0.02


@dataclass(frozen=True)
class Keyframe:
    pts: int              # in the stream time base
    dts: int
    idr: bool | None      # H.264: an IDR picture (nothing after it refers to earlier frames); None: other codecs


@dataclass(frozen=True)
class FrameIndex:
    time_base: Fraction
    origin: int                      # the pts of time 0 (the container's start), as ``ffmpeg -ss`` counts
    frame_pts: tuple[int, ...]       # every frame's pts, in display order
    keyframes: tuple[Keyframe, ...]  # in display order
    open_gop: bool                   # a frame after a keyframe in decode order is shown before it
    end_pts: int                     # where the last frame stops showing

    @property
    def frame_count(self) -> int:
        return len(self.frame_pts)

    def seconds(self, pts: int) -> float:
        """Media time of ``pts``: seconds from the start of the file."""
        return float((pts - self.origin) * self.time_base)

    @property
    def frame_duration(self) -> int:
        """The typical spacing between frames, in ticks (the median step)."""
        steps = sorted(b - a for a, b in zip(self.frame_pts, self.frame_pts[1:]))
        return steps[len(steps) // 2] if steps else max(1, self.end_pts - self.frame_pts[0])

    @property
    def variable_frame_rate(self) -> bool:
        steps = [b - a for a, b in zip(self.frame_pts, self.frame_pts[1:])]
        if len(steps) < 2:
            return False
        typical = self.frame_duration
        allowed = max(2, typical * _VFR_TOLERANCE)
        return any(abs(step - typical) > allowed for step in steps)

    def nearest_frame(self, seconds: float) -> int:
        """Index of the frame boundary closest to ``seconds``; ``frame_count`` means the end."""
        ticks = seconds / self.time_base + self.origin
        bounds = (*self.frame_pts, self.end_pts)
        i = bisect.bisect_left(bounds, ticks)
        if i == 0:
            return 0
        if i == len(bounds):
            return len(bounds) - 1
        return i if bounds[i] - ticks <= ticks - bounds[i - 1] else i - 1

    def boundary_pts(self, index: int) -> int:
        """The pts where frame ``index`` starts (``frame_count``: the end of the last frame)."""
        return self.frame_pts[index] if index < len(self.frame_pts) else self.end_pts

    def keyframe_at(self, pts: int) -> Keyframe | None:
        for key in self.keyframes:
            if key.pts == pts:
                return key
        return None


def scan_frames(path: str | Path, *, max_packets: int | None = None) -> FrameIndex:
    """Index the first video stream of ``path``; ``max_packets`` bounds the scan (a sample)."""
    import av

    try:
        container = av.open(str(path))
    except Exception as exc:
        raise MediaError(f"not a readable media file ({exc})", file=str(path)) from None
    with container:
        if not container.streams.video:
            raise MediaError("the file has no video stream", file=str(path))
        stream = container.streams.video[0]
        is_h264 = stream.codec_context.name == "h264"
        pts_list: list[int] = []
        keyframes: list[Keyframe] = []
        open_gop = False
        last_key_pts: int | None = None
        end_pts = 0
        for packet in container.demux(stream):
            if packet.size == 0 or packet.pts is None:
                continue  # the demuxer's end-of-stream flush packet, or a packet with no time
            pts = packet.pts
            if packet.is_keyframe:
                idr = is_idr_packet(bytes(packet)) if is_h264 else None
                keyframes.append(Keyframe(pts=pts, dts=packet.dts if packet.dts is not None else pts, idr=idr))
                last_key_pts = pts
            elif last_key_pts is not None and pts < last_key_pts:
                open_gop = True
            pts_list.append(pts)
            end_pts = max(end_pts, pts + (packet.duration or 0))
            if max_packets is not None and len(pts_list) >= max_packets:
                break
        if not pts_list:
            raise MediaError("the video stream has no frames", file=str(path))
        pts_list.sort()
        keyframes.sort(key=lambda k: k.pts)
        end_pts = max(end_pts, pts_list[-1] + _median_step(pts_list))
        origin = round(Fraction(container.start_time or 0, 1_000_000) / stream.time_base)
        return FrameIndex(time_base=stream.time_base, origin=origin, frame_pts=tuple(pts_list), keyframes=tuple(keyframes),
                          open_gop=open_gop, end_pts=end_pts)


def ffmpeg_seconds(seconds: Fraction | float) -> str:
    """Seconds for an ffmpeg option, floored to the microsecond ffmpeg parses: a seek to a
    frame's exact time then never lands after that frame."""
    micros = int(Fraction(seconds) * 1_000_000)  # int() floors positive values
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def _median_step(pts: list[int]) -> int:
    steps = sorted(b - a for a, b in zip(pts, pts[1:]))
    return steps[len(steps) // 2] if steps else 1
