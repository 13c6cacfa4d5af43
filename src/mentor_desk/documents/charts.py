"""The monitoring charts as reportlab Drawings: plain data in, a vector drawing out.

Four charts, where people would rather look than read: the indicators against their
targets, the pairs by form and status, the roadmap's progress, and the distribution of
the satisfaction scores (1 to 10) of mentees and mentors. Each function takes plain data
(the dataclasses below) and a width in millimetres and returns a Drawing of that width,
its height grown with its rows; its labels are Russian, in the shipped Liberation Serif.

The PDF renderer draws the Drawing itself (vector); to_png() rasterizes it for the GUI
and for the DOCX: the Drawing is written as a one-page PDF in memory and rendered by
PDFium (pypdfium2), which needs neither Cairo nor FreeType of reportlab's own renderPM.
Text is drawn as typed (a Drawing's strings are never markup), so «А&Б <img>» is safe.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from mentor_desk.documents import layout
from mentor_desk.documents.pdf import FONT_NAMES, register_fonts
from mentor_desk.domain.pairs import Status

__all__ = [
    "DEFAULT_WIDTH_MM",
    "STATUS_COLOURS",
    "FormCounts",
    "IndicatorBar",
    "RoadmapCounts",
    "ScoreSeries",
    "indicators_chart",
    "number_text",
    "pairs_chart",
    "roadmap_chart",
    "satisfaction_chart",
    "score_counts",
    "to_png",
]

DEFAULT_WIDTH_MM = layout.text_width_mm()  # the portrait page's text width, 170 mm
SCORES = tuple(range(1, 11))  # the questionnaire's scale

# The indicator's state as the dashboard colours it.
STATUS_COLOURS = {
    "met": colors.HexColor("#2e7d32"),
    "near": colors.HexColor("#f9a825"),
    "far": colors.HexColor("#c62828"),
    "no_data": colors.HexColor("#9e9e9e"),
}
STATUS_LEGEND = {
    "met": "достигнут",
    "near": "близок к плановому",
    "far": "не достигнут",
    "no_data": "нет данных",
}
PAIR_STATUS_COLOURS = {
    Status.DRAFT: colors.HexColor("#bdbdbd"),
    Status.APPROVED: colors.HexColor("#90caf9"),
    Status.ACTIVE: colors.HexColor("#1e88e5"),
    Status.ENDED: colors.HexColor("#2e7d32"),
}
PAIR_STATUS_LEGEND = {
    Status.DRAFT: "формируются",
    Status.APPROVED: "утверждены приказом",
    Status.ACTIVE: "действуют",
    Status.ENDED: "завершены",
}
ROADMAP_PARTS = (
    ("done", "выполнено", colors.HexColor("#2e7d32")),
    ("in_progress", "в работе", colors.HexColor("#1e88e5")),
    ("overdue", "просрочено", colors.HexColor("#c62828")),
    ("planned", "запланировано", colors.HexColor("#bdbdbd")),
)
SERIES_COLOURS = (colors.HexColor("#1e88e5"), colors.HexColor("#fb8c00"))
NO_DATA_TEXT = "Нет данных"

FONT = FONT_NAMES["regular"]
BOLD = FONT_NAMES["bold"]
SIZE = 9.0  # labels
SMALL = 8.0  # axis ticks, figures on the bars
LEADING = 10.5
GRID = colors.HexColor("#d0d0d0")
INK = colors.black
MUTED = colors.HexColor("#555555")


# --- the data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorBar:
    """One indicator: its name, value and target in percent (None: not known), and its
    state: "met", "near", "far" or "no_data" (domain.kpi.status)."""

    name: str
    value: float | None
    target: float | None
    status: str


@dataclass(frozen=True)
class FormCounts:
    """The pairs and groups of one form: how many are in each state.

    by_status: keyed by domain.pairs.Status (or its value, "active"); states left out
    have none.
    """

    form: str
    by_status: Mapping[Status | str, int] = field(default_factory=dict)

    def count(self, state: Status) -> int:
        return sum(n for key, n in self.by_status.items() if Status(key) is state)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class RoadmapCounts:
    """The roadmap's activities by what the checklist shows: done, in progress, overdue
    (not done, the due date passed) and planned (not started, not overdue)."""

    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    planned: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.overdue + self.planned


@dataclass(frozen=True)
class ScoreSeries:
    """One group's overall scores: counts[i] respondents gave the score i + 1 (1 to 10)."""

    label: str
    counts: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.counts) != len(SCORES):
            raise ValueError(f"a count is needed for each score 1..10, not {len(self.counts)}")
        if any(n < 0 for n in self.counts):
            raise ValueError("counts cannot be negative")

    @property
    def total(self) -> int:
        return sum(self.counts)


