"""Nothing from outside the course, and probes decide what a file really is.

Real files, real links, real PyAV/ffprobe: a media path that a symlink (or a symlinked
folder) takes outside the course folder is a load error naming the field and line; an
"image" must decode as one; badge images are checked and imported like any image.
"""
import os
import shutil
from pathlib import Path

import pytest

from studio.media.facts import facts_of
from studio.source.reader import read_course
from tests.conftest import ffmpeg
from tests.cli import run, check_json

# Lines of SMALL_COURSE (tests/conftest.py) the errors must name.
LINE_VIDEO_MEDIA, LINE_VIDEO_CAPTIONS, LINE_IMAGE_MEDIA = 16, 19, 24


def codes_for(problems, name):
    return {p["code"] for p in problems if name in p["message"]}


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the course folder (never inside it) holding files the course must not reach."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


# --- 1. links that leave the course folder ---------------------------------------------------

def test_a_media_link_to_a_file_outside_is_a_load_error_naming_field_and_line(small_course, outside, tmp_path,
                                                                             capsys):
    media = small_course.parent / "media"
    secret = outside / "intro.mp4"
    shutil.move(media / "intro.mp4", secret)
    (media / "intro.mp4").symlink_to(secret)
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 2
    assert err.strip() == (f"studio: error: modules[0].blocks[0].media: 'media/intro.mp4' leads outside the course "
                           f"folder (a link to {secret.resolve()}); copy the file into the course folder "
                           f"(course.yaml line {LINE_VIDEO_MEDIA})")
    project = tmp_path / "p.mstudio"
    code, _, err = run("import", small_course, project, capsys=capsys)
    assert code == 2 and "modules[0].blocks[0].media" in err and "leads outside the course folder" in err
    assert not project.exists()  # nothing copied in


def test_a_symlinked_folder_that_escapes_is_refused(small_course, outside, capsys):
    media = small_course.parent / "media"
    shutil.move(media, outside / "media")
    media.symlink_to(outside / "media", target_is_directory=True)
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 2
    assert "modules[0].blocks[0].media: 'media/intro.mp4' leads outside the course folder" in err
    assert f"(course.yaml line {LINE_VIDEO_MEDIA})" in err


def test_a_symlinked_folder_deeper_in_the_path_is_followed_too(small_course, outside, capsys):
    """Only the image's folder is a link: the first two paths are fine, the image's is refused."""
    media = small_course.parent / "media"
    (outside / "pictures").mkdir()
    shutil.move(media / "ladder.png", outside / "pictures" / "ladder.png")
    (media / "pictures").symlink_to(outside / "pictures", target_is_directory=True)
    small_course.write_text(small_course.read_text().replace("media: media/ladder.png",
                                                             "media: media/pictures/ladder.png"))
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 2
    assert "modules[0].blocks[2].media: 'media/pictures/ladder.png' leads outside" in err
    assert f"(course.yaml line {LINE_IMAGE_MEDIA})" in err


def test_captions_and_badge_images_that_link_outside_are_refused(small_course, outside, capsys):
    media = small_course.parent / "media"
    shutil.move(media / "intro.vtt", outside / "intro.vtt")
    (media / "intro.vtt").symlink_to(outside / "intro.vtt")
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 2 and "modules[0].blocks[0].captions: 'media/intro.vtt' leads outside" in err
    assert f"(course.yaml line {LINE_VIDEO_CAPTIONS})" in err

    shutil.move(outside / "intro.vtt", media / "intro.vtt")
    shutil.copy(media / "ladder.png", outside / "badge.png")
    (small_course.parent / "badge.png").symlink_to(outside / "badge.png")
    small_course.write_text(small_course.read_text() + "    badge: {name: Ladder pro, image: badge.png}\n")
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 2 and "paths[0].badge.image: 'badge.png' leads outside the course folder" in err
    assert "(course.yaml line 53)" in err


def test_a_dangling_link_pointing_outside_is_refused_not_reported_missing(small_course, outside, capsys):
    media = small_course.parent / "media"
    (media / "tip.mp3").unlink()
    (media / "tip.mp3").symlink_to(outside / "not-there.mp3")
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 2 and "modules[1].blocks[0].media: 'media/tip.mp3' leads outside the course folder" in err


def test_a_link_loop_is_a_load_error_not_a_crash(small_course, capsys):
    media = small_course.parent / "media"
    (media / "tip.mp3").unlink()
    (media / "tip.mp3").symlink_to(media / "tip.mp3")
    code, _, err = run("check", small_course, capsys=capsys)
    assert code == 2 and "modules[1].blocks[0].media" in err and "cannot be resolved" in err


