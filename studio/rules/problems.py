"""A problem found by ``studio check``: a code from course-format.md, a severity and where."""
from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str
    message: str
    module: str | None = None
    path: str | None = None
    block: int | None = None

    def to_dict(self) -> dict:
        out = {"code": self.code, "severity": self.severity}
        if self.module is not None:
            out["module"] = self.module
        if self.path is not None:
            out["path"] = self.path
        if self.block is not None:
            out["block"] = self.block
        out["message"] = self.message
        return out
