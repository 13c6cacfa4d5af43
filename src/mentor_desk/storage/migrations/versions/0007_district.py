"""The municipality's workspace (муниципалитет): the schools and the figures of their bundles.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08

A workspace is a database file opened in district mode; these tables hold what the
schools' yearly bundles carry (figures only, never a person). Plain create_table and
portable types only: the same script runs on SQLite and PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_CHILDREN = (
    "district_indicator",
    "district_contingent",
    "district_pairs",
    "district_roadmap",
    "district_survey",
    "district_swot",
    "district_practice",
)


def _bundle_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["bundle_id"],
        ["district_bundle.id"],
        name=op.f(f"fk_{table}_bundle_id_district_bundle"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "district_school",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("municipality", sa.String(500), nullable=False),
        sa.Column("key_fingerprint", sa.String(64), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=False),
        sa.Column("key_changed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_school")),
    )
    op.create_table(
        "district_bundle",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("school_id", sa.String(64), nullable=False),
        sa.Column("academic_year", sa.String(9), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("received_on", sa.DateTime(), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("inbox_path", sa.String(500), nullable=False),
        sa.Column("format_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["district_school.id"],
            name=op.f("fk_district_bundle_school_id_district_school"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_bundle")),
        sa.UniqueConstraint(
            "school_id", "academic_year", name=op.f("uq_district_bundle_school_id")
        ),
    )
    op.create_index(op.f("ix_district_bundle_academic_year"), "district_bundle", ["academic_year"])
    op.create_index(op.f("ix_district_bundle_file_sha256"), "district_bundle", ["file_sha256"])
    op.create_table(
        "district_indicator",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("set_key", sa.String(100), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        _bundle_fk("district_indicator"),
        sa.PrimaryKeyConstraint("bundle_id", "set_key", "key", name=op.f("pk_district_indicator")),
    )
    op.create_table(
        "district_contingent",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _bundle_fk("district_contingent"),
        sa.PrimaryKeyConstraint("bundle_id", "key", name=op.f("pk_district_contingent")),
    )
    op.create_table(
        "district_pairs",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("form", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        _bundle_fk("district_pairs"),
        sa.PrimaryKeyConstraint(
            "bundle_id", "form", "kind", "status", name=op.f("pk_district_pairs")
        ),
    )
    op.create_table(
        "district_roadmap",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(500), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        _bundle_fk("district_roadmap"),
        sa.PrimaryKeyConstraint("bundle_id", "position", name=op.f("pk_district_roadmap")),
    )
    op.create_table(
        "district_survey",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("mean", sa.Float(), nullable=True),
        sa.Column("option", sa.String(500), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        _bundle_fk("district_survey"),
        sa.PrimaryKeyConstraint("bundle_id", "position", name=op.f("pk_district_survey")),
    )
    op.create_table(
        "district_swot",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("quadrant", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _bundle_fk("district_swot"),
        sa.PrimaryKeyConstraint("bundle_id", "quadrant", "position", name=op.f("pk_district_swot")),
    )
    op.create_table(
        "district_practice",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("form", sa.String(40), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        _bundle_fk("district_practice"),
        sa.PrimaryKeyConstraint("bundle_id", "position", name=op.f("pk_district_practice")),
    )


def downgrade() -> None:
    for table in reversed(_CHILDREN):
        op.drop_table(table)
    op.drop_index(op.f("ix_district_bundle_file_sha256"), table_name="district_bundle")
    op.drop_index(op.f("ix_district_bundle_academic_year"), table_name="district_bundle")
    op.drop_table("district_bundle")
    op.drop_table("district_school")
