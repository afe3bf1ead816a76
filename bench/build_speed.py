"""Build time of the example course against storing the same bytes in a zip, same run.

The baseline is the floor any packager pays: the finished package's files written into a
zip with Python's zipfile (same compression choices). "warm" builds reuse the derivative
cache (the usual case: media unchanged since the last build); "cold" starts with an empty
cache, so trims are re-encoded. Target: warm ≤ 1.5× the baseline.
"""
from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path

from studio.cli.app import run as studio
from studio.export.pages import player_weight

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "resources" / "example" / "course.yaml"


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _build(out: Path, fmt: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    code = studio(["build", str(COURSE), "--format", fmt, "--out", str(out), "--force"])
    if code != 0:
        raise RuntimeError(f"studio build exited {code}")


def _store_same_bytes(package: Path, target: Path) -> None:
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename), compress_type=info.compress_type, compresslevel=9)


def run() -> dict:
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["STUDIO_CACHE_DIR"] = str(tmp / "cache")
        for fmt in ("scorm12", "html5"):
            cold = _timed(lambda: _build(tmp / f"cold-{fmt}", fmt))
            warm = min(_timed(lambda: _build(tmp / f"warm-{fmt}", fmt)) for _ in range(3))
            package = next((tmp / f"warm-{fmt}").glob("*.zip"))
            # the baseline reads the files unpacked, as the build's inputs are files on disk
            unpacked = tmp / f"unpacked-{fmt}"
            with zipfile.ZipFile(package) as archive:
                archive.extractall(unpacked)
            baseline = min(_timed(lambda: _store_files(unpacked, tmp / f"baseline-{fmt}.zip")) for _ in range(3))
            rows.append([fmt, round(package.stat().st_size / 1e6, 2), round(cold, 2), round(warm, 2),
                         round(baseline, 3), round(warm / baseline, 1)])
        weight = player_weight("scorm12.js")  # what the build ships, adapter parts included
        notes.append(f"player weight (JS+CSS, SCORM 1.2 adapter): {weight} bytes (budget 51200, aim 30720)")
        notes.append("warm = best of 3 with the derivative cache filled; baseline = best of 3 zip writes of the "
                     "package's own files; the warm build includes loading the YAML, probing media, `check`, "
                     "rendering pages and the self-test (schema validation)")
    return {"title": "studio build on the example course vs zipping the same bytes",
            "columns": ["format", "zip MB", "cold s", "warm s", "zip only s", "warm / zip"],
            "rows": rows, "notes": notes}


def _store_files(folder: Path, target: Path) -> None:
    from studio.export.package import write_zip
    write_zip(target, {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()})


if __name__ == "__main__":
    print(run())
