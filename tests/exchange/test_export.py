"""The register export and the import template, written and read back with openpyxl."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet import _writer as openpyxl_writer
from tests.helpers import NOW, TODAY

from mentor_desk.domain.participants import (
    CATEGORY_LABELS,
    Category,
    ConsentStatus,
    ParticipantData,
)
from mentor_desk.exchange import export
from mentor_desk.exchange.columns import BY_KEY, FILE_ORDER
from mentor_desk.exchange.export import ExportError, export_register, write_template
from mentor_desk.services import participants
from mentor_desk.storage.database import Database

HEADERS = [BY_KEY[key].header for key in FILE_ORDER] + ["Согласие", "Целевые группы", "В архиве"]
SIGNED = date(2025, 9, 1)

CHILD_WITH_CONSENT = ParticipantData(
    last_name="Семёнова",
    first_name="Алёна",
    middle_name="Игоревна",
    birth_date=date(2011, 2, 14),
    class_name="9в",
    phone="+7 900 000-00-01",
    email="alena@example.ru",
    note="любит шахматы",
    is_mentee=True,
    consent_status=ConsentStatus.GIVEN,
    consent_date=SIGNED,
    consent_signer="Семёнов Игорь Петрович",
    representative_name="Семёнов Игорь Петрович",
    target_groups=["одарённые", "с ОВЗ"],
)
CHILD_WITHOUT_CONSENT = ParticipantData(
    last_name="Андреев",
    first_name="Борис",
    birth_date=date(2013, 6, 1),
    class_name="7Б",
    phone="+7 900 000-00-02",
    email="boris@example.ru",
    note="живёт с бабушкой",
    is_mentee=True,
)
TEACHER = ParticipantData(
    last_name="Петрова",
    first_name="Ольга",
    middle_name="Николаевна",
    birth_date=date(1980, 4, 30),
    category=Category.TEACHER,
    position="учитель",
    subject="математика",
    hire_date=date(2015, 8, 25),
    is_mentor=True,
    consent_status=ConsentStatus.GIVEN,
    consent_date=SIGNED,
    consent_signer="Петрова Ольга Николаевна",
)
ARCHIVED = ParticipantData(last_name="Яковлев", first_name="Ян", class_name="11А")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the files go: tmp_path itself holds the database."""
    path = tmp_path / "files"
    path.mkdir()
    return path


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    """Four people by a short name: two children, a teacher, and one archived."""
    cards = {
        "alena": CHILD_WITH_CONSENT,
        "boris": CHILD_WITHOUT_CONSENT,
        "olga": TEACHER,
        "yan": ARCHIVED,
    }
    with db.transaction() as session:
        ids = {name: participants.create(session, card, TODAY) for name, card in cards.items()}
        participants.set_archived(session, [ids["yan"]], True, NOW)
    return ids


def read(path: Path) -> tuple[list[str], list[dict[str, object]], object]:
    """Headers, rows as {header: value}, and the sheet of an exported file."""
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    return headers, [dict(zip(headers, row, strict=True)) for row in rows[1:]], sheet


def cells_of(sheet: object, row: int) -> dict[str, openpyxl.cell.Cell]:
    return {
        str(header.value): cell
        for header, cell in zip(sheet[1], sheet[row], strict=True)  # type: ignore[index]
    }


def test_export_writes_everyone_not_archived_by_name(
    db: Database, people: dict[str, int], folder: Path
) -> None:
    path = folder / "реестр.xlsx"
    assert export_register(db.reader, path, TODAY).written == 3

    headers, rows, _ = read(path)
    assert headers == HEADERS
    assert [row["Фамилия"] for row in rows] == ["Андреев", "Петрова", "Семёнова"]
    alena = rows[2]
    assert alena["Имя"] == "Алёна" and alena["Отчество"] == "Игоревна"
    assert alena["Категория"] == "обучающийся"
    assert alena["Класс"] == "9В"
    assert (alena["Наставник"], alena["Наставляемый"]) == ("нет", "да")
    assert alena["Целевые группы"] == "одарённые; с ОВЗ"
    assert alena["В архиве"] is None
    olga = rows[1]
    assert (olga["Категория"], olga["Должность"], olga["Предмет"]) == (
        "педагог",
        "учитель",
        "математика",
    )
    assert olga["Стаж, лет"] == 11  # 25.08.2015 to 23.11.2026: full years, as a number
    assert olga["Класс"] is None and alena["Стаж, лет"] is None


