"""The school profile, the participant register and the editable lists.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("director_name", sa.String(200), nullable=False),
        sa.Column("director_position", sa.String(200), nullable=False),
        sa.Column("curators", sa.Text(), nullable=False),
        sa.Column("academic_year_start", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
    )
    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("middle_name", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("class_name", sa.String(10), nullable=False),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("experience_years", sa.Integer(), nullable=True),
        sa.Column("experience_as_of", sa.Date(), nullable=True),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("organization", sa.String(300), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("is_mentor", sa.Boolean(), nullable=False),
        sa.Column("is_mentee", sa.Boolean(), nullable=False),
        sa.Column("mentor_consent_date", sa.Date(), nullable=True),
        sa.Column("training_date", sa.Date(), nullable=True),
        sa.Column("interview_date", sa.Date(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("consent_status", sa.String(20), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("consent_signer", sa.String(200), nullable=False),
        sa.Column("representative_name", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant")),
    )
    op.create_index(op.f("ix_participant_category"), "participant", ["category"])
    op.create_table(
        "term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_term_kind")),
    )
    op.create_table(
        "participant_term",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_participant_term_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["term_id"],
            ["term.id"],
            name=op.f("fk_participant_term_term_id_term"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "participant_id", "term_id", "relation", name=op.f("pk_participant_term")
        ),
    )


def downgrade() -> None:
    op.drop_table("participant_term")
    op.drop_table("term")
    op.drop_index(op.f("ix_participant_category"), table_name="participant")
    op.drop_table("participant")
    op.drop_table("organization")
