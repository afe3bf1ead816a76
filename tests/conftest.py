"""Session-wide test setup. Qt must run offscreen, set before any Qt import."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"

SMALL_COURSE = """\
format: microstudio/1
title: Ladder safety
language: en
reading_wpm: 200
budget_profiles:
  nano: {min: 0.1, max: 3, target: 0.2}
modules:
  - id: choose-ladder
    title: Choose the right ladder
    profile: nano
    objective: Choose a ladder that suits the task and the height
    introduces: [ladder-types]
    status: approved
    blocks:
      - type: video
        media: media/intro.mp4
        in: 1
        out: 5
        captions: media/intro.vtt
      - type: text
        markdown: |
          A ladder must reach **one metre** above the landing point.
      - type: image
        media: media/ladder.png
        alt: Three ladder types side by side
        seconds: 5
      - type: quiz
        pass_mark: 80
        questions:
          - kind: single
            prompt: Which ladder types suit a 3 m shelf?
            choices:
              - {text: A step ladder of 3 m, correct: true, feedback: It reaches the shelf.}
              - {text: A 1 m stool, feedback: Too short.}
  - id: set-up-ladder
    title: Set up a ladder
    profile: nano
    objective: Position a ladder at a safe angle of 75 degrees
    requires: [ladder-types]
    introduces: [ladder-angle]
    blocks:
      - type: audio
        media: media/tip.mp3
      - type: quiz
        questions:
          - kind: true_false
            prompt: The ladder angle should be 75 degrees.
            answer: true
paths:
  - id: ladders
    title: Ladders
    modules: [choose-ladder, set-up-ladder]
"""


def pytest_report_header(config):
    """Which ffmpeg the run uses (CI runs the suite with the system one and the bundled one)."""
    from studio.media.binaries import choose

    choice = choose()
    ffmpeg = f"{choice.ffmpeg.source} {choice.ffmpeg.label}" if choice.ffmpeg else choice.ffmpeg_problem
    ffprobe = choice.ffprobe.label if choice.ffprobe else "none (PyAV probes)"
    source = os.environ.get("STUDIO_FFMPEG_SOURCE", "auto")
    return f"ffmpeg: {ffmpeg}; ffprobe: {ffprobe}; STUDIO_FFMPEG_SOURCE={source}"


def ffmpeg(*args: str) -> None:
    from studio.media.binaries import ffmpeg_exe
    subprocess.run([ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Working copies and caches go to a temp folder, never the user's home."""
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path_factory.getbasetemp() / "studio-data"))
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "studio-cache"))


@pytest.fixture(scope="session")
def small_course_template(tmp_path_factory) -> Path:
    """A two-module course with real, tiny media (generated once per session)."""
    root = tmp_path_factory.mktemp("small-course")
    media = root / "media"
    media.mkdir()
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
           "-t", "6", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(media / "intro.mp4"))
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=330", "-t", "4", "-c:a", "libmp3lame", str(media / "tip.mp3"))
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", str(media / "ladder.png"))
    (media / "intro.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:04.000\nPick the ladder for the job.\n")
    (root / "course.yaml").write_text(SMALL_COURSE)
    return root


@pytest.fixture
def small_course(small_course_template, tmp_path) -> Path:
    """A private copy of the small course folder; returns its course.yaml."""
    target = tmp_path / "course"
    shutil.copytree(small_course_template, target)
    return target / "course.yaml"


@pytest.fixture
def small_project(small_course, tmp_path, capsys) -> Path:
    """The small course imported into a project (``Ladders.mstudio`` in tmp_path)."""
    from tests.cli import run
    folder = tmp_path / "Ladders.mstudio"
    assert run("import", small_course, folder, capsys=capsys)[0] == 0
    return folder
