"""Reading the files curators get: formats by content, CSV encodings, and every bad file.

The good files are the LibreOffice-written ones in tests/data/import (see its README);
what a correct importer reads from them is in expected.json. The bad files are made here,
in tmp_path: each must be refused with a Russian message that says what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import random
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.helpers import TODAY

from mentor_desk.domain.participants import Category
from mentor_desk.exchange import reading
from mentor_desk.exchange.importing import Defaults, ImportPlan, plan_file
from mentor_desk.exchange.reading import (
    CsvDialect,
    FileProblem,
    Format,
    Sheet,
    detect_delimiter,
    detect_encoding,
    open_table,
    read_rows,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
EXPECTED: dict[str, Any] = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
FILES: dict[str, dict[str, Any]] = EXPECTED["files"]
LAYOUTS: dict[str, dict[str, Any]] = EXPECTED["layouts"]
WORKBOOKS = [name for name, info in FILES.items() if info["format"] != "csv"]
CLASS_FILES = [name for name, info in FILES.items() if info["layout"] == "class_7b"]
CSV_LAYOUT = LAYOUTS["students_csv"]


def layout_of(name: str) -> dict[str, Any]:
    return LAYOUTS[FILES[name]["layout"]]


def plan_of(path: Path, sheet: str | None = None) -> ImportPlan:
    _, plan = plan_file(path, None, Defaults(), TODAY, sheet)
    return plan


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def problem(path: Path, sheet: str | None = None) -> str:
    """The message plan_file refuses the file with (the CLI's and the wizard's path)."""
    with pytest.raises(FileProblem) as caught:
        plan_file(path, None, Defaults(), TODAY, sheet)
    message = str(caught.value).replace("\u00a0", " ")
    assert f"«{path.name}»" in message or f"На листе «{sheet or ''}" in message, message
    return message


# --- the LibreOffice files --------------------------------------------------------------


@pytest.mark.parametrize("name", list(FILES))
def test_format_is_found_by_content(name: str) -> None:
    table = open_table(DATA / name)
    assert table.format is Format(FILES[name]["format"])
    if table.format is not Format.CSV:
        expected = [Sheet(s["name"], s["hidden"]) for s in layout_of(name)["sheets"]]
        assert table.sheets == expected
        assert table.first_visible().name == layout_of(name)["sheet"]


@pytest.mark.parametrize("name", list(FILES))
def test_format_does_not_depend_on_the_extension(name: str, tmp_path: Path) -> None:
    """A file named wrongly (.dat) is still read for what it is."""
    for suffix in (".dat", ".xls", ".xlsx", ".csv", ""):
        renamed = tmp_path / f"список{suffix}"
        renamed.write_bytes((DATA / name).read_bytes())
        assert open_table(renamed).format is Format(FILES[name]["format"]), suffix
        assert len(plan_of(renamed).rows) == len(layout_of(name)["persons"]), suffix


@pytest.mark.parametrize("name", list(FILES))
def test_header_row_is_where_expected(name: str) -> None:
    layout = layout_of(name)
    rows = read_rows(open_table(DATA / name))
    header = [str(v).strip() if v is not None else "" for v in rows[layout["header_row"] - 1]]
    assert header[: len(layout["header"])] == layout["header"]
    plan = plan_of(DATA / name)
    assert plan.layout.header_row == layout["header_row"] - 1
    if "columns" in layout:  # the class list: spreadsheet letters → fields
        letters = {"ABCDEFGH"[c]: key for c, key in plan.layout.columns.items()}
        assert letters == layout["columns"]


@pytest.mark.parametrize("name", CLASS_FILES)
def test_class_list_reads_every_student(name: str) -> None:
    layout = layout_of(name)
    plan = plan_of(DATA / name)
    # The row of column numbers under the header is read, then skipped as a service line.
    assert plan.layout.first_data_row == layout["column_numbers_row"] - 1
    assert [r.line for r in plan.rows] == [p["row"] for p in layout["persons"]]
    for row, person in zip(plan.rows, layout["persons"], strict=True):
        data = row.data
        got = (data.last_name, data.first_name, data.middle_name, data.class_name)
        want = (person["last_name"], person["first_name"], person["middle_name"], "7Б")
        assert got == want, f"row {row.line}"
        assert data.category is Category.STUDENT
        assert data.phone == person["phone"], f"row {row.line}"
        assert data.note == person["note"], f"row {row.line}"
        if person["birth_date"] is not None:
            assert iso(data.birth_date) == person["birth_date"], f"row {row.line}"
            assert row.errors == [], f"row {row.line}"


@pytest.mark.parametrize("name", CLASS_FILES)
def test_class_list_skips_numbers_blank_and_total_rows(name: str) -> None:
    layout = layout_of(name)
    plan = plan_of(DATA / name)
    service = {s.line: s.reason for s in plan.service_lines}
    assert service == {
        layout["column_numbers_row"]: "строка с номерами столбцов",
        layout["total_row"]: "итоговая строка",
    }
    lines = {r.line for r in plan.rows}
    for skipped in [*layout["blank_rows"], layout["total_row"], layout["column_numbers_row"]]:
        assert skipped not in lines
    assert len(plan.rows) == 12


@pytest.mark.parametrize("name", CLASS_FILES)
def test_impossible_date_is_a_row_error_not_a_file_error(name: str) -> None:
    layout = layout_of(name)
    plan = plan_of(DATA / name)
    broken = {r.line: r for r in plan.rows if r.errors}
    assert sorted(broken) == layout["bad_date_rows"]
    (row,) = broken.values()
    assert row.name == "Жукова Виктория Романовна"
    assert row.data.birth_date is None
    assert "Дата рождения" in row.errors[0] and "31.02.2012" in row.errors[0]


@pytest.mark.parametrize("name", CLASS_FILES)
def test_text_dates_in_every_form(name: str) -> None:
    """ "2012-03-07", "07.04.2013" and "5.3.12" typed as text read as the same dates."""
    layout = layout_of(name)
    by_line = {r.line: r.data for r in plan_of(DATA / name).rows}
    for person in layout["persons"]:
        if person["row"] in layout["text_date_rows"] and person["birth_date"]:
            assert iso(by_line[person["row"]].birth_date) == person["birth_date"]
    assert by_line[17].birth_date == date(2012, 3, 5)  # "5.3.12"


@pytest.mark.parametrize("name", CLASS_FILES)
def test_spaces_trimmed_and_yo_kept(name: str) -> None:
    by_line = {r.line: r for r in plan_of(DATA / name).rows}
    assert by_line[15].name == "Кузнецов Артём Игоревич"  # "  Кузнецов   Артём  Игоревич "
    assert by_line[14].data.last_name == "Ковалёва"
    assert by_line[17].name == "Семёнова Алёна Петровна"
    assert by_line[7].data.middle_name == "Маммад оглы"
    assert by_line[7].data.phone == "79123456789"  # a number cell, not "79123456789.0"
    assert by_line[9].data.class_name == by_line[15].data.class_name == "7Б"  # "7 Б", "7б"


def test_staff_list_reads_every_teacher() -> None:
    layout = LAYOUTS["staff"]
    plan = plan_of(DATA / "staff.ods")
    assert [r.line for r in plan.rows] == [p["row"] for p in layout["persons"]]
    assert plan.service_lines == []
    for row, person in zip(plan.rows, layout["persons"], strict=True):
        data = row.data
        assert row.errors == [], f"row {row.line}: {row.errors}"
        assert data.category is Category.TEACHER  # a staff list, no category column
        for key in ("last_name", "first_name", "middle_name", "position", "subject", "email"):
            assert getattr(data, key) == person[key], f"row {row.line}: {key}"
        assert data.experience_years == person["experience_years"], f"row {row.line}"
        assert iso(data.hire_date) == person["hire_date"], f"row {row.line}"


def test_hidden_sheet_is_flagged_and_not_read_by_default() -> None:
    table = open_table(DATA / "staff.ods")
    assert [s for s in table.sheets if s.hidden] == [Sheet("Служебный", True)]
    assert table.first_visible() == Sheet("Сотрудники", False)
    assert read_rows(table)[0][:3] == ["Фамилия", "Имя", "Отчество"]
    hidden = read_rows(table, "Служебный")
    want = [[v for v in row if v != ""] for row in LAYOUTS["staff"]["hidden_sheet_rows"]]
    assert hidden == want


def test_hidden_sheet_named_on_purpose_is_read_and_refused_for_its_content() -> None:
    message = problem(DATA / "staff.ods", sheet="Служебный")
    assert "не найдена строка заголовков" in message
    assert "Есть скрытые листы: Служебный" in message


def test_chart_sheet_is_not_a_sheet_to_import(tmp_path: Path) -> None:
    """A chart moved to its own sheet in front of the list: the list is still the default."""
    path = tmp_path / "с диаграммой.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Список"
    sheet.append(["ФИО", "Класс"])
    sheet.append(["Иванов Иван", "7Б"])
    book.create_chartsheet("Диаграмма", 0)
    book.save(path)
    table = open_table(path)
    assert table.sheets == [Sheet("Список", False)]
    (row,) = plan_of(path).rows
    assert row.name == "Иванов Иван"


def test_a_sheet_that_does_not_exist() -> None:
    assert "нет листа «Ученики»" in problem(DATA / "staff.ods", sheet="Ученики")


@pytest.mark.parametrize("name", ["students.csv", "students_1251.csv"])
def test_csv_files_read_with_their_encoding_and_delimiter(name: str) -> None:
    table = open_table(DATA / name)
    info = FILES[name]
    want = "utf-8-sig" if info["encoding"] == "utf-8" else info["encoding"]
    assert table.csv == CsvDialect(want, info["delimiter"])
    assert_students_csv(plan_of(DATA / name))


def assert_students_csv(plan: ImportPlan) -> None:
    persons = CSV_LAYOUT["persons"]
    assert [r.line for r in plan.rows] == [p["row"] for p in persons]
    for row, person in zip(plan.rows, persons, strict=True):
        data = row.data
        assert row.errors == []
        got = (data.last_name, data.first_name, data.middle_name, iso(data.birth_date),
               data.class_name, data.note)  # fmt: skip
        want = (person["last_name"], person["first_name"], person["middle_name"],
                person["birth_date"], person["class_name"], person["note"])  # fmt: skip
        assert got == want
    assert plan.rows[0].data.last_name == "Ёлкина"
    assert plan.rows[2].data.note == "ОВЗ; занятия с логопедом, по вторникам"


def write_students_csv(path: Path, encoding: str, delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_LAYOUT["header"])
    for p in CSV_LAYOUT["persons"]:
        born = date.fromisoformat(p["birth_date"]).strftime("%d.%m.%Y") if p["birth_date"] else ""
        writer.writerow([p["last_name"], p["first_name"], p["middle_name"], born,
                         p["class_name"], p["note"]])  # fmt: skip
    path.write_bytes(buffer.getvalue().encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "delimiter", "detected"),
    [
        ("utf-8", ";", "utf-8-sig"),
        ("utf-8-sig", ",", "utf-8-sig"),  # Excel's "CSV UTF-8" has a BOM
        ("cp1251", ",", "cp1251"),
        ("cp1251", ";", "cp1251"),
        ("koi8-r", ";", "koi8-r"),
        ("cp866", ",", "cp866"),
        ("utf-8", "\t", "utf-8-sig"),
        ("cp1251", "\t", "cp1251"),
        ("utf-16", "\t", "utf-16"),  # Excel's "Unicode text"
    ],
)
def test_csv_encoding_and_delimiter_are_detected(
    tmp_path: Path, encoding: str, delimiter: str, detected: str
) -> None:
    path = tmp_path / "ученики.csv"
    write_students_csv(path, encoding, delimiter)
    table = open_table(path)
    assert table.csv == CsvDialect(detected, delimiter)
    assert_students_csv(plan_of(path))


def test_detectors_directly() -> None:
    text = "Фамилия;Имя;Отчество\nЁлкина;Софья;Михайловна\nТарасов;Глеб;Артурович\n"
    assert detect_encoding(text.encode("koi8-r")) == "koi8-r"
    assert detect_encoding(text.encode("cp1251")) == "cp1251"
    assert detect_encoding(text.encode("utf-8")) == "utf-8-sig"
    assert detect_delimiter(text) == ";"
    assert detect_delimiter(text.replace(";", "\t")) == "\t"
    # A comma inside a quoted note does not outvote the real separator.
    assert detect_delimiter('ФИО;Примечание\n"Иванов Иван";"а, б, в, г"\n') == ";"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "cp866"])
def test_an_all_caps_list_is_read_in_its_own_encoding(tmp_path: Path, encoding: str) -> None:
    """Capitals in CP1251 are small letters in KOI8-R: the header decides, then letters."""
    text = (
        "ФИО;ДАТА РОЖДЕНИЯ;КЛАСС\r\nТАРАСОВ ГЛЕБ АРТУРОВИЧ;16.04.2012;7Б\r\n"
        "ЁЛКИНА СОФЬЯ МИХАЙЛОВНА;02.11.2009;10А\r\n"
    )
    assert detect_encoding(text.encode(encoding)) == encoding
    path = tmp_path / "СПИСОК.csv"
    path.write_bytes(text.encode(encoding))
    assert [r.name for r in plan_of(path).rows] == [
        "ТАРАСОВ ГЛЕБ АРТУРОВИЧ", "ЁЛКИНА СОФЬЯ МИХАЙЛОВНА",
    ]  # fmt: skip


def test_csv_dialect_chosen_by_the_user_wins(tmp_path: Path) -> None:
    path = DATA / "students_1251.csv"
    table = open_table(path, CsvDialect("cp1251", ";"))
    assert table.csv == CsvDialect("cp1251", ";")
    assert read_rows(table)[0] == ["Фамилия,Имя,Отчество,Дата рождения,Класс,Примечание"]
    with pytest.raises(FileProblem, match="не читается в кодировке UTF-8"):
        open_table(path, CsvDialect("utf-8-sig", ","))


# --- bad files --------------------------------------------------------------------------


def test_password_protected_workbook(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    path = tmp_path / "список.xlsx"
    with (DATA / "class_7b.xlsx").open("rb") as plain, path.open("wb") as encrypted:
        OOXMLFile(plain).encrypt("секрет", encrypted)
    message = problem(path)
    assert "защищена паролем" in message and "снимите пароль" in message


@pytest.mark.parametrize("name", ["class_7b.xlsx", "class_7b.ods", "class_7b.xls"])
def test_truncated_file(tmp_path: Path, name: str) -> None:
    data = (DATA / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    message = problem(path)
    assert "повреждён" in message and "не до конца" in message


@pytest.mark.parametrize("name", ["class_7b.xlsx", "class_7b.xls"])
def test_a_damaged_file_keeps_its_cause_in_the_log(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The user reads «повреждён»; the log keeps what the reader said, with its traceback."""
    data = (DATA / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    with (
        caplog.at_level("WARNING", logger="mentor_desk.exchange.reading"),
        pytest.raises(FileProblem, match="повреждён") as raised,
    ):
        plan_file(path, None, Defaults(), TODAY)
    assert raised.value.__cause__ is not None
    logged = [r for r in caplog.records if r.name == "mentor_desk.exchange.reading"]
    assert logged and all(r.exc_info and r.exc_info[1] is not None for r in logged)
    assert str(path) in logged[-1].getMessage()


def make_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Список класса</w:t></w:r></w:p></w:body></w:document>"
)


