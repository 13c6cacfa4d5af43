"""`mentor-desk participants import|export|template`, as an admin or a script runs them.

Most tests call main(argv) in-process (fast, capsys); one runs the real entry point.
Every refused import is checked against a full dump of the database: nothing written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from mentor_desk.cli import main
from mentor_desk.exchange.columns import BY_KEY, FILE_ORDER
from mentor_desk.storage import database
from mentor_desk.storage.database import list_backups

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
STUDENTS = DATA / "students.csv"  # 5 students, no errors
CLASS_7B = DATA / "class_7b.xlsx"  # 12 students, one impossible birth date (row 11)
STAFF = DATA / "staff.ods"  # 8 teachers and a hidden sheet


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def load(capsys: pytest.CaptureFixture[str], file: Path, db: Path, *extra: str) -> Any:
    """Import with --json; returns (exit code, the parsed report, stderr)."""
    code, out, err = run(capsys, "participants", "import", file, "--db", db, "--json", *extra)
    return code, json.loads(out) if out else None, err


def dump(path: Path) -> list[str] | None:
    """The whole database as SQL, or None when there is no file."""
    if not path.exists():
        return None
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def people(path: Path) -> list[tuple[Any, ...]]:
    sql = (
        "SELECT last_name, first_name, middle_name, birth_date, category, class_name, phone "
        "FROM participant ORDER BY id"
    )
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def school(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with the five students of students.csv in it."""
    path = tmp_path / "school.sqlite3"
    assert run(capsys, "participants", "import", STUDENTS, "--db", path)[0] == 0
    return path


@pytest.fixture
def new_db(tmp_path: Path) -> Path:
    return tmp_path / "new" / "school.sqlite3"


# --- import -----------------------------------------------------------------------------


def test_import_into_a_new_database(capsys: pytest.CaptureFixture[str], new_db: Path) -> None:
    code, out, err = run(capsys, "participants", "import", STUDENTS, "--db", new_db)
    assert (code, err) == (0, "")
    assert new_db.exists()
    assert f"Файл: {STUDENTS} (лист «students»)" in out
    assert out.rstrip().endswith("Добавлено: 5, обновлено: 0, пропущено: 0")
    assert people(new_db) == [
        ("Ёлкина", "Софья", "Михайловна", "2009-11-02", "student", "10А", ""),
        ("Тарасов", "Глеб", "Артурович", "2012-04-16", "student", "7Б", ""),
        ("Зайцева", "Ульяна", "Олеговна", "2014-09-09", "student", "5В", ""),
        ("Шевченко", "Богдан", "Тарасович", None, "student", "8Г", ""),
        ("Мельникова", "Ева", "Станиславовна", "2008-01-31", "student", "11А", ""),
    ]
    assert list_backups(new_db) == []  # nothing to back up in a new file


def test_import_into_an_existing_database_backs_it_up_first(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    code, report, _ = load(capsys, STAFF, school)
    assert code == 0 and report["added"] == 8
    (copy,) = list_backups(school)
    assert copy.name.endswith("-before-import.sqlite3")
    assert len(people(school)) == 13


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], new_db: Path) -> None:
    code, out, _ = run(capsys, "participants", "import", STUDENTS, "--db", new_db, "--dry-run")
    assert code == 0
    assert "Будет добавлено: 5, обновлено: 0, пропущено: 0 (проверка без записи)" in out
    assert not new_db.exists() and not new_db.parent.exists()


def test_dry_run_on_an_existing_database(capsys: pytest.CaptureFixture[str], school: Path) -> None:
    before = dump(school)
    code, report, _ = load(capsys, STAFF, school, "--dry-run")
    assert code == 0
    assert (report["dry_run"], report["added"]) == (True, 8)
    assert dump(school) == before
    assert list_backups(school) == []


def test_json_report(capsys: pytest.CaptureFixture[str], new_db: Path) -> None:
    code, report, err = load(capsys, CLASS_7B, new_db, "--skip-errors")
    assert (code, err) == (0, "")
    assert report["sheet"] == "7Б" and report["file"] == "class_7b.xlsx"
    assert (report["added"], report["updated"], report["skipped"]) == (11, 0, 3)
    assert report["refused"] is False and report["dry_run"] is False
    rows = {r["line"]: r for r in report["rows"]}
    assert rows[5] == {"line": 5, "name": "", "outcome": "skipped",
                       "reason": "строка с номерами столбцов"}  # fmt: skip
    assert rows[19]["reason"] == "итоговая строка"
    assert rows[11]["name"] == "Жукова Виктория Романовна"
    assert rows[11]["outcome"] == "skipped" and "31.02.2012" in rows[11]["reason"]
    assert rows[6] == {"line": 6, "name": "Абрамов Денис Олегович", "outcome": "added",
                       "reason": ""}  # fmt: skip
    assert 12 not in rows  # a blank row is skipped without a line in the report


