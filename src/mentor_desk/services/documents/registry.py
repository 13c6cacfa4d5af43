"""What the journal and the CLI know how to make (DocKind), and the builder of each kind's data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from mentor_desk.documents.blocks import Document
from mentor_desk.documents.consent import ConsentForm, consent_forms
from mentor_desk.documents.end_order import END_ORDER_TITLE, EndOrder, end_order
from mentor_desk.documents.extracts import Extract, extract
from mentor_desk.documents.orders import (
    PAIRS_ORDER_TITLE,
    PairsOrder,
    pairs_order,
)
from mentor_desk.documents.passport import (
    Passport,
    passport,
)

NO_PROFILE = "Заполните сведения об организации (Файл → Сведения об организации)"
NO_CURATOR = (
    "Укажите куратора наставничества в сведениях об организации "
    "(Файл → Сведения об организации): строка «ФИО, должность»"
)
DAMAGED = "Запись журнала повреждена или сделана другой версией программы: документ не открыть"


class DocumentError(ValueError):
    """A document that cannot be made or issued; the message is for the user (Russian)."""


class DocKind(str, Enum):
    """What the journal and the CLI know how to make. The value is stored in the journal."""

    PAIRS = "pairs"
    END = "end"
    PASSPORT = "passport"
    EXTRACT = "extract"
    CONSENT = "consent"
    # The order approving the roadmap: data gathering and issuing are the roadmap's own
    # (services.roadmap); issue() records it like any order, and builder() knows its
    # builder (documents.roadmap_doc, loaded on first use), so the journal re-opens it.
    ROADMAP = "roadmap"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def numbered(self) -> bool:
        """Orders carry a number unique within the calendar year."""
        return self in (DocKind.PAIRS, DocKind.END, DocKind.ROADMAP)

    @property
    def journal_title(self) -> str:
        """The title the journal shows: an order's «О …» line, else the document's name."""
        return _TITLES.get(self, self.label)


_LABELS = {
    DocKind.PAIRS: "Приказ о закреплении наставнических пар (групп)",
    DocKind.END: "Приказ о завершении программ наставничества",
    DocKind.PASSPORT: "Паспорт программы наставничества",
    DocKind.EXTRACT: "Выписка из реестра",
    DocKind.CONSENT: "Согласие на обработку персональных данных",
    DocKind.ROADMAP: "Приказ об утверждении дорожной карты",
}
_TITLES = {
    DocKind.PAIRS: PAIRS_ORDER_TITLE,
    DocKind.END: END_ORDER_TITLE,
    DocKind.ROADMAP: "Об утверждении дорожной карты реализации целевой модели наставничества",
}


@dataclass(frozen=True)
class Builder:
    """data_type: the builder's dataclass, or list with item_type for a batch (consent)."""

    data_type: type[Any]
    build: Callable[[Any], Document]
    item_type: type[Any] | None = None

    def accepts(self, data: Any) -> bool:
        if not isinstance(data, self.data_type):
            return False
        item = self.item_type
        return item is None or all(isinstance(one, item) for one in data)


_BUILDERS: dict[DocKind, Builder] = {
    DocKind.PAIRS: Builder(PairsOrder, pairs_order),
    DocKind.END: Builder(EndOrder, end_order),
    DocKind.PASSPORT: Builder(Passport, passport),
    DocKind.EXTRACT: Builder(Extract, extract),
    DocKind.CONSENT: Builder(list, consent_forms, ConsentForm),
}


def builder(kind: DocKind) -> Builder:
    if kind is DocKind.ROADMAP and kind not in _BUILDERS:
        # Imported on first use: the roadmap's documents are not needed for the others.
        from mentor_desk.documents.roadmap_doc import RoadmapOrder, roadmap_order

        _BUILDERS.setdefault(kind, Builder(RoadmapOrder, roadmap_order))
    found = _BUILDERS.get(kind)
    if found is None:
        raise DocumentError(f"Документ «{kind.label}» в этой версии программы не собирается")
    return found


def build(kind: DocKind, data: Any) -> Document:
    """The printable document of a kind's data."""
    maker = builder(kind)
    if not maker.accepts(data):
        raise TypeError(f"{kind.value}: expected {maker.data_type.__name__}")
    return maker.build(data)
