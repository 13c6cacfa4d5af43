"""Guard the register with CHECK constraints on category, consent status and capacity.

SQLite cannot add a constraint in place: batch mode copies the participant table, which
its participant_term children reference (the reason migrations run with foreign keys off).

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


def upgrade() -> None:
    with op.batch_alter_table("participant", recreate="always") as batch:
        for name, condition in CHECKS.items():
            batch.create_check_constraint(op.f(name), condition)


def downgrade() -> None:
    with op.batch_alter_table("participant", recreate="always") as batch:
        for name in CHECKS:
            batch.drop_constraint(op.f(name), type_="check")