def test_rows_with_errors_refuse_the_whole_file(
    capsys: pytest.CaptureFixture[str], school: Path
) -> None:
    before = dump(school)
    code, out, err = run(capsys, "participants", "import", CLASS_7B, "--db", school)
    assert code == 1
    assert "строка 11, Жукова Виктория Романовна — пропущен: Дата рождения: Такой даты нет" in out
    assert "в строках с ошибками: 1" in err and "ничего не записано" in err
    assert "--skip-errors" in err
    # The summary says nothing happened, not "Будет добавлено: 11" as if it would.
    assert "Будет добавлено" not in out and "Добавлено" not in out
    assert out.splitlines()[-1] == (
        "Ничего не записано: в строках с ошибками — 1 (см. выше). С --skip-errors было бы "
        "добавлено: 11, обновлено: 0, пропущено: 3."
    )
    assert dump(school) == before
    assert list_backups(school) == []


def test_rows_with_errors_create_no_new_database(
    capsys: pytest.CaptureFixture[str], new_db: Path
) -> None:
    code, report, err = load(capsys, CLASS_7B, new_db)
    assert code == 1 and report["refused"] is True and report["added"] == 11
    assert "ничего не записано" in err
    assert not new_db.exists()


def test_skip_errors_writes_the_rest(capsys: pytest.CaptureFixture[str], school: Path) -> None:
    code, out, err = run(capsys, "participants", "import", CLASS_7B, "--db", school,
                         "--skip-errors")  # fmt: skip
    assert (code, err) == (0, "")
    assert "Добавлено: 11, обновлено: 0, пропущено: 3" in out
    names = [p[0] for p in people(school)]
    assert len(names) == 16 and "Жукова" not in names
    aliev = next(p for p in people(school) if p[0] == "Алиев")
    assert aliev == ("Алиев", "Рашид", "Маммад оглы", "2012-03-07", "student", "7Б",
                     "79123456789")  # fmt: skip


