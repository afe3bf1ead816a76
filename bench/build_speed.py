"""Build time against storing the same bytes in a zip, same run, on two courses.

- **example**: the bundled example course (1.8 MB of media): fixed costs dominate.
- **realistic**: a generated course of 8 modules with ~190 MB of 720p H.264/AAC video (ffmpeg
  lavfi testsrc2 + noise + sine), each with captions, text and a quiz. The clips are already
  phone-safe (H.264 8-bit 4:2:0 within 1280x720 and the delivery bitrate), so delivery
  stream-copies their picture. Made once and kept under ``$STUDIO_BENCH_DIR`` (default
  ``~/.cache/studio-bench``); a changed recipe makes a new folder.

The baseline is the floor any packager pays: the finished package's files, unpacked on disk,
written into a zip by Python's zipfile with the same compression choices (media stored, text
deflated): the same bytes as the build's zip. "warm" builds reuse the derivative and facts caches (the usual case: media
unchanged since the last build); "cold" starts with empty caches, so every delivery file is
made again. Target: warm ≤ 1.5× the baseline.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from studio.cli.app import run as studio
from studio.export.pages import player_weight

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "resources" / "example" / "course.yaml"

MODULES = 8
SECONDS = 100            # per clip: ~24 MB at ~1.9 Mbit/s video + 128 kbit/s audio
RECIPE = f"v1-{MODULES}x{SECONDS}s-720p"
# Warm builds and baseline zips, alternated; the best of each counts. The example's take
# ~10-20 ms, where a burst of other work on the machine weighs most: more rounds there.
ROUNDS = {"example": 15, "realistic": 5}


def bench_dir() -> Path:
    return Path(os.environ.get("STUDIO_BENCH_DIR") or Path.home() / ".cache" / "studio-bench")


def _clip(target: Path, index: int) -> None:
    tmp = target.with_name(f".{target.name}.part.mp4")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={SECONDS}",
         "-f", "lavfi", "-i", f"sine=frequency={330 + 40 * index}:sample_rate=48000:duration={SECONDS}",
         # noise keeps x264 at its bitrate (testsrc2 alone compresses to almost nothing)
         "-vf", "noise=alls=12:allf=t", "-c:v", "libx264", "-preset", "ultrafast",
         "-b:v", "1800k", "-maxrate", "2000k", "-bufsize", "4000k", "-pix_fmt", "yuv420p", "-g", "50",
         "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", str(tmp)], check=True)
    tmp.replace(target)


def _captions(seconds: int, index: int) -> str:
    cues = [f"{n + 1}\n00:{t // 60:02d}:{t % 60:02d}.000 --> 00:{(t + 4) // 60:02d}:{(t + 4) % 60:02d}.000\n"
            f"Module {index + 1}, part {n + 1}: keep the load close to your waist.\n"
            for n, t in enumerate(range(1, seconds - 5, 6))]
    return "WEBVTT\n\n" + "\n".join(cues)


def _module_yaml(index: int) -> str:
    mid = f"part-{index + 1}"
    return f"""
  - id: {mid}
    title: Handling part {index + 1}
    profile: short
    objective: Identify the safe grip for load type {index + 1}
    status: approved
    blocks:
      - type: video
        media: media/{mid}.mp4
        captions: media/{mid}.vtt
      - type: text
        markdown: |
          ### Grip {index + 1}

          - **Close**: keep the load at your waist.
          - **Firm**: a full-hand grip, not the fingertips.
      - type: quiz
        pass_mark: 80
        attempts: 2
        questions:
          - kind: single
            prompt: Where should the load be while you carry it?
            choices:
              - text: Close to your waist
                correct: true
                feedback: Right.
              - text: At arm's length
                feedback: That puts five times the stress on your back.
          - kind: true_false
            prompt: A fingertip grip is enough for a heavy box.
            answer: false
