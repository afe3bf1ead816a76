"""The action plan: the prompt that asks the learner what they will do at work."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from studio import model as m
from studio.editor.commands import SetBlockField
from studio.ui.block_editors.base import BlockEditor, FieldMessage, PlainEdit, mark_invalid, set_plain


class ActionPlanEditor(BlockEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = PlainEdit()
        self.prompt.setAccessibleName("Prompt")
        self.prompt.setTabChangesFocus(True)
        self.prompt.setFixedHeight(110)
        self.prompt.setPlaceholderText("What will you do differently at work this week?")
        self.prompt.textChanged.connect(self._on_typed)
        self.prompt.focus_lost.connect(self.finished)
        self.message = FieldMessage()
        self.add_field("Prompt", self.prompt, self.message)
        note = FieldMessage()
        note.show_note("The learner writes their plan in reply. A word in [brackets] becomes a field they fill in, "
                       "e.g. “I will try it on [day] with [colleague]”.")
        self.body.addWidget(note)

    def load(self, block: m.ActionPlanBlock, same: bool) -> None:
        if self.changed("prompt", block.prompt):
            set_plain(self.prompt, block.prompt, keep_place=same)
            mark_invalid(self.prompt, False)
            self.message.clear_message()

    def _on_typed(self) -> None:
        if self._loading:
            return
        text = self.prompt.toPlainText()
        empty = not text.strip()
        mark_invalid(self.prompt, empty)
        if empty:
            self.message.show_error("An action plan needs a prompt; the course keeps the last one you wrote.")
            return
        self.message.clear_message()
        self.request("prompt", text, lambda: SetBlockField(self.module_id, self.index, "prompt", text), typing=True)

    def field_values(self) -> dict[str, str]:
        return {"Prompt": self.prompt.toPlainText()}
