"""`mentor-desk order`: the director's orders and the other documents, headless.

By default a document is made of what is ready for it (services.documents.ready_for);
the order fixing pairs may name only some drafts (--pairs, ids from `pairs list`).
An order (pairs, end, roadmap) without --draft is issued: the file is written under a
temporary name first, then, in one transaction, the order is recorded in the journal (the
pairs approved), and the file is put in place; if either fails, nothing is recorded.
The order fixing pairs names everyone in them: a person without a valid consent to the
processing of personal data stops it unless --force; a withdrawn consent stops it always.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from mentor_desk.documents.blocks import Document
    from mentor_desk.storage.database import Database

KINDS = ("pairs", "end", "roadmap", "passport", "consent", "extract")
LISTS = ("mentors", "mentees", "pairs")
SUFFIXES = (".pdf", ".docx")


def add_parser(sub: Any, db_help: str) -> None:
    """The `order` sub-command's arguments (cli._parser calls this)."""
    order = sub.add_parser(
        "order",
        help="приказы и документы в PDF или DOCX",
        description="Приказ или документ в файл .pdf или .docx. По умолчанию — из того, "
        "что готово: приказ о закреплении — из черновиков пар и групп, приказ о "
        "завершении — из завершённых пар, которых ещё нет в таком приказе, согласия — "
        "для участников без действующего согласия, которым бланк ещё не выдавали. "
        "Приказ без --draft издаётся: записывается в журнал приказов, пары утверждаются.",
    )
    order.add_argument("--db", dest="sub_db", metavar="ПУТЬ", help=db_help)
    order.add_argument(
        "--kind",
        required=True,
        choices=KINDS,
        help="pairs — о закреплении пар и групп, end — о завершении программ, "
        "roadmap — об утверждении дорожной карты (последней по периоду), "
        "passport — паспорт программы, consent — согласия на обработку ПДн, "
        "extract — выписка из реестра",
    )
    order.add_argument("--out", required=True, metavar="ФАЙЛ", help="файл .pdf или .docx")
    order.add_argument("--number", metavar="N", help="номер приказа, например 45-о")
    order.add_argument("--date", metavar="ДД.ММ.ГГГГ", help="дата приказа")
    order.add_argument(
        "--draft",
        action="store_true",
        help="проект: с пометкой «ПРОЕКТ», в базу ничего не записывается",
    )
    order.add_argument(
        "--force",
        action="store_true",
        help="для pairs: издать приказ, хотя у кого-то из названных в нём нет действующего "
        "согласия на обработку персональных данных (без --force такой приказ не издаётся, "
        "а список этих людей выводится); с отозванным согласием приказ не издаётся и с --force",
    )
    order.add_argument(
        "--pairs",
        metavar="ID,ID…",
        help="для pairs: только эти пары и группы (черновики), номера через запятую — "
        "как их показывает «mentor-desk pairs list --status draft»; по умолчанию все черновики",
    )
    order.add_argument(
        "--list", dest="extract_list", choices=LISTS, help="для extract: какой список"
    )
    order.add_argument(
        "--personal",
        action="store_true",
        help="для extract: с персональными данными (только у кого действует согласие)",
    )


def _fail(message: str) -> int:
    print(f"mentor-desk: {message}", file=sys.stderr)
    return 2


class _Refused(Exception):
    """A refusal with its message for the user."""


def run(args: argparse.Namespace, db_path: Path) -> int:
    from mentor_desk.documents.files import DocumentWriteError
    from mentor_desk.services.documents import DocKind, DocumentError

    try:
        kind = DocKind(args.kind)
        out = Path(args.out)
        order_date = _check_args(args, kind, out)
        if not db_path.exists():
            raise _Refused(f"файл базы данных не найден: {db_path}")
        from mentor_desk.bootstrap import open_school_database

        db = open_school_database(db_path)
        try:
            print(_make(db, kind, args, out, order_date, date.today()))
        finally:
            db.close()
    except (_Refused, DocumentError, DocumentWriteError) as exc:
        return _fail(str(exc))
    return 0


def _check_args(args: argparse.Namespace, kind: Any, out: Path) -> date | None:
    from mentor_desk.domain.dates import DateFormatError, parse_date

    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        shown = f"«{out.suffix}»" if out.suffix else "без расширения"
        raise _Refused(
            f"неизвестный формат файла {shown}: укажите файл .pdf или .docx, например order.pdf"
        )
    if not kind.numbered and (args.number or args.date):
        raise _Refused("--number и --date указываются только для приказов (pairs, end, roadmap)")
    if args.force and args.kind != "pairs":
        raise _Refused("--force указывается только для приказа о закреплении (--kind pairs)")
    if args.pairs is not None and args.kind != "pairs":
        raise _Refused("--pairs указывается только для приказа о закреплении (--kind pairs)")
    if (args.extract_list or args.personal) and args.kind != "extract":
        raise _Refused("--list и --personal указываются только для выписки (--kind extract)")
    if args.kind == "extract" and not args.extract_list:
        raise _Refused("для выписки укажите список: --list mentors, mentees или pairs")
    try:
        order_date = parse_date(args.date) if args.date else None
    except DateFormatError as exc:
        raise _Refused(f"--date: {exc}") from None
    if kind.numbered and not args.draft:
        if not (args.number or "").strip() or order_date is None:
            raise _Refused(
                "для приказа укажите номер и дату: --number 45-о --date ДД.ММ.ГГГГ "
                "(или --draft, чтобы напечатать проект)"
            )
        if order_date > date.today():
            raise _Refused("дата приказа не может быть в будущем")
    return order_date


