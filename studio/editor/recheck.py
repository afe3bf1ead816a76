"""``check`` again on only what an edit changed: the changed modules and the paths holding them.

:class:`CheckIndex` keeps the last report cut into its parts (each module's estimate and
problems, each path's report, the badge problems) and, given :class:`Changes`, re-runs
:func:`studio.rules.check.check_module` and :func:`studio.rules.sequence.check_path` for
those parts alone. The report it assembles equals a full :func:`check_course` (tested).
"""
from __future__ import annotations

from typing import Mapping

from studio import model as m
from studio.editor.changes import Changes
from studio.media_facts import MediaFacts
from studio.rules.budget import ModuleEstimate, estimate_module
from studio.rules.check import CheckReport, check_module, path_report
from studio.rules.problems import Problem
from studio.rules.sequence import PathReport, check_path


class CheckIndex:
    def __init__(self, course: m.Course, facts: Mapping[str, MediaFacts], report: CheckReport) -> None:
        self._facts = dict(facts)
        self._modules: dict[str, tuple[ModuleEstimate, tuple[Problem, ...]]] = {}
        self._paths: dict[str, PathReport] = {p.id: p for p in report.paths}
        module_problems: dict[str, list[Problem]] = {}
        module_part = 0
        for problem in report.problems:     # check_course lists module problems first (they have no path)
            if problem.path is not None:
                break
            module_problems.setdefault(problem.module or "", []).append(problem)
            module_part += 1
        for estimate in report.modules:
            self._modules[estimate.module_id] = (estimate, tuple(module_problems.get(estimate.module_id, ())))
        path_part = sum(len(p.problems) for p in report.paths)
        self._badges = report.problems[module_part + path_part:]   # they depend on paths' badges, never edited here

    def recheck(self, course: m.Course, changes: Changes) -> CheckReport:
        for module_id in changes.removed:
            self._modules.pop(module_id, None)
        changed = set(changes.modules)
        for module in course.modules:
            if module.id in changed or module.id not in self._modules:
                estimate = estimate_module(course, module, self._facts)
                self._modules[module.id] = (estimate, tuple(check_module(course, module, estimate, self._facts)))
        touched = changed | set(changes.removed)
        seconds = {key: estimate.seconds for key, (estimate, _) in self._modules.items()}
        for path in course.paths:
            if path.id in changes.paths or path.id not in self._paths or touched.intersection(path.modules):
                self._paths[path.id] = path_report(course, path, seconds)
        live_paths = {p.id for p in course.paths}
        for gone in set(self._paths) - live_paths:
            del self._paths[gone]
        return self.report(course)

    def report(self, course: m.Course) -> CheckReport:
        estimates, problems = [], []
        for module in course.modules:
            estimate, found = self._modules[module.id]
            estimates.append(estimate)
            problems.extend(found)
        paths = tuple(self._paths[p.id] for p in course.paths)
        for path in paths:
            problems.extend(path.problems)
        problems.extend(self._badges)
        return CheckReport(tuple(estimates), paths, tuple(problems))
