"""Preview a built HTML5 package in a browser: its zip unpacked into a temp folder and served
on 127.0.0.1, on a free port, from a background thread (the desktop's build dialog).

Only loopback is bound, so nothing on the network sees the course. :meth:`PreviewServer.stop`
shuts the server down and removes the temp folder; the dialog stops it when it closes.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path, PurePosixPath

from studio.errors import OutputError, StudioError
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, no_progress

HOST = "127.0.0.1"
INDEX = "index.html"
_POLL_S = 0.1           # how soon serve_forever notices a shutdown


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".vtt": "text/vtt", ".json": "application/json",
                      ".mp4": "video/mp4", ".m4a": "audio/mp4", ".mp3": "audio/mpeg", ".svg": "image/svg+xml"}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")   # a rebuilt package is seen at once
        super().end_headers()

    def log_message(self, *args) -> None:   # no request lines on the studio's stderr
        pass


def unpack(zip_path: Path, target: Path, cancel: CancelToken = NEVER_CANCELLED) -> None:
    """Extract ``zip_path`` into ``target``, refusing members that would land outside it."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            for member in archive.infolist():
                cancel.raise_if_cancelled()
                name = PurePosixPath(member.filename)
                if name.is_absolute() or ".." in name.parts:
                    raise OutputError(f"the package has an unsafe entry '{member.filename}'", file=str(zip_path))
                archive.extract(member, target)
    except zipfile.BadZipFile:
        raise OutputError("is not a zip file", file=str(zip_path)) from None
    except FileNotFoundError:
        raise OutputError("no such package", file=str(zip_path)) from None


class PreviewServer:
    """``start()`` unpacks and serves; ``url`` is the package's index page; ``stop()`` ends it."""

    def __init__(self, zip_path: str | Path) -> None:
        self.zip_path = Path(zip_path)
        self.folder: Path | None = None
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def url(self) -> str | None:
        if self._server is None:
            return None
        return f"http://{HOST}:{self._server.server_address[1]}/{INDEX}"

    def start(self, *, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> str:
        """Unpack the package and serve it (a job function); returns the URL of its index page."""
        with self._lock:
            if self._server is not None:
                return self.url
            progress(None, f"Unpacking {self.zip_path.name}")
            folder = Path(tempfile.mkdtemp(prefix="studio-preview-"))
            try:
                unpack(self.zip_path, folder, cancel)
                if not (folder / INDEX).is_file():
                    raise StudioError(f"the package has no {INDEX}; only an HTML5 build can be previewed",
                                      file=str(self.zip_path))
                handler = functools.partial(_Handler, directory=str(folder))
                server = http.server.ThreadingHTTPServer((HOST, 0), handler)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            server.daemon_threads = True
            self.folder, self._server = folder, server
            self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": _POLL_S},
                                            name="studio-preview", daemon=True)
            self._thread.start()
            return self.url

    def stop(self) -> None:
        """Stop serving and remove the unpacked folder (safe to call twice, or before start)."""
        with self._lock:
            server, thread, folder = self._server, self._thread, self.folder
            self._server = self._thread = self.folder = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def stop_in_background(self) -> threading.Thread:
        """:meth:`stop` on a thread of its own, for a caller that must not wait (a closing dialog)."""
        thread = threading.Thread(target=self.stop, name="studio-preview-stop")
        thread.start()
        return thread

    def __enter__(self) -> "PreviewServer":
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()
