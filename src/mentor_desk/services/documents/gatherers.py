"""Each document's data gathered from the register and the school profile (mentor_desk.queries)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from mentor_desk.documents.consent import ConsentForm
from mentor_desk.documents.end_order import EndOrder, EndRow
from mentor_desk.documents.extracts import Extract, ExtractKind, PairRow, PersonRow
from mentor_desk.documents.orders import (
    DEFAULT_PREAMBLE,
    OrderRow,
    PairsOrder,
    Term,
)
from mentor_desk.documents.passport import (
    Indicator,
    Passport,
    PassportCounts,
    split_audience,
)
from mentor_desk.domain.dates import format_date
from mentor_desk.domain.pairs import EndReason, Form, Status, check_program_term
from mentor_desk.domain.participants import Category, ConsentState, TermKind, is_minor
from mentor_desk.domain.text import fold, short_name
from mentor_desk.queries.documents import (
    DocPair,
    DocPerson,
    doc_pairs,
    doc_people,
    ended_not_ordered,
    pair_ids_by_status,
    passport_facts,
)
from mentor_desk.queries.people import register_rows, term_names
from mentor_desk.queries.profile import SchoolProfile, load_profile
from mentor_desk.queries.roadmap import roadmaps
from mentor_desk.queries.stats import pairs_summary
from mentor_desk.services.documents.members import check_ended_after
from mentor_desk.services.documents.numbers import clean_number
from mentor_desk.services.documents.registry import NO_PROFILE, DocKind, DocumentError
from mentor_desk.services.documents.signatures import (
    curator_of,
    first_line,
    initials_last,
    name_and_position,
    place_or_default,
    role_of,
)

# --- data gathering --------------------------------------------------------------------


def profile_of(conn: sqlite3.Connection) -> SchoolProfile:
    profile = load_profile(conn)
    if profile is None or not profile.full_name.strip() or not profile.director_name.strip():
        raise DocumentError(NO_PROFILE)
    return profile


def _short(person: DocPerson) -> str:
    return short_name(person.last_name, person.first_name, person.middle_name)


def _with_class(person: DocPerson) -> str:
    """«Иванов И.И. (7Б)» for a student with a class, else «Фамилия И.О.»."""
    if person.category is Category.STUDENT and person.class_name:
        return f"{_short(person)} ({person.class_name})"
    return _short(person)


def _role_line(person: DocPerson) -> str:
    """What the person is at or for the school, printed under a mentor's name."""
    if person.category is Category.STUDENT:
        return f"обучающийся {person.class_name} класса" if person.class_name else "обучающийся"
    return role_of(person.category, person.class_name, person.position, person.organization)


def _pairs(conn: sqlite3.Connection, mentorship_ids: Sequence[int]) -> list[DocPair]:
    """The pairs asked for, each once, in the order asked; a missing one is an error."""
    wanted = list(dict.fromkeys(mentorship_ids))
    if not wanted:
        raise DocumentError("Не выбрано ни одной пары или группы")
    found = doc_pairs(conn, wanted)
    if any(i not in found for i in wanted):
        raise DocumentError("Пара или группа не найдена: возможно, её уже удалили")
    return [found[i] for i in wanted]


def _people_of(conn: sqlite3.Connection, pairs: Sequence[DocPair]) -> dict[int, DocPerson]:
    return doc_people(conn, [i for p in pairs for i in (p.mentor_id, *p.mentee_ids)])


def default_term(start: date) -> Term:
    """From the order's date to 31 May, the end of the school year's lessons.

    An order made in June to August is for the coming school year: to 31 May next year.
    A personalized program runs from 3 months to a year (domain.pairs.check_program_term):
    when less than 3 months are left before 31 May (an order made in March to May), the
    programs run to 31 May of the next school year, but a year at most.
    """
    may = date(start.year + (0 if start.month <= 5 else 1), 5, 31)
    try:
        year_on = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        year_on = date(start.year + 1, 2, 28)
    for end in (may, date(may.year + 1, 5, 31)):
        if check_program_term(start, end) is None:
            return Term(start, end)
    return Term(start, year_on)


