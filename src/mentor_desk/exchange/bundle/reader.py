"""Reading a bundle from untrusted hands: in memory, every member checked, nothing extracted.

The order of the checks decides which message a bad file gets: first what the file is
(empty, PDF, Word, truncated), then the archive's names and sizes, then the bag (version,
members, checksums, signature), then the descriptor and the tables against their schemas,
and last the personal part, which needs the password or the municipality's key.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from mentor_desk.exchange.bundle import bag, crypto, safezip
from mentor_desk.exchange.bundle.format import (
    AGGREGATE_TABLES,
    BAG_INFO,
    BAGIT_TXT,
    DESCRIPTOR,
    FORMAT_VERSION,
    MANIFEST,
    MAX_FILE_BYTES,
    PERSONAL,
    PERSONAL_DESCRIPTOR,
    PERSONAL_HEADER,
    PERSONAL_TABLES,
    REPORT,
    SIGNATURE,
    SIGNER_KEY,
    STATEMENT,
    TAG_FILES,
    TAGMANIFEST,
    BundleError,
    BundleMeta,
    PrivacyLevel,
    TableSpec,
)
from mentor_desk.exchange.bundle.keys import fingerprint
from mentor_desk.exchange.bundle.schemas import (
    descriptor_error,
    personal_header_error,
    where,
)
from mentor_desk.exchange.bundle.tables import Row, check_keys, decode_csv

Source = bytes | str | os.PathLike[str]
AGAIN = bag.AGAIN
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_CREATED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_OXUM = re.compile(r"([0-9]{1,15})\.([0-9]{1,5})")
_FIGURE_MEMBERS = frozenset(f"data/{spec.path}" for spec in AGGREGATE_TABLES)
KNOWN_MEMBERS = frozenset(
    {
        BAGIT_TXT,
        BAG_INFO,
        MANIFEST,
        TAGMANIFEST,
        STATEMENT,
        SIGNATURE,
        SIGNER_KEY,
        DESCRIPTOR,
        REPORT,
        PERSONAL,
        PERSONAL_HEADER,
    }
    | _FIGURE_MEMBERS
)
REQUIRED_MEMBERS = frozenset(
    {BAGIT_TXT, BAG_INFO, MANIFEST, TAGMANIFEST, STATEMENT, SIGNATURE, SIGNER_KEY, DESCRIPTOR}
    | _FIGURE_MEMBERS
)
OFFICE = {"word/": "документ Word (.docx)", "xl/": "книга Excel (.xlsx)", "ppt/": "презентация"}


@dataclass(frozen=True)
class Bundle:
    """A bundle read and verified."""

    meta: BundleMeta
    tables: dict[str, list[Row]]
    report_pdf: bytes | None
    signer_key: Ed25519PublicKey
    fingerprint: str
    encryption: str | None = None  # "password" / "x25519" / None for aggregate
    personal_sealed: bool = False  # a personal part is there, not opened (no password/key)
    personal_counts: dict[str, int] = field(default_factory=dict)  # from bag-info.txt


@dataclass
class Opened:
    """A bag whose archive passed the structural checks; members by name within the bag."""

    label: str
    base: str
    members: dict[str, bytes]
    tags: dict[str, str]
    meta: BundleMeta
    counter: safezip.Counter
    sha256: str = ""  # of the whole file, as received


# -- the file and its archive ---------------------------------------------------------------


def load_source(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        if len(source) > MAX_FILE_BYTES:
            raise BundleError(
                f"Файл пакета больше {MAX_FILE_BYTES // 2**20} МБ: это не пакет Mentor Desk.",
                "too_big",
            )
        return source, "Файл пакета"
    path = Path(source)
    label = f"Файл «{path.name}»"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BundleError(
                f"{label} больше {MAX_FILE_BYTES // 2**20} МБ: это не пакет Mentor Desk.",
                "too_big",
            )
        return path.read_bytes(), label
    except OSError as exc:
        raise BundleError(
            f"Не удалось прочитать {label[0].lower() + label[1:]}: {exc.strerror or exc}. "
            "Проверьте, что файл на месте и не открыт другой программой.",
            "unreadable",
        ) from exc


def _foreign(names: list[str], label: str) -> None:
    if "[Content_Types].xml" in names:
        kind = next(
            (word for prefix, word in OFFICE.items() if any(n.startswith(prefix) for n in names)),
            "документ Office",
        )
        raise BundleError(
            f"{label} — это {kind} с другим расширением, а не пакет. Пакет — файл "
            ".mdbundle, который выгружает Mentor Desk.",
            "office",
        )
    if "mimetype" in names and "META-INF/manifest.xml" in names:
        raise BundleError(
            f"{label} — это документ LibreOffice с другим расширением, а не пакет.", "office"
        )


def open_bag(source: Source) -> Opened:
    """The archive read in memory and its structure checked; BundleError if refused."""
    data, label = load_source(source)
    safezip.sniff(data, label)
    archive = safezip.open_zip(data, label)
    try:
        opened = _open(archive, label)
        opened.sha256 = bag.sha256(data)
        return opened
    except safezip.ZIP_ERRORS:
        raise BundleError(f"{label} повреждён. {AGAIN}", "corrupt_member") from None


def _open(archive: zipfile.ZipFile, label: str) -> Opened:
    infos = archive.infolist()
    safezip.check_names(infos)
    names = [i.filename for i in infos]
    _foreign(names, label)
    bases = {
        name.partition("/")[0]
        for name in names
        if name.count("/") == 1 and name.endswith("/" + BAGIT_TXT)
    }
    if not bases:
        raise BundleError(
            f"{label} — zip-архив, но не пакет Mentor Desk: в нём нет файла bagit.txt. "
            "Выберите файл .mdbundle, который выгрузила школа.",
            "not_bundle",
        )
    if len(bases) > 1:
        raise BundleError(f"В {label[0].lower() + label[1:]} несколько пакетов. {AGAIN}", "layout")
    base = bases.pop()
    by_name = {i.filename: i for i in infos}
    counter = safezip.Counter("в пакете")
    bagit = counter.read(archive, by_name[f"{base}/{BAGIT_TXT}"])
    if bagit.replace(b"\r\n", b"\n") != bag.BAGIT_TEXT.encode():
        raise BundleError(
            "Файл bagit.txt не объявляет BagIt 1.0 в UTF-8: пакет сделан не Mentor Desk "
            f"или изменён. {AGAIN}",
            "bad_tags",
        )
    info = by_name.get(f"{base}/{BAG_INFO}")
    if info is None:
        raise BundleError(f"В пакете нет файла bag-info.txt. {AGAIN}", "missing_member")
    bag_info = counter.read(archive, info)
    tags = bag.parse_tags(bag_info, BAG_INFO)
    meta = _meta(tags, base)

    members: dict[str, bytes] = {BAGIT_TXT: bagit, BAG_INFO: bag_info}
    for item in infos:
        name = item.filename
        if not name.startswith(base + "/"):
            raise BundleError(f"Файл «{name[:80]}» лежит вне папки пакета. {AGAIN}", "layout")
        inner = name[len(base) + 1 :]
        if item.is_dir():
            if inner not in ("", "data/") or item.file_size:
                raise BundleError(f"Лишняя папка «{name[:80]}» в пакете. {AGAIN}", "unknown_member")
            continue
        if inner not in KNOWN_MEMBERS:
            raise BundleError(
                f"В пакете лишний файл «{inner[:80]}», которого нет в формате версии "
                f"{meta.format_version}. {AGAIN}",
                "unknown_member",
            )
        if inner not in members:
            members[inner] = counter.read(archive, item)
    missing = sorted(REQUIRED_MEMBERS - members.keys())
    if missing:
        raise BundleError(
            f"В пакете нет {', '.join(missing)}: файл неполный. {AGAIN}", "missing_member"
        )
    return Opened(label, base, members, tags, meta, counter)


def _tag(tags: Mapping[str, str], label: str, pattern: re.Pattern[str] | None = None) -> str:
    value = tags.get(label)
    if value is None or (pattern is not None and not pattern.fullmatch(value)):
        raise BundleError(
            f"В bag-info.txt нет метки «{label}» или её значение неверно. {AGAIN}", "bad_tags"
        )
    return value


def _meta(tags: Mapping[str, str], base: str) -> BundleMeta:
    version_text = _tag(tags, "Mentor-Desk-Format-Version", re.compile(r"[0-9]{1,6}"))
    version = int(version_text)
    if version > FORMAT_VERSION:
        raise BundleError(
            f"Пакет сделан более новой версией Mentor Desk (формат {version}, эта программа "
            f"читает формат до {FORMAT_VERSION}). Обновите Mentor Desk и откройте пакет снова.",
            "newer_version",
        )
    if version < 1:
        raise BundleError(f"Неизвестная версия формата пакета «{version}». {AGAIN}", "bad_tags")
    bundle_id = _tag(tags, "Mentor-Desk-Bundle-Id", _UUID)
    if base != bundle_id:
        raise BundleError(
            "Папка пакета в архиве не совпадает с его идентификатором: пакет изменён. " + AGAIN,
            "layout",
        )
    level = _tag(tags, "Mentor-Desk-Privacy-Level", re.compile("aggregate|depersonalized|full"))
    created = _tag(tags, "Mentor-Desk-Created", _CREATED)
    try:
        when = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise BundleError(
            f"Неверная дата создания пакета «{created}». {AGAIN}", "bad_tags"
        ) from None
    return BundleMeta(
        school_id=_tag(
            tags, "Mentor-Desk-School-Id", re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
        ),
        school_name=_tag(tags, "Source-Organization"),
        municipality=_tag(tags, "Mentor-Desk-Municipality"),
        academic_year=_tag(
            tags, "Mentor-Desk-Academic-Year", re.compile(r"(19|20)[0-9]{2}-(19|20)[0-9]{2}")
        ),
        level=PrivacyLevel(level),
        software=_tag(tags, "Bag-Software-Agent"),
        bundle_id=UUID(bundle_id),
        created=when,
        format_version=version,
    )


# -- integrity and origin -------------------------------------------------------------------


def check_checksums(opened: Opened) -> None:
    """The tag manifest covers the tag files, the manifest every file under data/."""
    members = opened.members
    tag_entries = bag.parse_manifest(members[TAGMANIFEST], TAGMANIFEST)
    if set(tag_entries) != set(TAG_FILES):
        raise BundleError(
            f"Манифест служебных файлов ({TAGMANIFEST}) перечисляет не те файлы: пакет "
            f"изменён. {AGAIN}",
            "tampered",
        )
    for name, checksum in tag_entries.items():
        if bag.sha256(members[name]) != checksum:
            raise BundleError(
                f"Файл «{name}» изменён после выгрузки: его контрольная сумма не сходится. {AGAIN}",
                "tampered",
            )
    entries = bag.parse_manifest(members[MANIFEST], MANIFEST)
    payload = {n for n in members if n.startswith("data/")}
    if set(entries) != payload:
        extra = sorted(set(entries) ^ payload)
        raise BundleError(
            f"Состав пакета не совпадает с манифестом ({', '.join(extra)[:200]}): пакет "
            f"изменён или неполон. {AGAIN}",
            "tampered",
        )
    for name, checksum in entries.items():
        if bag.sha256(members[name]) != checksum:
            raise BundleError(
                f"Файл «{name}» изменён после выгрузки: его контрольная сумма не сходится. {AGAIN}",
                "tampered",
            )
    oxum = _OXUM.fullmatch(opened.tags.get("Payload-Oxum", ""))
    size = sum(len(members[n]) for n in payload)
    if oxum is None or (int(oxum.group(1)), int(oxum.group(2))) != (size, len(payload)):
        raise BundleError(
            f"Payload-Oxum в bag-info.txt не совпадает с содержимым пакета. {AGAIN}", "tampered"
        )


def check_signature(opened: Opened) -> tuple[Ed25519PublicKey, str]:
    """The school's key and its fingerprint, when the statement is signed by it and
    binds this bag's school, year, level, id, time and tag manifest."""
    members = opened.members
    bad = BundleError(
        "Подпись пакета не сходится: файл изменён после выгрузки или подписан не школой. " + AGAIN,
        "bad_signature",
    )
    try:
        key = serialization.load_pem_public_key(members[SIGNER_KEY])
        signature = base64.b64decode(members[SIGNATURE].strip(), validate=True)
    except (ValueError, TypeError, UnsupportedAlgorithm, binascii.Error):
        raise bad from None
    if not isinstance(key, Ed25519PublicKey) or len(signature) != 64:
        raise bad
    try:
        key.verify(signature, members[STATEMENT])
    except InvalidSignature:
        raise bad from None
    said = bag.parse_tags(members[STATEMENT], STATEMENT)
    meta = opened.meta
    identity = {
        bag.STATEMENT_HEAD: "1",
        "School-Id": meta.school_id,
        "Academic-Year": meta.academic_year,
        "Privacy-Level": meta.level.value,
        "Bundle-Id": str(meta.bundle_id),
        "Created": opened.tags["Mentor-Desk-Created"],
        "Signer-Fingerprint": fingerprint(key),
    }
    if {k: said.get(k) for k in identity} != identity:
        raise BundleError(
            "Подпись относится к другому пакету (другие школа, год, уровень, идентификатор "
            "или время создания): к файлу приложена подпись старого пакета, чтобы выдать "
            f"его за новый. {AGAIN}",
            "bad_signature",
        )
    if set(said) != {*identity, "Tagmanifest-SHA256"} or said["Tagmanifest-SHA256"] != bag.sha256(
        members[TAGMANIFEST]
    ):
        raise BundleError(
            "Подписанное заявление не совпадает с манифестом пакета: файлы и их контрольные "
            f"суммы изменены после подписи школы. {AGAIN}",
            "bad_signature",
        )
    return key, fingerprint(key)


