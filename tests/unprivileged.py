"""Run the installed studio as an unprivileged user, wherever this checkout lives.

Root ignores folder permissions, so a test of a read-only folder must run the command as
'nobody' when it runs as root. 'nobody' must then be able to read the interpreter, the
studio package and its dependencies. A checkout under a folder only its owner may enter
(``mktemp -d`` makes one, mode 0700) gives 'nobody' none of them, so :func:`studio_command`
builds, inside a folder that 'nobody' can reach, a mirror of what the command needs
(hard links when the filesystem allows, else copies) and a small launcher, and runs it with
an interpreter that 'nobody' can execute. It skips with the precise reason when that cannot
be arranged.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import studio

NOBODY = 65534
# Not used by the command line; left out only when the mirror must be copied (no hard links).
_NOT_FOR_THE_CLI = ("PySide6", "shiboken6", "playwright", "pip", "setuptools", "_pytest", "pytest", "hypothesis",
                    "ruff", "grimp", "importlinter", "pygments", "rich")

LAUNCHER = """\
import sys
sys.path[:0] = {paths!r}
from {module} import {function}
sys.exit({function}())
"""


def as_nobody(argv: list[str]) -> list[str]:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a folder read-only for the studio")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *argv]


def reachable_by_others(path: Path) -> bool:
    """Every folder on the way to ``path`` (and ``path`` itself) can be entered by anyone."""
    path = path.resolve()
    return all(os.stat(p).st_mode & stat.S_IXOTH for p in [path, *path.parents])


def studio_command(workdir: Path) -> list[str]:
    """The argv prefix that runs ``studio`` as a user whom folder permissions apply to.

    ``workdir`` must be reachable by anyone; the mirror is made in ``workdir / "env"``."""
    if os.geteuid() != 0:
        return [str(Path(sys.executable).with_name("studio"))]
    if not reachable_by_others(workdir):
        pytest.skip(f"{workdir} cannot be entered by 'nobody' (a folder on its path lacks o+x); "
                    "point TMPDIR at a folder anyone can enter")
    python = _python_nobody_can_run()
    env = workdir / "env"
    package = Path(studio.__file__).resolve().parent
    _mirror(package, env / "src" / "studio")
    resources = package.parent / "resources"         # studio.resources looks beside the package
    if resources.is_dir():
        _mirror(resources, env / "src" / "resources")
    paths = [str(env / "src")]
    for index, site in enumerate(_site_dirs()):
        paths.append(str(env / "site" / str(index)))
        _mirror(site, Path(paths[-1]), top_level_skip=lambda name: name.startswith("__editable__"),
                copy_skip=lambda name: name.split("-")[0].split(".")[0] in _NOT_FOR_THE_CLI)
    launcher = env / "studio_launcher.py"
    module, function = _console_script(package).split(":")      # what the `studio` script runs
    launcher.write_text(LAUNCHER.format(paths=paths, module=module, function=function))
    launcher.chmod(0o644)
    for folder in [env, *env.rglob("*")]:
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o755)
    return as_nobody([python, "-I", "-S", str(launcher)])


def _site_dirs() -> list[Path]:
    """Where this interpreter finds installed packages: its own site-packages and any others
    on ``sys.path`` (a venv with system site packages, or one pointing at another's)."""
    paths = sysconfig.get_paths()
    found = [Path(paths["purelib"]), Path(paths["platlib"]),
             *(Path(p) for p in sys.path if Path(p).name in ("site-packages", "dist-packages"))]
    return [p for p in dict.fromkeys(p.resolve() for p in found) if p.is_dir()]


def _console_script(package: Path) -> str:
    """The checkout's own ``[project.scripts] studio`` (installed metadata may be another checkout's)."""
    pyproject = package.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib
        return tomllib.loads(pyproject.read_text())["project"]["scripts"]["studio"]
    from importlib.metadata import entry_points
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "studio"]
    return script.value


def _python_nobody_can_run() -> str:
    """An interpreter of this Python version (compiled extensions must match) that 'nobody' can execute."""
    version = "{}.{}".format(*sys.version_info[:2])
    candidates = [sys.executable, os.path.realpath(sys.executable), getattr(sys, "_base_executable", ""),
                  shutil.which(f"python{version}") or "", f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    tried = []
    for candidate in dict.fromkeys(c for c in candidates if c):
        probe = subprocess.run(as_nobody([candidate, "-I", "-S", "-c",
                                          "import sys; print('{}.{}'.format(*sys.version_info[:2]))"]),
                               capture_output=True, text=True, timeout=60, check=False)
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
        tried.append(candidate)
    pytest.skip(f"no Python {version} interpreter that 'nobody' can run (tried {', '.join(tried)})")


def _mirror(source: Path, target: Path, *, top_level_skip=lambda name: False, copy_skip=lambda name: False) -> None:
    """Hard-link ``source``'s files under ``target`` (copy those anyone cannot read, or when links fail)."""
    target.mkdir(parents=True, exist_ok=True)
    linking = True
    for entry in sorted(source.iterdir()):
        if top_level_skip(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            for root, dirs, files in os.walk(entry):
                rel = Path(root).relative_to(source)
                (target / rel).mkdir(parents=True, exist_ok=True)
                for name in files:
                    linking = _place(Path(root) / name, target / rel / name, linking, copy_skip(entry.name))
        else:
            linking = _place(entry, target / entry.name, linking, copy_skip(entry.name))


def _place(src: Path, dst: Path, linking: bool, skip_copy: bool) -> bool:
    mode = os.stat(src).st_mode
    if linking and mode & stat.S_IROTH and not src.is_symlink():
        try:
            os.link(src, dst)
            return True
        except OSError:            # another filesystem, or links refused: copy from now on
            linking = False
    if skip_copy:
        return linking
    shutil.copy2(src, dst)
    dst.chmod(0o755 if mode & stat.S_IXUSR else 0o644)
    return linking
