"""The demo roadmap: the sample roadmap of the Завитинский округ in every state on `today`."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from mentor_desk.demo.names import ADVISER
from mentor_desk.demo.people import Generator, table
from mentor_desk.domain.dates import MONTHS_GENITIVE, format_date
from mentor_desk.domain.deadlines import DeadlineKind, parse_deadline
from mentor_desk.domain.participants import Category
from mentor_desk.domain.roadmap import ItemStatus, Template
from mentor_desk.services.roadmap_templates import scan_templates
from mentor_desk.storage.models import Roadmap, RoadmapItem, RoadmapResponsible

# The sample roadmap of прил. 2 к приказу отдела образования Завитинского МО от 15.11.2022
# № 246: its 34 activities.
ROADMAP_TEMPLATE = "zavitinsk_sample"
TRAINING_CENTRE = "ГАУ ДПО «Амурский областной институт развития образования»"
MENTORS_TEXT = "наставники"

# For each activity of the template, in its order: the deadline as the school wrote it
# ({0}, {1}, {2}: the first, second and last year of the period) and who is responsible:
# roles of the staff (RoadmapMaker.people), then free text for outsiders.
ROADMAP_PLAN: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Сентябрь {0}", ("uvr",), ""),
    ("Сентябрь {0}", ("vr",), "классные руководители 1–11 классов"),
    ("Октябрь {0}", ("vr",), "Совет выпускников школы, представители организаций-партнёров"),
    ("До 15 октября {0}", ("adviser",), ""),
    ("До конца октября {0}", ("vr", "psychologist"), ""),
    ("Ноябрь {0}", ("social",), "классные руководители"),
    ("До 20 ноября {0}", ("vr",), ""),
    ("Декабрь {0}", ("director", "vr"), ""),
    ("Декабрь {0}", ("psychologist",), ""),
    ("До 25 января {1}", ("uvr",), ""),
    ("Январь {1}", ("uvr", "vr"), ""),
    ("Февраль {1}", ("vr",), ""),
    ("Февраль {1}", ("psychologist",), ""),
    ("Март {1}", ("uvr", "psychologist"), ""),
    ("Март {1}", ("uvr",), TRAINING_CENTRE),
    ("По отдельному графику", ("uvr",), TRAINING_CENTRE),
    ("Апрель {1}", ("vr", "adviser"), ""),
    ("До 30 апреля {1}", ("psychologist",), ""),
    ("Май {1}", ("vr",), ""),
    ("Сентябрь {1}", ("director", "vr"), ""),
    ("Сентябрь {1}", ("mentor",), MENTORS_TEXT),
    ("Октябрь {1}", ("mentor",), MENTORS_TEXT),
    ("До 15 ноября {1}", ("mentor",), MENTORS_TEXT),
    ("В течение всего периода реализации программы", (), "наставники и наставляемые"),
    ("1 раз в квартал", ("vr",), ""),
    ("Апрель {2}", ("mentor",), MENTORS_TEXT),
    ("Май {2}", ("vr", "adviser"), ""),
    ("Ежегодно (май)", ("psychologist",), ""),
    ("До 15 мая {2}", ("adviser",), ""),
    ("Май {2}", ("director",), ""),
    ("1 раз в полугодие", ("uvr",), ""),
    ("Июнь {2}", ("psychologist", "uvr"), ""),
    ("До конца июня {2}", ("mentor",), ""),
    ("Август {2}", ("vr",), "ответственный за сайт школы"),
)
# Evidence written down for some activities once done (by index in the plan).
ROADMAP_EVIDENCE = {
    0: "протокол педагогического совета № 2 от {done}",
    1: "протоколы родительских собраний 1–11 классов",
    15: "удостоверения о повышении квалификации наставников — у куратора",
    19: "приказ от {done} «О закреплении наставнических пар (групп)»",
}
ROADMAP_EXTRA = (
    "Подготовка отчёта о ходе реализации программы наставничества для отдела образования"
)
# Who stands in, as free text, for a specialist a small school does not have on its staff.
ROLE_TEXT = {
    "psychologist": "педагог-психолог ППМС-центра",
    "social": "социальный педагог ППМС-центра",
    "mentor": MENTORS_TEXT,
}
OVERDUE_NOTE = "не все пары отчитались; напомнить наставникам"


class RoadmapMaker:
    """The demo's roadmap: the sample roadmap (прил. 2 к приказу Завитинского МО № 246) for
    the two academic years up to the end of the current one, filled in as a school would,
    in every state on `today`.

    Activities of the past are done (some late), except a few recent ones left undone
    (просрочено); what is due in the coming month is in progress or not started; the
    regular activities are in progress; one item the curator added is due within days,
    so the start notice has something to say.
    """

    def __init__(self, gen: Generator, seed: int) -> None:
        self.rng = random.Random(f"roadmap:{seed}")  # apart from the school's draws
        self.today = gen.today
        self.start_year = gen.year.start_year - 1
        self.end_year = gen.year.start_year + 1
        self.people = self._people(gen.rows)

    def _people(self, rows: list[dict[str, Any]]) -> dict[str, list[int]]:
        """Staff by their part in the roadmap (the curator is the deputy for ВР)."""
        staff = [r for r in rows if r["archived_at"] is None
                 and r["category"] in (Category.HEAD.value, Category.TEACHER.value)]  # fmt: skip
        by_position: dict[str, list[int]] = {}
        for row in staff:
            by_position.setdefault(row["position"], []).append(row["id"])
        mentors = [r["id"] for r in staff
                   if r["is_mentor"] and r["category"] == Category.TEACHER.value]  # fmt: skip
        people = {
            "director": by_position.get("директор", [])[:1],
            "uvr": by_position.get("заместитель директора по УВР", [])[:1],
            "vr": by_position.get("заместитель директора по ВР", [])[:1],
            "adviser": by_position.get(ADVISER, [])[:1],
            "psychologist": by_position.get("педагог-психолог", [])[:1],
            "social": by_position.get("социальный педагог", [])[:1],
            "mentor": sorted(self.rng.sample(mentors, min(2, len(mentors)))),
        }
        people["vr"] = people["vr"] or people["uvr"] or people["director"]
        people["uvr"] = people["uvr"] or people["vr"]
        people["adviser"] = people["adviser"] or people["vr"]
        return people

    def _outsiders(self, roles: tuple[str, ...], text: str) -> str:
        """The free text, with the specialists the school does not have on its staff."""
        missing = [
            ROLE_TEXT[role]
            for role in roles
            if role in ROLE_TEXT and not self.people[role] and ROLE_TEXT[role] not in text
        ]
        return ", ".join(part for part in (*missing, text) if part)

    def _done_on(self, due: date) -> date:
        earliest = date(self.start_year, 8, 25)
        if self.rng.random() < 0.2:
            day = due + timedelta(days=self.rng.randint(1, 12))  # done late
        else:
            day = due - timedelta(days=self.rng.randint(0, 20))
        return max(earliest, min(day, self.today))

    def rows(
        self, roadmap_id: int, first_item_id: int, chosen: Template
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        today, rng = self.today, self.rng
        years = (self.start_year, self.start_year + 1, self.end_year)
        roadmap = {
            "id": roadmap_id,
            "title": f"Дорожная карта наставничества на {self.start_year}-{self.end_year} годы",
            "start_year": self.start_year,
            "end_year": self.end_year,
            "template": chosen.key,
            "created_at": datetime.combine(date(self.start_year, 8, 28), time(10)),
        }
        items: list[dict[str, Any]] = []
        responsible: list[dict[str, Any]] = []
        plan = list(ROADMAP_PLAN[: len(chosen.items)])
        plan += [("", (), "")] * (len(chosen.items) - len(plan))
        texts = [(t.section, t.activity, t.expected_result, t.indicator) for t in chosen.items]
        soon_day = today + timedelta(days=rng.randint(5, 12))
        soon_text = f"до {soon_day.day} {MONTHS_GENITIVE[soon_day.month - 1]} {soon_day.year}"
        plan.append((soon_text, ("vr",), ""))
        texts.append(("", ROADMAP_EXTRA, "", ""))
        dues: list[date | None] = []
        for position, (planned, written) in enumerate(zip(plan, texts, strict=True)):
            (pattern, roles, text), (section, activity, result, indicator) = planned, written
            deadline_text = pattern.format(*years)
            deadline = parse_deadline(deadline_text, self.start_year, self.end_year)
            due = deadline.next_due(today)
            dues.append(due)
            if deadline.occurrences and due is not None and due < today:
                status, done = ItemStatus.DONE, self._done_on(due)
            elif deadline.kind is DeadlineKind.ONGOING or deadline.occurrences:
                status, done = ItemStatus.IN_PROGRESS, None
            elif due is None:
                status, done = ItemStatus.DONE, self._done_on(date(years[1], 3, 20))
            elif due < today:
                status, done = ItemStatus.DONE, self._done_on(due)
            elif due <= today + timedelta(days=30):
                status = ItemStatus.IN_PROGRESS if rng.random() < 0.7 else ItemStatus.NOT_STARTED
                done = None
            else:
                status, done = ItemStatus.NOT_STARTED, None
            note = ROADMAP_EVIDENCE.get(position, "") if done else ""
            items.append({
                "id": first_item_id + position, "roadmap_id": roadmap_id,
                "position": position, "section": section, "activity": activity,
                "deadline_text": deadline_text, "due_on": None,
                "responsible_text": self._outsiders(roles, text),
                "expected_result": result, "indicator": indicator, "status": status.value,
                "done_on": done, "note": note.format(done=format_date(done)),
            })  # fmt: skip
            ids = sorted({pid for role in roles for pid in self.people.get(role, [])})
            responsible += [{"item_id": first_item_id + position, "participant_id": pid}
                            for pid in ids]  # fmt: skip
        self._leave_undone(items, dues)
        self._keep_one_not_started(items, dues)
        items[-1]["status"] = ItemStatus.IN_PROGRESS.value
        return roadmap, items, responsible

    def _leave_undone(self, items: list[dict[str, Any]], dues: list[date | None]) -> None:
        """A few recent activities were not done in time: просрочено."""
        today = self.today
        past = [n for n, (item, due) in enumerate(zip(items, dues, strict=True))
                if item["status"] == ItemStatus.DONE.value and due is not None and due < today
                and item["deadline_text"] and not item["note"]]  # fmt: skip
        recent = [n for n in past if today - timedelta(days=200) <= (dues[n] or today)]
        pool = recent if len(recent) >= 2 else past
        chosen = sorted(self.rng.sample(pool, min(len(pool), self.rng.randint(2, 4))))
        for order, n in enumerate(chosen):
            status = ItemStatus.IN_PROGRESS if order == 0 else ItemStatus.NOT_STARTED
            items[n].update(status=status.value, done_on=None,
                            note=OVERDUE_NOTE if order == 0 else "")  # fmt: skip

    def _keep_one_not_started(self, items: list[dict[str, Any]], dues: list[date | None]) -> None:
        """Near the end of the period the last activities are still to come."""
        to_come = [
            n
            for n, due in enumerate(dues[:-1])
            if items[n]["done_on"] is None and (due is None or due >= self.today)
        ]
        if any(items[n]["status"] == ItemStatus.NOT_STARTED.value for n in to_come):
            return
        dated = [n for n in to_come if dues[n] is not None]
        if dated:
            items[dated[-1]]["status"] = ItemStatus.NOT_STARTED.value


def _roadmap_template() -> Template | None:
    """The sample roadmap of the Завитинский МО (a broken file must not stop the demo)."""
    templates = scan_templates().templates
    return next((t for t in templates if t.key == ROADMAP_TEMPLATE), None)


def insert_roadmap(session: Session, gen: Generator, seed: int) -> int:
    """Write the demo roadmap; returns how many items it has (0 without the template)."""
    chosen = _roadmap_template()
    if chosen is None:
        return 0
    roadmap_id = (session.scalar(select(func.max(Roadmap.id))) or 0) + 1
    first_item = (session.scalar(select(func.max(RoadmapItem.id))) or 0) + 1
    roadmap, items, responsible = RoadmapMaker(gen, seed).rows(roadmap_id, first_item, chosen)
    session.execute(insert(table(Roadmap)), [roadmap])
    session.execute(insert(table(RoadmapItem)), items)
    if responsible:
        session.execute(insert(table(RoadmapResponsible)), responsible)
    return len(items)
