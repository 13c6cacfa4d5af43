"""Сведения об организации: the school profile, read without the ORM for the window title."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from datetime import date

from mentor_desk.domain.dates import AcademicYear


@dataclass
class SchoolProfile:
    full_name: str = ""
    short_name: str = ""
    municipality: str = ""
    address: str = ""
    director_name: str = ""
    director_position: str = "Директор"
    curators: str = ""
    academic_year_start: int = 0

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear(self.academic_year_start)

    @classmethod
    def blank(cls, today: date) -> SchoolProfile:
        return cls(academic_year_start=AcademicYear.containing(today).start_year)


def load_profile(conn: sqlite3.Connection) -> SchoolProfile | None:
    """The profile, read without the ORM: the window title needs it before anything else."""
    names = [f.name for f in fields(SchoolProfile)]
    # fetchall: a half-read cursor would keep a read lock on the file.
    rows = conn.execute(f"SELECT {', '.join(names)} FROM organization LIMIT 1").fetchall()
    return SchoolProfile(**dict(zip(names, rows[0], strict=True))) if rows else None
