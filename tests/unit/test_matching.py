"""Matching: the score part by part, who may pair, suggestions, and assign() against brute force."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from mentor_desk.domain.matching import (
    WEIGHT_LABELS,
    MenteeProfile,
    MentorProfile,
    Score,
    Weights,
    assign,
    score,
    suggestions,
)
from mentor_desk.domain.pairs import Form
from mentor_desk.domain.participants import Category

S, T, H = Category.STUDENT, Category.TEACHER, Category.HEAD
ONLY = {name: Weights(**{n: float(n == name) for n in WEIGHT_LABELS}) for name in WEIGHT_LABELS}


def mentee(id: int = 1, category: Category = S, **kw: Any) -> MenteeProfile:
    kw.setdefault("name", f"Наставляемый {id}")
    kw.setdefault("requests", frozenset())
    return MenteeProfile(id=id, category=category, **kw)


def mentor(id: int = 101, category: Category = T, **kw: Any) -> MentorProfile:
    kw.setdefault("name", f"Наставник {id}")
    kw.setdefault("competencies", frozenset())
    return MentorProfile(id=id, category=category, **kw)


def topics(*names: str) -> frozenset[str]:
    return frozenset(names)


def total(found: Score | None) -> float:
    assert found is not None
    return found.total


# --- score(): each part alone ---------------------------------------------------------------

PARTS = [
    # (part, mentee, mentor, points)
    ("requests", mentee(requests=topics("Олимпиады", "Проекты")),
     mentor(competencies=topics("олимпиады", "Спорт")), 0.5),
    ("requests", mentee(requests=topics("Ёлка")), mentor(competencies=topics("ЕЛКА ")), 1.0),
    ("requests", mentee(requests=topics("Спорт")), mentor(competencies=topics("Наука")), 0.0),
    ("requests", mentee(), mentor(competencies=topics("Наука")), 0.0),
    ("mutual", mentee(preferred=(101,)), mentor(), 0.5),
    ("mutual", mentee(), mentor(preferred=(7, 1)), 1 / 3),
    ("mutual", mentee(preferred=(101,)), mentor(preferred=(1,)), 1.0),
    ("mutual", mentee(preferred=(5, 6, 101)), mentor(preferred=(9, 1)), 0.5),
    ("mutual", mentee(preferred=(5, 6, 7, 101)), mentor(), 0.0),  # only 3 are ranked
    ("form_fit", mentee(), mentor(), 1.0),
    ("load", mentee(), mentor(capacity=4, load=1), 0.75),
    ("load", mentee(), mentor(capacity=2), 1.0),
    ("load", mentee(), mentor(capacity=2, load=3), 0.0),
    ("load", mentee(), mentor(capacity=0), 0.0),
    ("same_group", mentee(category=T, subject="Математика"), mentor(subject="математика"), 1.0),
    ("same_group", mentee(category=T, subject="Физика"), mentor(category=H, subject="физика"), 1.0),
    ("same_group", mentee(category=H, subject="Физика"), mentor(category=H, subject="физика"), 1.0),
    ("same_group", mentee(category=T, subject="Физика"), mentor(subject="Химия"), 0.0),
    ("same_group", mentee(category=T), mentor(), 0.0),  # no subject: nothing shared
    ("same_group", mentee(class_name="7А"), mentor(category=S, class_name="8Б"), 1.0),
    ("same_group", mentee(class_name="7А"), mentor(category=S, class_name="10Б"), 1.0),
    ("same_group", mentee(class_name="7А"), mentor(category=S, class_name="11Б"), 0.0),
    ("same_group", mentee(), mentor(category=S, class_name="11Б"), 0.0),
    ("same_group", mentee(class_name="7А"), mentor(class_name="8Б"), 0.0),  # teacher mentor
]  # fmt: skip


@pytest.mark.parametrize(("part", "who", "by", "points"), PARTS)
def test_each_part_alone(part: str, who: MenteeProfile, by: MentorProfile, points: float) -> None:
    found = score(who, by, ONLY[part])
    assert found is not None
    assert found.total == pytest.approx(points)
    assert dict(found.parts)[WEIGHT_LABELS[part]] == pytest.approx(points)
    assert [label for label, _ in found.parts] == list(WEIGHT_LABELS.values())


def test_parts_are_weighted_and_summed() -> None:
    who = mentee(category=T, subject="История", requests=topics("А", "Б"), preferred=(101,))
    by = mentor(subject="история", competencies=topics("а"), capacity=2, load=1)
    found = score(who, by, Weights())
    assert found is not None
    assert dict(found.parts) == {
        "Запросы и компетенции": pytest.approx(1.5),
        "Взаимный выбор (анкеты)": pytest.approx(2.0),
        "Подходящая форма": pytest.approx(1.0),
        "Свободные места у наставника": pytest.approx(0.5),
        "Тот же класс или предмет": pytest.approx(1.0),
    }
    assert found.total == pytest.approx(6.0)
    assert found.shared == {"а"}  # the mentor's spelling
    assert found.forms == (Form.TEACHER_TEACHER,)


def test_shared_topics_in_the_mentors_spelling_and_forms_best_first() -> None:
    who = mentee(category=T, young_specialist=True, requests=topics("Семёнов метод", "х"))
    by = mentor(category=Category.PARTNER, competencies=topics("семенов  МЕТОД", "у"),
                organization="Амурский педагогический колледж")  # fmt: skip
    found = score(who, by, Weights())
    assert found is not None
    assert found.shared == {"семенов  МЕТОД"}
    assert found.forms == (Form.LECTURER_YOUNG_TEACHER, Form.PARTNER_TEACHER)
    firm = score(who, mentor(category=Category.PARTNER, organization="ООО «Ромашка»"), Weights())
    assert firm is not None and firm.forms == (Form.PARTNER_TEACHER,)  # not a college
    head = score(mentee(category=T), mentor(category=H), Weights())
    assert head is not None and head.forms == (Form.HEAD_TEACHER, Form.TEACHER_TEACHER)


def test_weights_have_russian_labels_and_must_not_be_negative() -> None:
    assert list(Weights().labels) == ["requests", "mutual", "form_fit", "load", "same_group"]
    assert Weights().labels["mutual"] == "Взаимный выбор (анкеты)"
    with pytest.raises(ValueError, match="Подходящая форма"):
        Weights(form_fit=-1)
    with pytest.raises(ValueError, match="Запросы"):
        Weights(requests=float("nan"))


# --- score(): who may not pair --------------------------------------------------------------

NOT_ALLOWED = [
    ("same person", mentee(id=5, category=T), mentor(id=5, category=H)),
    ("no form: student mentors a teacher", mentee(category=T), mentor(category=S)),
    ("no form: teacher mentors a university student",
     mentee(category=Category.UNIVERSITY_STUDENT), mentor()),
    ("no form: parent mentors a teacher", mentee(category=T), mentor(category=Category.PARENT)),
    ("student mentor younger by birth date",
     mentee(birth_date=date(2010, 1, 1)), mentor(category=S, birth_date=date(2011, 1, 1))),
    ("student mentor born the same day",
     mentee(birth_date=date(2010, 1, 1)), mentor(category=S, birth_date=date(2010, 1, 1))),
    ("birth dates win over grades", mentee(class_name="5А", birth_date=date(2009, 1, 1)),
     mentor(category=S, class_name="9А", birth_date=date(2010, 1, 1))),
    ("mentor in a lower grade", mentee(class_name="9А"), mentor(category=S, class_name="7")),
    ("mentor in the same grade", mentee(class_name="9А"), mentor(category=S, class_name="9")),
]  # fmt: skip


@pytest.mark.parametrize(("why", "who", "by"), NOT_ALLOWED, ids=[c[0] for c in NOT_ALLOWED])
def test_not_allowed(why: str, who: MenteeProfile, by: MentorProfile) -> None:
    assert score(who, by, Weights()) is None


ALLOWED = [
    ("neither age nor grade known", mentee(), mentor(category=S)),
    ("only one grade known", mentee(class_name="9А"), mentor(category=S)),
    ("only one birth date, grades decide", mentee(class_name="7А", birth_date=date(2012, 1, 1)),
     mentor(category=S, class_name="9А")),
    ("older by birth date, lower grade", mentee(class_name="9А", birth_date=date(2011, 1, 1)),
     mentor(category=S, class_name="8А", birth_date=date(2010, 1, 1))),
    ("teacher mentors a student", mentee(), mentor()),
    ("partner mentors a university student",
     mentee(category=Category.UNIVERSITY_STUDENT), mentor(category=Category.PARTNER)),
]  # fmt: skip


@pytest.mark.parametrize(("why", "who", "by"), ALLOWED, ids=[c[0] for c in ALLOWED])
def test_allowed(why: str, who: MenteeProfile, by: MentorProfile) -> None:
    assert score(who, by, Weights()) is not None


# --- suggestions() ---------------------------------------------------------------------------


def test_suggestions_best_first_ties_by_load_then_name_full_mentors_last() -> None:
    who = mentee(requests=topics("Спорт"), class_name="5А", preferred=(105,))
    mentors = [
        mentor(101, name="Яковлева", capacity=3, load=1),
        mentor(102, name="Борисова", capacity=3, load=1),
        mentor(103, name="Антонова", capacity=3, load=2),
        mentor(104, name="Волкова", competencies=topics("спорт"), capacity=2, load=2),
        mentor(105, name="Гусева"),  # chosen in the questionnaire
        mentor(106, name="Дьякова", category=S),  # age and grade unknown: allowed
        mentor(107, name="Егорова", category=Category.PARENT),
        mentor(108, name="Жукова", category=S, class_name="1А", birth_date=date(2020, 1, 1)),
        mentor(1, name="Сам себе"),  # the same person
    ]
    found = suggestions(who, mentors, Weights(load=0))
    # Гусева: mutual 2 + form 1; the rest tie on the form's 1 → fewer load, then name;
    # Волкова scores best (3 + 1) but has no free place; Жукова is younger; not listed.
    names = [m.name for m, _ in found]
    assert names == ["Гусева", "Дьякова", "Егорова", "Борисова", "Яковлева", "Антонова", "Волкова"]
    assert [s.total for _, s in found] == pytest.approx([3, 1, 1, 1, 1, 1, 4])
    assert [m.name for m, _ in suggestions(who, mentors, Weights(load=0), limit=2)] == names[:2]


def test_suggestions_rank_by_the_total() -> None:
    who = mentee(requests=topics("а", "б"))
    mentors = [
        mentor(101, competencies=topics("а")),
        mentor(102, competencies=topics("а", "б")),
        mentor(103),
    ]
    found = suggestions(who, mentors, Weights())
    assert [m.id for m, _ in found] == [102, 101, 103]
    assert [s.total for _, s in found] == pytest.approx([3 + 1 + 1, 1.5 + 1 + 1, 0 + 1 + 1])
    assert suggestions(mentee(category=T), [mentor(category=S)], Weights()) == []


def test_the_weights_change_the_ranking_and_the_assignment() -> None:
    """The curator's weights decide: shared topics against the questionnaire's choice."""
    who = mentee(requests=topics("Олимпиады"), preferred=(102,))
    by_topics = mentor(101, name="Антонова", competencies=topics("олимпиады"))
    chosen = mentor(102, name="Борисова")
    mentors = [by_topics, chosen]
    topics_first = Weights(requests=5, mutual=1)
    choice_first = Weights(requests=1, mutual=5)
    assert [m.id for m, _ in suggestions(who, mentors, topics_first)] == [101, 102]
    assert [m.id for m, _ in suggestions(who, mentors, choice_first)] == [102, 101]
    assert assign([who], mentors, topics_first) == [(1, 101)]
    assert assign([who], mentors, choice_first) == [(1, 102)]
    # The load counts only with its weight: a busier mentor falls behind once it does.
    busy = mentor(103, name="Волкова", competencies=topics("олимпиады"), capacity=4, load=3)
    free = mentor(104, name="Гусева", competencies=topics("олимпиады"), capacity=4)
    plain = mentee(2, requests=topics("Олимпиады"))
    assert [m.id for m, _ in suggestions(plain, [free, busy], Weights(load=0))] == [104, 103]
    assert total(score(plain, busy, Weights(load=0))) == total(score(plain, free, Weights(load=0)))
    assert total(score(plain, busy, Weights(load=4))) < total(score(plain, free, Weights(load=4)))


# --- assign(): exact optimum against brute force --------------------------------------------

TOPICS = ["Спорт", "спорт", "Олимпиады", "Ёлка", "елка", "Проекты"]


def random_instance(
    rng: random.Random,
) -> tuple[list[MenteeProfile], list[MentorProfile], list[tuple[int, int]], Weights]:
    ids = list(range(1, 10))
    mentee_ids = rng.sample(ids, rng.randint(2, 6))
    mentor_ids = rng.sample(ids, rng.randint(1, 3))  # may share an id with a mentee: same person

    def grade() -> str:
        return rng.choice(["", "5А", "7Б", "8В", "9А", "10Б", "11А"])

    def born() -> date | None:
        return rng.choice([None, date(2009, 5, 1), date(2011, 1, 1), date(2013, 9, 1)])

    mentees = [
        MenteeProfile(
            id=i,
            name=f"Н{i}",
            category=rng.choice([S, S, T, H]),
            requests=frozenset(rng.sample(TOPICS, rng.randint(0, 3))),
            class_name=grade(),
            subject=rng.choice(["", "Физика", "физика", "Химия"]),
            birth_date=born(),
            young_specialist=rng.random() < 0.3,
            preferred=tuple(rng.sample([*mentor_ids, 99], rng.randint(0, min(3, len(mentor_ids))))),
        )
        for i in mentee_ids
    ]
    crowded = rng.random() < 0.5  # one place each: mentees compete for mentors
    mentors = []
    for j in mentor_ids:
        capacity = 1 if crowded else rng.randint(1, 3)
        mentors.append(
            MentorProfile(
                id=j,
                name=f"М{j}",
                category=rng.choice([S, T, T, H, Category.PARTNER]),
                competencies=frozenset(rng.sample(TOPICS, rng.randint(0, 4))),
                class_name=grade(),
                subject=rng.choice(["", "Физика", "Химия"]),
                birth_date=born(),
                capacity=capacity,
                load=0 if crowded else rng.choice([0, 0, 0, 1, capacity - 1, capacity]),
                preferred=tuple(rng.sample(mentee_ids, rng.randint(0, len(mentee_ids)))),
            )
        )
    pinned = [
        (e, rng.choice(mentor_ids))
        for e in rng.sample(mentee_ids, rng.choice([0, 0, 1, 2]) if len(mentee_ids) > 2 else 0)
    ]
    weights = Weights(*(rng.choice([0.0, 0.5, 1.0, 2.5, 4.0]) for _ in WEIGHT_LABELS))
    if crowded:  # no points for merely having a pair: fewer, better pairs can win
        weights = replace(weights, form_fit=0.0, load=0.0)
    elif rng.random() < 0.4:
        weights = Weights()
    return mentees, mentors, pinned, weights


def brute_force(
    mentees: list[MenteeProfile],
    mentors: list[MentorProfile],
    pinned: list[tuple[int, int]],
    weights: Weights,
) -> tuple[float, tuple[int, float]]:
    """Every mentee → one mentor or none within the free places: the best total, and the best
    (number of pairs, total)."""
    free = {
        m.id: max(0, m.capacity - m.load - sum(1 for _, x in pinned if x == m.id)) for m in mentors
    }
    pool = [e for e in mentees if e.id not in {p for p, _ in pinned}]
    options = [
        [(m.id, s.total) for m in mentors if (s := score(e, m, weights)) is not None] for e in pool
    ]
    best_total, best_pairs = 0.0, (0, 0.0)

    def walk(i: int, count: int, points: float) -> None:
        nonlocal best_total, best_pairs
        if i == len(pool):
            best_total = max(best_total, points)
            best_pairs = max(best_pairs, (count, points))
            return
        walk(i + 1, count, points)
        for mentor_id, value in options[i]:
            if free[mentor_id]:
                free[mentor_id] -= 1
                walk(i + 1, count + 1, points + value)
                free[mentor_id] += 1

    walk(0, 0, 0.0)
    return best_total, best_pairs


def check_valid(
    result: list[tuple[int, int]],
    mentees: list[MenteeProfile],
    mentors: list[MentorProfile],
    pinned: list[tuple[int, int]],
    weights: Weights,
) -> tuple[int, float]:
    """The rules every answer keeps; returns (new pairs, their total)."""
    assert set(pinned) <= set(result)
    assert len({e for e, _ in result}) == len(result)  # no mentee twice
    new = [pair for pair in result if pair not in pinned]
    for by in mentors:
        places = by.capacity - by.load - sum(1 for _, x in pinned if x == by.id)
        assert sum(1 for _, x in new if x == by.id) <= max(0, places)
    people = {e.id: e for e in mentees}
    by_id = {m.id: m for m in mentors}
    points = 0.0
    for who, mentor_id in new:
        found = score(people[who], by_id[mentor_id], weights)
        assert found is not None  # only allowed pairs are chosen
        points += found.total
    return len(new), points


@pytest.mark.parametrize("seed", range(500))
def test_assign_is_the_exact_optimum(seed: int) -> None:
    rng = random.Random(seed)
    mentees, mentors, pinned, weights = random_instance(rng)
    best_total, (best_count, best_count_total) = brute_force(mentees, mentors, pinned, weights)

    result = assign(mentees, mentors, weights, pinned=pinned)
    _, points = check_valid(result, mentees, mentors, pinned, weights)
    assert points == pytest.approx(best_total)

    result = assign(mentees, mentors, weights, pinned=pinned, maximize_participation=True)
    count, points = check_valid(result, mentees, mentors, pinned, weights)
    assert count == best_count
    assert points == pytest.approx(best_count_total)


# --- assign(): the rules, one by one ---------------------------------------------------------


def test_exact_not_greedy() -> None:
    """Greedy gives A the best mentor X and leaves B none; the optimum moves A to Y."""
    a = mentee(1, requests=topics("спорт"), class_name="5А")
    b = mentee(2, category=T, requests=topics("спорт", "наука"))
    x = mentor(101, competencies=topics("спорт"))
    y = mentor(102, category=S, class_name="6А")
    weights = Weights()
    assert total(score(a, x, weights)) == pytest.approx(3 + 1 + 1)
    assert total(score(a, y, weights)) == pytest.approx(1 + 1 + 1)
    assert total(score(b, x, weights)) == pytest.approx(1.5 + 1 + 1)
    assert score(b, y, weights) is None  # a student does not mentor a teacher
    assert assign([a, b], [x, y], weights) == [(1, 102), (2, 101)]  # 6.5 against greedy 5


def test_participation_first_takes_more_pairs_for_a_lower_total() -> None:
    a = mentee(1, requests=topics("т1"))
    b = mentee(2, category=T, requests=topics("т2", "т3"))
    x = mentor(101, competencies=topics("т1", "т2"))
    y = mentor(102, category=S)
    weights = Weights(requests=10, mutual=0, load=0, same_group=0)
    # a–x 11 alone beats a–y 1 + b–x 6; b cannot have y (a student mentoring a teacher).
    assert assign([a, b], [x, y], weights) == [(1, 101)]
    assert assign([a, b], [x, y], weights, maximize_participation=True) == [(1, 102), (2, 101)]


def test_capacity_load_and_pinned_take_places() -> None:
    mentees = [mentee(i) for i in range(1, 8)]
    x = mentor(101, capacity=3, load=1)  # 2 free, 1 of them pinned
    y = mentor(102, capacity=2)
    result = assign(mentees, [x, y], Weights(), pinned=[(7, 101)])
    assert (7, 101) in result
    assert sum(1 for _, m in result if m == 101) == 2
    assert sum(1 for _, m in result if m == 102) == 2
    assert len(result) == 4


def test_pinned_are_kept_even_when_not_allowed_or_over_capacity() -> None:
    teacher = mentee(1, category=T)
    student_mentor = mentor(101, category=S, capacity=1)
    pinned = [(1, 101), (2, 101), (3, 555)]  # not allowed, over capacity, unknown mentor
    result = assign([teacher, mentee(2), mentee(4)], [student_mentor], Weights(), pinned=pinned)
    assert result == [(1, 101), (2, 101), (3, 555)]  # no place left for mentee 4


def test_unassigned_when_nothing_is_allowed() -> None:
    assert assign([mentee(1, category=T)], [mentor(101, category=S)], Weights()) == []
    assert assign([mentee(1)], [mentor(101, capacity=1, load=1)], Weights()) == []
    assert assign([], [mentor(101)], Weights()) == []
    assert assign([mentee(1)], [], Weights(), maximize_participation=True) == []


def test_pairs_worth_nothing_are_not_proposed_unless_participation_first() -> None:
    nothing = Weights(0, 0, 0, 0, 0)
    assert assign([mentee(1)], [mentor(101)], nothing) == []
    assert assign([mentee(1)], [mentor(101)], nothing, maximize_participation=True) == [(1, 101)]


def test_a_mentee_pinned_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="закреплён дважды"):
        assign([mentee(1)], [mentor(101), mentor(102)], Weights(), pinned=[(1, 101), (1, 102)])
    with pytest.raises(ValueError, match="повторяется"):
        assign([mentee(1), mentee(1)], [mentor(101)], Weights())


def test_deterministic_whatever_the_input_order() -> None:
    """Many equal scores: the answer must not depend on the run or the order of the lists."""
    rng = random.Random(7)
    mentees = [mentee(i, class_name=f"{rng.randint(5, 8)}А") for i in range(1, 21)]
    mentors = [mentor(100 + j, capacity=rng.randint(1, 3)) for j in range(6)]
    first = assign(mentees, mentors, Weights(), pinned=[(3, 101)])
    for _ in range(5):
        rng.shuffle(mentees)
        rng.shuffle(mentors)
        assert assign(mentees, mentors, Weights(), pinned=[(3, 101)]) == first
    assert first == sorted(first)
    assert len(first) == sum(m.capacity for m in mentors)


def test_importing_the_module_does_not_import_scipy() -> None:
    import subprocess
    import sys

    code = "import sys, mentor_desk.domain.matching; print('scipy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
