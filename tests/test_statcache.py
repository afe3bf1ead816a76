"""Values remembered per file while it is unchanged: the media store's hashes and the probed facts."""
from __future__ import annotations

import os

import studio.media.facts as facts_module
from studio.media.facts import course_facts
from studio.source.reader import read_course_document
from studio.statcache import StatCache


def _counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(path, *args, **kwargs):
        calls.append(path.name)
        return real(path, *args, **kwargs)
    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_value_is_computed_again_after_any_write(tmp_path):
    target = tmp_path / "clip.bin"
    target.write_bytes(b"first")
    computed = []

    def compute(path):
        computed.append(path)
        return path.read_bytes().decode()

    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        assert cache.value(target, compute) == ("first", False)
        assert cache.value(target, compute) == ("first", True)
        st = target.stat()
        target.write_bytes(b"other")                       # same size…
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # …and the old mtime put back
        assert cache.value(target, compute) == ("other", False)
    assert len(computed) == 2


def test_an_unusable_cache_file_only_costs_the_computation(tmp_path):
    target = tmp_path / "clip.bin"
    target.write_bytes(b"x")
    (tmp_path / "cache.sqlite3").mkdir()  # not a database: the cache is skipped, not fatal
    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        assert cache.value(target, lambda p: "v") == ("v", False)
        assert cache.value(target, lambda p: "v") == ("v", False)


def test_a_warm_check_probes_nothing_and_a_changed_file_is_probed_again(small_course, monkeypatch, tmp_path):
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    measured = _counting(monkeypatch, facts_module, "_measure")
    document = read_course_document(small_course)
    first = course_facts(document.course, small_course.parent)
    assert sorted(measured) == ["intro.mp4", "intro.vtt", "ladder.png", "tip.mp3"]
    measured.clear()
    assert course_facts(document.course, small_course.parent) == first
    assert measured == []
    vtt = small_course.parent / "media" / "intro.vtt"
    vtt.write_text(vtt.read_text().replace("00:04.000", "00:09.000"))
    assert course_facts(document.course, small_course.parent) == first
    assert measured == ["intro.vtt"]


def test_a_cached_row_this_build_cannot_read_is_measured_again(small_course, monkeypatch, tmp_path):
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    png = small_course.parent / "media" / "ladder.png"
    with facts_module.facts_cache() as cache:   # as an older or newer build might have left it
        cache.remember(png.resolve(), png.stat(), '{"no_such_field": 1}')
    facts = facts_module.facts_of(png)
    assert facts.usable and facts.width == 64 and facts.height == 48


def test_prefetched_values_are_the_remembered_ones_and_a_write_after_the_prefetch_still_counts(tmp_path):
    files = [tmp_path / f"blob-{i}.bin" for i in range(3)]
    for i, path in enumerate(files):
        path.write_bytes(b"x" * (i + 1))
    link = tmp_path / "link.bin"
    link.symlink_to(files[0])
    computed = []

    def compute(path):
        computed.append(path.name)
        return str(len(path.read_bytes()))

    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        assert [cache.value(p, compute) for p in files] == [("1", False), ("2", False), ("3", False)]
    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        cache.prefetch([*files, link, tmp_path / "absent.bin"])
        files[2].write_bytes(b"yyyy")                       # written after the prefetch
        assert cache.value(files[0], compute) == ("1", True)
        assert cache.value(link, compute) == ("1", True)    # a link is its target's real path
        assert cache.value(files[2], compute) == ("4", False)
        assert cache.value(files[2], compute) == ("4", True)
    assert computed == ["blob-0.bin", "blob-1.bin", "blob-2.bin", "blob-2.bin"]


def test_a_prefetch_from_an_unusable_cache_only_costs_the_computation(tmp_path):
    target = tmp_path / "clip.bin"
    target.write_bytes(b"x")
    (tmp_path / "cache.sqlite3").mkdir()
    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        cache.prefetch([target])
        assert cache.value(target, lambda p: "v") == ("v", False)


def test_a_link_pointed_at_another_file_is_computed_again_in_the_same_process(tmp_path):
    first, second, link = tmp_path / "a.bin", tmp_path / "b.bin", tmp_path / "clip.bin"
    first.write_bytes(b"one")
    second.write_bytes(b"two")
    link.symlink_to(first)
    read = lambda path: path.read_bytes().decode()   # noqa: E731
    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        assert cache.value(link, read) == ("one", False)
    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:   # a later object: remembered, no query
        assert cache.value(link, read) == ("one", True)
    link.unlink()
    link.symlink_to(second)
    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        assert cache.value(link, read) == ("two", False)


def test_remembered_values_are_written_together_and_kept(tmp_path, monkeypatch):
    files = []
    for i in range(1_200):       # more than one write batch
        path = tmp_path / f"f{i}.bin"
        path.write_bytes(str(i).encode())
        files.append(path)
    commits = []
    with StatCache(tmp_path / "cache.sqlite3", "t") as cache:
        real_flush = cache.flush
        monkeypatch.setattr(cache, "flush", lambda: (commits.append(len(cache._pending)), real_flush()))
        for path in files:
            cache.value(path, lambda p: p.read_bytes().decode())
        # asked again before anything is written: the pending row answers
        assert cache.lookup(files[-1], os.stat(files[-1])) == "1199"
    assert commits[:2] == [500, 500] and sum(commits) == 1_200     # two full batches, the rest at close
    with StatCache(tmp_path / "cache.sqlite3", "t") as later:
        assert all(later.lookup(path, os.stat(path)) == str(i) for i, path in enumerate(files))
