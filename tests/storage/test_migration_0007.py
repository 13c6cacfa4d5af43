"""Revision 0007 (the municipality's workspace) on a school file of revision 0006 that holds
pairs and a practice: every table and row stays as it was, the district tables come empty,
take a school, a bundle and its figures (deleting the bundle cascades to its figures);
downgrading removes them and nothing else."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from tests.data.make_db_0001 import MIGRATIONS, build, upgrade_to
from tests.storage.test_migration_0006 import _snapshot

from mentor_desk.storage import database
from mentor_desk.storage.database import HEAD_REVISION, current_revision, open_database

DISTRICT_TABLES = {
    "district_school",
    "district_bundle",
    "district_indicator",
    "district_contingent",
    "district_pairs",
    "district_roadmap",
    "district_survey",
    "district_swot",
    "district_practice",
}
BUNDLE = "3f0c2a56-1b7e-4d44-a1c9-2e6f8830d15b"


@pytest.fixture
def file_0006(tmp_path: Path) -> Path:
    path = build(tmp_path / "school.sqlite3")
    upgrade_to(path, "0006")
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO practice (year_start, title, form, description, results, position,"
            " created_at, updated_at) VALUES (2025, 'Клуб юных инженеров', 'student_student',"
            " 'Описание', 'Результаты', 0, '2026-05-01 10:00:00', '2026-05-01 10:00:00')"
        )
        conn.execute("INSERT INTO setting VALUES ('matching.weights', '{}')")
    assert current_revision(path) == "0006"
    return path


def _fill_district(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(
            "INSERT INTO district_school VALUES ('sch-42', 'МБОУ «Школа № 42»',"
            " 'Городской округ Энск', '3F2A 91C0', '-----BEGIN PUBLIC KEY-----', '2026-06-20',"
            " NULL)"
        )
        conn.execute(
            "INSERT INTO district_bundle VALUES (?, 'sch-42', '2025-2026', 'aggregate',"
            " '2026-06-20 09:30:00', '2026-06-21 10:00:00', ?, 'x.mdbundle', 1)",
            (BUNDLE, "a" * 64),
        )
        conn.execute(
            "INSERT INTO district_indicator VALUES (?, 'municipal', 'teachers_mentors',"
            " 'Доля педагогов-наставников', 12, 40, 30.0, 25.0, 'met')",
            (BUNDLE,),
        )
        conn.execute("INSERT INTO district_contingent VALUES (?, 'teachers', 40)", (BUNDLE,))
        conn.execute(
            "INSERT INTO district_pairs VALUES (?, 'teacher_teacher', 'traditional', 'active', 7)",
            (BUNDLE,),
        )
        conn.execute(
            "INSERT INTO district_swot VALUES (?, 'strength', 1, 'Опытные наставники')",
            (BUNDLE,),
        )
        conn.execute(
            "INSERT INTO district_practice VALUES (?, 1, 'Кейс', NULL, NULL, NULL)", (BUNDLE,)
        )


def test_0007_keeps_every_table_and_row_of_0006(file_0006: Path) -> None:
    before = _snapshot(file_0006)
    db = open_database(file_0006)
    try:
        assert db.migrated_from == "0006"
        assert current_revision(file_0006) == HEAD_REVISION == "0007"
        after = _snapshot(file_0006)
        assert {t: after[t] for t in before} == before
        assert set(after) - set(before) == DISTRICT_TABLES
        assert all(after[t][1] == [] for t in DISTRICT_TABLES)
        assert after["district_bundle"][0] == [
            "id", "school_id", "academic_year", "level", "created", "received_on",
            "file_sha256", "inbox_path", "format_version",
        ]  # fmt: skip
        with closing(sqlite3.connect(file_0006)) as raw:
            indexes = raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = 'district_bundle' AND sql IS NOT NULL ORDER BY name"
            ).fetchall()
        assert indexes == [
            ("ix_district_bundle_academic_year",), ("ix_district_bundle_file_sha256",)]  # fmt: skip
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        db.close()


def test_the_tables_take_a_bundle_and_deleting_it_cascades(file_0006: Path) -> None:
    open_database(file_0006).close()
    _fill_district(file_0006)
    with closing(sqlite3.connect(file_0006)) as conn, conn:
        conn.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            conn.execute(
                "INSERT INTO district_bundle VALUES ('other', 'sch-42', '2025-2026',"
                " 'aggregate', '2026-06-22 09:30:00', '2026-06-22 10:00:00', 'b', 'y', 1)"
            )
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            conn.execute(
                "INSERT INTO district_bundle VALUES ('other', 'nobody', '2025-2026',"
                " 'aggregate', '2026-06-22 09:30:00', '2026-06-22 10:00:00', 'b', 'y', 1)"
            )
        conn.execute("DELETE FROM district_bundle WHERE id = ?", (BUNDLE,))
        left = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DISTRICT_TABLES}
    assert left == {t: 0 for t in DISTRICT_TABLES} | {"district_school": 1}


def test_downgrade_to_0006_removes_only_the_district_tables(file_0006: Path) -> None:
    before = _snapshot(file_0006)
    open_database(file_0006).close()
    _fill_district(file_0006)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = database._make_engine(file_0006, foreign_keys=False, wal=False)
    try:
        with engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, "0006")
    finally:
        engine.dispose()
    assert current_revision(file_0006) == "0006"
    assert _snapshot(file_0006) == before
