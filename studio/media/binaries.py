"""Which ffmpeg and ffprobe the studio runs, and why (README, "ffmpeg").

Every media command needs ffmpeg >= MIN_FFMPEG (5.1, Debian 12's): the oldest release the
whole media suite was run against. 4.2 lacks the ``segment`` filters and ``-stats_period``;
4.4 could not be verified here, so it is not claimed. Candidates, in order:

1. ``STUDIO_FFMPEG``: used as given, or refused (MediaError) when it cannot run, is older
   than the minimum or does not say its version: the user asked for that binary.
2. the system's ``ffmpeg`` on PATH: passed over, with a one-line note, when it is too old.
3. the one bundled with the ``imageio-ffmpeg`` wheel.

``STUDIO_FFMPEG_SOURCE=system|bundled`` keeps only one of 2 and 3 (CI runs the suite both
ways with Debian's ffmpeg installed); ``auto`` (the default) tries both.

ffprobe comes from where ffmpeg came from, never mixed with another build: ``STUDIO_FFPROBE``
if set; the ffprobe beside ``STUDIO_FFMPEG``; PATH's ffprobe only when PATH's ffmpeg is the one
used. The wheel has no ffprobe, so with the bundled ffmpeg probing uses PyAV.

Versions: "5.1.9-0+deb12u1", "n9.0.2-17-g…", "4.4.2-0ubuntu0.22.04.1" read as release numbers.
A git build ("N-12345-g…") is dated by its libavutil version: it counts as the newest release
whose libavutil it has reached, a safe lower bound. A binary that says neither is unreadable.
"""
from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from studio.errors import MediaError

MIN_FFMPEG = (5, 1)
# ``-/option file`` (an option's value read from a file) exists from 7.0, which deprecated
# ``-filter_complex_script``; 9.0 no longer has it (both checked against real binaries).
SLASH_OPTIONS = (7, 0)
SOURCES = ("auto", "system", "bundled")
GET_FFMPEG = "install ffmpeg >= 5.1 (e.g. `apt install ffmpeg`) or `pip install -U imageio-ffmpeg`"

# (libavutil major, minor) of each release: how a git build is dated.
_LIBAVUTIL = [((56, 70), (4, 4)), ((57, 17), (5, 0)), ((57, 28), (5, 1)), ((58, 2), (6, 0)),
              ((58, 29), (6, 1)), ((59, 8), (7, 0)), ((59, 39), (7, 1)), ((60, 8), (8, 0)),
              ((61, 1), (9, 0))]


@dataclass(frozen=True)
class Tool:
    name: str                         # "ffmpeg" or "ffprobe"
    path: str
    source: str                       # "STUDIO_FFMPEG", "STUDIO_FFPROBE", "system", "bundled"
    version: tuple[int, ...] | None   # None: the binary did not say
    version_text: str                 # as printed: "5.1.9-0+deb12u1"

    @property
    def label(self) -> str:
        return f"{self.name} {self.version_text or '(unknown version)'} ({self.path})"

    def at_least(self, version: tuple[int, ...]) -> bool:
        return self.version is not None and self.version >= version


@dataclass(frozen=True)
class Choice:
    ffmpeg: Tool | None
    ffprobe: Tool | None              # None: probing uses PyAV
    ffmpeg_problem: str | None = None  # why there is no ffmpeg, and how to get one
    ffprobe_problem: str | None = None
    notes: tuple[str, ...] = ()       # candidates passed over, and why


def parse_version(output: str) -> tuple[tuple[int, ...] | None, str]:
    """(version, version text) from ``-version`` output; version None when unreadable."""
    match = re.search(r"^\S+ version (\S+)", output, re.MULTILINE)
    text = match.group(1) if match else ""
    release = re.match(r"n?(\d+)\.(\d+)(?:\.(\d+))?(?![\d.])", text)
    if release:
        return tuple(int(part or 0) for part in release.groups()), text
    avutil = re.search(r"^\s*libavutil\s+(\d+)\.\s*(\d+)\.", output, re.MULTILINE)
    if avutil:
        reached = [rel for lib, rel in _LIBAVUTIL if lib <= (int(avutil.group(1)), int(avutil.group(2)))]
        if reached:
            return (*reached[-1], 0), text
    return None, text


