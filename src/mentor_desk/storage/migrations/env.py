"""Alembic environment: always run on the connection mentor_desk.storage.database passes."""

from alembic import context

from mentor_desk.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only change a table by copying it
)
with context.begin_transaction():
    context.run_migrations()
