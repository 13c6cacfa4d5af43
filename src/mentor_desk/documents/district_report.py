"""The municipality's сводный отчёт for the education department: data in, Document out.

The orders' layout (documents.layout, the same header as the school's analytic report)
with its own title, «Сводный отчёт о реализации целевой модели наставничества в
муниципальном образовании «…» за … учебный год», then six sections: 1. the district's
indicators against the district's targets (the table, the chart and the sentences of
analytic_report.indicator_sentence), 2. the schools' pairs by form, 3. per indicator the
schools ranked, the lagging ones marked, 4. the lagging schools, 5. the schools that sent
nothing for the year, 6. the bundles received. The figures are gathered by
services.district; this module prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mentor_desk.documents import charts
from mentor_desk.documents.analytic_report import (
    CHART_WIDTH_MM,
    INDICATOR_ALIGNS,
    INDICATOR_HEADER,
    INDICATOR_WIDTHS,
    NO_PAIRS,
    PAIR_STATUS_COLUMNS,
    PAIR_STATUS_WIDTHS,
    PAIR_TOTAL_WIDTH,
    STATUS_LABELS,
    IndicatorRow,
    indicator_sentence,
    indicators_summary,
    pairs_sentences,
)
from mentor_desk.documents.blocks import (
    Align,
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Lines,
    Numbered,
    Paragraph,
    Signature,
    Spacer,
    Table,
)
from mentor_desk.documents.charts import FormCounts, IndicatorBar, number_text
from mentor_desk.documents.orders import name_lines
from mentor_desk.domain.dates import date_in_words
from mentor_desk.domain.pairs import Status
from mentor_desk.domain.text import count_ru

TITLE = "Сводный отчёт о реализации целевой модели наставничества"
SECTION_TITLES = (
    "1. Показатели эффективности по муниципальному образованию",
    "2. Наставнические пары (группы) по формам наставничества",
    "3. Образовательные организации по показателям",
    "4. Отстающие образовательные организации",
    "5. Образовательные организации, не представившие сведения",
    "6. Полученные пакеты",
)
LAGGING_MARK = "отстаёт"
RANK_HEADER = ["Место", "Образовательная организация", "Учтено", "Всего", "Факт, %", "Оценка"]
RANK_WIDTHS = [15.0, 70.0, 18.0, 16.0, 19.0, 32.0]
RANK_ALIGNS: list[Align] = ["center", "left", "center", "center", "center", "left"]
BUNDLE_HEADER = ["№ п/п", "Образовательная организация", "Пакет создан", "Показатели"]
BUNDLE_WIDTHS = [14.5, 85.5, 30.0, 40.0]
BUNDLE_ALIGNS: list[Align] = ["center", "left", "center", "left"]
NO_SCHOOLS = "За год не получено ни одного пакета образовательных организаций."
NO_LAGGING = "Образовательных организаций, отстающих от плановых значений, нет."
NO_SILENT = "Все известные образовательные организации представили сведения за год."


@dataclass(frozen=True)
class SchoolLine:
    """One school's figure of an indicator, in the district's order."""

    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    status: str
    rank: int | None
    lagging: bool
    note: str = ""  # why the school's figure is not in the district's sums


@dataclass(frozen=True)
class DistrictLine:
    row: IndicatorRow  # the district's figure
    schools: tuple[SchoolLine, ...]


@dataclass(frozen=True)
class BundleLine:
    school: str
    created: str  # «20.06.2026»
    figures: str  # «достигнуто 3 из 8»


@dataclass(frozen=True)
class DistrictReport:
    municipality: str
    year: str  # «2025-2026»
    report_date: date
    set_title: str
    set_source: str
    indicators: tuple[DistrictLine, ...]
    bundles: tuple[BundleLine, ...]
    lagging: tuple[tuple[str, int], ...]  # (school, indicators far from the target)
    silent: tuple[str, ...]
    known_schools: int
    department: str = ""  # «Управление образования администрации …», the header's issuer
    place: str = ""
    signer_position: str = ""
    signer_name: str = ""
    notes: tuple[str, ...] = ()
    pairs: tuple[FormCounts, ...] = ()  # the schools' pairs summed, by form


def report_title(data: DistrictReport) -> str:
    where = f" в муниципальном образовании «{data.municipality.strip()}»" \
        if data.municipality.strip() else ""  # fmt: skip
    return f"{TITLE}{where} за {data.year.strip()} учебный год"


def _figure(value: float | None) -> str:
    return "—" if value is None else number_text(value, 2)


def _value(value: float | None) -> str:
    return "—" if value is None else number_text(value)


def _status(status: str, lagging: bool = False) -> str:
    shown = STATUS_LABELS.get(status, STATUS_LABELS["no_data"])
    return f"{shown}, {LAGGING_MARK}" if lagging else shown


def report_document(data: DistrictReport) -> Document:
    blocks: list[Block] = [
        *_header(data),
        *_indicators(data),
        *_pairs(data),
        *_ranked(data),
        *_lagging(data),
        *_silent(data),
        *_bundles(data),
    ]
    if data.signer_name.strip():
        blocks += [Spacer(6), Signature(data.signer_position.strip(), data.signer_name.strip())]
    return Document(blocks=blocks, title=report_title(data),
                    author=" ".join(data.department.split()))  # fmt: skip


def write_pdf(data: DistrictReport, path: Path | str) -> None:
    """The report as PDF, whole or not at all (files.DocumentWriteError says why)."""
    from mentor_desk.documents import pdf

    pdf.write_pdf(report_document(data), path)


def write_docx(data: DistrictReport, path: Path | str) -> None:
    """The report as DOCX, whole or not at all (files.DocumentWriteError says why)."""
    from mentor_desk.documents import docx

    docx.write_docx(report_document(data), path)


def _header(data: DistrictReport) -> list[Block]:
    where = [f"в муниципальном образовании «{data.municipality.strip()}»"] \
        if data.municipality.strip() else []  # fmt: skip
    blocks: list[Block] = []
    if data.department.strip():
        blocks.append(Lines(name_lines(data.department), bold=True))
    reporting = len(data.bundles)
    schools = count_ru(reporting, "образовательной организации", "образовательных организаций",
                       "образовательных организаций")  # fmt: skip
    intro = (
        f"Сведения обобщены по пакетам {schools} из {data.known_schools} известных "
        f"муниципалитету за {data.year.strip()} учебный год. "
        "Значение показателя муниципального образования — сумма числителей образовательных "
        "организаций, делённая на сумму их знаменателей (среднее, взвешенное по "
        "знаменателям), а не среднее процентов организаций."
    )  # fmt: skip
    place = ", ".join(p for p in (data.place.strip(), date_in_words(data.report_date)) if p)
    blocks += [
        Heading("СВОДНЫЙ ОТЧЁТ"),
        Lines(
            [
                "о реализации целевой модели наставничества",
                *where,
                f"за {data.year.strip()} учебный год",
            ],
            bold=True,
        ),
        Spacer(2),
        Lines([place]),
        Spacer(4),
        Paragraph(intro),
        *(Paragraph(note) for note in data.notes),
    ]
    return blocks


def _rows(data: DistrictReport) -> list[IndicatorRow]:
    return [line.row for line in data.indicators]


def _indicators(data: DistrictReport) -> list[Block]:
    blocks: list[Block] = [Heading(SECTION_TITLES[0])]
    rows = _rows(data)
    if not rows:
        return [*blocks, Paragraph(NO_SCHOOLS)]
    source = f" ({data.set_source.strip()})" if data.set_source.strip() else ""
    blocks.append(Paragraph(f"Показатели рассчитаны по набору «{data.set_title.strip()}»"
                            f"{source}; плановое значение — на учебный год."))  # fmt: skip
    table: list[list[Cell]] = [
        [str(n), row.name, _figure(row.numerator), _figure(row.denominator), _value(row.value),
         _value(row.target), _status(row.status)]
        for n, row in enumerate(rows, 1)
    ]  # fmt: skip
    bars = [IndicatorBar(row.name, row.value, row.target, row.status) for row in rows]
    blocks += [
        Table(INDICATOR_HEADER, table, INDICATOR_WIDTHS, aligns=INDICATOR_ALIGNS),
        Chart(charts.indicators_chart(bars, CHART_WIDTH_MM), CHART_WIDTH_MM,
              "Рисунок 1 – Показатели муниципального образования и плановые значения"),
        Paragraph(indicators_summary(rows)),
        Numbered([f"{row.name.strip().rstrip('.;')}. {indicator_sentence(row)}" for row in rows]),
    ]  # fmt: skip
    return blocks


def _pairs(data: DistrictReport) -> list[Block]:
    """The pairs of all the schools by form and state, as the school's report shows its own."""
    blocks: list[Block] = [Heading(SECTION_TITLES[1])]
    rows = [row for row in data.pairs if row.total > 0]
    if not rows:
        return [*blocks, Paragraph(NO_PAIRS)]
    states = [s for s in Status if any(row.count(s) for row in rows)]
    header = ["Форма наставничества", *(PAIR_STATUS_COLUMNS[s] for s in states), "Всего"]
    side = [PAIR_STATUS_WIDTHS[s] for s in states]
    widths = [170.0 - sum(side) - PAIR_TOTAL_WIDTH, *side, PAIR_TOTAL_WIDTH]
    table: list[list[Cell]] = [
        [row.form, *(str(row.count(s)) for s in states), str(row.total)] for row in rows
    ]
    table.append(["Итого", *(str(sum(row.count(s) for row in rows)) for s in states),
                  str(sum(row.total for row in rows))])  # fmt: skip
    centred: list[Align] = ["center"] * (len(states) + 1)
    aligns: list[Align] = ["left", *centred]
    return [
        *blocks,
        Table(header, table, widths, aligns=aligns),
        Chart(charts.pairs_chart(rows, CHART_WIDTH_MM), CHART_WIDTH_MM,
              "Рисунок 2 – Наставнические пары (группы) по формам и состоянию"),
        *(Paragraph(text) for text in pairs_sentences(rows)),
    ]  # fmt: skip