# -- the descriptor and the tables ----------------------------------------------------------


def _json(data: bytes, name: str) -> Any:
    def refuse_constant(text: str) -> Any:
        raise ValueError(text)

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            raise ValueError("duplicate key")
        return out

    try:
        return json.loads(
            data.decode("utf-8"), parse_constant=refuse_constant, object_pairs_hook=no_duplicates
        )
    except (ValueError, RecursionError):
        raise BundleError(
            f"Файл «{name}» не является правильным JSON. {AGAIN}", "bad_descriptor"
        ) from None


def check_descriptor(
    data: bytes, name: str, meta: BundleMeta, part: str, specs: tuple[TableSpec, ...]
) -> dict[str, Any]:
    """The descriptor valid against its JSON Schema and describing exactly these tables."""
    document = _json(data, name)
    error = descriptor_error(document)
    if error is not None:
        raise BundleError(
            f"Описание пакета «{name}» не соответствует формату ({where(error)}: "
            f"{error.message[:200]}). {AGAIN}",
            "bad_descriptor",
        )
    expected = {
        "format_version": meta.format_version,
        "part": part,
        "level": meta.level.value,
        "school_id": meta.school_id,
        "academic_year": meta.academic_year,
    }
    if document["mentor_desk"] != expected or document["id"] != str(meta.bundle_id):
        raise BundleError(
            f"Описание пакета «{name}» относится к другому пакету (школа, год, уровень или "
            f"идентификатор не совпадают с bag-info.txt). {AGAIN}",
            "bad_descriptor",
        )
    resources = document["resources"]
    names = [r["name"] for r in resources]
    if names != [s.name for s in specs]:
        raise BundleError(
            f"Описание пакета «{name}» перечисляет таблицы {', '.join(names)} вместо "
            f"{', '.join(s.name for s in specs)}. {AGAIN}",
            "bad_descriptor",
        )
    for resource, spec in zip(resources, specs, strict=True):
        if resource["path"] != spec.path or resource["schema"] != spec.table_schema():
            raise BundleError(
                f"Схема таблицы «{spec.name}» в «{name}» не совпадает со схемой формата "
                f"версии {meta.format_version}. {AGAIN}",
                "bad_descriptor",
            )
    return dict(document)


