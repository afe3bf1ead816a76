"""`studio check` on real course files: exit codes, the human report and the JSON contract."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from studio.cli import main
from studio.source.reader import read_course

STUDIO = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "studio"


def run(*argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def edit(course: Path, old: str, new: str) -> Path:
    text = course.read_text()
    assert old in text
    course.write_text(text.replace(old, new))
    return course


# --- exit codes --------------------------------------------------------------------------

def test_the_small_course_passes_with_exit_0(small_course, capsys):
    code, out, err = run("check", small_course, capsys=capsys)
    assert code == 0
    assert err == ""
    assert out.rstrip().endswith("0 error(s), 1 warning(s)")     # an unknown verb is only a warning


@pytest.mark.parametrize("old, new, code", [
    ("        alt: Three ladder types side by side\n", "", "a11y.image-alt-missing"),
    ("{text: A step ladder of 3 m, correct: true, feedback: It reaches the shelf.}",
     "{text: A step ladder of 3 m, feedback: It reaches the shelf.}", "quiz.no-correct-answer"),
    ("out: 5\n", "out: 9\n", "media.trim-out-of-range"),
    ("modules: [choose-ladder, set-up-ladder]", "modules: [set-up-ladder, choose-ladder]",
     "sequence.missing-prerequisite"),
    ("objective: Choose a ladder", "objective: Understand a ladder", "objective.vague-verb"),
])
def test_a_course_with_errors_exits_1_and_names_them(small_course, capsys, old, new, code):
    edit(small_course, old, new)
    status, out, err = run("check", small_course, capsys=capsys)
    assert status == 1
    assert f"✗ error {code}" in out
    assert re.search(r"^[1-9]\d* error\(s\), \d+ warning\(s\)$", out.rstrip().splitlines()[-1])


def test_missing_media_is_a_check_error(small_course, capsys):
    (small_course.parent / "media" / "tip.mp3").unlink()
    code, out, _ = run("check", small_course, capsys=capsys)
    assert code == 1
    assert "✗ error media.missing (block 1): media 'media/tip.mp3' not found" in out


@pytest.mark.parametrize("content, message", [
    ("title: [unclosed\nmodules:\n", "title: unclosed '[' opened on line 1; parsing stopped at line 2"),
    ("title: T\nmodules:\n  - id: m\n    title: 'Lifting\n\n", "unterminated quote '…' opened on line 4"),
    ("title: T\nmodules:\n\tid: m\n", "invalid YAML: found character '\\t' that cannot start any token"),
    ("", "the file is empty"),
    ("- a\n- b\n", "expected a mapping"),
    ("title: T\nmodules:\n  - {id: m, title: M, blocks: [{type: podcast}]}\n", "unknown block type 'podcast'"),
])
def test_an_invalid_course_file_exits_2_with_one_line(tmp_path, capsys, content, message):
    bad = tmp_path / "broken.yaml"
    bad.write_text(content)
    code, out, err = run("check", bad, capsys=capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("studio: error: ") and message in err and "broken.yaml" in err


def test_a_missing_file_exits_2_naming_it(tmp_path, capsys):
    code, out, err = run("check", tmp_path / "nope.yaml", capsys=capsys)
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [f"studio: error: file not found ({tmp_path / 'nope.yaml'})"]


def test_an_unknown_option_exits_2(small_course, capsys):
    code, _, err = run("check", small_course, "--bogus", capsys=capsys)
    assert code == 2 and "studio: error: unrecognized arguments: --bogus" in err


@pytest.mark.parametrize("content, message", [
    (None, "file not found"),
    ("title: [unclosed\nmodules:\n", "unclosed '[' opened on line 1; parsing stopped at line 2"),
])
def test_the_installed_command_exits_2_without_a_traceback(tmp_path, content, message):
    course = tmp_path / "course.yaml"
    if content is not None:
        course.write_text(content)
    result = subprocess.run([str(STUDIO), "check", str(course)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("studio: error: ") and message in result.stderr and "course.yaml" in result.stderr


def test_the_installed_command_exits_1_on_errors(small_course):
    edit(small_course, "        alt: Three ladder types side by side\n", "")
    broken = subprocess.run([str(STUDIO), "check", str(small_course), "--json"], capture_output=True, text=True,
                            timeout=60)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert "a11y.image-alt-missing" in [p["code"] for p in json.loads(broken.stdout)["problems"]]


# --- the human report --------------------------------------------------------------------

BAR = r"[█░]{12}[ ▶] +"


def test_report_groups_problems_under_their_module_with_a_budget_bar(small_course, capsys):
    _, out, _ = run("check", small_course, capsys=capsys)
    lines = out.splitlines()
    assert lines[0] == "Ladder safety — 2 module(s), 1 path(s)"
    first, second = lines.index("choose-ladder  Choose the right ladder"), lines.index("set-up-ladder  Set up a ladder")
    assert first < second
    # 4 s of video + 10 words at 200 wpm + 5 s image + 25 s quiz = 37 s; nano here is 0.1–3 min
    assert re.fullmatch(rf"  {BAR}0:37 / 0\.1–3 min  \[ok\]", lines[first + 1])
    assert re.fullmatch(rf"  {BAR}0:1\d / 0\.1–3 min  \[ok\]", lines[second + 1])
    warning = next(i for i, line in enumerate(lines) if "objective.unknown-verb" in line)
    path = lines.index(next(line for line in lines if line.startswith("path ladders:")))
    assert second < warning < path          # listed under the module it concerns
    assert lines[warning].startswith("  ! warning objective.unknown-verb: ")
    assert re.fullmatch(r"path ladders: 2 module\(s\), 0:5\d in all", lines[path])


def test_budget_bar_fills_in_proportion_to_the_maximum(small_course, capsys):
    edit(small_course, "nano: {min: 0.1, max: 3, target: 0.2}", "nano: {min: 0.1, max: 1.5, target: 0.2}")
    _, out, _ = run("check", small_course, capsys=capsys)
    # 37 s of 90 s → 5 of 12 cells
    assert "  █████░░░░░░░  0:37 / 0.1–1.5 min  [ok]" in out.splitlines()


def test_an_over_budget_module_shows_a_full_bar_and_an_error(small_course, capsys):
    edit(small_course, "nano: {min: 0.1, max: 3, target: 0.2}", "nano: {min: 0.1, max: 0.5, target: 0.2}")
    code, out, _ = run("check", small_course, capsys=capsys)
    assert code == 1
    lines = out.splitlines()
    bar = lines[lines.index("choose-ladder  Choose the right ladder") + 1]
    assert bar == "  ████████████▶ 0:37 / 0.1–0.5 min  [errors]"
    assert "  ✗ error budget.over: estimated 0:37, over the budget of 0.1–0.5 min" in lines


def test_path_problems_are_listed_under_the_path_with_a_suggested_order(small_course, capsys):
    edit(small_course, "modules: [choose-ladder, set-up-ladder]", "modules: [set-up-ladder, choose-ladder]")
    _, out, _ = run("check", small_course, capsys=capsys)
    lines = out.splitlines()
    path = next(i for i, line in enumerate(lines) if line.startswith("path ladders:"))
    assert lines[path + 1] == "  pacing: 2 module(s), mean 0:28, longest 0:37 (choose-ladder)"
    assert lines[path + 2] == "  suggested order: choose-ladder → set-up-ladder"
    assert lines[path + 3] == ("  ✗ error sequence.missing-prerequisite: set-up-ladder: requires 'ladder-types', "
                               "which 'choose-ladder' introduces later in path 'ladders': "
                               "place 'choose-ladder' before 'set-up-ladder'")


# --- --json ------------------------------------------------------------------------------

def test_json_output_follows_the_contract(small_course, capsys):
    code, out, _ = run("check", small_course, "--json", capsys=capsys)
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["modules", "paths", "problems"]
    assert [m["id"] for m in data["modules"]] == ["choose-ladder", "set-up-ladder"]
    for module in data["modules"]:
        assert list(module) == ["id", "estimated_seconds", "budget", "within_budget"]
        assert module["budget"] == {"min": 6, "max": 180, "target": 12}      # seconds, from minutes
        assert module["within_budget"] is True
    assert data["modules"][0]["estimated_seconds"] == 37.0
    assert 18.5 <= data["modules"][1]["estimated_seconds"] <= 19.5           # 15 s quiz + ~4 s probed mp3
    [path] = data["paths"]
    assert list(path) == ["id", "order", "total_seconds", "suggested_order", "pacing"]     # pacing: additive
    assert path["order"] == ["choose-ladder", "set-up-ladder"] and path["suggested_order"] is None
    assert path["total_seconds"] == pytest.approx(sum(m["estimated_seconds"] for m in data["modules"]), abs=0.05)
    assert data["problems"] == [{
        "code": "objective.unknown-verb", "severity": "warning", "module": "set-up-ladder", "path": None,
        "message": data["problems"][0]["message"]}]


def test_json_output_with_errors_exits_1_and_lists_them(small_course, capsys):
    edit(small_course, "modules: [choose-ladder, set-up-ladder]", "modules: [set-up-ladder, choose-ladder]")
    edit(small_course, "        alt: Three ladder types side by side\n", "")
    code, out, _ = run("check", small_course, "--json", capsys=capsys)
    assert code == 1
    data = json.loads(out)
    assert data["paths"][0]["suggested_order"] == ["choose-ladder", "set-up-ladder"]
    by_code = {p["code"]: p for p in data["problems"]}
    assert by_code["sequence.missing-prerequisite"] == {
        "code": "sequence.missing-prerequisite", "severity": "error", "module": "set-up-ladder", "path": "ladders",
        "message": "requires 'ladder-types', which 'choose-ladder' introduces later in path 'ladders': "
                   "place 'choose-ladder' before 'set-up-ladder'"}
    assert list(by_code["a11y.image-alt-missing"]) == ["code", "severity", "module", "path", "block", "message"]
    assert by_code["a11y.image-alt-missing"]["block"] == 2


# --- in ≥ out is a check problem, not bad input -------------------------------------------

def test_an_in_point_at_or_after_the_out_point_is_a_check_error_in_json(small_course, capsys):
    edit(small_course, "        in: 1\n", "        in: '00:00:05'\n")          # out: 5 — nothing to play
    code, out, err = run("check", small_course, "--json", capsys=capsys)
    assert (code, err) == (1, "")
    [problem] = [p for p in json.loads(out)["problems"] if p["code"] == "media.trim-out-of-range"]
    assert problem == {"code": "media.trim-out-of-range", "severity": "error", "module": "choose-ladder",
                       "path": None, "block": 0,
                       "message": "'in' (5 s) must be before 'out' (5 s): the trim leaves nothing to play"}


def test_import_stores_an_in_point_after_the_out_point_and_check_of_the_project_reports_it(small_course, tmp_path,
                                                                                           capsys):
    edit(small_course, "        in: 1\n", "        in: 4.5\n        # the SME will fix this\n")
    edit(small_course, "        out: 5\n", "        out: 2\n")
    project = tmp_path / "p.mstudio"
    code, out, err = run("import", small_course, project, capsys=capsys)
    assert code == 0 and err == "" and "imported 2 module(s)" in out
    code, out, _ = run("check", project, capsys=capsys)
    assert code == 1
    assert ("  ✗ error media.trim-out-of-range (block 1): 'in' (4.5 s) must be before 'out' (2 s): "
            "the trim leaves nothing to play") in out.splitlines()
    exported = tmp_path / "again" / "course.yaml"
    exported.parent.mkdir()
    assert run("export-source", project, exported, capsys=capsys)[0] == 0
    video = read_course(exported).modules[0].blocks[0]
    assert (video.in_s, video.out_s) == (4.5, 2.0)                            # stored as written


# --- --json on bad input: still a JSON document on stdout, and the one line on stderr ------

def _failed_json(out: str, err: str) -> dict:
    data = json.loads(out)
    assert list(data) == ["error", "modules", "paths", "problems"]
    assert (data["modules"], data["paths"], data["problems"]) == ([], [], [])
    assert list(data["error"])[:5] == ["kind", "message", "file", "line", "where"]
    assert err.splitlines() == [f"studio: error: {data['error']['message']}"]
    return data["error"]


def test_json_on_invalid_yaml_names_both_lines(tmp_path, capsys):
    bad = tmp_path / "course.yaml"
    bad.write_text("title: T\nmodules:\n  - id: a\n    title: A\n    introduces: [x, y,\n      z\n    requires: []\n")
    code, out, err = run("check", bad, "--json", capsys=capsys)
    assert code == 2
    assert _failed_json(out, err) == {
        "kind": "source", "file": "course.yaml", "line": 5, "stopped_line": 7, "where": "modules[0].introduces",
        "message": "modules[0].introduces: unclosed '[' opened on line 5; parsing stopped at line 7, at ':' "
                   "(course.yaml)"}


def test_json_on_an_invalid_field_gives_its_line_and_path(small_course, capsys):
    edit(small_course, "type: audio", "type: podcast")
    code, out, err = run("check", small_course, "--json", capsys=capsys)
    error = _failed_json(out, err)
    assert code == 2 and (error["kind"], error["line"], error["where"]) == ("source", 42, "modules[1].blocks[0].type")
    assert "unknown block type 'podcast'" in error["message"]


def test_json_on_a_missing_file_or_project(tmp_path, capsys):
    code, out, err = run("check", tmp_path / "nope.yaml", "--json", capsys=capsys)
    assert code == 2
    assert _failed_json(out, err) == {"kind": "source", "message": f"file not found ({tmp_path / 'nope.yaml'})",
                                      "file": str(tmp_path / "nope.yaml"), "line": None, "where": None}
    (tmp_path / "empty.mstudio").mkdir()
    code, out, err = run("check", tmp_path / "empty.mstudio", "--json", capsys=capsys)
    error = _failed_json(out, err)
    assert code == 2 and error["kind"] == "project" and "not a Micro-module Studio project" in error["message"]


def test_json_on_bad_usage(capsys):
    code, out, err = run("check", "--json", capsys=capsys)
    assert code == 2
    assert _failed_json(out, err) == {
        "kind": "usage", "file": None, "line": None, "where": None,
        "message": "the following arguments are required: SOURCE_OR_PROJECT; see studio check --help"}


def test_json_on_a_defect_of_ours_exits_3_with_a_document(small_course, capsys, monkeypatch):
    import studio.cli.app as cli

    def broken(*_args):
        raise RuntimeError("estimator exploded")
    monkeypatch.setattr(cli, "check_course", broken)
    code, out, err = run("check", small_course, "--json", capsys=capsys)
    assert code == 3
    data = json.loads(out)
    assert data["error"]["kind"] == "internal" and data["problems"] == []
    assert data["error"]["message"] == "internal error: RuntimeError: estimator exploded"
    assert err.startswith("studio: internal error: RuntimeError: estimator exploded")


def test_the_installed_command_prints_json_on_bad_input(tmp_path):
    course = tmp_path / "course.yaml"
    course.write_text("title: 'Ladder safety\nmodules: []\n")
    result = subprocess.run([str(STUDIO), "check", str(course), "--json"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    error = _failed_json(result.stdout, result.stderr)
    assert (error["line"], error["stopped_line"]) == (1, 2)
    assert error["message"].startswith("title: unterminated quote '…' opened on line 1; parsing stopped at line 2")
