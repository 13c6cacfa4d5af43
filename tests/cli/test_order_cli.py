"""`mentor-desk order`: orders and documents headless, checked in the file and in the database."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
from sqlalchemy import update
from tests.documents.reading import all_text
from tests.helpers import TODAY

from mentor_desk.cli import main
from mentor_desk.domain.pairs import EndReason
from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.queries.profile import SchoolProfile
from mentor_desk.services import pairs, participants
from mentor_desk.services.profile import save_profile
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Participant

PROFILE = SchoolProfile(
    full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3»",
    short_name="МБОУ СОШ № 3",
    municipality="г. Завитинск",
    address="676870, Амурская область, г. Завитинск, ул. Куйбышева, д. 3",
    director_name="Петрова Анна Сергеевна",
    curators="Кравченко Елена Викторовна, заместитель директора по УВР",
    academic_year_start=2026,
)
ORDER_DATE = "15.11.2026"  # not after the real today of any run: TODAY is 23.11.2026


def add(db: Database, last: str, category: Category, **extra: Any) -> int:
    fields: dict[str, Any] = {
        "first_name": "Иван", "middle_name": "Петрович", "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2026, 9, 1), "consent_signer": "сам",
        "representative_name": "Иванова Мария Петровна", **extra,
    }  # fmt: skip
    with db.transaction() as session:
        return participants.create(session, ParticipantData(last_name=last, category=category,
                                                            **fields), TODAY)  # fmt: skip


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    """A profile, two draft pairs (one a group), and a teacher without consent."""
    with db.transaction() as session:
        save_profile(session, PROFILE)
    teacher = {"is_mentor": True, "capacity": 3, "position": "учитель математики"}
    pupil = {"is_mentee": True, "class_name": "7Б", "birth_date": date(2013, 4, 1)}
    no_consent = {"consent_status": ConsentStatus.NONE, "consent_date": None}
    ids = {
        "mentor": add(db, "Смирнова", Category.TEACHER, first_name="Ольга", **teacher),
        "mentor2": add(db, "Андреев", Category.TEACHER, first_name="Борис", **teacher),
        "pupil": add(db, "Иванов", Category.STUDENT, **pupil),
        "pupil2": add(db, "Петров", Category.STUDENT, **pupil),
        "pupil3": add(
            db, "Белова", Category.STUDENT, first_name="Анна", middle_name="Олеговна", **pupil
        ),
        "no_consent": add(db, "Яковлев", Category.TEACHER, **no_consent),
        "minor_no_consent": add(
            db,
            "Юрьев",
            Category.STUDENT,
            is_mentee=True,
            class_name="5А",
            birth_date=date(2015, 1, 1),
            representative_name="Юрьева Ольга Ивановна",
            **no_consent,
        ),
    }
    with db.transaction() as session:
        ids["pair"] = pairs.create(session, ids["mentor"], [ids["pupil"]], TODAY)
        ids["group"] = pairs.create(session, ids["mentor2"], [ids["pupil2"], ids["pupil3"]], TODAY)
    return ids


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def issue_pairs(capsys, db_path: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "order", "--db", db_path, "--kind", "pairs", "--out", out,
               "--number", "45-о", "--date", ORDER_DATE, *extra)  # fmt: skip


def test_pairs_order_is_issued(school, db_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "order.pdf"
    code, stdout, err = issue_pairs(capsys, db_path, out)
    assert (code, err) == (0, "")
    assert stdout.strip() == f"Приказ № 45-о от 15.11.2026: 2 пары и группы утверждены → {out}"
    statuses = query(db_path, "SELECT status, order_number, order_date FROM mentorship")
    assert statuses == [("approved", "45-о", "2026-11-15")] * 2
    documents = query(db_path, "SELECT id, kind, number, issued_on, title FROM issued_document")
    assert documents == [
        (1, "pairs", "45-о", "2026-11-15", "О закреплении наставнических пар (групп)")
    ]
    links = query(db_path, "SELECT document_id, mentorship_id FROM issued_document_pair")
    assert sorted(links) == [(1, school["pair"]), (1, school["group"])]
    text = all_text(out.read_bytes())
    for expected in ("№ 45-о", "15.11.2026", "п р и к а з ы в а ю", "Смирнова О.П.",
                     "Андреев Б.П.", "Иванов И.П. (7Б)", "Белова А.О. (7Б)", "А.С. Петрова",
                     "Кравченко Е.В."):  # fmt: skip
        assert expected in text
    assert "ПРОЕКТ" not in text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left
    # Issued once: nothing is ready any more, and the number is taken for the year.
    code, _, err = issue_pairs(capsys, db_path, tmp_path / "again.pdf")
    assert code == 2 and "нет пар и групп в статусе «черновик»" in err
    assert not (tmp_path / "again.pdf").exists()


def test_draft_records_nothing(school, db_path: Path, tmp_path: Path, capsys):
    before = dump(db_path)
    out = tmp_path / "project.pdf"
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "pairs", "--out", out,
                            "--draft")  # fmt: skip
    assert (code, err) == (0, "")
    assert "ПРОЕКТ" in stdout and "2 пары и группы" in stdout
    assert dump(db_path) == before
    text = all_text(out.read_bytes())
    assert "ПРОЕКТ" in text and "Смирнова О.П." in text and "№ ______" in text


def test_docx_output_opens_with_python_docx(school, db_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "order.docx"
    code, _, err = issue_pairs(capsys, db_path, out)
    assert (code, err) == (0, "")
    document = docx.Document(str(out))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    joined = " ".join(cells).replace("\u00a0", " ")
    assert "Смирнова О.П." in joined and "Белова А.О. (7Б)" in joined
    assert "ПРИКАЗ" in [p.text.replace("\u00a0", "").replace(" ", "") for p in document.paragraphs]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--number", "45-о"], "укажите номер и дату"),
        (["--date", ORDER_DATE], "укажите номер и дату"),
        (["--number", "1", "--date", "31.02.2026"], "--date: Такой даты нет: 31.02.2026"),
        (["--number", "1", "--date", "2026-11-15"], "--date: Введите дату в виде ДД.ММ.ГГГГ"),
        (["--number", "1", "--date", "future"], "не может быть в будущем"),
    ],
)
def test_order_refusals(school, db_path: Path, tmp_path: Path, capsys, argv, message):
    if "future" in argv:
        argv = [a if a != "future" else f"{date.today() + timedelta(days=3):%d.%m.%Y}"
                for a in argv]  # fmt: skip
    before = dump(db_path)
    out = tmp_path / "order.pdf"
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "pairs", "--out", out,
                            *argv)  # fmt: skip
    assert code == 2 and stdout == ""
    assert err.startswith("mentor-desk: ") and message in err
    assert dump(db_path) == before and not out.exists()


def test_unknown_extension_and_missing_database(school, db_path: Path, tmp_path: Path, capsys):
    code, _, err = issue_pairs(capsys, db_path, tmp_path / "order.txt")
    assert code == 2 and "неизвестный формат файла «.txt»: укажите файл .pdf или .docx" in err
    code, _, err = issue_pairs(capsys, tmp_path / "none.sqlite3", tmp_path / "order.pdf")
    assert code == 2 and "файл базы данных не найден" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_number_used_this_year_is_refused(school, db, db_path: Path, tmp_path: Path, capsys):
    assert issue_pairs(capsys, db_path, tmp_path / "first.pdf")[0] == 0
    with db.transaction() as session:
        pairs.create(session, school["mentor"], [school["minor_no_consent"]], TODAY)
    before = dump(db_path)
    second = tmp_path / "second.pdf"
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "pairs", "--out", second,
                       "--number", "№ 45-О", "--date", "20.11.2026")  # fmt: skip
    assert code == 2
    assert err.strip() == (
        "mentor-desk: Номер 45-О уже использован в 2026 году: приказ от 15.11.2026 "
        "«О закреплении наставнических пар (групп)». Выберите другой номер."
    )
    assert dump(db_path) == before and not (tmp_path / "second.pdf").exists()


def test_no_profile_is_refused(db: Database, db_path: Path, tmp_path: Path, capsys):
    mentor = add(db, "Смирнова", Category.TEACHER, is_mentor=True)
    pupil = add(db, "Иванов", Category.STUDENT, is_mentee=True, class_name="7Б",
                birth_date=date(2013, 4, 1))  # fmt: skip
    with db.transaction() as session:
        pairs.create(session, mentor, [pupil], TODAY)
    code, _, err = issue_pairs(capsys, db_path, tmp_path / "order.pdf")
    assert code == 2
    assert "Заполните сведения об организации (Файл → Сведения об организации)" in err
    assert query(db_path, "SELECT count(*) FROM issued_document") == [(0,)]


def test_a_file_that_cannot_be_written_records_nothing(school, db_path: Path, tmp_path: Path,
                                                       capsys):  # fmt: skip
    before = dump(db_path)
    code, _, err = issue_pairs(capsys, db_path, tmp_path / "no such folder" / "order.pdf")
    assert code == 2 and "папка не найдена" in err
    assert "Не удалось сохранить «order.pdf»" in err and ".part" not in err  # not the temp's
    assert dump(db_path) == before
    # The target is a folder: the temporary file is written, putting it in place fails.
    (tmp_path / "busy.pdf").mkdir()
    code, _, err = issue_pairs(capsys, db_path, tmp_path / "busy.pdf")
    assert code == 2 and "Не удалось сохранить «busy.pdf»" in err
    assert dump(db_path) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_end_order_is_issued(school, db, db_path: Path, tmp_path: Path, capsys):
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "end", "--out",
                       tmp_path / "end.pdf", "--number", "50-о", "--date", ORDER_DATE)  # fmt: skip
    assert code == 2 and "нет завершённых пар и групп" in err
    assert issue_pairs(capsys, db_path, tmp_path / "order.pdf")[0] == 0
    with db.transaction() as session:
        pairs.start(session, [school["pair"]], date(2026, 11, 16), today=TODAY)
        pairs.end(session, [school["pair"]], date(2026, 11, 20), EndReason.PLAN_DONE, today=TODAY)
    out = tmp_path / "end.pdf"
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "end", "--out", out,
                            "--number", "50-о", "--date", "21.11.2026")  # fmt: skip
    assert (code, err) == (0, "")
    assert stdout.strip() == f"Приказ № 50-о от 21.11.2026: 1 завершённая пара или группа → {out}"
    text = all_text(out.read_bytes())
    assert "Иванов И.П. (7Б)" in text and "план выполнен полностью" in text
    assert query(db_path, "SELECT kind, number FROM issued_document ORDER BY id") == [
        ("pairs", "45-о"), ("end", "50-о")
    ]  # fmt: skip
    links = query(db_path, "SELECT mentorship_id FROM issued_document_pair WHERE document_id = 2")
    assert links == [(school["pair"],)]


def test_consent_forms_record_the_handouts(school, db_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "consent.pdf"
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "consent", "--out", out,
                            "--draft")  # fmt: skip
    assert (code, err) == (0, "") and "2 бланка" in stdout and "не отмечена" in stdout
    assert query(db_path, "SELECT count(*) FROM consent_handout") == [(0,)]
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "consent", "--out", out)
    assert (code, err) == (0, "")
    assert (
        stdout.strip() == f"Согласия на обработку ПДн: 2 бланка, выдача отмечена в реестре → {out}"
    )
    handed = query(db_path, "SELECT participant_id, handed_on FROM consent_handout ORDER BY 1")
    today = date.today().isoformat()
    assert handed == [(school["no_consent"], today), (school["minor_no_consent"], today)]
    text = all_text(out.read_bytes())
    assert "Яковлев Иван Петрович" in text
    assert "Юрьева Ольга Ивановна" in text and "несовершеннолетнего" in text
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "consent", "--out", out)
    assert code == 2 and "печатать нечего" in err


def test_passport_and_extracts(school, db_path: Path, tmp_path: Path, capsys):
    before = dump(db_path)
    out = tmp_path / "passport.docx"
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "passport", "--out", out)
    assert (code, err) == (0, "") and stdout.strip() == f"Паспорт программы наставничества → {out}"
    text = " ".join(p.text for p in docx.Document(str(out)).paragraphs).replace("\u00a0", " ")
    assert "ПАСПОРТ" in text and "А.С. Петрова" in text
    out = tmp_path / "mentees.pdf"
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "extract", "--list",
                            "mentees", "--personal", "--out", out)  # fmt: skip
    assert (code, err) == (0, "") and "с персональными данными" in stdout
    text = all_text(out.read_bytes())
    assert "Иванов Иван Петрович" in text and "01.04.2013" in text
    assert "Юрьев" not in text and "Не включены: 1" in text  # no consent: left out
    assert dump(db_path) == before  # printing lists records nothing
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "extract", "--out", out)
    assert code == 2 and "--list" in err
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "passport", "--out", out,
                       "--number", "1")  # fmt: skip
    assert code == 2 and "только для приказов" in err


# --- review fixes (issue 5) ----------------------------------------------------------------


def set_consent(db: Database, person: int, status: ConsentStatus) -> None:
    with db.transaction() as session:
        data = participants.load(session, person, TODAY)
        on = date(2026, 9, 1) if status is ConsentStatus.WITHDRAWN else None
        changed = {**data.__dict__, "consent_status": status, "consent_date": on}
        participants.update_person(session, person, ParticipantData(**changed), TODAY)


def test_pairs_without_consent_need_force(school, db, db_path: Path, tmp_path: Path, capsys):
    set_consent(db, school["pupil3"], ConsentStatus.NONE)
    before = dump(db_path)
    out = tmp_path / "order.pdf"
    for extra in ((), ("--draft",)):  # a draft names them too
        code, stdout, err = issue_pairs(capsys, db_path, out, *extra)
        assert code == 2 and stdout == ""
        assert err.strip() == (
            "mentor-desk: нет действующего согласия на обработку персональных данных: "
            "Белова А.О. (7Б) — нет согласия. Приказ назовёт их; чтобы издать его всё равно, "
            "добавьте --force"
        )
        assert dump(db_path) == before and not out.exists()
    code, stdout, err = issue_pairs(capsys, db_path, out, "--force")
    assert (code, err) == (0, "") and "2 пары и группы утверждены" in stdout
    assert query(db_path, "SELECT DISTINCT status FROM mentorship") == [("approved",)]


def test_a_withdrawn_consent_is_refused_even_with_force(
    school, db, db_path: Path, tmp_path: Path, capsys
):
    set_consent(db, school["pupil"], ConsentStatus.WITHDRAWN)
    before = dump(db_path)
    out = tmp_path / "order.pdf"
    code, _, err = issue_pairs(capsys, db_path, out, "--force")
    assert code == 2
    assert err.strip() == (
        "mentor-desk: Согласие на обработку персональных данных отозвано: Иванов И.П. (7Б); "
        "уберите их из пар или завершите пары"
    )
    assert dump(db_path) == before and not out.exists()


def test_force_is_documented_and_only_for_pairs(school, db_path: Path, tmp_path: Path, capsys):
    with pytest.raises(SystemExit):
        main(["order", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--force" in shown and "нет действующего согласия" in shown
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "end", "--out",
                       tmp_path / "end.pdf", "--draft", "--force")  # fmt: skip
    assert code == 2 and "--force указывается только для приказа о закреплении" in err
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "passport", "--out",
                       tmp_path / "p.pdf", "--date", ORDER_DATE)  # fmt: skip
    assert code == 2 and "только для приказов (pairs, end, roadmap)" in err


def test_a_roadmap_approved_again_says_so(school, db, db_path: Path, tmp_path: Path, capsys):
    from mentor_desk.services import roadmap

    with db.transaction() as session:
        made = roadmap.create(session, "Дорожная карта на 2026-2028 годы", 2026, 2028,
                              "zavitinsk_sample", TODAY)  # fmt: skip
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "roadmap", "--out", first,
                            "--number", "12-о", "--date", "02.11.2026")  # fmt: skip
    assert (code, err) == (0, "") and "повторно" not in stdout
    code, stdout, err = run(capsys, "order", "--db", db_path, "--kind", "roadmap", "--out", second,
                            "--number", "20-о", "--date", ORDER_DATE)  # fmt: skip
    assert (code, err) == (0, "")
    assert "(повторно: ранее — приказ № 12-о от 02.11.2026)" in stdout
    payloads = query(db_path, "SELECT json_extract(payload, '$.roadmap_id') FROM issued_document")
    assert payloads == [(made,), (made,)]


def test_pairs_list_shows_the_ids(school, db, db_path: Path, capsys):
    with db.transaction() as session:
        pairs.approve(session, [school["group"]], "3-о", date(2026, 11, 2), TODAY)
    code, out, _ = run(capsys, "pairs", "list", "--db", db_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{school['group']}\tутверждена\tАндреев Б.П. → Петров И.П. (7Б)")
    assert lines[0].endswith("; приказ № 3-о от 02.11.2026")
    assert lines[1].startswith(f"{school['pair']}\tчерновик\tСмирнова О.П. → Иванов И.П. (7Б)")
    code, out, _ = run(capsys, "pairs", "list", "--db", db_path, "--status", "draft", "--json")
    assert code == 0
    assert json.loads(out) == [{
        "id": school["pair"], "mentor": "Смирнова О.П.", "mentees": ["Иванов И.П. (7Б)"],
        "form": "teacher_student", "status": "draft", "order_number": "", "order_date": None,
    }]  # fmt: skip
    code, out, _ = run(capsys, "pairs", "list", "--db", db_path, "--status", "ended")
    assert code == 0 and out.strip() == "Пар и групп нет в состоянии «завершена»"
    code, _, err = run(capsys, "pairs", "list", "--db", db_path.with_name("none.sqlite3"))
    assert code == 2 and "файл базы данных не найден" in err


def test_a_draft_with_a_withdrawn_consent_no_longer_blocks_the_others(
    school, db, db_path: Path, tmp_path: Path, capsys
):
    with db.transaction() as session:
        blocked = pairs.create(session, school["mentor"], [school["minor_no_consent"]], TODAY)
    with db.transaction() as session:
        session.execute(
            update(Participant).where(Participant.id == school["minor_no_consent"])
            .values(consent_status="withdrawn", consent_date=date(2026, 10, 1))
        )  # fmt: skip
    out = tmp_path / "order.pdf"
    code, _, err = issue_pairs(capsys, db_path, out)
    assert code == 2 and "Согласие на обработку персональных данных отозвано: Юрьев" in err
    assert not out.exists()
    chosen = f"{school['pair']},{school['group']}"
    code, stdout, err = issue_pairs(capsys, db_path, out, "--pairs", chosen)
    assert code == 0, err
    assert stdout.startswith("Приказ № 45-о от 15.11.2026: 2 пары и группы утверждены")
    assert query(db_path, f"SELECT status FROM mentorship WHERE id = {blocked}") == [("draft",)]
    text = all_text(out.read_bytes())
    assert "Белова А.О. (7Б)" in text and "Юрьев" not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pairs", "x,2"], "--pairs: «x,2» — укажите номера пар и групп через запятую"),
        (["--pairs", ","], "укажите номера пар и групп через запятую"),
        (["--pairs", "999"], "--pairs: нет пар и групп с номерами 999"),
    ],
)
def test_pairs_refusals(school, db_path: Path, tmp_path: Path, capsys, argv, message):
    code, _, err = issue_pairs(capsys, db_path, tmp_path / "o.pdf", *argv)
    assert code == 2 and message in err and err.startswith("mentor-desk: ")


def test_pairs_must_be_drafts_and_only_for_the_pairs_order(
    school, db, db_path: Path, tmp_path: Path, capsys
):
    with db.transaction() as session:
        pairs.approve(session, [school["group"]], "3-о", date(2026, 11, 2), TODAY)
    code, _, err = issue_pairs(capsys, db_path, tmp_path / "o.pdf", "--pairs",
                               f"{school['pair']},{school['group']}")  # fmt: skip
    assert code == 2 and f"--pairs: не черновики: {school['group']} (утверждена)" in err
    code, _, err = run(capsys, "order", "--db", db_path, "--kind", "end", "--out",
                       tmp_path / "end.pdf", "--draft", "--pairs", "1")  # fmt: skip
    assert code == 2 and "--pairs указывается только для приказа о закреплении" in err