def _own_term(pair: DocPair, order_term: Term) -> Term | None:
    """The pair's own dates, where it has them and they make a term."""
    if pair.started_on is None and pair.ends_on is None:
        return None
    own = Term(pair.started_on or order_term.start, pair.ends_on or order_term.end)
    return own if own.end > own.start else None


def pairs_order_data(
    conn: sqlite3.Connection,
    mentorship_ids: Sequence[int],
    number: str,
    issued_on: date | None,
    today: date,
    *,
    place: str | None = None,
    preamble: str | None = None,
    curator: str | None = None,
    term: Term | None = None,
    draft: bool = False,
) -> PairsOrder:
    """The order fixing these pairs and groups, filled from the register and the profile.

    curator: «ФИО, должность» (default: the profile's first curator line); term: the
    order's term (default: from the order date, or today for an undated draft, to 31 May,
    or the pairs' own dates when they all share them); place: default the municipality.
    """
    profile = profile_of(conn)
    curator_name, curator_position = curator_of(profile, curator)
    pairs = _pairs(conn, mentorship_ids)
    people = _people_of(conn, pairs)
    order_term = term or default_term(issued_on or today)
    own = [_own_term(pair, order_term) for pair in pairs]
    if term is None and own and own[0] is not None and all(t == own[0] for t in own):
        order_term = own[0]  # every pair has the same dates: they are the order's term
    rows = []
    for pair, pair_term in sorted(
        zip(pairs, own, strict=True),
        key=lambda item: (_sort_key(people[item[0].mentor_id]), item[0].id),
    ):
        mentor = people[pair.mentor_id]
        rows.append(
            OrderRow(
                mentor=_short(mentor),
                mentor_position=_role_line(mentor),
                mentees=[_with_class(people[m]) for m in pair.mentee_ids],
                form=pair.form,
                kind=pair.kind,
                term=pair_term if pair_term != order_term else None,
            )
        )
    return PairsOrder(
        org_full_name=profile.full_name,
        place=place_or_default(profile, place),
        number=clean_number(number),
        order_date=issued_on,
        curator_name=curator_name,
        curator_position=curator_position,
        term=order_term,
        pairs=rows,
        director_name=initials_last(profile.director_name),
        director_position=profile.director_position.strip() or "Директор",
        preamble=preamble.strip() if preamble and preamble.strip() else DEFAULT_PREAMBLE,
        draft=draft,
    )


def end_order_data(
    conn: sqlite3.Connection,
    mentorship_ids: Sequence[int],
    number: str,
    issued_on: date | None,
    today: date,
    *,
    place: str | None = None,
    preamble: str | None = None,
    curator: str | None = None,
    regulation: str | None = None,
    records_due: date | None = None,
    draft: bool = False,
) -> EndOrder:
    """The order ending the programs of these ended pairs and groups, with the reasons.

    curator: «ФИО, должность» (default: the profile's first curator line); regulation:
    the school's regulation on mentoring in the instrumental case (default: the
    builder's); place: default the municipality.
    """
    profile = profile_of(conn)
    curator_name, _ = curator_of(profile, curator)
    pairs = _pairs(conn, mentorship_ids)
    if any(pair.status is not Status.ENDED for pair in pairs):
        raise DocumentError("В приказ о завершении попадают только завершённые пары и группы")
    if issued_on is not None:
        ended = {pair.id: pair.ended_on for pair in pairs}
        check_ended_after(conn, ended, issued_on, today)
    people = _people_of(conn, pairs)
    rows = []
    for pair in sorted(pairs, key=lambda p: (_sort_key(people[p.mentor_id]), p.id)):
        mentor = people[pair.mentor_id]
        rows.append(
            EndRow(
                mentor=_short(mentor),
                mentees=[_with_class(people[m]) for m in pair.mentee_ids],
                form=pair.form,
                ended_on=pair.ended_on or issued_on or today,
                reason=EndReason(pair.end_reason) if pair.end_reason else "—",
                mentor_position=_role_line(mentor),
            )
        )
    extra: dict[str, Any] = {}
    if regulation and regulation.strip():
        extra["regulation"] = " ".join(regulation.split())
    return EndOrder(
        org_full_name=profile.full_name,
        place=place_or_default(profile, place),
        number=clean_number(number),
        order_date=issued_on,
        rows=rows,
        curator=curator_name,
        director_position=profile.director_position.strip() or "Директор",
        director_name=initials_last(profile.director_name),
        preamble=preamble.strip() if preamble and preamble.strip() else None,
        records_due=records_due,
        draft=draft,
        **extra,
    )


