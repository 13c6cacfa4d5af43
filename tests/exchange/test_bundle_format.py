"""The yearly bundle's file format: round trips, hostile files, fuzzing, privacy."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import stat
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor_desk.domain import kpi, pairs, participants, roadmap
from mentor_desk.exchange.bundle import (
    BundleError,
    BundleMeta,
    PrivacyLevel,
    build_bundle,
    crypto,
    fingerprint,
    generate_municipality_key,
    inspect_bundle,
    load_municipality_private_key,
    load_municipality_public_key,
    load_or_create_pseudonym_secret,
    load_or_create_signing_key,
    private_key_pem,
    pseudonym,
    public_key_pem,
    read_bundle,
    reader,
    tables_for,
    write_bundle,
)
from mentor_desk.exchange.bundle import format as fmt
from mentor_desk.exchange.bundle.keys import SIGNING_KEY_FILE
from mentor_desk.services import monitoring

SCHOOL_ID = "sch-7701-42"
YEAR = "2025-2026"
CREATED = datetime(2026, 6, 20, 9, 30, tzinfo=timezone.utc)
SIGNER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
MUNICIPALITY = generate_municipality_key()
PASSWORD = "Весна-2026"


def meta(level: PrivacyLevel = PrivacyLevel.AGGREGATE, **changes: Any) -> BundleMeta:
    values: dict[str, Any] = {
        "school_id": SCHOOL_ID,
        "school_name": "МБОУ «Средняя школа № 42»",
        "municipality": "Городской округ Энск",
        "academic_year": YEAR,
        "level": level,
        "created": CREATED,
    }
    values.update(changes)
    return BundleMeta(**values)


def figures() -> dict[str, list[dict[str, Any]]]:
    return {
        "school": [
            {
                "id": SCHOOL_ID,
                "full_name": "МБОУ «Средняя школа № 42»",
                "short_name": "Школа № 42",
                "municipality": "Городской округ Энск",
            }
        ],
        "year": [{"academic_year": YEAR, "starts": date(2025, 9, 1), "ends": date(2026, 8, 31)}],
        "indicators": [
            {
                "set_key": "region-2024",
                "key": "students_involved",
                "name": "Доля обучающихся 10–19 лет, вовлечённых в наставничество",
                "numerator": 120,
                "denominator": 400,
                "value": 30.0,
                "target": 40.0,
                "status": "far",
            },
            {
                "set_key": "region-2024",
                "key": "mentee_satisfaction",
                "name": "Удовлетворённость наставляемых",
                "numerator": None,
                "denominator": None,
                "value": None,
                "target": 80.0,
                "status": "no_data",
            },
        ],
        "contingent": [{"key": "students", "count": 812}, {"key": "teachers", "count": 54}],
        "pairs_summary": [
            {"form": "student_student", "kind": "traditional", "status": "active", "count": 17},
            {"form": "teacher_teacher", "kind": "group", "status": "ended", "count": 3},
        ],
        "roadmap_items": [
            {
                "section": "1. Подготовка условий",
                "title": 'Приказ о внедрении целевой модели, «Положение»; запятые, "кавычки"',
                "due": date(2025, 9, 15),
                "status": "done",
                "done_on": date(2025, 9, 10),
            },
            {
                "section": "2. Формирование базы",
                "title": "Анкетирование\nв две строки",
                "due": None,
                "status": "in_progress",
                "done_on": None,
            },
        ],
        "survey_summary": [
            {
                "role": "mentee",
                "question": "Насколько полезны встречи?",
                "kind": "score",
                "respondents": 40,
                "mean": 8.25,
                "option": None,
                "count": None,
            },
            {
                "role": "mentor",
                "question": "Формат встреч",
                "kind": "choice",
                "respondents": 12,
                "mean": None,
                "option": "очно",
                "count": 9,
            },
        ],
        "swot": [
            {"quadrant": "strength", "position": 1, "text": "Опытные педагоги"},
            {"quadrant": "threat", "position": 1, "text": "Нагрузка"},
        ],
        "practices": [
            {
                "title": "Клуб юных исследователей",
                "form": "student_student",
                "description": "Старшеклассники ведут проекты младших.",
                "results": "12 проектов на городской конференции",
            }
        ],
    }


def personal(level: PrivacyLevel, people: int = 4) -> dict[str, list[dict[str, Any]]]:
    if level is PrivacyLevel.DEPERSONALIZED:
        rows = [
            {
                "pseudo_id": f"P{i:07d}",
                "birth_year": 2008 + i % 5,
                "class": "8А",
                "category": "student",
                "is_mentor": i == 0,
                "is_mentee": i != 0,
            }
            for i in range(people)
        ]
        key = "pseudo_id"
    else:
        rows = [
            {
                "person_id": f"P{i:07d}",
                "last_name": "Ёлкина",
                "first_name": "Анна",
                "middle_name": None if i % 2 else "Сергеевна",
                "birth_date": date(2009, 3, 1 + i % 28),
                "class": "8А",
                "category": "student",
                "is_mentor": i == 0,
                "is_mentee": i != 0,
                "email": None,
                "phone": "+7 900 000-00-00",
                "consent_until": date(2027, 8, 31),
            }
            for i in range(people)
        ]
        key = "person_id"
    pair_rows = [
        {
            "pair_id": "Q0000001",
            "mentor_id": rows[0][key],
            "mentee_id": row[key],
            "form": "student_student",
            "kind": "group",
            "status": "active",
            "started_on": date(2025, 10, 1),
            "ended_on": None,
        }
        for row in rows[1:]
    ]
    return {"people": rows, "pairs": pair_rows}


def make(
    level: PrivacyLevel = PrivacyLevel.AGGREGATE,
    *,
    password: str | None = None,
    to_key: bool = False,
    signer: Ed25519PrivateKey = SIGNER,
    **changes: Any,
) -> bytes:
    tables = figures()
    if level.personal:
        tables.update(personal(level))
    blob, _ = build_bundle(
        meta(level, **changes),
        tables,
        b"%PDF-1.7 report",
        signer,
        encrypt_to=MUNICIPALITY.public_key() if to_key else None,
        password=password,
    )
    return blob


AGGREGATE_BLOB = make()
X25519_BLOB = make(PrivacyLevel.DEPERSONALIZED, to_key=True)


# -- building hostile files ---------------------------------------------------------------


def members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def base_of(files: dict[str, bytes]) -> str:
    return next(n.split("/")[0] for n in files)


def rezip(
    files: dict[str, bytes] | list[tuple[str | zipfile.ZipInfo, bytes]],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    out = io.BytesIO()
    items = list(files.items()) if isinstance(files, dict) else files
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(out, "w", compression=compression) as archive:
            for name, data in items:
                archive.writestr(name, data)
    return out.getvalue()


def reseal(files: dict[str, bytes], signer: Ed25519PrivateKey = SIGNER) -> dict[str, bytes]:
    """Recompute manifests, Payload-Oxum and signature: what a forger with the key does,
    so a test reaches the checks behind the checksums."""
    base = base_of(files)
    inner = {n[len(base) + 1 :]: d for n, d in files.items()}
    package = json.loads(inner["data/datapackage.json"])
    for resource in package["resources"]:
        table = inner["data/" + resource["path"]]
        resource["bytes"], resource["hash"] = (
            len(table),
            "sha256:" + hashlib.sha256(table).hexdigest(),
        )
    inner["data/datapackage.json"] = json.dumps(package, ensure_ascii=False).encode()
    data = {n: d for n, d in inner.items() if n.startswith("data/")}
    info = inner["bag-info.txt"].decode()
    oxum = f"{sum(map(len, data.values()))}.{len(data)}"
    info = re.sub(r"Payload-Oxum: .*", f"Payload-Oxum: {oxum}", info)
    inner["bag-info.txt"] = info.encode()
    inner["manifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(data.items())
    ).encode()
    inner["tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(inner[n]).hexdigest()}  {n}\n"
        for n in ("bag-info.txt", "bagit.txt", "manifest-sha256.txt")
    ).encode()
    statement = inner["signed-statement.txt"].decode()
    statement = re.sub(
        r"Tagmanifest-SHA256: .*",
        "Tagmanifest-SHA256: " + hashlib.sha256(inner["tagmanifest-sha256.txt"]).hexdigest(),
        statement,
    )
    inner["signed-statement.txt"] = statement.encode()
    inner["signature-ed25519.b64"] = base64.b64encode(signer.sign(statement.encode())) + b"\n"
    return {f"{base}/{n}": d for n, d in inner.items()}


def edited(blob: bytes, name: str, change: Callable[[bytes], bytes], *, sign: bool) -> bytes:
    files = members(blob)
    full = f"{base_of(files)}/{name}"
    files[full] = change(files[full])
    return rezip(reseal(files) if sign else files)


def with_member(blob: bytes, name: str | zipfile.ZipInfo, data: bytes) -> bytes:
    return rezip([*members(blob).items(), (name, data)])


def symlink_member(blob: bytes) -> bytes:
    info = zipfile.ZipInfo(f"{base_of(members(blob))}/data/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return with_member(blob, info, b"/etc/passwd")


def nul_member(blob: bytes) -> bytes:
    info = zipfile.ZipInfo("x")
    info.filename = f"{base_of(members(blob))}/data/school.csv\x00.exe"
    return with_member(blob, info, b"x")


def nfc_twins(blob: bytes) -> bytes:
    base = base_of(members(blob))
    name = f"{base}/data/é.csv"
    return rezip(
        [
            *members(blob).items(),
            (unicodedata.normalize("NFC", name), b"a"),
            (unicodedata.normalize("NFD", name), b"b"),
        ]
    )


def duplicate(blob: bytes) -> bytes:
    files = members(blob)
    name = f"{base_of(files)}/data/school.csv"
    return rezip([*files.items(), (name, b"id\r\n")])


def too_many(blob: bytes) -> bytes:
    base = base_of(members(blob))
    return rezip([*members(blob).items(), *((f"{base}/data/x{i}", b"") for i in range(60))])


def huge_directory() -> bytes:
    """Thousands of empty entries: zipfile would build them all before anyone counts."""
    return rezip([(f"{i:06d}" + "x" * 200, b"") for i in range(5000)])


def bomb_member(blob: bytes) -> bytes:
    files = members(blob)
    files[f"{base_of(files)}/data/report.pdf"] = bytes(21 * 2**20)  # deflates to ~20 KB
    return rezip(files)


def bomb_total(blob: bytes) -> bytes:
    files = members(blob)
    base = base_of(files)
    for spec in fmt.AGGREGATE_TABLES[:6]:
        files[f"{base}/data/{spec.path}"] = bytes(19 * 2**20)
    return rezip(files)


def lying_sizes(blob: bytes) -> bytes:
    """A bomb whose central directory declares 100 bytes: only actual bytes count."""
    data = bytearray(bomb_member(blob))
    start = data.rfind(b"PK\x05\x06")
    directory = int.from_bytes(data[start + 16 : start + 20], "little")
    pos = directory
    while data[pos : pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = (
            int.from_bytes(data[pos + 28 + 2 * k : pos + 30 + 2 * k], "little") for k in range(3)
        )
        if data[pos + 46 : pos + 46 + name_len].endswith(b"report.pdf"):
            data[pos + 24 : pos + 28] = (100).to_bytes(4, "little")
        pos += 46 + name_len + extra_len + comment_len
    return bytes(data)


def foreign_zip() -> bytes:
    return rezip({"readme.txt": "Просто архив".encode(), "photos/1.jpg": b"\xff\xd8"})


def renamed_docx() -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Отчёт о наставничестве")
    document.save(out)
    return out.getvalue()


def renamed_xlsx() -> bytes:
    import openpyxl

    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "ФИО"
    book.save(out)
    return out.getvalue()


def newer_version(blob: bytes) -> bytes:
    return edited(
        blob,
        "bag-info.txt",
        lambda d: d.replace(b"Format-Version: 1", b"Format-Version: 2"),
        sign=True,
    )


def replace_signature(blob: bytes) -> bytes:
    other = Ed25519PrivateKey.generate()
    return edited(
        blob,
        "signature-ed25519.b64",
        lambda _: base64.b64encode(other.sign(b"something else")) + b"\n",
        sign=False,
    )


def remanifested(blob: bytes) -> bytes:
    """Data changed and the manifests recomputed, but the statement left as it was."""
    files = members(blob)
    base = base_of(files)
    original = dict(files)
    files[f"{base}/data/contingent.csv"] = files[f"{base}/data/contingent.csv"].replace(
        b"812", b"999"
    )
    files = reseal(files)
    for name in ("signed-statement.txt", "signature-ed25519.b64"):
        files[f"{base}/{name}"] = original[f"{base}/{name}"]
    return rezip(files)


def descriptor_changed(blob: bytes) -> bytes:
    def change(data: bytes) -> bytes:
        document = json.loads(data)
        document["resources"][2]["schema"]["fields"][3]["type"] = "geopoint"
        return json.dumps(document).encode()

    return edited(blob, "data/datapackage.json", change, sign=True)


def replayed(blob: bytes) -> bytes:
    """Last year's signed statement (the same school's key) put on a made-up bundle."""
    old = members(make(created=datetime(2025, 6, 1, tzinfo=timezone.utc)))
    files = members(blob)
    base, old_base = base_of(files), base_of(old)
    for name in ("signed-statement.txt", "signature-ed25519.b64"):
        files[f"{base}/{name}"] = old[f"{old_base}/{name}"]
    return rezip(files)


def personal_in_aggregate(blob: bytes) -> bytes:
    files = members(blob)
    files[f"{base_of(files)}/data/personal.enc"] = b"\x00" * 64
    return rezip(reseal(files))


HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # name: (make the file, expected code, a word the message must hold)
    "absolute path": (
        lambda: with_member(AGGREGATE_BLOB, "/etc/cron.d/x", b"x"),
        "absolute",
        "абсолютный",
    ),
    "dot-dot": (
        lambda: with_member(AGGREGATE_BLOB, "a/../../evil.bat", b"x"),
        "dotdot",
        "за пределы",
    ),
    "backslash": (
        lambda: with_member(AGGREGATE_BLOB, "a\\..\\evil.bat", b"x"),
        "backslash",
        "косую",
    ),
    "drive letter": (
        lambda: with_member(AGGREGATE_BLOB, "C:/Windows/evil.dll", b"x"),
        "drive",
        "диска",
    ),
    "NUL in name": (lambda: nul_member(AGGREGATE_BLOB), "nul", "нулевой"),
    "duplicate": (lambda: duplicate(AGGREGATE_BLOB), "duplicate", "дважды"),
    "NFC twins": (lambda: nfc_twins(AGGREGATE_BLOB), "nfc_duplicate", "нормализации"),
    "symlink": (lambda: symlink_member(AGGREGATE_BLOB), "symlink", "символическая"),
    "outside the whitelist": (
        lambda: with_member(
            AGGREGATE_BLOB, f"{base_of(members(AGGREGATE_BLOB))}/data/run.exe", b"MZ"
        ),
        "unknown_member",
        "лишний",
    ),
    "too many members": (lambda: too_many(AGGREGATE_BLOB), "too_many", "64"),
    "huge directory": (huge_directory, "too_many", "Оглавление"),
    "bomb, one member": (lambda: bomb_member(AGGREGATE_BLOB), "bomb", "20 МБ"),
    "bomb, in all": (lambda: bomb_total(AGGREGATE_BLOB), "bomb", "100 МБ"),
    "bomb, lying sizes": (lambda: lying_sizes(AGGREGATE_BLOB), "corrupt_member", "повреждён"),
    "tampered member": (
        lambda: edited(
            AGGREGATE_BLOB, "data/contingent.csv", lambda d: d.replace(b"812", b"999"), sign=False
        ),
        "tampered",
        "контрольная сумма",
    ),
    "bad signature": (lambda: replace_signature(AGGREGATE_BLOB), "bad_signature", "Подпись"),
    "re-manifested, not re-signed": (
        lambda: remanifested(AGGREGATE_BLOB),
        "bad_signature",
        "изменены после подписи",
    ),
    "replayed statement": (
        lambda: replayed(AGGREGATE_BLOB),
        "bad_signature",
        "подпись старого пакета",
    ),
    "personal part at aggregate": (
        lambda: personal_in_aggregate(AGGREGATE_BLOB),
        "unexpected_personal",
        "персональная часть",
    ),
    "foreign zip": (foreign_zip, "not_bundle", "bagit.txt"),
    "renamed .docx": (renamed_docx, "office", "Word"),
    "renamed .xlsx": (renamed_xlsx, "office", "Excel"),
    "truncated": (lambda: AGGREGATE_BLOB[: len(AGGREGATE_BLOB) // 2], "truncated", "обрезан"),
    "empty": (lambda: b"", "empty", "пуст"),
    "a PDF": (lambda: b"%PDF-1.7\n...", "foreign", "PDF"),
    "malformed CSV": (
        lambda: edited(
            AGGREGATE_BLOB, "data/swot.csv", lambda d: d + b'threat,2,"unterminated\r\n', sign=True
        ),
        "bad_table",
        "CSV",
    ),
    "schema-invalid row": (
        lambda: edited(
            AGGREGATE_BLOB,
            "data/indicators.csv",
            lambda d: d.replace(b",far", b",superb"),
            sign=True,
        ),
        "bad_table",
        "недопустимое значение «superb»",
    ),
    "invalid descriptor": (
        lambda: descriptor_changed(AGGREGATE_BLOB),
        "bad_descriptor",
        "datapackage.json",
    ),
    "newer format": (lambda: newer_version(AGGREGATE_BLOB), "newer_version", "Обновите"),
}


REPORTED_BY_INSPECT = {
    "tampered",
    "bad_signature",
    "bad_table",
    "bad_descriptor",
    "unexpected_personal",
}


@pytest.fixture
def sealed_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The working folder and the temp folder, both empty: the reader must leave them so."""
    work, temp = tmp_path / "work", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    yield [work, temp]
    for folder in (work, temp):
        assert list(folder.iterdir()) == [], f"the reader wrote into {folder}"


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_bundle_is_refused_with_its_message(case: str, sealed_off: list[Path]) -> None:
    build, code, words = HOSTILE[case]
    blob = build()
    with pytest.raises(BundleError) as caught:
        read_bundle(blob)
    assert caught.value.code == code, str(caught.value)
    assert words in str(caught.value)
    assert re.search("[а-яА-Я]", str(caught.value))
    if code in REPORTED_BY_INSPECT:
        assert inspect_bundle(blob)["ok"] is False
    else:
        with pytest.raises(BundleError):
            inspect_bundle(blob)


