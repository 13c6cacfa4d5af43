"""The municipality's workspace (режим «Муниципалитет»): the schools' yearly bundles added,
checked and kept, and the district's figures consolidated from them.

A workspace is a database file of the same schema opened in district mode (the setting
WORKSPACE_SETTING marks it); its district_* tables hold the figures of the bundles, one
bundle a school and academic year. Each file is read with exchange.bundle.read_bundle
(figures only: a personal part stays sealed, the municipality never needs it here), then
judged:

- added: a bundle of a school and year the workspace had none of;
- replaced: a newer bundle (by its signed creation time) of the same school and year
  replaces the older one's rows;
- unchanged: the same bundle id again changes nothing;
- refused: the reader's message (BundleError), an older bundle than the one held, or a
  known school's bundle signed by another key — unless the specialist confirmed the key
  change for that school. A school's key is trusted on its first bundle.

Every accepted file is copied unchanged into the inbox folder (named by its SHA-256)
before its rows are written; a refused file leaves the workspace as it was. The caller's
transaction is the call's: one transaction for all the files of one action.

Consolidation is weighted: the district's share is the sum of the schools' numerators over
the sum of their denominators, never an average of the schools' percentages.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.kpi import (
    MIN_RESPONDENTS,
    SATISFACTION_ROLES,
    Computation,
    IndicatorDef,
    IndicatorSet,
    status,
    target_for,
)
from mentor_desk.exchange.bundle import Bundle, BundleError, read_bundle
from mentor_desk.exchange.bundle.format import MAX_FILE_BYTES
from mentor_desk.queries import district as reads
from mentor_desk.queries.district import BundleRow, IndicatorFact, SchoolRow
from mentor_desk.services.indicator_sets import DEFAULT_SET_KEY, all_sets
from mentor_desk.services.kpi import parse_year, year_label
from mentor_desk.storage.models import (
    DistrictBundle,
    DistrictContingent,
    DistrictPairs,
    DistrictPractice,
    DistrictRoadmap,
    DistrictSchool,
    DistrictSurvey,
    DistrictSwot,
    Setting,
)
from mentor_desk.storage.models import DistrictIndicator as IndicatorRecord

if TYPE_CHECKING:
    from mentor_desk.documents.district_report import DistrictReport
    from mentor_desk.storage.database import Database

WORKSPACE_SETTING = "district.workspace"  # "1" in a municipality's workspace
INBOX_SUFFIX = "-inbox"  # «district-inbox» beside «district.sqlite3»
BUNDLE_SUFFIX = ".mdbundle"
ADDED, REPLACED, UNCHANGED, REFUSED = "added", "replaced", "unchanged", "refused"
OUTCOME_LABELS = {
    ADDED: "добавлен",
    REPLACED: "заменил прежний пакет",
    UNCHANGED: "уже есть, ничего не изменено",
    REFUSED: "не принят",
}
LAGGING = "far"  # a school whose value is far from the target lags


class DistrictError(ValueError):
    """The workspace cannot be used as asked (a school's database, an inbox that cannot be
    written); the message is Russian."""


# --- the workspace ----------------------------------------------------------------------


def inbox_for(workspace: Path) -> Path:
    """Where the received files are kept: a folder beside the workspace file."""
    return workspace.with_name(workspace.stem + INBOX_SUFFIX)


def _school_rows(path: Path) -> int:
    """How many people a database file's register holds (0: not a school's database)."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            marked, people = reads.file_state(conn, WORKSPACE_SETTING)
    except sqlite3.Error:
        return 0  # open_database gives the message for a broken file
    return 0 if marked else people


def check_workspace_file(path: Path) -> None:
    """DistrictError for a school's database: a workspace never mixes with a register."""
    if path.exists() and path.stat().st_size > 0:
        people = _school_rows(path)
        if people:
            raise DistrictError(
                f"Файл {path} — база школы (в реестре {people} чел.), а не рабочая область "
                "муниципалитета. Укажите другой файл: рабочая область создаётся пустой."
            )


