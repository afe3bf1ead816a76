"""``studio build --format review`` and ``studio review import``: a review copy for drafts (no
badge, never in ``all``), and its comment files merged into a project in one transaction;
anything wrong is one line, exit 2, and the project as it was."""
from __future__ import annotations

import json
import zipfile

import pytest

from studio.project import store
from studio.project.file import ProjectFile
from studio.review.anchors import block_anchor
from studio.review.comments_file import FORMAT
from tests.cli import run


@pytest.fixture
def project(small_project):
    return small_project


def course_of(project):
    with ProjectFile.open(project) as p, p.sessions() as s:
        return store.read_course(s)


def comment_file(tmp_path, course, *comments, name="dana.json", reviewer="Dana Okafor"):
    path = tmp_path / name
    path.write_text(json.dumps({"format": FORMAT, "course": {"title": course.title, "build": "MMS-x"},
                                "reviewer": reviewer, "saved_at": "2026-12-03T14:05:09Z", "comments": list(comments)}))
    return path


def on_module(module_id, text, at="2026-12-03T14:02:00Z"):
    return {"module": module_id, "block": None, "anchor": None, "kind": None, "at": at, "text": text}


def on_block(course, module_id, index, text, at="2026-12-03T14:01:44Z"):
    block = course.module(module_id).blocks[index]
    return {"module": module_id, "block": index, "anchor": block_anchor(block), "kind": block.kind, "at": at, "text": text}


def test_a_review_copy_is_the_site_with_its_review_layer_and_no_badge(small_course, tmp_path, capsys):
    small_course.write_text(small_course.read_text().replace(
        "    modules: [choose-ladder, set-up-ladder]\n",
        "    modules: [choose-ladder, set-up-ladder]\n    badge: {name: Ladder pro, description: Safe with ladders, image: media/ladder.png}\n"))
    out = tmp_path / "out"
    out.mkdir()
    code, printed, _ = run("build", small_course, "--format", "review", "--out", out, capsys=capsys)
    assert code == 0 and "self-test: passed" in printed
    assert sorted(p.name for p in out.iterdir()) == ["ladder-safety-review.zip"]      # no badge beside it
    with zipfile.ZipFile(out / "ladder-safety-review.zip") as archive:
        names = set(archive.namelist())
        page = archive.read("index.html").decode()
    assert {"index.html", "review.js", "review.css", "player.js", "player.css", "quiz.js"} <= names
    assert '<link rel="stylesheet" href="player.css">\n<link rel="stylesheet" href="review.css">' in page
    assert '"review":{' in page and FORMAT in page


def test_a_draft_with_check_errors_still_gets_a_review_copy(small_course, tmp_path, capsys):
    small_course.write_text(small_course.read_text().replace(
        "objective: Position a ladder at a safe angle of 75 degrees", "objective: Understand ladders"))
    out = tmp_path / "out"
    out.mkdir()
    assert run("build", small_course, "--format", "html5", "--out", out, capsys=capsys)[0] == 1
    code, printed, _ = run("build", small_course, "--format", "review", "--out", out, capsys=capsys)
    assert code == 0 and "note: built despite 1 check error(s), as a review copy is for drafts" in printed
    assert [p.name for p in out.iterdir()] == ["ladder-safety-review.zip"]
    code, _, err = run("build", small_course, "--format", "review", "--out", out, "--force", "--require-approved",
                       capsys=capsys)
    assert code == 2 and "--require-approved: does not go with a review copy" in err


