"""The monitoring charts: Drawings of the data given, their PNG, and the Chart block in
the PDF (vector, its labels are text) and the DOCX (a picture of the width asked)."""

from __future__ import annotations

import io
import struct

import docx
import pytest
from docx.shared import Mm
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.units import mm
from tests.documents.reading import all_text

from mentor_desk.documents.blocks import Chart, Document, Paragraph
from mentor_desk.documents.charts import (
    NO_DATA_TEXT,
    SIZE,
    STATUS_COLOURS,
    FormCounts,
    IndicatorBar,
    RoadmapCounts,
    ScoreSeries,
    indicators_chart,
    pairs_chart,
    percent_text,
    roadmap_chart,
    satisfaction_chart,
    score_counts,
    to_png,
    wrap,
)
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.pdf import FONT_NAMES, pdf_bytes
from mentor_desk.documents.typography import untie
from mentor_desk.domain.pairs import Status

HOSTILE = "А&Б <img src=x>"
LONG_NAME = (
    "Доля детей в возрасте от 10 до 19 лет, от общего числа детей, вошедших в программы "
    "наставничества в роли наставляемого"
)


def strings(drawing: Group) -> list[String]:
    found: list[String] = []
    for item in drawing.contents:
        if isinstance(item, String):
            found.append(item)
        elif isinstance(item, Group):
            found.extend(strings(item))
    return found


def texts(drawing: Drawing) -> list[str]:
    return [s.text for s in strings(drawing)]


def rects(drawing: Drawing) -> list[Rect]:
    return [item for item in drawing.contents if isinstance(item, Rect)]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def sample_indicators() -> list[IndicatorBar]:
    return [
        IndicatorBar(LONG_NAME, 72.0, 70.0, "met"),
        IndicatorBar("Доля педагогов", 60.0, 70.0, "near"),
        IndicatorBar("Доля предприятий", 20.0, 70.0, "far"),
        IndicatorBar("Удовлетворённость наставников", None, 70.0, "no_data"),
    ]


def test_indicator_chart_draws_each_indicator_in_its_colour() -> None:
    drawing = indicators_chart(sample_indicators(), width_mm=170)
    assert drawing.width == pytest.approx(170 * mm)
    shown = texts(drawing)
    assert "72\u00a0%" in shown and "60\u00a0%" in shown and "20\u00a0%" in shown
    assert "нет данных" in shown  # the indicator without a value says so in its row
    assert any(t.startswith("1. Доля детей") for t in shown)
    assert any(t.startswith("4. Удовлетворённость") for t in shown)
    bar_colours = {r.fillColor.hexval() for r in rects(drawing) if r.height == 10.0}
    for state in ("met", "near", "far"):
        assert STATUS_COLOURS[state].hexval() in bar_colours
    # the legend names every state and the target's mark
    for word in ("достигнут", "близок к плановому", "не достигнут", "плановое значение"):
        assert word in shown


def test_bars_are_as_long_as_their_values() -> None:
    drawing = indicators_chart(
        [IndicatorBar("А", 50.0, None, "no_data"), IndicatorBar("Б", 100.0, 80.0, "met")]
    )
    bars = sorted((r for r in rects(drawing) if r.height == 10.0), key=lambda r: r.width)
    assert bars[1].width == pytest.approx(2 * bars[0].width)


def test_long_names_wrap_inside_their_column() -> None:
    drawing = indicators_chart([IndicatorBar(LONG_NAME, 10.0, 70.0, "far")], width_mm=120)
    label_width = 0.42 * drawing.width
    labels = [s for s in strings(drawing) if s.x == 0 and s.fontSize == SIZE]
    assert len(labels) > 1  # the name takes several lines
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for label in labels[:-5]:  # the legend's items are at x == 0 too: leave them out
        assert stringWidth(label.text, label.fontName, label.fontSize) <= label_width + 0.01


