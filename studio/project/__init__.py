"""The project file ``Name.mstudio/``: SQLite schema and migrations, the media store, import and export."""
