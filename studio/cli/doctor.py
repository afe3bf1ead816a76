"""``studio doctor``: what the studio will use on this machine, and why.

Exit 0 when everything the studio needs is there, 2 otherwise, each missing piece named with
how to get it. Optional pieces (a browser for previews) are reported, never fatal. Qt's
platform plugins are listed from the installed PySide6 folder: this package must not
import Qt (the import-linter contract), and listing files is all that is needed.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

from studio.media import binaries
from studio.media.cache import default_cache_dir
from studio.project.paths import data_dir

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge",
            "brave-browser")


def register(subparsers) -> None:
    p = subparsers.add_parser("doctor", help="what the studio will use (ffmpeg, PyAV, Qt, folders) and why")
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.set_defaults(run=cmd_doctor)


def cmd_doctor(args) -> int:
    report = gather()
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render(report))
    return 0 if report["ok"] else 2


def gather() -> dict:
    choice = binaries.choose()
    checks = {
        "ffmpeg": _ffmpeg(choice),
        "ffprobe": _ffprobe(choice),
        "pyav": _pyav(),
        "qt_platforms": _qt_platforms(),
        "browser": _browser(),
        "working_copies": _folder(data_dir(), "STUDIO_DATA_DIR"),
        "media_cache": _folder(default_cache_dir(), "STUDIO_CACHE_DIR"),
    }
    missing = [f"{name}: {check['problem']}" for name, check in checks.items() if check.get("problem")]
    return {"ok": not missing, "missing": missing, "minimum_ffmpeg": ".".join(map(str, binaries.MIN_FFMPEG)),
            **checks}


def _tool(tool: binaries.Tool) -> dict:
    return {"path": tool.path, "version": tool.version_text,
            "version_as": ".".join(map(str, tool.version or ())), "source": tool.source}


def _ffmpeg(choice: binaries.Choice) -> dict:
    why = {"STUDIO_FFMPEG": "set by STUDIO_FFMPEG", "system": "found on PATH",
           "bundled": "the binary shipped with the imageio-ffmpeg package"}
    try:
        preference = binaries.source_preference()
    except Exception as error:   # a bad STUDIO_FFMPEG_SOURCE is already ffmpeg's problem
        preference = str(error)
    if choice.ffmpeg is None:
        return {"problem": choice.ffmpeg_problem, "passed_over": list(choice.notes), "preference": preference}
    reason = why[choice.ffmpeg.source] + (f", as STUDIO_FFMPEG_SOURCE={preference} asks"
                                          if preference in ("system", "bundled") else "")
    return {**_tool(choice.ffmpeg), "why": reason, "passed_over": list(choice.notes),
            "preference": preference}


def _ffprobe(choice: binaries.Choice) -> dict:
    if choice.ffprobe_problem:
        return {"problem": choice.ffprobe_problem}
    if choice.ffprobe is None:
        return {"path": None, "why": "none where the ffmpeg in use came from (the bundled one has none); PyAV probes"}
    return {**_tool(choice.ffprobe), "why": "from the same place as ffmpeg"}


def _pyav() -> dict:
    try:
        import av
    except Exception as error:   # a broken wheel raises more than ImportError
        return {"problem": f"PyAV cannot be imported ({error}): pip install av"}
    libav = av.library_versions.get("libavformat", ())
    return {"version": av.__version__, "libavformat": ".".join(map(str, libav))}


def _qt_platforms() -> dict:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return {"problem": "PySide6 is not installed: pip install PySide6-Essentials"}
    root = Path(next(iter(spec.submodule_search_locations)))
    folders = [root / "Qt" / "plugins" / "platforms", root / "plugins" / "platforms"]  # Linux/macOS, Windows
    folder = next((f for f in folders if f.is_dir()), None)
    plugins = sorted(_plugin_name(p.name) for p in folder.iterdir() if p.is_file()) if folder else []
    result = {"folder": str(folder or folders[0]), "plugins": plugins,
              "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM")}
    if not plugins:
        result["problem"] = f"no Qt platform plugins in {folders[0]}: pip install --force-reinstall PySide6-Essentials"
    return result


def _plugin_name(file_name: str) -> str:
    """libqxcb.so, libqcocoa.dylib, qwindows.dll -> xcb, cocoa, windows."""
    stem = file_name.split(".")[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return stem[1:] if stem.startswith("q") else stem


def _browser() -> dict:
    explicit = os.environ.get("STUDIO_CHROMIUM")
    if explicit:
        return {"path": explicit, "why": "set by STUDIO_CHROMIUM", "found": Path(explicit).is_file()}
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return {"path": path, "why": "found on PATH", "found": True}
    return {"path": None, "found": False,
            "note": "no browser for previews (optional): apt install chromium, or set STUDIO_CHROMIUM"}


def _folder(path: Path, variable: str) -> dict:
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    writable = existing is not None and existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)
    result = {"path": str(path), "exists": path.is_dir(), "writable": writable,
              "why": f"set by {variable}" if os.environ.get(variable) else "the platform's default"}
    if not writable:
        result["problem"] = f"{path} cannot be written: fix its permissions or set {variable} to a writable folder"
    return result


def render(report: dict) -> str:
    lines = []
    ffmpeg = report["ffmpeg"]
    for passed in ffmpeg.get("passed_over", []):
        lines.append(f"  passed over: {passed}")
    lines.insert(0, _line("ffmpeg", ffmpeg, lambda c: f"{c['path']}  {c['version']}  ({c['why']})"))
    lines.append(_line("ffprobe", report["ffprobe"],
                       lambda c: f"{c['path']}  {c['version']}  ({c['why']})" if c["path"] else c["why"]))
    lines.append(_line("PyAV", report["pyav"], lambda c: f"{c['version']}  (libavformat {c['libavformat']})"))
    lines.append(_line("Qt platforms", report["qt_platforms"], lambda c: f"{', '.join(c['plugins'])}  ({c['folder']})"))
    browser = report["browser"]
    lines.append(f"{'browser':<15}" + (f"{browser['path']}  ({browser['why']})" if browser.get("found")
                                       else browser.get("note") or f"{browser['path']} not found"))
    for key, title in (("working_copies", "working copies"), ("media_cache", "media cache")):
        lines.append(_line(title, report[key], lambda c: f"{c['path']}  (writable, {c['why']})"))
    lines.append(f"minimum ffmpeg: {report['minimum_ffmpeg']}")
    lines.append("ok: everything the studio needs is here" if report["ok"]
                 else "missing:\n" + "\n".join(f"  {item}" for item in report["missing"]))
    return "\n".join(lines)


def _line(title: str, check: dict, describe) -> str:
    return f"{title:<15}" + (f"MISSING: {check['problem']}" if check.get("problem") else describe(check))
