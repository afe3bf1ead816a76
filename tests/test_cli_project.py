"""`studio new`, `import`, `export-source` on real files; bad input gives exit 2 and one clear line."""
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from studio import model as m
from studio.project import store
from studio.project.file import DB_NAME, ProjectFile
from studio.source.reader import read_course
from tests.cli import run

STUDIO = Path(sys.executable).with_name("studio")


def test_import_then_export_source_gives_back_the_same_course(small_course, tmp_path, capsys):
    project = tmp_path / "Ladders.mstudio"
    code, out, _ = run("import", small_course, project, capsys=capsys)
    assert code == 0 and "imported 2 module(s), 1 path(s), 4 media file(s)" in out
    stored = sorted(p.name for p in (project / "media").iterdir())
    assert len(stored) == 4 and all(len(Path(n).stem) == 64 for n in stored)  # named by SHA-256
    out_dir = tmp_path / "exported"
    out_dir.mkdir()
    code, out, _ = run("export-source", project, out_dir / "course.yaml", capsys=capsys)
    assert code == 0 and "4 media file(s)" in out
    assert read_course(out_dir / "course.yaml") == read_course(small_course)
    assert (out_dir / "media" / "intro.mp4").read_bytes() == (small_course.parent / "media" / "intro.mp4").read_bytes()
    assert run("check", project, capsys=capsys)[0] == 0


def test_import_with_missing_media_names_file_line_and_field(small_course, tmp_path, capsys):
    (small_course.parent / "media" / "tip.mp3").unlink()
    project = tmp_path / "p.mstudio"
    code, _, err = run("import", small_course, project, capsys=capsys)
    assert code == 2
    assert "modules[1].blocks[0].media: file 'media/tip.mp3' not found (course.yaml line 43)" in err
    assert not project.exists()  # no half-made project left behind


def test_a_bad_source_leaves_an_existing_project_untouched(small_course, tmp_path, capsys):
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    before = (project / DB_NAME).read_bytes()
    small_course.write_text(small_course.read_text().replace("type: audio", "type: podcast"))
    code, _, err = run("import", small_course, project, capsys=capsys)
    assert code == 2 and "unknown block type 'podcast'" in err and "(course.yaml line 42)" in err
    assert (project / DB_NAME).read_bytes() == before


def test_corrupt_media_is_imported_and_reported_by_check(small_course, tmp_path, capsys):
    (small_course.parent / "media" / "tip.mp3").write_bytes(b"ID3 this is not really audio")
    project = tmp_path / "p.mstudio"
    code, _, err = run("import", small_course, project, capsys=capsys)
    assert code == 0 and "warning: media/tip.mp3" in err
    code, out, _ = run("check", project, "--json", capsys=capsys)
    assert code == 1 and '"code": "media.unreadable"' in out


def test_reimport_keeps_review_comments_the_source_does_not_list(small_course, tmp_path, capsys):
    text = small_course.read_text()
    with_comment = text.replace("    status: approved\n", "    status: approved\n    comments:\n"
                                "      - {author: Ana, at: '2026-11-20T10:00:00Z', block: 1, text: Say 'one metre'.}\n")
    small_course.write_text(with_comment)
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    small_course.write_text(text.replace("Choose the right ladder", "Pick the right ladder"))
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    out = tmp_path / "again" / "course.yaml"
    assert run("export-source", project, out, capsys=capsys)[0] == 0
    module = read_course(out).modules[0]
    assert module.title == "Pick the right ladder"
    assert module.comments[0].text == "Say 'one metre'." and module.comments[0].block == 1


