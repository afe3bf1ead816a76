"""``studio build`` without the command line: course in, checked packages out.

Order of work, so a refusal costs nothing and a failure leaves nothing:
1. refuse what cannot be built (unknown path, unsafe content, check errors without
   ``force``, an existing zip without ``force``, an unwritable folder) before any media work;
2. deliver the media once for every format (cached derivatives, see delivery.py);
3. per format, write the zip into a temp file beside the target and run the self-test on it;
4. write each path's Open Badges 2.0 BadgeClass and image (badge.py) into temp files too;
5. only when every package of the run passed its self-test, rename them all into place (one
   shielded step). A failure or cancel anywhere before that leaves none of them: with
   ``--format all`` no zip of the run appears unless all five do.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from studio import model as m
from studio.errors import MediaError, OutputError, StudioError
from studio.export import badge as badges
from studio.export import content, pages, selftest
from studio.export.delivery import DeliveredMedia, Delivery, ascii_slug
from studio.export.formats import AVAILABLE, format_module
from studio.export.package import write_zip
from studio.export.plan import ModuleEntry, Organisation, PackagePlan
from studio.jobs import NEVER_CANCELLED, CancelToken, Progress, interrupts, no_progress
from studio.media.cache import DerivativeCache
from studio.outputs import atomic_file, check_writable_file, refuse_clashes
from studio.recent import for_same_inputs
from studio.rules.check import CheckReport

# ``--format all``: every format this build can write, in the order of the command-line contract.
ALL = "all"
_CONTRACT_ORDER = ("scorm12", "scorm2004", "cmi5", "xapi", "html5")


def expand_formats(name: str) -> list[str]:
    """``all`` → every available format; any other name → itself (checked by format_module)."""
    if name == ALL:   # the learners' packages: a review copy is asked for by name
        learners = [f for f in AVAILABLE if getattr(AVAILABLE[f], "FOR_LEARNERS", True)]
        return [*(f for f in _CONTRACT_ORDER if f in learners), *(f for f in learners if f not in _CONTRACT_ORDER)]
    format_module(name)
    return [name]


# Problems that make a package unsafe or impossible to deliver: refused even with --force.
UNSAFE_CODES = {"media.missing", "media.unreadable", "media.corrupt", "media.trim-out-of-range",
                "media.not-an-image", "media.no-video", "media.no-audio"}


class BuildRefused(StudioError):
    """The course has check errors (the caller shows ``report``)."""

    def __init__(self, report: CheckReport) -> None:
        super().__init__(f"the course has {len(report.errors)} check error(s); fix them or pass --force")
        self.report = report


@dataclass
class BuildRequest:
    course: m.Course
    resolve: Callable[[str], Path]     # a media name of the course → its file
    formats: list[str]
    out_dir: Path
    path_id: str | None = None
    force: bool = False
    require_approved: bool = False
    cache: DerivativeCache | None = None
    cancel: CancelToken = NEVER_CANCELLED
    progress: Progress = no_progress   # a step's name as it starts (the desktop's build dialog)


@dataclass(frozen=True)
class PackageReport:
    format: str
    zip_path: Path
    size: int
    media_bytes: dict[str, int]        # per module id, the delivered media it ships
    player_bytes: int
    encoded: int                       # derivatives made by ffmpeg in this build (cache misses)
    selftest: selftest.SelfTestResult


@dataclass
class _Scope:
    organisations: tuple[Organisation, ...]
    modules: list[m.Module] = field(default_factory=list)


def _scope(course: m.Course, path_id: str | None) -> _Scope:
    paths = course.paths
    if path_id is not None:
        paths = tuple(p for p in course.paths if p.id == path_id)
        if not paths:
            known = ", ".join(p.id for p in course.paths) or "none"
            raise StudioError(f"no path '{path_id}' in the course (paths: {known})", where="--path")
    if paths:
        orgs = tuple(Organisation(p.id, p.title or p.id, tuple(p.modules)) for p in paths)
    else:
        orgs = (Organisation("course", course.title, tuple(mod.id for mod in course.modules)),)
    ordered = list(dict.fromkeys(mid for org in orgs for mid in org.modules))
    modules = [course.module(mid) for mid in ordered if course.module(mid) is not None]
    return _Scope(orgs, modules)


def zip_name(course: m.Course, fmt: str, path_id: str | None) -> str:
    slug = ascii_slug(course.title, "course")
    return f"{slug}-{ascii_slug(path_id)}-{fmt}.zip" if path_id else f"{slug}-{fmt}.zip"


def refuse(course: m.Course, report: CheckReport, request: BuildRequest) -> None:
    """Raise when the course must not be built as asked (see the module docstring)."""
    unsafe = [p for p in report.errors if p.code in UNSAFE_CODES]
    if unsafe:
        first = unsafe[0]
        raise MediaError(f"cannot build: {first.message} [{first.code}]"
                         + (f" ({len(unsafe) - 1} more)" if len(unsafe) > 1 else ""), where=first.module)
    if request.require_approved and not for_learners(request):
        raise StudioError("does not go with a review copy: a review copy is for modules not approved yet",
                          where="--require-approved")
    if request.require_approved:
        drafts = [mod.id for mod in _scope(course, request.path_id).modules if mod.status != "approved"]
        if drafts:
            raise StudioError(f"not approved: {', '.join(drafts)} (--require-approved)")
    if report.errors and not request.force and for_learners(request):
        raise BuildRefused(report)   # (a review copy is for drafts: SMEs review what is not finished yet)


def for_learners(request: BuildRequest) -> bool:
    """Whether the request writes a learners' package (not only a review copy)."""
    return any(getattr(format_module(f), "FOR_LEARNERS", True) for f in request.formats)


