"""``studio media probe`` and ``studio media trim``.

Handlers return an exit code; library errors (``MediaError``) propagate to the main CLI,
which prints ``studio: error: <message>`` and exits 2. Ctrl-C cancels the running job,
removes its partial output and exits 130.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time

from studio.errors import Cancelled, MediaError
from studio.cli.progress import progress_bar
from studio.jobs import CancelToken, Progress, interrupts
from studio.media.plan import CutPlan
from studio.media.probe import MediaProbe, probe
from studio.media.trim import checked_range, trim
from studio.outputs import atomic_file, check_writable_file, refuse_clashes
from studio.timecode import format_clock, parse_duration

EXIT_CANCELLED = 130


def register(subparsers) -> None:
    """Add the ``media`` command (``probe``, ``trim``) to an argparse subparsers object."""
    media = subparsers.add_parser("media", help="probe and trim audio and video files")
    actions = media.add_subparsers(dest="media_command", metavar="ACTION", required=True)

    p = actions.add_parser("probe", help="duration, streams, codecs of a media file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=cmd_probe)

    p = actions.add_parser("trim", help="frame-accurate cut; --to fits the result to a length")
    p.add_argument("input", metavar="IN")
    p.add_argument("--out", required=True, metavar="OUT", help=".mp4/.m4v/.mov/.mkv, or .mp3/.m4a/.wav for audio")
    p.add_argument("--start", type=_time, metavar="S", help="seconds or HH:MM:SS(.mmm); default: the start")
    p.add_argument("--end", type=_time, metavar="S", help="seconds or HH:MM:SS(.mmm); default: the end")
    p.add_argument("--to", type=_length, metavar="SECONDS",
                   help="shorten to this length: long pauses first, then the end is cut")
    p.add_argument("--tighten-pauses", action="store_true",
                   help="shorten long pauses only, never speech (with --to: only until that length, "
                        "so the result may stay longer)")
    p.add_argument("--loudness", type=_lufs, metavar="LUFS",
                   help="normalise loudness (EBU R128), e.g. -16 for mobile, -23 for broadcast; re-encodes")
    p.add_argument("--captions", metavar="VTT", help="captions of IN to re-time along with the cut")
    p.add_argument("--captions-out", metavar="VTT", help="where to write the re-timed captions")
    p.set_defaults(run=cmd_trim)


def _time(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _length(text: str) -> float:
    seconds = _time(text)
    if seconds <= 0:
        raise argparse.ArgumentTypeError("the target length must be more than 0 s")
    return seconds


def _lufs(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a loudness in LUFS such as -16, got '{text}'") from None
    if not -70 <= value <= -5:
        raise argparse.ArgumentTypeError("the loudness target must be between -70 and -5 LUFS")
    return value


# --- probe --------------------------------------------------------------------------------

def cmd_probe(args) -> int:
    info = probe(args.file)
    if args.json:
        print(json.dumps(info.to_dict(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(describe(info)))
    return 0


def describe(info: MediaProbe) -> list[str]:
    """The human-readable probe report, one fact per line."""
    lines = [f"file:     {info.path}", f"format:   {info.format_name}",
             f"duration: {format_clock(info.duration_s)} ({info.duration_s:.3f} s)"]
    if info.video:
        v = info.video
        facts = [f"{v.codec} {v.width}x{v.height}", f"{v.fps:.3f}".rstrip("0").rstrip(".") + " fps"]
        if v.frame_count:
            facts.append(f"{v.frame_count} frames")
        if v.variable_frame_rate:
            facts.append("variable frame rate")
        if v.rotation:
            facts.append(f"rotated {v.rotation}°")
        lines.append("video:    " + ", ".join(facts))
    if info.audio:
        a = info.audio
        lines.append(f"audio:    {a.codec}, {a.sample_rate} Hz, {a.channels} channel{'s' if a.channels != 1 else ''}")
    return lines


# --- trim ---------------------------------------------------------------------------------

def cmd_trim(args) -> int:
    _check_trim_args(args)
    token = CancelToken()
    try:
        with interrupts.cancelling(token), progress_bar() as progress, contextlib.ExitStack() as outputs:
            started = time.perf_counter()
            video = outputs.enter_context(atomic_file(args.out))
            if args.to is not None or args.tighten_pauses:
                plan, summary = _fit(args, video, progress, token)
            elif args.loudness is not None:
                plan, summary = _cut_and_normalise(args, video, progress, token)
            else:
                plan, summary = _cut(args, video, progress, token)
            cues = _retimed_captions(args, plan)
            if cues:
                from studio.media.captions import write_captions
                write_captions(outputs.enter_context(atomic_file(args.captions_out)), cues)
            elapsed = time.perf_counter() - started
            token.raise_if_cancelled()  # the last moment a signal cancels: then both outputs land
    except Cancelled:
        print("studio: cancelled; no output written", file=sys.stderr)
        return EXIT_CANCELLED
    print(f"wrote {args.out} ({summary}, {elapsed:.1f} s)")
    if args.to is not None and args.tighten_pauses and plan.output_duration_s > args.to + 0.05:
        print(f"studio: note: {format_clock(plan.output_duration_s)} is still longer than the "
              f"{format_clock(args.to)} asked: --tighten-pauses never removes speech; use --to alone to "
              "trim the end as well", file=sys.stderr)
    if cues:
        count = len(cues.cues)
        print(f"wrote {args.captions_out} ({count} cue{'s' if count != 1 else ''})")
    elif args.captions:
        print(f"studio: warning: no caption falls inside the kept range; {args.captions_out} not written",
              file=sys.stderr)
    return 0


def _check_trim_args(args) -> None:
    """Everything that can be refused is refused before any media is written."""
    if bool(args.captions) != bool(args.captions_out):
        raise MediaError("--captions and --captions-out go together: name the captions to read and where "
                         "to write them")
    if (args.to is not None or args.tighten_pauses) and (args.start is not None or args.end is not None):
        raise MediaError("--to and --tighten-pauses work on the whole file; trim with --start/--end "
                         "first, then fit the result")
    refuse_clashes([args.input, args.captions], [args.out, args.captions_out])
    check_writable_file(args.out)
    if args.captions:
        from studio.media.captions import check_caption_output, read_captions
        check_writable_file(args.captions_out)
        check_caption_output(args.captions_out)
        read_captions(args.captions)  # a bad caption file stops us before any media is written


def _retimed_captions(args, plan: CutPlan):
    """The captions re-timed to ``plan``, or None when there are none to write."""
    if not args.captions:
        return None
    from dataclasses import replace

    from studio.media.captions import read_captions, retime_cues
    captions = read_captions(args.captions)
    cues = retime_cues(captions.cues, plan)
    return replace(captions, cues=tuple(cues)) if cues else None


def _cut(args, out, progress: Progress, cancel: CancelToken) -> tuple[CutPlan, str]:
    result = trim(args.input, out, args.start, args.end, progress=progress, cancel=cancel)
    source_s = probe(args.input).duration_s
    plan = CutPlan.single(source_s, result.start_s, min(result.end_s, source_s))
    how = "smart cut" if result.method == "smart" else "re-encoded"
    return plan, f"{format_clock(result.duration_s)}, {result.start_s:.3f}-{result.end_s:.3f} s, {how}"


def _cut_and_normalise(args, out, progress: Progress, cancel: CancelToken) -> tuple[CutPlan, str]:
    """A loudness change re-encodes the audio anyway, so the cut goes through the plan renderer."""
    from studio.media.render import render_plan

    info = probe(args.input)
    start, end = checked_range(info, args.start, args.end)
    plan = CutPlan.single(info.duration_s, start, end)
    render_plan(args.input, out, plan, loudness_lufs=args.loudness, progress=progress, cancel=cancel)
    return plan, f"{format_clock(plan.output_duration_s)}, normalised to {args.loudness:g} LUFS"


def _fit(args, out, progress: Progress, cancel: CancelToken) -> tuple[CutPlan, str]:
    from studio.media.fit import plan_fit, plan_tighten_pauses
    from studio.media.render import render_plan

    if args.tighten_pauses:
        plan = plan_tighten_pauses(args.input, args.to, progress=progress, cancel=cancel)
    else:
        plan = plan_fit(args.input, args.to, progress=progress, cancel=cancel)
    render_plan(args.input, out, plan, loudness_lufs=args.loudness, progress=progress, cancel=cancel)
    notes = "; ".join(plan.notes)
    return plan, f"{format_clock(plan.output_duration_s)}" + (f", {notes}" if notes else "")
