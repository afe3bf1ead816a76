"""`studio gui`: help, bad input refused before Qt starts, `studio` alone opens the window."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.resources import example_course
from tests.cli import run

STUDIO = Path(sys.executable).with_name("studio")


def test_gui_help():
    result = subprocess.run([STUDIO, "gui", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "PROJECT_OR_SOURCE" in result.stdout and "example course" in result.stdout


def test_gui_refuses_a_bad_course_with_one_line(tmp_path, capsys):
    bad = tmp_path / "BAD.yaml"
    bad.write_text("format: microstudio/1\ntitle: Broken\nmodules:\n  - id: one\n    title: [unclosed\n")
    code, out, err = run("gui", bad, capsys=capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("studio: error: ") and "BAD.yaml" in err and "line" in err


def test_gui_refuses_a_missing_path(tmp_path, capsys):
    code, _, err = run("gui", tmp_path / "Nope.mstudio", capsys=capsys)
    assert code == 2 and "no such file or folder" in err and len(err.strip().splitlines()) == 1


def test_no_command_opens_the_window_on_the_example(monkeypatch, capsys):
    import studio.ui.app
    opened = []
    monkeypatch.setattr(studio.ui.app, "run_gui", lambda location: opened.append(location) or 0)
    assert run(capsys=capsys)[0] == 0
    assert run("gui", example_course(), capsys=capsys)[0] == 0
    assert opened == [None, example_course()]


def test_no_display_is_one_line(monkeypatch, capsys):
    if sys.platform != "linux":
        pytest.skip("the display check is for Linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run("gui", capsys=capsys)
    assert code == 2 and "no display" in err


@pytest.mark.slow
def test_the_real_window_starts_and_a_signal_quits_it(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    process = subprocess.Popen([STUDIO, "gui"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_the_window(process)
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert (tmp_path / "config" / "Micro-module Studio" / "studio.ini").exists()   # geometry saved on quit


def _wait_for_the_window(process, timeout: float = 60.0) -> None:
    """A real process under load may take many seconds to start: wait until it has loaded
    QtSvg (the window's icons, drawn as it is built, just before the signal handlers go in),
    then give it two more seconds to open the example."""
    maps = Path(f"/proc/{process.pid}/maps")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if "Qt6Svg" in maps.read_text(errors="replace"):
                break
        except OSError:
            break                       # no /proc here: fall back to the pause below
        time.sleep(0.2)
    time.sleep(2)
