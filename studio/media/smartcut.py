"""Frame-accurate H.264 trim that re-encodes only the partial GOPs at the two ends.

The output is: frames from the requested start to the first IDR keyframe, re-encoded; the
source's packets from that keyframe to the last IDR keyframe before the end, copied; the
frames from there to the requested end, re-encoded. AAC-LC audio is copied, cut to the
exact sample by an edit list on the audio track only (:mod:`studio.media.aaccopy`); other
audio, or a copy that fails its check, is re-encoded as a whole from exactly the same
start. Either runs in parallel with the two video ends.

Where this is safe is decided up front (:func:`plan_smart_cut`); anything else gets a
full re-encode. Safe means: H.264 in MP4/MOV written to MP4/MOV, constant frame rate, no
rotation, 8-bit 4:2:0 in a profile x264 can match, IDR keyframes (closed GOPs) on both
sides of the copied part.

The re-encoded pictures use a parameter-set id the source does not use, and the output's
``avcC`` holds both encoders' SPS/PPS. The joined stream is remuxed with PyAV so every
timestamp is set exactly: the first frame is a keyframe at pts 0 without help from an edit
list (``negative_cts_offsets``).
"""
from __future__ import annotations

import contextlib
import heapq
import math
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from studio.errors import MediaError
from studio.jobs import CancelToken, Progress
from studio.media.aaccopy import NotCopyable, check_copyable, copy_aac_range
from studio.media.avcc import NAL_LENGTH_SIZE, AvcConfig, free_parameter_set_id
from studio.media.frames import FrameIndex, Keyframe, ffmpeg_seconds, scan_frames
from studio.media.parallel import run_parallel
from studio.media.probe import MediaProbe
from studio.media.run import run_ffmpeg

# x264 profiles that produce 8-bit 4:2:0, as PyAV names the source's profile.
_X264_PROFILES = {"High": "high", "Main": "main", "Baseline": "baseline", "Constrained Baseline": "baseline"}
_PIXEL_FORMATS = {"yuv420p", "yuvj420p"}
_MP4_SUFFIXES = {".mp4", ".m4v", ".mov"}
# Below this much copied video the two re-encodes are most of the work anyway.
MIN_COPIED_S = 1.0
# The re-encoded ends are at most a GOP each: the full re-encode's fast preset at a lower CRF
# keeps them as sharp as the copied middle. B-frames are off so each end has no reordering
# delay of its own.
_END_ENCODER = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-bf", "0"]
# moov first, so players can start before the download ends; the first frame at pts 0
_MP4_FLAGS = {"movflags": "+faststart+negative_cts_offsets"}


class NotSafe(Exception):
    """Why a smart cut cannot be trusted on this source; the caller re-encodes instead."""


@dataclass(frozen=True)
class SmartCutPlan:
    index: FrameIndex
    first: int                 # output frames are source frames [first, end)
    end: int
    copy_from: Keyframe        # the copied packets: from this IDR keyframe ...
    copy_to: Keyframe | None   # ... up to this one (exclusive); None: to the end of the stream
    config: AvcConfig          # the source's avcC
    encoder_args: tuple[str, ...]
    audio_bitrate: int | None  # None: the source has no audio
    audio_copy: bool = False   # AAC-LC that can be copied rather than re-encoded

    def seconds(self, pts: int) -> float:
        return self.index.seconds(pts)

    @property
    def start_pts(self) -> int:
        return self.index.boundary_pts(self.first)

    @property
    def end_pts(self) -> int:
        return self.index.boundary_pts(self.end)

    @property
    def head_frames(self) -> int:
        return self.index.frame_pts.index(self.copy_from.pts) - self.first

    @property
    def tail_frames(self) -> int:
        return 0 if self.copy_to is None else self.end - self.index.frame_pts.index(self.copy_to.pts)