INDICATOR_PRESET = ("indicators", "put_k_uspehu.json")


def default_indicators() -> list[Indicator]:
    """The passport's effectiveness indicators until the program's monitoring gives its
    own: the table of the паспорт программы «Путь к успеху!» МБОУ «Ново-Идинская СОШ»,
    shipped in resources/indicators/put_k_uspehu.json (the names word for word; the
    target is the last year's, "70%", the actual value is left to measure)."""
    from mentor_desk.paths import resource

    def last_target(targets: dict[str, float]) -> str:
        if not targets:
            return ""
        value = targets[max(targets, key=lambda years: int(years[-4:]))]  # "2024", "2024-2026"
        return f"{value:g}%"

    try:
        preset = json.loads(resource(*INDICATOR_PRESET).read_text(encoding="utf-8"))
        return [
            Indicator(
                name=" ".join(str(item["name"]).split()),
                target=last_target(item.get("targets", {})),
                project=" ".join(str(item.get("project", "")).split()),
            )
            for item in preset["indicators"]
        ]
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return []  # a damaged preset leaves the table out, never the passport


def passport_data(
    conn: sqlite3.Connection, today: date, *, indicators: Sequence[Indicator] | None = None
) -> Passport:
    """The program passport filled from the profile and the register as they are today.

    The period is the latest roadmap's, else the school year of the profile; the forms
    are those of the pairs and groups not ended; the target audience the target groups
    the register uses (the whole list when none is used yet), split into students' and
    staff's; the partners the organisations of the partners in the register; the
    indicators as given, by default those of «Путь к успеху!» (default_indicators()).
    """
    profile = profile_of(conn)
    curators = []
    for line in profile.curators.splitlines():
        name, position = name_and_position(line)
        if name:
            curators.append(", ".join(part for part in (name, position) if part))
    plans = roadmaps(conn)  # the latest is the last
    start = profile.academic_year_start or today.year
    period = (plans[-1].start_year, plans[-1].end_year) if plans else (start, start + 1)
    facts = passport_facts(conn)
    forms = [form.label for form in Form if form in facts.forms]
    tags = facts.target_groups or term_names(conn, TermKind.TARGET_GROUP)
    students, staff = split_audience(tags)
    by_status = pairs_summary(conn)["by_status"]
    counted = {status: by_status[status.value] for status in Status if by_status[status.value]}
    return Passport(
        org_full_name=profile.full_name,
        org_short_name=profile.short_name,
        municipality=profile.municipality,
        address=profile.address,
        director=initials_last(profile.director_name),
        director_position=profile.director_position.strip() or "Директор",
        curators=curators,
        period=period,
        forms=forms,
        target_audience=students,
        staff_audience=staff,
        counts=PassportCounts(
            as_of=today,
            mentors=facts.mentors,
            mentees=facts.mentees,
            pairs=counted,
        ),
        place=place_or_default(profile, None),
        partners=facts.partners,
        indicators=list(default_indicators() if indicators is None else indicators),
    )


def consent_data(
    conn: sqlite3.Connection, participant_ids: Sequence[int], today: date
) -> list[ConsentForm]:
    """A consent form for each person, in the order given: an adult's own, or for a minor
    (today, or a student with no birth date) the legal representative's, with the
    representative named when the register has them. The school is the operator, with
    its address."""
    profile = profile_of(conn)
    ids = list(dict.fromkeys(participant_ids))
    if not ids:
        raise DocumentError("Не выбрано ни одного участника")
    rows = {row.id: row for row in register_rows(conn, today)}
    if any(pid not in rows for pid in ids):
        raise DocumentError("Участник не найден: возможно, его удалили из реестра")
    forms = []
    for pid in ids:
        row = rows[pid]
        # A student whose birth date the register does not know is taken for a minor:
        # the legal representative's form, never a child's signature on an adult's one.
        minor = is_minor(row.birth_date, today) or (
            row.category is Category.STUDENT and row.birth_date is None
        )
        representative = " ".join(row.representative_name.split())
        forms.append(
            ConsentForm(
                org_full_name=profile.full_name,
                org_address=profile.address,
                person_name=row.full_name,
                birth_date=row.birth_date,
                representative_name=representative if minor and representative else None,
                minor=minor,
                today=today,
            )
        )
    return forms


