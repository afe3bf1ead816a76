"""The media store is trusted only once verified: size + SHA-256 of every blob, hashes cached.

Real projects made by `studio import`, blobs damaged on disk the way a sync tool, a full
disk or a careless hand would, and `studio check PROJECT --json` run for real.
"""
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from studio.project import media_store, store
from studio.project import schema as db
from studio.project.file import ProjectFile
from studio.project.media_store import (CACHE_NAME, Corrupt, CorruptBlob, HashCache, add_file, sha256_of,
                                        verified_blob, verify_store)
from tests.cli import check_json, run


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A private data folder, so the hash cache of this test is its own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("STUDIO_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def project(small_course, tmp_path, data_dir, capsys) -> Path:
    folder = tmp_path / "p.mstudio"
    assert run("import", small_course, folder, capsys=capsys)[0] == 0
    return folder


def blob_of(project: Path, ext: str) -> Path:
    [blob] = (project / "media").glob(f"*{ext}")
    return blob


def corrupt_problems(problems):
    return [p for p in problems if p["code"] == "media.corrupt"]


def flip_a_byte(path: Path, keep_times: bool = False) -> None:
    st = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    if keep_times:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_an_intact_project_checks_clean(project, capsys):
    code, problems = check_json(project, capsys)
    assert code == 0 and corrupt_problems(problems) == []


def test_a_blob_modified_in_the_store_is_media_corrupt(project, capsys):
    blob = blob_of(project, ".png")
    assert run("check", project, capsys=capsys)[0] == 0   # verified and cached once
    flip_a_byte(blob)
    code, problems = check_json(project, capsys)
    assert code == 1
    [problem] = corrupt_problems(problems)
    assert (problem["severity"], problem["module"], problem["block"]) == ("error", "choose-ladder", 2)
    assert "'media/ladder.png'" in problem["message"] and blob.name in problem["message"]
    assert "do not match its name" in problem["message"]


def test_a_blob_modified_with_its_size_and_mtime_put_back_is_still_caught(project, capsys):
    """The cache key includes ctime and inode, which no tool can set back."""
    blob = blob_of(project, ".mp4")
    assert run("check", project, capsys=capsys)[0] == 0
    flip_a_byte(blob, keep_times=True)
    code, problems = check_json(project, capsys)
    assert code == 1 and [p["module"] for p in corrupt_problems(problems)] == ["choose-ladder"]
    assert "media/intro.mp4" in corrupt_problems(problems)[0]["message"]


def test_a_blob_deleted_from_the_store_is_media_corrupt(project, capsys):
    blob = blob_of(project, ".mp3")
    blob.unlink()
    code, problems = check_json(project, capsys)
    assert code == 1
    [problem] = corrupt_problems(problems)
    assert problem["module"] == "set-up-ladder" and "'media/tip.mp3'" in problem["message"]
    assert blob.name in problem["message"] and "missing from the project's media store" in problem["message"]


def test_a_truncated_blob_is_caught_by_its_size_without_hashing(project, capsys):
    blob = blob_of(project, ".vtt")
    blob.write_bytes(blob.read_bytes()[:5])
    before = media_store.hashed_files
    code, problems = check_json(project, capsys)
    assert code == 1 and "'media/intro.vtt'" in corrupt_problems(problems)[0]["message"]
    assert "size is 5 bytes" in corrupt_problems(problems)[0]["message"]
    assert media_store.hashed_files - before == 3   # the three others; the short one needed no hash


def test_an_unchanged_store_is_not_hashed_again(project, data_dir, capsys):
    before = media_store.hashed_files
    assert run("check", project, capsys=capsys)[0] == 0
    assert media_store.hashed_files - before == 4        # first check: every blob hashed once
    assert run("check", project, capsys=capsys)[0] == 0
    assert run("check", project, capsys=capsys)[0] == 0
    assert media_store.hashed_files - before == 4        # unchanged: nothing hashed again
    # the evidence on disk: one row per blob, by its real path, with the hash it is named by
    with sqlite3.connect(data_dir / CACHE_NAME) as db_:
        rows = dict(db_.execute("SELECT path, value FROM sha256_by_stat").fetchall())
    blobs = {str(p.resolve()): p.stem for p in (project / "media").iterdir()}
    assert {path: rows[path] for path in blobs} == blobs
    flip_a_byte(blob_of(project, ".png"))
    assert run("check", project, capsys=capsys)[0] == 1
    assert media_store.hashed_files - before == 5        # only the changed blob is hashed


def test_check_stays_correct_when_the_cache_cannot_be_used(project, data_dir, capsys):
    data_dir.mkdir(exist_ok=True)
    (data_dir / CACHE_NAME).write_bytes(b"this is not an sqlite database" * 100)
    flip_a_byte(blob_of(project, ".png"))
    code, problems = check_json(project, capsys)
    assert code == 1 and len(corrupt_problems(problems)) == 1


def test_verify_store_and_verified_blob_name_the_media_and_the_blob(project, tmp_path):
    blob = blob_of(project, ".mp3")
    with ProjectFile.open(project) as pf, pf.sessions() as s:
        rows = list(s.scalars(select(db.Media)))
        assert verify_store(pf.media_dir, rows, HashCache(tmp_path / "c.sqlite3")) == []
        row = next(r for r in rows if r.source_name == "media/tip.mp3")
        assert verified_blob(pf.media_dir, row.sha256, row.ext, row.size_bytes) == blob
        flip_a_byte(blob)
        [bad] = verify_store(pf.media_dir, rows)
        assert bad == Corrupt("media/tip.mp3", blob.name,
                              "its bytes do not match its name (the file was modified in the store)")
        with pytest.raises(CorruptBlob) as caught:
            verified_blob(pf.media_dir, row.sha256, row.ext, row.size_bytes, source_name=row.source_name)
        assert "'media/tip.mp3' is corrupt in the project's media store" in str(caught.value)
        assert store.verify_media(s, pf.media_dir) == [bad]
        blob_of(project, ".png").unlink()
        with pytest.raises(CorruptBlob) as caught:
            store.require_intact_media(s, pf.media_dir)
        assert "(and 1 more corrupt media file(s))" in str(caught.value)
        assert "re-import the course source" in str(caught.value)


def test_require_intact_media_passes_an_intact_store(project):
    with ProjectFile.open(project) as pf, pf.sessions() as s:
        store.require_intact_media(s, pf.media_dir)   # no exception


def test_corrupt_media_is_an_error_of_the_cli_with_one_line(project, capsys):
    """CorruptBlob is a StudioError: the exporters' callers get exit 2 and one line, no traceback."""
    assert issubclass(CorruptBlob, media_store.MediaError)
    err = Corrupt("media/intro.mp4", "ab" * 32 + ".mp4", "missing from the project's media store").error()
    assert str(err) == (f"'media/intro.mp4' is corrupt in the project's media store (blob {'ab' * 32}.mp4): "
                        "missing from the project's media store (media/intro.mp4)")


def test_reimport_repairs_a_corrupt_blob_of_the_same_size(small_course, project, capsys):
    blob = blob_of(project, ".png")
    flip_a_byte(blob)
    assert run("check", project, capsys=capsys)[0] == 1
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    assert sha256_of(blob) == blob.stem
    assert run("check", project, capsys=capsys)[0] == 0


def test_add_file_names_the_blob_by_the_bytes_it_copied(tmp_path):
    src = tmp_path / "Clip.MP4"
    src.write_bytes(b"some bytes" * 1000)
    stored = add_file(tmp_path / "store", src)
    target = tmp_path / "store" / stored.name
    assert stored.ext == ".mp4" and stored.size_bytes == 10_000 and sha256_of(target) == stored.sha256
    assert [p.name for p in (tmp_path / "store").iterdir()] == [stored.name]   # no temp file left
    assert add_file(tmp_path / "store", src) == stored                           # identical: stored once


def test_copy_verified_blob_writes_only_intact_bytes(project, tmp_path):
    from studio.project.media_store import copy_verified_blob
    blob = blob_of(project, ".mp3")
    sha, ext = blob.stem, blob.suffix
    out = tmp_path / "export" / "media" / "tip.mp3"
    assert copy_verified_blob(project / "media", sha, ext, out, size_bytes=blob.stat().st_size) == out
    assert out.read_bytes() == blob.read_bytes()
    out.write_bytes(b"the previous export")
    flip_a_byte(blob, keep_times=True)
    with pytest.raises(CorruptBlob) as caught:
        copy_verified_blob(project / "media", sha, ext, out, source_name="media/tip.mp3")
    assert "'media/tip.mp3' is corrupt" in str(caught.value) and "do not match its name" in str(caught.value)
    assert out.read_bytes() == b"the previous export"            # untouched
    assert sorted(p.name for p in out.parent.iterdir()) == ["tip.mp3"]   # no temp file left
    blob.unlink()
    with pytest.raises(CorruptBlob, match="missing from the project's media store"):
        copy_verified_blob(project / "media", sha, ext, tmp_path / "elsewhere.mp3", source_name="media/tip.mp3")
    assert not (tmp_path / "elsewhere.mp3").exists()


def test_records_sharing_a_blob_share_its_verdict(tmp_path, data_dir):
    from types import SimpleNamespace
    store_dir = tmp_path / "media"
    store_dir.mkdir()
    payload = tmp_path / "clip.bin"
    payload.write_bytes(b"the same bytes under two names" * 100)
    digest = sha256_of(payload)
    blob = store_dir / f"{digest}.mp4"
    payload.rename(blob)
    records = [SimpleNamespace(source_name=name, sha256=digest, ext=".mp4", size_bytes=blob.stat().st_size)
               for name in ("media/a.mp4", "media/b.mp4")]
    before = media_store.hashed_files
    assert verify_store(store_dir, records) == []
    assert media_store.hashed_files - before == 1        # one blob, hashed once for both records
    flip_a_byte(blob)
    assert [c.source_name for c in verify_store(store_dir, records)] == ["media/a.mp4", "media/b.mp4"]
