"""Copy a sample-exact range of AAC-LC audio out of an MP4/MOV without re-encoding it.

AAC packets are 1024 samples each and a cut can only copy whole packets, so the exact range
is given to the player the way AAC-in-MP4 already gives its encoder priming: an edit list
on the audio track. The copied packets start one packet before the one holding the first
wanted sample, because an AAC packet only decodes correctly after its predecessor (the
MDCT windows overlap by half). The first output packets get negative timestamps, and the
MP4 muxer turns the first packet's pts into the edit's ``media_time`` and the last packet's
end into the edit's duration, so a player that honours edit lists starts at the exact
sample and stops at the exact end.

A player that ignores the audio edit list plays the preroll packet too, so the sound runs
late by 1024-2047 samples (21-43 ms at 48 kHz): within broadcast lip-sync tolerance (EBU
R37 allows audio 60 ms late), and the same kind of lag the source's own 1024-sample encoder
priming gives such a player. Without the preroll packet the lag would be under 1024 samples
but the first up to 21 ms after the cut would decode as a full-scale click (measured).
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from studio.jobs import CancelToken

AAC_FRAME = 1024
# Rates and channel counts every MP4 player handles for AAC-LC; others take the encode path.
_SAMPLE_RATES = {22050, 24000, 32000, 44100, 48000}
_CHANNELS = {1, 2}
# Fewer packets than this is not worth a copy: the preroll would be most of it.
_MIN_PACKETS = 4


class NotCopyable(Exception):
    """Why the audio cannot be copied here; the caller re-encodes it instead."""


def check_copyable(stream) -> None:
    """Raise :class:`NotCopyable` unless ``stream`` (a PyAV audio stream of an MP4/MOV
    source) is AAC-LC with a layout and clock the copy can keep sample-exact."""
    context = stream.codec_context
    if context.name != "aac" or context.profile != "LC":
        raise NotCopyable(f"the audio is {context.name} ({context.profile}), not AAC-LC")
    if context.sample_rate not in _SAMPLE_RATES or context.channels not in _CHANNELS:
        raise NotCopyable(f"unusual AAC layout ({context.sample_rate} Hz, {context.channels} channels)")
    if stream.time_base != Fraction(1, context.sample_rate):
        raise NotCopyable("the audio track does not count time in samples")


def copy_aac_range(src: Path, dest: Path, start: Fraction, end: Fraction, cancel: CancelToken) -> None:
    """Write the audio of ``src`` from ``start`` to ``end`` (seconds on the source's
    timeline, as pts × time base) to the audio-only MP4 ``dest``; raises
    :class:`NotCopyable` when the result would not be sample-exact."""
    import av

    try:
        with av.open(str(src)) as source:
            stream = source.streams.audio[0]
            check_copyable(stream)
            first, last = round(start / stream.time_base), round(end / stream.time_base)
            if last - first < _MIN_PACKETS * AAC_FRAME:
                raise NotCopyable("the range is too short to copy audio")
            _write(dest, stream, _packets_covering(source, stream, first, last, cancel), first, last)
        _verify(dest, last - first)
    except av.FFmpegError as exc:  # a damaged packet or a muxer refusal: encoding still works
        raise NotCopyable(f"the audio could not be copied ({exc})") from None


def _write(dest: Path, stream, packets: list, first: int, last: int) -> None:
    import av

    with av.open(str(dest), "w", format="mp4") as output:
        target = output.add_stream_from_template(stream)
        for packet in packets:
            packet.stream = target
            packet.pts = packet.dts = packet.pts - first
            # the muxer ends the edit where the last packet ends: trim it to the wanted sample
            packet.duration = min(packet.duration, last - first - packet.pts)
            output.mux(packet)


def _packets_covering(source, stream, first: int, last: int, cancel: CancelToken) -> list:
    """The packets from the preroll packet before ``first`` to the one holding ``last - 1``,
    checked to be gap-free: a gap or overlap would shift everything after it."""
    if first > 8 * AAC_FRAME:
        # a few packets early: near the start a seek could skip the priming packet we want as preroll
        source.seek(first - 4 * AAC_FRAME, stream=stream, backward=True, any_frame=True)
    head: list = []  # the packet holding ``first`` and the one before it
    body: list = []
    for packet in source.demux(stream):
        if not packet.size or packet.pts is None:
            continue
        cancel.raise_if_cancelled()
        if packet.pts <= first:
            head = [*head[-1:], packet]
            continue
        body.append(packet)
        if packet.pts + packet.duration >= last:
            break
    kept = head + body
    _check_contiguous(kept, first, last)
    return kept


def _check_contiguous(packets: list, first: int, last: int) -> None:
    if not packets or packets[0].pts > first or packets[-1].pts + packets[-1].duration < last:
        raise NotCopyable("the audio track does not cover the range")
    for before, after in zip(packets, packets[1:]):
        if before.duration != AAC_FRAME or after.pts != before.pts + before.duration:
            raise NotCopyable("the audio packets are not evenly spaced")


def _verify(dest: Path, samples: int) -> None:
    """Read the written file back: its audio must start at 0 and last exactly ``samples``
    once the edit list is applied, or the muxer did not write the edit we relied on."""
    import av

    with av.open(str(dest)) as check:
        stream = check.streams.audio[0]
        if stream.start_time != 0 or stream.duration != samples or stream.time_base != Fraction(1, stream.sample_rate):
            raise NotCopyable(f"the copied audio's edit list did not come out as written "
                              f"(start {stream.start_time}, {stream.duration} of {samples} samples)")
