"""Human-readable `studio check` report: grouped by module, the budget as a bar."""
from __future__ import annotations

from studio.rules.budget import ModuleEstimate
from studio.rules.check import CheckReport
from studio.model import Course
from studio.timecode import format_minutes

BAR_CELLS = 12
MARKS = {"error": "✗", "warning": "!", "info": "i"}


def budget_bar(estimate: ModuleEstimate) -> str:
    """``████████░░░░ 8:32 / 5–15 min`` — the bar is full at the profile's maximum."""
    if estimate.budget is None:
        return f"{'?' * BAR_CELLS} {format_minutes(estimate.seconds)} / unknown profile"
    filled = min(BAR_CELLS, round(estimate.seconds / estimate.max_s * BAR_CELLS)) if estimate.max_s else 0
    bar = "█" * filled + "░" * (BAR_CELLS - filled)
    over = "▶" if estimate.status == "over" else " "
    b = estimate.budget
    return f"{bar}{over} {format_minutes(estimate.seconds)} / {b.min_minutes:g}–{b.max_minutes:g} min"


def render_report(course: Course, report: CheckReport) -> str:
    lines = [f"{course.title} — {len(course.modules)} module(s), {len(course.paths)} path(s)", ""]
    by_module: dict[str | None, list] = {}
    for problem in report.problems:
        if problem.path is None:          # path problems are listed under their path
            by_module.setdefault(problem.module, []).append(problem)
    for estimate in report.modules:
        module = course.module(estimate.module_id)
        problems = by_module.get(estimate.module_id, [])
        verdict = "ok" if not any(p.severity == "error" for p in problems) else "errors"
        lines.append(f"{estimate.module_id}  {module.title}")
        lines.append(f"  {budget_bar(estimate)}  [{verdict}]")
        lines += [_problem_line(p) for p in problems]
        lines.append("")
    for path in report.paths:
        total = report.path_total_s(path)
        lines.append(f"path {path.id}: {len(path.order)} module(s), {format_minutes(total)} in all")
        if path.pacing:
            lines.append(pacing_line(path.pacing))
        if path.suggested_order:
            lines.append(f"  suggested order: {' → '.join(path.suggested_order)}")
        lines += [_problem_line(p, with_module=True) for p in path.problems]
        lines.append("")
    shown_paths = {p for r in report.paths for p in r.problems}
    lines += [_problem_line(p, with_module=True) for p in report.problems if p.path and p not in shown_paths]
    errors, warnings = len(report.errors), len(report.warnings)
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def pacing_line(pacing: dict) -> str:
    """``  pacing: 5 modules, mean 6:54, longest 9:06 (five-step-lift); one every 7 days, 35 days, 1.0 min a day``"""
    if not pacing["modules"]:
        return "  pacing: no modules"
    line = (f"  pacing: {pacing['modules']} module(s), mean {format_minutes(pacing['mean_module_seconds'])}, "
            f"longest {format_minutes(pacing['max_module_seconds'])} ({pacing['longest_module']})")
    if pacing.get("release_days"):
        line += (f"; one every {pacing['release_every_days']} day(s) over {pacing['release_days']} days, "
                 f"{pacing['minutes_per_day']:.1f} min a day")
    return line


def _problem_line(problem, *, with_module: bool = False) -> str:
    where = f"{problem.module}: " if with_module and problem.module else ""
    block = f" (block {problem.block + 1})" if problem.block is not None else ""
    return f"  {MARKS[problem.severity]} {problem.severity} {problem.code}{block}: {where}{problem.message}"
