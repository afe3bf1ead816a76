"""What an edit changed, so each view refreshes (and ``check`` re-runs on) only that.

Every command returns a :class:`Changes`; the session merges them until the next re-check.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    modules: frozenset[str] = frozenset()               # ids of modules whose content changed (or that appeared)
    blocks: frozenset[tuple[str, int]] = frozenset()    # (module id, block index) edited in place
    paths: frozenset[str] = frozenset()                 # ids of paths whose module list changed
    removed: frozenset[str] = frozenset()               # ids of modules that are gone
    structure: bool = False                             # modules added, removed or reordered: trees rebuild

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(self.modules | other.modules, self.blocks | other.blocks, self.paths | other.paths,
                       self.removed | other.removed, self.structure or other.structure)

    def __bool__(self) -> bool:
        return bool(self.modules or self.blocks or self.paths or self.removed or self.structure)


NOTHING = Changes()


def module_changed(module_id: str, *blocks: int, structure: bool = False) -> Changes:
    return Changes(modules=frozenset({module_id}), blocks=frozenset((module_id, b) for b in blocks),
                   structure=structure)
