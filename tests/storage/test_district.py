"""The municipality's workspace: schools' bundles from real demo databases added, replaced,
refused (a refused file changes nothing, compared on a dump of the file and the inbox),
and consolidated weighted by denominators."""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.exchange.bundle import BundleMeta, PrivacyLevel, read_bundle, write_bundle
from mentor_desk.queries import district as reads
from mentor_desk.services import district
from mentor_desk.services.bundle import export_bundle
from mentor_desk.storage.database import Database

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 10, 30)
YEAR = AcademicYear(2026)
LABEL = "2026-2027"
SEEDS = (1, 2, 3, 4, 5)


@dataclass
class School:
    db: Path
    bundle: Path  # made at NOW
    later: Path  # the same school and year, made an hour later


def _export(db_path: Path, target: Path, now: datetime) -> Path:
    from mentor_desk.bootstrap import open_school_database

    db = open_school_database(db_path)
    try:
        with db.transaction() as s:
            export_bundle(s, db.path, target, YEAR, PrivacyLevel.AGGREGATE, TODAY, now)
    finally:
        db.close()
    return target


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> list[School]:
    """Five demo schools (different seeds), each with its bundle and a later one."""
    from mentor_desk.cli import main

    folder = tmp_path_factory.mktemp("schools")
    made = []
    for seed in SEEDS:
        path = folder / f"school-{seed}.sqlite3"
        assert main(["demo", "--db", str(path), "--students", "60", "--teachers", "10",
                     "--seed", str(seed)]) == 0  # fmt: skip
        first = _export(path, folder / f"{seed}-a.mdbundle", NOW)
        later = _export(path, folder / f"{seed}-b.mdbundle", NOW + timedelta(hours=1))
        made.append(School(path, first, later))
    return made


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Database]:
    db = district.open_workspace(tmp_path / "district.sqlite3")
    yield db
    db.close()


def inbox(db: Database) -> Path:
    return district.inbox_for(db.path)


def add(db: Database, *paths: Path, confirm: set[str] | None = None) -> district.AddReport:
    with db.transaction() as session:
        return district.add_bundles(session, list(paths), inbox(db), TODAY, NOW,
                                    confirm_key_change=confirm or set())  # fmt: skip


def dump(db: Database) -> tuple[list[str], dict[str, str]]:
    """The whole workspace: every statement of its SQL dump and every inbox file's hash."""
    with closing(sqlite3.connect(db.path)) as conn:
        lines = list(conn.iterdump())
    files = {}
    if inbox(db).is_dir():
        files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inbox(db).iterdir()}
    return lines, files


def make_bundle(
    target: Path,
    school_id: str,
    tables: Mapping[str, list[dict[str, Any]]],
    *,
    key: Ed25519PrivateKey | None = None,
    created: datetime = datetime(2026, 6, 20, 9, 30, tzinfo=timezone.utc),
    name: str = "МБОУ «Школа»",
    municipality: str = "Городской округ Энск",
    year: str = "2025-2026",
) -> Path:
    """A bundle written by the real writer from tables given (other tables empty)."""
    start = int(year[:4])
    full = {
        "school": [{"id": school_id, "full_name": name, "short_name": None,
                    "municipality": municipality}],
        "year": [{"academic_year": year, "starts": date(start, 9, 1),
                  "ends": date(start + 1, 8, 31)}],
        **tables,
    }  # fmt: skip
    meta = BundleMeta(school_id=school_id, school_name=name, municipality=municipality,
                      academic_year=year, created=created)  # fmt: skip
    write_bundle(target, meta, full, None, key or Ed25519PrivateKey.generate())
    return target


def indicator(key: str, numerator: float, denominator: float | None, **extra: Any) -> dict:
    value = round(100 * numerator / denominator, 1) if denominator else None
    row = {"set_key": "zavitinsk_2022", "key": key, "name": key, "numerator": numerator,
           "denominator": denominator, "value": value, "target": 80.0, "status": "far"}  # fmt: skip
    return row | extra


# --- adding -----------------------------------------------------------------------------------