def test_every_hostile_file_gets_its_own_message() -> None:
    messages = {}
    for case, (build, _, _) in HOSTILE.items():
        try:
            read_bundle(build())
        except BundleError as exc:
            messages[case] = re.sub(r"«[^»]*»|\d+", "…", str(exc))
    assert len(messages) == len(HOSTILE)
    assert len(set(messages.values())) == len(HOSTILE)


def test_wrong_password_wrong_key_and_another_school(sealed_off: list[Path]) -> None:
    blob = make(PrivacyLevel.DEPERSONALIZED, password=PASSWORD)
    with pytest.raises(BundleError, match=r"^Неверный пароль") as caught:
        read_bundle(blob, password="весна-2026")
    assert caught.value.code == "wrong_password"
    with pytest.raises(BundleError, match=r"^Неверный ключ") as caught:
        read_bundle(X25519_BLOB, private_key=generate_municipality_key())
    assert caught.value.code == "wrong_key"
    with pytest.raises(BundleError, match="паролем") as caught:
        read_bundle(blob, private_key=MUNICIPALITY)
    assert caught.value.code == "need_password"
    with pytest.raises(BundleError, match="другой школы") as caught:
        read_bundle(AGGREGATE_BLOB, school_id="sch-0000-01")
    assert caught.value.code == "other_school"


