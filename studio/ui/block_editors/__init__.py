"""Block editors: one small widget per block kind, shown in the inspector for the selected block.

Each editor is a :class:`~studio.ui.block_editors.base.BlockEditor`: ``show_block(state,
module_id, index)`` shows (or refreshes in place) a block, and ``command_requested(command,
typing)`` carries each edit out as a :mod:`studio.editor.commands` command for the window to run.

``EDITORS`` maps a block kind to the factory of its editor; the quiz's is the quiz editor of
:mod:`studio.ui.quiz_editor`, with the same two signals.
"""
from __future__ import annotations

from typing import Callable

from studio.ui.block_editors.action_plan import ActionPlanEditor
from studio.ui.block_editors.base import BlockEditor
from studio.ui.block_editors.image import ImageEditor
from studio.ui.block_editors.media import MediaEditor
from studio.ui.block_editors.quiz import QuizBlockEditor
from studio.ui.block_editors.summary_card import SummaryCardEditor
from studio.ui.block_editors.survey import SurveyEditor
from studio.ui.block_editors.text import TextEditor

EDITORS: dict[str, Callable[[], BlockEditor]] = {
    "text": TextEditor,
    "image": ImageEditor,
    "summary_card": SummaryCardEditor,
    "survey": SurveyEditor,
    "action_plan": ActionPlanEditor,
    "video": MediaEditor,
    "audio": MediaEditor,
    "quiz": QuizBlockEditor,
}

__all__ = ["EDITORS", "BlockEditor"]