def test_text_in_a_date_column(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    path = tmp_path / "даты.csv"
    path.write_text(
        "ФИО;Дата рождения;Класс\nНовиков Олег;01.02.2013;6А\nОрлов Глеб;в сентябре;6А\n",
        encoding="utf-8",
    )
    before = dump(school)
    code, report, err = load(capsys, path, school)
    assert code == 1 and "в строках с ошибками: 1" in err
    assert "Не похоже на дату: «в сентябре»" in report["rows"][1]["reason"]
    assert dump(school) == before
    code, report, _ = load(capsys, path, school, "--skip-errors")
    assert code == 0 and (report["added"], report["skipped"]) == (1, 1)
    assert people(school)[-1] == ("Новиков", "Олег", "", "2013-02-01", "student", "6А", "")


def test_category_and_class_for_a_file_without_them(
    capsys: pytest.CaptureFixture[str], new_db: Path, tmp_path: Path
) -> None:
    teachers = tmp_path / "учителя.csv"
    teachers.write_text("ФИО;E-mail\nОрлова Татьяна;orlova@school.ru\n", encoding="utf-8")
    code, _, _ = load(capsys, teachers, new_db, "--category", "педагог")
    assert code == 0
    assert people(new_db)[-1][4] == "teacher"

    children = tmp_path / "класс.csv"
    children.write_text("ФИО;Дата рождения\nНовиков Олег;01.02.2013\n", encoding="utf-8")
    code, _, _ = load(capsys, children, new_db, "--class", "7 б")
    assert code == 0
    assert people(new_db)[-1] == ("Новиков", "Олег", "", "2013-02-01", "student", "7Б", "")


def test_staff_list_is_teachers_without_being_told(
    capsys: pytest.CaptureFixture[str], new_db: Path
) -> None:
    code, report, _ = load(capsys, STAFF, new_db, "--class", "7Б")
    assert code == 0 and report["sheet"] == "Сотрудники" and report["added"] == 8
    assert {(p[4], p[5]) for p in people(new_db)} == {("teacher", "")}


def test_on_duplicate_on_a_second_run(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    code, report, _ = load(capsys, STUDENTS, school)  # skip is the default
    assert code == 0 and (report["added"], report["skipped"]) == (0, 5)
    assert all(r["reason"].startswith("уже есть в реестре: ") for r in report["rows"])

    phones = tmp_path / "телефоны.csv"
    phones.write_text(
        "Фамилия;Имя;Отчество;Телефон\nТарасов;Глеб;Артурович;+7 900 111-22-33\n"
        "Новикова;Ольга;Игоревна;+7 900 444-55-66\n",
        encoding="utf-8",
    )
    code, report, _ = load(capsys, phones, school, "--on-duplicate", "update")
    assert code == 0 and (report["added"], report["updated"]) == (1, 1)
    tarasov = next(p for p in people(school) if p[0] == "Тарасов")
    # The phone is new; the birth date and class the file did not give are kept.
    assert tarasov == ("Тарасов", "Глеб", "Артурович", "2012-04-16", "student", "7Б",
                       "+7 900 111-22-33")  # fmt: skip

    code, report, _ = load(capsys, STUDENTS, school, "--on-duplicate", "add")
    assert code == 0 and report["added"] == 5
    assert [p[0] for p in people(school)].count("Тарасов") == 2
    assert len(people(school)) == 11


def test_the_hidden_sheet(capsys: pytest.CaptureFixture[str], school: Path) -> None:
    before = dump(school)
    code, _, err = run(capsys, "participants", "import", STAFF, "--db", school,
                       "--sheet", "Служебный")  # fmt: skip
    assert code == 2
    assert "mentor-desk: На листе «Служебный» не найдена строка заголовков" in err
    # The CLI's own way to choose another sheet, and the sheets there are.
    assert '--sheet "имя листа"' in err and "«Сотрудники»" in err
    assert "выберите другой лист" not in err
    code, _, err = run(capsys, "participants", "import", STAFF, "--db", school,
                       "--sheet", "Ученики")  # fmt: skip
    assert code == 2 and "нет листа «Ученики»" in err
    assert dump(school) == before
    code, report, _ = load(capsys, STAFF, school, "--sheet", "Сотрудники")
    assert code == 0 and report["added"] == 8


# --- files that cannot be imported ------------------------------------------------------


def _password(path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with CLASS_7B.open("rb") as plain, path.open("wb") as encrypted:
        OOXMLFile(plain).encrypt("1234", encrypted)


def _truncated(path: Path) -> None:
    data = CLASS_7B.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")


def _workbook(*rows: list[Any]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)

    return make


def _big_csv(path: Path) -> None:
    lines = ["ФИО;Класс", *(f"Иванов{n} Иван;7Б" for n in range(100_000))]
    path.write_text("\n".join(lines), encoding="utf-8")


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data) and None


BAD_FILES: list[Any] = [
    pytest.param("список.xlsx", _password, "защищена паролем", id="password"),
    pytest.param("список.xlsx", _truncated, "записан не до конца", id="truncated"),
    pytest.param("список.xlsx", _docx, "текстовый документ, а не таблица", id="docx"),
    pytest.param("список.xlsx", _workbook(), "пустой", id="empty-sheet"),
    pytest.param(
        "список.xlsx",
        _workbook(["Товар", "Цена"], ["Хлеб", 30]),
        "не найдена строка заголовков",
        id="no-header",
    ),
    pytest.param(
        "список.xlsx",
        _workbook(["Фамилия", "Имя", "ФИО"], ["Иванов", "Иван", '=A2&" "&B2']),
        "формулы без вычисленных значений",
        id="formulas",
    ),
    pytest.param(
        "список.xlsx",
        _workbook(["ФИО", "Класс"]),
        "нет ни одной строки с участником",
        id="header-only",
    ),
    pytest.param("выгрузка.csv", _big_csv, "больше 50 000 строк", id="100000-rows"),
    pytest.param(
        "список.csv",
        _bytes("ФИО;Класс\n".encode("utf-32")),
        "Не удалось определить кодировку",
        id="utf-32",
    ),
    pytest.param(
        "список.csv", _bytes(bytes(range(256)) * 8), "Не удалось определить кодировку", id="binary"
    ),
    pytest.param(
        "журнал.xls",
        _bytes(
            b"<html><body><table><tr><td>\xd0\xa4\xd0\x98\xd0\x9e</td></tr></table></body></html>"
        ),
        "веб-страница",
        id="html",
    ),
    pytest.param("список.xlsx", None, "не найден", id="missing"),
    pytest.param("список.xlsx", _bytes(b""), "пустой (0 байт)", id="zero-bytes"),
    pytest.param(
        "список.xlsx",
        _workbook(["Дата рождения", "Класс", "Телефон"], ["05.03.2012", "7Б", "+7"]),
        "в каком столбце ФИО",
        id="no-name-column",
    ),
]


@pytest.mark.parametrize(("name", "make", "fragment"), BAD_FILES)
def test_bad_file_leaves_the_database_as_it_was(
    capsys: pytest.CaptureFixture[str],
    school: Path,
    tmp_path: Path,
    name: str,
    make: Callable[[Path], None] | None,
    fragment: str,
) -> None:
    path = tmp_path / name
    if make:
        make(path)
    before = dump(school)
    code, out, err = run(capsys, "participants", "import", path, "--db", school)
    assert code == 2
    assert err.startswith("mentor-desk: ")
    assert fragment in err.replace("\u00a0", " ")
    assert out == ""
    assert dump(school) == before
    assert list_backups(school) == []


@pytest.mark.parametrize(("name", "make", "fragment"), BAD_FILES[:4])
def test_bad_file_creates_no_new_database(
    capsys: pytest.CaptureFixture[str],
    new_db: Path,
    tmp_path: Path,
    name: str,
    make: Callable[[Path], None],
    fragment: str,
) -> None:
    path = tmp_path / name
    make(path)
    code, _, err = run(capsys, "participants", "import", path, "--db", new_db)
    assert code == 2 and fragment in err
    assert not new_db.exists()


@pytest.mark.parametrize(("name", "make", "fragment"), BAD_FILES[:3])
def test_bad_file_with_json_prints_the_error_as_json(
    capsys: pytest.CaptureFixture[str],
    school: Path,
    tmp_path: Path,
    name: str,
    make: Callable[[Path], None],
    fragment: str,
) -> None:
    """A script reading --json gets an object either way: the report, or the error."""
    path = tmp_path / name
    make(path)
    code, report, err = load(capsys, path, school)
    assert code == 2 and fragment in err
    assert list(report) == ["error"] and fragment in report["error"]
    assert err == f"mentor-desk: {report['error']}\n"


def test_locked_database_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], school: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holds the write lock: exit 2, the Russian message, nothing written."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    before = dump(school)
    other = sqlite3.connect(school)
    other.execute("BEGIN EXCLUSIVE")  # e.g. a backup program copying the file
    try:
        code, _, err = run(capsys, "participants", "import", STAFF, "--db", school)
        assert code == 2
        assert err.startswith("mentor-desk: База данных занята другой программой")
        assert "Traceback" not in err and "Изменения не сохранены" in err
        code, report, err = load(capsys, STAFF, school)
        assert code == 2 and "занята другой программой" in report["error"]
    finally:
        other.rollback()
        other.close()
    assert dump(school) == before
    code, report, _ = load(capsys, STAFF, school)  # free again: the same command works
    assert code == 0 and report["added"] == 8


def test_unknown_category_or_class(capsys: pytest.CaptureFixture[str], new_db: Path) -> None:
    code, _, err = run(capsys, "participants", "import", STUDENTS, "--db", new_db,
                       "--category", "директор")  # fmt: skip
    assert code == 2
    assert "mentor-desk: Неизвестная категория «директор». Возможные: обучающийся, педагог" in err
    code, _, err = run(capsys, "participants", "import", STUDENTS, "--db", new_db,
                       "--class", "13Ж")  # fmt: skip
    assert code == 2 and "Класс пишется как «7Б» или «11»" in err
    assert not new_db.exists()


def test_unknown_duplicate_action_is_an_argparse_error(
    capsys: pytest.CaptureFixture[str], new_db: Path
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["participants", "import", str(STUDENTS), "--db", str(new_db),
              "--on-duplicate", "replace"])  # fmt: skip
    assert exited.value.code == 2
    assert "replace" in capsys.readouterr().err
    assert not new_db.exists()


def test_broken_database_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 200)
    code, _, err = run(capsys, "participants", "import", STUDENTS, "--db", broken)
    assert code == 2 and "повреждён" in err
    assert broken.read_bytes() == b"not a database" * 200


