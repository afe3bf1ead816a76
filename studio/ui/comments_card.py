"""The module's review comments, under its blocks: open ones first, each with who said it,
when, where (the module or "part 3 · Text") and a Resolve button; resolved ones after them,
faint, with Reopen. Resolving is an undoable edit the window runs."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from studio import model as m
from studio.editor.block_text import KIND_LABELS
from studio.ui import theme
from studio.ui.cards import Card, clear_layout, text_label


def where_text(module: m.Module, comment: m.ReviewComment) -> str:
    if comment.block is None or comment.block >= len(module.blocks):
        return "on the module"
    kind = module.blocks[comment.block].kind
    return f"on part {comment.block + 1} · {KIND_LABELS.get(kind, kind)}"


class CommentsCard(Card):
    resolve_requested = Signal(int, bool)      # index in the module's comments, resolved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Review comments", parent)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(8)
        self.body.addLayout(self.rows)
        self.buttons: list[QPushButton] = []
        self._shown: tuple | None = None

    def show_comments(self, module: m.Module) -> None:
        """Rebuilt only when the comments or the blocks they name change, not on every
        keystroke's refresh of the module."""
        shown = (module.comments, tuple(b.kind for b in module.blocks))
        if shown == self._shown:
            return
        self._shown = shown
        clear_layout(self.rows)
        self.buttons = []
        comments = module.comments
        open_count = sum(not c.resolved for c in comments)
        state = f"{open_count} OPEN" if open_count else "ALL RESOLVED"
        self.title_label.setText(f"REVIEW COMMENTS · {state}" if comments else "REVIEW COMMENTS")
        for index in sorted(range(len(comments)), key=lambda i: comments[i].resolved):
            self.rows.addWidget(self._row(module, index))
        self.setVisible(bool(comments))

    def _row(self, module: m.Module, index: int) -> QWidget:
        comment = module.comments[index]
        row = QFrame()
        row.setObjectName("commentRow")
        edge = theme.LINE if comment.resolved else theme.WARN
        row.setStyleSheet(f"#commentRow {{ border-left: 3px solid {edge}; }}")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(10, 2, 0, 2)
        text_column = QVBoxLayout()
        text_column.setSpacing(2)
        said = text_label(comment.text, role="soft" if comment.resolved else None)
        meta = f"{comment.author} · {comment.at[:10]} · {where_text(module, comment)}"
        text_column.addWidget(said)
        text_column.addWidget(text_label(meta + (" · resolved" if comment.resolved else ""), role="caption"))
        layout.addLayout(text_column, 1)
        button = QPushButton("Reopen" if comment.resolved else "Resolve")
        button.setAccessibleName(f"{button.text()} the comment of {comment.author}")
        button.clicked.connect(lambda: self.resolve_requested.emit(index, not comment.resolved))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.buttons.append(button)
        return row