"""


def realistic_course() -> Path:
    """The generated course's course.yaml, made on first use (a few minutes of encoding)."""
    folder = bench_dir() / f"realistic-{RECIPE}"
    course = folder / "course.yaml"
    if course.is_file():
        return course
    media = folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    for index in range(MODULES):
        clip = media / f"part-{index + 1}.mp4"
        if not clip.is_file():
            print(f"  generating {clip} ({SECONDS} s of 720p video)", flush=True)
            _clip(clip, index)
        (media / f"part-{index + 1}.vtt").write_text(_captions(SECONDS, index), encoding="utf-8")
    text = ("format: microstudio/1\ntitle: Bench realistic course\nlanguage: en\n"
            "budget_profiles:\n  short: {min: 1, max: 4, target: 2}\nmodules:"
            + "".join(_module_yaml(i) for i in range(MODULES))
            + "paths:\n  - id: all\n    title: Every part\n    modules: ["
            + ", ".join(f"part-{i + 1}" for i in range(MODULES)) + "]\n")
    tmp = course.with_name(".course.yaml.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(course)
    return course


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _build(course: Path, out: Path, fmt: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    code = studio(["build", str(course), "--format", fmt, "--out", str(out), "--force"])
    if code != 0:
        raise RuntimeError(f"studio build exited {code}")


def _store_files(folder: Path, target: Path) -> None:
    """The baseline: Python's zipfile writes the files as they are, with the same compression
    choices. (The build's own writer makes the same bytes but reuses what it deflated and the
    CRC-32s it computed in earlier builds: timing it here would time that memo, not a zip.)"""
    from studio.export.package import write_zip_with_zipfile
    write_zip_with_zipfile(target, {p.relative_to(folder).as_posix(): p
                                    for p in sorted(folder.rglob("*")) if p.is_file()})


def _cli_build(course: Path, out: Path, fmt: str) -> None:
    """The build as a user runs it: a new process, imports, schema compilation and all."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", "import sys; from studio.cli import entry; sys.exit(entry())",
                    "build", str(course), "--format", fmt, "--out", str(out), "--force"],
                   check=True, stdout=subprocess.DEVNULL)


def _rows(name: str, course: Path, tmp: Path, cache: Path) -> list[list]:
    rows = []
    shutil.rmtree(cache, ignore_errors=True)   # cold: no derivative, no remembered facts or hashes
    os.environ["STUDIO_CACHE_DIR"] = str(cache)
    for fmt in ("scorm12", "html5"):
        cold = _timed(lambda: _build(course, tmp / f"{name}-cold-{fmt}", fmt)) if fmt == "scorm12" else None
        _build(course, tmp / f"{name}-warm-{fmt}", fmt)
        package = next((tmp / f"{name}-warm-{fmt}").glob("*.zip"))
        # the baseline reads the files unpacked, as the build's inputs are files on disk
        unpacked = tmp / f"{name}-unpacked-{fmt}"
        with zipfile.ZipFile(package) as archive:
            archive.extractall(unpacked)
        # Build and baseline alternate, so a burst of other work on the machine hits both alike;
        # both write new files (a zip renamed over an old one costs more on ext4: see "over old").
        warm, baseline, over = [], [], []
        for i in range(ROUNDS[name]):
            warm.append(_timed(lambda: _build(course, tmp / f"{name}-warm-{fmt}-{i}", fmt)))
            target = tmp / f"{name}-baseline-{fmt}-{i}.zip"
            baseline.append(_timed(lambda: _store_files(unpacked, target)))
            over.append(_timed(lambda: _build(course, tmp / f"{name}-warm-{fmt}", fmt)))
            shutil.rmtree(tmp / f"{name}-warm-{fmt}-{i}")
            target.unlink()
        warm, baseline, over = min(warm), min(baseline), min(over)
        process = min(_timed(lambda: _cli_build(course, tmp / f"{name}-warm-{fmt}", fmt)) for _ in range(2))
        rows.append([name, fmt, round(package.stat().st_size / 1e6, 1), cold and round(cold, 2), round(warm, 3),
                     round(baseline, 3), round(warm / baseline, 2), round(over, 3), round(process, 2)])
        shutil.rmtree(unpacked, ignore_errors=True)
        shutil.rmtree(tmp / f"{name}-cold-{fmt}", ignore_errors=True)
    return rows


def run() -> dict:
    realistic = realistic_course()
    before = os.environ.get("STUDIO_CACHE_DIR")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            rows = _rows("example", EXAMPLE, tmp, tmp / "cache-example")
            rows += _rows("realistic", realistic, tmp, tmp / "cache-realistic")
    finally:
        if before is None:
            os.environ.pop("STUDIO_CACHE_DIR", None)
        else:
            os.environ["STUDIO_CACHE_DIR"] = before
    weight = player_weight("scorm12.js")  # what the build ships, adapter parts included
    rounds = " and ".join(f"{n} ({course})" for course, n in ROUNDS.items())
    notes = [f"player weight (JS+CSS, SCORM 1.2 adapter): {weight} bytes (budget 51200, aim 30720)",
             f"warm = best of {rounds} in-process builds with the derivative and facts caches filled; baseline = "
             f"as many zipfile writes of the package's own files (unpacked; the same bytes as the build's zip), "
             "alternated with the builds; "
             "the warm build includes loading the YAML, media facts, `check`, "
             "delivery decisions, rendering pages and the self-test (schema validation); its zip writer "
             "reuses the deflated text and the media's CRC-32s of earlier builds (by bytes and stat identity) "
             "but still reads and writes every byte",
             "warm and zip only write new files; warm s, over old zip = the same build with --force onto the "
             "zip of the previous build (renaming over an existing file makes ext4 flush the new one's data);",
             "cold = first build with empty caches (scorm12 only; html5 then reuses the delivered media); "
             "warm s, new process = best of 2 `studio build` processes onto the previous zip (imports, ffmpeg "
             "version checks and "
             "schema compilation included, which a long-lived process such as the desktop app pays once)",
             f"realistic course: {realistic.parent}"]
    return {"title": "studio build vs zipping the same bytes (example course, generated realistic course)",
            "columns": ["course", "format", "zip MB", "cold s", "warm s", "zip only s", "warm / zip",
                        "warm s, over old zip", "warm s, new process"],
            "rows": rows, "notes": notes}


if __name__ == "__main__":
    print(run())
