"""``studio new``, ``studio import`` and ``studio export-source``: the commands that write projects
and course sources. Each is all or nothing: a failure or a cancel leaves the world as it was."""
from __future__ import annotations

import sys
from pathlib import Path

from studio import model as m
from studio.cli.progress import progress_bar
from studio.errors import Cancelled, SourceError
from studio.jobs import CancelToken, Progress, interrupts, progress_span
from studio.media_facts import MediaFacts
from studio.project.paths import DB_NAME, resolve_folder
from studio.source.reader import read_course_document

EXIT_CANCELLED = 130


def register(subparsers) -> None:
    p = subparsers.add_parser("new", help="create an empty project")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--title", required=True)
    p.add_argument("--language", default="en", help="BCP 47 language tag (default: en)")
    p.set_defaults(run=cmd_new)

    p = subparsers.add_parser("import", help="create or update a project from a course source")
    p.add_argument("course", metavar="COURSE.yaml")
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(run=cmd_import)

    p = subparsers.add_parser("export-source", help="write a project back to a course source")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("course", metavar="COURSE.yaml")
    p.add_argument("--force", action="store_true",
                   help="replace a folder that is not empty (the whole folder, in one swap)")
    p.set_defaults(run=cmd_export_source)


# The project modules (SQLAlchemy, Alembic) and media probing are imported by the commands
# that use them, so `studio check course.yaml` and `studio --help` start without them.

def cmd_new(args) -> int:
    from studio.project.file import ProjectFile
    from studio.project.schema import ProjectInfo
    if not args.title.strip():
        raise SourceError("the title must not be empty", where="--title")
    if not m.LANGUAGE_TAG.fullmatch(args.language):
        raise SourceError(f"'{args.language}' is not a BCP 47 language tag (e.g. en, fr, en-GB)", where="--language")
    with ProjectFile.create(args.project, publish=False) as project:
        with project.sessions.begin() as s:
            s.add(ProjectInfo(id=1, title=args.title, language=args.language, budget_profiles={}))
        project.save()
        project.publish()
    print(f"created {resolve_folder(args.project)}")
    return 0


def cmd_import(args) -> int:
    from studio.project.file import ProjectFile
    from studio.project.importer import import_course, require_media
    source = Path(args.course)
    document = read_course_document(source)
    require_media(document.course, source.parent, source.name, document.line_of)
    folder = resolve_folder(args.project)
    exists = (folder / DB_NAME).exists()
    token = CancelToken()
    try:
        with interrupts.cancelling(token), progress_bar() as progress:
            facts = _probe_media(document.course, source.parent, progress_span(progress, 0.0, 0.4), token)
            with ProjectFile.open(folder) if exists else ProjectFile.create(folder, publish=False) as project:
                course = import_course(project, document.course, source.parent, facts,
                                       progress=progress_span(progress, 0.4, 1.0), cancel=token)
                project.publish()
    except Cancelled:
        print("studio: cancelled; the project is as it was" if exists
              else "studio: cancelled; no project was created", file=sys.stderr)
        return EXIT_CANCELLED
    for name, fact in facts.items():
        if fact.error:
            print(f"studio: warning: {name}: {fact.error}", file=sys.stderr)
    print(f"imported {len(course.modules)} module(s), {len(course.paths)} path(s), "
          f"{len(facts)} media file(s) into {folder}")
    return 0


def _probe_media(course: m.Course, base_dir: Path, progress: Progress, cancel: CancelToken) -> dict[str, MediaFacts]:
    from studio.media.facts import facts_cache, facts_of
    names = list(dict.fromkeys(name for _, name in m.media_refs(course)))
    facts = {}
    with facts_cache() as cache:
        for i, name in enumerate(names):
            cancel.raise_if_cancelled()
            progress(i / max(1, len(names)), f"probing {name}")
            facts[name] = facts_of(base_dir / name, cache)
    return facts


def cmd_export_source(args) -> int:
    from studio.project.export_source import export_source
    from studio.project.file import ProjectFile
    with ProjectFile.open(args.project) as project:
        written = export_source(project, Path(args.course), force=args.force)
    print(f"wrote {args.course}" + (f" and {len(written)} media file(s)" if written else ""))
    return 0
