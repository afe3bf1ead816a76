"""The SCORM 1.2 package's shape: schema-valid manifest, one SCO per module, organisations,
mastery scores, every file listed and nothing else, safe names."""
from __future__ import annotations

import zipfile

from lxml import etree

from studio.export import scorm12
from studio.export.plan import ModuleEntry, Organisation, PackagePlan

NS = {"cp": scorm12.CP, "adlcp": scorm12.ADLCP, "md": scorm12.MD}


def test_the_built_manifest_is_valid_and_lists_exactly_the_zip(built):
    with zipfile.ZipFile(built["scorm12"]) as archive:
        names = set(archive.namelist())
        xml = archive.read("imsmanifest.xml")
    assert scorm12.schema_errors(xml) == []
    assert set(scorm12.referenced_files(xml)) == names - {"imsmanifest.xml"}
    tree = etree.fromstring(xml)
    scos = tree.xpath("//cp:resource[@adlcp:scormtype='sco']", namespaces=NS)
    assert [r.get("href") for r in scos] == ["choose-ladder.html", "set-up-ladder.html"]
    orgs = tree.xpath("//cp:organization", namespaces=NS)
    assert [o.get("identifier") for o in orgs] == ["ORG-ladders"]
    assert tree.xpath("//cp:item/adlcp:masteryscore/text()", namespaces=NS) == ["80"]   # only choose-ladder has one
    assert all(n.isascii() and " " not in n for n in names)


def test_the_schema_check_catches_a_broken_manifest():
    plan = PackagePlan("MMS-1", "T", "en", "d", (Organisation("o", "O", ("m",)),),
                       (ModuleEntry("m", "M", "m.html", (), 80),), ("player.js",))
    xml = scorm12.manifest_xml(plan)
    assert scorm12.schema_errors(xml) == []
    assert scorm12.schema_errors(xml.replace(b"<schemaversion>", b"<bogus/><schemaversion>"))


def test_a_long_description_is_cut_to_the_lom_limit():
    plan = PackagePlan("MMS-1", "T", "fr", "mot " * 600, (Organisation("o", "O", ("m",)),),
                       (ModuleEntry("m", "M", "m.html", (), None),), ("player.js",))
    xml = scorm12.manifest_xml(plan)
    assert scorm12.schema_errors(xml) == []
    (description,) = scorm12.descriptions(xml)
    assert len(description) <= 1000 and description.endswith("…")
