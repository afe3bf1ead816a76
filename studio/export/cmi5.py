"""cmi5: ``cmi5.xml`` (the cmi5 Course Structure) for a package plan.

- **One AU per module**, launched by its own page (``<module>.html``, a relative ``url``),
  ``launchMethod="AnyWindow"``, ``moveOn`` from the module (``CompletedAndPassed`` when it has
  a pass mark, ``Completed`` otherwise) and ``masteryScore`` = pass mark / 100.
- **Blocks**: a course without paths lists its AUs at the top level, in course order. A
  course with paths gets one block per path (``--path`` gives exactly one), the AUs in path
  order. A module that two paths share is one AU (one set of results per learner), placed in
  the first path that names it; a path whose modules all came earlier gets no block (the
  schema wants at least one AU per block). Build with ``--path`` for one course per path.
- **Stable IRIs**, derived from the course's slug, the path and the module ids only, so the
  same course builds the same ids every time (and adding a module changes no other id):
  ``urn:x-micromodule-studio:<course>[/path/<path>]`` for the course,
  ``…/au/<module>``, ``…/block/<path>``, ``…/objective/<module>``. URNs claim no web domain
  that the author may not control, and are valid ``xs:anyURI``/xAPI IRIs.

The AU's runtime is ``player/cmi5.js`` (on ``player/lrs.js``).
"""
from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from studio.export.delivery import ascii_slug
from studio.export.plan import ModuleEntry, PackagePlan

NAME = "cmi5"
ADAPTER = "cmi5.js"
MANIFEST = "cmi5.xml"
ONE_PAGE = False   # one launch page per module: one AU each
SCHEMA = Path(__file__).resolve().parent / "schemas" / "cmi5" / "CourseStructure.xsd"
NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
IRI_ROOT = "urn:x-micromodule-studio:"
MOVE_ON = ("NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed")


def _single_path(plan: PackagePlan) -> str | None:
    orgs = plan.organisations
    return orgs[0].id if len(orgs) == 1 and orgs[0].id != "course" else None


def course_iri(plan: PackagePlan) -> str:
    base = IRI_ROOT + ascii_slug(plan.title, "course")
    path = _single_path(plan)
    return f"{base}/path/{ascii_slug(path)}" if path else base


def au_iri(plan: PackagePlan, module_id: str) -> str:
    return f"{course_iri(plan)}/au/{module_id}"


def block_iri(plan: PackagePlan, path_id: str) -> str:
    return f"{course_iri(plan)}/block/{ascii_slug(path_id)}"


def move_on(entry: ModuleEntry) -> str:
    return "CompletedAndPassed" if entry.pass_mark is not None else "Completed"


def mastery_score(pass_mark: float) -> str:
    """pass mark (percent) / 100 as the schema's decimal in [0, 1], at most 4 decimals."""
    value = min(max(pass_mark, 0.0), 100.0) / 100
    return f"{value:.4f}".rstrip("0").rstrip(".") if value not in (0.0, 1.0) else f"{value:g}"


def _el(parent, tag: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def _text(parent, tag: str, text: str, lang: str) -> None:
    _el(_el(parent, tag), "langstring", text, lang=lang)


def layout(plan: PackagePlan) -> list[tuple[str | None, str, tuple[str, ...]]]:
    """[(path id or None, title, module ids)]: one AU per module, in path order (see the docstring)."""
    if _single_path(plan) is None and plan.organisations[0].id == "course":
        return [(None, plan.title, plan.organisations[0].modules)]
    placed: set[str] = set()
    groups = []
    for org in plan.organisations:
        fresh = tuple(mid for mid in org.modules if mid not in placed)
        placed.update(fresh)
        if fresh:
            groups.append((org.id, org.title, fresh))
    return groups


def manifest_xml(plan: PackagePlan) -> bytes:
    lang = plan.language
    root = etree.Element(f"{{{NS}}}courseStructure", nsmap={None: NS})
    course = _el(root, "course", id=course_iri(plan))
    _text(course, "title", plan.title, lang)
    _text(course, "description", plan.description or plan.title, lang)
    with_objective = [e for e in plan.modules if e.objective]
    if with_objective:
        objectives = _el(root, "objectives")
        for entry in with_objective:
            node = _el(objectives, "objective", id=f"{course_iri(plan)}/objective/{entry.id}")
            _text(node, "title", entry.objective, lang)
            _text(node, "description", f"{entry.title}: {entry.objective}", lang)
    for path_id, title, module_ids in layout(plan):
        parent = root
        if path_id is not None:
            parent = _el(root, "block", id=block_iri(plan, path_id))
            _text(parent, "title", title, lang)
            _text(parent, "description", title, lang)
        for module_id in module_ids:
            entry = plan.module(module_id)
            au = _el(parent, "au", id=au_iri(plan, entry.id), moveOn=move_on(entry),
                     masteryScore=None if entry.pass_mark is None else mastery_score(entry.pass_mark),
                     launchMethod="AnyWindow")
            _text(au, "title", entry.title, lang)
            _text(au, "description", entry.objective or entry.title, lang)
            if entry.objective:
                _el(_el(au, "objectives"), "objective", idref=f"{course_iri(plan)}/objective/{entry.id}")
            _el(au, "url", entry.page)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def manifest_files(plan: PackagePlan) -> dict[str, bytes]:
    return {MANIFEST: manifest_xml(plan)}


@functools.lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def schema_errors(xml: bytes) -> list[str]:
    """Every way ``xml`` breaks the official cmi5 CourseStructure.xsd (empty when valid)."""
    try:
        doc = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    schema = _schema()
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def aus(xml: bytes) -> list[dict]:
    """The AUs in document order: id, url, moveOn, masteryScore, launchMethod."""
    tree = etree.fromstring(xml)
    return [{"id": au.get("id"), "url": (au.findtext(f"{{{NS}}}url") or "").strip(),
             "moveOn": au.get("moveOn", "NotApplicable"), "masteryScore": au.get("masteryScore"),
             "launchMethod": au.get("launchMethod", "AnyWindow")}
            for au in tree.iter(f"{{{NS}}}au")]


def structure_problems(xml: bytes, names: set[str]) -> list[str]:
    """Beyond the schema: AU urls relative and in the zip, ids unique."""
    problems = []
    tree = etree.fromstring(xml)
    ids = [n.get("id") for n in tree.iter() if n.get("id") is not None]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"cmi5.xml: ids used twice: {', '.join(duplicates[:5])}")
    for au in aus(xml):
        url = urlsplit(au["url"])
        if url.scheme or url.netloc or url.path.startswith("/"):
            problems.append(f"cmi5.xml: AU {au['id']} url is not relative: {au['url']}")
        elif url.path not in names:
            problems.append(f"cmi5.xml: AU {au['id']} launches {url.path}, which is not in the zip")
    return problems
