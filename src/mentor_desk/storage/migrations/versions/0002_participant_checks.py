"""Guard the register with CHECK constraints on category, consent status and capacity.

SQLite cannot add a constraint in place: batch mode copies the participant table, which
its participant_term children reference (the reason migrations run with foreign keys off).

Every other backend (PostgreSQL) adds and drops the constraints in place with plain ALTER
TABLE. Copying the table there, as recreate="always" does, would fail on the foreign key of
participant_term (or, were it dropped, leave it pointing nowhere), lose the id sequence's
ownership and rewrite every row for nothing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHECKS = {
    "ck_participant_category": "category IN ('student','teacher','parent','graduate',"
    "'university_student','partner','head')",
    "ck_participant_consent_status": "consent_status IN ('none','given','withdrawn')",
    "ck_participant_capacity": "capacity BETWEEN 1 AND 10",
}


def _copies_tables() -> bool:
    return bool(op.get_context().dialect.name == "sqlite")


def upgrade() -> None:
    if not _copies_tables():
        for name, condition in CHECKS.items():
            op.create_check_constraint(op.f(name), "participant", condition)
        return
    with op.batch_alter_table("participant", recreate="always") as batch:
        for name, condition in CHECKS.items():
            batch.create_check_constraint(op.f(name), condition)


def downgrade() -> None:
    if not _copies_tables():
        for name in CHECKS:
            op.drop_constraint(op.f(name), "participant", type_="check")
        return
    with op.batch_alter_table("participant", recreate="always") as batch:
        for name in CHECKS:
            batch.drop_constraint(op.f(name), type_="check")