def test_wrap_cuts_a_word_longer_than_the_line_and_ends_with_an_ellipsis() -> None:
    lines = wrap("Ж" * 200, 50.0, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert wrap("", 50.0) == [""]
    assert wrap("строка\nс переводом\x00", 500.0) == ["строка с переводом"]


def test_pairs_chart_stacks_the_states_and_totals_each_form() -> None:
    rows = [
        FormCounts("учитель – ученик", {Status.ACTIVE: 6, "ended": 2}),
        FormCounts("ученик – ученик", {"draft": 1}),
        FormCounts("пустая форма", {}),
    ]
    drawing = pairs_chart(rows)
    shown = texts(drawing)
    assert "учитель – ученик" in shown and "ученик – ученик" in shown
    assert "пустая форма" not in shown  # a form without pairs has no bar
    assert "8" in shown and "6" in shown and "2" in shown  # the total and the parts
    assert "действуют" in shown and "завершены" in shown and "формируются" in shown
    assert "утверждены приказом" not in shown  # no pair in that state: not in the legend
    assert rows[0].count(Status.ACTIVE) == 6 and rows[0].total == 8


def test_roadmap_chart_gives_each_part_its_share() -> None:
    progress = RoadmapCounts(done=15, in_progress=4, overdue=2, planned=3)
    drawing = roadmap_chart(progress)
    shown = texts(drawing)
    assert "выполнено — 15 (62,5\u00a0%)" in shown
    assert "просрочено — 2 (8,3\u00a0%)" in shown
    parts = [r for r in rects(drawing) if r.fillColor is not None and r.height == 22.0]
    assert sum(r.width for r in parts) == pytest.approx(drawing.width)
    assert parts[0].width == pytest.approx(drawing.width * 15 / 24)


def test_satisfaction_chart_counts_each_score() -> None:
    mentees = ScoreSeries("наставляемые", score_counts([7, 8, 8, 9.4, 10, 0.2, 11]))
    assert mentees.counts == (1, 0, 0, 0, 0, 0, 1, 2, 1, 2)
    mentors = ScoreSeries("наставники", score_counts([9, 9, 10]))
    drawing = satisfaction_chart([mentees, mentors])
    shown = texts(drawing)
    scores = [s.text for s in strings(drawing) if s.fontSize == SIZE and s.text.isdigit()]
    assert scores == [str(n) for n in range(1, 11)]  # the x axis: each score once
    assert shown.count("2") >= 3  # a tick, the score, and the two bars of 8 and 10
    assert "наставляемые (7)" in shown and "наставники (3)" in shown


def test_score_series_wants_ten_counts() -> None:
    with pytest.raises(ValueError):
        ScoreSeries("наставники", (1, 2, 3))
    with pytest.raises(ValueError):
        ScoreSeries("наставники", (-1,) + (0,) * 9)


@pytest.mark.parametrize(
    "drawing",
    [
        indicators_chart([]),
        pairs_chart([FormCounts("форма", {})]),
        roadmap_chart(RoadmapCounts()),
        satisfaction_chart([ScoreSeries("наставники", (0,) * 10)]),
    ],
)
def test_a_chart_without_data_says_so(drawing: Drawing) -> None:
    assert texts(drawing) == [NO_DATA_TEXT]


def test_a_chart_needs_a_width() -> None:
    with pytest.raises(ValueError):
        roadmap_chart(RoadmapCounts(done=1), width_mm=0)


def test_percent_text() -> None:
    assert percent_text(72.0) == "72\u00a0%"
    assert percent_text(72.55) == "72,6\u00a0%"  # half up, as people round
    assert percent_text(0) == "0\u00a0%"


def test_png_is_the_drawing_at_the_dpi() -> None:
    drawing = roadmap_chart(RoadmapCounts(done=3, planned=1), width_mm=100)
    data = to_png(drawing, dpi=200)
    width, height = png_size(data)
    assert width == pytest.approx(100 / 25.4 * 200, abs=2)
    assert height == pytest.approx(drawing.height / 72 * 200, abs=2)
    small = png_size(to_png(drawing, dpi=72))
    assert small[0] == pytest.approx(drawing.width, abs=1)
    with pytest.raises(ValueError):
        to_png(drawing, dpi=0)


def test_png_is_not_blank() -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(to_png(roadmap_chart(RoadmapCounts(done=1)), dpi=50)))
    colours = image.convert("RGB").getcolors(maxcolors=100_000)
    assert colours is not None and len(colours) > 2  # white, the bar, the text at least


def test_hostile_text_is_drawn_as_typed() -> None:
    drawing = indicators_chart([IndicatorBar(HOSTILE, 50.0, 70.0, "far")])
    assert any(HOSTILE in t for t in texts(drawing))
    png_size(to_png(drawing, dpi=50))  # renders
    document = Document([Chart(drawing, 170, caption=f"Рисунок 1 – {HOSTILE}")], "Проба")
    text = all_text(pdf_bytes(document))
    assert HOSTILE in text
    docx_bytes(document)


