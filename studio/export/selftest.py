"""The conformance self-test every build runs on its zip before the zip is renamed into place.

A failure here is a defect of ours, not of the course (exit 3, nothing written): the
package would be refused by an LMS or would lose learners' progress.
"""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from studio.export import cmi5, limits, scorm12, scorm2004, state, xapi
from studio.export.pages import DATA_ELEMENT

PLAYER_BUDGET_BYTES = 50 * 1024
_SYMLINK = 0o120000


class SelfTestFailed(Exception):
    """The package we built is wrong: a defect of ours."""


@dataclass(frozen=True)
class SelfTestResult:
    checks: tuple[str, ...]
    largest_suspend: int          # worst-case suspend data of the biggest module (UTF-16 units)
    largest_suspend_module: str
    notes: tuple[str, ...] = ()   # format-specific lines for the build report


def _zip_safety(archive: zipfile.ZipFile) -> list[str]:
    problems, seen = [], set()
    for info in archive.infolist():
        name = info.filename
        parts = PurePosixPath(name).parts
        if name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":"):
            problems.append(f"{name}: absolute or non-portable path")
        if ".." in parts or "." in parts:
            problems.append(f"{name}: path escapes the package")
        if not name.isascii() or " " in name:
            problems.append(f"{name}: not an ASCII name without spaces")
        if (info.external_attr >> 16) & 0o170000 == _SYMLINK:
            problems.append(f"{name}: a symbolic link")
        if name in seen:
            problems.append(f"{name}: listed twice")
        seen.add(name)
    return problems


_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def _page_references(archive: zipfile.ZipFile, page: str) -> tuple[set[str], list[dict]]:
    text = archive.read(page).decode("utf-8")
    match = DATA_ELEMENT.search(text)
    if not match:
        raise SelfTestFailed(f"{page}: no player data")
    data = json.loads(match.group(1))
    refs = set(_STYLESHEET.findall(text))
    refs.update(part.split('"')[0] for part in text.split('<script src="')[1:])
    for module in data["modules"]:
        for block in module["blocks"]:
            refs.update(v for k, v in block.items() if k in ("src", "captions") and v)
    return refs, data["modules"]


def _as_written(archive: zipfile.ZipFile, written: dict[str, tuple[int, int]]) -> list[str]:
    """The zip's directory against what the writer says it wrote (sizes and CRC-32s it computed
    from the bytes as they passed, or remembered for the same bytes or the same unchanged file):
    the entries are not read again."""
    found = {info.filename: (info.file_size, info.CRC) for info in archive.infolist()}
    problems = [f"{name}: not in the zip's directory" for name in sorted(set(written) - set(found))]
    problems += [f"{name}: in the zip but never written" for name in sorted(set(found) - set(written))]
    problems += [f"{name}: {found[name][0]} bytes, CRC {found[name][1]:08x} in the zip's directory; "
                 f"{size} bytes, CRC {crc:08x} written" for name, (size, crc) in sorted(written.items())
                 if name in found and found[name] != (size, crc)]
    return problems


# The content checks are a pure function of the package's entries. A package whose names,
# sizes and CRC-32s (held to the zip's own directory first) equal those of a package that passed
# in this process — a rebuild of an unchanged course, the desktop app building again — gets the
# same verdict without its pages and manifest being parsed again. Failures are never remembered.
_PASSED: dict[tuple, SelfTestResult] = {}
_PASSED_LIMIT = 64


def run(zip_path, fmt, *, pages: list[str], player_bytes: int,
        written: dict[str, tuple[int, int]] | None = None) -> SelfTestResult:
    """Check the zip at ``zip_path``; ``written`` is what write_zip returned for it."""
    key = (fmt.NAME, tuple(pages), frozenset(written.items())) if written is not None else None
    with zipfile.ZipFile(zip_path) as archive:
        problems, checks = _zip_safety(archive), ["zip safety"]
        if written is not None:
            problems += _as_written(archive, written)
            checks.append("zip directory as written (names, sizes, CRC-32)")
        if player_bytes >= PLAYER_BUDGET_BYTES:
            problems.append(f"the player weighs {player_bytes} bytes, over {PLAYER_BUDGET_BYTES}")
        if not problems and key in _PASSED:
            return _PASSED[key]
        result = _content(archive, fmt, pages, problems, checks)
    if key is not None:
        if len(_PASSED) >= _PASSED_LIMIT:
            _PASSED.clear()
        _PASSED[key] = result
    return result


