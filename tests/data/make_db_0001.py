"""Build tests/data/school_0001.sqlite3: a small school database at schema revision 0001.

The file is kept in the repository as a real "old database" the upgrade must carry over
(see tests/storage/test_migrations.py). Regenerate it only if revision 0001 itself changes:

    python tests/data/make_db_0001.py
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.config import Config

from mentor_desk.storage import database

HERE = Path(__file__).resolve().parent
KEPT_FILE = HERE / "school_0001.sqlite3"
MIGRATIONS = Path(database.__file__).parent / "migrations"
STAMP = "2025-09-01 10:00:00.000000"

ORGANIZATION = {
    "id": 1,
    "full_name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3»",
    "short_name": "МБОУ СОШ № 3",
    "municipality": "Завитинский муниципальный округ",
    "address": "",
    "director_name": "Петрова Анна Сергеевна",
    "director_position": "Директор",
    "curators": "Иванова Мария Петровна",
    "academic_year_start": 2025,
}

TERMS = [
    # id, kind, name, position
    (1, "target_group", "одарённые", 0),
    (2, "target_group", "с ОВЗ", 1),
    (3, "target_group", "молодые специалисты", 2),
    (4, "topic", "олимпиады", 0),
    (5, "topic", "профориентация", 1),
    (6, "topic", "методика преподавания", 2),
]

_BLANK = {
    "middle_name": "",
    "birth_date": None,
    "class_name": "",
    "position": "",
    "subject": "",
    "experience_years": None,
    "experience_as_of": None,
    "hire_date": None,
    "organization": "",
    "phone": "",
    "email": "",
    "is_mentor": 0,
    "is_mentee": 0,
    "mentor_consent_date": None,
    "training_date": None,
    "interview_date": None,
    "capacity": 1,
    "consent_status": "none",
    "consent_date": None,
    "consent_signer": "",
    "representative_name": "",
    "note": "",
    "archived_at": None,
    "created_at": STAMP,
    "updated_at": STAMP,
}

PEOPLE = [
    {
        "id": 1,
        "last_name": "Семёнова",
        "first_name": "Алёна",
        "middle_name": "Игоревна",
        "birth_date": "2011-02-14",
        "category": "student",
        "class_name": "9В",
        "is_mentee": 1,
        "consent_status": "given",
        "consent_date": "2025-09-01",
        "consent_signer": "Семёнов Игорь Петрович",
        "representative_name": "Семёнов Игорь Петрович",
    },
    {
        "id": 2,
        "last_name": "Петрова",
        "first_name": "Анна",
        "middle_name": "Сергеевна",
        "birth_date": "1985-06-01",
        "category": "teacher",
        "position": "учитель математики",
        "subject": "математика",
        "experience_years": 12,
        "experience_as_of": "2025-09-01",
        "is_mentor": 1,
        "capacity": 3,
        "consent_status": "given",
        "consent_date": "2025-09-01",
        "consent_signer": "Петрова Анна Сергеевна",
    },
    {
        "id": 3,
        "last_name": "Кузнецов",
        "first_name": "Илья",
        "birth_date": "2001-03-10",
        "category": "teacher",
        "position": "учитель физики",
        "hire_date": "2024-09-01",
        "is_mentee": 1,
    },
    {
        "id": 4,
        "last_name": "Орлов",
        "first_name": "Пётр",
        "category": "partner",
        "organization": "ООО «Ромашка»",
        "position": "инженер",
        "is_mentor": 1,
        "is_mentee": 0,
        "capacity": 2,
    },
    {
        "id": 5,
        "last_name": "Ёлкина",
        "first_name": "Мария",
        "birth_date": "2010-05-20",
        "category": "student",
        "class_name": "10А",
        "is_mentor": 1,
        "is_mentee": 1,
        "archived_at": "2025-12-01 09:00:00.000000",
    },
]

LINKS = [
    # participant_id, term_id, relation
    (1, 1, "target_group"),
    (1, 4, "request"),
    (1, 5, "request"),
    (2, 4, "competency"),
    (2, 6, "competency"),
    (3, 3, "target_group"),
    (3, 6, "request"),
    (4, 5, "competency"),
    (5, 1, "target_group"),
    (5, 4, "competency"),
    (5, 5, "request"),
]


def upgrade_to(path: Path, revision: str) -> None:
    """Run the real Alembic scripts up to `revision`, as storage.database._migrate does."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = database._make_engine(path, foreign_keys=False, wal=False)
    try:
        with engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def fill(path: Path) -> None:
    """The school's rows, with foreign keys on so every link is a real one."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(
            f"INSERT INTO organization ({', '.join(ORGANIZATION)}) "
            f"VALUES ({', '.join('?' * len(ORGANIZATION))})",
            list(ORGANIZATION.values()),
        )
        conn.executemany("INSERT INTO term (id, kind, name, position) VALUES (?, ?, ?, ?)", TERMS)
        for person in PEOPLE:
            row = {**_BLANK, **person}
            conn.execute(
                f"INSERT INTO participant ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
        conn.executemany(
            "INSERT INTO participant_term (participant_id, term_id, relation) VALUES (?, ?, ?)",
            LINKS,
        )
        conn.commit()


def build(path: Path) -> Path:
    """A fresh database at revision 0001 holding the rows above."""
    path.unlink(missing_ok=True)
    upgrade_to(path, "0001")
    fill(path)
    return path


if __name__ == "__main__":
    build(KEPT_FILE)
    print(f"written {KEPT_FILE}")
