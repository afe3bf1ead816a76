"""JSON reports that stay readable and are fast to write.

``json.dumps(indent=2)`` runs Python's pure encoder (the C one is used only without
indentation): on a 1,000-module catalogue that alone took half a second. A report is a few
lists of small records, so it is written one record a line — each record by the C encoder —
which reads as well in a terminal or a diff and greps well.
"""
from __future__ import annotations

import json


def report_json(report: dict) -> str:
    """``report`` as JSON: top-level keys on their own lines, each list item on one line."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for key, value in report.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {one(item)}" for item in value)
            fields.append(f"  {one(key)}: [\n{items}\n  ]")
        else:
            fields.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(fields) + "\n}" if fields else "{}"
