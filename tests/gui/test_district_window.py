"""The municipality's window: three demo schools' bundles added through it, a truncated file
refused with its reason and the workspace unchanged, a new key confirmed, the district's
figures on the dashboard, and the consolidated report written and read back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from tests.storage.test_district import LABEL, NOW, TODAY, _export, dump, make_bundle

from mentor_desk.exchange.bundle import read_bundle
from mentor_desk.queries import district as reads
from mentor_desk.services import district
from mentor_desk.storage.database import Database
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.district_window import DistrictWindow
from mentor_desk.ui.monitoring_models import STATUS_COLOURS, STATUS_LABELS, percent_text

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three small demo schools (different seeds), one bundle each."""
    from mentor_desk.cli import main

    folder = tmp_path_factory.mktemp("district-schools")
    made = []
    for seed in SEEDS:
        path = folder / f"school-{seed}.sqlite3"
        assert main(["demo", "--db", str(path), "--students", "60", "--teachers", "10",
                     "--seed", str(seed)]) == 0  # fmt: skip
        made.append(_export(path, folder / f"school-{seed}.mdbundle", NOW))
    return made


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Database]:
    db = district.open_workspace(tmp_path / "district.sqlite3")
    yield db
    db.close()


@pytest.fixture
def win(qtbot, workspace: Database) -> DistrictWindow:  # type: ignore[no-untyped-def]
    window = DistrictWindow(AppContext(workspace, today=lambda: TODAY, now=lambda: NOW))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    return window


def test_bundles_are_added_and_listed(win: DistrictWindow, bundles: list[Path],
                                      message_boxes: list[tuple[str, str]],
                                      qtmodeltester) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    assert win.bundle_model.rowCount() == 0
    assert not win.report_button.isEnabled()
    report = win.add_paths(bundles)
    assert report is not None and [f.outcome for f in report.files] == ["added"] * 3
    model = win.bundle_model
    assert model.rowCount() == 3
    names = {read_bundle(b).meta.school_name for b in bundles}
    assert {model.index(r, 0).data() for r in range(3)} == names
    assert {model.index(r, 2).data() for r in range(3)} == {LABEL}
    prints = {read_bundle(b).fingerprint for b in bundles}
    assert {model.index(r, 6).data() for r in range(3)} == prints
    assert model.index(0, 3).data().count(".") == 2  # «07.12.2026 10:30»
    kind, text = message_boxes[-1]
    assert kind == "information" and text.count("добавлен") >= 3
    assert "Файлов 3" in text
    qtmodeltester.check(model)
    # The same files again: unchanged, one line each.
    again = win.add_paths(bundles)
    assert again is not None and {f.outcome for f in again.files} == {"unchanged"}
    assert model.rowCount() == 3


def test_a_folder_and_a_drop_are_added(win: DistrictWindow, bundles: list[Path],
                                       tmp_path: Path) -> None:  # fmt: skip
    folder = tmp_path / "inbox-mail"
    folder.mkdir()
    (folder / bundles[0].name).write_bytes(bundles[0].read_bytes())
    win.add_paths([folder])
    assert win.bundle_model.rowCount() == 1
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(bundles[1]))])
    event = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    win.dropEvent(event)
    assert win.bundle_model.rowCount() == 2