def score_counts(scores: Iterable[float]) -> tuple[int, ...]:
    """How many scores fall on each point of 1..10 (rounded half up, clamped to the scale)."""
    counts = [0] * len(SCORES)
    for score in scores:
        point = min(max(math.floor(score + 0.5), 1), 10)
        counts[point - 1] += 1
    return tuple(counts)


# --- text -------------------------------------------------------------------------------


def _width(text: str, size: float = SIZE, font: str = FONT) -> float:
    return float(stringWidth(text, font, size))


def _clean(text: str) -> str:
    """One line of plain text: control characters and line breaks become spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def wrap(text: str, width: float, max_lines: int = 3, size: float = SIZE) -> list[str]:
    """The text in lines no wider than `width`; what does not fit in max_lines ends in «…».

    A word wider than the line is cut (a long unbroken name must not run over the bars).
    """
    words = _clean(text).split()
    lines: list[str] = []
    current = ""
    for word in words:
        while _width(word, size) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and _width(word[:cut], size) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if _width(candidate, size) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and _width(f"{last}…", size) > width:
            last = last[:-1].rstrip()
        lines[-1] = f"{last}…"
    return lines or [""]


def number_text(value: float, digits: int = 1) -> str:
    """«3,8», «4», «8,3» for 8.25: rounded half up as people round (not to even), the
    decimal comma, no trailing zeros."""
    quantum = Decimal(1).scaleb(-digits)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    shown = f"{rounded:f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return "0" if shown in ("-0", "") else shown.replace(".", ",")


def percent_text(value: float) -> str:
    """«72 %», «72,5 %»: a whole number without decimals, the comma otherwise."""
    return f"{number_text(value)}\u00a0%"


def _string(
    x: float,
    y: float,
    text: str,
    size: float = SIZE,
    anchor: str = "start",
    colour: colors.Color = INK,
    bold: bool = False,
) -> String:
    return String(
        x, y, text, fontName=BOLD if bold else FONT, fontSize=size, fillColor=colour,
        textAnchor=anchor,
    )  # fmt: skip


def _rect(x: float, y: float, w: float, h: float, colour: colors.Color) -> Rect:
    return Rect(x, y, max(w, 0.0), h, fillColor=colour, strokeColor=None, strokeWidth=0)


def _ink(background: colors.Color) -> colors.Color:
    """White figures on a dark colour, black ones on a light one."""
    luminance = 0.299 * background.red + 0.587 * background.green + 0.114 * background.blue
    return colors.white if luminance < 0.6 else INK


def _nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 5 × 10^k) that divides 0..top into at most `ticks` parts."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _count_axis(top: int) -> tuple[float, float]:
    """(the axis maximum, the step) for counts up to `top`: whole numbers only."""
    step = max(1.0, _nice_step(max(top, 1)))
    return step * math.ceil(max(top, 1) / step), step


def _legend_lines(items: Sequence[tuple[str, colors.Color]], x0: float, width: float) -> int:
    """How many lines _legend() takes for these items across the width."""
    box, gap = 7.0, 12.0
    x, lines = x0, 1
    for text, _colour in items:
        item_width = box + 3 + _width(text)
        if x > x0 and x + item_width > width:
            x, lines = x0, lines + 1
        x += item_width + gap
    return lines


def _legend_height(items: Sequence[tuple[str, colors.Color]], x0: float, width: float) -> float:
    return _legend_lines(items, x0, width) * (LEADING + 2) + 4


def _legend(
    drawing: Drawing,
    items: Sequence[tuple[str, colors.Color]],
    x0: float,
    y_top: float,
    marks: frozenset[str] | set[str] = frozenset(),
) -> float:
    """Colour squares with their labels, in lines across the width; returns the y below.

    marks: the labels shown with a black stroke (the target's mark) instead of a square.
    """
    box, gap, width = 7.0, 12.0, float(drawing.width)
    x, y = x0, y_top - LEADING
    for text, colour in items:
        item_width = box + 3 + _width(text)
        if x > x0 and x + item_width > width:
            x, y = x0, y - LEADING - 2
        if text in marks:
            middle = x + box / 2
            drawing.add(Line(middle, y - 1.5, middle, y + 7.5, strokeColor=colour, strokeWidth=1.6))
        else:
            drawing.add(_rect(x, y - 0.5, box, box, colour))
        drawing.add(_string(x + box + 3, y, text))
        x += item_width + gap
    return y - 4


def _drawing(width: float, height: float) -> Drawing:
    """An empty drawing whose text defaults to the shipped font: else reportlab declares
    Helvetica (never embedded) in the PDF before the first string."""
    return Drawing(width, height, initialFontName=FONT, initialFontSize=SIZE)


def _empty(width: float, text: str = NO_DATA_TEXT) -> Drawing:
    """A drawing that says there is nothing to draw (the GUI shows it in the chart's place)."""
    height = 40.0
    drawing = _drawing(width, height)
    drawing.add(
        Rect(0.5, 0.5, width - 1, height - 1, fillColor=None, strokeColor=GRID, strokeWidth=0.5)
    )
    drawing.add(_string(width / 2, height / 2 - 3, text, size=10, anchor="middle", colour=MUTED))
    return drawing


def _points(width_mm: float) -> float:
    if not width_mm > 0:
        raise ValueError("a chart needs a positive width")
    return float(width_mm * mm)


# --- (a) the indicators against their targets -----------------------------------------


def indicators_chart(rows: Sequence[IndicatorBar], width_mm: float = DEFAULT_WIDTH_MM) -> Drawing:
    """Horizontal bars: each indicator's value, coloured by its state, and a black mark at
    its target; the indicators numbered as in the report's table."""
    register_fonts()
    width = _points(width_mm)
    if not rows:
        return _empty(width)
    label_width = 0.42 * width
    plot_x = label_width + 8
    plot_width = width - plot_x - 34  # room for the value after the longest bar
    known = [v for r in rows for v in (r.value, r.target) if v is not None]
    top = max([100.0, *known])
    top = 20.0 * math.ceil(top / 20.0)
    bar = 10.0

    labels = [wrap(f"{n}. {row.name}", label_width) for n, row in enumerate(rows, 1)]
    heights = [max(len(lines) * LEADING, bar + 4) + 6 for lines in labels]
    legend = [(STATUS_LEGEND[key], STATUS_COLOURS[key]) for key in STATUS_COLOURS]
    target_text = "плановое значение"
    legend_items = [*legend, (target_text, INK)]  # measured with the target's mark
    axis_height, legend_height = 16.0, _legend_height(legend_items, 0, width)
    plot_height = sum(heights)
    height = 4 + plot_height + axis_height + legend_height
    drawing = _drawing(width, height)

    def x_of(value: float) -> float:
        return plot_x + plot_width * min(max(value, 0.0), top) / top

    plot_bottom = height - 4 - plot_height
    step = 20.0 if top <= 150 else _nice_step(top)
    tick = 0.0
    while tick <= top + 1e-9:
        x = x_of(tick)
        drawing.add(Line(x, plot_bottom, x, height - 4, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(_string(x, plot_bottom - 9, percent_text(tick), SMALL, "middle", MUTED))
        tick += step
    drawing.add(Line(plot_x, plot_bottom, plot_x, height - 4, strokeColor=INK, strokeWidth=0.6))

    y_top = height - 4
    for row, lines, row_height in zip(rows, labels, heights, strict=True):
        middle = y_top - row_height / 2
        first = middle + (len(lines) - 1) * LEADING / 2 - SIZE / 3
        for index, line in enumerate(lines):
            drawing.add(_string(0, first - index * LEADING, line))
        colour = STATUS_COLOURS.get(row.status, STATUS_COLOURS["no_data"])
        if row.value is None:
            drawing.add(_string(plot_x + 4, middle - SIZE / 3, "нет данных", colour=MUTED))
            end = plot_x + 4 + _width("нет данных")
        else:
            end = x_of(row.value)
            drawing.add(_rect(plot_x, middle - bar / 2, end - plot_x, bar, colour))
        if row.target is not None:
            tx = x_of(row.target)
            drawing.add(
                Line(tx, middle - bar / 2 - 2, tx, middle + bar / 2 + 2,
                     strokeColor=INK, strokeWidth=1.6)
            )  # fmt: skip
            end = max(end, tx + 1)
        if row.value is not None:
            drawing.add(_string(end + 3, middle - SIZE / 3, percent_text(row.value), bold=True))
        y_top -= row_height

    _legend(drawing, legend_items, 0, plot_bottom - axis_height + 4, marks={target_text})
    return drawing


# --- (b) the pairs by form and status -------------------------------------------------


def pairs_chart(rows: Sequence[FormCounts], width_mm: float = DEFAULT_WIDTH_MM) -> Drawing:
    """Stacked horizontal bars: for each form, its pairs and groups by state; the total at
    the bar's end."""
    register_fonts()
    width = _points(width_mm)
    rows = [row for row in rows if row.total > 0]
    if not rows:
        return _empty(width)
    states = [s for s in Status if any(row.count(s) for row in rows)]
    label_width = 0.34 * width
    plot_x = label_width + 8
    plot_width = width - plot_x - 24
    axis_top, step = _count_axis(max(row.total for row in rows))
    bar = 12.0
    labels = [wrap(row.form, label_width) for row in rows]
    heights = [max(len(lines) * LEADING, bar + 4) + 6 for lines in labels]
    plot_height = sum(heights)
    legend = [(PAIR_STATUS_LEGEND[s], PAIR_STATUS_COLOURS[s]) for s in states]
    height = 4 + plot_height + 14 + _legend_height(legend, 0, width)
    drawing = _drawing(width, height)
    plot_bottom = height - 4 - plot_height
    unit = plot_width / axis_top

    tick = 0.0
    while tick <= axis_top + 1e-9:
        x = plot_x + tick * unit
        drawing.add(Line(x, plot_bottom, x, height - 4, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(_string(x, plot_bottom - 9, f"{tick:.0f}", SMALL, "middle", MUTED))
        tick += step
    drawing.add(Line(plot_x, plot_bottom, plot_x, height - 4, strokeColor=INK, strokeWidth=0.6))

    y_top = height - 4
    for row, lines, row_height in zip(rows, labels, heights, strict=True):
        middle = y_top - row_height / 2
        first = middle + (len(lines) - 1) * LEADING / 2 - SIZE / 3
        for index, line in enumerate(lines):
            drawing.add(_string(0, first - index * LEADING, line))
        x = plot_x
        for state in states:
            n = row.count(state)
            if not n:
                continue
            colour = PAIR_STATUS_COLOURS[state]
            drawing.add(_rect(x, middle - bar / 2, n * unit, bar, colour))
            if _width(str(n), SMALL) + 3 <= n * unit:
                drawing.add(
                    _string(x + n * unit / 2, middle - 2.5, str(n), SMALL, "middle", _ink(colour))
                )
            x += n * unit
        drawing.add(_string(x + 3, middle - SIZE / 3, str(row.total), bold=True))
        y_top -= row_height

    _legend(drawing, legend, 0, plot_bottom - 14)
    return drawing


# --- (c) the roadmap's progress --------------------------------------------------------


def roadmap_chart(progress: RoadmapCounts, width_mm: float = DEFAULT_WIDTH_MM) -> Drawing:
    """One bar of the roadmap's activities, 100 % long, in parts by their state, with the
    figures in the legend («выполнено — 15 (62,5 %)»)."""
    register_fonts()
    width = _points(width_mm)
    total = progress.total
    if total <= 0:
        return _empty(width)
    bar = 22.0
    items = []
    for key, label, colour in ROADMAP_PARTS:
        n = int(getattr(progress, key))
        items.append((f"{label} — {n} ({percent_text(100 * n / total)})", colour))
    height = 4 + bar + 4 + _legend_height(items, 0, width) + 2
    drawing = _drawing(width, height)
    y = height - 4 - bar
    x = 0.0
    for key, _label, colour in ROADMAP_PARTS:
        n = int(getattr(progress, key))
        if not n:
            continue
        part = width * n / total
        drawing.add(_rect(x, y, part, bar, colour))
        if _width(str(n), SIZE) + 4 <= part:
            drawing.add(
                _string(x + part / 2, y + bar / 2 - 3, str(n), SIZE, "middle", _ink(colour), True)
            )
        x += part
    drawing.add(Rect(0, y, width, bar, fillColor=None, strokeColor=INK, strokeWidth=0.5))
    _legend(drawing, items, 0, y - 4)
    return drawing


# --- (d) the satisfaction scores -------------------------------------------------------


def satisfaction_chart(
    series: Sequence[ScoreSeries], width_mm: float = DEFAULT_WIDTH_MM
) -> Drawing:
    """A histogram of the overall scores 1..10: for each score, a bar per group (mentees,
    mentors) as tall as the number of respondents who gave it."""
    register_fonts()
    width = _points(width_mm)
    series = [s for s in series if s.total > 0][: len(SERIES_COLOURS)]
    if not series:
        return _empty(width)
    axis_top, step = _count_axis(max(max(s.counts) for s in series))
    left = 22.0
    plot_width = width - left - 4
    plot_height = 110.0
    legend_y = 4 + LEADING
    plot_bottom = legend_y + 8 + 12 + 10
    height = plot_bottom + plot_height + 16
    drawing = _drawing(width, height)
    unit = plot_height / axis_top

    tick = 0.0
    while tick <= axis_top + 1e-9:
        y = plot_bottom + tick * unit
        drawing.add(Line(left, y, width - 4, y, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(_string(left - 3, y - 2.5, f"{tick:.0f}", SMALL, "end", MUTED))
        tick += step
    drawing.add(Line(left, plot_bottom, width - 4, plot_bottom, strokeColor=INK, strokeWidth=0.6))

    slot = plot_width / len(SCORES)
    bar = min(18.0, slot * 0.8 / len(series))
    for index, score in enumerate(SCORES):
        centre = left + slot * (index + 0.5)
        drawing.add(_string(centre, plot_bottom - 10, str(score), SIZE, "middle"))
        x = centre - bar * len(series) / 2
        for group, colour in zip(series, SERIES_COLOURS, strict=False):
            n = group.counts[index]
            if n:
                drawing.add(_rect(x, plot_bottom, bar, n * unit, colour))
                drawing.add(
                    _string(x + bar / 2, plot_bottom + n * unit + 2, str(n), SMALL, "middle")
                )
            x += bar
    drawing.add(
        _string(left + plot_width / 2, plot_bottom - 20, "оценка (баллы от 1 до 10)",
                SMALL, "middle", MUTED)
    )  # fmt: skip
    drawing.add(_string(4, height - 6, "число ответов", SMALL, "start", MUTED))
    items = [
        (f"{group.label} ({group.total})", colour)
        for group, colour in zip(series, SERIES_COLOURS, strict=False)
    ]
    _legend(drawing, items, left, legend_y + LEADING)
    return drawing


# --- rasterizing ----------------------------------------------------------------------

_pdfium_lock = threading.Lock()  # PDFium is not thread-safe


def to_png(drawing: Drawing, dpi: float = 200) -> bytes:
    """The drawing as a PNG image at `dpi` (its size in points gives the pixels), on white.

    Written as a one-page PDF in memory (reportlab) and rendered by PDFium (pypdfium2).
    """
    import pypdfium2 as pdfium  # loaded on the first picture, not with every document

    if not dpi > 0:
        raise ValueError("dpi must be positive")
    register_fonts()
    pdf = renderPDF.drawToString(drawing)
    with _pdfium_lock:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            bitmap = page.render(scale=dpi / 72)
            image = bitmap.to_pil()
            bitmap.close()
            page.close()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
