"""`mentor-desk bundle export|inspect`: a script's way to the yearly bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentor_desk.cli import main
from mentor_desk.exchange.bundle import read_bundle


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--students", "120", "--teachers", "15",
                 "--seed", "2"]) == 0  # fmt: skip
    return path


def test_export_then_inspect(demo_db: Path, tmp_path: Path, capsys):
    out = tmp_path / "пакет.mdbundle"
    args = ["bundle", "export", "--db", str(demo_db), "--year", "2025-2026", "--out", str(out)]
    assert main([*args, "--json"]) == 0
    written = json.loads(capsys.readouterr().out)
    assert written["level"] == "aggregate" and written["encryption"] is None
    assert read_bundle(out).meta.academic_year == "2025-2026"
    assert main(["bundle", "inspect", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["signature_ok"] and report["checksums_ok"]
    assert report["fingerprint"] == written["fingerprint"]
    assert main(["bundle", "inspect", str(out)]) == 0
    assert "подпись верна: да" in capsys.readouterr().out


def test_personal_levels_need_a_password_from_the_environment(demo_db: Path, tmp_path: Path,
                                                               capsys, monkeypatch):  # fmt: skip
    out = tmp_path / "full.mdbundle"
    args = ["bundle", "export", "--db", str(demo_db), "--privacy", "full", "--out", str(out)]
    assert main(args) == 2
    assert "пароль" in capsys.readouterr().err and not out.exists()
    monkeypatch.setenv("MD_PASSWORD", "секрет")
    assert main([*args, "--password-env", "MD_PASSWORD"]) == 0
    assert read_bundle(out, password="секрет").tables["people"]


def test_inspect_refuses_a_foreign_file(tmp_path: Path, capsys):
    fake = tmp_path / "отчёт.mdbundle"
    fake.write_bytes(b"PK\x03\x04 not a zip at all")
    assert main(["bundle", "inspect", str(fake), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"]
