"""Pairs and groups, their history, programs, meetings; the networking questionnaire.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentorship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("order_number", sa.String(40), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(30), nullable=False),
        sa.Column("end_note", sa.Text(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("tasks", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft','approved','active','ended')", name=op.f("ck_mentorship_status")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["participant.id"], ondelete="CASCADE",
            name=op.f("fk_mentorship_mentor_id_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorship")),
    )  # fmt: skip
    op.create_index(op.f("ix_mentorship_mentor_id"), "mentorship", ["mentor_id"])
    op.create_index(op.f("ix_mentorship_status"), "mentorship", ["status"])
    op.create_table(
        "mentorship_mentee",
        sa.Column("mentorship_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentorship_id"], ["mentorship.id"], ondelete="CASCADE",
            name=op.f("fk_mentorship_mentee_mentorship_id_mentorship"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], ondelete="CASCADE",
            name=op.f("fk_mentorship_mentee_participant_id_participant"),
        ),
        sa.PrimaryKeyConstraint(
            "mentorship_id", "participant_id", name=op.f("pk_mentorship_mentee")
        ),
    )  # fmt: skip
    op.create_index(
        op.f("ix_mentorship_mentee_participant_id"), "mentorship_mentee", ["participant_id"]
    )
    children: dict[str, list[Any]] = {
        "mentorship_event": [
            sa.Column("happened_on", sa.Date(), nullable=False),
            sa.Column("kind", sa.String(30), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
        ],
        "plan_item": [
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("text", sa.Text(), nullable=False),
            sa.Column("due_on", sa.Date(), nullable=True),
            sa.Column("done_on", sa.Date(), nullable=True),
        ],
        "meeting": [
            sa.Column("held_on", sa.Date(), nullable=False),
            sa.Column("kind", sa.String(20), nullable=False),
            sa.Column("note", sa.Text(), nullable=False),
        ],
    }  # fmt: skip
    for table, columns in children.items():
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("mentorship_id", sa.Integer(), nullable=False),
            *columns,
            sa.ForeignKeyConstraint(
                ["mentorship_id"], ["mentorship.id"], ondelete="CASCADE",
                name=op.f(f"fk_{table}_mentorship_id_mentorship"),
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )  # fmt: skip
        op.create_index(op.f(f"ix_{table}_mentorship_id"), table, ["mentorship_id"])
    op.create_table(
        "preference",
        sa.Column("chooser_id", sa.Integer(), nullable=False),
        sa.Column("as_mentee", sa.Boolean(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("chosen_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("rank BETWEEN 1 AND 3", name=op.f("ck_preference_rank")),
        sa.ForeignKeyConstraint(
            ["chooser_id"], ["participant.id"], ondelete="CASCADE",
            name=op.f("fk_preference_chooser_id_participant"),
        ),
        sa.ForeignKeyConstraint(
            ["chosen_id"], ["participant.id"], ondelete="CASCADE",
            name=op.f("fk_preference_chosen_id_participant"),
        ),
        sa.PrimaryKeyConstraint("chooser_id", "as_mentee", "rank", name=op.f("pk_preference")),
        sa.UniqueConstraint(
            "chooser_id", "as_mentee", "chosen_id", name=op.f("uq_preference_chooser_id")
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_preference_chosen_id"), "preference", ["chosen_id"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )


def downgrade() -> None:
    for table in ("setting", "preference", "meeting", "plan_item", "mentorship_event",
                  "mentorship_mentee", "mentorship"):  # fmt: skip
        op.drop_table(table)