@dataclass(frozen=True)
class Built:
    packages: list[PackageReport]
    badges: list[badges.BadgeReport]
    notes: list[str]                   # e.g. a badge that cannot be written (no PNG/SVG image)


def targets(request: BuildRequest) -> dict[str, Path]:
    if not request.out_dir.is_dir():
        raise OutputError("the output folder does not exist" if not request.out_dir.exists()
                          else "is not a folder", file=str(request.out_dir))
    result = {}
    for fmt in request.formats:
        format_module(fmt)
        target = check_writable_file(request.out_dir / zip_name(request.course, fmt, request.path_id))
        if target.exists() and not request.force:
            raise OutputError("already exists; pass --force to replace it", file=str(target))
        result[fmt] = target
    return result


def badge_targets(request: BuildRequest) -> tuple[list[badges.BadgePlan], list[str]]:
    """The badges to write; refuses, before any work, one whose files differ from what is there
    without ``force`` (identical files, e.g. from the build of another format, are kept)."""
    if not for_learners(request):
        return [], []
    plans, notes = badges.plan_badges(request.course, request.path_id, request.resolve, request.out_dir)
    for plan in plans:
        refuse_clashes([plan.image_source], [plan.json_target, plan.image_target])
        for target in (plan.json_target, plan.image_target):
            check_writable_file(target)
            if target.exists() and not request.force and not badges.unchanged(plan):
                raise OutputError("already exists with other content; pass --force to replace it", file=str(target))
    return plans, notes


def build(request: BuildRequest) -> list[PackageReport]:
    """Write the packages; returns one report per format. Check and refuse first (see refuse)."""
    return build_outputs(request).packages


def build_outputs(request: BuildRequest) -> Built:
    """Write the packages and badges, all or nothing (see the module docstring)."""
    outputs = targets(request)
    badge_plans, notes = badge_targets(request)
    scope = _scope(request.course, request.path_id)
    cache = request.cache or DerivativeCache()
    with contextlib.ExitStack() as publish:
        with Delivery(request.resolve, cache, cancel=request.cancel) as delivery:
            delivered = {mod.id: {i: delivery.deliver(b) for i, b in enumerate(mod.blocks)
                                  if isinstance(b, m.MEDIA_BLOCKS)} for mod in scope.modules}
        # Rendered once for every format of the run (Markdown is most of a page's cost).
        module_data = {mod.id: content.module_json(request.course, mod, delivered[mod.id]) for mod in scope.modules}
        # Every output goes to a temp file beside its target (an atomic_file on the stack): an
        # exception or a cancel unwinds the stack and removes them all; success closes it, which
        # renames them all, inside one shield so a signal cannot stop half way.
        packages = [_package(request, scope, delivered, module_data, fmt, target,
                             publish.enter_context(atomic_file(target)))
                    for fmt, target in outputs.items()]
        reports = [_stage_badge(request, plan, publish) for plan in badge_plans]
        request.cancel.raise_if_cancelled()
        request.progress(1.0, "Putting the packages in place")
        with interrupts.shielded():
            publish.close()
    return Built(packages, reports, notes)


