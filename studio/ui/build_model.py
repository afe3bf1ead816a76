"""What the build dialog runs and shows, without Qt: the request, the job, its steps and result.

:func:`run_build` is a plain job function (``progress``, ``cancel``) that goes through the same
export code as ``studio build`` (:mod:`studio.export.build`): refuse first, then
``build_outputs`` — all or nothing, a cancel leaves no zip. It runs on a worker thread, so it
creates no Qt object; the dialog turns what it reports into widgets on the UI thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from studio import model as m
from studio.errors import Cancelled, StudioError
from studio.export.build import BuildRefused, BuildRequest, Built, build_outputs, expand_formats, refuse
from studio.export.formats import AVAILABLE
from studio.export.selftest import SelfTestFailed
from studio.jobs import CancelToken, Progress
from studio.rules.check import CheckReport

# The formats in the order of the command-line contract, with the names designers know.
FORMAT_LABELS = {"scorm12": "SCORM 1.2", "scorm2004": "SCORM 2004", "cmi5": "cmi5", "xapi": "xAPI (Tin Can)",
                 "html5": "HTML5", "review": "Review copy (SMEs)"}
LEARNER_FORMATS = tuple(f for f in expand_formats("all") if f in FORMAT_LABELS)     # what "All learner formats" checks
FORMATS = (*LEARNER_FORMATS, *(f for f in ("review",) if f in AVAILABLE))
FORMAT_HINTS = {"scorm12": "most LMSs", "scorm2004": "4th edition, sequencing", "cmi5": "AUs + LRS",
                "xapi": "tincan.xml", "html5": "a web page, no LMS",
                "review": "a web page with comment boxes for SMEs; built for drafts too"}
# Formats a browser can open as they are (index.html): "Preview in browser" serves the first built.
PREVIEWABLE = ("html5", "review")

# The steps a build goes through, as the dialog lists them; a progress message names its step.
STEPS = (("check", "Check the course"), ("media", "Prepare the media"),
         ("package", "Write and self-test the packages"), ("publish", "Put the packages in place"))
_STEP_OF_PREFIX = (("Checking", "check"), ("Preparing media", "media"), ("Writing the", "package"),
                   ("Self-testing", "package"), ("Putting", "publish"))


def step_of(message: str) -> str | None:
    return next((step for prefix, step in _STEP_OF_PREFIX if message.startswith(prefix)), None)


@dataclass(frozen=True)
class BuildSource:
    """The course to build, its latest check and where its media files are."""
    course: m.Course
    report: CheckReport
    resolve: Callable[[str], Path]
    name: str                            # what the dialog calls it (the file or project name)


def source_of_state(state, resolve: Callable[[str], Path] | None = None) -> BuildSource:
    """A :class:`BuildSource` from an open course (:class:`studio.editor.session.CourseState`).

    A course source's media sit beside it; a project's are in its media store, so the caller
    passes their ``resolve`` (name → stored file)."""
    if resolve is None:
        if state.kind != "source":
            raise StudioError("building a project from the window needs the project's media store",
                              file=str(state.location))
        base = Path(state.location).parent
        resolve = lambda name: base / name          # noqa: E731 - a one-line mapping
    return BuildSource(state.course, state.report, resolve, state.display_name)


@dataclass(frozen=True)
class BuildChoice:
    formats: tuple[str, ...]
    out_dir: Path
    path_id: str | None = None
    force: bool = False


@dataclass(frozen=True)
class Outcome:
    """How a build ended, in the words the dialog shows (never a traceback)."""
    kind: str                                  # built | refused | failed | cancelled
    headline: str
    details: tuple[str, ...] = ()
    built: Built | None = None


def _media_names(course: m.Course, path_id: str | None) -> list[str]:
    """The media files the build will deliver, as build.py scopes it: the path's modules, or
    every path's (every module when the course has no path)."""
    if path_id is not None:
        ids = next((p.modules for p in course.paths if p.id == path_id), ())
    elif course.paths:
        ids = tuple(dict.fromkeys(mid for p in course.paths for mid in p.modules))
    else:
        ids = tuple(mod.id for mod in course.modules)
    modules = [course.module(mid) for mid in ids if course.module(mid) is not None]
    return list(dict.fromkeys(b.media for mod in modules for b in mod.blocks if isinstance(b, m.MEDIA_BLOCKS)))


def run_build(source: BuildSource, choice: BuildChoice, *, progress: Progress, cancel: CancelToken) -> Built:
    """Refuse or build (a job function). Raises what :func:`describe_failure` explains."""
    progress(None, "Checking the course")
    names = _media_names(source.course, choice.path_id)
    done: list[str] = []

    def resolve(name: str) -> Path:
        # build.py resolves each media file as it starts delivering it: that is our media step
        if name in names and name not in done:
            done.append(name)
            progress((len(done) - 1) / len(names), f"Preparing media {len(done)} of {len(names)}: {Path(name).name}")
        return source.resolve(name)

    request = BuildRequest(course=source.course, resolve=resolve, formats=list(choice.formats),
                           out_dir=Path(choice.out_dir), path_id=choice.path_id, force=choice.force,
                           cancel=cancel, progress=progress)
    refuse(source.course, source.report, request)
    cancel.raise_if_cancelled()
    return build_outputs(request)


def size_text(count: int) -> str:
    return f"{count / 1e6:.2f} MB" if count >= 1e6 else f"{count / 1e3:.1f} kB"


def describe_built(built: Built) -> Outcome:
    count = len(built.packages)
    details = [note for package in built.packages for note in package.selftest.notes]
    details += [f"Open Badges 2.0 badge of path {b.path_id}: {b.json_path.name}"
                + ("" if b.written else " (already there, identical: kept)") for b in built.badges]
    details += list(built.notes)
    return Outcome("built", f"Built {count} package{'s' if count != 1 else ''}  ·  self-test: passed",
                   tuple(details), built)


def describe_failure(exc: BaseException) -> Outcome:
    if isinstance(exc, Cancelled):
        return Outcome("cancelled", "Build cancelled. Nothing was written.")
    if isinstance(exc, BuildRefused):
        errors = exc.report.errors
        shown = [f"{p.module or p.path or 'course'}: {p.message}  [{p.code}]" for p in errors[:6]]
        if len(errors) > len(shown):
            shown.append(f"… and {len(errors) - len(shown)} more (see the Problems panel)")
        return Outcome("refused", f"Not built: the course has {len(errors)} check error"
                       f"{'s' if len(errors) != 1 else ''}. Fix them, or tick Force to build anyway.", tuple(shown))
    if isinstance(exc, SelfTestFailed):
        return Outcome("failed", "Self-test failed; nothing was written. This is a defect of the studio: "
                       "please report it.", (str(exc),))
    if isinstance(exc, StudioError):
        return Outcome("failed", f"Not built: {exc}")
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return Outcome("failed", f"Not built: {exc.strerror or exc}{where}")
    return Outcome("failed", f"Internal error: {type(exc).__name__}: {exc}. Please report it.")


def available(fmt: str) -> bool:
    """This build can write ``fmt`` (a format of the contract may not be there yet)."""
    return fmt in AVAILABLE


__all__ = ["BuildChoice", "BuildSource", "FORMATS", "FORMAT_LABELS", "LEARNER_FORMATS", "PREVIEWABLE", "Outcome",
           "STEPS", "describe_built", "describe_failure", "run_build", "size_text", "source_of_state", "step_of"]
