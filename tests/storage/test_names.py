"""Russian names sort and match alike on SQLite and PostgreSQL, and as Python's fold does."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from mentor_desk.domain.text import fold, full_name
from mentor_desk.storage.database import Database, open_database
from mentor_desk.storage.engines import ServerDatabase, open_storage
from mentor_desk.storage.models import Participant
from mentor_desk.storage.names import full_name_key, name_key, name_matches, python_key

NAMES = ["ёлкина", "Ёлкин", "ЕЛКИН", "Яковлев", "абрамов"]
# by the folded key, ties by id (Ёлкин was added before ЕЛКИН)
EXPECTED_ORDER = ["абрамов", "Ёлкин", "ЕЛКИН", "ёлкина", "Яковлев"]
MORE = [
    ("Щукин", "Пётр", "Ильич"), ("щукина", "алёна", ""), ("ЭЙХЕ", "Ян", ""),
    ("Іваненко", "Олесь", ""), ("Белоусов-Ёрш", "Олег", "Ёсифович"), ("Smith", "John", ""),
    ("Жуков", "Ефим", "  Саввич "), ("жуков", "ЁФИМ", ""), ("50%_скидка", "Х", ""),
]  # fmt: skip


@pytest.fixture
def storage(storage_url: str) -> Iterator[Database | ServerDatabase]:
    opened = open_storage(storage_url)
    with opened.transaction() as session:
        for last in NAMES:
            session.add(Participant(last_name=last, first_name="Анна", category="student"))
            session.flush()  # ids in this order
        for last, first, middle in MORE:
            person = Participant(last_name=last, first_name=first, middle_name=middle)
            session.add(person)
            person.category = "partner"
    yield opened
    opened.close()


def _ordered(storage: Database | ServerDatabase, where: object = None) -> list[str]:
    query = select(Participant.last_name).order_by(name_key(Participant.last_name), Participant.id)
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    with storage.session() as session:
        return list(session.scalars(query))


def test_russian_names_sort_alike_on_both_backends(storage: Database | ServerDatabase) -> None:
    only = Participant.category == "student"
    assert _ordered(storage, only) == EXPECTED_ORDER
    # and in the order Python's own sort by the same key gives, on every name
    with storage.session() as session:
        people = session.execute(select(Participant.id, Participant.last_name)).all()
    expected = [n for _, n in sorted(people, key=lambda p: (python_key(p[1]), p[0]))]
    assert _ordered(storage) == expected


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("елк", {"ёлкина", "Ёлкин", "ЕЛКИН"}),
        ("ЁЛКИН", {"ёлкина", "Ёлкин", "ЕЛКИН"}),
        ("Елкина", {"ёлкина"}),
        ("  ЯКОВ  ", {"Яковлев"}),
        ("АБРАМОВ", {"абрамов"}),
        ("", set(NAMES)),
        ("х", set()),
    ],
)
def test_russian_names_match_alike_on_both_backends(
    storage: Database | ServerDatabase, query: str, found: set[str]
) -> None:
    where = (Participant.category == "student") & name_matches(
        name_key(Participant.last_name), query
    )
    assert set(_ordered(storage, where)) == found
    assert {n for n in NAMES if fold(query) in fold(n)} == found  # Python agrees


def test_full_names_sort_and_match_as_python_folds_them(
    storage: Database | ServerDatabase,
) -> None:
    key = full_name_key(Participant.last_name, Participant.first_name, Participant.middle_name)
    with storage.session() as session:
        in_sql = session.execute(
            select(key, Participant.last_name, Participant.first_name, Participant.middle_name)
        ).all()
        for sql_key, last, first, middle in in_sql:
            assert sql_key == fold(full_name(last, first, middle))
        for query in ("жуков ефим", "ЁФИМ", "ёрш олег ёсиф", "іван", "SMITH j", "50%_", "%", "_"):
            got = set(
                session.scalars(
                    select(Participant.id).where(name_matches(key, query)).order_by(Participant.id)
                )
            )
            want = {
                pid
                for pid, last, first, middle in session.execute(
                    select(
                        Participant.id,
                        Participant.last_name,
                        Participant.first_name,
                        Participant.middle_name,
                    )
                )
                if all(w in fold(full_name(last, first, middle)) for w in fold(query).split())
            }
            assert got == want, query
            assert got, query


def test_the_display_reader_knows_the_key_too(tmp_path: Path) -> None:
    """queries/ read with plain sqlite3: md_fold is registered on those connections too."""
    db = open_database(tmp_path / "school.sqlite3")
    own = db.new_reader()
    try:
        for conn in (db.reader, own):
            assert conn.execute("SELECT md_fold(?)", ("  Ёлкина  МАРИЯ ",)).fetchone() == (
                "елкина мария",
            )
            assert conn.execute("SELECT md_fold(NULL)").fetchone() == (None,)
        with closing(sqlite3.connect(":memory:")) as plain, pytest.raises(sqlite3.Error):
            plain.execute("SELECT md_fold('x')")
    finally:
        own.close()
        db.close()


def test_the_roadmap_lists_staff_in_russian_order(db: Database) -> None:
    """queries.roadmap.staff: «Ё» between «Е» and «Ж», case ignored (SQLite alone would put
    «Ёлкина» and «ЕЛКИН» first and «абрамов» last)."""
    from mentor_desk.queries.roadmap import staff

    with db.transaction() as session:
        for last in [*NAMES, "Жуков", "Елизаров"]:
            session.add(Participant(last_name=last, first_name="Анна", category="teacher"))
            session.flush()
    shown = [name.split()[0] for _, name in staff(db.reader)]
    assert shown == ["абрамов", "Елизаров", "Ёлкин", "ЕЛКИН", "ёлкина", "Жуков", "Яковлев"]