def test_links_that_stay_inside_the_course_folder_are_fine(small_course, tmp_path, capsys):
    course = small_course.parent
    media = course / "media"
    (course / "clips").mkdir()
    shutil.move(media / "intro.mp4", course / "clips" / "intro.mp4")
    (media / "intro.mp4").symlink_to(Path("..") / "clips" / "intro.mp4")          # a relative file link
    (course / "pictures").symlink_to("media", target_is_directory=True)          # a folder link
    small_course.write_text(small_course.read_text().replace("media: media/ladder.png",
                                                             "media: pictures/ladder.png"))
    code, problems = check_json(small_course, capsys)
    assert code == 0 and not [p for p in problems if p["code"].startswith("media.")]
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    stored = {p.read_bytes() for p in (project / "media").iterdir()}
    assert (course / "clips" / "intro.mp4").read_bytes() in stored   # the file's bytes, not the link
    assert all(not p.is_symlink() for p in (project / "media").iterdir())


def test_a_course_folder_reached_through_a_link_is_itself_the_boundary(small_course, tmp_path, capsys):
    alias = tmp_path / "alias"
    alias.symlink_to(small_course.parent, target_is_directory=True)
    code, _ = check_json(alias / "course.yaml", capsys)
    assert code == 0


# --- 2. probes decide what a file is ---------------------------------------------------------

@pytest.fixture(params=["system", "bundled"])
def probe_backend(request, monkeypatch):
    """ffprobe (the system's) or PyAV (the bundled ffmpeg has no ffprobe): images decode the same."""
    from studio.media import binaries
    monkeypatch.setenv("STUDIO_FFMPEG_SOURCE", request.param)
    if request.param == "system" and binaries.ffprobe_exe() is None:
        pytest.skip("no system ffprobe")
    if request.param == "bundled" and binaries.bundled_path() is None:
        pytest.skip("no bundled ffmpeg")
    return request.param


@pytest.fixture(scope="session")
def pictures(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pictures")
    made = {}
    for ext in ("png", "jpg", "gif", "webp"):
        made[ext] = folder / f"good.{ext}"
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", str(made[ext]))
    made["animated.gif"] = folder / "animated.gif"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10", "-t", "1", str(made["animated.gif"]))
    made["svg"] = folder / "good.svg"
    made["svg"].write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120px" '
                           'height="80"><rect width="10" height="10"/></svg>\n')
    made["viewbox.svg"] = folder / "viewbox.svg"
    made["viewbox.svg"].write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"/>')
    return made


@pytest.mark.parametrize("name, size", [("png", (64, 48)), ("jpg", (64, 48)), ("gif", (64, 48)),
                                        ("webp", (64, 48)), ("animated.gif", (64, 48)), ("svg", (120, 80)),
                                        ("viewbox.svg", (300, 150))])
def test_real_pictures_decode_as_images(pictures, name, size, probe_backend):
    fact = facts_of(pictures[name])
    assert fact.usable and fact.is_still_image, fact
    assert (fact.width, fact.height) == size