def plan_smart_cut(src: Path, out: Path, info: MediaProbe, index: FrameIndex, first: int, end: int) -> SmartCutPlan:
    """Check every condition a smart cut needs; raises :class:`NotSafe` naming the first one missing."""
    import av

    video = info.video
    if out.suffix.lower() not in _MP4_SUFFIXES:
        raise NotSafe(f"smart cut writes MP4/MOV only, not '{out.suffix}'")
    if video is None or video.codec != "h264" or "mp4" not in info.format_name:
        raise NotSafe("smart cut needs H.264 video in an MP4/MOV file")
    if video.rotation:
        raise NotSafe("the video is rotated")
    if index.variable_frame_rate:
        raise NotSafe("the video has a variable frame rate")
    if index.open_gop:
        raise NotSafe("the video uses open GOPs")
    with av.open(str(src)) as container:
        stream = container.streams.video[0]
        context = stream.codec_context
        profile, pix_fmt, level = context.profile, context.pix_fmt, context.level
        interlaced = _first_frame_interlaced(container, stream)
        try:
            config = AvcConfig.parse(bytes(context.extradata or b""))
        except ValueError as exc:
            raise NotSafe(f"unusual H.264 headers ({exc})") from None
        bit_rate = container.streams.audio[0].bit_rate if container.streams.audio else None
        audio_copy = bool(container.streams.audio) and _copyable(container.streams.audio[0])
    if profile not in _X264_PROFILES or pix_fmt not in _PIXEL_FORMATS or interlaced:
        raise NotSafe(f"x264 cannot match this H.264 flavour ({profile}, {pix_fmt}"
                      f"{', interlaced' if interlaced else ''})")
    param_id = free_parameter_set_id(config)
    if config.length_size != NAL_LENGTH_SIZE or param_id is None:
        raise NotSafe("unusual H.264 headers")
    copy_from, copy_to = _copy_span(index, first, end)
    encoder = [*_END_ENCODER, "-profile:v", _X264_PROFILES[profile], "-pix_fmt", pix_fmt,
               "-x264-params", f"sps-id={param_id}",
               "-video_track_timescale", str(index.time_base.denominator)]
    if level and level > 0:
        encoder += ["-level:v", f"{level / 10:.1f}"]
    audio_bitrate = None
    if info.has_audio:
        audio_bitrate = min(max(bit_rate or 160_000, 128_000), 320_000)
    return SmartCutPlan(index=index, first=first, end=end, copy_from=copy_from, copy_to=copy_to,
                        config=config, encoder_args=tuple(encoder), audio_bitrate=audio_bitrate,
                        audio_copy=audio_copy and audio_bitrate is not None)


def _copyable(stream) -> bool:
    try:
        check_copyable(stream)
    except NotCopyable:
        return False
    return True


def _copy_span(index: FrameIndex, first: int, end: int) -> tuple[Keyframe, Keyframe | None]:
    start_pts, end_pts = index.boundary_pts(first), index.boundary_pts(end)
    idrs = [key for key in index.keyframes if key.idr]
    after_start = [key for key in idrs if key.pts >= start_pts]
    if not after_start:
        raise NotSafe("no IDR keyframe after the start to copy from")
    copy_from = after_start[0]
    copy_to = None if end == index.frame_count else next(
        (key for key in reversed(idrs) if key.pts <= end_pts), None)
    copy_end = end_pts if copy_to is None else copy_to.pts
    if copy_to is not None and copy_to.pts <= copy_from.pts or \
            index.seconds(copy_end) - index.seconds(copy_from.pts) < MIN_COPIED_S:
        raise NotSafe(f"less than {MIN_COPIED_S:g} s between keyframes inside the range")
    return copy_from, copy_to


