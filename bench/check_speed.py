"""`studio check --json` on a generated catalogue against a C-accelerated YAML load, same run.

The course: 1,000 modules in 20 paths of 50 (about 2.6 MB of YAML), each module with an
objective, concepts introduced and required, a video, text, an image, a quiz of five
questions of every kind, a summary card and a survey — what a real catalogue holds. The
media files do not exist (``check`` reports them missing), so no probe runs and the
number is the reader and the rules.

Measured: the whole ``studio check --json`` process (a subprocess, wall time, so start-up
and imports count) against ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same file
in this process (best of 3 each). Target: check ≤ 2× the load.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

MODULES, PATHS = 1000, 20
TARGET_RATIO = 2.0

VERBS = ["Apply", "Identify", "Describe", "Compare", "Calculate", "Demonstrate", "Classify", "Explain",
         "Evaluate", "Design", "Select", "Prepare", "Inspect", "Diagnose", "Plan", "Assess", "Operate"]
THINGS = ["the lockout procedure", "a pallet jack", "the fire exits", "a chemical label", "the first-aid kit",
          "a forklift pre-use check", "the loading dock", "a hazard report", "the spill kit", "a ladder",
          "the emergency stop", "a racking inspection", "a manual handling plan", "the PPE matrix",
          "a near-miss report", "the shift handover", "a risk assessment", "the evacuation map"]
CONTEXTS = ["on a busy shift", "for a new starter", "in a cold store", "at night", "during a stock count",
            "with a visitor on site", "after an incident", "before a delivery", "in the goods-in area"]
WORDS = ("keep load close body grip plan route check floor clear signal driver wait stop look "
         "report supervisor label store seal glove boot vest rack aisle pallet wrap strap").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(modules: int = MODULES, paths: int = PATHS, seed: int = 7) -> str:
    """A course source of ``modules`` modules in ``paths`` paths, deterministic for a seed."""
    rng = random.Random(seed)
    out = ["format: microstudio/1", "title: Generated warehouse catalogue", "language: en", "modules:"]
    per_path = modules // paths
    combos = [(v, t, c) for v in VERBS for t in THINGS for c in CONTEXTS]
    for i in range(modules):
        k = i % per_path
        if k == 0:
            chosen = rng.sample(combos, per_path)  # objectives differ within a path, topics recur
        objective = " ".join(chosen[k])
        requires = f"[concept-{i - 1}]" if k else "[]"
        if k > 5 and rng.random() < 0.3:
            requires = f"[concept-{i - 1}, concept-{i - rng.randint(2, 5)}]"
        out += [
            f"  - id: module-{i}",
            f"    title: Module {i} — {rng.choice(THINGS)}",
            "    profile: micro",
            f"    objective: {objective}",
            f"    introduces: [concept-{i}]",
            f"    requires: {requires}",
            "    status: draft",
            "    blocks:",
            f"      - type: video",
            f"        media: media/clip-{i}.mp4",
            f"        in: {rng.randint(0, 9)}",
            f"        out: \"00:0{rng.randint(3, 6)}:{rng.randint(10, 59)}\"",
            f"        captions: media/clip-{i}.vtt",
            "      - type: text",
            "        markdown: |",
            *(f"          {_sentence(rng, 14)}" for _ in range(6)),
            "      - type: image",
            f"        media: media/figure-{i}.png",
            f"        alt: {_sentence(rng, 8)}",
            "        seconds: 20",
            "      - type: quiz",
            "        pass_mark: 80",
            "        attempts: 2",
            "        questions:",
            "          - kind: single",
            f"            prompt: Which step comes first for concept {i}?",
            "            choices:",
            f"              - {{text: {_sentence(rng, 4)}, correct: true, feedback: {_sentence(rng, 5)}}}",
            f"              - {{text: {_sentence(rng, 4)}, feedback: {_sentence(rng, 5)}}}",
            f"              - {{text: {_sentence(rng, 4)}}}",
            "          - kind: multiple",
            f"            prompt: Which signs apply to concept {i}?",
            "            choices:",
            f"              - {{text: {_sentence(rng, 4)}, correct: true}}",
            f"              - {{text: {_sentence(rng, 4)}, correct: true}}",
            f"              - {{text: {_sentence(rng, 4)}, feedback: {_sentence(rng, 5)}}}",
            "          - kind: true_false",
            f"            prompt: {_sentence(rng, 8)}",
            f"            answer: {rng.choice(['true', 'false'])}",
            "          - kind: fill_blank",
            f"            prompt: Keep the load ____ to your body ({i}).",
            "            answers: [close, near]",
            "          - kind: ordering",
            "            prompt: Put the steps in order.",
            "            items: [Plan, Position feet, Bend knees, Grip, Lift]",
            "      - type: summary_card",
            f"        title: Concept {i} in five points",
            f"        points: [{', '.join(_sentence(rng, 3).rstrip('.') for _ in range(5))}]",
            "      - type: survey",
            "        items:",
            "          - {likert: The module was useful for my job}",
            "          - {text: What would you change?}",
        ]
    out.append("paths:")
    for p in range(paths):
        ids = [f"module-{i}" for i in range(p * per_path, (p + 1) * per_path)]
        if p % 4 == 1:  # a few paths out of order, so the suggested order is computed
            ids[3], ids[9] = ids[9], ids[3]
        out += [f"  - id: path-{p}", f"    title: Path {p}", f"    modules: [{', '.join(ids)}]",
                "    entry_concepts: []", "    release: {start: 2027-01-04, every_days: 7}",
                "    reviews: [1, 3, 7, 21]"]
    return "\n".join(out) + "\n"


def _best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def _check(course: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "studio", "check", str(course), "--json"],
                          capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"studio check exited {done.returncode}: {done.stderr.strip()}")
    report = json.loads(done.stdout)
    if len(report["modules"]) != MODULES or len(report["paths"]) != PATHS:
        raise RuntimeError("studio check did not report every module and path")


def run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "catalogue.yaml"
        text = generate()
        course.write_text(text, encoding="utf-8")
        load_s = _best(lambda: yaml.load(course.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
        check_s = _best(lambda: _check(course))
    ratio = check_s / load_s
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    return {"title": f"studio check --json on {MODULES} modules / {PATHS} paths vs a CSafeLoader load",
            "columns": ["YAML MB", "CSafeLoader s", "check s", "check / load"],
            "rows": [[round(len(text.encode()) / 1e6, 2), round(load_s, 2), round(check_s, 2), round(ratio, 2)]],
            "notes": [f"target ≤ {TARGET_RATIO:g}×: {verdict}; best of 3 each; check is the whole process "
                      "(start-up, imports, reading, rules, JSON)"],
            "ratio": round(ratio, 2)}


if __name__ == "__main__":
    print(run())