EXTRACT_KINDS: tuple[ExtractKind, ...] = ("mentors", "mentees", "pairs")


def extract_data(conn: sqlite3.Connection, kind: str, personal: bool, today: date) -> Extract:
    """A register extract: "mentors", "mentees" (not archived) or "pairs" (not ended).

    Only what may be printed reaches the data: a person without a valid consent is
    passed as consent=False with the name and the class or position only (the builder
    leaves them out and counts them); the birth date and the contacts are passed only
    with personal=True and only for people whose consent is valid.
    """
    if kind not in EXTRACT_KINDS:
        raise DocumentError("Выписка бывает трёх видов: наставники, наставляемые, пары и группы")
    list_kind: ExtractKind = "mentors" if kind == "mentors" else (
        "mentees" if kind == "mentees" else "pairs"
    )  # fmt: skip
    profile = profile_of(conn)
    rows = {row.id: row for row in register_rows(conn, today)}

    def person(pid: int) -> PersonRow:
        row = rows[pid]
        allowed = row.consent is ConsentState.VALID
        details = personal and allowed
        return PersonRow(
            full_name=row.full_name,
            role=role_of(row.category, row.class_name, row.position, row.organization),
            birth_date=row.birth_date if details else None,
            phone=row.phone if details else "",
            email=row.email if details else "",
            consent=allowed,
        )

    listed: list[PersonRow] | list[PairRow]
    if list_kind == "pairs":
        ids = pair_ids_by_status(conn)
        found = _pairs(conn, ids) if ids else []
        found.sort(key=lambda p: (rows[p.mentor_id].search_key, p.id))
        listed = [
            PairRow(
                mentor=person(pair.mentor_id),
                mentees=[person(m) for m in pair.mentee_ids],
                form=pair.form,
                kind=pair.kind,
                term=Term(pair.started_on, pair.ends_on)
                if pair.started_on and pair.ends_on
                else None,
                status=pair.status,
                order=f"№ {pair.order_number} от {format_date(pair.order_date)}"
                if pair.order_number and pair.order_date
                else "",
            )
            for pair in found
        ]
    else:
        wanted = [
            row
            for row in rows.values()
            if not row.archived and (row.is_mentor if list_kind == "mentors" else row.is_mentee)
        ]
        wanted.sort(key=lambda row: (row.search_key, row.id))
        listed = [person(row.id) for row in wanted]
    curator_name, _ = name_and_position(first_line(profile.curators))
    return Extract(
        kind=list_kind,
        org_full_name=profile.full_name,
        as_of=today,
        rows=listed,
        personal=personal,
        signer_position="Куратор" if curator_name else "",
        signer_name=initials_last(curator_name),
    )


def _sort_key(person: DocPerson) -> tuple[str, str, str]:
    return fold(person.last_name), fold(person.first_name), fold(person.middle_name)


# --- what is ready for an order ----------------------------------------------------------


def ready_for(conn: sqlite3.Connection, kind: DocKind, today: date) -> list[int]:
    """What a new document of this kind would be made of, by default.

    PAIRS: the draft pairs and groups; END: the ended ones no order ending programs
    names yet; CONSENT: the people (not archived) without a valid consent and with no
    consent form handed out yet. Other kinds are made of the whole register: [].
    """
    if kind is DocKind.PAIRS:
        return pair_ids_by_status(conn, draft=True)
    if kind is DocKind.END:
        return ended_not_ordered(conn)
    if kind is DocKind.CONSENT:
        people = [
            row
            for row in register_rows(conn, today)
            if not row.archived
            and row.consent is not ConsentState.VALID
            and row.consent_form_handed is None
        ]
        people.sort(key=lambda row: (row.search_key, row.id))
        return [row.id for row in people]
    return []
