"""Store the frame rate with each media record (the estimator and trim editor snap to frames).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("media") as batch:
        batch.add_column(sa.Column("fps", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("media") as batch:
        batch.drop_column("fps")
