"""Lengths the player enforces on what learners type, so resume data fits every LMS.

SCORM 1.2 gives ``cmi.suspend_data`` 4,096 characters. The player caps each text field
(``maxlength`` and again when saving), and the build computes the longest state a module
can produce with these caps (:mod:`studio.export.state`) and refuses to ship one over budget.
"""
from __future__ import annotations

SUSPEND_DATA_SCORM12 = 4096
FILL_BLANK_CHARS = 80
SURVEY_TEXT_CHARS = 300
PLAN_FIELD_CHARS = 80
PLAN_TEXT_CHARS = 600
MAX_ATTEMPTS_COUNTED = 999   # an unlimited quiz still stores its attempt count in three digits


def as_dict() -> dict:
    return {"fill": FILL_BLANK_CHARS, "survey_text": SURVEY_TEXT_CHARS, "plan_field": PLAN_FIELD_CHARS,
            "plan_text": PLAN_TEXT_CHARS, "attempts": MAX_ATTEMPTS_COUNTED}
