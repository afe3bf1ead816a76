"""Open Badges 2.0: a path's badge as a BadgeClass (JSON-LD) and its image beside the packages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli.app import run
from studio.media.probe import decode_image

BADGE = ("    badge: {name: Ladder pro, description: Sets up a ladder safely, image: media/ladder.png}\n")

# The OB 2.0 BadgeClass (and embedded Criteria and Issuer Profile) required properties and
# types, as a JSON schema (draft 2020-12, checked with jsonschema when installed) and by hand.
BADGE_CLASS_SCHEMA = {
    "type": "object",
    "required": ["@context", "id", "type", "name", "description", "image", "criteria", "issuer"],
    "properties": {
        "@context": {"const": "https://w3id.org/openbadges/v2"},
        "id": {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$"},   # an absolute IRI
        "type": {"const": "BadgeClass"},
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "image": {"type": "string", "pattern": "\\.(png|svg)$"},
        "criteria": {"type": "object", "required": ["narrative"],
                     "properties": {"narrative": {"type": "string", "minLength": 1}}},
        "issuer": {"type": "object", "required": ["id", "type", "name"],
                   "properties": {"id": {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$"},
                                  "type": {"enum": ["Issuer", "Profile"]},
                                  "name": {"type": "string", "minLength": 1}}},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def build(source, out, fmt="scorm12", *extra):
    return run(["build", str(source), "--format", fmt, "--out", str(out), *extra])


def with_badge(course: Path, badge: str = BADGE) -> Path:
    text = course.read_text()
    course.write_text(text.rstrip("\n") + "\n" + badge)
    return course


def assert_badge_class(doc: dict) -> None:
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        jsonschema.validate(doc, BADGE_CLASS_SCHEMA)
    import re
    for key in BADGE_CLASS_SCHEMA["required"]:
        assert key in doc, key
    assert doc["@context"] == "https://w3id.org/openbadges/v2" and doc["type"] == "BadgeClass"
    assert re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", doc["id"])
    assert all(isinstance(doc[k], str) and doc[k] for k in ("name", "description", "image"))
    assert isinstance(doc["criteria"]["narrative"], str) and doc["criteria"]["narrative"]
    issuer = doc["issuer"]
    assert issuer["type"] in ("Issuer", "Profile") and issuer["name"] and re.match(r"^\w[\w+.-]*:\S+$", issuer["id"])


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_path_with_a_badge_writes_a_badge_class_and_its_image(small_course, out, capsys):
    with_badge(small_course)
    assert build(small_course, out) == 0
    printed = capsys.readouterr().out.splitlines()
    json_path, png_path = out / "ladder-safety-ladders-badge.json", out / "ladder-safety-ladders-badge.png"
    assert str(json_path) in printed and str(png_path) in printed
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    assert_badge_class(doc)
    assert doc["id"] == "urn:x-micromodule-studio:ladder-safety/path/ladders/badge"
    assert doc["name"] == "Ladder pro" and doc["description"] == "Sets up a ladder safely"
    assert doc["image"] == png_path.name                      # relative: resolves beside the JSON
    assert doc["issuer"]["name"] == "Ladder safety"
    narrative = doc["criteria"]["narrative"]
    items = [line for line in narrative.splitlines() if line.startswith("- ")]
    assert items[0].startswith("- Complete **") and len(items) == 2
    assert "Position a ladder at a safe angle of 75 degrees" in narrative
    # the image: the course's bytes, a real picture
    assert png_path.read_bytes() == (small_course.parent / "media" / "ladder.png").read_bytes()
    assert decode_image(png_path) == (64, 48)


def test_badges_rebuild_byte_identical_and_another_format_keeps_them(small_course, tmp_path, capsys):
    with_badge(small_course)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert build(small_course, tmp_path / "a") == 0
    assert build(small_course, tmp_path / "b") == 0
    for name in ("ladder-safety-ladders-badge.json", "ladder-safety-ladders-badge.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    capsys.readouterr()
    # html5 into the same folder: the identical badge files are no clash, and are left alone
    before = (tmp_path / "a" / "ladder-safety-ladders-badge.json").stat().st_mtime_ns
    assert build(small_course, tmp_path / "a", "html5") == 0
    assert "identical: kept" in capsys.readouterr().out
    assert (tmp_path / "a" / "ladder-safety-ladders-badge.json").stat().st_mtime_ns == before


def test_a_different_existing_badge_is_refused_without_force(small_course, out, capsys):
    with_badge(small_course)
    target = out / "ladder-safety-ladders-badge.json"
    target.write_text("{}")
    assert build(small_course, out) == 2
    err = capsys.readouterr().err.strip()
    assert "already exists" in err and len(err.splitlines()) == 1
    assert target.read_text() == "{}" and sorted(p.name for p in out.iterdir()) == [target.name]  # nothing built
    assert build(small_course, out, "scorm12", "--force") == 0
    assert_badge_class(json.loads(target.read_text()))


def test_a_path_without_a_badge_writes_no_badge(small_course, out):
    assert build(small_course, out) == 0
    assert [p.name for p in out.iterdir()] == ["ladder-safety-scorm12.zip"]


def test_a_badge_without_a_png_or_svg_image_is_noted_not_written(small_course, out, capsys):
    with_badge(small_course, "    badge: {name: Ladder pro}\n")
    assert build(small_course, out) == 0
    assert "badge of path ladders not written: it has no image" in capsys.readouterr().out
    assert not list(out.glob("*badge*"))


def test_an_svg_badge_is_copied_as_svg_and_course_text_stays_literal_markdown(small_course, out):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="90" height="90"><circle cx="45" cy="45" r="40"/></svg>\n'
    (small_course.parent / "media" / "badge.svg").write_bytes(svg)
    text = small_course.read_text().replace("title: Ladders", "title: \"Ladders <script>x</script> *bold*\"")
    small_course.write_text(text)
    with_badge(small_course, "    badge: {name: Ladder pro, image: media/badge.svg}\n")
    assert build(small_course, out) == 0
    image = out / "ladder-safety-ladders-badge.svg"
    assert image.read_bytes() == svg and decode_image(image) == (90, 90)
    doc = json.loads((out / "ladder-safety-ladders-badge.json").read_text())
    assert_badge_class(doc)
    assert doc["image"] == image.name
    assert doc["description"].startswith("Completed the path Ladders")       # derived when absent
    assert "\\<script\\>" in doc["criteria"]["narrative"] and "\\*bold\\*" in doc["criteria"]["narrative"]
