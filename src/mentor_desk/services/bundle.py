"""The school's side of the yearly bundle: the year's figures (and, by level, its people)
gathered into the tables of exchange.bundle, shown before they leave, then written and
signed. The GUI's export dialog and `mentor-desk bundle export` both call this module.

Who is in the personal tables: everyone in a pair counted for the year (domain.kpi's one
rule). `depersonalized` gives each a stable pseudonym (an HMAC of the person's id with the
school's own secret, which never leaves the database), the birth year instead of the date,
no names or contacts; `full` carries names, but only of people whose consent is valid on
the day of the export (a withdrawn consent never), and only the pairs whose people are all
in it.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.kpi import is_counted
from mentor_desk.domain.participants import ConsentState
from mentor_desk.exchange.bundle import (
    BundleInfo,
    BundleMeta,
    PrivacyLevel,
    fingerprint,
    load_or_create_signing_key,
    pseudonym,
    write_bundle,
)
from mentor_desk.queries import monitoring as reads
from mentor_desk.queries.people import register_rows
from mentor_desk.queries.practices import practices
from mentor_desk.queries.profile import SchoolProfile, load_profile
from mentor_desk.queries.roadmap import read_items, roadmaps
from mentor_desk.services.kpi import Dashboard, chosen_set, dashboard, year_label
from mentor_desk.services.surveys import survey_summary
from mentor_desk.storage.models import Setting

SCHOOL_ID_SETTING = "bundle.school_id"  # stable across renaming: made at the first export
PSEUDONYM_SETTING = "bundle.pseudonym_key"  # the secret behind the pseudonyms; never exported
KEYS_SUFFIX = "-keys"  # «school-keys» beside «school.sqlite3»: the school's signing key
LEVEL_NOTES = {
    PrivacyLevel.AGGREGATE: "только цифры: показатели, контингент, пары по формам, дорожная "
    "карта, итоги анкет, SWOT и практики; никаких сведений о людях",
    PrivacyLevel.DEPERSONALIZED: "цифры и обезличенные участники пар года: псевдоним, год "
    "рождения, класс, категория, роли, пары; без имён и контактов (таблица псевдонимов "
    "остаётся в школе); сведения о людях зашифрованы",
    PrivacyLevel.FULL: "цифры и участники пар года с именами и контактами — только те, чьё "
    "согласие на обработку ПДн действует; сведения о людях зашифрованы",
}


class BundleExportError(ValueError):
    """An export the rules refuse (no profile, no password for personal data)."""


@dataclass(frozen=True)
class ExportPlan:
    """What will leave the school, before anything is written."""

    year: AcademicYear
    level: PrivacyLevel
    school: SchoolProfile
    board: Dashboard
    tables: dict[str, list[dict[str, Any]]]
    people_in_pairs: int  # everyone in the year's counted pairs
    people_left_out: int = 0  # of those, left out of a full bundle (no valid consent)
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def _setting(session: Session, key: str, make: str) -> str:
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=make)
        session.add(row)
    return row.value


def identity(session: Session) -> tuple[str, bytes]:
    """The school's bundle id and pseudonym secret, made on the first export."""
    school_id = _setting(session, SCHOOL_ID_SETTING, "S" + secrets.token_hex(8).upper())
    secret = _setting(session, PSEUDONYM_SETTING, secrets.token_hex(32))
    return school_id, bytes.fromhex(secret)


def _roadmap_rows(
    conn: sqlite3.Connection, year: AcademicYear, today: date
) -> list[dict[str, Any]]:
    """The items of the roadmap whose period holds the year (the latest such), as of today."""
    covering = [r for r in roadmaps(conn) if r.start_year <= year.start_year < max(
        r.end_year, r.start_year + 1)]  # fmt: skip
    if not covering:
        return []
    return [
        {"section": item.section or "—", "title": item.activity, "due": item.due,
         "status": item.shown.value, "done_on": item.done_on}
        for item in read_items(conn, covering[-1].id, today)
    ]  # fmt: skip


