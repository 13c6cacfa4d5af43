"""Monitoring: the contingent, indicator sets, satisfaction surveys, SWOT, stage-2 growth.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(column: str, target: str, table: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    name = f"fk_{table}_{column}_{target.split('.')[0]}"
    return sa.ForeignKeyConstraint([column], [target], ondelete=ondelete, name=op.f(name))


def upgrade() -> None:
    with op.batch_alter_table("participant") as batch:
        batch.add_column(sa.Column("in_dop", sa.Boolean(), server_default="0", nullable=False))
    op.create_table(
        "contingent_figure",
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("register_count", sa.Integer(), nullable=True),
        sa.Column("taken_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("year_start", "key", name=op.f("pk_contingent_figure")),
    )
    op.create_table(
        "indicator_set_copy",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_indicator_set_copy")),
    )
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('mentee','mentor')", name=op.f("ck_survey_response_role")),
        _fk("participant_id", "participant.id", "survey_response", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    op.create_index(op.f("ix_survey_response_year_start"), "survey_response", ["year_start"])
    op.create_index(
        op.f("ix_survey_response_participant_id"), "survey_response", ["participant_id"]
    )
    op.create_table(
        "swot_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("quadrant", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "quadrant IN ('strength','weakness','opportunity','threat')",
            name=op.f("ck_swot_item_quadrant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_swot_item")),
    )
    op.create_index(op.f("ix_swot_item_year_start"), "swot_item", ["year_start"])
    op.create_table(
        "growth_parameter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year_start", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "audience IN ('students','teachers','all')", name=op.f("ck_growth_parameter_audience")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_growth_parameter")),
    )
    op.create_index(op.f("ix_growth_parameter_year_start"), "growth_parameter", ["year_start"])
    op.create_table(
        "growth_measurement",
        sa.Column("parameter_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("start_value", sa.Float(), nullable=True),
        sa.Column("end_value", sa.Float(), nullable=True),
        _fk("parameter_id", "growth_parameter.id", "growth_measurement"),
        _fk("participant_id", "participant.id", "growth_measurement"),
        sa.PrimaryKeyConstraint(
            "parameter_id", "participant_id", name=op.f("pk_growth_measurement")
        ),
    )
    op.create_index(
        op.f("ix_growth_measurement_participant_id"), "growth_measurement", ["participant_id"]
    )


def downgrade() -> None:
    for table in (
        "growth_measurement",
        "growth_parameter",
        "swot_item",
        "survey_response",
        "indicator_set_copy",
        "contingent_figure",
    ):
        op.drop_table(table)
    with op.batch_alter_table("participant") as batch:
        batch.drop_column("in_dop")
