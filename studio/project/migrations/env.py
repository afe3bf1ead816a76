"""Alembic environment: always run in code by studio.project.file on one shared connection."""
from alembic import context

from studio.project.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
