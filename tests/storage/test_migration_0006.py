"""Revision 0006 (best practices) on a school file of revision 0005 that holds pairs, the
roadmap and a year of monitoring: every table and row stays as it was, the practice table
comes empty and takes a practice; downgrading removes it and nothing else."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from tests.data.make_db_0001 import MIGRATIONS, build, upgrade_to

from mentor_desk.storage import database
from mentor_desk.storage.database import HEAD_REVISION, current_revision, open_database

Snapshot = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def _snapshot(path: Path) -> Snapshot:
    """Every table but Alembic's: its columns and all its rows."""
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT IN ('alembic_version', 'sqlite_sequence') ORDER BY name"
            )
        ]
        result: Snapshot = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            result[table] = (columns, rows)
        return result


def _columns(path: Path, table: str) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


@pytest.fixture
def file_0005(tmp_path: Path) -> Path:
    path = build(tmp_path / "school.sqlite3")
    upgrade_to(path, "0005")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(
            "INSERT INTO mentorship (id, mentor_id, form, kind, status, order_number,"
            " order_date, started_on, ends_on, ended_on, end_reason, end_note, goal, tasks,"
            " created_at, updated_at) VALUES (1, 2, 'teacher_student', 'traditional',"
            " 'active', '12-о', '2025-09-10', '2025-09-10', '2026-05-31', NULL, '', '',"
            " 'Цель', '', '2025-09-01 10:00:00', '2025-09-01 10:00:00')"
        )
        conn.execute("INSERT INTO mentorship_mentee VALUES (1, 1, 0)")
        conn.execute("UPDATE participant SET in_dop = 1 WHERE id = 1")
        conn.execute(
            "INSERT INTO contingent_figure VALUES (2025, 'teachers', 40, 38, '2025-09-15',"
            " 'по форме ОО-1')"
        )
        conn.execute("INSERT INTO indicator_set_copy VALUES ('own', '{\"key\": \"own\"}')")
        conn.execute(
            "INSERT INTO survey_response (id, year_start, role, participant_id, answers,"
            " source, created_at) VALUES (1, 2025, 'mentee', 1, '{\"overall\": 9}', 'manual',"
            " '2026-05-01 10:00:00')"
        )
        conn.execute(
            "INSERT INTO swot_item (id, year_start, quadrant, text, position)"
            " VALUES (1, 2025, 'strength', 'Опытные наставники', 0)"
        )
        conn.execute(
            "INSERT INTO growth_parameter (id, year_start, name, audience, position)"
            " VALUES (1, 2025, 'Средний балл', 'students', 0)"
        )
        conn.execute("INSERT INTO growth_measurement VALUES (1, 1, 3.5, 4.2)")
    assert current_revision(path) == "0005"
    return path


def test_0006_keeps_every_table_and_row_of_0005(file_0005: Path) -> None:
    before = _snapshot(file_0005)
    assert all(before[t][1] for t in ("mentorship", "swot_item", "growth_measurement"))
    db = open_database(file_0005)
    try:
        assert db.migrated_from == "0005"
        assert current_revision(file_0005) == HEAD_REVISION
        after = _snapshot(file_0005)
        assert {t: after[t] for t in before} == before
        added = {t for t in set(after) - set(before) if not t.startswith("district_")}
        assert added == {"practice"}  # the district tables of 0007 follow
        assert after["practice"] == (
            [
                "id",
                "year_start",
                "title",
                "form",
                "description",
                "results",
                "position",
                "created_at",
                "updated_at",
            ],
            [],
        )
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()


def test_the_new_table_takes_a_practice_and_refuses_one_without_a_title(file_0005: Path) -> None:
    open_database(file_0005).close()
    with closing(sqlite3.connect(file_0005)) as conn, conn:
        conn.execute(
            "INSERT INTO practice (year_start, title, form, description, results, position,"
            " created_at, updated_at) VALUES (2025, 'Клуб юных инженеров', 'student_student',"
            " 'Описание', 'Результаты', 0, '2026-05-01 10:00:00', '2026-05-01 10:00:00')"
        )
        with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
            conn.execute(
                "INSERT INTO practice (year_start, form, description, results, position,"
                " created_at, updated_at) VALUES (2025, '', '', '', 0, '2026-05-01',"
                " '2026-05-01')"
            )
        index = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'practice'"
        ).fetchall()
    assert index == [("ix_practice_year_start",)]
    with closing(sqlite3.connect(file_0005)) as conn:
        rows = conn.execute("SELECT id, year_start, title FROM practice").fetchall()
    assert rows == [(1, 2025, "Клуб юных инженеров")]


def test_downgrade_to_0005_removes_only_the_practice_table(file_0005: Path) -> None:
    before = _snapshot(file_0005)
    open_database(file_0005).close()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = database._make_engine(file_0005, foreign_keys=False, wal=False)
    try:
        with engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, "0005")
    finally:
        engine.dispose()
    assert current_revision(file_0005) == "0005"
    assert _snapshot(file_0005) == before
    assert _columns(file_0005, "practice") == []