# --- the Chart block ---------------------------------------------------------------------


def chart_document(width_mm: float = 150) -> Document:
    drawing = indicators_chart(sample_indicators(), width_mm=170)
    return Document(
        [
            Paragraph("Перед рисунком."),
            Chart(drawing, width_mm, caption="Рисунок 1 – Показатели эффективности"),
            Paragraph("После рисунка."),
        ],
        title="Проба",
    )


def test_pdf_draws_the_chart_as_vector_text() -> None:
    data = pdf_bytes(chart_document())
    text = all_text(data)
    assert "Перед рисунком." in text and "После рисунка." in text
    assert "Рисунок 1 – Показатели эффективности" in text
    assert "1. Доля детей" in text  # the chart's labels are text, not pixels
    assert "72 %" in text
    assert b"/Subtype /Image" not in data  # vector: no picture in the PDF


def test_pdf_chart_embeds_only_the_shipped_font() -> None:
    from tests.documents.reading import page_fonts

    fonts = {name.split("+")[-1] for _page, name, _d in page_fonts(pdf_bytes(chart_document()))}
    assert fonts <= set(FONT_NAMES.values())


def test_docx_carries_the_chart_as_a_picture_of_its_width() -> None:
    document = docx.Document(io.BytesIO(docx_bytes(chart_document(width_mm=150))))
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert shapes[0].width == Mm(150)
    texts_ = [untie(p.text) for p in document.paragraphs]
    assert "Рисунок 1 – Показатели эффективности" in texts_
    blob = document.part.related_parts[
        shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    ].blob
    width, _height = png_size(blob)
    assert width == pytest.approx(170 / 25.4 * 200, abs=2)  # 200 dpi of the drawing


def test_a_chart_wider_than_the_text_is_shrunk_to_it() -> None:
    document = docx.Document(io.BytesIO(docx_bytes(chart_document(width_mm=400))))
    assert document.inline_shapes[0].width == Mm(170)
    pdf_bytes(chart_document(width_mm=400))  # lays out


def test_chart_block_checks_its_width() -> None:
    with pytest.raises(ValueError):
        Chart(roadmap_chart(RoadmapCounts(done=1)), 0)
    with pytest.raises(ValueError):
        Chart(Drawing(0, 10), 100)


def test_a_chart_keeps_its_caption_on_its_page() -> None:
    from tests.documents.reading import page_texts

    drawing = indicators_chart(sample_indicators(), width_mm=170)
    for filler in range(30, 46):
        blocks = [Paragraph(f"Строка {n}.") for n in range(filler)]
        document = Document([*blocks, Chart(drawing, 170, caption="Рисунок 1 – Проба")], "Проба")
        for page in page_texts(pdf_bytes(document)):
            if "Рисунок 1 – Проба" in untie(page):
                assert "1. Доля детей" in untie(page), filler


def test_two_signatures_stay_on_the_page_of_the_text() -> None:
    from tests.documents.reading import reader

    from mentor_desk.documents.blocks import Numbered, Signature

    document = Document(
        [
            Numbered([f"Вывод {n}." for n in range(5)]),
            Signature("Куратор", "Е.В. Кравченко"),
            Signature("Директор", "Т.А. Доля"),
        ],
        "Проба",
    )
    assert len(reader(pdf_bytes(document)).pages) == 1


@pytest.mark.parametrize(
    "drawing",
    [
        indicators_chart(sample_indicators()),
        pairs_chart([FormCounts("учитель – ученик", {"active": 3})]),
        roadmap_chart(RoadmapCounts(done=2, overdue=1)),
        satisfaction_chart([ScoreSeries("наставники", (0,) * 9 + (4,))]),
    ],
)
def test_every_chart_renders_at_the_text_width(drawing: Drawing) -> None:
    width, height = png_size(to_png(drawing, dpi=200))
    assert width == pytest.approx(170 / 25.4 * 200, abs=2)
    assert 100 < height < width  # a band across the page, not a sliver nor a tower


def test_control_characters_in_a_label_do_not_reach_the_drawing() -> None:
    drawing = pairs_chart([FormCounts("учитель\x00 –\x0b ученик\n", {"active": 1})])
    assert "учитель – ученик" in texts(drawing)
    png_size(to_png(drawing, dpi=50))
