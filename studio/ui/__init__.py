"""The Qt desktop app: a thin layer over the core, editor, media and export packages.
The only package allowed to import PySide6."""