def run_smart_cut(src: Path, out: Path, plan: SmartCutPlan, *, progress: Progress,
                  cancel: CancelToken) -> tuple[dict[str, float], str | None]:
    """Write the cut to ``out`` (a temp path the caller renames); returns step timings and
    how the audio was made ("copy", "encode", None without audio)."""
    timings: dict[str, float] = {}
    audio_method: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix=".studio-smartcut-", dir=out.parent) as work_dir:
        work = Path(work_dir)
        jobs = {}
        if plan.head_frames:
            jobs["encode_head"] = (_encode_frames_job(src, work / "head.mp4", plan, plan.first, plan.head_frames),
                                   plan.head_frames)
        if plan.tail_frames:
            tail_first = plan.end - plan.tail_frames
            jobs["encode_tail"] = (_encode_frames_job(src, work / "tail.mp4", plan, tail_first, plan.tail_frames),
                                   plan.tail_frames)
        if plan.audio_bitrate:
            # an audio encode costs about a quarter of a frame's encode per frame of duration
            name, weight = ("copy_audio", 1.0) if plan.audio_copy else ("encode_audio", (plan.end - plan.first) / 4)
            jobs[name] = (_audio_job(src, work / "audio.m4a", plan, audio_method), weight)
        started = time.perf_counter()
        timings.update(run_parallel(jobs, progress=_span(progress, 0.0, 0.85), cancel=cancel))
        timings["encode_parallel"] = time.perf_counter() - started

        started = time.perf_counter()
        cancel.raise_if_cancelled()
        progress(0.85, "Joining")
        _assemble(src, out, plan, work, work / "audio.m4a" if plan.audio_bitrate else None, cancel)
        progress(1.0, "Joining")
        timings["join"] = time.perf_counter() - started
    _check_frame_count(out, plan)
    return timings, audio_method.get("method")


def _audio_job(src: Path, dest: Path, plan: SmartCutPlan, chosen: dict[str, str]):
    """Copy the audio where the plan allows, else (or when the copy fails its check) encode it."""
    encode = _encode_audio_job(src, dest, plan)
    time_base = plan.index.time_base

    def job(progress: Progress, cancel: CancelToken) -> None:
        if plan.audio_copy:
            try:
                copy_aac_range(src, dest, plan.start_pts * time_base, plan.end_pts * time_base, cancel)
                chosen["method"] = "copy"
                return
            except NotCopyable:
                pass  # the re-encode is exact whatever the packets look like
        chosen["method"] = "encode"
        encode(progress, cancel)
    return job


def _encode_frames_job(src: Path, dest: Path, plan: SmartCutPlan, first: int, count: int):
    start = _ss(plan.index, plan.index.boundary_pts(first))

    def job(progress: Progress, cancel: CancelToken) -> None:
        # -an/-sn/-dn before -i: the demuxer skips the other streams' data instead of reading it
        run_ffmpeg(["-an", "-sn", "-dn", "-ss", start, "-i", str(src), "-map", "0:v:0", "-frames:v", str(count),
                    "-fps_mode", "passthrough", *plan.encoder_args, str(dest)],
                   duration_s=count * plan.index.frame_duration * plan.index.time_base,
                   message="Encoding the ends", progress=progress, cancel=cancel)
    return job


def _encode_audio_job(src: Path, dest: Path, plan: SmartCutPlan):
    start = _ss(plan.index, plan.start_pts)
    duration = (plan.end_pts - plan.start_pts) * plan.index.time_base

    def job(progress: Progress, cancel: CancelToken) -> None:
        run_ffmpeg(["-vn", "-sn", "-dn", "-ss", start, "-i", str(src), "-map", "0:a:0", "-t", ffmpeg_seconds(duration),
                    "-c:a", "aac", "-b:a", str(plan.audio_bitrate), str(dest)],
                   duration_s=float(duration), message="Encoding audio", progress=progress, cancel=cancel)
    return job


def _assemble(src: Path, dest: Path, plan: SmartCutPlan, work: Path, audio: Path | None,
              cancel: CancelToken) -> None:
    """Head + copied packets + tail, and the audio, into the output MP4 in one pass.

    The two tracks are interleaved here by decode time, so the muxer buffers nothing; the
    audio keeps the negative timestamps of its preroll, which the muxer writes as the audio
    track's edit list (the video starts at pts 0 and needs none).
    """
    import av

    with av.open(str(src)) as source, av.open(str(audio)) if audio else _nothing() as sound, \
            av.open(str(dest), "w", options=_movie_options(plan, sound)) as output:
        stream = source.streams.video[0]
        encoded = [AvcConfig.parse(bytes(_extradata(work / name))) for name in ("head.mp4", "tail.mp4")
                   if (work / name).exists()]
        config = plan.config.merged_with(encoded[0]) if encoded else plan.config
        target = output.add_stream_from_template(stream)
        target.codec_context.extradata = config.to_bytes()
        packets = _video_packets(source, stream, target, plan, work)
        if sound is not None:
            sound_target = output.add_stream_from_template(sound.streams.audio[0])
            packets = heapq.merge(packets, _audio_packets(sound, sound_target), key=_decode_time)
        for packet in packets:
            if cancel.is_cancelled:
                break
            output.mux(packet)
    cancel.raise_if_cancelled()


