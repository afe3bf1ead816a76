"""The first released schema.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("language", sa.String, nullable=False),
        sa.Column("reading_wpm", sa.Float),
        sa.Column("budget_profiles", sa.JSON, nullable=False),
    )
    op.create_table(
        "media",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source_name", sa.String, nullable=False),
        sa.Column("ext", sa.String, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("duration_s", sa.Float),
        sa.Column("has_video", sa.Boolean, nullable=False),
        sa.Column("has_audio", sa.Boolean, nullable=False),
        sa.Column("width", sa.Integer),
        sa.Column("height", sa.Integer),
        sa.Column("probe_error", sa.Text),
        sa.UniqueConstraint("source_name", name="uq_media_source_name"),
    )
    op.create_table(
        "module",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String, nullable=False),
        sa.Column("objective", sa.Text),
        sa.Column("profile_name", sa.String),
        sa.Column("profile_min", sa.Float),
        sa.Column("profile_max", sa.Float),
        sa.Column("profile_target", sa.Float),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("budget_override", sa.Text),
        sa.UniqueConstraint("key", name="uq_module_key"),
    )
    op.create_table(
        "module_concept",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("module_id", sa.Integer, sa.ForeignKey("module.id", ondelete="CASCADE",
                  name="fk_module_concept_module_id_module"), nullable=False),
        sa.Column("role", sa.String, nullable=False),
        sa.Column("concept", sa.String, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "block",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("module_id", sa.Integer, sa.ForeignKey("module.id", ondelete="CASCADE",
                  name="fk_block_module_id_module"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("key", sa.String),
        sa.Column("media_id", sa.Integer, sa.ForeignKey("media.id", name="fk_block_media_id_media")),
        sa.Column("captions_id", sa.Integer, sa.ForeignKey("media.id", name="fk_block_captions_id_media")),
        sa.Column("in_s", sa.Float),
        sa.Column("out_s", sa.Float),
        sa.Column("text", sa.Text),
        sa.Column("title", sa.String),
        sa.Column("seconds", sa.Float),
        sa.Column("pass_mark", sa.Float),
        sa.Column("attempts", sa.Integer),
        sa.Column("draw", sa.Integer),
        sa.Column("items", sa.JSON),
    )
    op.create_table(
        "question",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("block_id", sa.Integer, sa.ForeignKey("block.id", ondelete="CASCADE",
                  name="fk_question_block_id_block"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("points", sa.Float, nullable=False),
        sa.Column("answer", sa.Boolean),
        sa.Column("feedback_correct", sa.Text),
        sa.Column("feedback_incorrect", sa.Text),
    )
    op.create_table(
        "choice",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("question.id", ondelete="CASCADE",
                  name="fk_choice_question_id_question"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("match", sa.Text),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("feedback", sa.Text),
    )
    op.create_table(
        "review_comment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("module_id", sa.Integer, sa.ForeignKey("module.id", ondelete="CASCADE",
                  name="fk_review_comment_module_id_module"), nullable=False),
        sa.Column("block_id", sa.Integer, sa.ForeignKey("block.id", ondelete="SET NULL",
                  name="fk_review_comment_block_id_block")),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("author", sa.String, nullable=False),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("resolved", sa.Boolean, nullable=False),
    )
    op.create_table(
        "learning_path",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String),
        sa.Column("modules", sa.JSON, nullable=False),
        sa.Column("entry_concepts", sa.JSON, nullable=False),
        sa.Column("release_start", sa.String),
        sa.Column("release_every_days", sa.Integer),
        sa.Column("reviews", sa.JSON, nullable=False),
        sa.Column("badge_name", sa.String),
        sa.Column("badge_description", sa.Text),
        sa.Column("badge_image_id", sa.Integer, sa.ForeignKey("media.id", name="fk_learning_path_badge_image_id_media")),
        sa.UniqueConstraint("key", name="uq_learning_path_key"),
    )


def downgrade() -> None:
    for table in ("learning_path", "review_comment", "choice", "question", "block", "module_concept",
                  "module", "media", "project"):
        op.drop_table(table)
