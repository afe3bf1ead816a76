"""The cmi5 and xAPI packages' shape: cmi5.xml valid against the official CourseStructure.xsd,
one AU per module in path order, moveOn and masteryScore from the module, stable IRIs,
relative urls, reproducible zips; tincan.xml with its launch; the self-test catches breakage."""
from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from studio.export import cmi5, selftest, xapi
from studio.export.plan import ModuleEntry, Organisation, PackagePlan
from tests.export.conftest import build

NS = {"c": cmi5.NS}


@pytest.fixture(scope="module")
def packages(small_course_template, tmp_path_factory):
    out = tmp_path_factory.mktemp("cmi5-packages")
    source = small_course_template / "course.yaml"
    return {fmt: build(source, fmt, out / fmt) for fmt in ("cmi5", "xapi")}


def _plan(orgs, modules=None):
    modules = modules or (ModuleEntry("a", "A", "a.html", (), 80, "List the steps"), ModuleEntry("b", "B", "b.html", (), None),
                          ModuleEntry("c", "C", "c.html", (), 66.67))
    return PackagePlan("MMS-1", "Ladder safety", "en", "d", orgs, modules, ("player.js",))


def test_cmi5_xml_is_valid_with_one_au_per_module_in_path_order(packages):
    with zipfile.ZipFile(packages["cmi5"]) as archive:
        names = set(archive.namelist())
        xml = archive.read("cmi5.xml")
    assert cmi5.schema_errors(xml) == []
    aus = cmi5.aus(xml)
    assert [a["url"] for a in aus] == ["choose-ladder.html", "set-up-ladder.html"]     # the path's order
    assert [a["moveOn"] for a in aus] == ["CompletedAndPassed", "Completed"]            # pass mark / none
    assert [a["masteryScore"] for a in aus] == ["0.8", None]
    assert {a["launchMethod"] for a in aus} == {"AnyWindow"}
    tree = etree.fromstring(xml)
    blocks = tree.xpath("/c:courseStructure/c:block", namespaces=NS)
    assert [b.get("id") for b in blocks] == ["urn:x-micromodule-studio:ladder-safety/path/ladders/block/ladders"]
    assert tree.xpath("/c:courseStructure/c:course/@id", namespaces=NS) == ["urn:x-micromodule-studio:ladder-safety/path/ladders"]
    assert [a["id"] for a in aus] == ["urn:x-micromodule-studio:ladder-safety/path/ladders/au/choose-ladder",
                                      "urn:x-micromodule-studio:ladder-safety/path/ladders/au/set-up-ladder"]
    assert all(u["url"] in names for u in aus)
    # every AU names its module's objective, declared once at the course level
    assert tree.xpath("//c:au/c:objectives/c:objective/@idref", namespaces=NS) == \
        tree.xpath("/c:courseStructure/c:objectives/c:objective/@id", namespaces=NS)


def test_ids_are_stable_and_do_not_move_when_a_module_is_added():
    one = cmi5.manifest_xml(_plan((Organisation("p", "P", ("a", "b")),), (ModuleEntry("a", "A", "a.html", (), 80),
                                                                           ModuleEntry("b", "B", "b.html", (), None))))
    two = cmi5.manifest_xml(_plan((Organisation("p", "P", ("a", "b", "c")),)))
    ids_one = {a["url"]: a["id"] for a in cmi5.aus(one)}
    ids_two = {a["url"]: a["id"] for a in cmi5.aus(two)}
    assert ids_two["a.html"] == ids_one["a.html"] and ids_two["b.html"] == ids_one["b.html"]
    assert cmi5.manifest_xml(_plan((Organisation("p", "P", ("a", "b", "c")),))) == two


def test_without_paths_aus_are_top_level_and_shared_modules_appear_once():
    flat = cmi5.manifest_xml(_plan((Organisation("course", "Ladder safety", ("a", "b", "c")),)))
    assert cmi5.schema_errors(flat) == []
    tree = etree.fromstring(flat)
    assert tree.xpath("//c:block", namespaces=NS) == []
    assert [a["masteryScore"] for a in cmi5.aus(flat)] == ["0.8", None, "0.6667"]
    paths = cmi5.manifest_xml(_plan((Organisation("p1", "One", ("a", "b")), Organisation("p2", "Two", ("b", "c")),
                                     Organisation("p3", "Three", ("a",)))))
    assert cmi5.schema_errors(paths) == []
    tree = etree.fromstring(paths)
    blocks = tree.xpath("//c:block", namespaces=NS)
    assert [[au.findtext("c:url", namespaces=NS) for au in b.xpath("c:au", namespaces=NS)] for b in blocks] == \
        [["a.html", "b.html"], ["c.html"]]                    # p3 brought nothing new: no empty block
    assert cmi5.course_iri(_plan((Organisation("p1", "One", ("a",)), Organisation("p2", "Two", ("b",))))) == \
        "urn:x-micromodule-studio:ladder-safety"


