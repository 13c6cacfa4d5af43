"""Reading the documents back as a reader would: PDF text and positions (pypdf), DOCX XML."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from mentor_desk.documents.typography import untie

MM = 72 / 25.4


@dataclass(frozen=True)
class Shown:
    """A piece of text as drawn on a page: where its baseline starts, in points."""

    x: float
    y: float
    text: str
    font: str = ""  # the base font's name, «/AAAAAA+LiberationSerif-Bold»


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """The text of each page, with ordinary spaces for non-breaking ones."""
    return [untie(page.extract_text()) for page in reader(data).pages]


def all_text(data: bytes) -> str:
    """The whole document's text with every run of white space as one space."""
    return " ".join(" ".join(page_texts(data)).split())


def shown(data: bytes, page_index: int) -> list[Shown]:
    """Every non-blank piece of text on one page with its position."""
    found: list[Shown] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, _size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if isinstance(font, DictionaryObject) else ""
            found.append(Shown(x, y, untie(text.strip()), name))

    reader(data).pages[page_index].extract_text(visitor_text=visit)
    return found


def page_fonts(data: bytes) -> list[tuple[int, str, DictionaryObject]]:
    """(page number, base font name, font descriptor or an empty dict) of every font used."""
    fonts: list[tuple[int, str, DictionaryObject]] = []
    for number, page in enumerate(reader(data).pages, start=1):
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", DictionaryObject()).get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descendant = font["/DescendantFonts"].get_object()[0].get_object()
                descriptor = descendant.get("/FontDescriptor")
            fonts.append(
                (
                    number,
                    str(font["/BaseFont"]),
                    descriptor.get_object() if descriptor is not None else DictionaryObject(),
                )
            )
    return fonts
