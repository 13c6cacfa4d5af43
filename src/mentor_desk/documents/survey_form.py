"""The printable blank satisfaction questionnaire (бланк анкеты) of a mentee or a mentor.

The school, the title, the instructions, a line for the name (optional: the form may be
anonymous) and the date, then the role's questions numbered as on the import template:
a score question gets the row of boxes «1 … 10» to circle, a choice question a «□» line
per option, an open question lines to write on. Rendered by documents.pdf and .docx.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import Block, Document, Lines, Paragraph, Spacer, Table
from mentor_desk.documents.orders import BLANK_DATE
from mentor_desk.documents.pdf import FONT_NAMES, register_fonts
from mentor_desk.domain.surveys import SCORE_MAX, SCORE_MIN, Questionnaire

BOX = "□"  # U+25A1, in Liberation Serif
NAME_LABEL = "ФИО (по желанию): "
DATE_LABEL = "Дата заполнения: "
OPEN_LINES = 3  # lines to write an open answer on
_BLANK_SLACK_MM = 3.0  # Word sets a line a hair wider than reportlab: never wrap a blank


def survey_form(
    questionnaire: Questionnaire, role: str, *, school: str, year: str = ""
) -> Document:
    """The blank form for the role ("mentee" or "mentor"); year: «2025/2026 учебный год»
    under the title, or "" for none."""
    questions = questionnaire.for_role(role)
    heading = [questionnaire.title, f"(для {questionnaire.role_labels[role]})"]
    blocks: list[Block] = []
    school = " ".join(school.split())
    if school:
        blocks += [Lines([school]), Spacer(4)]
    blocks += [Lines(heading, bold=True)]
    if year.strip():
        blocks.append(Lines([" ".join(year.split())]))
    blocks += [
        Spacer(3),
        Paragraph(questionnaire.instructions),
        Spacer(2),
        _field(_blank(NAME_LABEL)),
        _field(f"{DATE_LABEL}{BLANK_DATE}"),
        Spacer(3),
    ]
    for number, question in enumerate(questions, 1):
        blocks.append(
            Paragraph(f"{number}. {question.text}", indent=False, align="left", keep_with_next=True)
        )
        if question.kind == "score":
            scale = [str(n) for n in range(SCORE_MIN, SCORE_MAX + 1)]
            blocks.append(
                Table(header=scale, rows=[], widths=[1.0] * len(scale), repeat_header=False)
            )
        elif question.kind == "choice":
            blocks.append(Lines([f"{BOX} {option}" for option in question.options], align="left"))
        else:
            blocks += [_field(_blank("")) for _ in range(OPEN_LINES)]
        blocks.append(Spacer(2))
    blocks.append(Lines(["Спасибо за ответы!"]))
    title = f"{questionnaire.title} (для {questionnaire.role_labels[role]})"
    return Document(blocks=blocks, title=title, author=school)


def _field(text: str) -> Paragraph:
    return Paragraph(text, indent=False, align="left")


def _blank(prefix: str) -> str:
    """prefix, then underscores to the right margin."""
    register_fonts()
    font, size = FONT_NAMES["regular"], layout.BODY_SIZE_PT
    room = _text_width_pt() - stringWidth(prefix, font, size)
    count = max(int(room // stringWidth("_", font, size)), 4)
    return f"{prefix}{'_' * count}"


@cache
def _text_width_pt() -> float:
    return (layout.text_width_mm() - _BLANK_SLACK_MM) * float(mm)