def test_the_schema_and_structure_checks_catch_breakage():
    xml = cmi5.manifest_xml(_plan((Organisation("p", "P", ("a", "b", "c")),)))
    assert cmi5.schema_errors(xml.replace(b'moveOn="Completed"', b'moveOn="Finished"'))
    assert cmi5.schema_errors(xml.replace(b'masteryScore="0.8"', b'masteryScore="80"'))
    assert cmi5.schema_errors(xml.replace(b"<url>a.html</url>", b""))
    assert cmi5.schema_errors(b"<courseStructure") != []
    assert cmi5.structure_problems(xml, {"a.html", "b.html"}) == \
        ["cmi5.xml: AU urn:x-micromodule-studio:ladder-safety/path/p/au/c launches c.html, which is not in the zip"]
    absolute = xml.replace(b"<url>a.html</url>", b"<url>https://example.com/a.html</url>")
    assert "not relative" in cmi5.structure_problems(absolute, {"a.html", "b.html", "c.html"})[0]


def test_builds_are_byte_identical(packages, small_course_template, tmp_path):
    for fmt in ("cmi5", "xapi"):
        again = build(small_course_template / "course.yaml", fmt, tmp_path / fmt)
        assert again.read_bytes() == packages[fmt].read_bytes(), fmt


def test_tincan_xml_launches_the_course_page_and_lists_every_module(packages):
    with zipfile.ZipFile(packages["xapi"]) as archive:
        names = set(archive.namelist())
        xml = archive.read("tincan.xml")
    assert xapi.problems(xml, names) == []
    tree = etree.fromstring(xml)
    ns = {"t": xapi.NS}
    activities = tree.xpath("//t:activity", namespaces=ns)
    assert [a.get("id") for a in activities] == ["urn:x-micromodule-studio:ladder-safety/path/ladders",
                                                 "urn:x-micromodule-studio:ladder-safety/path/ladders/choose-ladder",
                                                 "urn:x-micromodule-studio:ladder-safety/path/ladders/set-up-ladder"]
    assert tree.xpath("//t:launch/text()", namespaces=ns) == ["index.html"]
    assert all(a.xpath("t:name", namespaces=ns) and a.xpath("t:description", namespaces=ns) for a in activities)
    assert xapi.problems(xml.replace(b"<launch", b"<launch").replace(b">index.html<", b">gone.html<"), names) == \
        ["tincan.xml: launch gone.html is not in the zip"]
    assert xapi.problems(b"<tincan", names)[0].startswith("tincan.xml is not well-formed")


def test_the_self_test_refuses_a_broken_cmi5_zip(packages, tmp_path):
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(packages["cmi5"]) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "cmi5.xml":
                data = data.replace(b'moveOn="Completed"', b'moveOn="Never"')
            dst.writestr(info, data)
        dst.writestr("stray.txt", b"x")
    with pytest.raises(selftest.SelfTestFailed, match="cmi5.xml"):
        selftest.run(broken, cmi5, pages=["choose-ladder.html", "set-up-ladder.html"], player_bytes=1)


def test_the_build_report_names_the_manifest_checks(small_course_template, tmp_path, capsys):
    from studio.cli.app import run
    assert run(["build", str(small_course_template / "course.yaml"), "--format", "cmi5", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "cmi5.xml: choose-ladder.html moveOn CompletedAndPassed, masteryScore 0.8; set-up-ladder.html moveOn Completed" in out
    assert "self-test: passed" in out


def test_cmi5_and_xapi_pages_may_reach_the_lrs_but_load_nothing_else(packages):
    for fmt, page in (("cmi5", "choose-ladder.html"), ("xapi", "index.html")):
        with zipfile.ZipFile(packages[fmt]) as archive:
            text = archive.read(page).decode()
            adapter = archive.read(f"{fmt}.js").decode()
        assert "connect-src *" in text and "script-src 'self'" in text and "default-src 'none'" in text
        assert f'<script src="{fmt}.js"></script>' in text
        assert "MMS.lrs = " in adapter                     # the shared LRS client ships inside the adapter
