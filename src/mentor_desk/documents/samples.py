"""A made-up order of any size, for previews, tests and benchmarks (all people fictional)."""

from __future__ import annotations

import random
from datetime import date

from mentor_desk.documents.orders import OrderRow, PairsOrder, Term
from mentor_desk.domain.pairs import Form, Kind

_SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
)  # fmt: skip
_INITIALS = "АБВГДЕЖЗИКЛМНОПРСТ"
_POSITIONS = (
    "учитель математики", "учитель русского языка и литературы", "учитель истории",
    "учитель физики", "педагог-психолог", "учитель начальных классов",
    "заместитель директора по воспитательной работе", "социальный педагог",
)  # fmt: skip


def _name(rng: random.Random, female: bool) -> str:
    surname = rng.choice(_SURNAMES)
    if female:
        surname += "а"
    return f"{surname} {rng.choice(_INITIALS)}.{rng.choice(_INITIALS)}."


def sample_pairs_order(pairs: int = 300, seed: int = 1, draft: bool = False) -> PairsOrder:
    """An order of `pairs` pairs and groups: teachers with students, students with
    students, teachers with young teachers; every fifth is a group of 2-5 mentees."""
    rng = random.Random(seed)
    term = Term(date(2026, 12, 1), date(2027, 5, 31))
    rows: list[OrderRow] = []
    for index in range(pairs):
        kind = index % 3
        size = rng.randint(2, 5) if index % 5 == 4 else 1
        if kind == 0:
            mentees = [
                f"{_name(rng, rng.random() < 0.5)} ({rng.randint(5, 8)}{rng.choice('АБВ')})"
                for _ in range(size)
            ]
            form, position = Form.TEACHER_STUDENT, rng.choice(_POSITIONS)
        elif kind == 1:
            mentees = [
                f"{_name(rng, rng.random() < 0.5)} ({rng.randint(5, 7)}{rng.choice('АБВ')})"
                for _ in range(size)
            ]
            form, position = Form.STUDENT_STUDENT, f"обучающийся {rng.randint(9, 11)}А класса"
        else:
            mentees = [_name(rng, rng.random() < 0.7) for _ in range(size)]
            form, position = Form.TEACHER_TEACHER, rng.choice(_POSITIONS)
        rows.append(
            OrderRow(
                mentor=_name(rng, rng.random() < 0.6),
                mentor_position=position,
                mentees=mentees,
                form=form,
                kind=Kind.GROUP if size > 1 else Kind.TRADITIONAL,
            )
        )
    return PairsOrder(
        org_full_name=(
            "Муниципальное бюджетное общеобразовательное учреждение\n"
            "«Средняя общеобразовательная школа № 1 г. Завитинска»"
        ),
        place="г. Завитинск",
        number="45-о",
        order_date=date(2026, 11, 15),
        curator_name="Кравченко Е.В.",
        curator_position="заместитель директора по учебно-воспитательной работе",
        term=term,
        pairs=rows,
        director_name="Т.А. Доля",
        draft=draft,
    )