def test_five_schools_are_added_and_their_files_kept_unchanged(
    workspace: Database, schools: list[School]
) -> None:
    report = add(workspace, *(s.bundle for s in schools))
    assert [f.outcome for f in report.files] == ["added"] * 5, report.files
    assert "запомнен" in report.files[0].message
    held = reads.bundles(workspace.reader, LABEL)
    assert len(held) == 5 and len({b.school_id for b in held}) == 5
    for school in schools:
        data = school.bundle.read_bytes()
        bundle = read_bundle(data)
        sha = hashlib.sha256(data).hexdigest()
        (row,) = [b for b in held if b.id == str(bundle.meta.bundle_id)]
        assert row.file_sha256 == sha and row.inbox_path == f"{sha}.mdbundle"
        assert (inbox(workspace) / row.inbox_path).read_bytes() == data  # the exact bytes
        assert row.level == "aggregate" and row.format_version == 1
        assert row.created == bundle.meta.created.replace(tzinfo=None)  # type: ignore[union-attr]
        assert row.indicators == len(bundle.tables["indicators"])
        assert row.met + row.near + row.far + row.no_data == row.indicators
        counts = reads.table_counts(workspace.reader, row.id)
        assert counts["pairs"] == len(bundle.tables["pairs_summary"]) > 0
        assert counts["survey"] == len(bundle.tables["survey_summary"])
        assert counts["practice"] == len(bundle.tables["practices"])
    known = {s.id: s for s in reads.schools(workspace.reader)}
    first = read_bundle(schools[0].bundle)
    assert known[first.meta.school_id].key_fingerprint == first.fingerprint
    assert known[first.meta.school_id].first_seen == TODAY
    assert known[first.meta.school_id].name == first.meta.school_name


def test_the_same_file_twice_changes_nothing(workspace: Database, schools: list[School]) -> None:
    report = add(workspace, schools[0].bundle, schools[0].bundle)
    assert [f.outcome for f in report.files] == ["added", "unchanged"]
    before = dump(workspace)
    again = add(workspace, schools[0].bundle)
    assert again.files[0].outcome == "unchanged" and "ничего не изменено" in again.files[0].message
    assert dump(workspace) == before


def test_a_newer_bundle_replaces_and_an_older_one_is_refused(
    workspace: Database, schools: list[School]
) -> None:
    old, new = read_bundle(schools[0].bundle), read_bundle(schools[0].later)
    add(workspace, schools[0].bundle)
    report = add(workspace, schools[0].later)
    (outcome,) = report.files
    assert outcome.outcome == "replaced" and outcome.replaced == str(old.meta.bundle_id)
    held = reads.bundles(workspace.reader)
    assert [b.id for b in held] == [str(new.meta.bundle_id)]
    gone = reads.table_counts(workspace.reader, str(old.meta.bundle_id))
    assert set(gone.values()) == {0}  # the older bundle's rows went with it
    assert reads.table_counts(workspace.reader, held[0].id)["indicator"] > 0
    before = dump(workspace)
    refused = add(workspace, schools[0].bundle).files[0]
    assert refused.outcome == "refused" and refused.code == "older"
    assert "более новый" in refused.message
    assert dump(workspace) == before


def test_another_key_for_a_known_school_is_refused_then_accepted_when_confirmed(
    workspace: Database, schools: list[School], tmp_path: Path
) -> None:
    add(workspace, schools[1].bundle)
    real = read_bundle(schools[1].bundle)
    forged = make_bundle(
        tmp_path / "forged.mdbundle", real.meta.school_id,
        {"indicators": real.tables["indicators"]}, name=real.meta.school_name,
        year=real.meta.academic_year, created=NOW.replace(tzinfo=timezone.utc) + timedelta(days=1),
    )  # fmt: skip
    other = read_bundle(forged).fingerprint
    before = dump(workspace)
    refused = add(workspace, forged).files[0]
    assert refused.outcome == "refused" and refused.code == "key_changed"
    assert other in refused.message and real.fingerprint in refused.message
    assert dump(workspace) == before
    confirmed = add(workspace, forged, confirm={real.meta.school_id}).files[0]
    assert confirmed.outcome == "replaced" and "сменён" in confirmed.message
    (school,) = reads.schools(workspace.reader)
    assert school.key_fingerprint == other and school.key_changed_on == TODAY
    # From now on the old key is the stranger.
    assert add(workspace, schools[1].later).files[0].code == "key_changed"


