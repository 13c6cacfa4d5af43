"""The entry point of the demo generator: one empty database becomes a demo school."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from sqlalchemy import func, insert, select

from mentor_desk.demo.monitoring import insert_monitoring, mark_dop
from mentor_desk.demo.names import ADVISER, load_names
from mentor_desk.demo.pairs import PairMaker, journal_orders
from mentor_desk.demo.people import Generator, participant_template, table
from mentor_desk.demo.preferences import preferences
from mentor_desk.demo.roadmap import insert_roadmap
from mentor_desk.queries.profile import SchoolProfile
from mentor_desk.services import vocabulary
from mentor_desk.services.profile import save_profile
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import (
    Meeting,
    Mentorship,
    MentorshipEvent,
    MentorshipMentee,
    Organization,
    Participant,
    ParticipantTerm,
    PlanItem,
    Preference,
    Term,
)


def generate_demo(
    db: Database, *, students: int = 600, teachers: int = 60, seed: int = 1, today: date
) -> dict[str, int]:
    """Fill an empty database with a demo school; returns how many of whom were written.

    "pairs" counts the pairs and the groups in every status, "groups" those of them with
    more than one mentee.

    Raises ValueError (Russian) if the database already has participants or a school
    profile. The default lists are added unless the database already has them.
    """
    if students < 0 or teachers < 0:
        raise ValueError("Число обучающихся и педагогов не может быть отрицательным")
    names = load_names()
    gen = Generator(random.Random(seed), today, names)
    gen.template = participant_template()
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Participant)):
            raise ValueError(
                "В базе уже есть участники: демонстрационная школа записывается только "
                "в новую пустую базу"
            )
        if session.scalar(select(func.count()).select_from(Organization)):
            raise ValueError(
                "В базе уже заполнены сведения об организации: демонстрационная школа "
                "записывается только в новую пустую базу"
            )
        if not session.scalar(select(func.count()).select_from(Term)):
            vocabulary.seed_defaults(session)
            session.flush()
        gen.load_terms(session)

        heads = gen.heads(teachers)
        staff = gen.teachers(teachers)
        families = gen.students(students)
        parents = max(3, students // 60)
        graduates = max(2, students // 150)
        university = max(2, students // 200)
        partners = max(3, students // 100)
        gen.parents(parents, families)
        gen.outsiders(graduates, university, partners)

        director = heads[0][0]
        curators = [
            f"{who.name}, {position}" for who, position in heads if position.endswith("по ВР")
        ]
        curators += [f"{who.name}, {position}" for who, position in staff if position == ADVISER][
            :1
        ]
        save_profile(
            session,
            SchoolProfile(
                full_name=names.school["full_name"],
                short_name=names.school["short_name"],
                municipality=names.school["municipality"],
                address=names.school["address"],
                director_name=director.name,
                director_position="Директор",
                curators="\n".join(curators or [f"{heads[-1][0].name}, {heads[-1][1]}"]),
                academic_year_start=gen.year.start_year,
            ),
        )
        # The pairs first: the cards that show every warning change a few people
        # (archived, a role unticked), and the register goes in as they are then.
        maker = PairMaker(gen)
        pairs = maker.make()
        pairs.preferences = preferences(maker, maker.live)
        dop = mark_dop(gen, seed)
        # Core inserts on the tables, not ORM bulk mode: the ORM splits an executemany
        # wherever the set of None columns changes (16,000 statements for 50,000 rows).
        session.execute(insert(table(Participant)), gen.rows)
        if gen.links:
            session.execute(insert(table(ParticipantTerm)), gen.links)
        for model, rows in (
            (Mentorship, pairs.mentorships),
            (MentorshipMentee, pairs.mentees),
            (MentorshipEvent, pairs.events),
            (PlanItem, pairs.plan),
            (Meeting, pairs.meetings),
            (Preference, pairs.preferences),
        ):
            if rows:
                session.execute(insert(table(model)), rows)
        journal_orders(session, today)
        insert_roadmap(session, gen, seed)
        monitoring = insert_monitoring(session, gen, seed)
    return {
        "participants": len(gen.rows),
        "students": students,
        "teachers": teachers,
        "heads": len(heads),
        "parents": parents,
        "graduates": graduates,
        "university_students": university,
        "partners": partners,
        "mentors": sum(1 for r in gen.rows if r["is_mentor"]),
        "mentees": sum(1 for r in gen.rows if r["is_mentee"]),
        "in_dop": dop,
        "term_links": len(gen.links),
        "pairs": len(pairs.mentorships),
        "groups": sum(
            1 for n in Counter(r["mentorship_id"] for r in pairs.mentees).values() if n > 1
        ),
        **monitoring,
    }
