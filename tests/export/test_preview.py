"""The preview server: a built HTML5 zip served on 127.0.0.1 over real HTTP, then stopped."""
from __future__ import annotations

import urllib.error
import urllib.request
import zipfile

import pytest

from studio.errors import StudioError
from studio.export.preview import HOST, PreviewServer


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def test_serves_the_html5_package_and_stops(built):
    server = PreviewServer(built["html5"])
    url = server.start()
    assert url.startswith(f"http://{HOST}:") and url.endswith("/index.html")
    folder = server.folder
    status, kind, body = _get(url)
    assert status == 200 and kind.startswith("text/html")
    assert b"<html" in body.lower()
    with zipfile.ZipFile(built["html5"]) as archive:
        media = next(n for n in archive.namelist() if n.endswith(".mp4"))
        expected = archive.read(media)
    assert _get(url.rsplit("/", 1)[0] + "/" + media)[2] == expected      # byte for byte

    server.stop()
    assert not server.running and server.url is None
    assert not folder.exists()                                          # the unpacked copy is gone
    with pytest.raises(urllib.error.URLError):
        _get(url)
    server.stop()                                                       # a second stop is harmless


def test_stop_in_background_frees_the_port(built):
    with PreviewServer(built["html5"]) as server:
        url = server.start()
        assert server.start() == url                                    # started once
        server.stop_in_background().join(timeout=10)
    with pytest.raises(urllib.error.URLError):
        _get(url)


def test_a_package_without_index_page_is_refused_and_leaves_nothing(built, tmp_path):
    server = PreviewServer(built["scorm12"])                            # one page per module, no index.html
    with pytest.raises(StudioError, match="only an HTML5 build"):
        server.start()
    assert not server.running and server.folder is None


def test_not_a_zip_and_unsafe_entries_are_refused(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_text("not a zip")
    with pytest.raises(StudioError, match="not a zip"):
        PreviewServer(bad).start()
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("index.html", "<html></html>")
        archive.writestr("../escaped.txt", "x")
    with pytest.raises(StudioError, match="unsafe entry"):
        PreviewServer(evil).start()
    assert not (tmp_path.parent / "escaped.txt").exists()