def test_the_real_entry_point(school: Path, tmp_path: Path) -> None:
    """Exit codes and the Russian message as a shell script sees them."""
    half = tmp_path / "половина.xlsx"
    _truncated(half)
    before = dump(school)
    env = {**os.environ, "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "mentor_desk", "participants", "import"]
    result = subprocess.run(
        [*command, str(half), "--db", str(school)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 2
    assert "mentor-desk: Файл «половина.xlsx» повреждён или записан не до конца" in result.stderr
    assert dump(school) == before
    result = subprocess.run(
        [*command, str(STAFF), "--db", str(school), "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 8
    assert len(people(school)) == 13


# --- export and template ----------------------------------------------------------------


def test_export_writes_everyone(
    capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path
) -> None:
    assert load(capsys, STAFF, school)[0] == 0
    target = tmp_path / "реестр.xlsx"
    before = dump(school)
    code, out, err = run(capsys, "participants", "export", target, "--db", school)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Выгружено: 13 участников; без действующего согласия — личные данные не выгружены "
        "у 13; с отозванным согласием не выгружено: 0.",
        f"Файл: {target}",
    ]
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[0])
    assert headers[: len(FILE_ORDER)] == [BY_KEY[key].header for key in FILE_ORDER]
    named = [dict(zip(headers, row, strict=True)) for row in rows[1:]]
    assert len(named) == 13
    wanted = {(p[0], p[1]) for p in people(school)}
    assert {(r["Фамилия"], r["Имя"]) for r in named} == wanted
    orlova = next(r for r in named if r["Фамилия"] == "Орлова")
    assert orlova["Категория"] == "педагог" and orlova["Предмет"] == "русский язык и литература"
    assert dump(school) == before

    # And it imports back as the same people.
    code, report, _ = load(capsys, target, school, "--dry-run")
    assert code == 0 and (report["added"], report["skipped"]) == (0, 13)


def test_export_refusals(capsys: pytest.CaptureFixture[str], school: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "participants", "export", tmp_path / "реестр.csv", "--db", school)
    assert code == 2 and "реестр выгружается в файл .xlsx" in err
    missing = tmp_path / "нет.sqlite3"
    code, _, err = run(capsys, "participants", "export", tmp_path / "р.xlsx", "--db", missing)
    assert code == 2 and "файл базы данных не найден" in err
    assert not missing.exists()
    assert not (tmp_path / "р.xlsx").exists() and not (tmp_path / "реестр.csv").exists()
    code, _, err = run(capsys, "participants", "export", tmp_path / "нет" / "р.xlsx",
                       "--db", school)  # fmt: skip
    assert code == 2 and "папка не найдена" in err


def test_template(capsys: pytest.CaptureFixture[str], tmp_path: Path, new_db: Path) -> None:
    target = tmp_path / "шаблон.xlsx"
    code, out, _ = run(capsys, "participants", "template", target)
    assert code == 0 and out.strip() == f"Шаблон записан: {target}"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Участники", "Пояснения"]
    sheet = book["Участники"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [BY_KEY[key].header for key in FILE_ORDER]
    assert rows[1][:4] == ("Иванова", "Мария", "Сергеевна", datetime(2012, 3, 5))
    # The template's example row is not a person: left alone, the template has nobody.
    code, report, err = load(capsys, target, new_db, "--dry-run")
    assert code == 2 and "нет ни одной строки с участником" in err
    assert report == {"error": "на листе «Участники» нет ни одной строки с участником"}
    # Filled below the example, the example is skipped and said so.
    sheet.append(["Петров", "Пётр", None, datetime(2012, 4, 1), "обучающийся", "7Б"])
    book.save(target)
    code, report, _ = load(capsys, target, new_db, "--dry-run")
    assert code == 0 and (report["added"], report["skipped"]) == (1, 1)
    assert [(r["line"], r["name"], r["reason"]) for r in report["rows"]] == [
        (2, "", "строка-образец из шаблона"), (3, "Петров Пётр", ""),
    ]  # fmt: skip


def test_template_into_a_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "participants", "template", tmp_path / "нет" / "шаблон.xlsx")
    assert code == 2 and "Не удалось записать файл «шаблон.xlsx»" in err
