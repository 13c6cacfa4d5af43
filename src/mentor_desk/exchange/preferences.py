"""The networking questionnaire from a table: whom each person would like to work with.

Two simple layouts are read, the header found anywhere in the first rows like the
importer finds it:

(a) mentees' answers: «Наставляемый» (or «ФИО», «Ученик»…) and «Наставник 1», «Наставник 2»,
    «Наставник 3» (or «Предпочитаемый наставник 1», «1 выбор»…);
(b) mentors' answers: «Наставник» and «Наставляемый 1…3».

Names are matched to the register by the full name, «Фамилия И.О.» or «Фамилия Имя»;
a name that fits nobody or several people is a problem of its row, and such rows are
skipped. Nothing is written here: the caller gives plan.answers() to
services.pairs.apply_preferences in one transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mentor_desk.domain.text import fold, full_name, short_name
from mentor_desk.exchange.columns import header_key
from mentor_desk.exchange.importing import service_reason
from mentor_desk.exchange.reading import (
    HEADER_SCAN_ROWS,
    Cell,
    FileProblem,
    open_table,
    read_rows,
)
from mentor_desk.queries.people import named_people

MAX_CHOICES = 3
NO_HEADER = (
    "Не найдены столбцы «Наставляемый» и «Наставник 1…3» (или «Наставник» и «Наставляемый 1…3»)"
)
SAMPLE_HEADERS = ("Наставляемый", "Наставник 1", "Наставник 2", "Наставник 3")
SAMPLE_ROWS = (
    ("Иванова Мария Сергеевна", "Петров Пётр Петрович", "Сидорова Анна Ивановна", ""),
    ("Кузнецов Артём Олегович", "Сидорова А.И.", "", ""),
)

# --- the header --------------------------------------------------------------------

_MENTEE, _MENTOR, _NAME, _CHOICE = "mentee", "mentor", "name", "choice"
_ORDINALS = {"первый": 1, "первая": 1, "второй": 2, "вторая": 2, "третий": 3, "третья": 3,
             "четвертый": 4, "четвертая": 4, "пятый": 5, "пятая": 5}  # fmt: skip
_RANK_RE = re.compile(r"(?<!\d)(\d)(?!\d)")
_CHOICE_WORDS = ("выбор", "предпочт", "приоритет", "вариант", "желаем")


def _header_role(value: Cell) -> tuple[str, int | None] | None:
    """What a header cell names: (who, rank), rank None for the chooser's own column."""
    if not isinstance(value, str):
        return None
    key = header_key(value).replace("ф и о", "фио")
    if not key:
        return None
    words = key.split()
    rank: int | None = None
    found = _RANK_RE.search(key)
    if found:
        rank = int(found.group(1))
    else:
        rank = next((_ORDINALS[w] for w in words if w in _ORDINALS), None)
    if "наставляем" in key or any(w.startswith(("ученик", "учащ", "обучающ")) for w in words):
        who = _MENTEE
    elif "наставник" in key:
        who = _MENTOR
    elif rank is not None and any(part in key for part in _CHOICE_WORDS):
        who = _CHOICE
    elif "фио" in words or key.startswith("фамилия"):
        who = _NAME
    else:
        return None
    if rank is not None and (rank < 1 or who == _NAME):
        return None
    return who, rank


@dataclass(frozen=True)
class Layout:
    header_row: int  # 0-based index into the sheet's rows
    as_mentee: bool  # True: mentees name mentors (a); False: mentors name mentees (b)
    chooser_column: int
    choice_columns: tuple[int, ...]  # in rank order


def _layout_of(row: Sequence[Cell], index: int) -> Layout | None:
    roles = {c: r for c, v in enumerate(row) if (r := _header_role(v)) is not None}
    choosers = [(c, who) for c, (who, rank) in roles.items() if rank is None]
    choices = sorted((rank, c, who) for c, (who, rank) in roles.items() if rank is not None)
    if not choosers or not choices:
        return None
    kinds = {who for _, _, who in choices} - {_CHOICE}
    if len(kinds) > 1:
        return None
    if kinds == {_MENTOR}:
        as_mentee = True
    elif kinds == {_MENTEE}:
        as_mentee = False
    else:  # «1 выбор»…: the chooser's column says who answers; a plain «ФИО» is a mentee
        as_mentee = not any(who == _MENTOR for _, who in choosers)
    wanted = (_MENTEE, _NAME) if as_mentee else (_MENTOR, _NAME)
    chooser = next((c for who in wanted for c, w in choosers if w == who), None)
    if chooser is None:
        return None
    ranked: dict[int, int] = {}
    for rank, column, _ in choices:
        ranked.setdefault(rank, column)  # a repeated «Наставник 1»: the first one
    return Layout(index, as_mentee, chooser, tuple(ranked[r] for r in sorted(ranked)))


