"""stats.summary()["roadmap"]: all items of all roadmaps by shown status, on a hand-made school."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from tests.helpers import TODAY

from mentor_desk.domain.roadmap import ShownStatus
from mentor_desk.services import roadmap
from mentor_desk.services.stats import summary
from mentor_desk.storage.database import Database

ZERO = {"not_started": 0, "in_progress": 0, "done": 0, "overdue": 0}


def test_an_empty_school_has_every_key_at_zero(db: Database) -> None:
    assert summary(db.reader, TODAY)["roadmap"] == {"total": 0, "by_status": ZERO, "overdue": 0}


def test_items_of_all_roadmaps_by_shown_status(db: Database) -> None:
    with db.transaction() as session:
        current = roadmap.create(session, "На 2025-2027 годы", 2025, 2027, None, TODAY)
        old = roadmap.create(session, "На 2022-2024 годы", 2022, 2024, None, TODAY)

        def add(roadmap_id: int, due: date | None, text: str = "") -> int:
            return roadmap.add_item(session, roadmap_id, "", "Мероприятие", due_on=due,
                                    deadline_text=text)  # fmt: skip

        done = [add(current, date(2026, 9, 1)), add(old, date(2024, 5, 1))]
        working = [add(current, TODAY + timedelta(days=30)), add(current, None)]
        late = [add(current, TODAY - timedelta(days=1)), add(old, date(2024, 12, 31))]
        late_working = add(current, date(2026, 10, 1))
        add(current, TODAY)  # due today: not started, not yet overdue
        add(current, None, "По отдельному графику")  # no due date: never overdue
        add(current, None, "До 10.03.2026г")  # derived, passed: overdue
        roadmap.mark_done(session, done, date(2026, 10, 1), today=TODAY)
        roadmap.set_status(session, [*working, late_working], "in_progress", today=TODAY)
        assert late

    report = summary(db.reader, TODAY)["roadmap"]
    assert report == {
        "total": 10,
        "by_status": {"not_started": 2, "in_progress": 2, "done": 2, "overdue": 4},
        "overdue": 4,
    }
    assert list(report["by_status"]) == [s.value for s in ShownStatus]
    assert sum(report["by_status"].values()) == report["total"]
    # The same school a year later: everything not done is overdue by then.
    later = summary(db.reader, date(2028, 1, 10))["roadmap"]
    assert later["by_status"] == {"not_started": 1, "in_progress": 1, "done": 2, "overdue": 6}


def test_the_readme_documents_the_roadmap_object(db: Database) -> None:
    """The example of `info --json` in README.md has the keys the report has, and words."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("`mentor-desk info --json` печатает один объект JSON:")[1]
    found = re.search(r"```json\n(.*?)\n```", block, re.DOTALL)
    assert found is not None
    example = json.loads(found[1])
    report = summary(db.reader, TODAY)
    assert set(example) == set(report)
    documented = example["roadmap"]
    assert set(documented) == set(report["roadmap"])
    assert list(documented["by_status"]) == list(report["roadmap"]["by_status"])
    assert sum(documented["by_status"].values()) == documented["total"]
    assert documented["overdue"] == documented["by_status"]["overdue"]
    notes = block.split("```", 2)[2].split("\n## ")[0]
    assert "- `roadmap`:" in notes
    assert all(f"`{key}`" in notes for key in documented["by_status"])