def test_reimport_of_a_source_with_comments_keeps_the_smes_comments_on_their_moved_blocks(small_course, tmp_path,
                                                                                          capsys):
    """The team's source lists one comment; SMEs' comments came into the project after it."""
    text = small_course.read_text().replace("    status: approved\n", "    status: approved\n    comments:\n"
                                            "      - {author: Ana, at: '2026-11-20T10:00:00Z', text: Fine.}\n")
    small_course.write_text(text)
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    with ProjectFile.open(project) as p:     # SMEs' comments written through the store, as review import does
        with p.sessions.begin() as s:
            course = store.read_course(s)
            module = course.module("choose-ladder")
            sme = (m.ReviewComment("Dana", "2026-12-03T10:00:00Z", "Say why one metre.", 1),   # on the text
                   m.ReviewComment("Dana", "2026-12-03T10:01:00Z", "Bigger image.", 2, resolved=True))
            resolved_ana = dataclasses.replace(module.comments[0], resolved=True)
            course = dataclasses.replace(course, modules=(dataclasses.replace(module, comments=(resolved_ana, *sme)),
                                                          *course.modules[1:]))
            store.write_comments(s, course, {"choose-ladder"})
        p.save()
    text_block = text[text.index("      - type: text\n"):text.index("      - type: image\n")]
    image_block = text[text.index("      - type: image\n"):text.index("      - type: quiz\n")]
    swapped = text.replace(text_block + image_block, image_block + text_block)    # parts 2 and 3 change places
    assert swapped != text
    small_course.write_text(swapped)
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    with ProjectFile.open(project) as p, p.sessions() as s:
        comments = store.read_course(s).module("choose-ladder").comments
    assert [(c.author, c.text, c.block, c.resolved) for c in comments] == [
        ("Ana", "Fine.", None, True),                   # the source's, resolved in the project: still resolved
        ("Dana", "Say why one metre.", 2, False),       # the text moved from part 2 to part 3
        ("Dana", "Bigger image.", 1, True)]


def test_new_creates_an_empty_project_once(tmp_path, capsys):
    project = tmp_path / "Empty.mstudio"
    assert run("new", project, "--title", "Forklift basics", capsys=capsys)[0] == 0
    code, out, _ = run("check", project, "--json", capsys=capsys)
    assert code == 0 and '"modules": []' in out
    code, _, err = run("new", project, "--title", "Again", capsys=capsys)
    assert code == 2 and "a project already exists here" in err


@pytest.mark.parametrize("argv, message", [
    (["check", "nowhere.yaml"], "file not found (nowhere.yaml)"),
    (["check", "--bogus", "x.yaml"], "unrecognized arguments: --bogus; see studio check --help"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["export-source", "nowhere.mstudio", "out.yaml"], "no such project"),
])
def test_bad_command_lines_exit_2_with_one_message(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*argv, capsys=capsys)
    assert code == 2 and message in err
    assert out == "" and len(err.splitlines()) == 1 and err.startswith("studio: error: ")


