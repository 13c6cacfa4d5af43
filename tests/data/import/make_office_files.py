"""Build the participant-import test files in tests/data/import/, written by LibreOffice itself.

Run by hand (not in CI: it needs LibreOffice Calc, `soffice`, on PATH), from the repository
root, whenever the files or their expected contents must change:

    python tests/data/import/make_office_files.py

It needs openpyxl (and python-calamine for the check it prints at the end). LibreOffice runs
with a throwaway profile in a temp folder (-env:UserInstallation), so it works as root, again
and again, and while a desktop LibreOffice is open. Every run rewrites the files; only their
saved-at timestamps change if the data did not.

What it writes (see README.md next to it):

* class_7b.ods, class_7b.xlsx, class_7b.xls — one class list as a school keeps it: a merged
  title, a header on row 4, a row of column numbers, a blank row and an "Итого" row, dates
  both as real date cells and as text. openpyxl builds a source workbook, LibreOffice turns
  it into .ods, then turns that .ods into .xlsx and .xls, so all three files are LibreOffice's.
* staff.ods — a staff list on sheet "Сотрудники" and a hidden sheet "Служебный".
* students.csv (UTF-8, ";") and students_1251.csv (Windows-1251, ","), written by Python:
  Фамилия;Имя;Отчество;Дата рождения;Класс plus a Примечание column, where one quoted note
  holds both separators.
* expected.json — what a correct importer reads from each file.

All the data lives in STUDENTS, STAFF and CSV_STUDENTS below; the workbooks and
expected.json are both generated from them. Each dict holds what the importer should
read (the ParticipantData field names) and, under keys ending in "_cell", what the cell
holds when that differs from the plain value (text dates, a phone typed as a number...).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent

# --- the data: one place for the source files and expected.json ------------------------

CLASS_SHEET = "7Б"
CLASS_TITLE = "Список обучающихся 7Б класса МБОУ «СОШ № 5» на 2025/2026 учебный год"
CLASS_SUBTITLE = "(по состоянию на 01.09.2025)"
CLASS_HEADER = ["№ п/п", "ФИО обучающегося", "Дата рождения", "Класс", "Телефон родителя",
                "Примечание"]  # fmt: skip
CLASS_HEADER_ROW = 4
CLASS_NUMBERS_ROW = 5  # 1..6 under the header, as printed forms have
CLASS_BLANK_AFTER = 6  # a fully empty row follows the 6th student

# birth_date: the date the importer should read (None: impossible or absent).
# fio_cell / birth_cell / class_cell / phone_cell: the cell as typed, when not the plain value;
# a str birth_cell is a text cell, a missing one is a real date cell.
STUDENTS: list[dict] = [
    {"last_name": "Абрамов", "first_name": "Денис", "middle_name": "Олегович",
     "birth_date": date(2013, 1, 14), "phone": "+7 912 345-67-89"},
    {"last_name": "Алиев", "first_name": "Рашид", "middle_name": "Маммад оглы",
     "birth_date": date(2012, 3, 7), "birth_cell": "2012-03-07",
     "phone": "79123456789", "phone_cell": 79123456789},
    {"last_name": "Белова", "first_name": "Ксения", "middle_name": "Андреевна",
     "birth_date": date(2012, 6, 22), "phone": "+7 922 101-22-33"},
    {"last_name": "Григорьева", "first_name": "Полина", "middle_name": "Сергеевна",
     "birth_date": date(2012, 8, 30), "class_cell": "7 Б", "phone": "+7 904 555-12-12",
     "note": "опекун — бабушка, Григорьева Н. В."},
    {"last_name": "Дмитриев", "first_name": "Егор", "middle_name": "Алексеевич",
     "birth_date": date(2013, 4, 7), "birth_cell": "07.04.2013", "phone": ""},
    {"last_name": "Жукова", "first_name": "Виктория", "middle_name": "Романовна",
     "birth_date": None, "birth_cell": "31.02.2012", "phone": "+7 953 222-33-44"},
    # a fully empty row here (CLASS_BLANK_AFTER)
    {"last_name": "Иванов", "first_name": "Максим", "middle_name": "Викторович",
     "birth_date": date(2012, 12, 12), "phone": "+7 912 777-00-01"},
    {"last_name": "Ковалёва", "first_name": "Дарья", "middle_name": "Николаевна",
     "birth_date": date(2013, 2, 1), "phone": ""},
    {"last_name": "Кузнецов", "first_name": "Артём", "middle_name": "Игоревич",
     "birth_date": date(2012, 11, 19), "fio_cell": "  Кузнецов   Артём  Игоревич ",
     "class_cell": "7б", "phone": "+7 950 765-43-21"},
    {"last_name": "Лебедев", "first_name": "Никита", "middle_name": "Павлович",
     "birth_date": date(2012, 5, 27), "phone": "+7 982 640-15-90"},
    {"last_name": "Семёнова", "first_name": "Алёна", "middle_name": "Петровна",
     "birth_date": date(2012, 3, 5), "birth_cell": "5.3.12", "phone": "+7 919 300-20-10"},
    {"last_name": "Смит", "first_name": "Джон", "middle_name": "",
     "birth_date": date(2012, 10, 3), "phone": "+7 912 000-11-22",
     "note": "прибыл 01.09.2025 из г. Казани"},
]  # fmt: skip
CLASS_NAME = "7Б"  # every student's class, normalized
TOTAL_TEXT = f"Итого: {len(STUDENTS)} обучающихся"

STAFF_SHEET = "Сотрудники"
HIDDEN_SHEET = "Служебный"
STAFF_HEADER = ["Фамилия", "Имя", "Отчество", "Должность", "Предмет", "Стаж", "Дата приёма",
                "E-mail"]  # fmt: skip
STAFF_HEADER_ROW = 1
# experience_cell: "" for an empty cell, a str for a text cell; missing: a number cell.
STAFF: list[dict] = [
    {"last_name": "Орлова", "first_name": "Татьяна", "middle_name": "Викторовна",
     "position": "учитель", "subject": "русский язык и литература", "experience_years": 24,
     "hire_date": date(2003, 8, 25), "email": "orlova.tv@school5.ru"},
    {"last_name": "Никитин", "first_name": "Сергей", "middle_name": "Александрович",
     "position": "учитель", "subject": "математика", "experience_years": 12,
     "experience_cell": "12 лет", "hire_date": date(2013, 9, 1),
     "email": "nikitin.sa@school5.ru"},
    {"last_name": "Фёдорова", "first_name": "Анна", "middle_name": "Игоревна",
     "position": "учитель", "subject": "английский язык", "experience_years": 1,
     "hire_date": date(2024, 8, 28), "email": "fedorova.ai@school5.ru"},
    {"last_name": "Яковлева", "first_name": "Марина", "middle_name": "Геннадьевна",
     "position": "учитель-логопед", "subject": "", "experience_years": 17,
     "hire_date": None, "email": "logoped.school5@mail.ru"},
    {"last_name": "Ахмедова", "first_name": "Лейла", "middle_name": "Руслановна",
     "position": "педагог-психолог", "subject": "", "experience_years": None,
     "experience_cell": "", "hire_date": date(2022, 1, 10),
     "email": "psy.ahmedova@yandex.ru"},
    {"last_name": "Соколов", "first_name": "Илья", "middle_name": "Дмитриевич",
     "position": "учитель", "subject": "физическая культура", "experience_years": 3,
     "hire_date": None, "email": "sokolov.id@school5.ru"},
    {"last_name": "Полякова", "first_name": "Елена", "middle_name": "Юрьевна",
     "position": "заместитель директора по ВР", "subject": "история",
     "experience_years": 19, "hire_date": date(2008, 8, 30),
     "email": "polyakova.eyu@school5.ru"},
    {"last_name": "Морозов", "first_name": "Алексей", "middle_name": "Николаевич",
     "position": "учитель", "subject": "физика, информатика", "experience_years": 8,
     "hire_date": None, "email": "morozov.an@school5.ru"},
]  # fmt: skip
HIDDEN_ROWS = [
    ["Код", "Значение"],
    ["ОО", "МБОУ «СОШ № 5»"],
    ["ИНН", "6601001234"],
    ["Версия шаблона", "2.3"],
    ["Не удалять этот лист", ""],
]

CSV_HEADER = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "Примечание"]
# birth_cell: the text in the file (always DD.MM.YYYY here, or empty).
CSV_STUDENTS: list[dict] = [
    {"last_name": "Ёлкина", "first_name": "Софья", "middle_name": "Михайловна",
     "birth_date": date(2009, 11, 2), "class_name": "10А", "note": ""},
    {"last_name": "Тарасов", "first_name": "Глеб", "middle_name": "Артурович",
     "birth_date": date(2012, 4, 16), "class_name": "7Б", "note": ""},
    {"last_name": "Зайцева", "first_name": "Ульяна", "middle_name": "Олеговна",
     "birth_date": date(2014, 9, 9), "class_name": "5В",
     "note": "ОВЗ; занятия с логопедом, по вторникам"},
    {"last_name": "Шевченко", "first_name": "Богдан", "middle_name": "Тарасович",
     "birth_date": None, "class_name": "8Г", "note": "дата рождения уточняется"},
    {"last_name": "Мельникова", "first_name": "Ева", "middle_name": "Станиславовна",
     "birth_date": date(2008, 1, 31), "class_name": "11А", "note": ""},
]  # fmt: skip

# --- helpers -----------------------------------------------------------------------------


def class_rows() -> list[int]:
    """The spreadsheet row of each student."""
    first = CLASS_NUMBERS_ROW + 1
    return [first + i + (1 if i >= CLASS_BLANK_AFTER else 0) for i in range(len(STUDENTS))]


BLANK_ROW = CLASS_NUMBERS_ROW + 1 + CLASS_BLANK_AFTER
TOTAL_ROW = class_rows()[-1] + 1


def full_name(person: dict) -> str:
    return " ".join(
        p for p in (person["last_name"], person["first_name"], person["middle_name"]) if p
    )


def cell_kind(value: object) -> str:
    return "empty" if value in ("", None) else "text" if isinstance(value, str) else "number"


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def soffice_version() -> str:
    out = subprocess.run(["soffice", "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"LibreOffice (\S+)", out.stdout)
    return match.group(1) if match else out.stdout.strip()


# LibreOffice would also store a 10-20 KB preview picture in every .ods; a setting in the
# throwaway profile turns that off so the files stay a few KB.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="GenerateThumbnail"
 oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def make_profile(path: Path) -> Path:
    (path / "user").mkdir(parents=True)
    (path / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    return path


def convert(source: Path, target_filter: str, outdir: Path, profile: Path) -> Path:
    """`soffice --convert-to`; returns the written file (same stem, new extension)."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
        "--convert-to", target_filter, "--outdir", str(outdir), str(source),
    ]  # fmt: skip
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    ext = target_filter.split(":", 1)[0]
    written = outdir / f"{source.stem}.{ext}"
    if result.returncode != 0 or not written.exists():
        raise SystemExit(
            f"soffice failed on {source.name} → {ext}:\n{result.stdout}{result.stderr}"
        )
    return written