def test_comments_are_imported_onto_their_blocks_once(project, tmp_path, capsys):
    course = course_of(project)
    moved = comment_file(tmp_path, course, on_block(course, "choose-ladder", 1, "Say why one metre."),
                         on_module("set-up-ladder", "Add a photo of the angle."))
    code, printed, _ = run("review", "import", project, moved, capsys=capsys)
    assert code == 0
    assert printed.splitlines() == [f"imported 2 comment(s) from 1 file into {project}",
                                    "  choose-ladder: 1", "  set-up-ladder: 1"]
    after = course_of(project)
    assert [(c.author, c.block, c.text, c.resolved) for c in after.module("choose-ladder").comments] == [
        ("Dana Okafor", 1, "Say why one metre.", False)]
    assert [c.block for c in after.module("set-up-ladder").comments] == [None]
    code, problems = _check(project, capsys)
    assert code == 0 and {p["module"] for p in problems if p["code"] == "review.open-comments"} == {
        "choose-ladder", "set-up-ladder"}
    before = (project / "project.db").read_bytes()
    code, printed, _ = run("review", "import", project, moved, capsys=capsys)
    assert code == 0 and printed.startswith("nothing new from 1 file: all 2 comment(s) in it are already")
    assert (project / "project.db").read_bytes() == before                      # not even rewritten


def _check(project, capsys):
    code, out, _ = run("check", project, "--json", capsys=capsys)
    return code, json.loads(out)["problems"]


@pytest.mark.parametrize("bad, says", [
    ('{"format": "microstudio/1"}', "is not a comment file from a review copy"),
    ("{", "is not valid JSON"),
])
def test_a_bad_file_among_good_ones_imports_nothing(project, tmp_path, capsys, bad, says):
    course = course_of(project)
    good = comment_file(tmp_path, course, on_block(course, "choose-ladder", 0, "Fine."))
    broken = tmp_path / "broken.json"
    broken.write_text(bad)
    before = (project / "project.db").read_bytes()
    code, _, err = run("review", "import", project, good, broken, capsys=capsys)
    assert code == 2 and says in err and "broken.json" in err and len(err.strip().splitlines()) == 1
    assert (project / "project.db").read_bytes() == before


def test_a_file_from_another_course_is_refused(project, tmp_path, capsys):
    other = comment_file(tmp_path, course_of(project), on_module("forklift-basics", "Hm."))
    code, _, err = run("review", "import", project, other, capsys=capsys)
    assert code == 2 and "none of its 1 comment(s) is on a module of this course" in err


def test_a_comment_on_a_removed_module_is_a_warning(project, tmp_path, capsys):
    course = course_of(project)
    path = comment_file(tmp_path, course, on_block(course, "choose-ladder", 0, "Fine."),
                        on_module("old-module", "Hm."))
    code, printed, err = run("review", "import", project, path, capsys=capsys)
    assert code == 0 and "imported 1 comment(s)" in printed
    assert "warning: 1 comment(s) on module 'old-module', which the project no longer has: not imported" in err


def test_a_project_open_elsewhere_and_a_source_file_are_refused(project, small_course, tmp_path, capsys):
    path = comment_file(tmp_path, course_of(project), on_block(course_of(project), "choose-ladder", 0, "Fine."))
    with ProjectFile.open(project):
        code, _, err = run("review", "import", project, path, capsys=capsys)
    assert code == 2 and "already open" in err
    code, _, err = run("review", "import", small_course, path, capsys=capsys)
    assert code == 2 and "is not a project" in err and "studio import" in err


def test_a_project_with_a_crashed_sessions_autosave_is_refused_and_the_autosave_kept(project, tmp_path, capsys):
    import os
    import subprocess
    import sys
    from tests.editor.test_saving import CRASH
    done = subprocess.run([sys.executable, "-c", CRASH, str(project), "Pick a ladder for the job"], env=dict(os.environ))
    assert done.returncode == -9
    path = comment_file(tmp_path, course_of(project), on_module("choose-ladder", "Fine."))
    before = (project / "project.db").read_bytes()
    code, _, err = run("review", "import", project, path, capsys=capsys)
    assert code == 2 and "unsaved changes from a studio that stopped unexpectedly" in err
    assert (project / "project.db").read_bytes() == before
    from studio.editor.session import open_course
    with open_course(project) as session:        # still offered by the desktop app
        assert session.recoverable is not None
