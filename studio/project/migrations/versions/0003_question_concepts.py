"""Store the concepts each quiz question assesses (``concepts: [...]`` in the source).

NULL on the questions of older projects: they carry no tags, which reads as ``()``.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question") as batch:
        batch.add_column(sa.Column("concepts", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("question") as batch:
        batch.drop_column("concepts")
