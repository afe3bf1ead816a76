"""Export fixtures: packages built once per session from the small course, a localhost
server, and headless Chromium (Debian's, driven by Playwright; skipped when absent)."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from studio.cli.app import run

CHROMIUM = os.environ.get("STUDIO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LMS_DIR = Path(__file__).parent / "lms"


def build(source: Path, fmt: str, out: Path, *extra: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    assert run(["build", str(source), "--format", fmt, "--out", str(out), *extra]) == 0
    return next(out.glob(f"*-{fmt}.zip"))


@pytest.fixture(scope="session")
def built(small_course_template, tmp_path_factory) -> dict[str, Path]:
    """The small course packaged as scorm12 and html5 (the session's shared build)."""
    out = tmp_path_factory.mktemp("packages")
    os.environ.setdefault("STUDIO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "studio-cache"))
    return {fmt: build(small_course_template / "course.yaml", fmt, out) for fmt in ("scorm12", "html5")}


def unzip(zip_path: Path, target: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(target)
    return target


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """``serve(folder) -> base URL``: a static server on localhost for the test's duration."""
    servers = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def lms_site(tmp_path, built, serve):
    """The test LMS with the SCORM 1.2 package unzipped under pkg/; returns the base URL."""
    site = tmp_path / "site"
    shutil.copytree(LMS_DIR, site)
    unzip(built["scorm12"], site / "pkg")
    return serve(site)


@pytest.fixture(scope="session")
def _browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium, or set STUDIO_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, accept_downloads=True)
        yield context
        context.close()


@pytest.fixture
def page(_browser):
    """A fresh tab that fails the test on any dialog (alert() from injected script) or page error."""
    tab = _browser.new_page()
    problems: list[str] = []
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                        " function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });")
    tab.problems = problems
    yield tab
    tab.close()
