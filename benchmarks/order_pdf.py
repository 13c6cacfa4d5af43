"""The order fixing 300 pairs and groups as a PDF, next to a plain reportlab build.

Usage: python benchmarks/order_pdf.py [--runs 5] [--pairs 300] [--json]

Timed, each the median of `runs` after one warm-up (fonts registered, modules loaded):
- order: pairs_order() then write_pdf(): the whole order (header, preamble, items,
  signature, the acquaintance list of every mentor) and the appendix table, with the
  renderer's escaping, ties and layout;
- plain: the same table rows and nothing else, as one would write it with reportlab
  alone: SimpleDocTemplate, the same font, a Table of escaped Paragraph cells with the
  same column widths, a grid and the header row repeated.
Goal: order at most 1.5× plain.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from mentor_desk.documents.blocks import Table as TableBlock
from mentor_desk.documents.blocks import cell_lines
from mentor_desk.documents.orders import PairsOrder, pairs_order
from mentor_desk.documents.pdf import FONT_NAMES, register_fonts, write_pdf
from mentor_desk.documents.samples import sample_pairs_order

GOAL = 1.5


def build_order(order: PairsOrder, path: Path) -> None:
    write_pdf(pairs_order(order), path)


def appendix_table(order: PairsOrder) -> TableBlock:
    return next(b for b in pairs_order(order).blocks if isinstance(b, TableBlock))


def build_plain(table_block: TableBlock, path: Path) -> None:
    """The appendix table alone (its rows made beforehand), with reportlab only."""
    style = ParagraphStyle("plain", fontName=FONT_NAMES["regular"], fontSize=12, leading=13.8)
    data = [[Paragraph(escape(text), style) for text in table_block.header]]
    data += [
        [Paragraph("<br/>".join(escape(line) for line in cell_lines(cell)), style) for cell in row]
        for row in table_block.rows
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=30 * mm, rightMargin=10 * mm)
    frame_width = doc.width - 12  # SimpleDocTemplate's frame pads 6 pt each side
    total = sum(table_block.widths)
    widths = [frame_width * w / total for w in table_block.widths]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
    doc.build([table])


def median_seconds(build: Callable[[Path], None], runs: int) -> float:
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "order.pdf"
        build(path)  # warm-up
        for _ in range(runs):
            start = time.perf_counter()
            build(path)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    register_fonts()
    order = sample_pairs_order(args.pairs, seed=1)
    ours = median_seconds(partial(build_order, order), args.runs)
    plain = median_seconds(partial(build_plain, appendix_table(order)), args.runs)
    ratio = ours / plain
    result: dict[str, Any] = {
        "pairs": args.pairs,
        "order_s": round(ours, 3),
        "plain_s": round(plain, 3),
        "ratio": round(ratio, 2),
        "goal": GOAL,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"order {args.pairs} pairs: {ours:.2f} s, plain reportlab {plain:.2f} s, "
            f"ratio {ratio:.2f}× (goal ≤ {GOAL}×)"
        )


if __name__ == "__main__":
    main()
