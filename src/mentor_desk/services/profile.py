"""Сведения об организации: the school profile asked for on first start."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING

from mentor_desk.domain.dates import AcademicYear

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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


def validate_profile(profile: SchoolProfile) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not profile.full_name.strip():
        errors["full_name"] = "Укажите полное наименование организации"
    if not profile.short_name.strip():
        errors["short_name"] = "Укажите краткое наименование"
    if not profile.director_name.strip():
        errors["director_name"] = "Укажите ФИО руководителя"
    if not 2000 <= profile.academic_year_start <= 2100:
        errors["academic_year_start"] = "Укажите учебный год"
    return errors


def load_profile(conn: sqlite3.Connection) -> SchoolProfile | None:
    """The profile, read without the ORM: the window title needs it before anything else."""
    names = [f.name for f in fields(SchoolProfile)]
    # fetchall: a half-read cursor would keep a read lock on the file.
    rows = conn.execute(f"SELECT {', '.join(names)} FROM organization LIMIT 1").fetchall()
    return SchoolProfile(**dict(zip(names, rows[0], strict=True))) if rows else None


def save_profile(session: Session, profile: SchoolProfile) -> None:
    from sqlalchemy import select

    from mentor_desk.storage.models import Organization

    errors = validate_profile(profile)
    if errors:
        raise ValueError("; ".join(errors.values()))
    row = session.scalar(select(Organization).limit(1)) or Organization()
    for f in fields(SchoolProfile):
        value = getattr(profile, f.name)
        setattr(row, f.name, value.strip() if isinstance(value, str) else value)
    session.add(row)