def _stage_badge(request: BuildRequest, plan: badges.BadgePlan, publish: contextlib.ExitStack) -> badges.BadgeReport:
    if not request.force and badges.unchanged(plan):
        return badges.BadgeReport(plan.path_id, plan.json_target, plan.image_target, written=False)
    try:
        publish.enter_context(atomic_file(plan.json_target)).write_bytes(plan.json_bytes)
        shutil.copyfile(plan.image_source, publish.enter_context(atomic_file(plan.image_target)))
    except OSError as exc:
        reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(f"cannot write the badge: {reason}", file=str(plan.json_target)) from None
    return badges.BadgeReport(plan.path_id, plan.json_target, plan.image_target, written=True)


def _media_files(items: dict[int, DeliveredMedia]) -> dict[str, Path]:
    files = {}
    for item in items.values():
        for part in (item.media, item.captions):
            if part is not None:
                files[part.arcname] = part.path
    return files


@for_same_inputs(size=16)      # the plan is frozen: an unchanged course's manifests are not made again
def _manifest_files(fmt, plan: PackagePlan) -> dict[str, bytes]:
    return fmt.manifest_files(plan)


def _package(request: BuildRequest, scope: _Scope, delivered: dict, module_data: dict, fmt_name: str,
             target: Path, tmp: Path) -> PackageReport:
    """Write the zip of ``fmt_name`` into ``tmp`` (renamed onto ``target`` by the caller) and self-test it."""
    fmt = format_module(fmt_name)
    request.progress(None, f"Writing the {fmt_name} package")
    course = request.course
    identifier = "MMS-" + hashlib.sha256("|".join([ascii_slug(course.title), request.path_id or "",
                                                   *(mod.id for mod in scope.modules)]).encode()).hexdigest()[:20]
    media = {mod.id: _media_files(delivered[mod.id]) for mod in scope.modules}
    styles = getattr(fmt, "STYLES", ())
    files: dict = {}
    for name in (*pages.PLAYER_ASSETS, fmt.ADAPTER, *styles):
        files[name] = pages.asset(name)
    for per_module in media.values():
        files.update(per_module)
    entries = []
    for mod in scope.modules:
        page = "index.html" if fmt.ONE_PAGE else f"{mod.id}.html"
        entries.append(ModuleEntry(mod.id, mod.title, page, tuple(sorted(media[mod.id])),
                                   content.module_pass_mark(mod), mod.objective))
        if not fmt.ONE_PAGE:
            data = content.player_data(course, [module_data[mod.id]], identifier)
            files[page] = pages.render_page(title=mod.title, language=course.language, data=data,
                                            adapter=fmt.ADAPTER, styles=styles)
    if fmt.ONE_PAGE:
        title = scope.organisations[0].title if request.path_id else course.title
        data = content.player_data(course, [module_data[mod.id] for mod in scope.modules], identifier)
        if hasattr(fmt, "page_data"):
            data = {**data, **fmt.page_data(course, scope.modules)}
        files["index.html"] = pages.render_page(title=title, language=course.language, data=data,
                                                adapter=fmt.ADAPTER, styles=styles)
    plan = PackagePlan(identifier=identifier, title=course.title, language=course.language,
                       description=_description(scope.modules), organisations=scope.organisations,
                       modules=tuple(entries), player_files=(*pages.PLAYER_ASSETS, fmt.ADAPTER, *styles))
    files.update(_manifest_files(fmt, plan))
    weight = pages.player_weight(fmt.ADAPTER, styles)
    launch_pages = sorted({e.page for e in entries})
    try:
        written = write_zip(tmp, files, cancel=request.cancel)
    except OSError as exc:   # a full disk, a vanished folder: the user's to fix (exit 2)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(f"cannot write the zip: {reason}", file=str(target)) from None
    request.progress(None, f"Self-testing the {fmt_name} package")
    result = selftest.run(tmp, fmt, pages=launch_pages, player_bytes=weight, written=written)
    size = tmp.stat().st_size
    request.cancel.raise_if_cancelled()   # a cancel that came during the self-test still leaves nothing
    encoded = len({item.media.arcname for items in delivered.values() for item in items.values() if item.media.encoded})
    return PackageReport(fmt_name, target, size,
                         {mid: sum(p.stat().st_size for p in files_.values()) for mid, files_ in media.items()},
                         weight, encoded, result)


def _description(modules: list[m.Module]) -> str:
    return " ".join(f"{mod.title}: {mod.objective}." if mod.objective else f"{mod.title}." for mod in modules)
