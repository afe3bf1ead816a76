"""Make ``project-0001.db``: a project file as schema revision 0001 wrote it.

Kept to document how the fixture was made; the committed .db is what the test opens.
Run: .venv/bin/python tests/data/make_project_0001.py
"""
import sqlite3
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from studio.project.file import _alembic_config  # noqa: E402

TARGET = Path(__file__).with_name("project-0001.db")

ROWS = """
INSERT INTO project VALUES (1, 'Forklift basics', 'en', NULL, '{}');
INSERT INTO media VALUES (1, 'aaaa', 'media/walkaround.mp4', '.mp4', 1234, 95.5, 1, 1, 320, 180, NULL);
INSERT INTO module VALUES (1, 'pre-use-check', 0, 'Pre-use check', 'Inspect a forklift before use',
                           'micro', NULL, NULL, NULL, 'draft', NULL);
INSERT INTO module_concept VALUES (1, 1, 'introduces', 'pre-use-check', 0);
INSERT INTO block VALUES (1, 1, 0, 'video', NULL, 1, NULL, 2.0, 90.0, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO block VALUES (2, 1, 1, 'quiz', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 80, 2, NULL, NULL);
INSERT INTO question VALUES (1, 2, 0, 'true_false', 'Check the forks first.', 1.0, 1, NULL, NULL);
INSERT INTO review_comment VALUES (1, 1, 1, 0, 'Sam (SME)', '2026-10-01T09:30:00Z', 'Show the tyre check.', 0);
INSERT INTO learning_path VALUES (1, 'forklift', 0, 'Forklift', '["pre-use-check"]', '[]', NULL, NULL, '[]',
                                  NULL, NULL, NULL);
"""

if __name__ == "__main__":
    TARGET.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{TARGET}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
    engine.dispose()
    with sqlite3.connect(TARGET) as conn:
        conn.executescript(ROWS)
    print(f"wrote {TARGET}")
