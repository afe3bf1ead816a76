"""Editing logic over the project file: undoable commands, queries, the coherence checker's
editor-facing side. Depends on the core only; the desktop app drives it."""
