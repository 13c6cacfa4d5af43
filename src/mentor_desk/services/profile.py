"""Сведения об организации: checking and saving the school profile asked for on first start."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from mentor_desk.queries.profile import SchoolProfile

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