def test_a_file_on_disk_is_read_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "inbox" / "школа 42.mdbundle"
    path.parent.mkdir()
    path.write_bytes(AGGREGATE_BLOB[:-10])
    with pytest.raises(BundleError, match=r"«школа 42\.mdbundle» повреждён или обрезан"):
        read_bundle(path)
    assert list(path.parent.iterdir()) == [path]
    with pytest.raises(BundleError, match="Не удалось прочитать"):
        read_bundle(tmp_path / "missing.mdbundle")


# -- round trips ----------------------------------------------------------------------------


def expected_tables(level: PrivacyLevel) -> dict[str, list[dict[str, Any]]]:
    tables = figures()
    if level.personal:
        tables.update(personal(level))
    for rows in tables.values():
        for row in rows:
            for name, value in row.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    spec_types = {f.name: f.type for s in tables_for(level) for f in s.fields}
                    if spec_types.get(name) == "number":
                        row[name] = float(value)
    return tables


@pytest.mark.parametrize(
    ("level", "how"),
    [
        (PrivacyLevel.AGGREGATE, None),
        (PrivacyLevel.DEPERSONALIZED, "password"),
        (PrivacyLevel.DEPERSONALIZED, "x25519"),
        (PrivacyLevel.FULL, "password"),
        (PrivacyLevel.FULL, "x25519"),
    ],
)
def test_round_trip(level: PrivacyLevel, how: str | None, tmp_path: Path) -> None:
    tables = figures()
    if level.personal:
        tables.update(personal(level))
    path = tmp_path / "bundle.mdbundle"
    info = write_bundle(
        path,
        meta(level),
        tables,
        b"%PDF-1.7 report",
        SIGNER,
        encrypt_to=MUNICIPALITY.public_key() if how == "x25519" else None,
        password=PASSWORD if how == "password" else None,
    )
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.mdbundle"]  # no temp file left
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.encryption == how
    assert info.fingerprint == fingerprint(SIGNER.public_key())

    sealed = read_bundle(path)
    assert sealed.personal_sealed is level.personal
    assert set(sealed.tables) == {s.name for s in fmt.AGGREGATE_TABLES}

    bundle = read_bundle(
        path,
        password=PASSWORD if how == "password" else None,
        private_key=MUNICIPALITY if how == "x25519" else None,
    )
    assert bundle.tables == expected_tables(level)
    assert bundle.meta.school_id == SCHOOL_ID
    assert bundle.meta.academic_year == YEAR
    assert bundle.meta.level is level
    assert bundle.meta.created == CREATED
    assert bundle.meta.bundle_id == info.bundle_id
    assert bundle.report_pdf == b"%PDF-1.7 report"
    assert bundle.fingerprint == info.fingerprint
    assert re.fullmatch(r"([0-9A-F]{4} ){7}[0-9A-F]{4}", bundle.fingerprint)
    assert bundle.personal_sealed is False
    if level.personal:
        assert bundle.personal_counts == {"people": 4, "pairs": 3}


