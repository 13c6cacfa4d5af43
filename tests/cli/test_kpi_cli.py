"""`mentor-desk kpi` and the "kpi" of `info --json`: the shape the README documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentor_desk.cli import main

KEYS_000 = [
    "dop_students_involved", "children_10_19_mentees", "children_15_19_mentors",
    "young_teachers_mentees", "teachers_mentors", "organizations_mentors",
    "mentee_satisfaction", "mentor_satisfaction",
]  # fmt: skip


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--students", "120", "--teachers", "15",
                 "--seed", "3"]) == 0  # fmt: skip
    return path


def _check_shape(report: dict) -> None:
    assert set(report) == {"year", "reference_date", "set", "indicators"}
    start, end = (int(part) for part in report["year"].split("-"))
    assert end == start + 1
    day, month, year = report["reference_date"].split(".")
    assert len(day) == len(month) == 2 and len(year) == 4
    for row in report["indicators"]:
        assert set(row) == {"key", "name", "numerator", "denominator", "value", "target",
                            "status"}  # fmt: skip
        assert row["status"] in {"met", "near", "far", "no_data"}
        assert isinstance(row["numerator"], int)
        assert row["value"] is None or row["value"] >= 0  # above 100 when typed too small
        assert row["target"] is None or isinstance(row["target"], float)


def test_info_json_carries_the_chosen_sets_kpi(demo_db: Path, capsys):
    capsys.readouterr()
    assert main(["info", "--db", str(demo_db), "--json"]) == 0
    kpi = json.loads(capsys.readouterr().out)["kpi"]
    _check_shape(kpi)
    assert kpi["set"] == "zavitinsk_2022"
    assert [row["key"] for row in kpi["indicators"]] == KEYS_000


def test_kpi_for_any_set_and_year(demo_db: Path, capsys):
    capsys.readouterr()
    args = ["kpi", "--db", str(demo_db), "--year", "2025-2026", "--set", "kvantum_2024_2026"]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    _check_shape(report)
    assert (report["year"], report["reference_date"], report["set"]) == (
        "2025-2026", "01.09.2025", "kvantum_2024_2026",
    )  # fmt: skip
    consents = next(r for r in report["indicators"] if r["key"] == "consents_complete")
    assert consents["denominator"] and consents["target"] == 100.0
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "Учебный год 2025-2026, дата отсчёта 01.09.2025" in text
    assert "план 100 %" in text or "план 100,0 %" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--year", "двадцать"], "Учебный год"), (["--year", "2025-2027"], "Учебный год"),
     (["--set", "nope"], "Нет набора показателей «nope»")],
)  # fmt: skip
def test_kpi_refuses_a_bad_year_or_set_in_russian(demo_db: Path, capsys, extra, message):
    capsys.readouterr()
    assert main(["kpi", "--db", str(demo_db), *extra, "--json"]) == 2
    out = capsys.readouterr()
    assert message in json.loads(out.out)["error"]
    assert message in out.err


def test_kpi_on_a_missing_database(tmp_path: Path, capsys):
    assert main(["kpi", "--db", str(tmp_path / "nope.sqlite3")]) == 2
    assert "не найден" in capsys.readouterr().err