def read_tables(
    files: Mapping[str, bytes],
    descriptor: Mapping[str, Any],
    specs: tuple[TableSpec, ...],
    prefix: str,
) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for resource, spec in zip(descriptor["resources"], specs, strict=True):
        data = files[prefix + spec.path]
        if ("hash" in resource and resource["hash"] != "sha256:" + bag.sha256(data)) or (
            "bytes" in resource and resource["bytes"] != len(data)
        ):
            raise BundleError(
                f"Таблица «{spec.title}» не совпадает с её описанием в datapackage.json "
                f"(размер или контрольная сумма). {AGAIN}",
                "bad_table",
            )
        tables[spec.name] = decode_csv(spec, data, where=prefix + spec.path)
    check_keys(specs, tables)
    return tables


def read_figures(opened: Opened) -> dict[str, list[Row]]:
    """The tables of figures, valid against their schemas, matching bag-info.txt."""
    meta = opened.meta
    descriptor = check_descriptor(
        opened.members[DESCRIPTOR], DESCRIPTOR, meta, "figures", AGGREGATE_TABLES
    )
    tables = read_tables(opened.members, descriptor, AGGREGATE_TABLES, "data/")
    school, year = tables["school"][0], tables["year"][0]
    if school["id"] != meta.school_id or year["academic_year"] != meta.academic_year:
        raise BundleError(
            "Школа или учебный год в таблицах не совпадают с bag-info.txt: пакет собран "
            f"неверно. {AGAIN}",
            "bad_table",
        )
    return tables


