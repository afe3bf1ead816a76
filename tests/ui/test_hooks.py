"""A block editor or an answers editor that forgets one of its base's methods is refused when
its class is defined, not when a designer first opens such a block."""
from __future__ import annotations

import pytest


def test_an_editor_missing_a_hook_is_refused_at_definition():
    from studio.ui.block_editors.base import BlockEditor
    from studio.ui.quiz_answers import ChoicesEditor, EntriesEditor, PairsEditor, _Editor

    with pytest.raises(TypeError, match="NoLoad must define load"):
        type("NoLoad", (BlockEditor,), {})
    with pytest.raises(TypeError, match="Half must define make_row, update_row"):
        type("Half", (_Editor,), {"entries": lambda self, q: (), "add_command": lambda self: None})
    for editor in (ChoicesEditor, EntriesEditor, PairsEditor):      # the real ones define all of them
        assert all(callable(getattr(editor, hook)) for hook in _Editor.HOOKS)
