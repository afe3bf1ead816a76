"""Import, export and trim interrupted at random points (hypothesis), in-process.

Each example stops the operation at its k-th cancellation check, or makes its k-th file
operation fail, or raises KeyboardInterrupt there (a signal outside a job), and asserts the
world is exactly as before or exactly as after.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import studio.project.export_source as export_module
from studio.errors import Cancelled, StudioError
from studio.jobs import CancelToken
from studio.media.facts import course_facts
from studio.media.trim import trim
from studio.project import store
from studio.project.export_source import export_source
from studio.project.file import ProjectFile, _working_prefix, data_dir
from studio.project.importer import import_course
from studio.source.reader import read_course, read_course_document
from tests.world import leftovers, snapshot, working_copies

EXAMPLES = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HOW = st.sampled_from(["cancel", "fail", "interrupt"])


class CancelAt(CancelToken):
    """Cancelled at its k-th check, like a user pressing Ctrl-C at that moment."""

    def __init__(self, k: int) -> None:
        super().__init__()
        self.left = k

    def raise_if_cancelled(self) -> None:
        self.left -= 1
        if self.left < 0:
            self.cancel()
        super().raise_if_cancelled()


def _faulty(real, k: int, how: str):
    """``real``, except that its k-th call fails (an OS error, or a signal arriving there)."""
    calls = [0]

    def wrapper(*args, **kwargs):
        calls[0] += 1
        if calls[0] == k + 1:
            if how == "interrupt":
                raise KeyboardInterrupt
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)
    return wrapper


@pytest.fixture(scope="module")
def imported(small_course_template, tmp_path_factory):
    """A project holding the small course, and a changed source to import over it."""
    root = tmp_path_factory.mktemp("imported")
    course = root / "course" / "course.yaml"
    shutil.copytree(small_course_template, course.parent)
    project = root / "p.mstudio"
    document = read_course_document(course)
    with ProjectFile.create(project) as p:
        import_course(p, document.course, course.parent, course_facts(document.course, course.parent))
    course.write_text(course.read_text().replace("Choose the right ladder", "Pick a ladder"))
    png = course.parent / "media" / "ladder.png"
    png.write_bytes(png.read_bytes() + b"\0")
    return project, course


def _working_copies_of(project: Path) -> list[str]:
    return [name for name in working_copies(data_dir().parent) if name.startswith(_working_prefix(project))]


def _titles(project: Path) -> list[str]:
    with ProjectFile.open(project) as p, p.sessions() as s:
        return [m.title for m in store.read_course(s).modules]


@EXAMPLES
@given(k=st.integers(0, 8), how=HOW)
def test_import_over_a_project_is_all_or_nothing(imported, monkeypatch, k, how):
    template, course = imported
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "p.mstudio"
        shutil.copytree(template, project)
        before = snapshot(project)
        document = read_course_document(course)
        facts = course_facts(document.course, course.parent)
        token = CancelAt(k) if how == "cancel" else CancelToken()
        if how != "cancel":  # every rename of the import (blobs, the save) is a place to fail
            monkeypatch.setattr(os, "replace", _faulty(os.replace, k, how))
        try:
            with ProjectFile.open(project) as p:
                import_course(p, document.course, course.parent, facts, cancel=token)
            landed = True
        except (Cancelled, StudioError, OSError, KeyboardInterrupt):
            landed = False
        monkeypatch.undo()
        assert leftovers(project) == [] and _working_copies_of(project) == []
        if landed:
            assert _titles(project)[0] == "Pick a ladder"
        else:
            assert snapshot(project) == before


@EXAMPLES
@given(k=st.integers(0, 6), how=st.sampled_from(["fail", "interrupt"]), force=st.booleans())
def test_export_source_is_all_or_nothing(imported, monkeypatch, k, how, force):
    project, _ = imported
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "export"
        if force:
            target.mkdir()
            (target / "course.yaml").write_text("format: microstudio/1\n# the author's comments\n")
        before = snapshot(target)
        monkeypatch.setattr(export_module, "copy_verified_blob", _faulty(export_module.copy_verified_blob, k, how))
        try:
            with ProjectFile.open(project) as p:
                export_source(p, target / "course.yaml", force=force)
            landed = True
        except (OSError, StudioError, KeyboardInterrupt):
            landed = False
        monkeypatch.undo()
        assert leftovers(Path(scratch)) == []
        if landed:
            assert read_course(target / "course.yaml").modules[0].title == "Choose the right ladder"
            assert len(list((target / "media").iterdir())) == 4
        else:
            assert snapshot(target) == before


@EXAMPLES
@given(k=st.integers(0, 12))
def test_trim_cancelled_at_any_progress_report_leaves_nothing(small_course_template, k):
    src = small_course_template / "media" / "intro.mp4"
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "cut.mp4"
        token = CancelToken()
        reports = [0]

        def progress(fraction, message):
            reports[0] += 1
            if reports[0] > k:
                token.cancel()
        try:
            trim(src, out, 1.3, 4.7, progress=progress, cancel=token)
            landed = True
        except Cancelled:
            landed = False
        assert leftovers(Path(scratch)) == []
        assert out.exists() == landed
