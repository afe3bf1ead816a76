"""The `studio` command line. Exit codes: 0 ok, 1 check found errors, 2 bad input, 130 cancelled."""
from __future__ import annotations

import argparse
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from studio import __version__
from studio import model as m
from studio.rules.check import check_course
from studio.cli import build as build_commands
from studio.cli import doctor as doctor_commands
from studio.cli import gui as gui_commands
from studio.cli import media as media_commands
from studio.cli import project as project_commands
from studio.cli.json_out import report_json
from studio.cli.report import render_report
from studio.errors import Cancelled, StudioError
from studio.media_facts import MediaFacts
from studio.project.paths import is_project  # noqa: F401 - studio.cli.build asks here
from studio.source.reader import read_course_document


EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    """argparse, but bad usage is our usual one-line message and exit code 2 (no usage block).

    Subparsers made from this one (``add_subparsers``, also nested as in ``studio media
    trim``) are of this class too: argparse gives them ``type(self)`` unless told otherwise.
    """

    def error(self, message: str) -> None:
        raise _UsageError(message, self.prog)


class _UsageError(Exception):
    def __init__(self, message: str, prog: str) -> None:
        super().__init__(message)
        self.prog = prog


def _help_hint(prog: str, argv: list[str], parser: argparse.ArgumentParser) -> str:
    """The deepest command named on the line, e.g. ``studio media trim``, for "see … --help".

    argparse reports some subcommand errors (unrecognized arguments) from the top parser."""
    words, current = prog.split(), parser
    named = [a for a in argv if not a.startswith("-")]
    for depth, word in enumerate(["studio", *named]):
        if depth == 0:
            continue
        choices = next((a.choices for a in current._actions if isinstance(a, argparse._SubParsersAction)), None)
        if not choices or word not in choices:
            break
        current = choices[word]
        if len(current.prog.split()) > len(words):
            words = current.prog.split()
    return " ".join(words)


def _usage_failure(exc: "_UsageError", argv: list[str], parser: argparse.ArgumentParser) -> int:
    message = f"{exc}; see {_help_hint(exc.prog, argv, parser)} --help"
    named = [a for a in argv if not a.startswith("-")]
    if named[:1] == ["check"] and "--json" in argv:     # `check --json` always prints a JSON document
        _print_check_failure({"kind": "usage", "message": message, "file": None, "line": None, "where": None})
    print(f"studio: error: {message}", file=sys.stderr)
    return 2


@dataclass
class Loaded:
    course: m.Course
    facts: dict[str, MediaFacts]


def load(path: Path) -> Loaded:
    """A course source (YAML) or a project, with the facts of its media.

    What each needs is imported here: checking a YAML file never loads SQLAlchemy, and an
    unchanged course's facts come from the cache without starting ffprobe."""
    if is_project(path):
        from studio.project import store
        from studio.project.file import ProjectFile
        with ProjectFile.open(path) as project, project.sessions() as s:
            return Loaded(store.read_course(s), store.media_facts(s, project.media_dir))
    from studio.media.facts import course_facts
    document = read_course_document(path)
    return Loaded(document.course, course_facts(document.course, path.parent))


def _print_check_failure(error: dict) -> None:
    """``check --json`` on exit 2 (or 3): the success shape with no content and an ``error``."""
    print(report_json({"error": error, "modules": [], "paths": [], "problems": []}))


_ERROR_KINDS = {"SourceError": "source", "ProjectError": "project", "MediaError": "media", "OutputError": "output"}


def _error_json(exc: Exception) -> dict:
    if isinstance(exc, StudioError):
        kind = next((_ERROR_KINDS[c.__name__] for c in type(exc).__mro__ if c.__name__ in _ERROR_KINDS), "input")
        out = {"kind": kind, "message": str(exc), "file": exc.file, "line": exc.line, "where": exc.where}
        if getattr(exc, "stopped_line", None) is not None:      # an unclosed construct: where parsing stopped
            out["stopped_line"] = exc.stopped_line
        return out
    return {"kind": "internal", "message": f"internal error: {type(exc).__name__}: {exc}", "file": None,
            "line": None, "where": None}


def cmd_check(args) -> int:
    try:
        loaded = load(Path(args.source))
        report = check_course(loaded.course, loaded.facts)
    except Exception as exc:       # still one line on stderr and the exit code, from run()
        if args.json:
            _print_check_failure(_error_json(exc))
        raise
    if args.json:
        print(report_json(report.to_dict()))
    else:
        print(render_report(loaded.course, report))
    return 1 if report.errors else 0


# Parsing never changes the parser; a process that runs several commands (tests, the bench,
# scripts) builds it once.
@functools.cache
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studio", description="Micro-module Studio: author micro-learning modules.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("check", help="check objectives, budgets, media, accessibility and sequencing")
    p.add_argument("source", metavar="SOURCE_OR_PROJECT")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(run=cmd_check)

    project_commands.register(sub)
    media_commands.register(sub)
    build_commands.register(sub)
    doctor_commands.register(sub)
    gui_commands.register(sub)
    __import__("studio.cli.schedule", fromlist=["register"]).register(sub)   # studio schedule
    __import__("studio.cli.review", fromlist=["register"]).register(sub)     # studio review import
    return parser


def run(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):      # `studio` alone opens the desktop app
            return gui_commands.open_gui(None)
        return args.run(args)
    except _UsageError as exc:
        return _usage_failure(exc, argv, parser)
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
    except OSError as exc:  # the machine said no (permissions, a full disk, a folder where a file was expected)
        where = f": {exc.filename}" if exc.filename else ""
        print(f"studio: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except Exception as exc:  # a defect of ours: one line, a distinct exit code, the traceback on request
        if os.environ.get("STUDIO_DEBUG"):
            raise
        print(f"studio: internal error: {type(exc).__name__}: {exc} (set STUDIO_DEBUG=1 for details; "
              "please report it)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    from studio.cli import main
    sys.exit(main())