def find_layout(rows: Sequence[Sequence[Cell]]) -> Layout | None:
    """The first of the first rows that reads as a questionnaire header, or None."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        layout = _layout_of(row, index)
        if layout is not None:
            return layout
    return None


# --- the register ------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    is_mentor: bool
    is_mentee: bool
    archived: bool
    has_middle: bool


def _words(text: str) -> list[str]:
    """A name as matching compares it: folded, dots as spaces ("Иванов И.И." → 3 words)."""
    return fold(text.replace(".", " ")).split()


class PeopleIndex:
    """The register's people by the name forms a questionnaire writes."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.full: dict[str, list[Person]] = {}
        self.short: dict[str, list[Person]] = {}
        self.first_last: dict[str, list[Person]] = {}
        self.initial: dict[str, list[Person]] = {}
        for named in named_people(conn):
            last, first, middle = named.last_name, named.first_name, named.middle_name
            person = Person(named.id, full_name(last, first, middle), named.is_mentor,
                            named.is_mentee, named.archived, bool(middle.strip()))  # fmt: skip
            last_words = _words(last)
            first_words = _words(first)
            self.full.setdefault(" ".join(_words(person.name)), []).append(person)
            self.short.setdefault(" ".join(_words(short_name(last, first, middle))), []).append(
                person
            )
            self.first_last.setdefault(" ".join(last_words + first_words), []).append(person)
            if first_words:
                key = " ".join([*last_words, first_words[0][0]])
                self.initial.setdefault(key, []).append(person)

    def candidates(self, text: str) -> list[Person]:
        """Everyone the written name may mean, the most exact form first."""
        words = _words(text)
        if not words:
            return []
        key = " ".join(words)
        if key in self.full:
            return self.full[key]
        initials = len(words) > 1 and all(len(w) == 1 for w in words[1:])
        if initials and key in self.short:
            return self.short[key]
        if len(words) == 2:
            return (self.initial if initials else self.first_last).get(key, [])
        if initials and len(words) == 3:
            # «Иванов И.И.» for someone whose patronymic the register does not have.
            return [p for p in self.initial.get(" ".join(words[:2]), []) if not p.has_middle]
        return []


def _find(index: PeopleIndex, text: str, want_mentor: bool, problems: list[str]) -> Person | None:
    """The one person the name means, with the role wanted; else a problem and None."""
    found = index.candidates(text)
    role = "наставник" if want_mentor else "наставляемый"

    def fits(p: Person) -> bool:
        return (p.is_mentor if want_mentor else p.is_mentee) and not p.archived

    if not found:
        problems.append(f"не найден в реестре: «{text}»")
        return None
    if len(found) > 1:
        suitable = [p for p in found if fits(p)]
        if len(suitable) != 1:
            problems.append(f"несколько человек с именем «{text}»: напишите полное ФИО")
            return None
        found = suitable
    person = found[0]
    if person.archived:
        problems.append(f"«{person.name}» в архиве")
        return None
    if not fits(person):
        problems.append(f"«{person.name}» не отмечен в реестре как {role}")
        return None
    return person


# --- the plan ----------------------------------------------------------------------


@dataclass
class PreferenceRow:
    """One answer of the file: who chooses, whom, in rank order, and what is wrong."""

    line: int  # the row number as the spreadsheet shows it
    chooser_id: int | None
    as_mentee: bool
    chosen_ids: list[int]
    problems: list[str] = field(default_factory=list)
    name: str = ""  # the chooser as the file writes them

    @property
    def ok(self) -> bool:
        return not self.problems and self.chooser_id is not None


