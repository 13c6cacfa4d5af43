"""The roadmap, the journal of issued orders and documents, consent forms handed out.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _fk(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    name = f"fk_{table}_{column}_{target.split('.')[0]}"
    return sa.ForeignKeyConstraint([column], [target], ondelete="CASCADE", name=op.f(name))


def upgrade() -> None:
    op.create_table(
        "roadmap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap")),
    )
    op.create_table(
        "roadmap_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.Text(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("deadline_text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("responsible_text", sa.Text(), nullable=False),
        sa.Column("expected_result", sa.Text(), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('not_started','in_progress','done')", name=op.f("ck_roadmap_item_status")
        ),
        _fk("roadmap_id", "roadmap.id", "roadmap_item"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap_item")),
    )
    op.create_index(op.f("ix_roadmap_item_roadmap_id"), "roadmap_item", ["roadmap_id"])
    op.create_table(
        "roadmap_responsible",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        _fk("item_id", "roadmap_item.id", "roadmap_responsible"),
        _fk("participant_id", "participant.id", "roadmap_responsible"),
        sa.PrimaryKeyConstraint("item_id", "participant_id", name=op.f("pk_roadmap_responsible")),
    )
    op.create_index(
        op.f("ix_roadmap_responsible_participant_id"), "roadmap_responsible", ["participant_id"]
    )
    op.create_table(
        "issued_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_document")),
    )
    op.create_index(op.f("ix_issued_document_kind"), "issued_document", ["kind"])
    op.create_table(
        "issued_document_pair",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("mentorship_id", sa.Integer(), nullable=False),
        _fk("document_id", "issued_document.id", "issued_document_pair"),
        _fk("mentorship_id", "mentorship.id", "issued_document_pair"),
        sa.PrimaryKeyConstraint(
            "document_id", "mentorship_id", name=op.f("pk_issued_document_pair")
        ),
    )
    op.create_index(
        op.f("ix_issued_document_pair_mentorship_id"), "issued_document_pair", ["mentorship_id"]
    )
    op.create_table(
        "consent_handout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        _fk("participant_id", "participant.id", "consent_handout"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_handout")),
    )
    op.create_index(
        op.f("ix_consent_handout_participant_id"), "consent_handout", ["participant_id"]
    )


def downgrade() -> None:
    for table in ("consent_handout", "issued_document_pair", "issued_document",
                  "roadmap_responsible", "roadmap_item", "roadmap"):  # fmt: skip
        op.drop_table(table)