def open_workspace(path: Path) -> Database:
    """Open (create, migrate) the workspace file and mark it; DistrictError for a school's
    database, storage's DatabaseError for a broken or newer file."""
    from mentor_desk.storage.database import open_database

    check_workspace_file(path)
    db = open_database(path)
    try:
        with db.transaction() as session:
            mark_workspace(session)
    except BaseException:
        db.close()
        raise
    return db


def mark_workspace(session: Session) -> None:
    """Mark the database as a municipality's workspace (kept in its settings)."""
    if session.get(Setting, WORKSPACE_SETTING) is None:
        session.add(Setting(key=WORKSPACE_SETTING, value="1"))


# --- adding bundles -----------------------------------------------------------------------


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: the outcome, and a sentence for the specialist."""

    path: str
    outcome: str  # added / replaced / unchanged / refused
    message: str
    code: str = ""  # for programs: the BundleError code, "older", "key_changed", ...
    school_id: str = ""
    school_name: str = ""
    academic_year: str = ""
    bundle_id: str = ""
    fingerprint: str = ""
    replaced: str = ""  # the bundle id replaced

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass(frozen=True)
class AddReport:
    files: tuple[FileOutcome, ...]

    def count(self, outcome: str) -> int:
        return sum(1 for f in self.files if f.outcome == outcome)

    @property
    def refused(self) -> tuple[FileOutcome, ...]:
        return tuple(f for f in self.files if f.outcome == REFUSED)

    @property
    def summary(self) -> str:
        parts = [f"{label}: {self.count(o)}" for o, label in OUTCOME_LABELS.items()
                 if self.count(o)]  # fmt: skip
        return f"Файлов {len(self.files)}; " + ", ".join(parts) if parts else "Файлов нет"


def bundle_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """The files to add: each file given, and every *.mdbundle in a folder given (its
    sub-folders too, by name); a folder without bundles or a missing path is an outcome."""
    found: list[Path] = []
    problems: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                (p for p in path.rglob("*") if p.suffix.lower() == BUNDLE_SUFFIX and p.is_file()),
                key=lambda p: str(p.relative_to(path)).casefold(),
            )
            if not inside:
                problems.append(FileOutcome(
                    str(path), REFUSED, f"В папке «{path.name}» нет файлов пакетов (*.mdbundle).",
                    "empty_folder"))  # fmt: skip
            found += inside
        elif path.exists():
            found.append(path)
        else:
            problems.append(FileOutcome(str(path), REFUSED,
                f"Файл «{path.name}» не найден.", "missing"))  # fmt: skip
    return found, problems


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BundleError(
                f"Файл «{path.name}» больше {MAX_FILE_BYTES // 2**20} МБ: это не пакет "
                "Mentor Desk.",
                "too_big",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise BundleError(
            f"Не удалось прочитать файл «{path.name}»: {exc.strerror or exc}. Проверьте, "
            "что файл на месте и не открыт другой программой.",
            "unreadable",
        ) from exc
    return data


def _utc(moment: datetime) -> datetime:
    """Naive UTC, as the DateTime columns keep it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _shown(moment: datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M UTC")


def _keep(inbox: Path, data: bytes, sha: str, made: list[Path]) -> str:
    """The file's bytes under its SHA-256 in the inbox, whole (temporary name, fsync,
    rename); the name kept. A file made now is remembered in `made` to undo."""
    name = sha + BUNDLE_SUFFIX
    target = inbox / name
    try:
        inbox.mkdir(parents=True, exist_ok=True)
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == sha:
            return name
        temp = inbox / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            with open(temp, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
    except OSError as exc:
        raise DistrictError(
            f"Не удалось сохранить пакет в папку входящих {inbox}: {exc.strerror or exc}. "
            "Ничего не добавлено; проверьте место на диске и права на папку."
        ) from exc
    made.append(target)
    return name


def _rows(bundle_id: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str],
          numbered: bool = False) -> list[dict[str, Any]]:  # fmt: skip
    out = []
    for position, row in enumerate(rows, 1):
        item = {"bundle_id": bundle_id, **{c: row.get(c) for c in columns}}
        if numbered:
            item["position"] = position
        out.append(item)
    return out


_TABLES: tuple[tuple[type[Any], str, tuple[str, ...], bool], ...] = (
    (IndicatorRecord, "indicators",
     ("set_key", "key", "name", "numerator", "denominator", "value", "target", "status"), False),
    (DistrictContingent, "contingent", ("key", "count"), False),
    (DistrictPairs, "pairs_summary", ("form", "kind", "status", "count"), False),
    (DistrictRoadmap, "roadmap_items", ("section", "title", "due", "status", "done_on"), True),
    (DistrictSurvey, "survey_summary",
     ("role", "question", "kind", "respondents", "mean", "option", "count"), True),
    (DistrictSwot, "swot", ("quadrant", "position", "text"), False),
    (DistrictPractice, "practices", ("title", "form", "description", "results"), True),
)  # fmt: skip


def _write_rows(session: Session, bundle_id: str, bundle: Bundle) -> None:
    for model, table, columns, numbered in _TABLES:
        rows = _rows(bundle_id, bundle.tables.get(table, []), columns, numbered)
        if rows:
            session.execute(insert(model), rows)


def _key_message(school: DistrictSchool, bundle: Bundle) -> str:
    return (
        f"Пакет школы «{school.name}» (идентификатор {school.id}) подписан другим ключом: "
        f"отпечаток {bundle.fingerprint} вместо известного {school.key_fingerprint}. "
        "Если школа сменила ключ (новый компьютер, переустановка программы), сверьте новый "
        "отпечаток с напечатанным в её отчёте и подтвердите смену ключа; иначе пакет мог "
        "быть подделан. Пакет не принят."
    )


def _unchanged(path: Path, kept: DistrictBundle, session: Session) -> FileOutcome:
    school = session.get(DistrictSchool, kept.school_id)
    name = school.name if school is not None else kept.school_id
    return FileOutcome(
        str(path), UNCHANGED,
        f"Этот пакет школы «{name}» за {kept.academic_year} учебный год уже есть в рабочей "
        "области; ничего не изменено.", "same_bundle", school_id=kept.school_id,
        school_name=name, academic_year=kept.academic_year, bundle_id=kept.id,
        fingerprint=school.key_fingerprint if school is not None else "",
    )  # fmt: skip


def _add_one(
    session: Session, path: Path, inbox: Path, today: date, now: datetime,
    confirm: Collection[str], made: list[Path],
) -> FileOutcome:  # fmt: skip
    try:
        data = _read_bytes(path)
        sha = hashlib.sha256(data).hexdigest()
        kept = session.scalars(
            select(DistrictBundle).where(DistrictBundle.file_sha256 == sha).limit(1)
        ).first()
        if kept is not None:  # the very file held: verified when it came, nothing to do
            return _unchanged(path, kept, session)
        bundle = read_bundle(data)  # figures only: a personal part stays sealed
    except BundleError as exc:
        return FileOutcome(str(path), REFUSED, str(exc), exc.code)
    meta = bundle.meta
    assert meta.bundle_id is not None and meta.created is not None
    bundle_id = str(meta.bundle_id)
    created = _utc(meta.created)
    who = {
        "school_id": meta.school_id, "school_name": meta.school_name,
        "academic_year": meta.academic_year, "bundle_id": bundle_id,
        "fingerprint": bundle.fingerprint,
    }  # fmt: skip
    school = session.get(DistrictSchool, meta.school_id)
    key_changed = school is not None and school.key_fingerprint != bundle.fingerprint
    if school is not None and key_changed and meta.school_id not in confirm:
        return FileOutcome(str(path), REFUSED, _key_message(school, bundle), "key_changed", **who)
    same = session.get(DistrictBundle, bundle_id)
    if same is not None:
        if same.school_id != meta.school_id:
            return FileOutcome(str(path), REFUSED,
                f"Пакет с идентификатором {bundle_id} уже получен от другой школы "
                f"({same.school_id}); этот файл не принят.", "bundle_id_taken", **who)  # fmt: skip
        if not key_changed:
            return FileOutcome(str(path), UNCHANGED,
                f"Этот пакет школы «{meta.school_name}» за {meta.academic_year} учебный год "
                "уже есть в рабочей области; ничего не изменено.",
                "same_bundle", **who)  # fmt: skip
    held = session.scalars(
        select(DistrictBundle).where(
            DistrictBundle.school_id == meta.school_id,
            DistrictBundle.academic_year == meta.academic_year,
        )
    ).one_or_none()
    if held is not None and held.id != bundle_id and held.created >= created:
        word = "более новый" if held.created > created else "другой с тем же временем создания"
        return FileOutcome(str(path), REFUSED,
            f"В рабочей области уже есть {word} пакет школы «{meta.school_name}» за "
            f"{meta.academic_year} учебный год (создан {_shown(held.created)}); этот пакет "
            f"создан {_shown(created)} и не принят.", "older", **who)  # fmt: skip
    # Accepted: the file goes into the inbox first, then the rows.
    name = _keep(inbox, data, sha, made)
    pem = bundle.signer_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    new_school = school is None
    if school is None:
        school = DistrictSchool(
            id=meta.school_id, name=meta.school_name, municipality=meta.municipality,
            key_fingerprint=bundle.fingerprint, public_key=pem, first_seen=today,
        )  # fmt: skip
        session.add(school)
        session.flush()  # the school's row before its bundle's
    else:
        latest = session.scalar(
            select(func.max(DistrictBundle.created)).where(
                DistrictBundle.school_id == meta.school_id
            )
        )
        if latest is None or created >= latest:  # the newest bundle names the school
            school.name, school.municipality = meta.school_name, meta.municipality
        if key_changed:
            school.key_fingerprint, school.public_key = bundle.fingerprint, pem
            school.key_changed_on = today
    replaced = ""
    if held is not None:
        replaced, held_created = held.id, held.created
        session.execute(delete(DistrictBundle).where(DistrictBundle.id == held.id))
        session.expunge(held)
    session.add(
        DistrictBundle(
            id=bundle_id, school_id=meta.school_id, academic_year=meta.academic_year,
            level=meta.level.value, created=created, received_on=_utc(now), file_sha256=sha,
            inbox_path=name, format_version=meta.format_version,
        )
    )  # fmt: skip
    session.flush()
    _write_rows(session, bundle_id, bundle)
    note = " Ключ подписи школы сменён (подтверждено)." if key_changed else ""
    if replaced:
        return FileOutcome(str(path), REPLACED,
            f"Пакет школы «{meta.school_name}» за {meta.academic_year} учебный год заменил "
            f"прежний (созданный {_shown(held_created)}).{note}",
            "replaced", replaced=replaced, **who)  # fmt: skip
    first = " Ключ подписи школы запомнен по первому пакету: сверьте его отпечаток с " \
        "напечатанным в отчёте школы." if new_school else ""  # fmt: skip
    return FileOutcome(str(path), ADDED,
        f"Пакет школы «{meta.school_name}» за {meta.academic_year} учебный год добавлен."
        f"{first}{note}", "added", **who)  # fmt: skip


def add_bundles(
    session: Session,
    paths: list[Path],
    inbox: Path,
    today: date,
    now: datetime,
    *,
    confirm_key_change: Collection[str] = frozenset(),
) -> AddReport:
    """Add the files (folders: every *.mdbundle in them) in the caller's transaction; one
    outcome a file. DistrictError when the inbox cannot be written (then nothing is added:
    the caller rolls back, and the files copied by this call are removed)."""
    files, problems = bundle_files(paths)
    outcomes = list(problems)
    made: list[Path] = []
    try:
        for path in files:
            outcomes.append(_add_one(session, path, inbox, today, now, confirm_key_change, made))
        session.flush()
    except BaseException:
        for kept in made:
            kept.unlink(missing_ok=True)
        raise
    return AddReport(tuple(outcomes))


# --- consolidation --------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolFigure:
    """One school's figure of an indicator, ranked among the district's schools."""

    school_id: str
    school_name: str
    numerator: float | None
    denominator: float | None
    value: float | None  # the school's share, as its bundle gives it
    status: str  # against the district's target (the school's own when there is none)
    rank: int | None  # 1 = the highest value; None without a value
    counted: bool  # in the district's sums
    note: str = ""  # why not counted

    @property
    def lagging(self) -> bool:
        return self.status == LAGGING


@dataclass(frozen=True)
class DistrictIndicator:
    key: str
    name: str
    computes: Computation | None
    numerator: float
    denominator: float
    value: float | None  # sum of numerators / sum of denominators, in percent
    target: float | None
    status: str
    schools: tuple[SchoolFigure, ...]  # ranked: highest value first, no value last

    @property
    def lagging(self) -> tuple[SchoolFigure, ...]:
        return tuple(s for s in self.schools if s.lagging)

    @property
    def counted(self) -> int:
        return sum(1 for s in self.schools if s.counted)


@dataclass(frozen=True)
class District:
    academic_year: str  # «2025-2026»
    set_key: str
    set_title: str
    set_source: str
    municipality: str
    indicators: tuple[DistrictIndicator, ...]
    reporting: tuple[BundleRow, ...]  # the bundles of the year
    silent: tuple[SchoolRow, ...]  # known schools that sent nothing for the year
    notes: tuple[str, ...] = field(default_factory=tuple)
    pairs: tuple[tuple[str, str, int], ...] = ()  # (form, status, pairs) summed over schools
    contingent: dict[str, int] = field(default_factory=dict)  # summed over schools

    @property
    def lagging_schools(self) -> list[tuple[str, str, int]]:
        """(school id, name, indicators far from the target), the most lagging first."""
        counts: Counter[tuple[str, str]] = Counter()
        for indicator in self.indicators:
            for school in indicator.lagging:
                counts[(school.school_id, school.school_name)] += 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
        return [(sid, name, n) for (sid, name), n in ranked]


def _share(numerator: float, denominator: float) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def _district_indicator(
    key: str, definition: IndicatorDef | None, facts: Sequence[IndicatorFact], year: AcademicYear
) -> DistrictIndicator:
    if definition is not None:
        target = target_for(definition, year)
        name = definition.name
    else:  # a set the workspace does not know: the schools' common target, if they agree
        targets = {f.target for f in facts}
        target = targets.pop() if len(targets) == 1 else None
        name = facts[0].name
    numerator = denominator = 0.0
    figures: list[SchoolFigure] = []
    for fact in facts:
        note = ""
        if fact.numerator is None or not fact.denominator:
            note = "нет знаменателя"
        elif fact.numerator > fact.denominator:
            note = "числитель больше знаменателя (проверьте контингент)"
        else:
            numerator += fact.numerator
            denominator += fact.denominator
        shown = status(fact.value, target if target is not None else fact.target)
        figures.append(SchoolFigure(
            fact.school_id, fact.school_name, fact.numerator, fact.denominator, fact.value,
            shown, None, not note, note))  # fmt: skip

    def ranked_by(s: SchoolFigure) -> tuple[bool, float, str, str]:
        valid = s.value is not None and s.value <= 100.0  # above 100 %: a slip, not a rank
        return (not valid, -(s.value or 0.0) if valid else 0.0, s.school_name, s.school_id)

    figures.sort(key=ranked_by)
    ranked = []
    for place, figure in enumerate(figures, 1):
        rank = None if ranked_by(figure)[0] else place
        ranked.append(SchoolFigure(**{**figure.__dict__, "rank": rank}))
    computes = definition.computes if definition is not None else None
    value = _share(numerator, denominator)
    if computes in SATISFACTION_ROLES and denominator < MIN_RESPONDENTS:
        value = None  # too few answers in the whole district
    return DistrictIndicator(key, name, computes, numerator, denominator, value, target,
                             status(value, target), tuple(ranked))  # fmt: skip


def consolidate(
    conn: sqlite3.Connection,
    set_key: str | None,
    academic_year: str,
    *,
    sets: Sequence[IndicatorSet] | None = None,
) -> District:
    """The district's figures of the year on the set (None: the set most schools report
    on). Targets are the set's for the year (domain.kpi.target_for) when the program knows
    the set (built-in or the user folder's: `sets`, by default services.indicator_sets
    .all_sets()); ValueError (Russian) for a year it cannot read."""
    year = parse_year(academic_year)
    label = year_label(year)
    used = reads.set_keys(conn, label)
    key = set_key or (used[0][0] if used else DEFAULT_SET_KEY)
    known = {s.key: s for s in (all_sets().sets if sets is None else sets)}
    indicator_set = known.get(key)
    facts = reads.indicator_facts(conn, key, label)
    by_key: dict[str, list[IndicatorFact]] = {}
    for fact in facts:
        by_key.setdefault(fact.key, []).append(fact)
    order = [d.key for d in indicator_set.indicators] if indicator_set else []
    order += [k for k in by_key if k not in order]
    definitions = {d.key: d for d in indicator_set.indicators} if indicator_set else {}
    indicators = tuple(
        _district_indicator(k, definitions.get(k), by_key[k], year)
        if k in by_key
        else _district_indicator(k, definitions[k], (), year)
        for k in order
        if k in by_key or k in definitions
    ) if by_key or indicator_set else ()  # fmt: skip
    notes = []
    if indicator_set is None:
        notes.append(f"Набор показателей «{key}» программе не известен: плановые значения "
                     "взяты из пакетов школ, если они у всех одинаковы.")  # fmt: skip
    others = [f"{k} ({n})" for k, n in used if k != key]
    if others:
        notes.append("Часть школ отчитывается по другим наборам: " + ", ".join(others) + ".")
    places = reads.municipalities(conn)
    return District(
        academic_year=label,
        set_key=key,
        set_title=indicator_set.title if indicator_set else key,
        set_source=indicator_set.source if indicator_set else "",
        municipality=places[0][0] if places else "",
        indicators=indicators,
        reporting=tuple(reads.bundles(conn, label)),
        silent=tuple(reads.silent_schools(conn, label)),
        notes=tuple(notes),
        pairs=tuple(reads.pairs_totals(conn, label)),
        contingent=reads.contingent_totals(conn, label),
    )


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def as_json(district: District) -> dict[str, Any]:
    """The shape of `district report --json`."""
    return {
        "academic_year": district.academic_year,
        "set": district.set_key,
        "set_title": district.set_title,
        "municipality": district.municipality,
        "schools_reporting": len(district.reporting),
        "indicators": [
            {
                "key": i.key, "name": i.name, "numerator": _number(i.numerator),
                "denominator": _number(i.denominator), "value": i.value, "target": i.target,
                "status": i.status,
                "schools": [
                    {"id": s.school_id, "name": s.school_name, "rank": s.rank,
                     "numerator": _number(s.numerator), "denominator": _number(s.denominator),
                     "value": s.value, "status": s.status, "lagging": s.lagging,
                     "counted": s.counted}
                    for s in i.schools
                ],
            }
            for i in district.indicators
        ],
        "lagging": [{"id": sid, "name": name, "indicators_far": n}
                    for sid, name, n in district.lagging_schools],
        "silent": [{"id": s.id, "name": s.name} for s in district.silent],
        "pairs": [{"form": f, "status": st, "count": n} for f, st, n in district.pairs],
        "contingent": district.contingent,
        "notes": list(district.notes),
    }  # fmt: skip


def report_data(
    district: District,
    today: date,
    *,
    department: str = "",
    place: str = "",
    signer_position: str = "",
    signer_name: str = "",
) -> DistrictReport:
    """The consolidated report's data (documents.district_report, exchange.district_xlsx)."""
    from mentor_desk.documents.analytic_report import FormCounts, IndicatorRow
    from mentor_desk.documents.district_report import (
        BundleLine,
        DistrictLine,
        DistrictReport,
        SchoolLine,
    )
    from mentor_desk.domain.pairs import Form

    def whole(value: float) -> int:
        return round(value)

    lines = []
    for item in district.indicators:
        role = SATISFACTION_ROLES.get(item.computes, "") if item.computes else ""
        row = IndicatorRow(
            name=item.name, numerator=whole(item.numerator),
            denominator=whole(item.denominator) if item.denominator else None,
            value=item.value, target=item.target, status=item.status,
            respondents=whole(item.denominator) if role else None, role=role,
        )  # fmt: skip
        schools = tuple(
            SchoolLine(s.school_name, s.numerator, s.denominator, s.value, s.status, s.rank,
                       s.lagging, s.note)
            for s in item.schools
        )  # fmt: skip
        lines.append(DistrictLine(row, schools))
    bundles = tuple(
        BundleLine(b.school_name, b.created.strftime("%d.%m.%Y"),
                   f"достигнуто {b.met} из {b.indicators}" if b.indicators else "нет показателей")
        for b in district.reporting
    )  # fmt: skip
    known = len(district.reporting) + len(district.silent)
    by_form: dict[str, dict[str, int]] = {}
    for form, state, n in district.pairs:
        label = Form(form).label if form in {f.value for f in Form} else form
        by_form.setdefault(label, {})[state] = by_form.get(label, {}).get(state, 0) + n
    pairs = tuple(FormCounts(form, dict(states)) for form, states in by_form.items())
    return DistrictReport(
        municipality=district.municipality, year=district.academic_year, report_date=today,
        set_title=district.set_title, set_source=district.set_source,
        indicators=tuple(lines), bundles=bundles,
        lagging=tuple((name, n) for _, name, n in district.lagging_schools),
        silent=tuple(s.name for s in district.silent), known_schools=known,
        department=department, place=place, signer_position=signer_position,
        signer_name=signer_name, notes=district.notes, pairs=pairs,
    )  # fmt: skip


REPORT_SUFFIXES = (".xlsx", ".pdf", ".docx")


def write_report(
    conn: sqlite3.Connection,
    out: Path,
    set_key: str | None,
    academic_year: str,
    today: date,
    *,
    department: str = "",
) -> District:
    """Consolidate the year and write the report to `out` by its suffix (.xlsx, .pdf,
    .docx); the CLI and the window both call it. ValueError (Russian) for a year it cannot
    read or another suffix; ExportError / DocumentWriteError when the file cannot be
    written."""
    suffix = out.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise DistrictError(
            f"файл отчёта должен быть .xlsx, .pdf или .docx, а не «{suffix or '—'}»"
        )
    result = consolidate(conn, set_key, academic_year)
    data = report_data(result, today, department=department)
    if suffix == ".xlsx":
        from mentor_desk.exchange.district_xlsx import export_district

        export_district(out, data)
    elif suffix == ".pdf":
        from mentor_desk.documents.district_report import write_pdf

        write_pdf(data, out)
    else:
        from mentor_desk.documents.district_report import write_docx

        write_docx(data, out)
    return result