def test_word_document_renamed_to_xlsx(tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "список.xlsx",
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT},
    )
    message = problem(path)
    assert "текстовый документ, а не таблица" in message
    # Not "open it in Excel": a document is not a table; the table is saved from Calc/Excel.
    assert "Excel или LibreOffice Calc как .xlsx" in message
    assert "Откройте" not in message


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ({"mimetype": "application/vnd.oasis.opendocument.text"}, "текстовый документ"),
        ({"ppt/presentation.xml": "<p/>"}, "презентация, а не таблица"),
        ({"фото.jpg": "not really"}, "архив, а не таблица"),
    ],
)
def test_other_zip_files_renamed_to_a_table(
    tmp_path: Path, files: dict[str, str], fragment: str
) -> None:
    assert fragment in problem(make_zip(tmp_path / "список.ods", files))


def test_empty_sheet(tmp_path: Path) -> None:
    path = tmp_path / "пусто.xlsx"
    openpyxl.Workbook().save(path)
    assert "Лист «Sheet» файла «пусто.xlsx» пустой" in problem(path)


def test_csv_of_blank_lines_is_an_empty_sheet(tmp_path: Path) -> None:
    path = tmp_path / "пусто.csv"
    path.write_text("\n\n   \n;;;\n", encoding="utf-8")
    assert "пустой" in problem(path)


