"""The «Документы» menu and the roadmap's paper, used from the real window."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from tests.gui.conftest import add_person, click_button, on_modal, student, type_text
from tests.helpers import TODAY

from mentor_desk.domain.pairs import EndReason
from mentor_desk.domain.participants import Category, ConsentStatus
from mentor_desk.queries.profile import load_profile
from mentor_desk.services import pairs, roadmap
from mentor_desk.services.profile import save_profile
from mentor_desk.storage.models import ConsentHandout, IssuedDocument
from mentor_desk.ui import documents_menu, roadmap_print
from mentor_desk.ui.context import Changes
from mentor_desk.ui.document_preview import DocumentPreview
from mentor_desk.ui.journal_dialog import JournalDialog, JournalModel, JournalPairsModel
from mentor_desk.ui.participant_dialog import ParticipantDialog
from mentor_desk.ui.register_model import COL_CONSENT, ROW_ID_ROLE


@pytest.fixture
def school(ctx):
    """A curator in the profile, a mentor, two pupils, one pair that has ended."""
    profile = load_profile(ctx.db.reader)
    assert profile is not None
    with ctx.action(Changes.ALL) as session:
        save_profile(session, profile.__class__(**{
            **profile.__dict__, "curators": "Кравченко Елена Викторовна, заместитель директора",
        }))  # fmt: skip
    mentor = add_person(
        ctx, last_name="Орлова", first_name="Анна", middle_name="Ивановна",
        category=Category.TEACHER, position="учитель", is_mentor=True,
        consent_status=ConsentStatus.GIVEN, consent_date=date(2026, 9, 1),
        consent_signer="сама",
    )  # fmt: skip
    pupil = add_person(ctx, **student("Иванов"))
    unsigned = add_person(ctx, **student("Петров", consent_status=ConsentStatus.NONE))
    with ctx.action(Changes.ALL) as session:
        pair = pairs.create(session, mentor, [pupil], TODAY)
        pairs.approve(session, [pair], "10-о", date(2026, 9, 10), TODAY)
        pairs.start(session, [pair], date(2026, 9, 15), today=TODAY)
        pairs.end(session, [pair], TODAY, EndReason.PLAN_DONE, today=TODAY)
    return {"mentor": mentor, "pupil": pupil, "unsigned": unsigned, "pair": pair}


def _pdf_text(preview: DocumentPreview) -> str:
    reader = PdfReader(io.BytesIO(preview.pdf_data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())  # lines wrap where the table cell ends


def _read_and_close(seen: list[str]):  # type: ignore[no-untyped-def]
    def handler(dialog) -> None:
        assert isinstance(dialog, DocumentPreview), type(dialog)
        assert dialog.page_count >= 1
        seen.append(_pdf_text(dialog))
        click_button(dialog, "Закрыть")

    return handler


def test_end_order_is_issued_and_reopens_from_the_journal(qtbot, window, ctx, school):
    seen: list[str] = []

    def numbers(dialog) -> None:
        type_text(dialog.number.editor, "11-о")
        on_modal(qtbot, _read_and_close(seen))
        click_button(dialog, "Издать")

    handled = on_modal(qtbot, numbers)
    documents_menu.end_order(window)
    assert handled and seen, "no order shown"
    assert "О завершении" in seen[0] and "Орлова А.И." in seen[0]
    assert "план выполнен полностью" in seen[0]
    with ctx.db.session() as session:
        issued = session.scalar(select(IssuedDocument).where(IssuedDocument.kind == "end"))
        assert issued is not None and issued.number == "11-о"

    def journal(dialog) -> None:
        assert dialog.model.rowCount() == 1
        on_modal(qtbot, _read_and_close(seen))
        click_button(dialog, "Открыть…")
        click_button(dialog, "Закрыть")

    handled = on_modal(qtbot, journal)
    documents_menu.open_journal(window)
    assert handled and len(seen) == 2
    assert seen[1] == seen[0]  # re-opened exactly as issued


def test_a_number_used_this_year_is_refused(qtbot, window, ctx, school):
    from mentor_desk.services import documents

    other = add_person(ctx, **student("Сидоров"))
    with ctx.action(Changes.ALL) as session:
        draft = pairs.create(session, school["mentor"], [other], TODAY)
        documents.issue(session, documents.DocKind.PAIRS, "20-о", date(2026, 11, 1),
                        "О закреплении", {}, [draft], TODAY)  # fmt: skip
    messages: list[str] = []

    def numbers(dialog) -> None:
        type_text(dialog.number.editor, "20-О")  # the same number, another case
        click_button(dialog, "Издать")
        messages.append(dialog.number.error_label.text())
        assert dialog.isVisible(), "a used number must keep the dialog open"
        click_button(dialog, "Отмена")

    handled = on_modal(qtbot, numbers)
    documents_menu.end_order(window)
    assert handled
    assert "уже использован в 2026 году" in messages[0]
    assert documents.ready_for(ctx.db.reader, documents.DocKind.END, TODAY) == [school["pair"]]


def test_passport_extract_and_consent_forms(qtbot, window, ctx, school, message_boxes):
    seen: list[str] = []
    handled = on_modal(qtbot, _read_and_close(seen))
    documents_menu.passport(window)
    assert handled and "ПАСПОРТ" in seen[-1].upper()

    handled = on_modal(qtbot, _read_and_close(seen))
    documents_menu.extract(window, "mentees", "Список наставляемых", personal=False)
    assert handled
    assert "Иванов И." in seen[-1] and "Петров" not in seen[-1]  # no consent: left out
    assert "05.03.2012" not in seen[-1]  # no personal details in a shareable list

    handled = on_modal(qtbot, _read_and_close(seen))
    documents_menu.consent_forms(window)  # nobody selected: everyone without a consent
    assert handled and "Петров" in seen[-1] and "законн" in seen[-1]
    with ctx.db.session() as session:  # the question was answered «Да» (message_boxes)
        handed = session.scalars(select(ConsentHandout.participant_id)).all()
    assert handed == [school["unsigned"]]


def test_roadmap_printed_exported_and_approved(qtbot, window, ctx, school, tmp_path, monkeypatch):
    with ctx.action(Changes.ALL) as session:
        made = roadmap.create(session, "Дорожная карта на 2026-2028 годы", 2026, 2028,
                              "zavitinsk_sample", TODAY)  # fmt: skip
    tab = window.show_roadmap()
    qtbot.waitUntil(lambda: tab.current_roadmap_id() == made)
    seen: list[str] = []
    handled = on_modal(qtbot, _read_and_close(seen))
    roadmap_print.print_roadmap(tab, with_status=True)
    assert handled and "УТВЕРЖДАЮ" in seen[-1].upper()
    assert "Приглашение на торжественное мероприятие" in seen[-1]

    target = tmp_path / "roadmap.xlsx"
    monkeypatch.setattr("mentor_desk.ui.files._ask", lambda *a, **k: str(target))
    roadmap_print.export_xlsx(tab)
    assert target.exists() and target.stat().st_size > 0

    def numbers(dialog) -> None:
        type_text(dialog.number.editor, "12-о")
        on_modal(qtbot, _read_and_close(seen))
        click_button(dialog, "Издать")

    handled = on_modal(qtbot, numbers)
    roadmap_print.approval_order(tab)
    assert handled and "п р и к а з ы в а ю" in seen[-1]
    with ctx.db.session() as session:
        kinds = session.scalars(select(IssuedDocument.kind)).all()
    assert "roadmap" in kinds


def test_end_order_draft_is_previewed_with_the_edited_preamble(qtbot, window, ctx, school):
    seen: list[str] = []

    def numbers(dialog) -> None:
        assert dialog.preamble is not None
        assert dialog.preamble.toPlainText().startswith("В соответствии с")  # the default
        dialog.preamble.setPlainText("На основании решения педагогического совета")
        on_modal(qtbot, _read_and_close(seen))
        click_button(dialog, "Предпросмотр…")  # nothing typed yet: blanks for the number
        assert dialog.isVisible(), "the preview comes back to the number and date"
        type_text(dialog.number.editor, "13-о")
        on_modal(qtbot, _read_and_close(seen))
        click_button(dialog, "Издать")

    handled = on_modal(qtbot, numbers)
    documents_menu.end_order(window)
    assert handled and len(seen) == 2
    draft, issued = seen
    assert "ПРОЕКТ" in draft and "На основании решения педагогического совета" in draft
    assert "Орлова А.И." in draft
    assert "ПРОЕКТ" not in issued and "На основании решения педагогического совета" in issued
    assert "13-о" in issued
    with ctx.db.session() as session:  # the preview issued nothing; «Издать» did, once
        assert session.scalars(select(IssuedDocument.number)).all() == ["13-о"]


def test_journal_lists_the_pairs_of_the_selected_order(qtbot, window, ctx, school):
    from mentor_desk.services import documents

    with ctx.action(Changes.ALL) as session:
        data = documents.end_order_data(ctx.db.reader, [school["pair"]], "14-о", TODAY, TODAY)
        documents.issue(session, documents.DocKind.END, "14-о", TODAY, "О завершении",
                        documents.to_payload(data), [school["pair"]], TODAY)  # fmt: skip
    dialog = JournalDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 1
    assert dialog.pairs_model.rowCount() == 1
    pair = dialog.pairs_model.pairs[0]
    assert (pair.mentor, pair.mentees, pair.status) == ("Орлова А.И.", ["Иванов И. (7Б)"],
                                                        "завершена")  # fmt: skip
    assert "№ 14-о" in dialog.pairs_label.text() and "(1)" in dialog.pairs_label.text()
    assert dialog.pairs_view.isVisible()


def test_journal_models_pass_qt_model_tester(qtmodeltester, window, ctx, school):
    from mentor_desk.queries.journal import read_pairs
    from mentor_desk.services import documents

    with ctx.action(Changes.ALL) as session:
        documents.issue(session, documents.DocKind.END, "15-о", TODAY, "О завершении", {},
                        [school["pair"]], TODAY)  # fmt: skip
    qtmodeltester.check(JournalModel(documents.journal(ctx.db.reader)))
    qtmodeltester.check(JournalModel([]))
    pairs_model = JournalPairsModel()
    pairs_model.set_pairs(read_pairs(ctx.db.reader, [school["pair"], 999]))
    assert [p.status for p in pairs_model.pairs][-1] in ("завершена", "удалена")
    qtmodeltester.check(pairs_model)


def test_consent_form_handout_shows_in_the_register_and_the_card(qtbot, window, ctx, school):
    from mentor_desk.services import documents

    with ctx.action(Changes.ALL) as session:
        documents.record_consent_handouts(session, [school["unsigned"]], date(2026, 11, 20))
    tab = window.register_tab
    tab.reload()
    model = tab.model
    tips = {
        model.index(r, 0).data(ROW_ID_ROLE): model.index(r, COL_CONSENT).data(
            Qt.ItemDataRole.ToolTipRole
        )
        for r in range(model.rowCount())
    }
    assert tips[school["unsigned"]] == (
        "Нет действующего согласия на обработку персональных данных: не включайте в пары и "
        "не выгружайте с персональными данными.\nБланк согласия выдан 20.11.2026."
    )
    assert tips[school["pupil"]] is None  # a valid consent, no form handed out: no tooltip

    card = ParticipantDialog(ctx, school["unsigned"], window)
    qtbot.addWidget(card)
    assert card.consent_handout_label.text() == "20.11.2026"
    other = ParticipantDialog(ctx, school["pupil"], window)
    qtbot.addWidget(other)
    assert other.consent_handout_label.text() == "не выдавался"


def test_roadmap_approval_preview_then_print_and_approving_again(
    qtbot, window, ctx, school, message_boxes, monkeypatch
):
    with ctx.action(Changes.ALL) as session:
        roadmap.create(session, "Дорожная карта на 2026-2028 годы", 2026, 2028,
                       "zavitinsk_sample", TODAY)  # fmt: skip
    tab = window.show_roadmap()
    qtbot.waitUntil(lambda: tab.loaded and tab.current_roadmap_id() is not None)
    seen: list[str] = []

    def numbers(dialog) -> None:
        assert dialog.preamble is not None and dialog.preamble.toPlainText()
        dialog.preamble.setPlainText("В целях внедрения целевой модели наставничества")
        type_text(dialog.number.editor, "16-о")
        on_modal(qtbot, _read_and_close(seen))
        click_button(dialog, "Предпросмотр…")
        on_modal(qtbot, _read_and_close(seen))
        click_button(dialog, "Издать")

    handled = on_modal(qtbot, numbers)
    roadmap_print.approval_order(tab)
    assert handled and len(seen) == 2
    assert "ПРОЕКТ" in seen[0] and "В целях внедрения целевой модели" in seen[0]
    assert "ПРОЕКТ" not in seen[1] and "В целях внедрения целевой модели" in seen[1]

    # The roadmap printed after the order: the appendix mark, not a blank «УТВЕРЖДАЮ».
    handled = on_modal(qtbot, _read_and_close(seen))
    roadmap_print.print_roadmap(tab, with_status=False)
    assert handled and "УТВЕРЖДАЮ" not in seen[-1].upper()
    assert "к приказу" in seen[-1] and "16-о" in seen[-1]

    # Approving again: the curator is asked first; «Нет» issues nothing.
    asked: list[str] = []

    def say_no(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(say_no))
    roadmap_print.approval_order(tab)  # no number dialog opens: it would block here
    assert asked == [
        f"Дорожная карта уже утверждена приказом № 16-о от {TODAY:%d.%m.%Y}. Издать новый приказ?"
    ]
    with ctx.db.session() as session:
        assert session.scalars(select(IssuedDocument.number)).all() == ["16-о"]


def test_a_typed_number_sign_prints_once_on_the_order_and_its_copy(
    qtbot, window, ctx, school, monkeypatch
):
    """«№ 99-о» typed in the pairs dialog: the journal says 99-о, the order and its
    re-opened copy print «№ 99-о», not «№ № 99-о»."""
    from mentor_desk.services import documents
    from mentor_desk.ui import order_dialog

    with ctx.action(Changes.ALL) as session:
        pair = pairs.create(session, school["mentor"], [school["pupil"]], TODAY)
    shown: list[str] = []

    def show(parent, document, title, file_name) -> None:  # type: ignore[no-untyped-def]
        shown.append(title)
        seen.append(" ".join(_document_text(document).split()))

    seen: list[str] = []
    monkeypatch.setattr(order_dialog, "show_document", show)
    dialog = order_dialog.OrderDialog(ctx, [pair], window)
    type_text(dialog.number.editor, "№ 99-о")
    dialog.issue()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert shown == [f"Приказ № 99-о от {TODAY:%d.%m.%Y}"]
    (entry,) = [e for e in documents.journal(ctx.db.reader) if e.kind is documents.DocKind.PAIRS]
    assert entry.number == "99-о"
    seen.append(" ".join(_document_text(documents.reopen(ctx.db.reader, entry.id)).split()))
    for text in seen:
        assert "№ 99-о" in text and "№ № 99-о" not in text


def _document_text(document) -> str:  # type: ignore[no-untyped-def]
    from mentor_desk.documents.pdf import pdf_bytes

    reader = PdfReader(io.BytesIO(pdf_bytes(document)))
    return " ".join(page.extract_text() or "" for page in reader.pages)
