"""services.surveys on a real database: names matched to the register, an import of a
file's answers in one transaction, and the scores the satisfaction indicators count."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mentor_desk.exchange.surveys import AnswerRow, read_answers
from mentor_desk.queries import monitoring as reads
from mentor_desk.services import surveys
from mentor_desk.services.monitoring import MonitoringError
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Participant


def people(db: Database, *names: tuple[str, str, str]) -> list[int]:
    with db.transaction() as s:
        added = [
            Participant(last_name=last, first_name=first, middle_name=middle, category="student")
            for last, first, middle in names
        ]
        s.add_all(added)
        s.flush()
        return [p.id for p in added]


def test_match_names(db: Database) -> None:
    anna, _petr1, _petr2, olga = people(
        db,
        ("Семёнова", "Анна", "Игоревна"),
        ("Петров", "Пётр", "Ильич"),
        ("Петров", "Пётр", "Ильич"),
        ("Орлова", "Ольга", ""),
    )
    with db.transaction() as s:
        matches = surveys.match_names(
            s,
            [
                "  семенова анна  игоревна",  # ё, case and spaces aside
                "Семёнова Анна",  # «Фамилия Имя» of one person
                "Петров Пётр Ильич",  # two people of that name
                "Орлова Ольга",
                "Сидоров",
                "",
                None,
            ],
        )
    assert matches.ids == [anna, anna, None, olga, None, None, None]
    assert len(matches.warnings) == 2
    assert "несколько человек (2)" in matches.warnings[0]
    assert "«Сидоров» нет в реестре" in matches.warnings[1]


def test_import_a_file_then_the_scores(db: Database, tmp_path: Path) -> None:
    (anna,) = people(db, ("Семёнова", "Анна", "Игоревна"))
    q = surveys.questionnaire()
    overall = q.question("overall")
    comfort = q.question("comfort")
    engagement = q.question("mentee_engagement")
    assert overall and comfort and engagement
    path = tmp_path / "ответы.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Роль", overall.text, comfort.text, engagement.text])
    sheet.append(["Семёнова Анна Игоревна", "наставляемый", 9, 8, None])
    sheet.append([None, "наставляемый", 4, 6, None])
    sheet.append(["Никто", "наставляемый", 7, 7, None])
    sheet.append(["Кто-то", "наставник", 10, None, 9])
    sheet.append(["Плохой", "наставник", 12, None, 9])
    book.save(path)
    preview = read_answers(path, q, None)
    assert preview.bad_rows == [6]
    with db.transaction() as s:
        result = surveys.import_answers(s, 2025, None, preview.rows, source="import")
    assert len(result.ids) == 4
    assert result.warnings == [
        "«Никто» нет в реестре: ответ будет сохранён без имени",
        "«Кто-то» нет в реестре: ответ будет сохранён без имени",
    ]
    mentees = reads.responses(db.reader, 2025, "mentee")
    assert [(r.participant_id, r.answers) for r in mentees] == [
        (anna, {"overall": 9, "comfort": 8}),
        (None, {"overall": 4, "comfort": 6}),
        (None, {"overall": 7, "comfort": 7}),
    ]
    assert {r.source for r in mentees} == {"import"}
    assert mentees[0].respondent == "Семёнова Анна Игоревна"
    scores = surveys.satisfaction_scores(db.reader, 2025)
    assert scores == {"mentee": [8.5, 5.0, 7.0], "mentor": [9.5]}
    assert surveys.satisfaction_scores(db.reader, 2024) == {"mentee": [], "mentor": []}
    summary = surveys.survey_summary(db.reader, 2025, "mentee")
    assert (summary.respondents, summary.scored, summary.satisfied) == (3, 3, 2)
    by_key = {x.question.key: x for x in summary.questions}
    assert by_key["overall"].distribution[3] == 1 and by_key["overall"].distribution[8] == 1
    assert by_key["comfort"].mean == pytest.approx(7.0)


def test_a_bad_row_writes_nothing(db: Database) -> None:
    rows = [
        AnswerRow(2, "", "mentee", {"overall": 9}),
        AnswerRow(3, "", "mentee", {"overall": 11}),  # a stale or forged preview
    ]
    with pytest.raises(MonitoringError, match=r"Строка 3: .*от 1 до 10"), db.transaction() as s:
        surveys.import_answers(s, 2025, None, rows)
    assert reads.responses(db.reader, 2025) == []
    with pytest.raises(MonitoringError, match="нет ни одного ответа"), db.transaction() as s:
        surveys.import_answers(s, 2025, "mentor", [AnswerRow(2, "", "mentor", {"liked": " "})])
    assert reads.responses(db.reader, 2025) == []


def test_confirmed_ids_and_the_default_role(db: Database) -> None:
    (olga,) = people(db, ("Орлова", "Ольга", ""))
    rows = [AnswerRow(2, "О. Орлова", "mentor", {"overall": 8})]
    with db.transaction() as s:
        result = surveys.import_answers(s, 2025, "mentor", rows, participant_ids=[olga])
    assert result.warnings == []
    (stored,) = reads.responses(db.reader, 2025, "mentor")
    assert stored.participant_id == olga
    with pytest.raises(ValueError), db.transaction() as s:
        surveys.import_answers(s, 2025, "mentor", rows, participant_ids=[])
