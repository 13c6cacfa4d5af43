"""Reading tables from the files curators get: .xlsx, .xls, .ods and .csv.

The file's content decides how it is read, not its name: a Word document renamed to
.xlsx, a password-protected workbook or a web page saved as .xls each get a message that
says what the file is and what to do, before any reader is asked to make sense of it.

Readers: python-calamine for .xlsx, .xls and .ods: one maintained reader for all three,
a Rust core with wheels for Windows and Linux, the engine pandas offers for them, and ten
times faster than openpyxl's read-only mode on a class list (odfpy is slow and unreleased
since 2020; xlrd reads .xls only). openpyxl, which writes the app's own files, is asked
only when a workbook holds formulas, to tell a formula without a saved value. The
standard csv module reads text.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from mentor_desk.exchange.columns import guess_field

log = logging.getLogger(__name__)

MAX_ROWS = 50_000  # more than the students and staff of any school
MAX_CSV_BYTES = 50 * 1024 * 1024
HEADER_SCAN_ROWS = 30

Cell = str | int | float | date | datetime | time | bool | None
MergedRange = tuple[tuple[int, int], tuple[int, int]]  # (top, left), (bottom, right), from 0
Progress = Callable[[int], None]  # rows read so far


class FileProblem(Exception):
    """The file cannot be read; the message says why and what to do, in Russian."""


class Format(str, Enum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"

    @property
    def label(self) -> str:
        return {
            "xlsx": "книга Excel (.xlsx)",
            "xls": "книга Excel 97–2003 (.xls)",
            "ods": "таблица LibreOffice (.ods)",
            "csv": "текст с разделителями (.csv)",
        }[self.value]


# Encodings a Russian CSV comes in, with the names the wizard shows.
ENCODINGS = {
    "utf-8-sig": "UTF-8",
    "cp1251": "Windows-1251",
    "koi8-r": "KOI8-R",
    "cp866": "DOS (866)",
    "utf-16": "UTF-16",
}
DELIMITERS = {";": "точка с запятой", ",": "запятая", "\t": "табуляция"}


@dataclass(frozen=True)
class Sheet:
    name: str
    hidden: bool = False


@dataclass(frozen=True)
class CsvDialect:
    encoding: str
    delimiter: str


@dataclass
class TableFile:
    """An opened file: its format, sheets and, for CSV, how its text is read."""

    path: Path
    format: Format
    sheets: list[Sheet]
    csv: CsvDialect | None = None
    _text: str | None = field(default=None, repr=False)

    def first_visible(self) -> Sheet:
        return next((s for s in self.sheets if not s.hidden), self.sheets[0])

    def preview_lines(self, count: int = 8) -> list[str]:
        """A CSV's first lines as decoded, for the user to see the encoding is right."""
        return (self._text or "").splitlines()[:count]


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_AFTER_FIX = "Откройте его в Excel или LibreOffice Calc, сохраните как .xlsx и выберите снова."


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def open_table(path: Path, dialect: CsvDialect | None = None) -> TableFile:
    """Find out what the file is and list its sheets; raises FileProblem."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
        size = path.stat().st_size
    except FileNotFoundError:
        raise FileProblem(f"Файл «{path.name}» не найден: возможно, его переместили.") from None
    except OSError as exc:
        raise FileProblem(
            f"Не удалось открыть файл «{path.name}»: {exc.strerror or exc}. "
            "Если он открыт в другой программе, закройте его."
        ) from None
    if size == 0:
        raise FileProblem(f"Файл «{path.name}» пустой (0 байт).")
    if head.startswith(_ZIP_MAGIC):
        return _open_zip(path)
    if head.startswith(_OLE_MAGIC):
        return _open_ole(path)
    return _open_text(path, size, dialect)


def _open_zip(path: Path) -> TableFile:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as exc:
        # The user hears "damaged"; the log keeps what the zip reader said, for a bug report.
        log.warning("cannot open %s as a zip archive", path, exc_info=exc)
        raise FileProblem(
            f"Файл «{path.name}» повреждён или записан не до конца. "
            "Попросите его заново или сохраните ещё раз из той программы, где он сделан."
        ) from exc
    if "xl/workbook.xml" in names:
        return _open_calamine(path, Format.XLSX)
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return _open_calamine(path, Format.ODS)
    if "word/document.xml" in names or b"opendocument.text" in mimetype:
        raise _text_document(path)
    if "ppt/presentation.xml" in names:
        raise FileProblem(f"Файл «{path.name}» — презентация, а не таблица.")
    raise FileProblem(
        f"Файл «{path.name}» — архив, а не таблица. Нужен файл .xlsx, .xls, .ods или .csv."
    )


def _open_ole(path: Path) -> TableFile:
    # An old-style compound file: .xls, .doc, or any OOXML file encrypted with a password.
    with path.open("rb") as handle:
        directory = handle.read(1024 * 1024)
    if _utf16("EncryptedPackage") in directory or _utf16("EncryptionInfo") in directory:
        raise _password_problem(path)
    if _utf16("WordDocument") in directory:
        raise _text_document(path)
    return _open_calamine(path, Format.XLS)


def _text_document(path: Path) -> FileProblem:
    return FileProblem(
        f"Файл «{path.name}» — текстовый документ, а не таблица. Список участников нужен "
        "таблицей: сохраните его из Excel или LibreOffice Calc как .xlsx (таблицу из "
        "документа Word можно скопировать в Excel или Calc)."
    )


def _password_problem(path: Path) -> FileProblem:
    return FileProblem(
        f"Книга «{path.name}» защищена паролем. Откройте её в Excel или LibreOffice, "
        "снимите пароль (Файл → Сведения → Защита книги, или Сохранить как без пароля) "
        "и выберите файл снова."
    )


def _openpyxl_source(path: Path) -> str | io.BytesIO:
    """What openpyxl opens: the path, or the bytes of a workbook not named .xlsx.

    openpyxl refuses a file by its extension; a workbook saved as "список.xls" or sent
    without one is still an .xlsx by its content.
    """
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        return str(path)
    return io.BytesIO(path.read_bytes())


def _open_calamine(path: Path, fmt: Format) -> TableFile:
    book = _load_calamine(path, fmt)
    try:
        sheets = [
            Sheet(meta.name, str(meta.visible).rsplit(".", 1)[-1].lower() != "visible")
            for meta in book.sheets_metadata
            # A chart sheet has no cells: never the default, never offered.
            if str(meta.typ).rsplit(".", 1)[-1].lower() != "chartsheet"
        ]
    finally:
        book.close()
    if not sheets:
        raise FileProblem(f"В книге «{path.name}» нет ни одного листа с данными.")
    return TableFile(path, fmt, sheets)


def _load_calamine(path: Path, fmt: Format) -> Any:
    import python_calamine

    try:
        if path.suffix.lower() == f".{fmt.value}":
            return python_calamine.CalamineWorkbook.from_path(str(path))
        # calamine picks its reader by the extension; an .xls named .xlsx is read by content.
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    except python_calamine.PasswordError:
        raise _password_problem(path) from None
    except Exception as exc:
        log.warning("calamine cannot read %s as %s", path, fmt.label, exc_info=exc)
        raise FileProblem(
            f"Файл «{path.name}» не удалось прочитать как {fmt.label}: он повреждён или "
            f"записан не до конца ({exc}). {_AFTER_FIX}"
        ) from exc


# Frequent lowercase Russian letters: text decoded with the right code page is full of them.
_FREQUENT = frozenset("оеаинтсрвлкмдпуяыьгзбчй")
_PRINTABLE_EXTRA = frozenset("\t\r\n")


def _plausible(text: str) -> bool:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in _PRINTABLE_EXTRA) or ch == "\ufffd")
    return bad == 0


def detect_encoding(raw: bytes) -> str | None:
    """The encoding of a CSV's bytes, or None when it is none of ENCODINGS.

    The one-byte Russian code pages decode any bytes, so when several give clean text
    the one whose first lines hold a recognisable header ("ФИО;ДАТА РОЖДЕНИЯ") wins;
    then the one richest in frequent Russian letters, in either case (an all-caps list
    read as KOI8-R comes out in small letters).
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None  # UTF-32: its BOM starts like UTF-16's, but it is not an encoding offered
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig" if _plausible(text) else None
    best, best_score = None, (False, -1)
    for encoding in ("cp1251", "koi8-r", "cp866"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _plausible(text):
            continue
        score = (_has_header(text), sum(1 for ch in text if ch.lower() in _FREQUENT))
        if score > best_score:
            best, best_score = encoding, score
    return best


def _has_header(text: str) -> bool:
    """Whether a line among the first ones names at least two of the register's fields."""
    lines = text.splitlines()[:HEADER_SCAN_ROWS]
    delimiter = detect_delimiter("\n".join(lines))
    for cells in csv.reader(lines, delimiter=delimiter):
        fields = {guess_field(cell) for cell in cells} - {None}
        if len(fields) >= 2:
            return True
    return False


def detect_delimiter(text: str) -> str:
    """The separator that splits the first lines into the same number of fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ";", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        widths = [n for n in counts if n > 1]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_text(path: Path, size: int, dialect: CsvDialect | None) -> TableFile:
    if size > MAX_CSV_BYTES:
        raise FileProblem(
            f"Файл «{path.name}» слишком большой ({size // (1024 * 1024)} МБ) для списка "
            "участников. Разделите его на части."
        )
    raw = path.read_bytes()
    head = raw[:2048].removeprefix(b"\xef\xbb\xbf").lstrip().lower()  # a BOM, then spaces
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        raise FileProblem(
            f"Файл «{path.name}» — веб-страница (HTML или XML), сохранённая под именем "
            f"таблицы; так делают некоторые школьные системы. {_AFTER_FIX}"
        )
    if head.startswith(b"%pdf"):
        raise FileProblem(f"Файл «{path.name}» — документ PDF, а не таблица.")
    encoding = dialect.encoding if dialect else detect_encoding(raw)
    if encoding is None:
        raise FileProblem(
            f"Не удалось определить кодировку файла «{path.name}»: это не текст в UTF-8 "
            "или Windows-1251. Сохраните его в Excel или LibreOffice как «CSV (разделители "
            "— точка с запятой)» в кодировке UTF-8 или выберите файл .xlsx."
        )
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise FileProblem(
            f"Файл «{path.name}» не читается в кодировке {ENCODINGS.get(encoding, encoding)}. "
            "Выберите другую кодировку."
        ) from None
    if "\x00" in text:
        raise FileProblem(
            f"Файл «{path.name}» не похож на текст с разделителями. Нужен файл .xlsx, .xls, "
            ".ods или .csv."
        )
    delimiter = dialect.delimiter if dialect else detect_delimiter(text)
    return TableFile(path, Format.CSV, [Sheet(path.stem)], CsvDialect(encoding, delimiter), text)


def read_rows(
    table: TableFile,
    sheet: str | None = None,
    *,
    max_rows: int = MAX_ROWS,
    progress: Progress | None = None,
) -> list[list[Cell]]:
    """All rows of a sheet as cell values, trailing empty rows dropped; raises FileProblem.

    More than max_rows non-empty rows is refused without reading the rest: a file that
    size is not a school's list, and reading it all would only make the user wait.
    """
    name = sheet or table.first_visible().name
    if name not in {s.name for s in table.sheets}:
        raise FileProblem(f"В файле «{table.path.name}» нет листа «{name}».")
    if table.format is Format.CSV:
        assert table._text is not None
        source: Iterable[Iterable[Cell]] = csv.reader(
            io.StringIO(table._text, newline=""),
            delimiter=table.csv.delimiter,  # type: ignore[union-attr]
        )
        return _collect(table, source, max_rows, progress)
    book = _load_calamine(table.path, table.format)
    try:
        # From A1, so row numbers and column letters are the ones the user sees.
        data = book.get_sheet_by_name(name)
        grid = data.to_python(skip_empty_area=False, nrows=max_rows + HEADER_SCAN_ROWS + 1)
        _fill_merged(grid, data.merged_cell_ranges)
        rows = _collect(table, grid, max_rows, progress)
        if data.end and data.end[0] >= len(grid):  # cut at nrows: never import a part
            raise _too_many(table, max_rows)
    except FileProblem:
        raise
    except Exception as exc:
        log.warning("cannot read sheet %r of %s", name, table.path, exc_info=exc)
        raise FileProblem(
            f"Лист «{name}» файла «{table.path.name}» не удалось прочитать ({exc}). {_AFTER_FIX}"
        ) from exc
    finally:
        book.close()
    cell = _formula_without_value(table, name, rows)
    if cell:
        raise FileProblem(
            f"В книге «{table.path.name}» есть формулы без вычисленных значений (например, "
            f"ячейка {cell}): её записала программа, которая не считает формулы. Откройте "
            "книгу в Excel или LibreOffice Calc, сохраните и выберите снова."
        )
    return rows


def _fill_merged(grid: list[list[Cell]], ranges: Sequence[MergedRange] | None) -> None:
    """Give every cell of a merged range the value of its first cell, in place.

    A reader sees a merged cell's value in its first cell only: a class merged down a
    list ("5А" over A2:A4) would reach the first student alone. Only ranges over several
    rows are filled; a title merged across columns stays in its first cell (filled, it
    would be harmless too). .ods gives no ranges (None): its merged cells stay as read.
    """
    for (top, left), (bottom, right) in ranges or ():
        if bottom <= top or top >= len(grid):
            continue
        first = grid[top][left] if left < len(grid[top]) else None
        if _is_empty(first):
            continue
        for row in grid[top : bottom + 1]:
            for c in range(left, min(right + 1, len(row))):
                row[c] = first


def _formula_without_value(table: TableFile, sheet: str, rows: list[list[Cell]]) -> str | None:
    """The first cell that holds a formula but no saved value, as "B2"; None if none.

    Excel and LibreOffice save each formula's value, and those are what the import
    reads. A generator that writes bare formulas leaves the cells empty to a reader, so
    such a file is refused instead of silently losing the names in it.
    """
    if table.format is not Format.XLSX:
        return None
    try:
        with zipfile.ZipFile(table.path) as archive:
            parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            xml = b"".join(archive.read(n) for n in parts)
    except (zipfile.BadZipFile, OSError) as exc:
        log.warning("cannot look for formulas in %s", table.path, exc_info=exc)
        return None
    if b"</f>" not in xml and b"<f " not in xml:
        return None  # the usual case: no formulas, nothing more to read
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(_openpyxl_source(table.path), read_only=True, data_only=False)
    try:
        ws = book[sheet]
        ws.reset_dimensions()
        for r, formulas in enumerate(ws.iter_rows(values_only=True)):
            for c, value in enumerate(formulas):
                if not (isinstance(value, str) and value.startswith("=")):
                    continue
                saved = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
                if _is_empty(saved):
                    return f"{get_column_letter(c + 1)}{r + 1}"
    finally:
        book.close()
    return None


def _is_empty(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _too_many(table: TableFile, max_rows: int) -> FileProblem:
    limit = f"{max_rows:,}".replace(",", "\u00a0")
    return FileProblem(
        f"В файле «{table.path.name}» больше {limit} строк. Это больше, чем учеников и "
        "сотрудников в любой школе: проверьте, тот ли файл выбран, или разделите его на части."
    )


def _collect(
    table: TableFile,
    source: Iterable[Iterable[Cell]],
    max_rows: int,
    progress: Progress | None,
) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    filled = 0
    for row in _rows(source):
        rows.append(row)
        if any(not _is_empty(v) for v in row):
            filled += 1
            if filled > max_rows + 1:  # the header row is not one of the limit's rows
                raise _too_many(table, max_rows)
        if progress and len(rows) % 500 == 0:
            progress(len(rows))
    while rows and all(_is_empty(v) for v in rows[-1]):
        rows.pop()
    return rows


def _rows(source: Iterable[Iterable[Cell]]) -> Iterator[list[Cell]]:
    for row in source:
        values = list(row)
        while values and _is_empty(values[-1]):
            values.pop()
        yield values