def personal_header(opened: Opened) -> dict[str, Any] | None:
    members, level = opened.members, opened.meta.level
    present = PERSONAL in members or PERSONAL_HEADER in members
    if not level.personal:
        if present:
            raise BundleError(
                "В пакете уровня «только цифры» есть персональная часть: пакет собран "
                f"неверно. {AGAIN}",
                "unexpected_personal",
            )
        return None
    if PERSONAL not in members or PERSONAL_HEADER not in members:
        raise BundleError(
            f"В пакете уровня «{level.label}» нет зашифрованной персональной части. {AGAIN}",
            "missing_member",
        )
    header = _json(members[PERSONAL_HEADER], PERSONAL_HEADER)
    error = personal_header_error(header)
    if error is not None:
        raise BundleError(
            f"Параметры шифрования ({PERSONAL_HEADER}) не соответствуют формату: "
            f"{error.message[:200]}. {AGAIN}",
            "bad_encryption",
        )
    scheme = "x25519" if header["scheme"] == crypto.X25519_SCHEME else "password"
    if opened.tags.get("Mentor-Desk-Encryption") != scheme:
        raise BundleError(
            f"Способ шифрования в bag-info.txt не совпадает с {PERSONAL_HEADER}. {AGAIN}",
            "bad_encryption",
        )
    return dict(header)


