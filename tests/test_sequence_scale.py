"""The suggested order keeps its guarantee (valid, fewest moves, deterministic) at 1,000 modules."""
from __future__ import annotations

import random

from studio import model as m
from studio.rules.sequence import check_path


def catalogue(order_of) -> tuple[m.Course, list[m.Module]]:
    rng = random.Random(3)
    modules = [m.Module(id=f"m{i}", title="t", introduces=(f"c{i}",),
                        requires=tuple(f"c{j}" for j in rng.sample(range(max(0, i - 30), i), min(i, 2))))
               for i in range(1000)]
    path = m.Path(id="p", modules=tuple(order_of([mod.id for mod in modules])))
    return m.Course(title="T", modules=tuple(modules), paths=(path,)), modules


def valid(order, modules) -> bool:
    at = {key: i for i, key in enumerate(order)}
    return all(at[f"c{c[1:]}".replace("c", "m", 1)] < at[mod.id] for mod in modules for c in mod.requires)


def test_a_thousand_modules_in_reverse_get_a_valid_order():
    course, modules = catalogue(lambda ids: list(reversed(ids)))
    report = check_path(course, course.paths[0])
    assert sorted(report.suggested_order) == sorted(mod.id for mod in modules)
    assert valid(report.suggested_order, modules)
    assert check_path(course, course.paths[0]).suggested_order == report.suggested_order


def test_a_thousand_modules_with_one_misplaced_move_only_that_one():
    def misplace(ids):
        ids = list(ids)
        ids.insert(700, ids.pop(0))      # m0 now comes after m1, which needs it
        return ids
    course, modules = catalogue(misplace)
    report = check_path(course, course.paths[0])
    assert valid(report.suggested_order, modules)
    kept = [key for key in report.suggested_order if key != "m0"]
    assert kept == [key for key in course.paths[0].modules if key != "m0"]
