"""IMS Content Packaging, the part SCORM 1.2 and SCORM 2004 manifests share: elements,
the resources (one SCO per module plus the player as an asset), and reading a manifest back."""
from __future__ import annotations

from lxml import etree

from studio.export.plan import PackagePlan


def element(parent, ns: str, tag: str, text: str | None = None, **attrs):
    """A child element in namespace ``ns``; attributes whose value is None are left out."""
    node = etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def add_resources(root, plan: PackagePlan, cp: str, scorm_type: str) -> None:
    """One SCO resource per module (its page and media, depending on the player) and the player.

    ``scorm_type`` is the qualified attribute name, which the two versions spell differently
    (``adlcp:scormtype`` in 1.2, ``adlcp:scormType`` in 2004, in different namespaces)."""
    resources = element(root, cp, "resources")
    for entry in plan.modules:
        res = element(resources, cp, "resource", identifier=f"RES-{entry.id}", type="webcontent", href=entry.page)
        res.set(scorm_type, "sco")
        for name in sorted({entry.page, *entry.media}):
            element(res, cp, "file", href=name)
        element(res, cp, "dependency", identifierref="RES-player")
    player = element(resources, cp, "resource", identifier="RES-player", type="webcontent")
    player.set(scorm_type, "asset")
    for name in sorted(plan.player_files):
        element(player, cp, "file", href=name)


def to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_errors(schema, xml: bytes) -> list[str]:
    """Every way ``xml`` breaks ``schema`` (an xmlschema.XMLSchema), empty when valid."""
    return [str(e.reason or e.message) + (f" at {e.path}" if e.path else "")
            for e in schema.iter_errors(etree.fromstring(xml))]


def referenced_files(xml: bytes, cp: str) -> list[str]:
    """Every ``file`` and launch ``href`` the manifest names."""
    tree = etree.fromstring(xml)
    names = [f.get("href") for f in tree.iter(f"{{{cp}}}file")]
    names += [r.get("href") for r in tree.iter(f"{{{cp}}}resource") if r.get("href")]
    return names
