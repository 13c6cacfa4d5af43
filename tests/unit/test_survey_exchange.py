"""exchange.surveys: answers read from hostile spreadsheets, and the blank written for them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mentor_desk.exchange.reading import FileProblem
from mentor_desk.exchange.surveys import (
    NAME_HEADER,
    read_answers,
    template_headers,
    write_template,
)
from mentor_desk.services.surveys import questionnaire

Q = questionnaire()


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def text_of(key: str) -> str:
    question = Q.question(key)
    assert question is not None
    return question.text


def test_rows_by_text_key_and_number(tmp_path: Path) -> None:
    # the mentee's form: 1 form, 2 meetings, 3 comfort, ..., 9 overall
    path = xlsx(
        tmp_path / "ответы.xlsx",
        [
            ["Анкета 7Б класса"],  # a title above the header
            [
                "ФИО",
                "  в какой ФОРМЕ наставничества вы участвовали ",
                "3.",
                "Вопрос 9",
                "liked",
                "13. Хотели бы вы снова участвовать в программе наставничества?",
                "Отметка времени",
                "Любимый цвет",
            ],
            ["Иванова  Анна", "учитель - ученик", 9, "10", "Экскурсии", "2", "01.01", "синий"],
            [None, 2, 7.0, 8, None, "Да", None, None],
            [],
            [None, None, None, None, None, None, None, None],
            ["Петров Пётр", "Ученик", 11, "семь", None, "Может быть", None, None],
        ],
    )
    preview = read_answers(path, Q, "mentee")
    assert preview.header_row == 2
    assert preview.unknown_columns == ["Любимый цвет"]
    assert [r.row for r in preview.rows] == [3, 4]
    first, second = preview.rows
    assert first.name == "Иванова Анна" and first.role == "mentee"
    assert first.answers == {
        "form": "Учитель — ученик",
        "comfort": 9,
        "overall": 10,
        "liked": "Экскурсии",
        "again": "Скорее да",
    }
    assert second.name == "" and second.answers["form"] == "Учитель — ученик"
    assert second.answers["comfort"] == 7
    # every bad cell of row 7, each named with its column and value; the row is left out
    assert preview.bad_rows == [7]
    messages = [str(e) for e in preview.errors]
    assert len(messages) == 4
    assert any("столбец B" in m and "«Ученик» нет среди вариантов" in m for m in messages)
    assert any("столбец C «3.»" in m and "а не «11»" in m for m in messages)
    assert any("столбец D «Вопрос 9»" in m and "а не «семь»" in m for m in messages)
    assert any("столбец F" in m and "«Может быть»" in m for m in messages)
    assert all(m.startswith("Строка 7, столбец ") for m in messages)
    missing = {q.key for q in preview.missing}
    assert "growth" in missing and "comfort" not in missing
    assert "mentee_engagement" not in missing  # a mentor's question
    assert any("Любимый цвет" in p for p in preview.header_problems)


def test_text_in_a_score_column_and_a_row_with_no_answers(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "a.xlsx",
        [
            ["ФИО", text_of("overall"), text_of("liked")],
            ["Сидоров", "отлично", None],
            ["Кузнецова", None, None],
            ["Орлова", 6, "всё"],
        ],
    )
    preview = read_answers(path, Q, "mentor")
    assert [r.name for r in preview.rows] == ["Орлова"]
    assert [(e.row, e.value) for e in preview.errors] == [(2, "отлично"), (3, "")]
    assert "нет ни одного ответа" in preview.errors[1].message


def test_mixed_roles_by_the_role_column(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "a.xlsx",
        [
            ["Роль", text_of("comfort"), text_of("mentee_engagement"), text_of("overall"), "5"],
            ["Наставляемый", 8, None, 9, 3],
            ["наставник", None, 10, 7, None],
            ["НАСТАВНИК", 5, None, 7, None],  # «comfort» is asked of mentees only
            ["учитель", None, None, 7, None],
            [None, None, None, 7, None],
        ],
    )
    preview = read_answers(path, Q, None)
    assert [(r.row, r.role) for r in preview.rows] == [(2, "mentee"), (3, "mentor")]
    assert preview.rows[0].answers == {"comfort": 8, "overall": 9}
    errors = {e.row: e.message for e in preview.errors}
    assert "не задают респонденту с ролью «наставник»" in errors[4]
    assert "роль «учитель» неизвестна" in errors[5]
    assert "не указана роль" in errors[6]
    # a bare number means different questions on the two forms: not guessed
    assert any("«5»" in p and "номеру" in p for p in preview.header_problems)
    # the given role fills in for a blank «Роль»
    with_default = read_answers(path, Q, "mentee")
    assert 6 in [r.row for r in with_default.rows]


def test_no_role_and_no_role_column_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [[text_of("overall")], [7]])
    with pytest.raises(FileProblem, match="нет столбца «Роль»"):
        read_answers(path, Q, None)


def test_header_with_no_known_question(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [["Фамилия", "Класс", "Оценка"], ["Иванов", "5А", 7]])
    with pytest.raises(FileProblem, match="не найдена строка заголовка"):
        read_answers(path, Q, "mentee")


def test_a_question_in_two_columns_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "a.xlsx", [["overall", "9. " + text_of("overall")], [7, 8]])
    with pytest.raises(FileProblem, match="в двух столбцах: A и B"):
        read_answers(path, Q, "mentee")


def test_wrong_files(tmp_path: Path) -> None:
    word = tmp_path / "анкеты.xlsx"
    import docx

    document = docx.Document()
    document.add_paragraph("Анкета")
    document.save(str(word))
    with pytest.raises(FileProblem, match="текстовый документ"):
        read_answers(word, Q, "mentee")
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + b"\x00\xff" * 100)
    with pytest.raises(FileProblem, match="повреждён"):
        read_answers(garbage, Q, "mentee")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(FileProblem, match="пустой"):
        read_answers(empty, Q, "mentee")
    blank = xlsx(tmp_path / "blank.xlsx", [])
    with pytest.raises(FileProblem, match="нет ни одной строки"):
        read_answers(blank, Q, "mentee")
    with pytest.raises(FileProblem, match="не найден"):
        read_answers(tmp_path / "nowhere.xlsx", Q, "mentee")


def test_csv_renamed_xlsx_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "из формы.xlsx"
    path.write_text(f"ФИО;{text_of('overall')}\nИванова Анна;8\nПетров;12\n", encoding="cp1251")
    preview = read_answers(path, Q, "mentor")
    assert [(r.name, r.answers) for r in preview.rows] == [("Иванова Анна", {"overall": 8})]
    assert [e.row for e in preview.errors] == [3]
    binary = tmp_path / "binary.xlsx"
    binary.write_bytes(bytes(range(1, 32)) * 10)
    with pytest.raises(FileProblem):
        read_answers(binary, Q, "mentor")


def test_template_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "заготовка.xlsx"
    write_template(path, Q, "mentor")
    book = openpyxl.load_workbook(path)
    sheet = book["Ответы"]
    header = [c.value for c in sheet[1]]
    assert header == template_headers(Q, "mentor")
    assert header[0] == NAME_HEADER and header[1] == "1. " + text_of("form")
    assert book["Варианты"].sheet_state == "hidden"
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert kinds == {"whole", "list"}
    # a teacher fills it in; the file reads back
    sheet.append(["Орлова Ольга Ивановна", "Учитель — учитель", 1, *([8] * 3)])
    book.save(path)
    preview = read_answers(path, Q, "mentor")
    assert preview.errors == [] and preview.unknown_columns == [] and preview.missing == []
    (row,) = preview.rows
    assert row.answers["form"] == "Учитель — учитель"
    assert row.answers["meetings"] == "Раз в неделю и чаще"
    assert row.answers["expectations"] == 8


def test_unknown_role_is_refused() -> None:
    from mentor_desk.domain.surveys import SurveyError

    with pytest.raises(SurveyError):
        read_answers(Path("x.xlsx"), Q, "curator")
