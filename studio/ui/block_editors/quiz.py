"""The quiz editor (studio/ui/quiz_editor.py) as the inspector's editor of quiz blocks."""
from __future__ import annotations

from studio.ui.quiz_editor import NARROW, QuizEditor


class QuizBlockEditor(QuizEditor):
    """It shows every problem of its quiz beside the question (or the settings) it concerns,
    so the inspector does not list them again."""

    # The question list beside the question (not above it) needs this much: the window widens
    # the inspector while a quiz is shown and gives the designer's own width back after.
    preferred_width = NARROW + 80
    fills_height = True

    @property
    def inline_codes(self) -> frozenset[str]:
        if self.state is None or self.module_id is None:
            return frozenset()
        return frozenset(p.code for p in self.state.problems_of(self.module_id) if p.block == self.index)

    def field_values(self) -> dict[str, str]:
        return {}
