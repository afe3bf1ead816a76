"""SCORM 1.2: ``imsmanifest.xml`` (IMS CP 1.1.2 + ADL CP 1.2) for a package plan.

One SCO per module, its launch page plus its media as the SCO's files and a dependency on
one shared asset resource (the player). One organisation per path (the first is the
default), or one of all the course's modules when the course has no path. The pass mark
goes into ``adlcp:masteryscore`` as well, because some LMSs read it only from there.
"""
from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from studio.export import ims_cp, validated
from studio.export.ims_cp import add_resources, element, to_bytes
from studio.export.plan import PackagePlan

NAME = "scorm12"
ADAPTER = "scorm12.js"
MANIFEST = "imsmanifest.xml"
ONE_PAGE = False   # one launch page per module: one SCO each
SCHEMAS = Path(__file__).resolve().parent / "schemas" / "scorm12"   # copied from ../shared/schemas
LOM_DESCRIPTION_MAX = 1000

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
MD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LOCATIONS = f"{CP} imscp_rootv1p1p2.xsd {MD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis when it must be cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _langstring(parent, tag: str, text: str, lang: str) -> None:
    holder = element(parent, MD, tag)
    element(holder, MD, "langstring", text, **{XML_LANG: lang})


def _mastery(pass_mark: float) -> str:
    # The 1.2 schema's masteryscore is a decimal 0-100; LMSs compare it with score.raw.
    return f"{pass_mark:g}"


def manifest_xml(plan: PackagePlan) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "adlcp": ADLCP, "imsmd": MD, "xsi": XSI})
    root.set("identifier", plan.identifier)
    root.set("version", "1.0")
    root.set(f"{{{XSI}}}schemaLocation", _LOCATIONS)
    metadata = element(root, CP, "metadata")
    element(metadata, CP, "schema", "ADL SCORM")
    element(metadata, CP, "schemaversion", "1.2")
    general = element(element(metadata, MD, "lom"), MD, "general")
    _langstring(general, "title", plan.title, plan.language)
    _langstring(general, "description", shorten(plan.description, LOM_DESCRIPTION_MAX), plan.language)

    organisations = element(root, CP, "organizations", default=f"ORG-{plan.organisations[0].id}")
    for org in plan.organisations:
        node = element(organisations, CP, "organization", identifier=f"ORG-{org.id}")
        element(node, CP, "title", org.title)
        for module_id in org.modules:
            entry = plan.module(module_id)
            item = element(node, CP, "item", identifier=f"ITEM-{org.id}-{module_id}",
                       identifierref=f"RES-{module_id}", isvisible="true")
            element(item, CP, "title", entry.title)
            if entry.pass_mark is not None:
                element(item, ADLCP, "masteryscore", _mastery(entry.pass_mark))

    add_resources(root, plan, CP, f"{{{ADLCP}}}scormtype")
    return to_bytes(root)


def manifest_files(plan: PackagePlan) -> dict[str, bytes]:
    return {MANIFEST: manifest_xml(plan)}


@functools.lru_cache(maxsize=1)
def _schema():
    # xmlschema, not lxml: ims_xml.xsd declares the xml namespace as its default namespace,
    # which libxml2 refuses. imsmd is not UPA-deterministic, hence lax building; instance
    # validation stays strict.
    import xmlschema
    return xmlschema.XMLSchema(
        str(SCHEMAS / "adlcp_rootv1p2.xsd"), validation="lax", allow="local",
        locations=[(MD, str(SCHEMAS / "imsmd_rootv1p2p1.xsd")), (CP, str(SCHEMAS / "imscp_rootv1p1p2.xsd"))])


def schema_errors(xml: bytes) -> list[str]:
    """Every way ``xml`` breaks the official SCORM 1.2 schemas (empty when valid)."""
    return validated.errors_of(xml, SCHEMAS, lambda data: ims_cp.schema_errors(_schema(), data))


def referenced_files(xml: bytes) -> list[str]:
    """Every ``file`` and launch ``href`` the manifest names."""
    return ims_cp.referenced_files(xml, CP)


def descriptions(xml: bytes) -> list[str]:
    tree = etree.fromstring(xml)
    return [s.text or "" for d in tree.iter(f"{{{MD}}}description") for s in d.iter(f"{{{MD}}}langstring")]
