"""The consolidated report as a document: its header, sections and the sentences of the
school's report, and the sentences for a year with nothing lagging or missing."""

from __future__ import annotations

from datetime import date

from mentor_desk.documents.analytic_report import NO_PAIRS, FormCounts, IndicatorRow
from mentor_desk.documents.blocks import Heading, Lines, Numbered, Paragraph, Table
from mentor_desk.documents.district_report import (
    NO_LAGGING,
    NO_SCHOOLS,
    NO_SILENT,
    SECTION_TITLES,
    BundleLine,
    DistrictLine,
    DistrictReport,
    SchoolLine,
    report_document,
    report_title,
)
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.pdf import pdf_bytes


def _data(**changes: object) -> DistrictReport:
    row = IndicatorRow("Доля педагогов-наставников", 51, 110, 46.4, 80.0, "far")
    schools = (
        SchoolLine("Школа № 2", 50, 100, 50.0, "far", 1, True),
        SchoolLine("Школа № 1", 1, 10, 10.0, "far", 2, True),
        SchoolLine("Школа № 3", 30, 20, 150.0, "no_data", None, False, "числитель больше"),
    )
    base = DistrictReport(
        municipality="Городской округ Энск", year="2025-2026", report_date=date(2026, 9, 1),
        set_title="Набор", set_source="приказ", indicators=(DistrictLine(row, schools),),
        bundles=(BundleLine("Школа № 1", "20.06.2026", "достигнуто 0 из 1"),),
        lagging=(("Школа № 1", 1), ("Школа № 2", 1)), silent=("Школа № 4",), known_schools=4,
        department="Управление образования администрации городского округа Энск",
        pairs=(FormCounts("учитель – ученик", {"active": 7, "ended": 2}),
               FormCounts("ученик – ученик", {"active": 3})),
    )  # fmt: skip
    return DistrictReport(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def _texts(data: DistrictReport) -> list[str]:
    out: list[str] = []
    for block in report_document(data).blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(block.text)
        elif isinstance(block, Lines):
            out += block.lines
        elif isinstance(block, Numbered):
            out += block.items
    return [t.replace("\xa0", " ") for t in out]


def test_the_report_has_its_own_header_and_every_section() -> None:
    data = _data()
    texts = _texts(data)
    assert report_title(data) == (
        "Сводный отчёт о реализации целевой модели наставничества в муниципальном "
        "образовании «Городской округ Энск» за 2025-2026 учебный год"
    )
    assert "СВОДНЫЙ ОТЧЁТ" in texts and "Управление образования администрации" in texts[0]
    assert all(title in texts for title in SECTION_TITLES)
    assert any("Показатель не достигнут: 46,4 % при плане 80 %." in t for t in texts)
    assert any(t.startswith("Школа № 4") for t in texts)
    assert "Всего 12 наставнических пар (групп): действуют — 10, завершены — 2." in texts
    tables = [b for b in report_document(data).blocks if isinstance(b, Table)]
    assert tables[1].rows[-1] == ["Итого", "10", "2", "12"]
    ranked = tables[2]
    assert [r[0] for r in ranked.rows] == ["1", "2", "—"]
    assert ranked.rows[0][-1] == "не достигнут, отстаёт"
    assert ranked.rows[2][1] == ["Школа № 3", "числитель больше"]
    assert pdf_bytes(report_document(data)).startswith(b"%PDF")
    assert docx_bytes(report_document(data))[:2] == b"PK"


def test_nothing_lagging_nothing_missing_nothing_received() -> None:
    texts = _texts(_data(lagging=(), silent=(), pairs=()))
    assert NO_LAGGING in texts and NO_SILENT in texts and NO_PAIRS in texts
    empty = _texts(_data(indicators=(), bundles=(), lagging=(), silent=(), municipality=""))
    assert empty.count(NO_SCHOOLS) == 3
    assert "за 2025-2026 учебный год" in empty