def read_personal(
    opened: Opened,
    header: Mapping[str, Any],
    password: str | None,
    private_key: X25519PrivateKey | None,
) -> dict[str, list[Row]]:
    meta = opened.meta
    assert meta.bundle_id is not None
    plaintext = crypto.open_sealed(
        dict(header),
        opened.members[PERSONAL],
        crypto.associated_data(
            meta.school_id, meta.academic_year, meta.bundle_id, meta.level.value
        ),
        password=password,
        private_key=private_key,
    )
    label = "Зашифрованная часть пакета"
    safezip.sniff(plaintext, label)
    archive = safezip.open_zip(plaintext, label)
    specs = tuple(PERSONAL_TABLES[meta.level])
    allowed = {PERSONAL_DESCRIPTOR} | {s.path for s in specs}
    try:
        infos = archive.infolist()
        safezip.check_names(infos)
        unknown = sorted(i.filename for i in infos if i.filename not in allowed)
        if unknown or len(infos) != len(allowed):
            raise BundleError(
                f"Состав зашифрованной части пакета неверен ({', '.join(unknown)[:200]}). {AGAIN}",
                "unknown_member",
            )
        counter = safezip.Counter("в зашифрованной части пакета")
        counter.total = opened.counter.total
        files = safezip.read_all(archive, counter, lambda _: True)
    except safezip.ZIP_ERRORS:
        raise BundleError(
            f"Зашифрованная часть пакета повреждена. {AGAIN}", "corrupt_member"
        ) from None
    descriptor = check_descriptor(
        files[PERSONAL_DESCRIPTOR], PERSONAL_DESCRIPTOR, meta, "personal", specs
    )
    return read_tables(files, descriptor, specs, "")


def personal_counts(tags: Mapping[str, str]) -> dict[str, int]:
    text = tags.get("Mentor-Desk-Personal-Rows", "")
    out: dict[str, int] = {}
    for part in text.split():
        name, _, number = part.partition("=")
        if number.isdigit() and len(number) < 10:
            out[name] = int(number)
    return out


def read_bundle(
    data: Source,
    *,
    password: str | None = None,
    private_key: X25519PrivateKey | None = None,
    school_id: str | None = None,
) -> Bundle:
    """The bundle verified and its tables typed; BundleError (Russian) when refused.

    Without the password or key a personal part stays sealed (`personal_sealed`): the
    figures are enough for the district. `school_id`, when given, refuses another
    school's bundle (a school database importing a bundle).
    """
    opened = open_bag(data)
    meta = opened.meta
    if school_id is not None and meta.school_id != school_id:
        raise BundleError(
            f"Это пакет другой школы («{meta.school_name}», идентификатор {meta.school_id}), "
            "а не этой. Выберите пакет своей школы.",
            "other_school",
        )
    check_checksums(opened)
    key, printed = check_signature(opened)
    tables = read_figures(opened)
    header = personal_header(opened)
    sealed = False
    encryption = None
    if header is not None:
        encryption = "x25519" if header["scheme"] == crypto.X25519_SCHEME else "password"
        if password is None and private_key is None:
            sealed = True
        else:
            tables.update(read_personal(opened, header, password, private_key))
    return Bundle(
        meta=meta,
        tables=tables,
        report_pdf=opened.members.get(REPORT),
        signer_key=key,
        fingerprint=printed,
        encryption=encryption,
        personal_sealed=sealed,
        personal_counts=personal_counts(opened.tags),
    )
