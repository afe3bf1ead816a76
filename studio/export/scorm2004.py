"""SCORM 2004 4th edition: ``imsmanifest.xml`` (IMS CP 1.1.4 + ADL CP/SEQ/NAV 1.3 + IMS Simple
Sequencing 1.0) for a package plan.

One SCO per module (``adlcp:scormType="sco"``, its launch page and media as its files, a
dependency on one shared asset resource for the player), one organisation per path (the
first is the default) or one of all the course's modules. Metadata is the ADL schema and
version only: the 2004 schemas do not require LOM, and titles live in the organisations.

Sequencing — the rule set, and why (``_sequencing``):

* Organisation: ``controlMode choice="true" flow="true"``. Flow so Continue/Previous work
  (the default is choice only), choice so the learner can reopen a module from the LMS's
  table of contents. Nothing stricter (``forwardOnly``, ``constrainChoice``): those are
  where LMS implementations differ most, and the gate below already enforces the order.
* Every module: a primary objective. With a pass mark, ``satisfiedByMeasure="true"`` and
  ``minNormalizedMeasure`` = pass mark / 100 — the LMS decides passed from
  ``cmi.score.scaled`` even if it ignores what the SCO says, and some LMSs read the pass
  mark only from here. It writes its satisfied status to a global objective named after the
  package and the module (``writeSatisfiedStatus``; global objectives are the part of
  Simple Sequencing that every 2004 LMS implements).
* Every module after the first of its organisation: a local objective that reads the
  previous module's global objective, and a ``preConditionRule`` with action ``disabled``
  when that objective is *not satisfied* **or** *not known* (``conditionCombination="any"``;
  "not satisfied" alone evaluates to unknown, not true, while nothing is known, so the
  second condition is what closes the module on first launch). ``disabled`` rather than
  ``hiddenFromChoice``: learners see the whole path, greyed until its turn, and a flow
  Continue into a disabled module is refused, so no way round the order remains.
* ``deliveryControls completionSetByContent="true"`` everywhere (the SCO reports completion;
  otherwise the LMS marks a module completed as soon as it is launched). A module with a
  pass mark also has ``objectiveSetByContent="true"``: only its score satisfies it. A module
  without one keeps ``objectiveSetByContent="false"``: the LMS marks its objective satisfied
  when the learner ends the attempt (not on suspend), which is exactly "finished" — so the
  next module opens without the SCO ever claiming a ``passed`` it did not measure.
* ``adlseq:objectivesGlobalToSystem="false"`` on every organisation: the global objectives
  stay inside this package for this learner, never shared with another course that happens
  to use the same names.
"""
from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from studio.export import ims_cp, validated
from studio.export.ims_cp import add_resources, element, to_bytes
from studio.export.plan import ModuleEntry, Organisation, PackagePlan

NAME = "scorm2004"
ADAPTER = "scorm2004.js"
MANIFEST = "imsmanifest.xml"
ONE_PAGE = False   # one launch page per module: one SCO each
SCHEMAS = Path(__file__).resolve().parent / "schemas" / "scorm2004_4th"   # copied from ../shared/schemas
SCHEMA_VERSION = "2004 4th Edition"
SUSPEND_DATA_LIMIT = 64000   # cmi.suspend_data, SPM of the 4th edition RTE

CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_LOCATIONS = (f"{CP} imscp_v1p1.xsd {ADLCP} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
              f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd")
PREVIOUS = "urn:mms:previous-module"   # the local objective of a module that mirrors the one before it


def measure(pass_mark: float) -> str:
    """A pass mark in percent as a normalised measure in [0, 1] (at most 4 decimals)."""
    value = min(max(pass_mark / 100, 0.0), 1.0)
    return f"{value:.4f}".rstrip("0").rstrip(".") if value not in (0.0, 1.0) else f"{value:.1f}"


def global_objective(plan: PackagePlan, module_id: str) -> str:
    return f"urn:mms:{plan.identifier}:{module_id}"


def _sequencing(item, plan: PackagePlan, entry: ModuleEntry, previous: str | None) -> None:
    seq = element(item, IMSSS, "sequencing")
    if previous is not None:
        rule = element(element(seq, IMSSS, "sequencingRules"), IMSSS, "preConditionRule")
        conditions = element(rule, IMSSS, "ruleConditions", conditionCombination="any")
        element(conditions, IMSSS, "ruleCondition", referencedObjective=PREVIOUS, operator="not", condition="satisfied")
        element(conditions, IMSSS, "ruleCondition", referencedObjective=PREVIOUS, operator="not",
            condition="objectiveStatusKnown")
        element(rule, IMSSS, "ruleAction", action="disabled")
    objectives = element(seq, IMSSS, "objectives")
    graded = entry.pass_mark is not None
    primary = element(objectives, IMSSS, "primaryObjective", objectiveID=f"urn:mms:objective:{entry.id}",
                  satisfiedByMeasure="true" if graded else None)
    if graded:
        element(primary, IMSSS, "minNormalizedMeasure", measure(entry.pass_mark))
    element(primary, IMSSS, "mapInfo", targetObjectiveID=global_objective(plan, entry.id),
        readSatisfiedStatus="false", readNormalizedMeasure="false", writeSatisfiedStatus="true")
    if previous is not None:
        secondary = element(objectives, IMSSS, "objective", objectiveID=PREVIOUS)
        element(secondary, IMSSS, "mapInfo", targetObjectiveID=global_objective(plan, previous),
            readSatisfiedStatus="true", readNormalizedMeasure="false", writeSatisfiedStatus="false")
    element(seq, IMSSS, "deliveryControls", completionSetByContent="true",
        objectiveSetByContent="true" if graded else "false")


def _organisation(parent, plan: PackagePlan, org: Organisation) -> None:
    node = element(parent, CP, "organization", identifier=f"ORG-{org.id}")
    node.set(f"{{{ADLSEQ}}}objectivesGlobalToSystem", "false")
    element(node, CP, "title", org.title)
    previous = None
    for module_id in org.modules:
        entry = plan.module(module_id)
        item = element(node, CP, "item", identifier=f"ITEM-{org.id}-{module_id}",
                   identifierref=f"RES-{module_id}", isvisible="true")
        element(item, CP, "title", entry.title)
        _sequencing(item, plan, entry, previous)
        previous = module_id
    seq = element(node, IMSSS, "sequencing")
    element(seq, IMSSS, "controlMode", choice="true", flow="true")


def manifest_xml(plan: PackagePlan) -> bytes:
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "adlcp": ADLCP, "adlseq": ADLSEQ, "adlnav": ADLNAV,
                                                      "imsss": IMSSS, "xsi": XSI})
    root.set("identifier", plan.identifier)
    root.set("version", "1.0")
    root.set(f"{{{XSI}}}schemaLocation", _LOCATIONS)
    metadata = element(root, CP, "metadata")
    element(metadata, CP, "schema", "ADL SCORM")
    element(metadata, CP, "schemaversion", SCHEMA_VERSION)
    organisations = element(root, CP, "organizations", default=f"ORG-{plan.organisations[0].id}")
    for org in plan.organisations:
        _organisation(organisations, plan, org)
    add_resources(root, plan, CP, f"{{{ADLCP}}}scormType")
    return to_bytes(root)


def manifest_files(plan: PackagePlan) -> dict[str, bytes]:
    return {MANIFEST: manifest_xml(plan)}


@functools.lru_cache(maxsize=1)
def _schema():
    # xmlschema, as for 1.2. imscp_v1p1.xsd imports the xml namespace from w3.org: the local
    # copy is given first and nothing may be fetched (allow="local"). The extension
    # namespaces are loaded too, so the CP's lax wildcards validate every imsss/adl element.
    import xmlschema
    return xmlschema.XMLSchema(
        str(SCHEMAS / "imscp_v1p1.xsd"), allow="local",
        locations=[(XML_NS, str(SCHEMAS / "xml.xsd")), (ADLCP, str(SCHEMAS / "adlcp_v1p3.xsd")),
                   (ADLSEQ, str(SCHEMAS / "adlseq_v1p3.xsd")), (ADLNAV, str(SCHEMAS / "adlnav_v1p3.xsd")),
                   (IMSSS, str(SCHEMAS / "imsss_v1p0.xsd"))])


def schema_errors(xml: bytes) -> list[str]:
    """Every way ``xml`` breaks the official SCORM 2004 4th edition schemas (empty when valid)."""
    return validated.errors_of(xml, SCHEMAS, lambda data: ims_cp.schema_errors(_schema(), data))


def referenced_files(xml: bytes) -> list[str]:
    """Every ``file`` and launch ``href`` the manifest names."""
    return ims_cp.referenced_files(xml, CP)


def structure_problems(xml: bytes) -> list[str]:
    """What the schemas cannot see: the 4th edition version string, SCOs with a launch page,
    every item pointing at a resource, and each gate reading the module just before it."""
    tree = etree.fromstring(xml)
    ns = {"cp": CP, "adlcp": ADLCP, "imsss": IMSSS}
    problems = []
    if tree.findtext("cp:metadata/cp:schemaversion", namespaces=ns) != SCHEMA_VERSION:
        problems.append(f"schemaversion is not '{SCHEMA_VERSION}'")
    resources = {r.get("identifier"): r for r in tree.iterfind("cp:resources/cp:resource", ns)}
    for res in resources.values():
        if res.get(f"{{{ADLCP}}}scormType") == "sco" and not res.get("href"):
            problems.append(f"SCO {res.get('identifier')} has no launch page")
    for org in tree.iterfind("cp:organizations/cp:organization", ns):
        wrote = None
        for item in org.iterfind("cp:item", ns):
            ref = resources.get(item.get("identifierref"))
            if ref is None or ref.get(f"{{{ADLCP}}}scormType") != "sco":
                problems.append(f"item {item.get('identifier')} does not launch a SCO")
            read = item.xpath("imsss:sequencing/imsss:objectives/imsss:objective/imsss:mapInfo/@targetObjectiveID",
                              namespaces=ns)
            if wrote is not None and read != [wrote]:
                problems.append(f"item {item.get('identifier')} is not gated on the module before it")
            written = item.xpath("imsss:sequencing/imsss:objectives/imsss:primaryObjective/imsss:mapInfo"
                                 "[@writeSatisfiedStatus='true']/@targetObjectiveID", namespaces=ns)
            wrote = written[0] if written else None
    return problems