@pytest.mark.parametrize("argv, line", [
    (["--bogus"], "unrecognized arguments: --bogus; see studio --help"),
    (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate' (choose from "),
    (["check"], "the following arguments are required: SOURCE_OR_PROJECT; see studio check --help"),
    (["check", "a.yaml", "b.yaml"], "unrecognized arguments: b.yaml; see studio check --help"),
    (["media"], "the following arguments are required: ACTION; see studio media --help"),
    (["media", "cut"], "argument ACTION: invalid choice: 'cut' (choose from 'probe', 'trim'); see studio media --help"),
    (["media", "probe"], "the following arguments are required: FILE; see studio media probe --help"),
    (["media", "trim", "in.mp4"], "the following arguments are required: --out; see studio media trim --help"),
    (["media", "trim", "in.mp4", "--out", "o.mp4", "--start", "soon"],
     "argument --start: expected seconds or HH:MM:SS(.mmm), got 'soon'; see studio media trim --help"),
    (["media", "trim", "in.mp4", "--out", "o.mp4", "--bogus"],
     "unrecognized arguments: --bogus; see studio media trim --help"),
])
def test_bad_usage_is_one_line_naming_the_help_to_read(argv, line, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*argv, capsys=capsys)
    assert (code, out) == (2, "")
    [only] = err.splitlines()                       # no usage block before it
    assert only.startswith(f"studio: error: {line}") and only.endswith(" --help")


def test_every_nested_parser_reports_usage_our_way():
    """`media` builds its own subparsers (studio/cli/media.py); they must inherit our parser class."""
    import argparse

    from studio.cli.app import _Parser, build_parser

    def parsers(parser):
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    yield from parsers(child)
    found = {p.prog: p for p in parsers(build_parser())}
    assert {"studio", "studio check", "studio media", "studio media probe", "studio media trim"} <= set(found)
    assert [prog for prog, p in found.items() if not isinstance(p, _Parser)] == []


def test_the_installed_command_prints_one_usage_line(tmp_path):
    result = subprocess.run([str(STUDIO), "media", "trim", "in.mp4"], capture_output=True, text=True, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("studio: error: the following arguments are required: --out; "
                             "see studio media trim --help\n")


def test_the_installed_command_never_prints_a_traceback(tmp_path):
    bad = tmp_path / "course.yaml"
    bad.write_text("title: T\nmodules:\n  - id: a\n    title: A\n    blocks:\n      - type: quiz\n        questions: 7\n")
    result = subprocess.run([str(STUDIO), "check", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == ("studio: error: modules[0].blocks[0].questions: expected a list, "
                                     "got a number (course.yaml line 7)")
    not_ours = tmp_path / "other.mstudio"
    not_ours.mkdir()
    (not_ours / DB_NAME).write_text("plain text")
    result = subprocess.run([str(STUDIO), "import", str(bad), str(not_ours)], capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_check_json_piped_into_a_closed_reader_is_quiet(small_course):
    pipeline = f"{STUDIO} check {small_course} --json | head -c 10"
    result = subprocess.run(["bash", "-c", pipeline], capture_output=True, text=True)
    assert result.stdout == '{\n  "modul' and "Traceback" not in result.stderr


def test_export_source_refuses_to_write_inside_the_project(small_course, tmp_path, capsys):
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    before = (project / DB_NAME).read_bytes()
    for target in (project / DB_NAME, project / "media" / "course.yaml"):
        code, _, err = run("export-source", project, target, capsys=capsys)
        assert code == 2 and "inside the project folder" in err
    assert (project / DB_NAME).read_bytes() == before


def test_media_dropped_from_the_source_leaves_the_project(small_course, tmp_path, capsys):
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    text = small_course.read_text()
    image = "      - type: image\n        media: media/ladder.png\n        alt: Three ladder types side by side\n" \
            "        seconds: 5\n"
    assert image in text
    small_course.write_text(text.replace(image, ""))
    code, out, _ = run("import", small_course, project, capsys=capsys)
    assert code == 0 and "3 media file(s)" in out
    exported = tmp_path / "out"
    exported.mkdir()
    assert run("export-source", project, exported / "course.yaml", capsys=capsys)[0] == 0
    assert not (exported / "media" / "ladder.png").exists()


def test_check_notices_media_gone_from_the_project_store(small_course, tmp_path, capsys):
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    for stored in (project / "media").glob("*.png"):
        stored.unlink()
    code, out, _ = run("check", project, "--json", capsys=capsys)
    # the course still names the file; it is the project's store that is broken
    assert code == 1 and '"code": "media.corrupt"' in out and "missing from the project's media store" in out


@pytest.mark.parametrize("argv, message", [
    (["--title", "  "], "--title: the title must not be empty"),
    (["--title", "T", "--language", "not a tag!!"], "is not a BCP 47 language tag"),
])
def test_new_validates_like_the_course_reader(tmp_path, capsys, argv, message):
    code, _, err = run("new", tmp_path / "p.mstudio", *argv, capsys=capsys)
    assert code == 2 and message in err
    assert not (tmp_path / "p.mstudio").exists()


def test_a_defect_of_ours_is_one_line_and_exit_3(small_course, capsys, monkeypatch):
    import studio.cli.app as cli

    def broken(*_args):
        raise RuntimeError("estimator exploded")
    monkeypatch.setattr(cli, "check_course", broken)
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 3
    assert err.strip().startswith("studio: internal error: RuntimeError: estimator exploded")
