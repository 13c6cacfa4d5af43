"""`mentor-desk district add|list|report`: the municipality's workspace from a script."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.storage.test_district import indicator, make_bundle

from mentor_desk.cli import main


@pytest.fixture
def bundles(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "пакеты"
    folder.mkdir()
    return {
        "a": make_bundle(folder / "a.mdbundle", "sch-a", {"indicators": [
            indicator("teachers_mentors", 1, 10)]}, name="Школа № 1"),
        "b": make_bundle(folder / "b.mdbundle", "sch-b", {"indicators": [
            indicator("teachers_mentors", 50, 100)]}, name="Школа № 2"),
        "old": make_bundle(tmp_path / "old.mdbundle", "sch-c", {"indicators": [
            indicator("teachers_mentors", 5, 5)]}, name="Школа № 3", year="2024-2025"),
    }  # fmt: skip


def _json(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out)


def test_add_a_folder_list_and_report(bundles: dict[str, Path], tmp_path: Path, capsys) -> None:
    ws = str(tmp_path / "район.sqlite3")
    folder = str(bundles["a"].parent)
    assert main(["district", "add", folder, str(bundles["old"]), "--workspace", ws, "--json"]) == 0
    added = _json(capsys)
    assert added["counts"]["added"] == 3 and added["counts"]["refused"] == 0
    assert len(list((tmp_path / "район-inbox").iterdir())) == 3
    assert main(["district", "add", folder, "--workspace", ws]) == 0
    assert "уже есть, ничего не изменено" in capsys.readouterr().out
    assert main(["district", "list", "--workspace", ws, "--year", "2025/2026", "--json"]) == 0
    listed = _json(capsys)
    assert [b["school"] for b in listed["bundles"]] == ["Школа № 1", "Школа № 2"]
    assert listed["silent"] == [{"id": "sch-c", "name": "Школа № 3"}]
    assert main(["district", "list", "--workspace", ws]) == 0
    assert "2024-2025  Школа № 3" in capsys.readouterr().out

    out = tmp_path / "свод.xlsx"
    args = ["district", "report", "--workspace", ws, "--year", "2025-2026"]
    assert main([*args, "--out", str(out), "--json"]) == 0
    summary = _json(capsys)
    teachers = next(i for i in summary["indicators"] if i["key"] == "teachers_mentors")
    assert teachers["value"] == 46.4 and (teachers["numerator"], teachers["denominator"]) == (
        51, 110)  # fmt: skip
    assert [s["name"] for s in teachers["schools"]] == ["Школа № 2", "Школа № 1"]
    book = load_workbook(out)
    assert book.sheetnames == ["Муниципалитет", "По школам", "Не представили", "Пакеты"]
    rows = list(book["Муниципалитет"].iter_rows(min_row=5, values_only=True))
    (line,) = [r for r in rows if r[0] == 5]  # the set's fifth: teachers as mentors
    assert line[1].startswith("Доля учителей") and line[2:6] == (51, 110, 0.464, 0.8)
    assert [r[0] for r in book["Не представили"].iter_rows(min_row=2, values_only=True)] == [
        "Школа № 3"]  # fmt: skip
    ranked = [r for r in book["По школам"].iter_rows(min_row=2, values_only=True) if r[0] == 5]
    assert [(r[2], r[3], r[8]) for r in ranked] == [(1, "Школа № 2", "отстаёт"),
                                                    (2, "Школа № 1", "отстаёт")]  # fmt: skip

    pdf = tmp_path / "свод.pdf"
    assert main([*args, "--out", str(pdf), "--department", "Отдел образования"]) == 0
    assert "Сводный отчёт записан" in capsys.readouterr().out
    reader = PdfReader(BytesIO(pdf.read_bytes()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "СВОДНЫЙ ОТЧЁТ" in text and "Отдел образования" in text
    assert "в муниципальном образовании «Городской округ Энск»" in text
    assert "Показатель не достигнут: 46,4 % при плане 80 %." in text
    assert "Школа № 3" in text  # silent
    assert reader.metadata.title == (
        "Сводный отчёт о реализации целевой модели наставничества в муниципальном "
        "образовании «Городской округ Энск» за 2025-2026 учебный год"
    )
    docx = tmp_path / "свод.docx"
    assert main([*args, "--out", str(docx)]) == 0
    from docx import Document

    paragraphs = " ".join(p.text for p in Document(str(docx)).paragraphs).replace("\xa0", " ")
    assert "Показатель не достигнут: 46,4 % при плане 80 %." in paragraphs


def test_a_key_change_is_refused_until_confirmed(bundles: dict[str, Path], tmp_path: Path,
                                                 capsys) -> None:  # fmt: skip
    ws = str(tmp_path / "w.sqlite3")
    assert main(["district", "add", str(bundles["a"]), "--workspace", ws]) == 0
    capsys.readouterr()
    other = make_bundle(tmp_path / "new-key.mdbundle", "sch-a", {"indicators": [
        indicator("teachers_mentors", 2, 10)]}, name="Школа № 1",
        created=datetime(2026, 7, 1, tzinfo=timezone.utc) + timedelta(hours=1))  # fmt: skip
    assert main(["district", "add", str(other), "--workspace", ws]) == 1
    shown = capsys.readouterr().out
    assert "другим ключом" in shown and "--confirm-key sch-a" in shown
    assert main(["district", "add", str(other), "--workspace", ws, "--confirm-key", "sch-a",
                 "--json"]) == 0  # fmt: skip
    assert _json(capsys)["files"][0]["outcome"] == "replaced"


def test_bad_arguments_get_a_message(bundles: dict[str, Path], tmp_path: Path, capsys) -> None:
    ws = tmp_path / "w.sqlite3"
    assert main(["district", "list", "--workspace", str(ws)]) == 2
    assert "не найдена" in capsys.readouterr().err and not ws.exists()
    assert main(["district", "add", str(bundles["a"]), "--workspace", str(ws)]) == 0
    capsys.readouterr()
    report = ["district", "report", "--workspace", str(ws)]
    assert main([*report, "--year", "2025-2026", "--out", str(tmp_path / "x.txt")]) == 2
    assert ".xlsx, .pdf или .docx" in capsys.readouterr().err
    assert main([*report, "--year", "давно", "--out", str(tmp_path / "x.pdf"), "--json"]) == 2
    assert "не понят" in _json(capsys)["error"]
    assert main(["district", "list", "--workspace", str(ws), "--year", "20-21"]) == 2
    school = tmp_path / "school.sqlite3"
    assert main(["demo", "--db", str(school), "--students", "30", "--teachers", "5"]) == 0
    capsys.readouterr()
    assert main(["district", "add", str(bundles["a"]), "--workspace", str(school)]) == 2
    assert "база школы" in capsys.readouterr().err