def _tampered(source: Path, target: Path) -> Path:
    """One figure changed in indicators.csv and the zip rebuilt: the checksum no longer holds."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.endswith("data/indicators.csv"):
                data = data.replace(b",far", b",met", 1)
            new.writestr(info, data)
    target.write_bytes(out.getvalue())
    return target


def test_hostile_files_are_refused_and_leave_the_workspace_unchanged(
    workspace: Database, schools: list[School], tmp_path: Path
) -> None:
    add(workspace, schools[2].bundle)
    data = schools[3].bundle.read_bytes()
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    hostile = {
        "tampered": _tampered(schools[3].bundle, tmp_path / "tampered.mdbundle"),
        "truncated": tmp_path / "truncated.mdbundle",
        "foreign": tmp_path / "foreign.mdbundle",
        "docx": tmp_path / "report.mdbundle",
        "pdf": tmp_path / "scan.mdbundle",
        "empty": tmp_path / "empty.mdbundle",
    }
    hostile["truncated"].write_bytes(data[: len(data) // 2])
    foreign = io.BytesIO()
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff" + b"0" * 100)
    hostile["foreign"].write_bytes(foreign.getvalue())
    hostile["docx"].write_bytes(docx.getvalue())
    hostile["pdf"].write_bytes(b"%PDF-1.7\n" + b"0" * 200)
    hostile["empty"].write_bytes(b"")
    before = dump(workspace)
    report = add(workspace, *hostile.values())
    assert [f.outcome for f in report.files] == ["refused"] * len(hostile)
    messages = [f.message for f in report.files]
    assert len(set(messages)) == len(messages)  # each its own reason
    assert all(m and m[0].isupper() and any("а" <= c <= "я" for c in m) for m in messages)
    assert "Word" in messages[3]
    assert dump(workspace) == before
    # A good file among bad ones is still added.
    mixed = add(workspace, hostile["truncated"], schools[3].bundle)
    assert [f.outcome for f in mixed.files] == ["refused", "added"]


def test_a_folder_is_read_with_its_subfolders(
    workspace: Database, schools: list[School], tmp_path: Path
) -> None:
    folder = tmp_path / "флешка"
    (folder / "май").mkdir(parents=True)
    shutil.copy(schools[0].bundle, folder / "1.mdbundle")
    shutil.copy(schools[1].bundle, folder / "май" / "2.MDBUNDLE")
    (folder / "readme.txt").write_text("не пакет")
    report = add(workspace, folder, tmp_path / "нет-такого.mdbundle", tmp_path / "пусто")
    assert sorted(f.outcome for f in report.files) == ["added", "added", "refused", "refused"]
    (tmp_path / "пусто").mkdir()
    assert add(workspace, tmp_path / "пусто").files[0].code == "empty_folder"


def test_an_inbox_that_cannot_be_written_adds_nothing(
    workspace: Database, schools: list[School]
) -> None:
    inbox(workspace).write_text("файл на месте папки")
    before = dump(workspace)
    with pytest.raises(district.DistrictError, match="входящих"):
        add(workspace, schools[4].bundle)
    assert dump(workspace) == before


def test_a_school_database_is_not_a_workspace(schools: list[School], tmp_path: Path) -> None:
    copy = tmp_path / "school.sqlite3"
    shutil.copy(schools[0].db, copy)
    with pytest.raises(district.DistrictError, match="база школы"):
        district.open_workspace(copy)
    fresh = district.open_workspace(tmp_path / "w.sqlite3")
    fresh.close()
    district.open_workspace(tmp_path / "w.sqlite3").close()  # opens again as a workspace


# --- consolidation ------------------------------------------------------------------------------


def test_the_district_share_is_weighted_by_denominators(
    workspace: Database, tmp_path: Path
) -> None:
    small = make_bundle(tmp_path / "a.mdbundle", "sch-a", {"indicators": [
        indicator("teachers_mentors", 1, 10), indicator("young_teachers_mentees", 3, 4)]},
        name="Школа № 1")  # fmt: skip
    big = make_bundle(tmp_path / "b.mdbundle", "sch-b", {"indicators": [
        indicator("teachers_mentors", 50, 100), indicator("young_teachers_mentees", 9, None)]},
        name="Школа № 2")  # fmt: skip
    typo = make_bundle(tmp_path / "c.mdbundle", "sch-c", {"indicators": [
        indicator("teachers_mentors", 30, 20, value=150.0)]}, name="Школа № 3")  # fmt: skip
    gone = make_bundle(tmp_path / "d.mdbundle", "sch-d", {"indicators": [
        indicator("teachers_mentors", 5, 5)]}, name="Школа № 4", year="2024-2025")  # fmt: skip
    assert {f.outcome for f in add(workspace, small, big, typo, gone).files} == {"added"}
    result = district.consolidate(workspace.reader, "zavitinsk_2022", "2025-2026")
    by_key = {i.key: i for i in result.indicators}
    teachers = by_key["teachers_mentors"]
    assert (teachers.numerator, teachers.denominator) == (51, 110)
    assert teachers.value == 46.4  # 51/110, not (10 % + 50 %) / 2 = 30 %
    assert teachers.target == 80.0 and teachers.status == "far"
    assert [(s.school_name, s.rank) for s in teachers.schools] == [
        ("Школа № 2", 1), ("Школа № 1", 2), ("Школа № 3", None)]  # fmt: skip
    assert [s.school_name for s in teachers.lagging] == ["Школа № 2", "Школа № 1"]
    assert not teachers.schools[2].counted and "числитель больше" in teachers.schools[2].note
    young = by_key["young_teachers_mentees"]
    assert (young.numerator, young.denominator, young.value) == (3, 4, 75.0)
    assert young.target == 70.0 and young.status == "met"
    assert by_key["mentee_satisfaction"].value is None  # the set's indicator, no school sent it
    assert [i.key for i in result.indicators][:2] == ["dop_students_involved",
                                                      "children_10_19_mentees"]  # fmt: skip
    assert [s.name for s in result.silent] == ["Школа № 4"]
    assert len(result.reporting) == 3 and result.municipality == "Городской округ Энск"
    assert result.lagging_schools[0][1:] == ("Школа № 1", 1)
    data = district.as_json(result)
    assert data["indicators"][4]["value"] == 46.4 and data["silent"][0]["id"] == "sch-d"


def test_consolidation_of_the_demo_schools(workspace: Database, schools: list[School]) -> None:
    add(workspace, *(s.bundle for s in schools))
    result = district.consolidate(workspace.reader, None, LABEL)
    facts = reads.indicator_facts(workspace.reader, result.set_key, LABEL)
    assert result.set_key == "zavitinsk_2022" and result.set_title
    for item in result.indicators:
        mine = [f for f in facts if f.key == item.key and f.denominator
                and f.numerator is not None and f.numerator <= f.denominator]  # fmt: skip
        assert item.denominator == sum(f.denominator or 0 for f in mine)
        assert item.numerator == sum(f.numerator or 0 for f in mine)
        values = [s.value for s in item.schools if s.rank is not None]
        assert values == sorted(values, reverse=True)  # type: ignore[type-var]
    assert result.silent == ()
    assert len(result.reporting) == 5
    sent = [read_bundle(s.bundle) for s in schools]
    assert sum(n for _, _, n in result.pairs) == sum(
        r["count"] for b in sent for r in b.tables["pairs_summary"])  # fmt: skip
    teachers = [r["count"] for b in sent for r in b.tables["contingent"] if r["key"] == "teachers"]
    assert result.contingent["teachers"] == sum(teachers)
    data = district.report_data(result, TODAY)
    assert sum(row.total for row in data.pairs) == sum(n for _, _, n in result.pairs)
    assert district.consolidate(workspace.reader, None, "2030-2031").reporting == ()
    with pytest.raises(ValueError, match="не понят"):
        district.consolidate(workspace.reader, None, "прошлый")


def test_a_personal_bundle_gives_its_figures_and_its_people_stay_sealed(
    workspace: Database, schools: list[School], tmp_path: Path
) -> None:
    from mentor_desk.bootstrap import open_school_database

    target = tmp_path / "personal.mdbundle"
    db = open_school_database(schools[4].db)
    try:
        with db.transaction() as s:
            export_bundle(s, db.path, target, YEAR, PrivacyLevel.DEPERSONALIZED, TODAY,
                          NOW + timedelta(hours=2), password="секрет-2026")  # fmt: skip
    finally:
        db.close()
    (outcome,) = add(workspace, target).files
    assert outcome.outcome == "added", outcome.message
    (held,) = reads.bundles(workspace.reader)
    assert held.level == "depersonalized" and held.indicators > 0
    figures = reads.bundle_indicators(workspace.reader, held.id)
    assert [f.key for f in figures] == sorted(f.key for f in figures) and figures
    assert reads.bundle(workspace.reader, held.id) == held
    with closing(sqlite3.connect(workspace.path)) as conn:
        text = "\n".join(conn.iterdump())
    assert "pseudo_id" not in text and "birth_year" not in text


def test_one_call_takes_the_files_in_order(workspace: Database, schools: list[School]) -> None:
    report = add(workspace, schools[0].later, schools[0].bundle, schools[1].bundle,
                 schools[1].later)  # fmt: skip
    assert [f.outcome for f in report.files] == ["added", "refused", "added", "replaced"]
    assert report.summary == "Файлов 4; добавлен: 2, заменил прежний пакет: 1, не принят: 1"
    assert len(reads.bundles(workspace.reader)) == 2
    assert len(list(inbox(workspace).iterdir())) == 3  # the refused one is not kept


def test_a_failure_half_way_undoes_the_call_and_its_inbox_files(
    workspace: Database, schools: list[School], monkeypatch: pytest.MonkeyPatch
) -> None:
    written = []
    real = district._write_rows

    def failing(session: Any, bundle_id: str, bundle: Any) -> None:
        written.append(bundle_id)
        if len(written) == 2:
            raise RuntimeError("диск отключён")
        real(session, bundle_id, bundle)

    monkeypatch.setattr(district, "_write_rows", failing)
    before = dump(workspace)
    with pytest.raises(RuntimeError):
        add(workspace, schools[0].bundle, schools[1].bundle)
    assert len(written) == 2
    assert dump(workspace) == before  # no rows, and the first file's copy removed too
