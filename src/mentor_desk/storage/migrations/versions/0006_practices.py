"""Best practices (лучшие практики наставничества): the curator's cases of a year.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Plain create_table and portable types only: the same script runs on SQLite and PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("form", sa.String(40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice")),
    )
    op.create_index(op.f("ix_practice_year_start"), "practice", ["year_start"])


def downgrade() -> None:
    op.drop_index(op.f("ix_practice_year_start"), table_name="practice")
    op.drop_table("practice")
