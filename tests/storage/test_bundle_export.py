"""The school's yearly bundle from a real database: each level written, read back and
verified; who is in the personal tables; the default bundle names nobody."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.exchange.bundle import BundleError, PrivacyLevel, inspect_bundle, read_bundle
from mentor_desk.queries.people import register_rows
from mentor_desk.services.bundle import BundleExportError, export_bundle, plan_export
from mentor_desk.storage.database import Database

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, 30)
YEAR = AcademicYear(2026)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mentor_desk.cli import main

    path = tmp_path_factory.mktemp("demo") / "school.sqlite3"
    assert main(["demo", "--db", str(path), "--students", "150", "--teachers", "20",
                 "--seed", "4"]) == 0  # fmt: skip
    return path


@pytest.fixture
def school(demo: Path, tmp_path: Path) -> Database:
    import shutil

    from mentor_desk.bootstrap import open_school_database

    copy = tmp_path / "school.sqlite3"
    shutil.copy(demo, copy)
    return open_school_database(copy)


def _export(db: Database, target: Path, level: PrivacyLevel, **kwargs) -> object:
    with db.transaction() as s:
        return export_bundle(s, db.path, target, YEAR, level, TODAY, NOW, **kwargs)


def test_the_default_bundle_holds_figures_and_no_person(school: Database, tmp_path: Path):
    target = tmp_path / "пакет.mdbundle"
    info = _export(school, target, PrivacyLevel.AGGREGATE)
    bundle = read_bundle(target)
    assert bundle.meta.academic_year == "2026-2027" and bundle.meta.level is PrivacyLevel.AGGREGATE
    assert "people" not in bundle.tables and "pairs" not in bundle.tables
    indicators = bundle.tables["indicators"]
    assert [r["key"] for r in indicators][:2] == ["dop_students_involved", "children_10_19_mentees"]
    assert sum(r["count"] for r in bundle.tables["pairs_summary"]) > 0
    assert bundle.tables["swot"] and bundle.tables["survey_summary"]
    names = {p.last_name for p in register_rows(school.reader, TODAY)}
    text = target.read_bytes()
    for table in bundle.tables.values():
        for row in table:
            for value in row.values():
                assert not (isinstance(value, str) and value in names), value
    assert bundle.report_pdf and bundle.report_pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    printed = " ".join(page.extract_text() for page in PdfReader(BytesIO(bundle.report_pdf)).pages)
    assert bundle.fingerprint in " ".join(printed.split())  # compared on paper
    assert info.fingerprint == bundle.fingerprint and len(text) == info.size
    # The school id is made once and kept: a second export carries the same one.
    again = read_bundle(_export(school, tmp_path / "2.mdbundle", PrivacyLevel.AGGREGATE).path)
    assert again.meta.school_id == bundle.meta.school_id
    assert again.meta.bundle_id != bundle.meta.bundle_id


def test_depersonalized_people_have_stable_pseudonyms_and_no_names(school: Database,
                                                                    tmp_path: Path):  # fmt: skip
    first = tmp_path / "1.mdbundle"
    _export(school, first, PrivacyLevel.DEPERSONALIZED, password="секрет-2026")
    with pytest.raises(BundleError):
        read_bundle(first, password="не тот")
    bundle = read_bundle(first, password="секрет-2026")
    people = bundle.tables["people"]
    assert people and all(set(p) >= {"pseudo_id", "birth_year"} for p in people)
    assert not any("last_name" in p or "birth_date" in p for p in people)
    second = tmp_path / "2.mdbundle"
    _export(school, second, PrivacyLevel.DEPERSONALIZED, password="секрет-2026")
    again = read_bundle(second, password="секрет-2026")
    assert {p["pseudo_id"] for p in people} == {p["pseudo_id"] for p in again.tables["people"]}
    assert inspect_bundle(first)["level"] == "depersonalized"


def test_full_bundle_names_only_people_with_a_valid_consent(school: Database, tmp_path: Path):
    plan = plan_export(school.reader, YEAR, PrivacyLevel.FULL, TODAY)
    assert plan.people_left_out > 0  # the demo has people without consent in pairs
    assert any("согласия" in note for note in plan.notes)
    target = tmp_path / "full.mdbundle"
    _export(school, target, PrivacyLevel.FULL, password="пароль")
    bundle = read_bundle(target, password="пароль")
    valid = {(r.last_name, r.first_name) for r in register_rows(school.reader, TODAY)
             if r.consent.value == "valid"}  # fmt: skip
    people = bundle.tables["people"]
    assert len(people) == plan.people_in_pairs - plan.people_left_out
    assert all((p["last_name"], p["first_name"]) in valid for p in people)
    ids = {p["person_id"] for p in people}
    assert all(r["mentor_id"] in ids and r["mentee_id"] in ids for r in bundle.tables["pairs"])


def test_personal_data_needs_a_password_or_a_key(school: Database, tmp_path: Path):
    target = tmp_path / "x.mdbundle"
    with pytest.raises(BundleExportError, match="пароль"):
        _export(school, target, PrivacyLevel.FULL)
    assert not target.exists()