def _bad_images(folder: Path, good_png: Path) -> dict[str, Path]:
    data = good_png.read_bytes()
    bad = {
        "text.png": b"hello, I am a text file named like a picture\n",
        "truncated.png": data[: len(data) // 2],
        # the header (and so the size a probe reports) intact, the picture data destroyed
        "zeroed.png": data[:40] + b"\0" * (len(data) - 40),
        "text.svg": b"not xml at all\n",
        "html.svg": b"<html><body>not a picture</body></html>",
    }
    for name, content in bad.items():
        (folder / name).write_bytes(content)
    jpg = (good_png.parent / "good.jpg").read_bytes()
    (folder / "truncated.jpg").write_bytes(jpg[: len(jpg) // 2])
    return {name: folder / name for name in [*bad, "truncated.jpg"]}


@pytest.mark.parametrize("name", ["text.png", "truncated.png", "zeroed.png", "truncated.jpg", "text.svg",
                                  "html.svg"])
def test_files_that_do_not_decode_as_pictures_are_unreadable(pictures, tmp_path, name, probe_backend):
    fact = facts_of(_bad_images(tmp_path, pictures["png"])[name])
    assert fact.exists and not fact.usable and fact.error, fact


def test_an_image_that_is_text_is_media_unreadable_in_check(small_course, capsys):
    (small_course.parent / "media" / "ladder.png").write_text("hello, I am text\n")
    code, problems = check_json(small_course, capsys)
    assert code == 1
    [problem] = [p for p in problems if "media/ladder.png" in p["message"]]
    assert (problem["code"], problem["module"], problem["block"]) == ("media.unreadable", "choose-ladder", 2)


def test_a_truncated_png_is_media_unreadable_in_check_and_after_import(small_course, tmp_path, capsys):
    png = small_course.parent / "media" / "ladder.png"
    png.write_bytes(png.read_bytes()[:60])
    code, problems = check_json(small_course, capsys)
    assert code == 1 and codes_for(problems, "media/ladder.png") == {"media.unreadable"}
    project = tmp_path / "p.mstudio"
    code, _, err = run("import", small_course, project, capsys=capsys)
    assert code == 0 and "warning: media/ladder.png" in err
    code, problems = check_json(project, capsys)
    assert code == 1 and codes_for(problems, "media/ladder.png") == {"media.unreadable"}


def test_a_sound_or_a_clip_named_png_is_not_an_image(small_course, capsys):
    media = small_course.parent / "media"
    shutil.copy(media / "tip.mp3", media / "ladder.png")
    code, problems = check_json(small_course, capsys)
    assert code == 1 and codes_for(problems, "media/ladder.png") == {"media.not-an-image"}
    shutil.copy(media / "intro.mp4", media / "ladder.png")
    code, problems = check_json(small_course, capsys)
    assert code == 1 and codes_for(problems, "media/ladder.png") == {"media.not-an-image"}


def test_an_image_block_on_a_video_file_is_not_an_image(small_course, capsys):
    small_course.write_text(small_course.read_text().replace("media: media/ladder.png", "media: media/intro.mp4"))
    code, problems = check_json(small_course, capsys)
    assert code == 1
    assert any(p["code"] == "media.not-an-image" and p["block"] == 2 for p in problems)


def test_an_svg_with_entities_is_not_expanded_or_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    svg = tmp_path / "x.svg"
    svg.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY s SYSTEM "file://{secret}">]>\n'
                   '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&s;</text></svg>\n')
    fact = facts_of(svg)
    assert fact.usable and (fact.width, fact.height) == (10, 10)


# --- 2. badge images -------------------------------------------------------------------------

BADGE = "    badge: {name: Ladder pro, description: Safe on ladders, image: media/badge.png}\n"


def with_badge(small_course: Path) -> Path:
    small_course.write_text(small_course.read_text() + BADGE)
    return small_course.parent / "media" / "badge.png"


def badge_problems(problems):
    return [p for p in problems if p["path"] == "ladders" and "badge" in p["message"]]


def test_a_missing_badge_image_is_media_missing(small_course, capsys):
    with_badge(small_course)
    code, problems = check_json(small_course, capsys)
    assert code == 1
    [problem] = badge_problems(problems)
    assert problem["code"] == "media.missing" and "media/badge.png" in problem["message"]


@pytest.mark.parametrize("content, code", [(b"GIF89a but not really", "media.unreadable"),
                                           ("tip.mp3", "media.not-an-image")])
def test_a_bad_badge_image_is_reported(small_course, capsys, content, code):
    badge = with_badge(small_course)
    if isinstance(content, bytes):
        badge.write_bytes(content)
    else:
        shutil.copy(small_course.parent / "media" / content, badge)
    exit_code, problems = check_json(small_course, capsys)
    assert exit_code == 1
    [problem] = badge_problems(problems)
    assert problem["code"] == code and "media/badge.png" in problem["message"]


def test_a_good_badge_image_is_checked_imported_and_exported(small_course, tmp_path, capsys):
    badge = with_badge(small_course)
    shutil.copy(small_course.parent / "media" / "ladder.png", badge)
    code, problems = check_json(small_course, capsys)
    assert code == 0 and badge_problems(problems) == []
    project = tmp_path / "p.mstudio"
    code, out, _ = run("import", small_course, project, capsys=capsys)
    assert code == 0 and "5 media file(s)" in out   # the badge is one of them
    code, problems = check_json(project, capsys)
    assert code == 0 and badge_problems(problems) == []
    exported = tmp_path / "exported"
    exported.mkdir()
    assert run("export-source", project, exported / "course.yaml", capsys=capsys)[0] == 0
    assert (exported / "media" / "badge.png").read_bytes() == badge.read_bytes()
    assert read_course(exported / "course.yaml").paths[0].badge.image == "media/badge.png"


def test_a_bad_badge_image_is_still_reported_after_import(small_course, tmp_path, capsys):
    with_badge(small_course).write_text("not a picture")
    project = tmp_path / "p.mstudio"
    assert run("import", small_course, project, capsys=capsys)[0] == 0
    code, problems = check_json(project, capsys)
    assert code == 1 and [p["code"] for p in badge_problems(problems)] == ["media.unreadable"]


def test_course_facts_never_probe_a_path_that_leaves_the_folder(small_course, outside):
    """Defence in depth below the reader: a course built in memory is not followed outside either."""
    from studio.media.facts import course_facts
    from studio.source.reader import parse_course
    media = small_course.parent / "media"
    shutil.move(media / "tip.mp3", outside / "tip.mp3")
    os.symlink(outside / "tip.mp3", media / "tip.mp3")
    facts = course_facts(parse_course(small_course.read_text()), small_course.parent)
    assert not facts["media/tip.mp3"].usable and "outside the course folder" in facts["media/tip.mp3"].error
    assert facts["media/intro.mp4"].usable


def test_containment_resolves_dots_and_links_at_every_level(tmp_path):
    from studio.media.facts import containment
    base = tmp_path / "course"
    (base / "media" / "deep").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (base / "media" / "away").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (base / "media" / "file-link").symlink_to(tmp_path / "elsewhere" / "x.mp4")
    stays_inside = containment(base)
    assert stays_inside("media/deep/a.mp4") and stays_inside("media/deep/..") and stays_inside("missing.mp4")
    assert not stays_inside("..") and not stays_inside("media/../..") and not stays_inside("../course2/a.mp4")
    assert not stays_inside("media/away/a.mp4") and not stays_inside("media/file-link")
    assert stays_inside("media/away/../deep/a.mp4") is False  # the link is followed before '..', as the OS does