def _content(archive: zipfile.ZipFile, fmt, pages: list[str], problems: list[str],
             checks: list[str]) -> SelfTestResult:
    """Everything past the zip's own safety and directory (``problems`` and ``checks`` so far):
    references, manifests against their schemas, the suspend-data budget."""
    notes: list[str] = []
    names = set(archive.namelist())
    referenced, modules = set(pages), []
    for page in pages:
        if page not in names:
            problems.append(f"{page}: launch page missing")
            continue
        refs, page_modules = _page_references(archive, page)
        referenced |= refs
        modules += page_modules
    missing = sorted(referenced - names)
    if missing:
        problems.append(f"referenced but not in the zip: {', '.join(missing[:5])}")
    checks.append("every referenced file present")
    if fmt.NAME == "scorm12":
        problems += _scorm12(archive, names)
        checks.append("imsmanifest.xml valid against the SCORM 1.2 schemas, every file listed")
    elif fmt.NAME == "scorm2004":
        problems += _scorm2004(archive, names)
        checks.append("imsmanifest.xml valid against the SCORM 2004 4th edition schemas, sequenced, every file listed")
    elif fmt.NAME == "cmi5":
        problems += _cmi5(archive, names, referenced, notes)
        checks.append("cmi5.xml valid against the cmi5 CourseStructure schema, every AU's page present")
    elif fmt.NAME == "xapi":
        problems += _xapi(archive, names, referenced, notes)
        checks.append("tincan.xml well-formed, every launch file present")
    elif sorted(names - referenced):
        problems.append(f"in the zip but used by no page: {', '.join(sorted(names - referenced)[:5])}")
    lengths = {m["id"]: state.worst_suspend_length(m) for m in modules}
    largest = max(lengths, key=lengths.get) if lengths else ""
    budget, standard = ((scorm2004.SUSPEND_DATA_LIMIT, "SCORM 2004") if fmt.NAME == "scorm2004"
                        else (limits.SUSPEND_DATA_SCORM12, "SCORM 1.2"))
    if lengths and lengths[largest] > budget:
        problems.append(f"module {largest}: resume data can reach {lengths[largest]} characters, over the "
                        f"{standard} limit of {budget}")
    checks.append(f"suspend data within the {standard} budget")
    if problems:
        raise SelfTestFailed("; ".join(problems))
    return SelfTestResult(tuple(checks), lengths.get(largest, 0), largest, tuple(notes))


def _scorm12(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    if scorm12.MANIFEST not in names:
        return ["imsmanifest.xml is not at the root of the zip"]
    xml = archive.read(scorm12.MANIFEST)
    problems = [f"imsmanifest.xml: {e}" for e in scorm12.schema_errors(xml)]
    listed = scorm12.referenced_files(xml)
    unlisted = sorted(names - set(listed) - {scorm12.MANIFEST})
    absent = sorted(set(listed) - names)
    if unlisted:
        problems.append(f"in the zip but not in the manifest: {', '.join(unlisted[:5])}")
    if absent:
        problems.append(f"in the manifest but not in the zip: {', '.join(absent[:5])}")
    for description in scorm12.descriptions(xml):
        if len(description) > scorm12.LOM_DESCRIPTION_MAX:
            problems.append(f"LOM description of {len(description)} characters, over {scorm12.LOM_DESCRIPTION_MAX}")
    return problems


def _scorm2004(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    if scorm2004.MANIFEST not in names:
        return ["imsmanifest.xml is not at the root of the zip"]
    xml = archive.read(scorm2004.MANIFEST)
    problems = [f"imsmanifest.xml: {e}" for e in scorm2004.schema_errors(xml)]
    problems += [f"imsmanifest.xml: {p}" for p in scorm2004.structure_problems(xml)]
    listed = scorm2004.referenced_files(xml)
    unlisted = sorted(names - set(listed) - {scorm2004.MANIFEST})
    absent = sorted(set(listed) - names)
    if unlisted:
        problems.append(f"in the zip but not in the manifest: {', '.join(unlisted[:5])}")
    if absent:
        problems.append(f"in the manifest but not in the zip: {', '.join(absent[:5])}")
    return problems


def _unused(names: set[str], referenced: set[str], manifest: str) -> list[str]:
    unused = sorted(names - referenced - {manifest})
    return [f"in the zip but used by no page: {', '.join(unused[:5])}"] if unused else []


def _cmi5(archive: zipfile.ZipFile, names: set[str], referenced: set[str], notes: list[str]) -> list[str]:
    if cmi5.MANIFEST not in names:
        return ["cmi5.xml is not at the root of the zip"]
    xml = archive.read(cmi5.MANIFEST)
    problems = [f"cmi5.xml: {e}" for e in cmi5.schema_errors(xml)]
    if problems:
        return problems
    problems += cmi5.structure_problems(xml, names)
    problems += _unused(names, referenced | {au["url"] for au in cmi5.aus(xml)}, cmi5.MANIFEST)
    notes.append("cmi5.xml: " + "; ".join(
        f"{au['url']} moveOn {au['moveOn']}" + (f", masteryScore {au['masteryScore']}" if au["masteryScore"] else "")
        for au in cmi5.aus(xml)))
    return problems


def _xapi(archive: zipfile.ZipFile, names: set[str], referenced: set[str], notes: list[str]) -> list[str]:
    if xapi.MANIFEST not in names:
        return ["tincan.xml is not at the root of the zip"]
    xml = archive.read(xapi.MANIFEST)
    problems = xapi.problems(xml, names)
    if problems:
        return problems
    notes.append(f"tincan.xml: launch {', '.join(xapi.launches(xml))}")
    return problems + _unused(names, referenced, xapi.MANIFEST)
