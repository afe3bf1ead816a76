"""``studio build SOURCE_OR_PROJECT --format F --out DIR [--path ID] [--force] [--require-approved]``.

Exit codes: 0 built; 1 the course has check errors (the check report is printed, nothing is
built; ``--force`` builds anyway); 2 bad input (unknown or not-yet-available format, missing
media, an existing zip without ``--force``, an unusable output folder, a full disk);
3 the package failed its own conformance self-test (a defect of ours; nothing written);
130 cancelled (Ctrl-C, SIGTERM), leaving no partial zip.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from studio import model as m
from studio.cli.report import render_report
from studio.jobs import CancelToken, interrupts
from studio.media_facts import MediaFacts
from studio.project.paths import is_project
from studio.rules.check import check_course

# The formats of the command-line contract (course-format.md). The exporters themselves are
# imported by cmd_build, so other commands start without them.
CONTRACT_FORMATS = ("scorm12", "scorm2004", "cmi5", "xapi", "html5", "review", "all")

EXIT_SELFTEST = 3


def register(subparsers) -> None:
    p = subparsers.add_parser("build", help="build LMS packages (SCORM 1.2, cmi5, xAPI, HTML5) as zips")
    p.add_argument("source", metavar="SOURCE_OR_PROJECT")
    p.add_argument("--format", required=True, metavar="F", help=f"one of {', '.join(CONTRACT_FORMATS)}")
    p.add_argument("--out", required=True, metavar="DIR", help="an existing folder for the zips")
    p.add_argument("--path", metavar="ID", help="package one learning path of the course")
    p.add_argument("--force", action="store_true", help="build despite check errors; replace existing zips")
    p.add_argument("--require-approved", action="store_true", help="refuse modules that are not approved")
    p.set_defaults(run=cmd_build)


@dataclass
class _Source:
    course: m.Course
    facts: dict[str, MediaFacts]
    resolve: Callable[[str], Path]


def _load(path: Path) -> _Source:
    if is_project(path):
        from studio.project import store
        from studio.project.file import ProjectFile
        with ProjectFile.open(path) as project, project.sessions() as s:
            course, facts = store.read_course(s), store.media_facts(s, project.media_dir)
            blobs = store.media_files(s, project.media_dir)
        missing = project.media_dir / ".missing"
        return _Source(course, facts, lambda name: blobs.get(name, missing))
    from studio.media.facts import course_facts
    from studio.source.reader import read_course_document
    course = read_course_document(path).course
    return _Source(course, course_facts(course, path.parent), lambda name: path.parent / name)


def cmd_build(args) -> int:
    from studio.export.build import BuildRefused, BuildRequest, build_outputs, expand_formats, for_learners, refuse
    from studio.export.selftest import SelfTestFailed
    formats = expand_formats(args.format)    # a format we cannot write is refused before any work
    source = _load(Path(args.source))
    report = check_course(source.course, source.facts)
    token = CancelToken()
    request = BuildRequest(course=source.course, resolve=source.resolve, formats=formats,
                           out_dir=Path(args.out), path_id=args.path, force=args.force,
                           require_approved=args.require_approved, cancel=token)
    try:
        refuse(source.course, report, request)
    except BuildRefused as exc:
        print(render_report(source.course, report))
        print(f"studio: error: {exc}", file=sys.stderr)
        return 1
    with interrupts.cancelling(token):
        try:
            built = build_outputs(request)
        except SelfTestFailed as exc:
            print(f"studio: error: self-test failed, nothing written (a defect of ours; please report it): {exc}",
                  file=sys.stderr)
            return EXIT_SELFTEST
    for package in built.packages:
        print(package.zip_path)
        print(describe(package))
    for badge in built.badges:
        print(badge.json_path)
        print(badge.image_path)
        print(f"  Open Badges 2.0 BadgeClass of path {badge.path_id}"
              + ("" if badge.written else " (already there, identical: kept)"))
    for note in built.notes:
        print(f"  note: {note}")
    if report.errors and not for_learners(request):
        print(f"  note: built despite {len(report.errors)} check error(s), as a review copy is for drafts "
              f"(`studio check {args.source}` lists them)")
    return 0


def _size(count: int) -> str:
    return f"{count / 1e6:.2f} MB" if count >= 1e6 else f"{count / 1e3:.1f} kB"


def describe(package) -> str:
    """The report of one package (a studio.export.build.PackageReport)."""
    from studio.export.formats import format_module
    test = package.selftest
    budget = getattr(format_module(package.format), "SUSPEND_DATA_LIMIT", 4096)
    media = ", ".join(f"{mid} {_size(size)}" for mid, size in package.media_bytes.items())
    return "\n".join([
        f"  {package.format}: package {_size(package.size)}; player {_size(package.player_bytes)} (JS+CSS)",
        f"  media per module: {media}",
        f"  media encoded this build: {package.encoded} (others from the cache or shipped as they are)",
        f"  resume data at most {test.largest_suspend} of {budget} characters (module {test.largest_suspend_module})",
        *(f"  {note}" for note in test.notes),
        "  self-test: passed",
    ])