# A compiled ffmpeg's -version output is remembered while the file is unchanged (two
# subprocesses saved on every command). Scripts — wrappers, whose answer depends on what
# they call — are always run.
_EXECUTABLE_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")


def inspect(name: str, path: str, source: str) -> Tool:
    """Read ``path -version``; MediaError when it cannot run at all."""
    version, text = parse_version(_version_output(name, path, source))
    return Tool(name, path, source, version, text)


def _compiled(path: str) -> bool:
    try:
        with open(path, "rb") as head:
            return head.read(4).startswith(_EXECUTABLE_MAGIC)
    except OSError:
        return False


def _version_output(name: str, path: str, source: str) -> str:
    def run(_real=None) -> str:
        try:
            done = subprocess.run([path, "-hide_banner", "-version"], capture_output=True, text=True,
                                  errors="replace", timeout=20)
        except (OSError, subprocess.SubprocessError) as exc:
            why = getattr(exc, "strerror", None) or exc
            raise MediaError(f"cannot run {name} ({path}, from {source}): {why}") from None
        return done.stdout

    if not _compiled(path):
        return run()
    from studio.media.cache import default_cache_dir
    from studio.statcache import StatCache
    try:
        with StatCache(default_cache_dir() / "tools.sqlite3", "version_output_v1") as cache:
            return cache.value(Path(path), run)[0]
    except OSError:
        return run()


# Releases that run every command but get a result wrong, by (major, minor).
KNOWN_BAD = {(7, 0): "its segment filter loses frames at cuts (pictures fall behind the sound; seen with 7.0.2)"}


def too_old(tool: Tool) -> str | None:
    """Why ``tool`` cannot be used, or None."""
    minimum = ".".join(map(str, MIN_FFMPEG))
    if tool.version is None:
        return f"{tool.label} does not say which version it is; the studio needs {tool.name} >= {minimum}"
    if not tool.at_least(MIN_FFMPEG):
        return f"{tool.label} is older than {minimum}, the oldest the studio supports"
    if tool.name == "ffmpeg" and tool.version[:2] in KNOWN_BAD:
        return f"{tool.label} cannot be used: {KNOWN_BAD[tool.version[:2]]}"
    return None


def bundled_path() -> str | None:
    """The imageio-ffmpeg wheel's own binary, found without its PATH fallback."""
    spec = importlib.util.find_spec("imageio_ffmpeg")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "binaries"
    found = sorted(p for p in folder.glob("ffmpeg*") if p.is_file() and os.access(p, os.X_OK))
    return str(found[-1]) if found else None


def source_preference() -> str:
    value = (os.environ.get("STUDIO_FFMPEG_SOURCE") or "auto").strip().lower()
    if value not in SOURCES:
        raise MediaError(f"STUDIO_FFMPEG_SOURCE is '{value}'; expected one of {', '.join(SOURCES)}")
    return value


def choose() -> Choice:
    """What the studio will run, computed once per environment; never raises for a missing ffmpeg."""
    names = ("STUDIO_FFMPEG", "STUDIO_FFPROBE", "STUDIO_FFMPEG_SOURCE", "PATH")
    return _choose(tuple(os.environ.get(name) for name in names))


@functools.lru_cache(maxsize=8)
def _choose(_environment: tuple) -> Choice:
    ffmpeg, ffmpeg_problem, notes = _choose_ffmpeg()
    try:
        ffprobe = _choose_ffprobe(ffmpeg)
        ffprobe_problem = None
    except MediaError as error:
        ffprobe, ffprobe_problem = None, error.message
    return Choice(ffmpeg, ffprobe, ffmpeg_problem, ffprobe_problem, tuple(notes))