def _render(document: Document, out: Path) -> bytes:
    if out.suffix.lower() == ".docx":
        from mentor_desk.documents.docx import docx_bytes

        return docx_bytes(document)
    from mentor_desk.documents.pdf import pdf_bytes

    return pdf_bytes(document)


def _write(out: Path, content: bytes) -> None:
    from mentor_desk.documents.files import write_atomically

    write_atomically(out, content)


def _write_recorded(
    db: Database, out: Path, content: bytes, record: Callable[[Session], None]
) -> None:
    """Write the file and record what it says, both or neither.

    The file goes under a temporary name beside `out` first (a full disk or a missing
    folder stops here, with nothing recorded); then, inside the transaction, it is
    renamed over `out` (a file open in Word stops here and the transaction rolls back).
    """
    from mentor_desk.documents.files import LOCKED_MESSAGE, DocumentWriteError, write_atomically

    temp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")
    write_atomically(temp, content, shown_as=out.name)  # a failure names `out`, not `temp`
    placed = False
    try:
        with db.transaction() as session:
            record(session)
            session.flush()
            try:
                os.replace(temp, out)
            except OSError as exc:
                message = (
                    LOCKED_MESSAGE.format(name=out.name)
                    if isinstance(exc, PermissionError)
                    else f"Не удалось сохранить «{out.name}»: {exc.strerror or exc}."
                )
                raise DocumentWriteError(message) from exc
            placed = True
    except BaseException:
        if placed:  # written, but the record failed: no file of an order that was not issued
            out.unlink(missing_ok=True)
        raise
    finally:
        temp.unlink(missing_ok=True)


def _make(
    db: Database, kind: Any, args: argparse.Namespace, out: Path, on: date | None, today: date
) -> str:
    from mentor_desk.services.documents import DocKind

    if kind in (DocKind.PAIRS, DocKind.END):
        return _order(db, kind, args, out, on, today)
    if kind is DocKind.ROADMAP:
        return _roadmap_order(db, args, out, on, today)
    if kind is DocKind.CONSENT:
        return _consent(db, args, out, today)
    from mentor_desk.services.documents import build, extract_data, passport_data

    if kind is DocKind.PASSPORT:
        _write(out, _render(build(kind, passport_data(db.reader, today)), out))
        return f"Паспорт программы наставничества → {args.out}"
    data = extract_data(db.reader, args.extract_list, args.personal, today)
    _write(out, _render(build(kind, data), out))
    from mentor_desk.documents.extracts import EXTRACT_TITLES

    personal = ", с персональными данными" if args.personal else ""
    return f"Выписка из реестра: {EXTRACT_TITLES[data.kind].lower()}{personal} → {args.out}"


def _roadmap_order(
    db: Database, args: argparse.Namespace, out: Path, on: date | None, today: date
) -> str:
    """The order approving the latest roadmap, the roadmap as its appendix."""
    from mentor_desk.domain.dates import format_date
    from mentor_desk.queries import roadmap
    from mentor_desk.services import orders
    from mentor_desk.services.documents import roadmap_approval

    maps = roadmap.roadmaps(db.reader)
    if not maps:
        raise _Refused("в базе нет дорожной карты: создайте её на вкладке «Дорожная карта»")
    latest = maps[-1]
    before = roadmap_approval(db.reader, latest.id)
    again = (
        f" (повторно: ранее — приказ № {before[0]} от {format_date(before[1])})" if before else ""
    )
    order = orders.roadmap_order(db.reader, latest.id, args.number or "", on, today,
                                 draft=args.draft)  # fmt: skip
    content = _render(order.document(), out)
    if args.draft:
        _write(out, content)
        return f"Проект приказа об утверждении «{latest.title}» (ПРОЕКТ) → {args.out}"
    _check_number(db, order)
    _issue(db, order, out, content, today, force=False)
    return (
        f"Приказ № {order.number} от {format_date(on)}: утверждена «{latest.title}»{again} "
        f"→ {args.out}"
    )


def _issue(
    db: Database, order: Any, out: Path, content: bytes, today: date, *, force: bool
) -> None:
    """The file written and the order issued, or neither."""
    from mentor_desk.services import orders

    def record(session: Session) -> None:
        orders.issue_order(session, order, today, confirmed_without_consent=force)

    _write_recorded(db, out, content, record)


