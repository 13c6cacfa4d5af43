"""Survey answers from a spreadsheet, and the blank spreadsheet to collect them in.

One row per respondent, as a teacher collects them from a form; the header row names the
questions by their key, their text (case, ё and spaces aside) or their number on the form
(«1.», «Вопрос 1», «1. В какой форме …»). Optional columns: «ФИО» (the raw name: the
service matches it to the register) and «Роль» when the file mixes mentees and mentors.
Reading gives a preview: the good rows, every bad cell named in Russian with its row and
column, and the header's problems; nothing is written anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mentor_desk.domain.surveys import (
    ROLES,
    SCORE_MAX,
    SCORE_MIN,
    Answer,
    Question,
    Questionnaire,
    SurveyError,
    check_answer,
    check_role,
    is_blank,
    normalize,
    shown,
)
from mentor_desk.exchange.export import save_workbook
from mentor_desk.exchange.reading import HEADER_SCAN_ROWS, Cell, FileProblem, open_table, read_rows

__all__ = [
    "AnswerRow",
    "FileProblem",
    "RowError",
    "SurveyPreview",
    "read_answers",
    "write_template",
]

NAME_HEADER = "ФИО (по желанию)"
ROLE_HEADER = "Роль"
TEMPLATE_SHEET = "Ответы"
OPTIONS_SHEET = "Варианты"
HELP_SHEET = "Пояснения"
_TEMPLATE_ROWS = 500  # rows the drop-down lists and checks cover

_NAME_HEADERS = frozenset(
    normalize(h)
    for h in (
        "ФИО",
        "Ф.И.О.",
        "ФИО (по желанию)",
        "Фамилия, имя, отчество",
        "Фамилия имя отчество",
        "Фамилия и имя",
        "Фамилия, имя",
        "Имя",
        "Респондент",
    )
)
_ROLE_HEADERS = frozenset(normalize(h) for h in ("Роль", "Роль респондента", "Роль в программе"))
# Columns a form service adds that carry no answer: skipped without a warning.
_SKIPPED_HEADERS = frozenset(
    normalize(h)
    for h in (
        "№",
        "№ п/п",
        "N",
        "Отметка времени",
        "Timestamp",
        "Дата",
        "Дата заполнения",
        "Адрес электронной почты",
        "Email",
        "E-mail",
    )
)
_ROLE_VALUES = {
    **{normalize(v): "mentee" for v in ("наставляемый", "наставляемая", "наставляемого")},
    **{normalize(v): "mentor" for v in ("наставник", "наставница", "наставника")},
    "mentee": "mentee",
    "mentor": "mentor",
}
_ROLE_NAMES = {"mentee": "наставляемый", "mentor": "наставник"}
_NUMBERED = re.compile(r"(?:вопрос\s*)?(?:№\s*)?(\d{1,2})\s*[.):]?\s*(.*)")
_TRAILING = " ?.:*"  # «Ваше мнение?*»: a required question's mark in a form service


@dataclass(frozen=True)
class AnswerRow:
    """A respondent's row: its number in the file, the name as written ("" for none), the
    role (given or from «Роль») and the answers checked ({question key: value})."""

    row: int
    name: str
    role: str
    answers: dict[str, Answer]


@dataclass(frozen=True)
class RowError:
    """A bad cell or row: the row's number, the column («C «3. Насколько …»»), the value
    as typed and what is wrong, in Russian."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"Строка {self.row}" + (f", столбец {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class SurveyPreview:
    """What a file would import: good rows, errors, and the header's problems.

    columns: question key → the header as written; unknown_columns: headers that name
    nothing known (ignored); missing: questions of the role(s) with no column.
    """

    rows: list[AnswerRow]
    errors: list[RowError]
    header_row: int
    columns: dict[str, str]
    unknown_columns: list[str] = field(default_factory=list)
    missing: list[Question] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # header problems worded in Russian

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def header_problems(self) -> list[str]:
        problems = list(self.notes)
        if self.unknown_columns:
            listed = ", ".join(f"«{c}»" for c in self.unknown_columns)
            problems.append(f"Столбцы не узнаны и не будут загружены: {listed}")
        if self.missing:
            listed = "; ".join(f"«{q.text}»" for q in self.missing)
            problems.append(f"В файле нет столбцов вопросов: {listed}")
        return problems


# --- the header ------------------------------------------------------------------------


def _header_text(value: Cell) -> str:
    return " ".join(shown(value).split()) if not is_blank(value) else ""


def _plain(text: str) -> str:
    return normalize(text).rstrip(_TRAILING)


@dataclass
class _Header:
    row: int  # from 0
    questions: dict[int, Question]  # column index → question
    name: int | None
    role: int | None
    unknown: list[str]
    notes: list[str]


def _match(
    text: str, q: Questionnaire, numbering: Sequence[Question] | None
) -> tuple[Question | str | None, bool]:
    """The question a header names, "name", "role", "skip", "unnumbered" (a number with
    no single numbering), or None for a header that names nothing known; and whether the
    header alone marks its row as the header (a bare «7» may be a score in a data row)."""
    folded = _plain(text)
    if folded in _NAME_HEADERS:
        return "name", False
    if folded in _ROLE_HEADERS:
        return "role", False
    if folded in _SKIPPED_HEADERS:
        return "skip", False
    by_text = {_plain(x.text): x for x in q.questions}
    for x in q.questions:
        if folded == x.key:
            return x, True
    if folded in by_text:
        return by_text[folded], True
    numbered = _NUMBERED.fullmatch(folded)
    if numbered:
        number, rest = int(numbered.group(1)), numbered.group(2).rstrip(_TRAILING)
        if rest:
            return by_text.get(rest), True
        strong = not folded.isdigit()  # «3.», «Вопрос 3», «№ 3»
        if numbering is None:
            return "unnumbered", strong
        if 1 <= number <= len(numbering):
            return numbering[number - 1], strong
    return None, False


def _read_header(
    cells: Sequence[Cell], row: int, q: Questionnaire, role: str | None
) -> _Header | None:
    numbering = q.for_role(role) if role else None
    header = _Header(row, {}, None, None, [], [])
    seen: dict[str, int] = {}
    strong_row = False
    for index, value in enumerate(cells):
        if not isinstance(value, str):
            continue  # a header is text: a number or a date is an answer
        text = _header_text(value)
        if not text:
            continue
        found, strong = _match(text, q, numbering)
        strong_row = strong_row or strong
        if isinstance(found, Question):
            if found.key in seen:
                first = get_column_letter(seen[found.key] + 1)
                raise FileProblem(
                    f"Вопрос «{found.text}» стоит в двух столбцах: {first} и "
                    f"{get_column_letter(index + 1)}. Оставьте один и выберите файл снова."
                )
            seen[found.key] = index
            header.questions[index] = found
        elif found == "name" and header.name is None:
            header.name = index
        elif found == "role" and header.role is None:
            header.role = index
        elif found == "unnumbered":
            header.notes.append(
                f"Столбец «{text}»: по одному номеру вопрос не определить, когда роль "
                "респондентов не выбрана (номера в анкетах наставника и наставляемого "
                "разные); назовите столбец текстом вопроса"
            )
        elif found != "skip":
            header.unknown.append(text)
    return header if header.questions and strong_row else None


def _find_header(rows: list[list[Cell]], q: Questionnaire, role: str | None) -> _Header | None:
    """The first row among the first ones that names a question (a title may stand above)."""
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        header = _read_header(cells, index, q, role)
        if header is not None:
            return header
    return None


# --- the rows --------------------------------------------------------------------------


def _column(index: int, header: str) -> str:
    return f"{get_column_letter(index + 1)} «{header}»"


def _cell(cells: Sequence[Cell], index: int | None) -> Cell:
    return cells[index] if index is not None and index < len(cells) else None


def _row(
    cells: Sequence[Cell], number: int, header: _Header, headers: Sequence[Cell], role: str | None
) -> tuple[AnswerRow | None, list[RowError]]:
    errors: list[RowError] = []
    raw_role = _cell(cells, header.role)
    row_role = role
    if not is_blank(raw_role):
        row_role = _ROLE_VALUES.get(normalize(shown(raw_role)))
        if row_role is None:
            errors.append(
                RowError(
                    number,
                    _column(header.role or 0, ROLE_HEADER),
                    shown(raw_role),
                    f"роль «{shown(raw_role)}» неизвестна: нужна «наставляемый» или «наставник»",
                )
            )
            return None, errors
    if row_role is None:
        errors.append(RowError(number, "", "", "не указана роль респондента (столбец «Роль»)"))
        return None, errors
    answers: dict[str, Answer] = {}
    for index, question in header.questions.items():
        raw = _cell(cells, index)
        if is_blank(raw):
            continue
        column = _column(index, _header_text(headers[index]))
        if not question.asks(row_role):
            errors.append(
                RowError(
                    number,
                    column,
                    shown(raw),
                    f"этот вопрос не задают респонденту с ролью «{_ROLE_NAMES[row_role]}»",
                )
            )
            continue
        try:
            value = check_answer(question, raw)
        except SurveyError as exc:
            errors.append(RowError(number, column, shown(raw), str(exc)))
            continue
        if value is not None:
            answers[question.key] = value
    if errors:
        return None, errors
    if not answers:
        return None, [RowError(number, "", "", "нет ни одного ответа на вопросы анкеты")]
    raw_name = _cell(cells, header.name)
    name = "" if is_blank(raw_name) else shown(raw_name)
    return AnswerRow(number, name, row_role, answers), []


def read_answers(
    path: Path,
    questionnaire: Questionnaire,
    role: str | None,
    *,
    sheet: str | None = None,
) -> SurveyPreview:
    """Read a file of answers (.xlsx, also .xls, .ods, .csv by its content).

    role: the respondents' role, or None when the file has a «Роль» column for each row
    (a row's «Роль» wins over role). Raises FileProblem (Russian) for a file that cannot
    be read or whose header names no question.
    """
    if role is not None:
        check_role(role)
    table = open_table(path)
    rows = read_rows(table, sheet)
    if not rows:
        raise FileProblem(f"В файле «{path.name}» нет ни одной строки.")
    header = _find_header(rows, questionnaire, role)
    if header is None:
        raise FileProblem(
            f"В файле «{path.name}» не найдена строка заголовка с вопросами анкеты. В первой "
            "строке должны стоять тексты вопросов, их номера («1.», «Вопрос 1») или ключи; "
            "заготовку таблицы можно сохранить из программы."
        )
    if role is None and header.role is None:
        raise FileProblem(
            f"В файле «{path.name}» нет столбца «{ROLE_HEADER}»: выберите, чьи это анкеты "
            "(наставляемых или наставников), или добавьте столбец с ролью каждого респондента."
        )
    headers = rows[header.row]
    good: list[AnswerRow] = []
    errors: list[RowError] = []
    for index in range(header.row + 1, len(rows)):
        cells = rows[index]
        if all(is_blank(v) for v in cells):
            continue
        answer_row, row_errors = _row(cells, index + 1, header, headers, role)
        errors += row_errors
        if answer_row is not None:
            good.append(answer_row)
    asked = [q for q in questionnaire.questions if any(q.asks(r) for r in _roles(role))]
    present = {q.key for q in header.questions.values()}
    return SurveyPreview(
        rows=good,
        errors=errors,
        header_row=header.row + 1,
        columns={q.key: _header_text(headers[i]) for i, q in header.questions.items()},
        unknown_columns=header.unknown,
        missing=[q for q in asked if q.key not in present],
        notes=header.notes,
    )


def _roles(role: str | None) -> tuple[str, ...]:
    return (role,) if role else ROLES


# --- the blank -------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def template_headers(questionnaire: Questionnaire, role: str) -> list[str]:
    """The blank's header: the name, then «N. question» in the form's order."""
    questions = questionnaire.for_role(role)
    return [NAME_HEADER, *(f"{n}. {q.text}" for n, q in enumerate(questions, 1))]


def write_template(path: Path, questionnaire: Questionnaire, role: str) -> None:
    """An .xlsx blank for the role's answers: the header, a check on every score column
    (a whole number 1..10), a drop-down list on every choice column, and a sheet of hints.
    Raises exchange.export.ExportError (Russian) when the file cannot be written."""
    questions = questionnaire.for_role(role)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    options = workbook.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 90
    for index, text in enumerate(template_headers(questionnaire, role), 1):
        cell = sheet.cell(row=1, column=index, value=text)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        sheet.column_dimensions[get_column_letter(index)].width = 34 if index == 1 else 26
    option_column = 0
    for index, question in enumerate(questions, 2):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{_TEMPLATE_ROWS + 1}"
        if question.kind == "score":
            check = DataValidation(
                type="whole",
                operator="between",
                formula1=str(SCORE_MIN),
                formula2=str(SCORE_MAX),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Оценка от 1 до 10",
                error=f"Введите целое число от {SCORE_MIN} до {SCORE_MAX}",
            )
        elif question.kind == "choice":
            option_column += 1
            source = get_column_letter(option_column)
            for number, option in enumerate(question.options, 1):
                options.cell(row=number, column=option_column, value=option)
            check = DataValidation(
                type="list",
                formula1=f"'{OPTIONS_SHEET}'!${source}$1:${source}${len(question.options)}",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",  # the import also takes the option's number
                errorTitle="Ответ не из списка",
                error="Выберите ответ из списка",
            )
        else:
            for row in range(2, 12):
                sheet.cell(row=row, column=index).alignment = _WRAP
            continue
        check.add(cells)
        sheet.add_data_validation(check)
    hints = workbook.create_sheet(HELP_SHEET, 1)
    hints.column_dimensions["A"].width = 110
    for number, line in enumerate(_hints(questionnaire, role), 1):
        cell = hints.cell(row=number, column=1, value=line)
        cell.alignment = _WRAP
        if number == 1:
            cell.font = Font(bold=True, size=13)
    save_workbook(workbook, path)


def _hints(questionnaire: Questionnaire, role: str) -> list[str]:
    lines = [
        questionnaire.role_title(role),
        "",
        "Одна строка — один респондент. Первую строку (вопросы) оставьте как есть.",
        "ФИО можно не заполнять: анкета будет сохранена без имени. Если ФИО указано так, "
        "как в реестре, ответ будет связан с участником.",
        f"Оценка — целое число от {SCORE_MIN} до {SCORE_MAX}. Закрытый вопрос — один вариант "
        "из списка или его номер. Открытый вопрос — ответ своими словами.",
        "",
        "Варианты ответов:",
    ]
    for number, question in enumerate(questionnaire.for_role(role), 1):
        if question.kind == "choice":
            listed = "; ".join(f"{n}. {o}" for n, o in enumerate(question.options, 1))
            lines.append(f"    {number}. {question.text} — {listed}")
    return lines
