"""The project file's tables: SQLAlchemy 2.0 typed ORM on SQLite.

Changing a table needs an Alembic revision in ``studio/migrations/versions`` and a fixture
of the previous schema in ``tests/data`` (see README, "Project file").
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ProjectInfo(Base):
    """The single row of course-wide settings."""
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String)
    language: Mapped[str] = mapped_column(String, default="en")
    reading_wpm: Mapped[Optional[float]] = mapped_column(Float)
    budget_profiles: Mapped[dict] = mapped_column(JSON, default=dict)   # name -> {min,max,target}


class Media(Base):
    """A file in the content-addressed store ``media/<sha256><ext>``; never modified."""
    __tablename__ = "media"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String)      # path as written in the course source
    ext: Mapped[str] = mapped_column(String)
    size_bytes: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[Optional[float]] = mapped_column(Float)
    has_video: Mapped[bool] = mapped_column(Boolean, default=False)
    has_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    width: Mapped[Optional[int]] = mapped_column(Integer)
    height: Mapped[Optional[int]] = mapped_column(Integer)
    fps: Mapped[Optional[float]] = mapped_column(Float)                  # since revision 0002
    probe_error: Mapped[Optional[str]] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("source_name"),)

    @property
    def store_name(self) -> str:
        return f"{self.sha256}{self.ext}"


class Module(Base):
    __tablename__ = "module"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String)
    objective: Mapped[Optional[str]] = mapped_column(Text)
    profile_name: Mapped[Optional[str]] = mapped_column(String)          # or the inline min/max/target
    profile_min: Mapped[Optional[float]] = mapped_column(Float)
    profile_max: Mapped[Optional[float]] = mapped_column(Float)
    profile_target: Mapped[Optional[float]] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String, default="draft")
    budget_override: Mapped[Optional[str]] = mapped_column(Text)
    blocks: Mapped[list["Block"]] = relationship(back_populates="module", order_by="Block.position",
                                                 cascade="all, delete-orphan")
    concepts: Mapped[list["ModuleConcept"]] = relationship(order_by="ModuleConcept.position",
                                                           cascade="all, delete-orphan")
    comments: Mapped[list["ReviewComment"]] = relationship(order_by="ReviewComment.position",
                                                           cascade="all, delete-orphan")


class ModuleConcept(Base):
    __tablename__ = "module_concept"
    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String)          # introduces | requires
    concept: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)


class Block(Base):
    """One block; the columns a kind does not use stay NULL."""
    __tablename__ = "block"
    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)
    key: Mapped[Optional[str]] = mapped_column(String)                    # the source's optional block id
    media_id: Mapped[Optional[int]] = mapped_column(ForeignKey("media.id"))
    captions_id: Mapped[Optional[int]] = mapped_column(ForeignKey("media.id"))
    in_s: Mapped[Optional[float]] = mapped_column(Float)
    out_s: Mapped[Optional[float]] = mapped_column(Float)
    text: Mapped[Optional[str]] = mapped_column(Text)       # markdown, alt text, action-plan prompt
    title: Mapped[Optional[str]] = mapped_column(String)
    seconds: Mapped[Optional[float]] = mapped_column(Float)
    pass_mark: Mapped[Optional[float]] = mapped_column(Float)
    attempts: Mapped[Optional[int]] = mapped_column(Integer)
    draw: Mapped[Optional[int]] = mapped_column(Integer)
    items: Mapped[Optional[list]] = mapped_column(JSON)     # card points, survey items [[kind, prompt]]
    module: Mapped[Module] = relationship(back_populates="blocks")
    media: Mapped[Optional[Media]] = relationship(foreign_keys=[media_id])
    captions: Mapped[Optional[Media]] = relationship(foreign_keys=[captions_id])
    questions: Mapped[list["Question"]] = relationship(order_by="Question.position", cascade="all, delete-orphan")


class Question(Base):
    __tablename__ = "question"
    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("block.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)
    prompt: Mapped[str] = mapped_column(Text)
    points: Mapped[float] = mapped_column(Float, default=1.0)
    answer: Mapped[Optional[bool]] = mapped_column(Boolean)                # true_false
    feedback_correct: Mapped[Optional[str]] = mapped_column(Text)
    feedback_incorrect: Mapped[Optional[str]] = mapped_column(Text)
    concepts: Mapped[Optional[list]] = mapped_column(JSON)       # concept ids it assesses; since 0003
    choices: Mapped[list["Choice"]] = relationship(order_by="Choice.position", cascade="all, delete-orphan")


class Choice(Base):
    """A choice (single/multiple), an accepted answer (fill_blank), a pair (matching: text → match)
    or an item in its correct place (ordering)."""
    __tablename__ = "choice"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    match: Mapped[Optional[str]] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback: Mapped[Optional[str]] = mapped_column(Text)


class ReviewComment(Base):
    __tablename__ = "review_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    block_id: Mapped[Optional[int]] = mapped_column(ForeignKey("block.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String)
    at: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    block: Mapped[Optional[Block]] = relationship()


class LearningPath(Base):
    __tablename__ = "learning_path"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String, unique=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[Optional[str]] = mapped_column(String)
    modules: Mapped[list] = mapped_column(JSON, default=list)          # module keys, in order (may dangle)
    entry_concepts: Mapped[list] = mapped_column(JSON, default=list)
    release_start: Mapped[Optional[str]] = mapped_column(String)       # ISO date
    release_every_days: Mapped[Optional[int]] = mapped_column(Integer)
    reviews: Mapped[list] = mapped_column(JSON, default=list)
    badge_name: Mapped[Optional[str]] = mapped_column(String)
    badge_description: Mapped[Optional[str]] = mapped_column(Text)
    badge_image_id: Mapped[Optional[int]] = mapped_column(ForeignKey("media.id"))
    badge_image: Mapped[Optional[Media]] = relationship()