def _consent(db: Database, args: argparse.Namespace, out: Path, today: date) -> str:
    """Consent forms for everyone who has no valid consent and no form handed out yet."""
    from mentor_desk.domain.text import count_ru
    from mentor_desk.services.documents import (
        DocKind,
        build,
        consent_data,
        ready_for,
        record_consent_handouts,
    )

    ids = ready_for(db.reader, DocKind.CONSENT, today)
    if not ids:
        raise _Refused(
            "нет участников без действующего согласия, которым ещё не выдавали бланк: "
            "печатать нечего"
        )
    content = _render(build(DocKind.CONSENT, consent_data(db.reader, ids, today)), out)
    forms = count_ru(len(ids), "бланк", "бланка", "бланков")
    if args.draft:
        _write(out, content)
        return f"Согласия на обработку ПДн: {forms}, выдача в реестре не отмечена → {args.out}"

    def record(session: Session) -> None:
        record_consent_handouts(session, ids, today)

    _write_recorded(db, out, content, record)
    return f"Согласия на обработку ПДн: {forms}, выдача отмечена в реестре → {args.out}"


_NOTHING_READY = {
    "pairs": "нет пар и групп в статусе «черновик»: утверждать приказом нечего",
    "end": "нет завершённых пар и групп, которых ещё нет в приказе о завершении программ",
}
_DONE = {  # after «Приказ № 45-о от 15.11.2026: 12 …»
    "pairs": ("пара или группа утверждена", "пары и группы утверждены", "пар и групп утверждено"),
    "end": ("завершённая пара или группа", "завершённые пары и группы", "завершённых пар и групп"),
}


def _order(
    db: Database, kind: Any, args: argparse.Namespace, out: Path, on: date | None, today: date
) -> str:
    """An order of pairs (fixing them, or ending their programs): issued, or a draft."""
    from mentor_desk.domain.dates import format_date
    from mentor_desk.domain.text import count_ru, plural_ru
    from mentor_desk.services import orders
    from mentor_desk.services.documents import DocKind, ready_for

    ready = ready_for(db.reader, kind, today)
    ids = ready if args.pairs is None else _chosen(db, args.pairs, ready)
    if not ids:
        raise _Refused(_NOTHING_READY[kind.value])
    number = args.number or ""
    if kind is DocKind.PAIRS:
        order = orders.pairs_order(db.reader, ids, number, on, today, draft=args.draft)
    else:
        order = orders.end_order(db.reader, ids, number, on, today, draft=args.draft)
    if not args.draft:
        _check_number(db, order)
    _check_consent(db, order, today, args.force)
    content = _render(order.document(), out)
    n = len(ids)
    if args.draft:
        _write(out, content)
        pairs = count_ru(n, "пара или группа", "пары и группы", "пар и групп")
        return f"Проект приказа (ПРОЕКТ, в базу ничего не записано): {pairs} → {args.out}"
    _issue(db, order, out, content, today, force=args.force)
    done = plural_ru(n, *_DONE[kind.value])
    return f"Приказ № {order.number} от {format_date(on)}: {n} {done} → {args.out}"


def _chosen(db: Database, typed: str, drafts: list[int]) -> list[int]:
    """The pairs of --pairs «3,7», each a draft of the register, in the order given."""
    from mentor_desk.queries.documents import pair_lines

    parts = [part.strip() for part in typed.split(",") if part.strip()]
    if not parts or not all(part.isdigit() for part in parts):
        raise _Refused(
            f"--pairs: «{typed}» — укажите номера пар и групп через запятую, например "
            "--pairs 3,7 (номера показывает «mentor-desk pairs list --status draft»)"
        )
    ids = list(dict.fromkeys(int(part) for part in parts))
    known = {line.id: line for line in pair_lines(db.reader, ids)}
    missing = [str(i) for i in ids if i not in known]
    if missing:
        raise _Refused(f"--pairs: нет пар и групп с номерами {', '.join(missing)}")
    not_drafts = [f"{i} ({known[i].status.label})" for i in ids if i not in drafts]
    if not_drafts:
        raise _Refused(
            f"--pairs: не черновики: {', '.join(not_drafts)}; приказ о закреплении "
            "утверждает только черновики"
        )
    return ids


def _check_number(db: Database, order: Any) -> None:
    from mentor_desk.services import orders

    problem = orders.number_problem(db.reader, order.number, order.issued_on)
    if problem:
        raise _Refused(problem)


def _check_consent(db: Database, order: Any, today: date, force: bool) -> None:
    """The order fixing pairs names everyone in them: a withdrawn consent stops it, no
    valid consent stops it unless --force (a draft alike: it names them too)."""
    from mentor_desk.services import orders
    from mentor_desk.services.documents import ConsentUnconfirmed, consent_list

    try:
        orders.consent_gate(db.reader, order, today, confirmed=force)
    except ConsentUnconfirmed as exc:
        raise _Refused(
            "нет действующего согласия на обработку персональных данных: "
            f"{consent_list(exc.problems)}. Приказ назовёт их; чтобы издать его всё равно, "
            "добавьте --force"
        ) from None