def _choose_ffmpeg() -> tuple[Tool | None, str | None, list[str]]:
    explicit = os.environ.get("STUDIO_FFMPEG")
    try:
        if explicit:
            tool = inspect("ffmpeg", explicit, "STUDIO_FFMPEG")
            refused = too_old(tool)
            return (None, f"{refused}: {GET_FFMPEG}, or unset STUDIO_FFMPEG", []) if refused else (tool, None, [])
        preference = source_preference()
    except MediaError as error:
        fix = f"{GET_FFMPEG}, or unset STUDIO_FFMPEG" if explicit else GET_FFMPEG
        return None, f"{error.message}: {fix}", []
    notes: list[str] = []
    candidates = []
    if preference in ("auto", "system") and shutil.which("ffmpeg"):
        candidates.append((shutil.which("ffmpeg"), "system"))
    if preference in ("auto", "bundled") and bundled_path():
        candidates.append((bundled_path(), "bundled"))
    for path, source in candidates:
        try:
            tool = inspect("ffmpeg", path, source)
        except MediaError as error:
            notes.append(error.message)
            continue
        refused = too_old(tool)
        if refused is None:
            return tool, None, notes
        notes.append(f"{source} {refused}")
    where = {"auto": "on PATH or bundled", "system": "on PATH", "bundled": "bundled"}[preference]
    problem = f"no usable ffmpeg {where}" + (f" ({'; '.join(notes)})" if notes else "")
    return None, f"{problem}: {GET_FFMPEG}", []


def _choose_ffprobe(ffmpeg: Tool | None) -> Tool | None:
    explicit = os.environ.get("STUDIO_FFPROBE")
    if explicit:
        tool = inspect("ffprobe", explicit, "STUDIO_FFPROBE")
    elif os.environ.get("STUDIO_FFMPEG"):
        beside = Path(os.environ["STUDIO_FFMPEG"]).with_name("ffprobe" + (".exe" if sys.platform == "win32" else ""))
        if not beside.is_file():
            return None
        tool = inspect("ffprobe", str(beside), "STUDIO_FFMPEG")
    elif ffmpeg is not None and ffmpeg.source == "system" and shutil.which("ffprobe"):
        tool = inspect("ffprobe", shutil.which("ffprobe"), "system")
    else:
        return None
    refused = too_old(tool)
    if refused is None:
        return tool
    if explicit:
        raise MediaError(f"{refused}: install a newer one or unset STUDIO_FFPROBE (PyAV then probes)")
    return None   # an old ffprobe beside a usable ffmpeg: PyAV probes instead


_noted: set[str] = set()


def _note(lines) -> None:
    """Passed-over binaries are said once per process, on stderr, never silently."""
    for line in lines:
        if line not in _noted:
            _noted.add(line)
            print(f"studio: note: {line}", file=sys.stderr)


def ffmpeg_tool() -> Tool:
    choice = choose()
    if choice.ffmpeg is None:
        raise MediaError(choice.ffmpeg_problem or f"no ffmpeg: {GET_FFMPEG}")
    if choice.notes:
        _note([f"passed over {'; '.join(choice.notes)}; using {choice.ffmpeg.source} {choice.ffmpeg.label}"])
    return choice.ffmpeg


def ffmpeg_exe() -> str:
    return ffmpeg_tool().path


def ffprobe_exe() -> str | None:
    """The ffprobe binary, or None when probing should use PyAV."""
    choice = choose()
    if choice.ffprobe_problem:
        raise MediaError(choice.ffprobe_problem)
    return choice.ffprobe.path if choice.ffprobe else None


def filter_script_args(script: str) -> list[str]:
    """The options that read a filtergraph from ``script``, spelled for the ffmpeg in use."""
    if ffmpeg_tool().at_least(SLASH_OPTIONS):
        return ["-/filter_complex", script]
    return ["-filter_complex_script", script]
