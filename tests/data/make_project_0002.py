"""Make ``project-0002.db``: a project file as schema revision 0002 wrote it (before questions
carried concept tags).

Kept to document how the fixture was made; the committed .db is what the test opens.
Run: .venv/bin/python tests/data/make_project_0002.py
"""
import sqlite3
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from studio.project.file import _alembic_config  # noqa: E402

TARGET = Path(__file__).with_name("project-0002.db")

ROWS = """
INSERT INTO project VALUES (1, 'Ladder basics', 'en', NULL, '{}');
INSERT INTO media VALUES (1, 'bbbb', 'media/ladder.png', '.png', 2048, NULL, 1, 0, 640, 480, NULL, NULL);
INSERT INTO module VALUES (1, 'choose-ladder', 0, 'Choose a ladder', 'Select a ladder for a given task',
                           'micro', NULL, NULL, NULL, 'draft', NULL);
INSERT INTO module_concept VALUES (1, 1, 'introduces', 'ladder-types', 0);
INSERT INTO block VALUES (1, 1, 0, 'image', NULL, 1, NULL, NULL, NULL, 'Three ladders', NULL, 20.0, NULL, NULL,
                          NULL, NULL);
INSERT INTO block VALUES (2, 1, 1, 'quiz', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 80, 2, NULL, NULL);
INSERT INTO question VALUES (1, 2, 0, 'single', 'Which ladder reaches a 3 m shelf?', 1.0, NULL, NULL, NULL);
INSERT INTO choice VALUES (1, 1, 0, 'A 3 m step ladder', NULL, 0, NULL);
INSERT INTO choice VALUES (2, 1, 1, 'A 4 m extension ladder', NULL, 1, 'Reach plus one metre.');
INSERT INTO learning_path VALUES (1, 'ladders', 0, 'Ladders', '["choose-ladder"]', '[]', NULL, NULL, '[]',
                                  NULL, NULL, NULL);
"""

if __name__ == "__main__":
    TARGET.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{TARGET}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0002")
    engine.dispose()
    with sqlite3.connect(TARGET) as conn:
        conn.executescript(ROWS)
    print(f"wrote {TARGET}")