@dataclass
class PreferencePlan:
    rows: list[PreferenceRow]
    as_mentee: bool
    sheet: str = ""

    @property
    def valid(self) -> list[PreferenceRow]:
        return [r for r in self.rows if r.ok]

    @property
    def with_problems(self) -> list[PreferenceRow]:
        return [r for r in self.rows if not r.ok]

    def answers(self) -> list[tuple[int, bool, list[int]]]:
        """(chooser, as a mentee, the chosen in order) of every valid row, for
        services.pairs.apply_preferences."""
        return [
            (r.chooser_id, r.as_mentee, r.chosen_ids)
            for r in self.valid
            if r.chooser_id is not None
        ]

    def problem_lines(self) -> list[str]:
        """ "Строка 5: не найден в реестре: «…»" for each skipped row, in file order."""
        return [f"Строка {r.line}: {'; '.join(r.problems)}" for r in self.with_problems]


def _text(value: Cell) -> str:
    return "" if value is None else " ".join(str(value).split())


def build_plan(
    rows: Sequence[Sequence[Cell]], layout: Layout, index: PeopleIndex, sheet: str = ""
) -> PreferencePlan:
    """Read every answer and match its names; writes nothing."""
    header_keys = [header_key(v) for v in rows[layout.header_row]]
    plan = PreferencePlan([], layout.as_mentee, sheet)
    seen: dict[int, int] = {}  # chooser id → the line of their answer
    chosen_role = "наставник" if layout.as_mentee else "наставляемый"
    for number in range(layout.header_row + 1, len(rows)):
        cells = rows[number]
        if service_reason(cells, header_keys) is not None:
            continue  # blank, a total or a repeated header
        line = number + 1
        name = _text(cells[layout.chooser_column]) if layout.chooser_column < len(cells) else ""
        written = [_text(cells[c]) if c < len(cells) else "" for c in layout.choice_columns]
        written = [w for w in written if w]
        if not name and not written:
            continue
        row = PreferenceRow(line, None, layout.as_mentee, [], name=name)
        plan.rows.append(row)
        if not name:
            row.problems.append("не указано, чья это анкета (пустое ФИО)")
        else:
            chooser = _find(index, name, not layout.as_mentee, row.problems)
            if chooser is not None:
                row.chooser_id = chooser.id
                if chooser.id in seen:
                    row.problems.append(
                        f"анкета «{chooser.name}» уже есть в строке {seen[chooser.id]}"
                    )
                else:
                    seen[chooser.id] = line
        if not written:
            row.problems.append(f"не выбран ни один {chosen_role}")
        elif len(written) > MAX_CHOICES:
            row.problems.append(f"выбрано {len(written)}, а в анкете не больше трёх предпочтений")
        for text in written:
            person = _find(index, text, layout.as_mentee, row.problems)
            if person is None:
                continue
            if person.id == row.chooser_id:
                row.problems.append(f"«{person.name}» выбирает сам себя")
            elif person.id in row.chosen_ids:
                row.problems.append(f"«{person.name}» выбран дважды")
            else:
                row.chosen_ids.append(person.id)
    return plan


def read_preferences(
    path: Path, conn: sqlite3.Connection, sheet: str | None = None
) -> PreferencePlan:
    """Read a questionnaire file and match it to the register; raises FileProblem."""
    table = open_table(path)
    name = sheet or table.first_visible().name
    rows = read_rows(table, name)
    if not any(rows):
        raise FileProblem(f"Лист «{name}» файла «{path.name}» пустой.")
    layout = find_layout(rows)
    if layout is None:
        raise FileProblem(f"{NO_HEADER} на листе «{name}» файла «{path.name}».")
    return build_plan(rows, layout, PeopleIndex(conn), name)


def save_sample(path: Path) -> None:
    """A small .xlsx to fill in: the columns of the mentees' layout and two example rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = "Анкеты"
    ws.append(list(SAMPLE_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in SAMPLE_ROWS:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (34, 30, 30, 30), strict=True):
        ws.column_dimensions[letter].width = width
    note = book.create_sheet("Как заполнять")
    for text in (
        "Одна строка — одна анкета. В первом столбце — ФИО наставляемого, дальше — до трёх "
        "наставников в порядке предпочтения.",
        "ФИО можно писать полностью, «Фамилия И.О.» или «Фамилия Имя», как в реестре.",
        "Если анкеты заполняли наставники, назовите столбцы «Наставник», «Наставляемый 1», "
        "«Наставляемый 2», «Наставляемый 3».",
        "Строки-примеры замените своими.",
    ):
        note.append([text])
    note.column_dimensions["A"].width = 110
    tmp = path.with_name(f".{path.name}.partial")
    book.save(tmp)
    tmp.replace(path)
