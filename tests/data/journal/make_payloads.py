"""Write tests/data/journal/*.json: one journal payload of every kind of issued document.

Each file is the `issued_document.payload` text of one kind (the file's name is the kind,
DocKind's value), as the version of commit 09350d2 (December 2026) wrote it: the classes
in it are named by their Python paths («mentor_desk.documents.orders:PairsOrder»). They
stand for what schools' databases hold, so they are kept as written and never made again:
tests/storage/test_journal_payloads.py re-opens each one with the current code. A school
is made in a temporary database through the services; the orders (pairs, end, roadmap)
are issued and their payloads read back from the journal, the other kinds' data is
encoded as the journal would keep it.

    PYTHONPATH=src python tests/data/journal/make_payloads.py
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from mentor_desk.bootstrap import open_school_database
from mentor_desk.domain.pairs import EndReason
from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.services import documents, pairs, participants, roadmap
from mentor_desk.services.documents import DocKind
from mentor_desk.services.profile import SchoolProfile, save_profile
from mentor_desk.storage.database import Database

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)
PROFILE = SchoolProfile(
    full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3»",
    short_name="МБОУ СОШ № 3",
    municipality="Завитинский муниципальный округ",
    address="676870, Амурская обл., г. Завитинск, ул. Куйбышева, д. 3",
    director_name="Петрова Анна Сергеевна",
    director_position="Директор",
    curators="Кравченко Елена Викторовна, заместитель директора по УВР",
    academic_year_start=2026,
)


def _person(db: Database, last: str, first: str, middle: str, category: Category,
            **extra: Any) -> int:  # fmt: skip
    consent = {
        "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2026, 9, 1),
        "consent_signer": "сам",
        "representative_name": "Иванова Мария Петровна",
    }
    data = ParticipantData(last_name=last, first_name=first, middle_name=middle,
                           category=category, **{**consent, **extra})  # fmt: skip
    with db.transaction() as session:
        return participants.create(session, data, TODAY)


def _payloads(db: Database) -> dict[str, str]:
    with db.transaction() as session:
        save_profile(session, PROFILE)
    teacher = {"is_mentor": True, "capacity": 3}
    student = {"is_mentee": True, "birth_date": date(2013, 4, 1)}
    mentor = _person(db, "Смирнова", "Ольга", "Петровна", Category.TEACHER,
                     position="учитель математики", **teacher)  # fmt: skip
    mentor2 = _person(db, "Андреев", "Борис", "Ильич", Category.TEACHER,
                      position="учитель физики", **teacher)  # fmt: skip
    pupil = _person(db, "Иванов", "Иван", "Иванович", Category.STUDENT, class_name="7Б",
                    **student)  # fmt: skip
    pupil2 = _person(db, "Петров", "Пётр", "Петрович", Category.STUDENT, class_name="7Б",
                     **student)  # fmt: skip
    pupil3 = _person(db, "Белова", "Анна", "Олеговна", Category.STUDENT, class_name="8А",
                     **student)  # fmt: skip
    young = _person(db, "Молодцова", "Мария", "Ивановна", Category.TEACHER, is_mentee=True,
                    position="учитель истории", experience_years=1)  # fmt: skip
    with db.transaction() as session:
        ids = [
            pairs.create(session, mentor, [pupil], TODAY),
            pairs.create(session, mentor2, [pupil2, pupil3], TODAY),
            pairs.create(session, mentor, [young], TODAY),
        ]
    reader = db.reader
    on = date(2026, 11, 2)
    order = documents.pairs_order_data(reader, ids, "45-о", on, TODAY)
    with db.transaction() as session:
        documents.issue(session, DocKind.PAIRS, order.number, on, DocKind.PAIRS.journal_title,
                        documents.to_payload(order), ids, TODAY)  # fmt: skip
    with db.transaction() as session:
        pairs.start(session, ids, on, today=TODAY)
        pairs.end(session, [ids[0]], date(2026, 11, 20), EndReason.MENTEE_INITIATIVE,
                  today=TODAY)  # fmt: skip
        pairs.end(session, [ids[1]], date(2026, 11, 20), EndReason.PLAN_DONE, today=TODAY)
    ended = ids[:2]
    end = documents.end_order_data(reader, ended, "52-о", TODAY, TODAY)
    with db.transaction() as session:
        documents.issue(session, DocKind.END, end.number, TODAY, DocKind.END.journal_title,
                        documents.to_payload(end), ended, TODAY)  # fmt: skip
    with db.transaction() as session:
        made = roadmap.create(session, "Дорожная карта на 2026-2028 годы", 2026, 2028,
                              "zavitinsk_sample", TODAY)  # fmt: skip
    approval = documents.roadmap_order_data(reader, made, "12-о", on, TODAY)
    with db.transaction() as session:
        documents.issue(session, DocKind.ROADMAP, approval.number, on, approval.title,
                        documents.to_payload(approval), [], TODAY)  # fmt: skip
    found = {
        kind: text for kind, text in reader.execute("SELECT kind, payload FROM issued_document")
    }
    others: dict[str, Any] = {
        DocKind.PASSPORT.value: documents.passport_data(reader, TODAY),
        DocKind.EXTRACT.value: documents.extract_data(reader, "pairs", True, TODAY),
        DocKind.CONSENT.value: documents.consent_data(reader, [pupil, young], TODAY),
    }
    for kind, data in others.items():
        found[kind] = json.dumps(documents.to_payload(data), ensure_ascii=False)
    return found


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_school_database(Path(folder) / "school.sqlite3")
        try:
            payloads = _payloads(db)
        finally:
            db.close()
    for kind in DocKind:
        text = json.dumps(json.loads(payloads[kind.value]), ensure_ascii=False, indent=1)
        (HERE / f"{kind.value}.json").write_text(text + "\n", encoding="utf-8")
        print(f"{kind.value}.json")


if __name__ == "__main__":
    main()