def test_dates_are_real_excel_dates(db: Database, people: dict[str, int], folder: Path) -> None:
    path = folder / "реестр.xlsx"
    export_register(db.reader, path, TODAY, ids=[people["olga"]])

    _, _, sheet = read(path)
    cells = cells_of(sheet, 2)
    for header, day in [("Дата рождения", date(1980, 4, 30)), ("Дата приёма", date(2015, 8, 25))]:
        assert cells[header].is_date
        assert cells[header].value == datetime.combine(day, datetime.min.time())
        assert cells[header].number_format == "DD.MM.YYYY"
    assert cells["Стаж, лет"].data_type == "n"


def test_without_a_valid_consent_personal_data_stay_out(
    db: Database, people: dict[str, int], folder: Path
) -> None:
    path = folder / "реестр.xlsx"
    export_register(db.reader, path, TODAY, ids=[people["boris"], people["alena"]])

    _, (boris, alena), _ = read(path)
    for field in ("Дата рождения", "Телефон", "E-mail", "Примечание"):
        assert boris[field] is None, field
    assert boris["Согласие"] == "нет согласия"
    assert (boris["Фамилия"], boris["Имя"], boris["Класс"]) == ("Андреев", "Борис", "7Б")
    assert boris["Категория"] == "обучающийся" and boris["Наставляемый"] == "да"

    assert alena["Дата рождения"] == datetime(2011, 2, 14)
    assert alena["Телефон"] == "+7 900 000-00-01"
    assert alena["E-mail"] == "alena@example.ru"
    assert alena["Примечание"] == "любит шахматы"
    assert alena["Согласие"] == "действует"


def test_ids_choose_the_people_and_their_order(
    db: Database, people: dict[str, int], folder: Path
) -> None:
    path = folder / "выбранные.xlsx"
    ids = [people["yan"], people["olga"], 999_999, people["olga"], people["boris"]]
    assert export_register(db.reader, path, TODAY, ids=ids).written == 3

    _, rows, _ = read(path)
    assert [row["Фамилия"] for row in rows] == ["Яковлев", "Петрова", "Андреев"]
    assert [row["В архиве"] for row in rows] == ["да", None, None]


def test_header_is_bold_frozen_and_filtered(
    db: Database, people: dict[str, int], folder: Path
) -> None:
    path = folder / "реестр.xlsx"
    export_register(db.reader, path, TODAY)

    _, _, sheet = read(path)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:T4"  # 17 file columns + 3 export-only, 3 people
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["A"].width == BY_KEY[FILE_ORDER[0]].width
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"


def test_text_that_looks_like_a_formula_stays_text(db: Database, folder: Path) -> None:
    card = ParticipantData(
        last_name="Орлова",
        first_name="Вера",
        note="=HYPERLINK(1)",
        consent_status=ConsentStatus.GIVEN,
        consent_date=SIGNED,
        consent_signer="Орлова Вера",
        representative_name="Орлов Пётр",
    )
    with db.transaction() as session:
        participants.create(session, card, TODAY)
    path = folder / "реестр.xlsx"
    export_register(db.reader, path, TODAY)

    _, _, sheet = read(path)
    note = cells_of(sheet, 2)["Примечание"]
    assert (note.value, note.data_type) == ("=HYPERLINK(1)", "s")


