"""The `studio` command line. Exit codes: 0 ok, 1 check found errors, 2 bad input, 130 cancelled."""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from studio import __version__
from studio import model as m
from studio.project import store
from studio.rules.check import check_course
from studio.cli import media as media_commands
from studio.cli.report import render_report
from studio.errors import Cancelled, SourceError, StudioError
from studio.project.importer import import_course, require_media
from studio.media.facts import course_facts
from studio.media_facts import MediaFacts
from studio.project.file import DB_NAME, ProjectFile, resolve_folder
from studio.project.schema import ProjectInfo
from studio.source.reader import read_course_document
from studio.project.export_source import export_source


EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    """argparse, but bad usage is our usual one-line message and exit code 2."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


@dataclass
class Loaded:
    course: m.Course
    facts: dict[str, MediaFacts]


def is_project(path: Path) -> bool:
    return path.is_dir() or path.name == DB_NAME


def load(path: Path) -> Loaded:
    """A course source (YAML) or a project, with the facts of its media."""
    if is_project(path):
        with ProjectFile.open(path) as project, project.sessions() as s:
            return Loaded(store.read_course(s), store.media_facts(s, project.media_dir))
    document = read_course_document(path)
    return Loaded(document.course, course_facts(document.course, path.parent))


def cmd_check(args) -> int:
    loaded = load(Path(args.source))
    report = check_course(loaded.course, loaded.facts)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_report(loaded.course, report))
    return 1 if report.errors else 0


def cmd_new(args) -> int:
    if not args.title.strip():
        raise SourceError("the title must not be empty", where="--title")
    if not m.LANGUAGE_TAG.fullmatch(args.language):
        raise SourceError(f"'{args.language}' is not a BCP 47 language tag (e.g. en, fr, en-GB)", where="--language")
    with ProjectFile.create(args.project) as project:
        with project.sessions.begin() as s:
            s.add(ProjectInfo(id=1, title=args.title, language=args.language, budget_profiles={}))
        project.save()
    print(f"created {resolve_folder(args.project)}")
    return 0


def cmd_import(args) -> int:
    source = Path(args.course)
    document = read_course_document(source)
    require_media(document.course, source.parent, source.name, document.line_of)
    facts = course_facts(document.course, source.parent)
    folder = resolve_folder(args.project)
    project = ProjectFile.open(folder) if (folder / DB_NAME).exists() else ProjectFile.create(folder)
    with project:
        course = import_course(project, document.course, source.parent, facts)
    for name, fact in facts.items():
        if fact.error:
            print(f"studio: warning: {name}: {fact.error}", file=sys.stderr)
    print(f"imported {len(course.modules)} module(s), {len(course.paths)} path(s), "
          f"{len(facts)} media file(s) into {folder}")
    return 0


def cmd_export_source(args) -> int:
    with ProjectFile.open(args.project) as project:
        written = export_source(project, Path(args.course))
    print(f"wrote {args.course}" + (f" and {len(written)} media file(s)" if written else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studio", description="Micro-module Studio: author micro-learning modules.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("check", help="check objectives, budgets, media, accessibility and sequencing")
    p.add_argument("source", metavar="SOURCE_OR_PROJECT")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("new", help="create an empty project")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--title", required=True)
    p.add_argument("--language", default="en", help="BCP 47 language tag (default: en)")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("import", help="create or update a project from a course source")
    p.add_argument("course", metavar="COURSE.yaml")
    p.add_argument("project", metavar="PROJECT")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("export-source", help="write a project back to a course source")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("course", metavar="COURSE.yaml")
    p.set_defaults(run=cmd_export_source)

    media_commands.register(sub)
    return parser


def run(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return 0
        return args.run(args)
    except _UsageError as exc:
        print(f"studio: error: {exc}", file=sys.stderr)
        return 2
    except StudioError as exc:
        print(f"studio: error: {exc}", file=sys.stderr)
        return 2
    except (Cancelled, KeyboardInterrupt):
        print("studio: cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`studio check --json | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a defect of ours: one line, a distinct exit code, the traceback on request
        if os.environ.get("STUDIO_DEBUG"):
            raise
        print(f"studio: internal error: {type(exc).__name__}: {exc} (set STUDIO_DEBUG=1 for details; "
              "please report it)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    from studio.cli import main
    sys.exit(main())