def test_sheet_without_a_recognisable_header(tmp_path: Path) -> None:
    path = tmp_path / "покупки.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Лист1"
    for row in (["Товар", "Цена", "Количество"], ["Тетрадь", 30, 10], ["Ручка", 15, 20]):
        sheet.append(row)
    book.save(path)
    message = problem(path, "Лист1")
    assert "На листе «Лист1» не найдена строка заголовков" in message
    assert "скрытые" not in message


def test_formulas_without_saved_values_are_refused(tmp_path: Path) -> None:
    """openpyxl (and other generators) write bare formulas: the names would read as empty."""
    path = tmp_path / "формулы.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Фамилия", "Имя", "ФИО", "Дата рождения"])
    sheet.append(["Иванов", "Иван", '=A2&" "&B2', date(2012, 3, 5)])
    book.save(path)
    message = problem(path)
    assert "формулы без вычисленных значений" in message
    assert "ячейка C2" in message


def test_formulas_with_saved_values_are_read(tmp_path: Path) -> None:
    """Excel and LibreOffice save each formula's value: that is what the import reads."""
    source = tmp_path / "source.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Дата рождения", "Класс"])
    sheet.append(["Иванов Иван", "=DATE(2012,3,5)", "7Б"])
    book.save(source)
    path = tmp_path / "посчитано.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes the empty value as <v /> or, with lxml, <v></v>.
                bare = next(b for b in (b"<f>DATE(2012,3,5)</f><v />",
                                        b"<f>DATE(2012,3,5)</f><v></v>") if b in data)  # fmt: skip
                serial = (date(2012, 3, 5) - date(1899, 12, 30)).days
                data = data.replace(bare, b"<f>DATE(2012,3,5)</f><v>%d</v>" % serial)
            dst.writestr(item, data)
    (row,) = plan_of(path).rows
    assert row.name == "Иванов Иван" and row.data.birth_date == date(2012, 3, 5)


