"""xAPI (Tin Can): ``tincan.xml``, the launch file Rustici's Tin Can packaging defined.

One launchable activity, the course (or the path with ``--path``): ``index.html`` holds every
module with a menu, because most LMSs launch only the first activity that has a ``launch``.
Each module is listed after it as an activity of its own (id, name, description; no launch),
and its statements use that id. The LMS launches ``index.html`` with the usual query
parameters — ``endpoint``, ``auth``, ``actor``, ``registration``, ``activity_id`` — read by
``player/xapi.js`` (on ``player/lrs.js``). Ids follow cmi5.py's stable IRIs: the course's
IRI, and ``<course IRI>/<module id>`` for a module.
"""
from __future__ import annotations

from lxml import etree

from studio.export import cmi5
from studio.export.plan import PackagePlan

NAME = "xapi"
ADAPTER = "xapi.js"
MANIFEST = "tincan.xml"
INDEX = "index.html"
ONE_PAGE = True    # all modules on one page, with a menu: one launch for the LMS
NS = "http://projecttincan.com/tincan.xsd"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"


def course_iri(plan: PackagePlan) -> str:
    return cmi5.course_iri(plan)


def module_iri(plan: PackagePlan, module_id: str) -> str:
    return f"{course_iri(plan)}/{module_id}"


def _el(parent, tag: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def manifest_xml(plan: PackagePlan) -> bytes:
    lang = plan.language
    root = etree.Element(f"{{{NS}}}tincan", nsmap={None: NS})
    activities = _el(root, "activities")
    course = _el(activities, "activity", id=course_iri(plan), type=COURSE_TYPE)
    title = plan.organisations[0].title if len(plan.organisations) == 1 else plan.title
    _el(course, "name", title, lang=lang)
    _el(course, "description", plan.description or title, lang=lang)
    _el(course, "launch", INDEX, lang=lang)
    for entry in plan.modules:
        node = _el(activities, "activity", id=module_iri(plan, entry.id), type=MODULE_TYPE)
        _el(node, "name", entry.title, lang=lang)
        _el(node, "description", entry.objective or entry.title, lang=lang)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def manifest_files(plan: PackagePlan) -> dict[str, bytes]:
    return {MANIFEST: manifest_xml(plan)}


def problems(xml: bytes, names: set[str]) -> list[str]:
    """tincan.xml well-formed, in the Tin Can namespace, every activity with an id and a name,
    at least one launch, every launch file in the zip."""
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"tincan.xml is not well-formed: {exc}"]
    if root.tag != f"{{{NS}}}tincan":
        return [f"tincan.xml: root element {root.tag}, not tincan in {NS}"]
    found, launches = [], []
    ids = []
    for activity in root.iter(f"{{{NS}}}activity"):
        ids.append(activity.get("id"))
        if not activity.get("id") or activity.find(f"{{{NS}}}name") is None:
            found.append("tincan.xml: an activity without an id or a name")
        launches += [(n.text or "").strip() for n in activity.iter(f"{{{NS}}}launch")]
    if len(set(ids)) != len(ids):
        found.append("tincan.xml: an activity id used twice")
    if not launches:
        found.append("tincan.xml: no activity has a launch")
    found += [f"tincan.xml: launch {name} is not in the zip" for name in launches if name not in names]
    return found


def launches(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    return [(n.text or "").strip() for n in root.iter(f"{{{NS}}}launch")]
