"""The memo of valid manifests: a pass is remembered for the same bytes and schemas, a
failure never, and a change to either validates again."""
from __future__ import annotations

from studio.export import scorm12, validated


def test_a_valid_manifest_is_validated_once_a_failing_one_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "a.xsd").write_text("<schema/>")
    calls = []

    def validate(xml: bytes) -> list[str]:
        calls.append(xml)
        return ["broken"] if b"bad" in xml else []

    assert validated.errors_of(b"<good/>", schemas, validate) == []
    assert validated.errors_of(b"<good/>", schemas, validate) == []
    assert calls == [b"<good/>"]
    assert validated.errors_of(b"<bad/>", schemas, validate) == ["broken"]
    assert validated.errors_of(b"<bad/>", schemas, validate) == ["broken"]
    assert calls == [b"<good/>", b"<bad/>", b"<bad/>"]
    other = tmp_path / "other-schemas"
    other.mkdir()
    (other / "a.xsd").write_text("<schema version='2'/>")
    assert validated.errors_of(b"<good/>", other, validate) == [] and len(calls) == 4


def test_the_real_schemas_still_refuse_a_broken_manifest_after_a_pass(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path / "cache"))
    good = (b'<?xml version="1.0"?><manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
            b'identifier="M"><organizations/><resources/></manifest>')
    assert scorm12.schema_errors(good) == []
    broken = good.replace(b"<organizations/>", b"<organisations/>")
    assert scorm12.schema_errors(broken) != []
