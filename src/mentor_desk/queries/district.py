"""Display reads of the municipality's workspace: the schools, the bundles held, their figures.

Plain SQL that PostgreSQL reads as well (no json_each, no SQLite-only functions); the
parameters are DB-API "?" placeholders of sqlite3.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from mentor_desk.queries.sql import day


def moment(text: str | None) -> datetime | None:
    """A DateTime column as SQLite stores it («2026-06-20 09:30:00.000000»)."""
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class SchoolRow:
    id: str
    name: str
    municipality: str
    key_fingerprint: str
    first_seen: date
    key_changed_on: date | None


@dataclass(frozen=True)
class BundleRow:
    """A bundle held, with its school and how its indicators stand (all sets together)."""

    id: str
    school_id: str
    school_name: str
    municipality: str
    academic_year: str
    level: str
    created: datetime  # UTC, as the school signed it
    received_on: datetime
    format_version: int
    file_sha256: str
    inbox_path: str
    met: int
    near: int
    far: int
    no_data: int

    @property
    def indicators(self) -> int:
        return self.met + self.near + self.far + self.no_data


@dataclass(frozen=True)
class IndicatorFact:
    """One indicator of one school's bundle for the year."""

    school_id: str
    school_name: str
    bundle_id: str
    key: str
    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    target: float | None
    status: str


def file_state(conn: sqlite3.Connection, marker: str) -> tuple[bool, int]:
    """Of a database file: whether the setting `marker` is there (a workspace) and how many
    people its register holds (a school's database)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    marked = "setting" in tables and bool(
        conn.execute("SELECT 1 FROM setting WHERE key = ?", (marker,)).fetchone()
    )
    people = 0
    if "participant" in tables:
        people = int(conn.execute("SELECT COUNT(*) FROM participant").fetchone()[0])
    return marked, people


def schools(conn: sqlite3.Connection) -> list[SchoolRow]:
    """Every school the workspace knows, by name."""
    rows = conn.execute(
        "SELECT id, name, municipality, key_fingerprint, first_seen, key_changed_on"
        " FROM district_school ORDER BY name, id"
    ).fetchall()
    return [SchoolRow(r[0], r[1], r[2], r[3], day(r[4]) or date.min, day(r[5])) for r in rows]


_BUNDLES = (
    "SELECT b.id, b.school_id, s.name, s.municipality, b.academic_year, b.level, b.created,"
    " b.received_on, b.format_version, b.file_sha256, b.inbox_path,"
    " SUM(CASE WHEN i.status = 'met' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN i.status = 'near' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN i.status = 'far' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN i.status = 'no_data' THEN 1 ELSE 0 END)"
    " FROM district_bundle b JOIN district_school s ON s.id = b.school_id"
    " LEFT JOIN district_indicator i ON i.bundle_id = b.id"
)
_GROUPED = (
    " GROUP BY b.id, b.school_id, s.name, s.municipality, b.academic_year, b.level,"
    " b.created, b.received_on, b.format_version, b.file_sha256, b.inbox_path"
)


def _bundle(row: tuple[object, ...]) -> BundleRow:
    created = moment(str(row[6]))
    received = moment(str(row[7]))
    assert created is not None and received is not None
    return BundleRow(
        str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]),
        created, received, int(str(row[8])), str(row[9]), str(row[10]),
        *(int(str(n or 0)) for n in row[11:15]),
    )  # fmt: skip


def bundles(conn: sqlite3.Connection, year: str | None = None) -> list[BundleRow]:
    """The bundles held (of one academic year, «2025-2026», or all), newest year first, then
    by school name."""
    where, params = (" WHERE b.academic_year = ?", (year,)) if year else ("", ())
    rows = conn.execute(
        _BUNDLES + where + _GROUPED + " ORDER BY b.academic_year DESC, s.name, b.school_id",
        params,
    ).fetchall()
    return [_bundle(r) for r in rows]


def bundle(conn: sqlite3.Connection, bundle_id: str) -> BundleRow | None:
    rows = conn.execute(_BUNDLES + " WHERE b.id = ?" + _GROUPED, (bundle_id,)).fetchall()
    return _bundle(rows[0]) if rows else None


def years(conn: sqlite3.Connection) -> list[str]:
    """The academic years the workspace holds bundles of, newest first."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT academic_year FROM district_bundle ORDER BY academic_year DESC"
        )
    ]