def test_inspect_without_password(tmp_path: Path) -> None:
    path = tmp_path / "b.mdbundle"
    path.write_bytes(make(PrivacyLevel.FULL, password=PASSWORD))
    report = inspect_bundle(path)
    assert report["ok"] and report["checksums_ok"] and report["signature_ok"]
    assert report["school"]["id"] == SCHOOL_ID
    assert report["level"] == "full"
    assert report["personal"] == {
        "encrypted": True,
        "encryption": "password",
        "recipient_fingerprint": None,
        "counts": {"people": 4, "pairs": 3},
    }
    assert report["counts"]["indicators"] == 2
    assert report["fingerprint"] == fingerprint(SIGNER.public_key())
    json.dumps(report)  # JSON-ready for `bundle inspect --json`

    keyed = inspect_bundle(X25519_BLOB)
    assert keyed["personal"]["recipient_fingerprint"] == fingerprint(MUNICIPALITY.public_key())


def test_inspect_reports_a_tampered_file_instead_of_failing() -> None:
    report = inspect_bundle(HOSTILE["tampered member"][0]())
    assert report["ok"] is False and report["checksums_ok"] is False
    assert report["signature_ok"] is True  # the statement still matches the tag manifest
    assert "контрольная сумма" in report["problems"][0]
    report = inspect_bundle(HOSTILE["bad signature"][0]())
    assert report["checksums_ok"] is True and report["signature_ok"] is False
    assert report["fingerprint"] is None


