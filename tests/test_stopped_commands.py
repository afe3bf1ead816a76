"""Commands stopped by SIGINT or SIGTERM at many moments, as real processes.

Whatever the moment, the command exits 130 with one line and no traceback ("cancelled", or
"cancelled too late to stop" when it had passed its commit point and finished), or 0 when the
signal came after it had returned; the world is as it was before or as it is after: never a half project, a
stale lock, an orphan working copy, a partial export or a temp file.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import studio
from studio.project.file import ProjectFile
from studio.project import store
from tests.world import leftovers, snapshot, working_copies

STUDIO = [sys.executable, "-m", "studio"]
MOMENTS = 8  # kill points spread over the command's whole run, our own start-up included
SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM"), pytest.param(signal.SIGINT, id="SIGINT")]


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "STUDIO_DATA_DIR": str(data_dir), "STUDIO_CACHE_DIR": str(data_dir / "cache")}


def _run(argv: list, data_dir: Path, delay: float | None = None, sig: int = signal.SIGTERM) -> tuple[int, str]:
    proc = subprocess.Popen([*STUDIO, *map(str, argv)], env=_env(data_dir), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if delay is not None:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def _interpreter_start(data_dir: Path) -> float:
    """The slowest of three starts of this Python up to its ``signal`` module (our early handler's
    first need), with a margin: a signal before then meets Python's own start, not our code."""
    def once() -> float:
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "import signal"], env=_env(data_dir), check=True)
        return time.monotonic() - started
    return 1.2 * max(once() for _ in range(3))


def _moments(argv: list, data_dir: Path, reset) -> list[float]:
    """Delays spread from the end of the interpreter's own start to just before the end of a
    full run of ``argv``: a signal before our code runs tests Python, not the studio."""
    start = _interpreter_start(data_dir)
    started = time.monotonic()
    code, err = _run(argv, data_dir)
    assert code == 0, err
    total = time.monotonic() - started
    reset()
    return [start + (total - start) * (i + 0.5) / MOMENTS for i in range(MOMENTS)]


def _stopped_before_our_code(code: int, err: str) -> bool:
    """Stopped during the interpreter's own start, before our first handler is in place: killed
    outright, or Python's own KeyboardInterrupt report (from ``site``, exit 1; from ``runpy`` or
    the ``signal`` module's import, exit -2) with no frame of the studio's code past the lines
    that lead to the early handler (``studio/__main__.py``, the head of ``studio/cli``)."""
    if code < 0 and not err:
        return True
    if code not in (1, -signal.SIGINT) or not err.rstrip().endswith("KeyboardInterrupt"):
        return False
    ours = Path(studio.__file__).parent
    cli = ours / "cli" / "__init__.py"
    handler_line = next(n for n, line in enumerate(cli.read_text().splitlines(), 1) if "signal.signal(" in line)
    for file, line in re.findall(r'File "([^"]+)", line (\d+)', err):
        if file == str(cli) and int(line) <= handler_line or file == str(ours / "__main__.py"):
            continue
        if file.startswith(str(ours)):
            return False
    return True


def _assert_clean_stop(code: int, err: str) -> None:
    if _stopped_before_our_code(code, err):
        return
    assert code in (0, 130), f"exit {code}: {err}"
    assert "Traceback" not in err
    if code == 130:
        assert len(err.strip().splitlines()) == 1 and "cancelled" in err, err


def _modules_of(project: Path) -> list[str]:
    with ProjectFile.open(project) as p, p.sessions() as s:
        return [mod.title for mod in store.read_course(s).modules]


@pytest.mark.slow
@pytest.mark.parametrize("sig", SIGNALS)
def test_import_into_a_new_project(small_course, tmp_path, sig):
    data = tmp_path / "data"
    home = tmp_path / "projects"
    home.mkdir()
    moments = _moments(["import", small_course, home / "p.mstudio"], data, lambda: shutil.rmtree(home / "p.mstudio"))
    for i, delay in enumerate(moments):
        project = home / f"p{i}.mstudio"
        code, err = _run(["import", small_course, project], data, delay, sig)
        _assert_clean_stop(code, err)
        assert leftovers(home) == [] and working_copies(data) == []
        if project.exists():  # after: complete
            assert _modules_of(project) == ["Choose the right ladder", "Set up a ladder"]
        else:
            assert code == 130


@pytest.mark.slow
def test_import_into_an_existing_project(small_course, tmp_path):
    data = tmp_path / "data"
    project = tmp_path / "p.mstudio"
    assert _run(["import", small_course, project], data)[0] == 0
    pristine = tmp_path / "pristine.mstudio"
    shutil.copytree(project, pristine)
    small_course.write_text(small_course.read_text().replace("Choose the right ladder", "Pick a ladder"))
    (small_course.parent / "media" / "ladder.png").write_bytes(
        (small_course.parent / "media" / "ladder.png").read_bytes() + b"\0")  # a new blob to copy in
    before = snapshot(pristine)

    def reset():
        shutil.rmtree(project)
        shutil.copytree(pristine, project)

    for delay in _moments(["import", small_course, project], data, reset):
        code, err = _run(["import", small_course, project], data, delay)
        _assert_clean_stop(code, err)
        assert leftovers(project) == [] and working_copies(data) == []
        titles = _modules_of(project)
        if titles[0] == "Pick a ladder":
            assert len(list((project / "media").iterdir())) == 5  # the new blob landed with the course
        else:  # before, byte for byte
            assert {k.replace("p.mstudio", "pristine.mstudio"): v for k, v in snapshot(project).items()} == before
        reset()


