"""`python -m bench`: run every benchmark module in this folder and print its table.

A benchmark is any ``bench/<name>.py`` with a ``run() -> dict``. The dict may hold a
``title``, ``columns`` and ``rows`` (printed as a table) and ``notes`` (lines printed under
it); everything it returns goes into ``bench/out/results.json`` under the module's name.
"""
from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"


def discover() -> list[str]:
    return sorted(path.stem for path in BENCH_DIR.glob("*.py") if not path.stem.startswith("_"))


def format_table(columns: list[str], rows: list[list]) -> str:
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(column), *(len(row[i]) for row in cells)) for i, column in enumerate(columns)]
    line = "  ".join(column.ljust(width) for column, width in zip(columns, widths))
    rule = "  ".join("-" * width for width in widths)
    body = ["  ".join(value.rjust(width) if i else value.ljust(width) for i, (value, width) in
                      enumerate(zip(row, widths))) for row in cells]
    return "\n".join([line, rule, *body])


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return "—" if value is None else str(value)


def main(names: list[str]) -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results_file = OUT_DIR / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    failed = 0
    for name in names or discover():
        module = importlib.import_module(f"bench.{name}")
        if not callable(getattr(module, "run", None)):
            continue
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        try:
            result = module.run()
        except Exception:  # one broken benchmark should not hide the others' numbers
            traceback.print_exc()
            failed += 1
            continue
        result.setdefault("bench_seconds", round(time.perf_counter() - started, 1))
        if result.get("title"):
            print(result["title"])
        if result.get("rows"):
            print(format_table(result["columns"], result["rows"]))
        for note in result.get("notes", []):
            print(note)
        print(flush=True)
        results[name] = result
        results_file.write_text(json.dumps(results, indent=2, default=str))
    print(f"results: {results_file}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