def test_a_bag_rezipped_by_standard_tools_is_still_read() -> None:
    """`unzip` and `zip -r` (directory entries, stored members) keep a bundle valid."""
    files = members(AGGREGATE_BLOB)
    base = base_of(files)
    items: list[tuple[str | zipfile.ZipInfo, bytes]] = [(f"{base}/", b""), (f"{base}/data/", b"")]
    items += sorted(files.items())
    assert read_bundle(rezip(items, compression=zipfile.ZIP_STORED)).meta.school_id == SCHOOL_ID


def test_verification_as_the_documentation_describes() -> None:
    """docs/bundle-format.md, «Проверка без Mentor Desk», step by step with hashlib and
    cryptography only: a municipality's IT can do this."""
    files = members(AGGREGATE_BLOB)
    base = base_of(files)
    bag = {n[len(base) + 1 :]: d for n, d in files.items()}
    for manifest in ("tagmanifest-sha256.txt", "manifest-sha256.txt"):
        for line in bag[manifest].decode().splitlines():
            checksum, name = line.split("  ", 1)
            assert hashlib.sha256(bag[name]).hexdigest() == checksum
    key = serialization.load_pem_public_key(bag["signer-ed25519.pem"])
    assert isinstance(key, Ed25519PublicKey)
    key.verify(base64.b64decode(bag["signature-ed25519.b64"]), bag["signed-statement.txt"])
    statement = dict(
        line.split(": ", 1) for line in bag["signed-statement.txt"].decode().splitlines()
    )
    assert (
        statement["Tagmanifest-SHA256"] == hashlib.sha256(bag["tagmanifest-sha256.txt"]).hexdigest()
    )
    assert statement["Bundle-Id"] == base
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    printed = hashlib.sha256(raw).hexdigest()[:32].upper()
    assert statement["Signer-Fingerprint"] == " ".join(printed[i : i + 4] for i in range(0, 32, 4))
    package = json.loads(bag["data/datapackage.json"])
    for resource in package["resources"]:
        data = bag["data/" + resource["path"]]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


