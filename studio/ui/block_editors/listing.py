"""Reordering a tuple the way the list editors' up and down buttons do."""
from __future__ import annotations


def moved(items: tuple, source: int, target: int) -> tuple:
    order = list(items)
    order.insert(target, order.pop(source))
    return tuple(order)
