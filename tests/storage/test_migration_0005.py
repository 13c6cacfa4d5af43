"""Revision 0005 (monitoring) on a school file of revision 0004 that holds pairs, a roadmap
and the journal: every row stays, the new columns take their defaults."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from tests.data.make_db_0001 import build, upgrade_to

from mentor_desk.storage.database import HEAD_REVISION, current_revision, open_database

OLD_TABLES = (
    "participant",
    "participant_term",
    "mentorship",
    "mentorship_mentee",
    "roadmap",
    "roadmap_item",
    "issued_document",
)


def _rows(path: Path, table: str, columns: str = "*") -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"SELECT {columns} FROM {table} ORDER BY 1").fetchall()


def _columns(path: Path, table: str) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))


@pytest.fixture
def file_0004(tmp_path: Path) -> Path:
    path = build(tmp_path / "school.sqlite3")
    upgrade_to(path, "0004")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO mentorship (id, mentor_id, form, kind, status, order_number,"
            " order_date, started_on, ends_on, ended_on, end_reason, end_note, goal, tasks,"
            " created_at, updated_at) VALUES (1, 2, 'teacher_student', 'traditional',"
            " 'active', '12-о', '2025-09-10', '2025-09-10', '2026-05-31', NULL, '', '',"
            " 'Цель', '', '2025-09-01 10:00:00', '2025-09-01 10:00:00')"
        )
        conn.execute("INSERT INTO mentorship_mentee VALUES (1, 1, 0)")
        conn.execute(
            "INSERT INTO roadmap VALUES (1, 'Дорожная карта', 2025, 2026, 'x',"
            " '2025-09-01 10:00:00')"
        )
        conn.execute(
            "INSERT INTO roadmap_item (id, roadmap_id, position, section, activity,"
            " deadline_text, due_on, responsible_text, expected_result, indicator, status,"
            " done_on, note) VALUES (1, 1, 0, 'I', 'Собрание', 'сентябрь', NULL, '', '',"
            " '', 'done', '2025-09-20', '')"
        )
        conn.execute(
            "INSERT INTO issued_document VALUES (1, 'pairs', '12-о', '2025-09-10',"
            " 'Приказ', '{}', '2025-09-10 10:00:00')"
        )
    assert current_revision(path) == "0004"
    return path


def test_0005_keeps_every_row_of_0004(file_0004: Path) -> None:
    before = {t: (_columns(file_0004, t), _rows(file_0004, t)) for t in OLD_TABLES}
    db = open_database(file_0004)
    try:
        assert db.migrated_from == "0004"
        assert current_revision(file_0004) == HEAD_REVISION
        for table, (columns, rows) in before.items():
            assert _rows(file_0004, table, columns) == rows, table
        assert {r[0] for r in _rows(file_0004, "participant", "in_dop")} == {0}
        for table in ("contingent_figure", "survey_response", "swot_item", "growth_parameter"):
            assert _rows(file_0004, table) == []
    finally:
        db.close()


def test_an_erased_person_leaves_the_answers_unnamed(file_0004: Path) -> None:
    db = open_database(file_0004)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO survey_response (year_start, role, participant_id, answers,"
                " source, created_at) VALUES (2025, 'mentee', 1, '{}', 'manual',"
                " '2026-05-01 10:00:00')"
            )
            conn.exec_driver_sql(
                "INSERT INTO growth_parameter (id, year_start, name, audience, position)"
                " VALUES (1, 2025, 'Средний балл', 'students', 0)"
            )
            conn.exec_driver_sql("INSERT INTO growth_measurement VALUES (1, 1, 3.5, 4.2)")
            conn.exec_driver_sql("DELETE FROM mentorship_mentee WHERE participant_id = 1")
            conn.exec_driver_sql("DELETE FROM participant WHERE id = 1")
    finally:
        db.close()
    assert [r[3] for r in _rows(file_0004, "survey_response")] == [None]
    assert _rows(file_0004, "growth_measurement") == []
    with closing(sqlite3.connect(file_0004)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO swot_item (year_start, quadrant, text, position)"
            " VALUES (2025, 'luck', 'x', 0)"
        )
