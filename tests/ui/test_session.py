"""The Qt-free session layer the window is built on (studio/editor/session.py)."""
from __future__ import annotations

import pytest

from studio.editor.gauge import read_budget
from studio.editor.session import open_course
from studio.errors import Cancelled, ProjectError, SourceError
from studio.jobs import CancelToken
from studio.resources import example_course
from tests.cli import check_json, run


def test_open_a_source_measures_media_and_checks(capsys):
    reports = []
    with open_course(example_course(), progress=lambda f, msg: reports.append((f, msg))) as session:
        state = session.state
    _, problems = check_json(example_course(), capsys)
    assert state.kind == "source" and len(state.course.modules) == 5
    assert [p.code for p in state.report.problems] == [p["code"] for p in problems]
    assert any(msg.startswith("Probing media/") for _, msg in reports)
    assert reports[-1] == (1.0, "Checking")
    assert session.line_of("modules[0].blocks[0]") is not None


def test_cancel_stops_the_open():
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        open_course(example_course(), cancel=token)


def test_bad_inputs_are_typed_errors(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        open_course(tmp_path / "nothing.yaml")
    (tmp_path / "Empty.mstudio").mkdir()
    with pytest.raises(ProjectError):
        open_course(tmp_path / "Empty.mstudio")


def test_a_project_stays_locked_while_open(tmp_path, capsys):
    project = tmp_path / "Warehouse.mstudio"
    assert run("import", example_course(), project, capsys=capsys)[0] == 0
    session = open_course(project)
    try:
        assert session.state.kind == "project" and (project / ".lock").exists()
        assert [m.id for m in session.state.course.modules][:2] == ["back-basics", "assess-load"]
        assert session.refresh_check().report == session.state.report
    finally:
        session.close()
    assert not (project / ".lock").exists()


def test_budget_reading_tones():
    with open_course(example_course()) as session:
        state = session.state
    readings = {e.module_id: read_budget(e) for e in state.report.modules}
    assert readings["five-step-lift"].tone == "ok"
    assert readings["lifting-recap"].text == "2:14 of 1–3 min, target 2:00"
    assert all(r.scale_s > r.max_s for r in readings.values())
