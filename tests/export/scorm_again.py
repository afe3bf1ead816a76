"""scorm-again (npm) as a second, independent LMS-side runtime for the SCORM tests.

The tests install it themselves, once, into a cache folder reused by later runs; an install
is written to a temporary folder and renamed into place, so an interrupted one is never used.
The LMS pages load its dist build and lms/scorm_again_lms.js, which records every call with
the error code scorm-again gave it. ``sequencing_from_manifest`` is the LMS's part of
sequencing: our imsmanifest.xml turned into scorm-again's activity tree settings."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.export.conftest import LMS_DIR, build, unzip

VERSION = "3.4.3"
NPM = os.environ.get("STUDIO_NPM", "npm")
INSTALL_TIMEOUT = 180

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Test LMS (scorm-again {version})</title>
<script src="init.js"></script>
<script src="scorm-again/{dist}"></script>
<script src="scorm_again_lms.js"></script>
</head>
<body>
<iframe id="sco" title="Course" style="width:100%;height:90vh;border:0"></iframe>
{launch}
</body>
</html>
"""
DIST = {"scorm12": "scorm12.js", "scorm2004": "scorm2004.js"}


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "studio-tests"


def _installed(folder: Path) -> Path | None:
    package = folder / "node_modules" / "scorm-again"
    try:
        version = json.loads((package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None
    dist = package / "dist"
    return dist if version == VERSION and all((dist / name).is_file() for name in DIST.values()) else None


def _sweep(root: Path) -> None:
    """Temp folders of installs interrupted over an hour ago (a live one is younger)."""
    for stale in root.glob(f".scorm-again-{VERSION}.part-*"):
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            pass


def install(root: Path) -> Path:
    """scorm-again's dist folder, installed under ``root`` when not there yet; skips the test
    with npm's own words when npm or the registry is unavailable."""
    final = root / f"scorm-again-{VERSION}"
    dist = _installed(final)
    if dist:
        return dist
    npm = shutil.which(NPM)
    if not npm:
        pytest.skip(f"scorm-again tests need npm to install scorm-again@{VERSION}; no {NPM!r} on PATH")
    root.mkdir(parents=True, exist_ok=True)
    _sweep(root)
    part = Path(tempfile.mkdtemp(prefix=f".scorm-again-{VERSION}.part-", dir=root))
    try:
        env = dict(os.environ, npm_config_audit="false", npm_config_fund="false",
                   npm_config_update_notifier="false", npm_config_loglevel="error",
                   npm_config_fetch_retries="1")
        try:
            done = subprocess.run([npm, "install", "--no-save", "--prefix", str(part), f"scorm-again@{VERSION}"],
                                  capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            pytest.skip(f"npm install scorm-again@{VERSION} took over {INSTALL_TIMEOUT} s (registry unreachable?)")
        if done.returncode != 0:
            said = [line.removeprefix("npm error").strip() for line in (done.stderr or done.stdout).splitlines()]
            said = [line for line in said if line and not line.startswith("A complete log")]
            pytest.skip(f"npm install scorm-again@{VERSION} failed (exit {done.returncode}): "
                        f"{' / '.join(said[:3]) or 'no message'}")
        if not _installed(part):
            raise AssertionError(f"npm installed scorm-again@{VERSION} into {part} without its dist build")
        try:
            os.rename(part, final)
        except OSError:
            if not _installed(final):          # not another run that finished first
                raise
    finally:
        shutil.rmtree(part, ignore_errors=True)
    return _installed(final)


@pytest.fixture(scope="session")
def scorm_again_dist() -> Path:
    return install(cache_root())


@pytest.fixture
def scorm_again_site(tmp_path, serve, scorm_again_dist):
    """``site(zip, fmt) -> base URL``: the package unzipped under pkg/ beside scorm-again's
    LMS pages: lms.html launches ?sco=, sequenced.html lets scorm-again's sequencing deliver."""
    def start(package: Path, fmt: str) -> str:
        site = tmp_path / f"site-{package.stem}"
        unzip(package, site / "pkg")
        (site / "scorm-again").mkdir()
        shutil.copy2(scorm_again_dist / DIST[fmt], site / "scorm-again" / DIST[fmt])
        for name in ("init.js", "launch.js", "scorm_again_lms.js"):
            shutil.copy2(LMS_DIR / name, site / name)
        page = PAGE.replace("{version}", VERSION).replace("{dist}", DIST[fmt])
        (site / "lms.html").write_text(page.replace("{launch}", '<script src="launch.js"></script>'))
        (site / "sequenced.html").write_text(page.replace("{launch}", ""))
        return serve(site)
    return start


def calls(page) -> list[list[str]]:
    """``[name, *args, result, error code]`` for every call the SCO made, in order."""
    return page.evaluate("window.LMS.calls")


def refused(log: list[list[str]], *allowed: str) -> list[list[str]]:
    """The calls scorm-again answered with an error code other than 0 and ``allowed``."""
    return [c for c in log if c[-1] not in ("0", *allowed)]


def values_set(log: list[list[str]], setter: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for call in log:
        if call[0] == setter:
            out.setdefault(call[1], []).append(call[2])
    return out


def log_errors(page) -> list[str]:
    """What scorm-again logged at WARN or ERROR (its levels: 1 debug .. 4 error)."""
    return [message for level, message in page.evaluate("window.LMS.log") if level in ("3", "4", "WARN", "ERROR")]


# ---- the LMS's reading of our manifest, for scorm-again's sequencing ----

NS = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "ss": "http://www.imsglobal.org/xsd/imsss"}
_SS = "{%s}" % NS["ss"]
# What our manifests use and this reader translates; anything else fails the test, since an
# element read past silently would leave scorm-again sequencing something else.
KNOWN = {f"{_SS}{name}" for name in ("sequencing", "controlMode", "sequencingRules", "preConditionRule", "ruleConditions",
                                      "ruleCondition", "ruleAction", "objectives", "primaryObjective", "objective",
                                      "minNormalizedMeasure", "mapInfo", "deliveryControls")}


def _bool(value: str | None) -> bool | None:
    return None if value is None else value == "true"


def _objective(node, primary: bool) -> dict:
    out = {"objectiveID": node.get("objectiveID"), "isPrimary": primary,
           "satisfiedByMeasure": _bool(node.get("satisfiedByMeasure")) or False}
    measure = node.find("ss:minNormalizedMeasure", NS)
    if measure is not None:
        out["minNormalizedMeasure"] = float(measure.text)
    maps = [{key: (_bool(value) if key != "targetObjectiveID" else value) for key, value in m.attrib.items()}
            for m in node.findall("ss:mapInfo", NS)]
    if maps:
        out["mapInfo"] = maps
    return out


def _sequencing(node) -> dict:
    out: dict = {}
    if node is None:
        return out
    for child in node.iter():
        if child.tag.startswith(_SS) and child.tag not in KNOWN:
            raise AssertionError(f"sequencing_from_manifest does not read <{child.tag}> yet")
    control = node.find("ss:controlMode", NS)
    if control is not None:
        out["sequencingControls"] = {key: _bool(value) for key, value in control.attrib.items()}
    rules = []
    for rule in node.findall("ss:sequencingRules/ss:preConditionRule", NS):
        conditions = rule.find("ss:ruleConditions", NS)
        rules.append({"action": rule.find("ss:ruleAction", NS).get("action"),
                      "conditionCombination": conditions.get("conditionCombination", "all"),
                      "conditions": [dict(c.attrib) for c in conditions.findall("ss:ruleCondition", NS)]})
    if rules:
        out["sequencingRules"] = {"preConditionRules": rules}
    primary = node.find("ss:objectives/ss:primaryObjective", NS)
    if primary is not None:
        out["primaryObjective"] = _objective(primary, True)
    others = [_objective(o, False) for o in node.findall("ss:objectives/ss:objective", NS)]
    if others:
        out["objectives"] = others
    delivery = node.find("ss:deliveryControls", NS)
    if delivery is not None:
        out["deliveryControls"] = {key: _bool(value) for key, value in delivery.attrib.items()}
    return out


def sequencing_from_manifest(manifest: str) -> tuple[dict, dict[str, str]]:
    """(scorm-again ``sequencing`` settings for the default organisation, item id -> launch href)."""
    root = ET.fromstring(manifest)
    orgs = root.find("cp:organizations", NS)
    org = orgs.find(f"cp:organization[@identifier='{orgs.get('default')}']", NS)
    hrefs = {r.get("identifier"): r.get("href") for r in root.iterfind("cp:resources/cp:resource", NS)}
    launch: dict[str, str] = {}
    children = []
    for item in org.findall("cp:item", NS):
        launch[item.get("identifier")] = hrefs[item.get("identifierref")]
        children.append({"id": item.get("identifier"), "title": item.find("cp:title", NS).text,
                         "isVisible": item.get("isvisible", "true") == "true",
                         **_sequencing(item.find("ss:sequencing", NS))})
    tree = {"id": org.get("identifier"), "title": org.find("cp:title", NS).text, "children": children,
            **_sequencing(org.find("ss:sequencing", NS))}
    return {"activityTree": tree}, launch


@pytest.fixture(scope="session")
def scorm_again_packages(small_course_template, tmp_path_factory) -> dict[str, Path]:
    """The small course built as scorm12 and scorm2004 by ``studio build`` (once per session)."""
    out = tmp_path_factory.mktemp("scorm-again-packages")
    os.environ.setdefault("STUDIO_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "studio-cache"))
    return {fmt: build(small_course_template / "course.yaml", fmt, out / fmt) for fmt in DIST}
