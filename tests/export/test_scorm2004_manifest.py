"""The SCORM 2004 4th edition package's shape: schema-valid manifest, one SCO per module,
organisations, sequencing that follows the path order, objectives with the pass mark as
minNormalizedMeasure, every file listed and nothing else, reproducible zips, the self-test."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from studio.cli.app import run
from studio.export import scorm2004, selftest
from studio.export.plan import ModuleEntry, Organisation, PackagePlan
from tests.export.conftest import build

NS = {"cp": scorm2004.CP, "adlcp": scorm2004.ADLCP, "adlseq": scorm2004.ADLSEQ, "imsss": scorm2004.IMSSS}


@pytest.fixture(scope="module")
def package(small_course_template, tmp_path_factory):
    return build(small_course_template / "course.yaml", "scorm2004", tmp_path_factory.mktemp("scorm2004"))


def _plan(*orgs: Organisation) -> PackagePlan:
    return PackagePlan("MMS-1", "T", "en", "d", orgs,
                       (ModuleEntry("a", "A", "a.html", ("media/a.mp4",), 80), ModuleEntry("b", "B", "b.html", (), None),
                        ModuleEntry("c", "C", "c.html", (), 66.5)), ("player.js", "scorm2004.js"))


def test_the_built_manifest_is_valid_and_lists_exactly_the_zip(package):
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        xml = archive.read("imsmanifest.xml")
    assert scorm2004.schema_errors(xml) == []
    assert scorm2004.structure_problems(xml) == []
    assert set(scorm2004.referenced_files(xml)) == names - {"imsmanifest.xml"}
    tree = etree.fromstring(xml)
    assert tree.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert tree.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "2004 4th Edition"
    scos = tree.xpath("//cp:resource[@adlcp:scormType='sco']", namespaces=NS)
    assert [r.get("href") for r in scos] == ["choose-ladder.html", "set-up-ladder.html"]
    assert tree.xpath("//cp:resource[@adlcp:scormType='asset']/cp:file/@href", namespaces=NS) == \
        ["player.css", "player.js", "quiz.js", "scorm2004.js"]
    assert "scorm12.js" not in names
    assert all(n.isascii() and " " not in n for n in names)


def test_sequencing_follows_the_path_order_and_carries_the_pass_mark(package):
    with zipfile.ZipFile(package) as archive:
        tree = etree.fromstring(archive.read("imsmanifest.xml"))
    (org,) = tree.xpath("//cp:organization", namespaces=NS)
    assert org.get("identifier") == "ORG-ladders"
    assert org.get(f"{{{scorm2004.ADLSEQ}}}objectivesGlobalToSystem") == "false"
    (control,) = org.xpath("imsss:sequencing/imsss:controlMode", namespaces=NS)
    assert control.get("flow") == "true" and control.get("choice") == "true"
    first, second = org.xpath("cp:item", namespaces=NS)
    assert [first.get("identifierref"), second.get("identifierref")] == ["RES-choose-ladder", "RES-set-up-ladder"]
    # the first module: open, graded by measure, writes its status to a global objective
    assert first.xpath("imsss:sequencing/imsss:sequencingRules", namespaces=NS) == []
    (primary,) = first.xpath("imsss:sequencing/imsss:objectives/imsss:primaryObjective", namespaces=NS)
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("imsss:minNormalizedMeasure", namespaces=NS) == "0.8"
    (written,) = primary.xpath("imsss:mapInfo[@writeSatisfiedStatus='true']/@targetObjectiveID", namespaces=NS)
    (delivery,) = first.xpath("imsss:sequencing/imsss:deliveryControls", namespaces=NS)
    assert delivery.get("completionSetByContent") == "true" and delivery.get("objectiveSetByContent") == "true"
    # the second: disabled until the first is satisfied (or while nothing is known)
    (rule,) = second.xpath("imsss:sequencing/imsss:sequencingRules/imsss:preConditionRule", namespaces=NS)
    assert rule.xpath("imsss:ruleAction/@action", namespaces=NS) == ["disabled"]
    conditions = rule.xpath("imsss:ruleConditions", namespaces=NS)[0]
    assert conditions.get("conditionCombination") == "any"
    assert [(c.get("operator"), c.get("condition"), c.get("referencedObjective")) for c in conditions] == [
        ("not", "satisfied", scorm2004.PREVIOUS), ("not", "objectiveStatusKnown", scorm2004.PREVIOUS)]
    (mirror,) = second.xpath(f"imsss:sequencing/imsss:objectives/imsss:objective[@objectiveID='{scorm2004.PREVIOUS}']",
                             namespaces=NS)
    assert mirror.xpath("imsss:mapInfo/@targetObjectiveID", namespaces=NS) == [written]
    assert mirror.xpath("imsss:mapInfo/@readSatisfiedStatus", namespaces=NS) == ["true"]
    # no pass mark: no measure, and the LMS satisfies it when the learner finishes
    (primary2,) = second.xpath("imsss:sequencing/imsss:objectives/imsss:primaryObjective", namespaces=NS)
    assert primary2.get("satisfiedByMeasure") is None and primary2.find("imsss:minNormalizedMeasure", NS) is None
    assert second.xpath("imsss:sequencing/imsss:deliveryControls/@objectiveSetByContent", namespaces=NS) == ["false"]


def test_an_organisation_per_path_each_gated_in_its_own_order():
    plan = _plan(Organisation("p1", "One", ("a", "b", "c")), Organisation("p2", "Two", ("c", "a")))
    xml = scorm2004.manifest_xml(plan)
    assert scorm2004.schema_errors(xml) == [] and scorm2004.structure_problems(xml) == []
    tree = etree.fromstring(xml)
    assert tree.xpath("//cp:organizations/@default", namespaces=NS) == ["ORG-p1"]
    gates = {item.get("identifier"): item.xpath("imsss:sequencing/imsss:objectives/imsss:objective/imsss:mapInfo/"
                                                "@targetObjectiveID", namespaces=NS)
             for item in tree.iter(f"{{{scorm2004.CP}}}item")}
    assert gates == {"ITEM-p1-a": [], "ITEM-p1-b": ["urn:mms:MMS-1:a"], "ITEM-p1-c": ["urn:mms:MMS-1:b"],
                     "ITEM-p2-c": [], "ITEM-p2-a": ["urn:mms:MMS-1:c"]}
    assert tree.xpath("//imsss:minNormalizedMeasure/text()", namespaces=NS) == ["0.8", "0.665", "0.665", "0.8"]
    assert [scorm2004.measure(v) for v in (0, 50, 100, 12.345)] == ["0.0", "0.5", "1.0", "0.1235"]


def test_the_schema_and_structure_checks_catch_a_broken_manifest():
    xml = scorm2004.manifest_xml(_plan(Organisation("p", "P", ("a", "b"))))
    assert scorm2004.schema_errors(xml) == []
    assert scorm2004.schema_errors(xml.replace(b'action="disabled"', b'action="locked"'))
    assert scorm2004.schema_errors(xml.replace(b">0.8<", b">1.8<"))                     # a measure is in [-1, 1]
    assert scorm2004.schema_errors(xml.replace(b'adlcp:scormType="sco"', b'adlcp:scormType="page"'))
    assert scorm2004.schema_errors(xml.replace(b"<schemaversion>", b"<bogus/><schemaversion>"))
    assert scorm2004.structure_problems(xml.replace(b"2004 4th Edition", b"2004 3rd Edition"))
    assert scorm2004.structure_problems(xml.replace(b'targetObjectiveID="urn:mms:MMS-1:a" readSatisfiedStatus="true"',
                                                    b'targetObjectiveID="urn:mms:MMS-1:zz" readSatisfiedStatus="true"'))


def test_the_self_test_refuses_unlisted_or_missing_files(tmp_path):
    xml = scorm2004.manifest_xml(_plan(Organisation("p", "P", ("a", "b", "c"))))
    listed = set(scorm2004.referenced_files(xml))
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("imsmanifest.xml", xml)
        for name in listed:
            archive.writestr(name, b"x")
    with zipfile.ZipFile(good) as archive:
        assert selftest._scorm2004(archive, set(archive.namelist())) == []
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("imsmanifest.xml", xml)
        for name in sorted(listed - {"media/a.mp4"}):
            archive.writestr(name, b"x")
        archive.writestr("stray.txt", b"x")
    with zipfile.ZipFile(bad) as archive:
        problems = selftest._scorm2004(archive, set(archive.namelist()))
    assert any("not in the manifest: stray.txt" in p for p in problems)
    assert any("not in the zip: media/a.mp4" in p for p in problems)


def test_reproducible_zips_and_the_report(small_course, tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        assert run(["build", str(small_course), "--format", "scorm2004", "--out", str(tmp_path / folder)]) == 0
    out = capsys.readouterr().out
    digests = {hashlib.sha256((tmp_path / f / "ladder-safety-scorm2004.zip").read_bytes()).hexdigest() for f in "ab"}
    assert len(digests) == 1
    assert str(tmp_path / "a" / "ladder-safety-scorm2004.zip") in out.splitlines()
    assert "scorm2004: package" in out and "self-test: passed" in out
    assert "of 64000 characters" in out                                # the 2004 suspend-data budget
    player = [line for line in out.splitlines() if "player" in line][0]
    assert float(player.split("player ")[1].split(" kB")[0]) < 50       # JS+CSS under 50 KB


def test_the_self_test_holds_2004_to_its_own_suspend_budget(package):
    result = selftest.run(package, scorm2004, pages=["choose-ladder.html", "set-up-ladder.html"],
                          player_bytes=30_000)
    assert any("SCORM 2004 4th edition" in c for c in result.checks)
    assert "suspend data within the SCORM 2004 budget" in result.checks
    assert result.largest_suspend <= scorm2004.SUSPEND_DATA_LIMIT
    with pytest.raises(selftest.SelfTestFailed, match="player weighs"):
        selftest.run(package, scorm2004, pages=["choose-ladder.html"], player_bytes=60_000)


def test_the_schemas_are_the_official_ones_unmodified():
    shared = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "scorm2004_4th"
    if not shared.is_dir():
        pytest.skip(f"no official schemas at {shared}")
    copies = sorted(scorm2004.SCHEMAS.glob("*.xsd"))
    assert len(copies) == 15
    for copy in copies:
        assert copy.read_bytes() == (shared / copy.name).read_bytes(), copy.name