def test_a_truncated_file_is_refused_with_its_reason(
    win: DistrictWindow, workspace: Database, bundles: list[Path], tmp_path: Path,
    message_boxes: list[tuple[str, str]],
) -> None:  # fmt: skip
    win.add_paths(bundles[:1])
    data = bundles[1].read_bytes()
    truncated = tmp_path / "truncated.mdbundle"
    truncated.write_bytes(data[: len(data) // 2])
    before = dump(workspace)
    report = win.add_paths([truncated])
    assert report is not None and report.files[0].outcome == "refused"
    kind, text = message_boxes[-1]
    assert kind == "warning"
    assert "truncated.mdbundle: не принят." in text and report.files[0].message in text
    assert dump(workspace) == before
    assert win.bundle_model.rowCount() == 1


def test_a_new_key_is_accepted_after_the_question(
    win: DistrictWindow, workspace: Database, bundles: list[Path], tmp_path: Path,
    message_boxes: list[tuple[str, str]],
) -> None:  # fmt: skip
    win.add_paths(bundles[:1])
    real = read_bundle(bundles[0])
    forged = make_bundle(
        tmp_path / "new-key.mdbundle", real.meta.school_id,
        {"indicators": real.tables["indicators"]}, name=real.meta.school_name,
        year=real.meta.academic_year, created=NOW.replace(tzinfo=timezone.utc) + timedelta(days=1),
    )  # fmt: skip
    report = win.add_paths([forged])  # the fixture answers «Да»
    questions = [text for kind, text in message_boxes if kind == "question"]
    assert len(questions) == 1 and read_bundle(forged).fingerprint in questions[0]
    assert report is not None and report.files[0].outcome == "replaced"
    (school,) = reads.schools(workspace.reader)
    assert school.key_fingerprint == read_bundle(forged).fingerprint
    assert win.bundle_model.index(0, 6).data() == school.key_fingerprint


def test_a_new_key_declined_changes_nothing(
    win: DistrictWindow, workspace: Database, bundles: list[Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from PySide6.QtWidgets import QMessageBox

    win.add_paths(bundles[:1])
    real = read_bundle(bundles[0])
    forged = make_bundle(
        tmp_path / "new-key.mdbundle", real.meta.school_id,
        {"indicators": real.tables["indicators"]}, name=real.meta.school_name,
        year=real.meta.academic_year, created=NOW.replace(tzinfo=timezone.utc) + timedelta(days=1),
    )  # fmt: skip
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))  # fmt: skip
    before = dump(workspace)
    report = win.add_paths([forged])
    assert report is not None and report.files[0].code == "key_changed"
    assert dump(workspace) == before


def test_the_dashboard_shows_the_district_figures(
    win: DistrictWindow, workspace: Database, bundles: list[Path], qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:  # fmt: skip
    win.add_paths(bundles)
    assert win.year_box.currentText() == LABEL
    assert win.set_box.count() >= 1
    expected = district.consolidate(workspace.reader, None, LABEL)
    model = win.indicator_model
    assert model.rowCount() == len(expected.indicators) > 0
    for row, item in enumerate(expected.indicators):
        assert model.index(row, 1).data() == item.name
        assert model.index(row, 4).data() == percent_text(item.value)
        assert model.index(row, 5).data() == percent_text(item.target)
        assert model.index(row, 6).data() == STATUS_LABELS[item.status]
        brush = model.index(row, 6).data(Qt.ItemDataRole.BackgroundRole)
        assert brush.color() == STATUS_COLOURS[item.status]
    qtmodeltester.check(model)
    # The first indicator is chosen: its schools ranked below, lagging ones marked.
    first = expected.indicators[0]
    schools = win.school_model
    assert schools.rowCount() == len(first.schools) == 3
    assert [schools.index(r, 1).data().split(" — ")[0] for r in range(3)] == [
        s.school_name for s in first.schools
    ]
    for r, figure in enumerate(first.schools):
        assert schools.index(r, 1).data().endswith("отстаёт") == figure.lagging
    qtmodeltester.check(schools)
    # Another indicator chosen: its schools.
    if len(expected.indicators) > 1:
        win.indicator_view.selectRow(1)
        second = expected.indicators[1]
        assert schools.index(0, 4).data() == percent_text(second.schools[0].value)
    assert win.silent_list.count() == 1  # «все школы прислали»
    assert "прислали пакет 3" in win.dashboard_summary.text()


def test_the_report_is_written_and_read_back(
    win: DistrictWindow, bundles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from mentor_desk.ui import files

    win.add_paths(bundles)
    target = tmp_path / "свод"
    monkeypatch.setattr(files, "_ask", lambda *a, **k: str(target))
    win.ask_report()
    out = target.with_name("свод.xlsx")
    assert out.is_file()
    book = load_workbook(out, read_only=True)
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row if c is not None]  # fmt: skip
    book.close()
    assert win.district is not None
    for item in win.district.indicators:
        assert any(item.name in c for c in cells)
    for name in {read_bundle(b).meta.school_name for b in bundles}:
        assert any(name in c for c in cells)


def test_a_report_to_a_locked_place_is_a_message(
    win: DistrictWindow, bundles: list[Path], tmp_path: Path,
    message_boxes: list[tuple[str, str]],
) -> None:  # fmt: skip
    win.add_paths(bundles)
    folder = tmp_path / "report.xlsx"
    folder.mkdir()  # a folder where the file should be
    assert not win.write_report(folder)
    kind, text = message_boxes[-1]
    assert kind in ("warning", "critical") and text


def test_the_option_opens_the_district_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentor_desk import app
    from mentor_desk.cli import main

    opened: list[Path] = []
    monkeypatch.setattr(app, "run_district", lambda path, log_file: opened.append(path) or 0)
    assert main(["--district", str(tmp_path / "округ.sqlite3")]) == 0
    assert opened == [(tmp_path / "округ.sqlite3").resolve()]
    assert main(["--district", "postgresql://host/db"]) == 2
    assert opened == [(tmp_path / "округ.sqlite3").resolve()]


def test_a_school_database_is_not_opened_as_a_workspace(
    qtbot, bundles: list[Path], message_boxes: list[tuple[str, str]],  # type: ignore[no-untyped-def]
) -> None:  # fmt: skip
    from mentor_desk import app

    school = bundles[0].with_name("school-1.sqlite3")
    before = school.read_bytes()
    assert app.run_district(school, log_file=None) == 1
    kind, text = message_boxes[-1]
    assert kind == "critical" and text
    assert school.read_bytes() == before


def test_a_long_list_keeps_the_refused_files_and_counts_the_rest() -> None:
    from mentor_desk.services.district import AddReport, FileOutcome
    from mentor_desk.ui.district_window import SHOWN_FILES, outcome_text

    good = [FileOutcome(f"/in/{n}.mdbundle", "unchanged", "Уже получен.") for n in range(30)]
    bad = FileOutcome("/in/bad.mdbundle", "refused", "Файл обрезан.")
    text = outcome_text(AddReport((*good, bad)))
    assert "bad.mdbundle: не принят. Файл обрезан." in text
    assert "0.mdbundle" not in text and "… и ещё файлов: 30" in text
    few = outcome_text(AddReport(tuple(good[:SHOWN_FILES])))
    assert few.count(".mdbundle: уже есть") == SHOWN_FILES and "ещё" not in few