def _movie_options(plan: SmartCutPlan, sound) -> dict[str, str]:
    """Edit lists count in the movie timescale: one both tracks' clocks divide (not the
    muxer's default milliseconds) keeps the audio edit sample-exact and the video's exact."""
    scale = plan.index.time_base.denominator
    if sound is not None:
        scale = math.lcm(scale, sound.streams.audio[0].sample_rate)
    return {**_MP4_FLAGS, **({"movie_timescale": str(scale)} if scale < 2**31 else {})}


def _video_packets(source, stream, target, plan: SmartCutPlan, work: Path):
    """The video packets in decode order, re-stamped to start at pts 0.

    dts of re-encoded pictures is pts minus the source's reordering delay at the joining
    keyframe, so decode order stays strictly increasing across both joins.
    """
    import av

    base = plan.start_pts

    def stamped(packet, pts: int, dts: int, duration: int | None = None):
        packet.stream = target
        packet.time_base = stream.time_base
        packet.pts, packet.dts = pts, dts
        if duration is not None:
            packet.duration = duration
        return packet

    def encoded(name: str, first: int, delay: int):
        """Re-encoded pictures come in display order (no B-frames): give the n-th one the
        source grid's timestamp exactly, whatever rounding the encoder's clock did."""
        if not (work / name).exists():
            return
        with av.open(str(work / name)) as part:
            packets = [packet for packet in part.demux(part.streams.video[0]) if packet.size]
        for number, packet in enumerate(packets):
            pts = plan.index.boundary_pts(first + number) - base
            yield stamped(packet, pts, pts - delay, plan.index.boundary_pts(first + number + 1) - base - pts)

    yield from encoded("head.mp4", plan.first, plan.copy_from.pts - plan.copy_from.dts)
    source.seek(plan.copy_from.pts, stream=stream, backward=True, any_frame=False)
    copying = False
    for packet in source.demux(stream):
        if not packet.size:
            continue
        if plan.copy_to is not None and packet.is_keyframe and packet.pts == plan.copy_to.pts:
            break
        copying = copying or (packet.is_keyframe and packet.pts == plan.copy_from.pts)
        if copying and packet.pts < plan.end_pts:
            yield stamped(packet, packet.pts - base, packet.dts - base)
    if plan.copy_to is not None:
        yield from encoded("tail.mp4", plan.end - plan.tail_frames, plan.copy_to.pts - plan.copy_to.dts)


def _audio_packets(sound, target):
    """The audio as written by the copy or the encode, timestamps untouched: the first ones
    are negative where the track starts inside a packet (copy) or after encoder priming."""
    for packet in sound.demux(sound.streams.audio[0]):
        if packet.size:
            packet.stream = target
            yield packet


def _decode_time(packet):
    return packet.dts * packet.time_base


@contextlib.contextmanager
def _nothing():
    yield None


def _first_frame_interlaced(container, stream) -> bool:
    try:
        return next(container.decode(stream)).interlaced_frame
    except Exception:  # nothing decodable: let the re-encode report the real problem
        raise NotSafe("the first frame cannot be decoded") from None


def _extradata(path: Path) -> bytes:
    import av

    with av.open(str(path)) as part:
        return bytes(part.streams.video[0].codec_context.extradata)


def _check_frame_count(out: Path, plan: SmartCutPlan) -> None:
    """A cheap guard on the join: the output has exactly the frames asked for."""
    expected = plan.end - plan.first
    got = scan_frames(out).frame_count
    if got != expected:
        raise MediaError(f"smart cut produced {got} frames instead of {expected}", file=str(out))


def _ss(index: FrameIndex, pts: int) -> str:
    return ffmpeg_seconds((pts - index.origin) * index.time_base)


def _span(progress: Progress, start: float, end: float) -> Progress:
    def report(fraction: float | None, message: str) -> None:
        progress(None if fraction is None else start + (end - start) * fraction, message)
    return report