def test_a_hundred_thousand_rows_are_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "выгрузка.csv"
    lines = ["Фамилия;Имя;Дата рождения"]
    lines += [f"Иванов{n};Иван;05.03.2012" for n in range(100_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    started = time.perf_counter()
    message = problem(path)
    assert time.perf_counter() - started < 3
    assert "больше 50 000 строк" in message
    assert reading.MAX_ROWS == 50_000


def test_exactly_the_limit_of_rows_under_a_header_is_read(tmp_path: Path) -> None:
    path = tmp_path / "выгрузка.csv"
    lines = ["Фамилия;Имя"] + [f"Иванов{n};Иван" for n in range(reading.MAX_ROWS)]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert len(read_rows(open_table(path))) == reading.MAX_ROWS + 1
    path.write_text("\n".join([*lines, "Петров;Пётр"]), encoding="utf-8")
    assert "больше 50 000 строк" in problem(path)


def test_row_limit_applies_to_workbooks_too() -> None:
    table = open_table(DATA / "class_7b.xlsx")
    with pytest.raises(FileProblem, match="больше 10"):
        read_rows(table, max_rows=10)
    assert len(read_rows(table, max_rows=20)) == 19  # trailing empty rows dropped


def test_a_csv_too_large_to_be_a_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_CSV_BYTES", 1000)
    path = tmp_path / "большой.csv"
    path.write_text("Фамилия;Имя\n" + "Иванов;Иван\n" * 100, encoding="utf-8")
    assert "слишком большой" in problem(path)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("Фамилия;Имя\nИванов;Иван\n".encode("utf-32"), id="utf-32"),
        pytest.param("Фамилия;Имя\nИванов;Иван\n".encode("utf-32-be"), id="utf-32-be-no-bom"),
        pytest.param(random.Random(7).randbytes(4096), id="random-binary"),
    ],
)
def test_csv_in_an_unknown_encoding(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "список.csv"
    path.write_bytes(raw)
    message = problem(path)
    assert "Не удалось определить кодировку" in message
    assert "UTF-8" in message


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><meta charset='utf-8'></head><body><table>"
        "<tr><td>ФИО</td><td>Класс</td></tr><tr><td>Иванов Иван</td><td>7Б</td></tr>"
        "</table></body></html>",
        "\ufeff<!DOCTYPE html>\n<html><body><table></table></body></html>",
        '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    ],
    ids=["html", "html-with-bom", "xml-spreadsheet-2003"],
)
def test_web_page_saved_as_xls(tmp_path: Path, page: str) -> None:
    path = tmp_path / "journal.xls"
    path.write_text(page, encoding="utf-8")
    message = problem(path)
    assert "веб-страница" in message and "сохраните как .xlsx" in message


