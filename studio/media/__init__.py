"""Media work on files: probe, trim, fit to budget, loudness, captions, previews.

This package works on files and returns facts; it never touches the project database.
"""