def _ranked(data: DistrictReport) -> list[Block]:
    blocks: list[Block] = [Heading(SECTION_TITLES[2])]
    if not data.indicators:
        return [*blocks, Paragraph(NO_SCHOOLS)]
    blocks.append(Paragraph(
        "По каждому показателю образовательные организации расположены по убыванию "
        f"значения; «{LAGGING_MARK}» — значение ниже 80 % планового."))  # fmt: skip
    for number, line in enumerate(data.indicators, 1):
        blocks.append(Paragraph(f"3.{number}. {line.row.name.strip()}", indent=False,
                                align="left", keep_with_next=True))  # fmt: skip
        if not line.schools:
            blocks.append(Paragraph("Сведений нет ни от одной организации."))
            continue
        table: list[list[Cell]] = [
            [str(s.rank) if s.rank is not None else "—",
             [s.name, s.note] if s.note else s.name, _figure(s.numerator),
             _figure(s.denominator), _value(s.value), _status(s.status, s.lagging)]
            for s in line.schools
        ]  # fmt: skip
        blocks.append(Table(RANK_HEADER, table, RANK_WIDTHS, aligns=RANK_ALIGNS))
    return blocks


def _lagging(data: DistrictReport) -> list[Block]:
    blocks: list[Block] = [Heading(SECTION_TITLES[3])]
    if not data.lagging:
        return [*blocks, Paragraph(NO_LAGGING)]
    total = len(data.indicators)
    items = [
        f"{name.strip()} — {count_ru(n, 'показатель', 'показателя', 'показателей')} из "
        f"{total} ниже 80 % планового значения."
        for name, n in data.lagging
    ]
    return [*blocks, Numbered(items)]


def _silent(data: DistrictReport) -> list[Block]:
    blocks: list[Block] = [Heading(SECTION_TITLES[4])]
    if not data.silent:
        return [*blocks, Paragraph(NO_SILENT)]
    return [
        *blocks,
        Paragraph(f"Не представили пакет за {data.year.strip()} учебный год:", keep_with_next=True),
        Numbered([f"{name.strip()}." for name in data.silent]),
    ]


def _bundles(data: DistrictReport) -> list[Block]:
    blocks: list[Block] = [Heading(SECTION_TITLES[5])]
    if not data.bundles:
        return [*blocks, Paragraph(NO_SCHOOLS)]
    table: list[list[Cell]] = [
        [str(n), b.school, b.created, b.figures] for n, b in enumerate(data.bundles, 1)
    ]
    return [*blocks, Table(BUNDLE_HEADER, table, BUNDLE_WIDTHS, aligns=BUNDLE_ALIGNS)]