def test_pdf_renamed_to_csv(tmp_path: Path) -> None:
    path = tmp_path / "список.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "документ PDF, а не таблица" in problem(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "не найден" in problem(tmp_path / "нет такого.xlsx")


@pytest.mark.parametrize("name", ["пустой.xlsx", "пустой.csv", "пустой.ods"])
def test_zero_byte_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.touch()
    assert "пустой (0 байт)" in problem(path)


def test_a_class_merged_down_the_rows_reaches_every_student(tmp_path: Path) -> None:
    """ "5А" merged over A3:A5 is read in A3 only; each student gets it all the same."""
    path = tmp_path / "классы.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Список учащихся 5-х классов"])
    sheet.merge_cells("A1:C1")  # a title across the columns: harmless
    sheet.append(["Класс", "ФИО", "Дата рождения"])
    sheet.append(["5А", "Иванов Иван", date(2015, 3, 5)])
    sheet.append([None, "Петров Пётр", date(2015, 4, 6)])
    sheet.append([None, "Сидоров Семён", date(2015, 5, 7)])
    sheet.append(["5Б", "Орлова Анна", date(2015, 6, 8)])
    sheet.append([None, "Белова Вера", date(2015, 7, 9)])
    sheet.merge_cells("A3:A5")
    sheet.merge_cells("A6:A7")
    book.save(path)
    rows = read_rows(open_table(path))
    assert [row[0] for row in rows[2:]] == ["5А", "5А", "5А", "5Б", "5Б"]
    plan = plan_of(path)
    assert [(r.name, r.data.class_name) for r in plan.rows] == [
        ("Иванов Иван", "5А"), ("Петров Пётр", "5А"), ("Сидоров Семён", "5А"),
        ("Орлова Анна", "5Б"), ("Белова Вера", "5Б"),
    ]  # fmt: skip
    assert all(r.warnings == [] and r.errors == [] for r in plan.rows)