# -- privacy --------------------------------------------------------------------------------

PERSONAL_WORDS = (
    "last_name",
    "first_name",
    "middle_name",
    "surname",
    "patronymic",
    "fio",
    "birth",
    "phone",
    "mail",
    "snils",
    "passport",
    "address",
    "person",
    "pseudo",
    "mentor_id",
    "mentee_id",
    "consent",
)


def test_the_default_bundle_holds_no_personal_columns() -> None:
    assert BundleMeta("s", "n", "m", YEAR).level is PrivacyLevel.AGGREGATE  # the default
    files = members(make())
    names = {n.split("/", 1)[1] for n in files}
    assert not any("personal" in n or n.endswith(".enc") for n in names)
    tables = [n for n in names if n.endswith(".csv")]
    assert len(tables) == len(fmt.AGGREGATE_TABLES)
    for name, data in files.items():
        if name.endswith(".csv"):
            header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
            for column in header:
                assert not any(w in column.lower() for w in PERSONAL_WORDS), (name, column)
    package = json.loads(next(d for n, d in files.items() if n.endswith("datapackage.json")))
    fields = [f["name"] for r in package["resources"] for f in r["schema"]["fields"]]
    assert not any(w in f for f in fields for w in PERSONAL_WORDS)
    # and the personal tables do hold such columns, so the scan above can fail
    assert any(w in f.name for f in fmt.FULL_PEOPLE.fields for w in PERSONAL_WORDS)


def test_personal_data_is_not_readable_in_the_file() -> None:
    blob = make(PrivacyLevel.FULL, to_key=True)
    everything = b"".join(members(blob).values())
    assert "Ёлкина".encode() not in everything and b"+7 900" not in everything


def test_the_writer_refuses_personal_tables_at_aggregate_and_personal_without_secret() -> None:
    tables = {**figures(), **personal(PrivacyLevel.FULL)}
    with pytest.raises(BundleError, match="не может содержать таблицы pairs, people"):
        build_bundle(meta(), tables, None, SIGNER)
    with pytest.raises(BundleError, match="нужен пароль или открытый ключ") as caught:
        build_bundle(meta(PrivacyLevel.FULL), tables, None, SIGNER)
    assert caught.value.code == "no_password"


def test_the_writer_refuses_rows_the_reader_would_refuse() -> None:
    tables = figures()
    tables["contingent"][0]["count"] = -5
    with pytest.raises(BundleError, match=r"«Контингент».*столбец «count».*пределов"):
        build_bundle(meta(), tables, None, SIGNER)
    tables = figures()
    tables["swot"].append({"quadrant": "strength", "position": 1, "text": "Повтор"})
    with pytest.raises(BundleError, match="повторяется ключ"):
        build_bundle(meta(), tables, None, SIGNER)
    with pytest.raises(BundleError, match="не совпадают"):
        build_bundle(meta(school_id="another"), figures(), None, SIGNER)


def test_the_writer_refuses_what_the_reader_would_find_too_big() -> None:
    with pytest.raises(BundleError, match=r"«report\.pdf» больше 20 МБ") as caught:
        build_bundle(meta(), figures(), bytes(21 * 2**20), SIGNER)
    assert caught.value.code == "too_big"


