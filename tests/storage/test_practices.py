"""Best practices: the service's rules and Russian refusals, the reads in the curator's order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select
from tests.documents.reading import all_text

from mentor_desk.documents.analytic_report import report_document
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.pairs import Form
from mentor_desk.queries import practices as reads
from mentor_desk.queries.monitoring import years_with_data
from mentor_desk.services import kpi
from mentor_desk.services import practices as service
from mentor_desk.services.analytic_report import report_data
from mentor_desk.services.practices import TEXT_MAX, TITLE_MAX, PracticeError
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Practice

YEAR = 2026


@pytest.fixture
def three(db: Database) -> Iterator[list[int]]:
    with db.transaction() as s:
        ids = [
            service.add_practice(s, YEAR, "Клуб юных инженеров", Form.STUDENT_STUDENT.value,
                                 "Старшеклассники готовят семиклассников", "12 призёров"),
            service.add_practice(s, YEAR, "Школа молодого педагога", "teacher_teacher"),
            service.add_practice(s, YEAR, "Профпробы на заводе", ""),
        ]  # fmt: skip
    yield ids


def _titles(db: Database, year: int = YEAR) -> list[str]:
    return [p.title for p in reads.practices(db.reader, year)]


def test_added_practices_come_back_in_order_with_their_fields(db: Database, three) -> None:
    with db.transaction() as s:
        service.add_practice(s, YEAR - 1, "Прошлогодняя практика")
    rows = reads.practices(db.reader, YEAR)
    assert [r.title for r in rows] == [
        "Клуб юных инженеров",
        "Школа молодого педагога",
        "Профпробы на заводе",
    ]
    assert [r.position for r in rows] == [0, 1, 2]
    first = rows[0]
    assert (first.form, first.form_label) == ("student_student", "ученик – ученик")
    assert first.description == "Старшеклассники готовят семиклассников"
    assert first.results == "12 призёров"
    assert (rows[2].form, rows[2].form_label) == ("", "")
    assert reads.practice(db.reader, first.id) == first
    assert reads.practice(db.reader, 9999) is None
    assert _titles(db, YEAR - 1) == ["Прошлогодняя практика"]
    assert reads.practice_years(db.reader) == [YEAR - 1, YEAR]


def test_text_is_cleaned_paragraphs_kept(db: Database) -> None:
    with db.transaction() as s:
        pid = service.add_practice(
            s,
            YEAR,
            "  Клуб \t юных\x00 инженеров \n",
            description="\n\nПервый  абзац.\r\nВторая строка.\n\n\n\nВторой абзац.\x0b\n\n",
            results="Итоги:\u2028– 5 команд",
        )
    row = reads.practice(db.reader, pid)
    assert row is not None
    assert row.title == "Клуб юных инженеров"
    assert row.description == "Первый абзац.\nВторая строка.\n\nВторой абзац."
    assert row.results == "Итоги:\n– 5 команд"


def test_edit_stores_the_fields_and_says_whether_anything_changed(db: Database, three) -> None:
    with db.transaction() as s:
        # what is stored already, typed with a stray space: nothing changes
        assert not service.edit_practice(s, three[1], "Школа молодого педагога ", "teacher_teacher")
    with db.transaction() as s:
        assert service.edit_practice(
            s, three[1], "Школа молодого педагога", Form.HEAD_TEACHER, "Описание", "Итог"
        )
    row = reads.practice(db.reader, three[1])
    assert row is not None
    assert (row.form, row.description, row.results) == ("head_teacher", "Описание", "Итог")
    with db.session() as s:
        stored = s.get(Practice, three[1])
        assert stored is not None and stored.updated_at >= stored.created_at


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "Введите название практики"),
        ({"title": "П" * (TITLE_MAX + 1)}, f"не более {TITLE_MAX} знаков, сейчас {TITLE_MAX + 1}"),
        ({"description": "о" * (TEXT_MAX + 1)}, "Описание практики — не более 4000 знаков"),
        ({"results": "р" * (TEXT_MAX + 5)}, "сейчас 4005: сократите их"),
        ({"form": "robots"}, "Неизвестная форма наставничества «robots»"),
        ({"title": "клуб ЮНЫХ инженеров"}, "уже есть"),
    ],
)
def test_refusals_are_russian_and_change_nothing(
    db: Database, three, fields: dict[str, str], message: str
) -> None:
    data = {"title": "Новая практика", "form": "", "description": "", "results": ""} | fields
    with pytest.raises(PracticeError, match=message), db.transaction() as s:
        service.add_practice(s, YEAR, **data)
    before = reads.practices(db.reader, YEAR)
    with pytest.raises(PracticeError, match=message), db.transaction() as s:
        service.edit_practice(s, three[1], **data)  # another's title is a duplicate too
    assert reads.practices(db.reader, YEAR) == before


def test_limits_are_inclusive(db: Database) -> None:
    with db.transaction() as s:
        pid = service.add_practice(s, YEAR, "Т" * TITLE_MAX, "", "о" * TEXT_MAX, "р" * TEXT_MAX)
    row = reads.practice(db.reader, pid)
    assert row is not None and len(row.title) == TITLE_MAX and len(row.results) == TEXT_MAX


def test_a_practice_may_keep_its_own_title_in_another_case(db: Database, three) -> None:
    with db.transaction() as s:
        service.edit_practice(s, three[0], "КЛУБ юных инженеров", "student_student")
        service.add_practice(s, YEAR - 1, "Клуб юных инженеров")  # another year: allowed
    assert _titles(db)[0] == "КЛУБ юных инженеров"


@pytest.mark.parametrize("year", [1999, 2101, "2026", True])
def test_a_wrong_year_is_refused(db: Database, year: object) -> None:
    with pytest.raises(PracticeError, match="год"), db.transaction() as s:
        service.add_practice(s, year, "Практика")  # type: ignore[arg-type]


def test_move_reorders_within_the_year_and_stops_at_the_ends(db: Database, three) -> None:
    with db.transaction() as s:
        assert service.move_practice(s, three[2], -1) == 1
    assert _titles(db) == ["Клуб юных инженеров", "Профпробы на заводе", "Школа молодого педагога"]
    with db.transaction() as s:
        assert service.move_practice(s, three[0], 10) == 2
        assert service.move_practice(s, three[2], -5) == 0
    assert _titles(db) == ["Профпробы на заводе", "Школа молодого педагога", "Клуб юных инженеров"]
    assert [r.position for r in reads.practices(db.reader, YEAR)] == [0, 1, 2]
    with db.transaction() as s:
        assert service.move_practice(s, three[2], -1) == 0  # the first goes nowhere
    assert _titles(db)[0] == "Профпробы на заводе"


def test_delete_and_a_practice_deleted_elsewhere(db: Database, three) -> None:
    with db.transaction() as s:
        service.delete_practice(s, three[1])
    assert _titles(db) == ["Клуб юных инженеров", "Профпробы на заводе"]
    for work in (
        lambda s: service.delete_practice(s, three[1]),
        lambda s: service.edit_practice(s, three[1], "Что-то"),
        lambda s: service.move_practice(s, three[1], 1),
    ):
        with pytest.raises(PracticeError, match="не найдена"), db.transaction() as s:
            work(s)
    with db.transaction() as s:
        new = service.add_practice(s, YEAR, "Новая в конце")
    with db.session() as s:
        assert s.scalars(select(Practice.position).where(Practice.id == new)).one() == 3


def test_a_year_with_only_a_practice_is_a_year_with_data(db: Database) -> None:
    assert 2019 not in years_with_data(db.reader)
    with db.transaction() as s:
        service.add_practice(s, 2019, "Давняя практика")
    assert 2019 in years_with_data(db.reader)


def test_the_report_prints_the_years_practices_from_the_database(db: Database, three) -> None:
    with db.transaction() as s:
        service.add_practice(s, YEAR - 1, "Прошлогодний кейс")
        service.move_practice(s, three[2], -2)
    board = kpi.dashboard(db.reader, kpi.chosen_set(db.reader), AcademicYear(YEAR))
    data = report_data(db.reader, board, date(2026, 12, 7))
    assert [(p.title, p.form) for p in data.practices] == [
        ("Профпробы на заводе", ""),
        ("Клуб юных инженеров", "ученик – ученик"),
        ("Школа молодого педагога", "учитель – учитель"),
    ]
    text = all_text(pdf_bytes(report_document(data)))
    part = text[text.find("6. Лучшие практики наставничества") : text.find("7. Выводы")]
    assert "Описаны 3 практики наставничества года" in part
    assert "6.1. Профпробы на заводе" in part and "6.2. Клуб юных инженеров" in part
    assert "Форма наставничества: ученик – ученик." in part
    assert "Содержание: Старшеклассники готовят семиклассников" in part
    assert "Результаты: 12 призёров" in part
    assert "Прошлогодний кейс" not in text