def test_progress_ends_with_the_total(db: Database, people: dict[str, int], folder: Path) -> None:
    calls: list[tuple[int, int]] = []
    export_register(db.reader, folder / "реестр.xlsx", TODAY, progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_failed_save_keeps_the_old_file(
    db: Database, people: dict[str, int], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "реестр.xlsx"
    path.write_bytes(b"the old export")

    def broken_save(self: object, stream: object) -> None:
        stream.write(b"half a zip")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(ExportError, match="на диске не хватает места"):
        export_register(db.reader, path, TODAY)
    with pytest.raises(ExportError, match=r"«шаблон\.xlsx»"):
        write_template(folder / "шаблон.xlsx")

    assert path.read_bytes() == b"the old export"
    assert os.listdir(folder) == ["реестр.xlsx"]  # no temporary file left behind


def test_file_open_elsewhere_gives_a_clear_message(
    db: Database, people: dict[str, int], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "реестр.xlsx"
    path.write_bytes(b"open in Excel")

    def locked(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export.os, "replace", locked)
    with pytest.raises(ExportError) as failure:
        export_register(db.reader, path, TODAY)

    assert str(failure.value) == (
        "Не удалось записать файл «реестр.xlsx»: он открыт в другой программе или папка "
        "защищена от записи. Закройте файл и повторите."
    )
    assert path.read_bytes() == b"open in Excel"
    assert os.listdir(folder) == ["реестр.xlsx"]


def test_stopping_midway_leaves_no_files(
    db: Database, people: dict[str, int], folder: Path
) -> None:
    """An exception from progress (the wizard's Cancel) stops the export cleanly."""

    def cancel(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_register(db.reader, folder / "реестр.xlsx", TODAY, progress=cancel)
    assert os.listdir(folder) == []
    # The rows openpyxl had streamed to its own temporary files are gone too.
    assert not [p for p in openpyxl_writer.ALL_TEMP_FILES if os.path.exists(p)]


def test_missing_folder_is_an_export_error(db: Database, folder: Path) -> None:
    with pytest.raises(ExportError, match="папка не найдена"):
        export_register(db.reader, folder / "нет" / "реестр.xlsx", TODAY)


def test_template(folder: Path) -> None:
    path = folder / "шаблон.xlsx"
    write_template(path)

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Участники", "Пояснения"]
    sheet = book["Участники"]
    headers = [BY_KEY[key].header for key in FILE_ORDER]
    assert [cell.value for cell in sheet[1]] == headers
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2

    example = cells_of(sheet, 2)
    assert example["Дата рождения"].is_date
    assert example["Дата рождения"].value == datetime(2012, 3, 5)
    assert example["Категория"].value == "обучающийся"
    assert example["Фамилия"].value == "Иванова" and example["Класс"].value == "7Б"
    assert example["Дата приёма"].value is None

    lists = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    letter = {header: cell.column_letter for header, cell in example.items()}
    category = lists[letter["Категория"] + "2"]
    assert "педагог" in category
    assert all(label in category for label in CATEGORY_LABELS.values())
    assert lists[letter["Наставник"] + "2"] == lists[letter["Наставляемый"] + "2"] == '"да,нет"'

    hints = "\n".join(str(c.value) for c in book["Пояснения"]["A"] if c.value)
    for phrase in ("ДД.ММ.ГГГГ", "7Б", "«ФИО»", "педагог", "в любом порядке", "не учитываются"):
        assert phrase in hints


def test_target_groups_are_personal_data_too(db: Database, folder: Path) -> None:
    """«с ОВЗ» is health data: without a valid consent it stays out, like the phone."""
    without = ParticipantData(
        last_name="Андреев", first_name="Борис", class_name="7Б", is_mentee=True,
        target_groups=["с ОВЗ", "трудная жизненная ситуация"],
    )  # fmt: skip
    with db.transaction() as session:
        participants.create(session, without, TODAY)
        participants.create(session, CHILD_WITH_CONSENT, TODAY)
    path = folder / "реестр.xlsx"
    result = export_register(db.reader, path, TODAY)
    assert result == export.ExportResult(written=2, guarded=1, omitted=0)

    _, (boris, alena), _ = read(path)
    assert boris["Целевые группы"] is None and boris["Согласие"] == "нет согласия"
    assert boris["Наставляемый"] == "да"  # the role stays: the programme needs it
    assert alena["Целевые группы"] == "одарённые; с ОВЗ"


def test_withdrawn_consent_leaves_the_person_out(
    db: Database, people: dict[str, int], folder: Path
) -> None:
    withdrawn = ParticipantData(
        last_name="Борисова", first_name="Вера", birth_date=date(1990, 1, 1),
        category=Category.TEACHER, phone="+7 900 000-00-09",
        consent_status=ConsentStatus.WITHDRAWN,
    )  # fmt: skip
    with db.transaction() as session:
        vera = participants.create(session, withdrawn, TODAY)
    path = folder / "реестр.xlsx"
    result = export_register(db.reader, path, TODAY)
    assert (result.written, result.guarded, result.omitted) == (3, 1, 1)
    _, rows, sheet = read(path)
    assert [row["Фамилия"] for row in rows] == ["Андреев", "Петрова", "Семёнова"]
    assert sheet.auto_filter.ref == "A1:T4"

    # Chosen by hand too: a withdrawn consent is never exported.
    chosen = export_register(db.reader, path, TODAY, ids=[vera, people["olga"]])
    assert (chosen.written, chosen.guarded, chosen.omitted) == (1, 0, 1)
    assert [row["Фамилия"] for row in read(path)[1]] == ["Петрова"]


def test_export_result_summary_says_what_the_consents_held_back() -> None:
    result = export.ExportResult(written=21, guarded=3, omitted=1)
    assert export.guarded_labels() == [
        "дата рождения", "E-mail", "примечание", "телефон", "целевые группы",
    ]  # fmt: skip
    assert result.summary() == (
        "Выгружено: 21 участник; без действующего согласия — личные данные не выгружены у 3; "
        "с отозванным согласием не выгружено: 1"
    )