def set_keys(conn: sqlite3.Connection, year: str) -> list[tuple[str, int]]:
    """The indicator sets the year's bundles report on, with how many schools use each,
    the most used first."""
    rows = conn.execute(
        "SELECT i.set_key, COUNT(DISTINCT b.school_id) FROM district_indicator i"
        " JOIN district_bundle b ON b.id = i.bundle_id WHERE b.academic_year = ?"
        " GROUP BY i.set_key ORDER BY COUNT(DISTINCT b.school_id) DESC, i.set_key",
        (year,),
    ).fetchall()
    return [(str(key), int(n)) for key, n in rows]


def indicator_facts(conn: sqlite3.Connection, set_key: str, year: str) -> list[IndicatorFact]:
    """Every school's figures of the set for the year."""
    rows = conn.execute(
        "SELECT b.school_id, s.name, b.id, i.key, i.name, i.numerator, i.denominator,"
        " i.value, i.target, i.status FROM district_indicator i"
        " JOIN district_bundle b ON b.id = i.bundle_id"
        " JOIN district_school s ON s.id = b.school_id"
        " WHERE b.academic_year = ? AND i.set_key = ? ORDER BY s.name, b.school_id",
        (year, set_key),
    ).fetchall()
    return [IndicatorFact(*r) for r in rows]


def silent_schools(conn: sqlite3.Connection, year: str) -> list[SchoolRow]:
    """Known schools that sent no bundle of the year."""
    rows = conn.execute(
        "SELECT id, name, municipality, key_fingerprint, first_seen, key_changed_on"
        " FROM district_school s WHERE NOT EXISTS (SELECT 1 FROM district_bundle b"
        " WHERE b.school_id = s.id AND b.academic_year = ?) ORDER BY name, id",
        (year,),
    ).fetchall()
    return [SchoolRow(r[0], r[1], r[2], r[3], day(r[4]) or date.min, day(r[5])) for r in rows]


def municipalities(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """The municipalities the schools name, the most frequent first."""
    rows = conn.execute(
        "SELECT municipality, COUNT(*) FROM district_school GROUP BY municipality"
        " ORDER BY COUNT(*) DESC, municipality"
    ).fetchall()
    return [(str(m), int(n)) for m, n in rows]


def table_counts(conn: sqlite3.Connection, bundle_id: str) -> dict[str, int]:
    """How many rows of each kind a bundle brought (for the drill-down)."""
    out: dict[str, int] = {}
    for table in (
        "district_indicator", "district_contingent", "district_pairs", "district_roadmap",
        "district_survey", "district_swot", "district_practice",
    ):  # fmt: skip
        (n,) = conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE bundle_id = ?",
            (bundle_id,),
        ).fetchone()
        out[table.removeprefix("district_")] = int(n)
    return out


def bundle_indicators(conn: sqlite3.Connection, bundle_id: str) -> list[IndicatorFact]:
    """One bundle's indicators as the school sent them (the drill-down to a school)."""
    rows = conn.execute(
        "SELECT b.school_id, s.name, b.id, i.key, i.name, i.numerator, i.denominator,"
        " i.value, i.target, i.status FROM district_indicator i"
        " JOIN district_bundle b ON b.id = i.bundle_id"
        " JOIN district_school s ON s.id = b.school_id"
        " WHERE b.id = ? ORDER BY i.set_key, i.key",
        (bundle_id,),
    ).fetchall()
    return [IndicatorFact(*r) for r in rows]


def pairs_totals(conn: sqlite3.Connection, year: str) -> list[tuple[str, str, int]]:
    """The year's pairs of every school summed by form and status."""
    rows = conn.execute(
        "SELECT p.form, p.status, SUM(p.count) FROM district_pairs p"
        " JOIN district_bundle b ON b.id = p.bundle_id WHERE b.academic_year = ?"
        " GROUP BY p.form, p.status ORDER BY p.form, p.status",
        (year,),
    ).fetchall()
    return [(str(f), str(s), int(n)) for f, s, n in rows]


def contingent_totals(conn: sqlite3.Connection, year: str) -> dict[str, int]:
    """The year's contingent figures of every school summed by key."""
    rows = conn.execute(
        "SELECT c.key, SUM(c.count) FROM district_contingent c"
        " JOIN district_bundle b ON b.id = c.bundle_id WHERE b.academic_year = ?"
        " GROUP BY c.key ORDER BY c.key",
        (year,),
    ).fetchall()
    return {str(k): int(n) for k, n in rows}