@pytest.mark.slow
def test_export_source_with_force(small_course, tmp_path):
    data = tmp_path / "data"
    project = tmp_path / "p.mstudio"
    assert _run(["import", small_course, project], data)[0] == 0
    target = tmp_path / "export"
    target.mkdir()
    (target / "notes.txt").write_text("an older export")
    before = snapshot(target)

    def reset():
        shutil.rmtree(target)
        target.mkdir()
        (target / "notes.txt").write_text("an older export")

    argv = ["export-source", project, target / "course.yaml", "--force"]
    for delay in _moments(argv, data, reset):
        code, err = _run(argv, data, delay)
        _assert_clean_stop(code, err)
        assert leftovers(tmp_path) == [] and working_copies(data) == []
        now = snapshot(target)
        if now != before:  # after: the whole new export and nothing of the old one
            assert "export/notes.txt" not in now
            assert {"export/course.yaml", "export/media/intro.mp4", "export/media/tip.mp3",
                    "export/media/ladder.png", "export/media/intro.vtt"} <= set(now)
        reset()


@pytest.mark.slow
def test_new_project(tmp_path):
    data = tmp_path / "data"
    home = tmp_path / "projects"
    home.mkdir()
    moments = _moments(["new", home / "p.mstudio", "--title", "T"], data, lambda: shutil.rmtree(home / "p.mstudio"))
    for i, delay in enumerate(moments):
        project = home / f"p{i}.mstudio"
        code, err = _run(["new", project, "--title", "T"], data, delay)
        _assert_clean_stop(code, err)
        assert leftovers(home) == [] and working_copies(data) == []
        assert not project.exists() or _modules_of(project) == []


@pytest.mark.slow
@pytest.mark.parametrize("sig", SIGNALS)
def test_trim_with_captions(small_course, tmp_path, sig):
    media = small_course.parent / "media"
    out_dir = tmp_path / "cut"
    out_dir.mkdir()
    argv = ["media", "trim", media / "intro.mp4", "--out", out_dir / "cut.mp4", "--start", "1.3", "--end", "4.7",
            "--captions", media / "intro.vtt", "--captions-out", out_dir / "cut.vtt"]
    originals = snapshot(media)
    for delay in _moments(argv, tmp_path / "data", lambda: [p.unlink() for p in out_dir.iterdir()]):
        code, err = _run(argv, tmp_path / "data", delay, sig)
        _assert_clean_stop(code, err)
        assert leftovers(out_dir) == []
        assert sorted(p.name for p in out_dir.iterdir()) in ([], ["cut.mp4", "cut.vtt"])
        assert snapshot(media) == originals
        for p in out_dir.iterdir():
            p.unlink()


def test_a_signal_during_start_up_is_one_line(tmp_path):
    """Stopped while Python is still importing the studio's modules. (The first ~50 ms are the
    interpreter's own start, before any code of ours can install a handler.)"""
    for delay in (0.1, 0.13, 0.16, 0.2, 0.25, 0.3):
        code, err = _run(["check", tmp_path / "none.yaml"], tmp_path / "data", delay)
        assert "Traceback" not in err
        assert code in (2, 130) or _stopped_before_our_code(code, err), err  # 2: it had started, found no file


def test_import_shows_progress_on_a_terminal(small_course, tmp_path):
    """The same one-line bar as `media trim`, on stderr when it is a terminal."""
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([*STUDIO, "import", str(small_course), str(tmp_path / "p.mstudio")],
                            env=_env(tmp_path / "data"), stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the command has finished
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert proc.wait(timeout=60) == 0
    text = shown.decode(errors="replace")
    assert "probing media/intro.mp4" in text and "copying media/intro.mp4" in text
    assert "100%" in text and "[" + "#" * 30 + "]" in text


@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_while_the_command_imports_its_modules_is_one_line_and_exit_130(sig):
    # The command's imports (before main() installs its handler) are covered too: as the
    # `studio` command, importing studio.cli puts a stop-at-once handler in place first.
    child = ("import os, signal, sys\n"
             "sys.argv[0] = '/usr/bin/studio'\n"
             "import studio.cli\n"
             f"assert signal.getsignal({int(sig)}) is studio.cli._stop_before_start\n"
             f"os.kill(os.getpid(), {int(sig)})\n"
             "import time; time.sleep(5)\n")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (130, "studio: cancelled\n")