# --- source workbooks (openpyxl) ---------------------------------------------------------


def build_class_source(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = CLASS_SHEET
    ws["A1"] = CLASS_TITLE
    ws["A1"].font = Font(bold=True, size=12)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:F1")
    ws["A2"] = CLASS_SUBTITLE
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:F2")
    for col, text in enumerate(CLASS_HEADER, start=1):
        cell = ws.cell(CLASS_HEADER_ROW, col, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.cell(CLASS_NUMBERS_ROW, col, col).alignment = Alignment(horizontal="center")
    for number, (person, row) in enumerate(zip(STUDENTS, class_rows(), strict=True), start=1):
        ws.cell(row, 1, number)
        ws.cell(row, 2, person.get("fio_cell", full_name(person)))
        birth = ws.cell(row, 3, person.get("birth_cell", person["birth_date"]))
        if "birth_cell" in person:
            birth.data_type = "s"  # text that looks like a date stays text
        else:
            birth.number_format = "DD.MM.YYYY"
        ws.cell(row, 4, person.get("class_cell", CLASS_NAME))
        phone = person.get("phone_cell", person["phone"])
        if phone != "":
            ws.cell(row, 5, phone)
        if person.get("note"):
            ws.cell(row, 6, person["note"])
    ws.cell(TOTAL_ROW, 1, TOTAL_TEXT).font = Font(bold=True)
    ws.merge_cells(start_row=TOTAL_ROW, start_column=1, end_row=TOTAL_ROW, end_column=2)
    for letter, width in zip("ABCDEF", (7, 36, 14, 8, 19, 34), strict=True):
        ws.column_dimensions[letter].width = width
    ws.row_dimensions[CLASS_HEADER_ROW].height = 30
    wb.properties.creator = "Mentor Desk tests"
    wb.save(path)


def build_staff_source(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = STAFF_SHEET
    ws.append(STAFF_HEADER)
    for cell in ws[STAFF_HEADER_ROW]:
        cell.font = Font(bold=True)
    for row, person in enumerate(STAFF, start=STAFF_HEADER_ROW + 1):
        values = [person["last_name"], person["first_name"], person["middle_name"],
                  person["position"], person["subject"] or None,
                  person.get("experience_cell", person["experience_years"]) or None,
                  person["hire_date"], person["email"]]  # fmt: skip
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row, col, value)
        if person["hire_date"]:
            ws.cell(row, 7).number_format = "DD.MM.YYYY"
    for letter, width in zip("ABCDEFGH", (14, 12, 16, 30, 26, 8, 13, 28), strict=True):
        ws.column_dimensions[letter].width = width
    hidden = wb.create_sheet(HIDDEN_SHEET)
    for values in HIDDEN_ROWS:
        hidden.append(values)
    hidden.sheet_state = "hidden"
    wb.active = 0
    wb.properties.creator = "Mentor Desk tests"
    wb.save(path)


# --- CSV (plain Python) ------------------------------------------------------------------


def write_csv(path: Path, encoding: str, delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for person in CSV_STUDENTS:
        born = person["birth_date"].strftime("%d.%m.%Y") if person["birth_date"] else ""
        writer.writerow([person["last_name"], person["first_name"], person["middle_name"],
                         born, person["class_name"], person["note"]])  # fmt: skip
    path.write_bytes(buffer.getvalue().encode(encoding))


# --- expected.json -----------------------------------------------------------------------


def expected(version: str) -> dict:
    students = []
    for number, (person, row) in enumerate(zip(STUDENTS, class_rows(), strict=True), start=1):
        entry = {
            "row": row,
            "number": number,
            "last_name": person["last_name"],
            "first_name": person["first_name"],
            "middle_name": person["middle_name"],
            "birth_date": iso(person["birth_date"]),
            "class_name": CLASS_NAME,
            "phone": person["phone"],
            "note": person.get("note", ""),
            "cells": {
                "full_name": person.get("fio_cell", full_name(person)),
                "birth_date": person.get("birth_cell", "date"),
                "class_name": person.get("class_cell", CLASS_NAME),
                "phone": cell_kind(person.get("phone_cell", person["phone"])),
            },
        }
        students.append(entry)
    bad_rows = [
        row
        for person, row in zip(STUDENTS, class_rows(), strict=True)
        if person["birth_date"] is None
    ]
    text_date_rows = [
        row for person, row in zip(STUDENTS, class_rows(), strict=True) if "birth_cell" in person
    ]
    class_list = {
        "sheets": [{"name": CLASS_SHEET, "hidden": False}],
        "sheet": CLASS_SHEET,
        "title_rows": [1, 2],
        "merged": ["A1:F1", "A2:F2", f"A{TOTAL_ROW}:B{TOTAL_ROW}"],
        "header_row": CLASS_HEADER_ROW,
        "header": CLASS_HEADER,
        "column_numbers_row": CLASS_NUMBERS_ROW,
        "columns": {
            "B": "full_name",
            "C": "birth_date",
            "D": "class_name",
            "E": "phone",
            "F": "note",
        },
        "first_data_row": class_rows()[0],
        "blank_rows": [BLANK_ROW],
        "total_row": TOTAL_ROW,
        "total_text": TOTAL_TEXT,
        "bad_date_rows": bad_rows,
        "text_date_rows": text_date_rows,
        "persons": students,
    }
    staff = {
        "sheets": [{"name": STAFF_SHEET, "hidden": False}, {"name": HIDDEN_SHEET, "hidden": True}],
        "sheet": STAFF_SHEET,
        "header_row": STAFF_HEADER_ROW,
        "header": STAFF_HEADER,
        "blank_rows": [],
        "total_row": None,
        "bad_date_rows": [],
        "persons": [
            {
                "row": row,
                "last_name": p["last_name"],
                "first_name": p["first_name"],
                "middle_name": p["middle_name"],
                "position": p["position"],
                "subject": p["subject"],
                "experience_years": p["experience_years"],
                "hire_date": iso(p["hire_date"]),
                "email": p["email"],
                "cells": {
                    "experience_years": p.get("experience_cell")
                    or cell_kind(p.get("experience_cell", p["experience_years"])),
                    "hire_date": "date" if p["hire_date"] else "empty",
                },
            }
            for row, p in enumerate(STAFF, start=STAFF_HEADER_ROW + 1)
        ],
        "hidden_sheet_rows": HIDDEN_ROWS,
    }
    csv_persons = [
        {"row": row, "last_name": p["last_name"], "first_name": p["first_name"],
         "middle_name": p["middle_name"], "birth_date": iso(p["birth_date"]),
         "class_name": p["class_name"], "note": p["note"]}
        for row, p in enumerate(CSV_STUDENTS, start=2)
    ]  # fmt: skip

    csv_layout = {"header_row": 1, "header": CSV_HEADER, "blank_rows": [], "total_row": None,
                  "bad_date_rows": [], "persons": csv_persons}  # fmt: skip
    return {
        "generated_by": "tests/data/import/make_office_files.py",
        "libreoffice": version,
        # What a file holds: "layout" names one of "layouts" (the three class_7b files are
        # the same list). Rows are 1-based, as the spreadsheet shows them.
        "files": {
            "class_7b.ods": {"format": "ods", "writer": "LibreOffice", "layout": "class_7b"},
            "class_7b.xlsx": {"format": "xlsx", "writer": "LibreOffice", "layout": "class_7b"},
            "class_7b.xls": {"format": "xls", "writer": "LibreOffice", "layout": "class_7b"},
            "staff.ods": {"format": "ods", "writer": "LibreOffice", "layout": "staff"},
            "students.csv": {
                "format": "csv",
                "writer": "Python csv",
                "layout": "students_csv",
                "encoding": "utf-8",
                "delimiter": ";",
            },
            "students_1251.csv": {
                "format": "csv",
                "writer": "Python csv",
                "layout": "students_csv",
                "encoding": "cp1251",
                "delimiter": ",",
            },
        },
        "layouts": {"class_7b": class_list, "staff": staff, "students_csv": csv_layout},
    }


def to_json(value: object, indent: str = "") -> str:
    """JSON with one person (any dict inside a list) per line, to keep the file short."""
    inner = indent + "  "
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) and v for v in value.values()):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {to_json(v, inner)}"
                 for k, v in value.items()]  # fmt: skip
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        items = [inner + json.dumps(v, ensure_ascii=False) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


# --- a quick look at what LibreOffice wrote ----------------------------------------------


def check(version: str) -> None:
    """Sheet names, visibility and header cells as python-calamine reads them back."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        print("python-calamine is not installed: skipping the check")
        return
    data = expected(version)
    for name, file in data["files"].items():
        if file["format"] == "csv":
            continue
        info = data["layouts"][file["layout"]]
        wb = CalamineWorkbook.from_path(str(HERE / name))
        meta = {m.name: m.visible for m in wb.sheets_metadata}
        for sheet in info["sheets"]:
            visible = str(meta.get(sheet["name"]))
            want = "hidden" if sheet["hidden"] else "visible"
            assert sheet["name"] in meta, f"{name}: no sheet {sheet['name']!r}: {list(meta)}"
            assert visible.lower().endswith(want), f"{name}: {sheet['name']} is {visible}"
        rows = wb.get_sheet_by_name(info["sheet"]).to_python(skip_empty_area=False)
        header = [str(v) for v in rows[info["header_row"] - 1][: len(info["header"])]]
        assert header == info["header"], f"{name}: header {header}"
        for person in info["persons"]:
            cells = " ".join(str(v) for v in rows[person["row"] - 1])
            assert person["last_name"] in cells, f"{name}: row {person['row']}: {cells}"
        print(f"ok  {name}: sheets {meta}")


def main() -> int:
    if not shutil.which("soffice"):
        print("soffice (LibreOffice) is not on PATH", file=sys.stderr)
        return 1
    version = soffice_version()
    with tempfile.TemporaryDirectory(prefix="mentor_desk_office_") as tmp:
        work = Path(tmp)
        # A throwaway profile (-env:UserInstallation): works as root, repeatedly, and even
        # while the user has LibreOffice open.
        profile = make_profile(work / "lo_profile")
        (work / "source").mkdir()
        build_class_source(work / "source" / "class_7b.xlsx")
        build_staff_source(work / "source" / "staff.xlsx")
        class_ods = convert(work / "source" / "class_7b.xlsx", "ods", work / "ods", profile)
        staff_ods = convert(work / "source" / "staff.xlsx", "ods", work / "ods", profile)
        class_xlsx = convert(class_ods, "xlsx:Calc MS Excel 2007 XML", work / "xlsx", profile)
        class_xls = convert(class_ods, "xls:MS Excel 97", work / "xls", profile)
        for produced in (class_ods, class_xlsx, class_xls, staff_ods):
            shutil.copyfile(produced, HERE / produced.name)
    write_csv(HERE / "students.csv", "utf-8", ";")
    write_csv(HERE / "students_1251.csv", "cp1251", ",")
    (HERE / "expected.json").write_text(to_json(expected(version)) + "\n", encoding="utf-8")
    print(f"LibreOffice {version}: wrote class_7b.ods/.xlsx/.xls, staff.ods, CSVs, expected.json")
    check(version)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