def test_write_failure_is_a_message_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(
        BundleError, match=r"Не удалось сохранить пакет «b\.mdbundle»: папка не найдена"
    ):
        write_bundle(tmp_path / "missing" / "b.mdbundle", meta(), figures(), None, SIGNER)
    assert list(tmp_path.iterdir()) == []


# -- keys -----------------------------------------------------------------------------------


def test_signing_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    key = load_or_create_signing_key(tmp_path)
    again = load_or_create_signing_key(tmp_path)
    assert fingerprint(key.public_key()) == fingerprint(again.public_key())
    path = tmp_path / SIGNING_KEY_FILE
    assert [p.name for p in tmp_path.iterdir()] == [SIGNING_KEY_FILE]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n")
    with pytest.raises(BundleError, match="повреждён") as caught:
        load_or_create_signing_key(tmp_path)
    assert caught.value.code == "key_file"


def test_municipality_keys_travel_as_pem() -> None:
    key = generate_municipality_key()
    public = load_municipality_public_key(public_key_pem(key))
    assert fingerprint(public) == fingerprint(key.public_key())
    again = load_municipality_private_key(private_key_pem(key, "пароль"), "пароль")
    assert fingerprint(again.public_key()) == fingerprint(key.public_key())
    with pytest.raises(BundleError, match="неверен"):
        load_municipality_private_key(private_key_pem(key, "пароль"), "другой")
    with pytest.raises(BundleError, match="не открытый ключ"):
        load_municipality_public_key("-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----")
    signing_pem = SIGNER.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(BundleError, match="не открытый ключ"):
        load_municipality_public_key(signing_pem)  # an Ed25519 key is not for encryption


# -- the format against the domain ----------------------------------------------------------


def test_the_format_enumerations_match_the_domain() -> None:
    """A new value in the app must be a decision about the format (a new version)."""
    assert set(fmt.CONTINGENT_KEYS) == {k.value for k in kpi.ContingentKey}
    assert set(fmt.FORMS) == {f.value for f in pairs.Form}
    assert set(fmt.KINDS) == {k.value for k in pairs.Kind}
    assert set(fmt.PAIR_STATUSES) == {s.value for s in pairs.Status}
    assert set(fmt.ROADMAP_STATUSES) == {s.value for s in roadmap.ShownStatus}
    assert set(fmt.CATEGORIES) == {c.value for c in participants.Category}
    assert set(fmt.QUADRANTS) == set(monitoring.QUADRANTS)
    assert set(fmt.INDICATOR_STATUSES) == {
        kpi.status(v, t) for v, t in [(1, 1), (0.9, 1), (0, 1), (None, 1)]
    }


def test_bundle_id_and_created_are_made_when_left_out() -> None:
    blob, info = build_bundle(meta(created=None), figures(), None, SIGNER)
    assert isinstance(info.bundle_id, UUID) and info.bundle_id.version == 4
    assert info.created.tzinfo is not None
    assert read_bundle(blob).meta.bundle_id == info.bundle_id


# -- fuzzing --------------------------------------------------------------------------------

NAMES = st.one_of(
    st.sampled_from(["../x", "/abs", "a\\b", "C:/x", "x\x00y", "", ".", "a//b", "data/", "é"]),
    st.text(min_size=1, max_size=30),
)


@st.composite
def mutated(draw: st.DrawFn, blobs: tuple[bytes, ...] = (AGGREGATE_BLOB, X25519_BLOB)) -> bytes:
    blob = draw(st.sampled_from(blobs))
    how = draw(st.sampled_from(["flip", "truncate", "rename", "drop", "splice"]))
    if how == "flip":
        data = bytearray(blob)
        for _ in range(draw(st.integers(1, 8))):
            pos = draw(st.integers(4, len(data) - 1))  # past the zip magic: reach deeper
            data[pos] ^= draw(st.integers(1, 255))
        return bytes(data)
    if how == "truncate":
        return blob[: draw(st.integers(0, len(blob) - 1))]
    if how == "splice":
        pos = draw(st.integers(4, len(blob)))
        return blob[:pos] + draw(st.binary(min_size=1, max_size=64)) + blob[pos:]
    files = list(members(blob).items())
    index = draw(st.integers(0, len(files) - 1))
    if how == "drop":
        del files[index]
    else:
        name, data = files[index]
        prefix = draw(st.sampled_from(["", name.split("/")[0] + "/"]))
        files[index] = (prefix + draw(NAMES), data)
    info_list: list[tuple[str | zipfile.ZipInfo, bytes]] = []
    for name, data in files:
        info = zipfile.ZipInfo("x")
        info.filename = name  # bypass zipfile's own clean-up of the name
        info.compress_type = zipfile.ZIP_DEFLATED
        info_list.append((info, data))
    return rezip(info_list)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_fuzzed_bundles_raise_bundle_error_only(data: bytes) -> None:
    for read in (
        lambda: read_bundle(data, private_key=MUNICIPALITY),
        lambda: read_bundle(data),
        lambda: inspect_bundle(data),
    ):
        try:
            read()
        except BundleError as exc:
            assert re.search("[а-яА-Я]", str(exc))