def _survey_rows(conn: sqlite3.Connection, year_start: int) -> list[dict[str, Any]]:
    """Per role and question: the mean of a score, the count of each option; open answers
    only as a count (their text may name people)."""
    rows: list[dict[str, Any]] = []
    for role in ("mentee", "mentor"):
        summary = survey_summary(conn, year_start, role)
        for q in summary.questions:
            base: dict[str, Any] = {
                "role": role, "question": q.question.text, "kind": q.question.kind,
                "respondents": q.answered, "mean": None, "option": None, "count": None,
            }  # fmt: skip
            if q.question.kind == "choice":
                rows += [{**base, "option": option, "count": n} for option, n in q.choices]
            else:
                rows.append({**base, "mean": None if q.mean is None else round(q.mean, 2)})
    return rows


def _figures(
    conn: sqlite3.Connection, board: Dashboard, profile: SchoolProfile, school_id: str,
    today: date,
) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    year = board.year
    kinds = reads.pair_kinds(conn)
    pairs = Counter(
        (p.form, kinds.get(p.id, "traditional"), p.status)
        for p in reads.pair_facts(conn)
        if is_counted(p, year)
    )
    swot: list[dict[str, Any]] = []
    for item in reads.swot(conn, year.start_year):
        position = 1 + sum(1 for row in swot if row["quadrant"] == item.quadrant)
        swot.append({"quadrant": item.quadrant, "position": position, "text": item.text})
    return {
        "school": [{"id": school_id, "full_name": profile.full_name or profile.short_name,
                    "short_name": profile.short_name, "municipality": profile.municipality}],
        "year": [{"academic_year": year_label(year), "starts": year.start, "ends": year.end}],
        "indicators": [
            {"set_key": board.indicator_set.key, "key": r.key, "name": r.name,
             "numerator": r.numerator, "denominator": r.denominator,
             "value": None if r.value is None else round(r.value, 1), "target": r.target,
             "status": r.status}
            for r in board.results
        ],
        "contingent": [{"key": line.key.value, "count": line.value}
                       for line in board.contingent if line.value is not None],
        "pairs_summary": [{"form": form, "kind": kind, "status": status, "count": n}
                          for (form, kind, status), n in sorted(pairs.items())],
        "roadmap_items": _roadmap_rows(conn, year, today),
        "survey_summary": _survey_rows(conn, year.start_year),
        "swot": swot,
        "practices": [
            {"title": p.title, "form": p.form or None, "description": p.description or None,
             "results": p.results or None}
            for p in practices(conn, year.start_year)
        ],
    }  # fmt: skip


def _personal(
    conn: sqlite3.Connection, year: AcademicYear, level: PrivacyLevel, secret: bytes,
    today: date,
) -> tuple[dict[str, list[dict[str, Any]]], int, int]:  # fmt: skip
    """The people and pairs tables of the level; the people in pairs and those left out."""
    kinds = reads.pair_kinds(conn)
    counted = [p for p in reads.pair_facts(conn) if is_counted(p, year)]
    in_pairs = {pid for p in counted for pid in (p.mentor_id, *p.mentee_ids)}
    rows = {r.id: r for r in register_rows(conn, today) if r.id in in_pairs}
    if level is PrivacyLevel.FULL:
        kept = {pid for pid, r in rows.items() if r.consent is ConsentState.VALID}
    else:
        kept = set(rows)
    ident = {pid: pseudonym(secret, pid) for pid in kept}
    people: list[dict[str, Any]] = []
    for pid in sorted(kept, key=lambda p: ident[p]):
        r = rows[pid]
        person: dict[str, Any] = {"class": r.class_name or None, "category": r.category.value,
                                  "is_mentor": r.is_mentor, "is_mentee": r.is_mentee}  # fmt: skip
        if level is PrivacyLevel.FULL:
            person |= {"person_id": ident[pid], "last_name": r.last_name,
                       "first_name": r.first_name, "middle_name": r.middle_name or None,
                       "birth_date": r.birth_date, "email": r.email or None,
                       "phone": r.phone or None, "consent_until": None}  # fmt: skip
        else:
            person |= {"pseudo_id": ident[pid],
                       "birth_year": r.birth_date.year if r.birth_date else None}  # fmt: skip
        people.append(person)
    pair_rows = [
        {"pair_id": pseudonym(secret, p.id, "Q"), "mentor_id": ident[p.mentor_id],
         "mentee_id": ident[m], "form": p.form, "kind": kinds.get(p.id, "traditional"),
         "status": p.status, "started_on": p.started_on, "ended_on": p.ended_on}
        for p in counted
        if p.mentor_id in kept and all(x in kept for x in p.mentee_ids)
        for m in p.mentee_ids
    ]  # fmt: skip
    return {"people": people, "pairs": pair_rows}, len(rows), len(rows) - len(kept)


