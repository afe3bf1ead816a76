"""``studio review import PROJECT FILE…``: SME comment files from a review copy (``studio build
--format review``) merged into the project, in one transaction; the same file twice adds
nothing. A file that is not a comment file, or not from this course, is refused (exit 2) and
the project is left as it was."""
from __future__ import annotations

import sys
from pathlib import Path

from studio.errors import ProjectError
from studio.project.paths import is_project


def register(subparsers) -> None:
    p = subparsers.add_parser("review", help="SME review: bring comments from a review copy into a project")
    actions = p.add_subparsers(dest="review_action", metavar="ACTION", required=True)
    q = actions.add_parser("import", help="merge SME comment files from a review build into the project")
    q.add_argument("project", metavar="PROJECT")
    q.add_argument("files", metavar="FILE", nargs="+", help="comment files downloaded from a review copy")
    q.set_defaults(run=cmd_review_import)


def cmd_review_import(args) -> int:
    from studio.project import store
    from studio.project.file import ProjectFile
    from studio.review.comments_file import read_review_file
    from studio.review.merge import merge_review
    folder = Path(args.project)
    if not is_project(folder):
        raise ProjectError("is not a project: review comments go into a project (make one with "
                           "`studio import COURSE.yaml PROJECT`)", file=str(folder))
    files = [read_review_file(Path(name)) for name in args.files]   # every file read before the project opens
    with ProjectFile.open(folder) as project:
        if project.crashed_working_copy is not None:   # its recovery would drop what we import
            raise ProjectError("has unsaved changes from a studio that stopped unexpectedly; open it in the "
                               "studio to recover or discard them, then import the comments", file=str(folder))
        with project.sessions.begin() as s:
            result = merge_review(store.read_course(s), files)
            if result.added:
                store.write_comments(s, result.course, set(result.added))
        if result.added:
            project.save()
    for path, title in result.other_titles:
        print(f"studio: warning: {path} is from the review of '{title}', not of '{result.course.title}'; "
              "its comments on modules of the same id were imported", file=sys.stderr)
    for gone in result.unplaced:
        print(f"studio: warning: {gone.count} comment(s) on module '{gone.module}', which the project no longer "
              f"has: not imported ({gone.path})", file=sys.stderr)
    _print_result(result, folder, len(files))
    return 0


def _print_result(result, folder: Path, file_count: int) -> None:
    files = f"{file_count} file{'s' if file_count != 1 else ''}"
    it = "it" if file_count == 1 else "them"
    if not result.added:
        print(f"nothing new from {files}: all {result.already} comment(s) in {it} are already in {folder}")
        return
    print(f"imported {result.total_added} comment(s) from {files} into {folder}")
    for module_id, count in result.added.items():
        notes = []
        if result.on_module.get(module_id):
            notes.append(f"{result.on_module[module_id]} on the module itself: its block is gone since the review")
        if result.by_position.get(module_id):
            notes.append(f"{result.by_position[module_id]} on the block now at its place, which changed since the "
                         "review: check it")
        print(f"  {module_id}: {count}" + (f" ({'; '.join(notes)})" if notes else ""))
    if result.already:
        print(f"  already in the project: {result.already}")