def test_the_documentation_lists_every_column() -> None:
    text = (Path(__file__).parents[2] / "docs" / "bundle-format.md").read_text("utf-8")
    headings = [(spec, f"`{spec.path}` — {spec.title}\n") for spec in fmt.AGGREGATE_TABLES]
    for level in (PrivacyLevel.DEPERSONALIZED, PrivacyLevel.FULL):
        headings += [
            (spec, f"`{spec.path}` — {spec.title} (уровень `{level.value}`)\n")
            for spec in fmt.PERSONAL_TABLES[level]
        ]
    sections = text.split("\n### ")
    for spec, heading in headings:
        section = next(s for s in sections if s.startswith(heading))
        for f in spec.fields:
            assert f"| `{f.name}` | {f.type} |" in section, (spec.name, f.name)
    for name in fmt.LEVELS:
        assert f"`{name}`" in text
    assert f"версию **{fmt.FORMAT_VERSION}**" in text


def personal_plaintext(blob: bytes) -> bytes:
    opened = reader.open_bag(blob)
    header = reader.personal_header(opened)
    assert header is not None and opened.meta.bundle_id is not None
    aad = crypto.associated_data(SCHOOL_ID, YEAR, opened.meta.bundle_id, "depersonalized")
    return crypto.open_sealed(
        header, opened.members["data/personal.enc"], aad, password=None, private_key=MUNICIPALITY
    )


INNER_BLOB = personal_plaintext(X25519_BLOB)


def with_inner(inner: bytes) -> bytes:
    """X25519_BLOB with its personal archive replaced, sealed and signed as the school would."""
    files = members(X25519_BLOB)
    base = base_of(files)
    aad = crypto.associated_data(SCHOOL_ID, YEAR, UUID(base), "depersonalized")
    header, sealed = crypto.seal(inner, aad, recipient=MUNICIPALITY.public_key(), password=None)
    files[f"{base}/data/personal-encryption.json"] = json.dumps(header).encode()
    files[f"{base}/data/personal.enc"] = sealed
    return rezip(reseal(files))


def test_the_personal_archive_is_checked_like_the_outer_one() -> None:
    assert read_bundle(with_inner(INNER_BLOB), private_key=MUNICIPALITY).tables["people"]
    inner = members(INNER_BLOB)
    inner["../people.csv"] = inner.pop("people.csv")
    with pytest.raises(BundleError, match="за пределы") as caught:
        read_bundle(with_inner(rezip(inner)), private_key=MUNICIPALITY)
    assert caught.value.code == "dotdot"
    inner = members(INNER_BLOB)
    inner["people.csv"] = bytes(21 * 2**20)
    with pytest.raises(BundleError, match="зашифрованной части пакета") as caught:
        read_bundle(with_inner(rezip(inner)), private_key=MUNICIPALITY)
    assert caught.value.code == "bomb"


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated((INNER_BLOB,)))
def test_fuzzed_personal_archives_raise_bundle_error_only(inner: bytes) -> None:
    try:
        read_bundle(with_inner(inner), private_key=MUNICIPALITY)
    except BundleError as exc:
        assert re.search("[а-яА-Я]", str(exc))


def test_the_documented_python_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python of docs/bundle-format.md, run as written on a real bundle."""
    text = (Path(__file__).parents[2] / "docs" / "bundle-format.md").read_text("utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, re.S))
    with zipfile.ZipFile(io.BytesIO(make(PrivacyLevel.FULL, password="пароль"))) as archive:
        archive.extractall(tmp_path / "пакет")
    base = next((tmp_path / "пакет").iterdir())
    code = code.replace('pathlib.Path("пакет/3f0c…e1")', f"pathlib.Path({str(base)!r})")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "bundle-format.md", "exec"), {})
    with zipfile.ZipFile(tmp_path / "personal.zip") as inner:
        assert sorted(inner.namelist()) == ["datapackage.json", "pairs.csv", "people.csv"]
        assert "Ёлкина" in inner.read("people.csv").decode("utf-8")


def test_pseudonyms_are_stable_opaque_and_fit_the_format(tmp_path: Path) -> None:
    secret = load_or_create_pseudonym_secret(tmp_path)
    assert load_or_create_pseudonym_secret(tmp_path) == secret
    if os.name == "posix":
        mode = (tmp_path / "bundle-pseudonym-secret.bin").stat().st_mode
        assert stat.S_IMODE(mode) == 0o600
    people = [pseudonym(secret, i) for i in range(2000)]
    assert len(set(people)) == 2000
    assert all(re.fullmatch(fmt.PSEUDO_ID_PATTERN, p) for p in people)
    assert pseudonym(secret, 7, "Q").startswith("Q") and pseudonym(secret, 7) != pseudonym(
        secret, 7, "Q"
    )
    assert pseudonym(bytes(32), 7) != pseudonym(secret, 7)  # another school, another name
