"""``studio build --format all``: every available format in one run, all or nothing."""
from __future__ import annotations

import contextlib
import errno
import io
import json
import zipfile
from pathlib import Path

import pytest

from studio.cli.app import run
from studio.export import build as build_module
from studio.export import pages, selftest
from studio.export.formats import AVAILABLE, format_module
from studio.media.probe import decode_image

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "example" / "course.yaml"
FORMATS = ("scorm12", "scorm2004", "cmi5", "xapi", "html5")


def build(source, out, fmt="all", *extra):
    return run(["build", str(source), "--format", fmt, "--out", str(out), *extra])


@pytest.fixture(scope="module")
def example_all(tmp_path_factory):
    """The example course's onboarding path (it has a badge) built once with --format all."""
    out = tmp_path_factory.mktemp("all")
    env = pytest.MonkeyPatch()      # the autouse isolation is per test: isolate this build too
    env.setenv("STUDIO_DATA_DIR", str(tmp_path_factory.getbasetemp() / "studio-data"))
    env.setenv("STUDIO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "studio-cache"))
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            code = build(EXAMPLE, out, "all", "--path", "onboarding")
    finally:
        env.undo()
    return code, out, stdout.getvalue()


def test_all_is_every_learners_format_and_not_the_review_copy():
    assert set(FORMATS) | {"review"} == set(AVAILABLE)
    assert build_module.expand_formats("all") == list(FORMATS)


def test_all_writes_five_zips_each_passing_its_self_test_and_the_badge(example_all):
    code, out, printed = example_all
    assert code == 0
    slug = "warehouse-manual-handling-safety-onboarding"
    zips = sorted(out.glob("*.zip"))
    assert [z.name for z in zips] == sorted(f"{slug}-{fmt}.zip" for fmt in FORMATS)
    lines = printed.splitlines()
    assert printed.count("self-test: passed") == 5
    for fmt in FORMATS:
        assert str(out / f"{slug}-{fmt}.zip") in lines and f"  {fmt}: package " in printed
    badge = json.loads((out / f"{slug}-badge.json").read_text())   # the path's badge, once
    assert badge["type"] == "BadgeClass" and badge["name"] == "Safe Lifter"
    # each package passes the self-test again, run here on the finished zip
    path_modules = ["back-basics", "assess-load", "five-step-lift", "team-lifts-aids", "lifting-recap"]
    for fmt in FORMATS:
        fmt_module = format_module(fmt)
        launch = ["index.html"] if fmt_module.ONE_PAGE else [f"{mid}.html" for mid in path_modules]
        target = out / f"{slug}-{fmt}.zip"
        with zipfile.ZipFile(target) as archive:
            assert archive.testzip() is None
        selftest.run(target, fmt_module, pages=launch, player_bytes=pages.player_weight(fmt_module.ADAPTER))
    image = out / f"{slug}-badge.png"
    assert image.read_bytes() == (EXAMPLE.parent / "media" / "badge.png").read_bytes()
    assert decode_image(image)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []   # no temp file left


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_one_existing_target_refuses_all_before_any_work(small_course, out, capsys, monkeypatch):
    old = out / "ladder-safety-cmi5.zip"
    old.write_bytes(b"old")
    delivered = []
    monkeypatch.setattr(build_module.Delivery, "deliver", lambda self, block: delivered.append(block))
    assert build(small_course, out) == 2
    err = capsys.readouterr().err.strip()
    assert "already exists" in err and len(err.splitlines()) == 1
    assert [p.name for p in out.iterdir()] == [old.name] and old.read_bytes() == b"old"
    assert delivered == []                                   # refused before any media work


def test_force_replaces_them_all(small_course, out, capsys):
    (out / "ladder-safety-cmi5.zip").write_bytes(b"old")
    assert build(small_course, out, "all", "--force") == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"ladder-safety-{fmt}.zip" for fmt in FORMATS)
    assert all(zipfile.is_zipfile(p) for p in out.iterdir())
    assert capsys.readouterr().out.count("self-test: passed") == 5


@pytest.mark.parametrize("failure", ["selftest", "full-disk", "cancel"])
def test_a_failure_late_in_the_run_leaves_none_of_its_zips(small_course, out, capsys, monkeypatch, failure):
    """The fourth package fails: the three finished before it are not renamed into place either,
    and with --force the zips already there are left exactly as they were."""
    (out / "ladder-safety-scorm12.zip").write_bytes(b"old")
    real_run, real_write = selftest.run, build_module.write_zip
    calls = []

    def failing_run(zip_path, fmt, **kwargs):
        calls.append(fmt.NAME)
        if len(calls) == 4:
            raise selftest.SelfTestFailed("injected")
        return real_run(zip_path, fmt, **kwargs)

    def failing_write(tmp, files, **kwargs):
        calls.append(tmp)
        if len(calls) == 4:
            if failure == "cancel":
                kwargs["cancel"].cancel()
            else:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(tmp, files, **kwargs)

    if failure == "selftest":
        monkeypatch.setattr(build_module.selftest, "run", failing_run)
    else:
        monkeypatch.setattr(build_module, "write_zip", failing_write)
    code = build(small_course, out, "all", "--force")
    assert code == {"selftest": 3, "full-disk": 2, "cancel": 130}[failure]
    assert [p.name for p in out.iterdir()] == ["ladder-safety-scorm12.zip"]      # no temp file, no new zip
    assert (out / "ladder-safety-scorm12.zip").read_bytes() == b"old"