def plan_export(
    conn: sqlite3.Connection, year: AcademicYear, level: PrivacyLevel, today: date,
    *, school_id: str = "PREVIEW", secret: bytes = b"preview",
) -> ExportPlan:  # fmt: skip
    """The tables of the year's bundle at the level, as they would leave the school."""
    profile = load_profile(conn)
    if profile is None or not (profile.full_name or profile.short_name):
        raise BundleExportError(
            "Заполните сведения об организации (Файл → Сведения об организации…): без "
            "названия школы пакет не собрать"
        )
    board = dashboard(conn, chosen_set(conn), year)
    tables = _figures(conn, board, profile, school_id, today)
    in_pairs = left_out = 0
    if level.personal:
        personal, in_pairs, left_out = _personal(conn, year, level, secret, today)
        tables |= personal
    notes = [LEVEL_NOTES[level]]
    if left_out:
        notes.append(f"Без действующего согласия на обработку ПДн не включены: {left_out} "
                     f"из {in_pairs} участников пар года")  # fmt: skip
    return ExportPlan(year, level, profile, board, tables, in_pairs, left_out, notes)


def export_bundle(
    session: Session,
    db_path: Path,
    target: Path,
    year: AcademicYear,
    level: PrivacyLevel,
    today: date,
    now: datetime,
    *,
    password: str | None = None,
    municipality_key: Any = None,
    report_pdf: bytes | None = None,
) -> BundleInfo:
    """Write the year's bundle to `target` in the caller's transaction (which keeps the
    school id made on the first export); BundleExportError or exchange's BundleError."""
    from mentor_desk.storage.database import session_connection

    if level.personal and municipality_key is None and not password:
        raise BundleExportError(
            "Сведения о людях шифруются: задайте пароль (его нужно сообщить муниципалитету "
            "отдельно от файла) или выберите открытый ключ муниципалитета"
        )
    school_id, secret = identity(session)
    conn = session_connection(session)
    plan = plan_export(conn, year, level, today, school_id=school_id, secret=secret)
    key = load_or_create_signing_key(keys_folder(db_path))
    if report_pdf is None:
        report_pdf = report_of(conn, plan.board, today, fingerprint(key.public_key()))
    meta = BundleMeta(
        school_id=school_id,
        school_name=plan.school.full_name or plan.school.short_name,
        municipality=plan.school.municipality,
        academic_year=year_label(year),
        level=level,
        created=now.astimezone(timezone.utc),
    )
    return write_bundle(target, meta, plan.tables, report_pdf, key,
                        encrypt_to=municipality_key, password=password)  # fmt: skip


def keys_folder(db_path: Path) -> Path:
    """Where the school's signing key is kept: beside its database, one folder a database."""
    return db_path.with_name(db_path.stem + KEYS_SUFFIX)


def report_of(
    conn: sqlite3.Connection, board: Dashboard, today: date, key_fingerprint: str = ""
) -> bytes:
    """The analytic report of the year, the human-readable part of the bundle, with the
    fingerprint of the key that signs it."""
    from mentor_desk.documents.analytic_report import report_document
    from mentor_desk.documents.pdf import pdf_bytes
    from mentor_desk.services.analytic_report import report_data

    data = replace(report_data(conn, board, today), key_fingerprint=key_fingerprint)
    return pdf_bytes(report_document(data))
