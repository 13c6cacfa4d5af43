"""Writing a bundle: the tables as CSV in a signed BagIt bag, zipped, saved atomically.

Every table is read back through the reader's own decoder before the file is written, so
a bundle the reader would refuse is never made.
"""

from __future__ import annotations

import base64
import io
import json
import os
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from mentor_desk import __version__
from mentor_desk.exchange.bundle import bag, crypto
from mentor_desk.exchange.bundle.format import (
    AGGREGATE_TABLES,
    BAG_INFO,
    BAGIT_TXT,
    DESCRIPTOR,
    FORMAT_VERSION,
    MANIFEST,
    MAX_MEMBER_BYTES,
    MAX_TOTAL_BYTES,
    PERSONAL,
    PERSONAL_DESCRIPTOR,
    PERSONAL_HEADER,
    PERSONAL_TABLES,
    REPORT,
    SIGNATURE,
    SIGNER_KEY,
    STATEMENT,
    TAGMANIFEST,
    BundleError,
    BundleInfo,
    BundleMeta,
    PrivacyLevel,
    TableSpec,
    tables_for,
)
from mentor_desk.exchange.bundle.keys import fingerprint
from mentor_desk.exchange.bundle.schemas import DIALECT
from mentor_desk.exchange.bundle.tables import check_keys, decode_csv, encode_csv
from mentor_desk.safe_write import write_atomically

SOFTWARE = f"Mentor Desk {__version__}"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _descriptor(
    meta: BundleMeta, part: str, specs: tuple[TableSpec, ...], files: Mapping[str, bytes]
) -> bytes:
    assert meta.bundle_id is not None and meta.created is not None
    document: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"mentor-desk-bundle-{meta.academic_year}",
        "id": str(meta.bundle_id),
        "title": f"{meta.school_name}: наставничество, {meta.academic_year} учебный год",
        "created": _stamp(meta.created),
        "mentor_desk": {
            "format_version": FORMAT_VERSION,
            "part": part,
            "level": meta.level.value,
            "school_id": meta.school_id,
            "academic_year": meta.academic_year,
        },
        "resources": [
            {
                "name": spec.name,
                "title": spec.title,
                "path": spec.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(files[spec.path]),
                "hash": "sha256:" + bag.sha256(files[spec.path]),
                "dialect": DIALECT,
                "schema": spec.table_schema(),
            }
            for spec in specs
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csv_files(
    specs: tuple[TableSpec, ...], tables: Mapping[str, list[dict[str, Any]]]
) -> dict[str, bytes]:
    files = {spec.path: encode_csv(spec, tables.get(spec.name, [])) for spec in specs}
    # Read back with the reader's own checks: what the reader refuses is never written.
    typed = {s.name: decode_csv(s, files[s.path], where=s.path, writing=True) for s in specs}
    check_keys(specs, typed, writing=True)
    return files


def _within_limits(members: Mapping[str, bytes]) -> None:
    """What the reader would refuse as too big is not written (a huge report PDF)."""
    for name, data in members.items():
        if len(data) > MAX_MEMBER_BYTES:
            raise BundleError(
                f"Пакет не записан: файл «{name.rsplit('/', 1)[-1]}» больше "
                f"{MAX_MEMBER_BYTES // 2**20} МБ, такой пакет муниципалитет не примет. "
                "Уменьшите отчёт (меньше рисунков) и выгрузите пакет снова.",
                "too_big",
            )
    if sum(map(len, members.values())) > MAX_TOTAL_BYTES:
        raise BundleError(
            f"Пакет не записан: вместе файлы больше {MAX_TOTAL_BYTES // 2**20} МБ.", "too_big"
        )


def _zip(members: Mapping[str, bytes]) -> bytes:
    _within_limits(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, data)
    return out.getvalue()


def build_bundle(
    meta: BundleMeta,
    tables: Mapping[str, list[dict[str, Any]]],
    report_pdf: bytes | None,
    signing_key: Ed25519PrivateKey,
    encrypt_to: X25519PublicKey | None = None,
    password: str | None = None,
) -> tuple[bytes, BundleInfo]:
    """The bundle's bytes and what they hold; nothing written. See write_bundle."""
    level = PrivacyLevel(meta.level)
    meta = replace(
        meta,
        level=level,
        bundle_id=meta.bundle_id or uuid.uuid4(),
        created=(meta.created or datetime.now(timezone.utc)).replace(microsecond=0),
        software=meta.software if meta.software != "Mentor Desk" else SOFTWARE,
    )
    assert meta.bundle_id is not None and meta.created is not None
    known = {spec.name for spec in tables_for(level)}
    unknown = set(tables) - known
    if unknown:
        # A personal table in an aggregate bundle is a leak, not a detail: refuse.
        raise BundleError(
            f"Пакет уровня «{level.label}» не может содержать таблицы "
            f"{', '.join(sorted(unknown))}.",
            "bad_data",
        )
    figures = _csv_files(AGGREGATE_TABLES, tables)
    school_rows, year_rows = tables.get("school", []), tables.get("year", [])
    if (
        school_rows[0].get("id") != meta.school_id
        or year_rows[0].get("academic_year") != meta.academic_year
    ):
        raise BundleError(
            "Пакет не записан: школа или учебный год в таблицах не совпадают с данными пакета.",
            "bad_data",
        )
    data: dict[str, bytes] = {f"data/{name}": body for name, body in figures.items()}
    data[DESCRIPTOR] = _descriptor(meta, "figures", AGGREGATE_TABLES, figures)
    if report_pdf is not None:
        data[REPORT] = report_pdf

    tags: dict[str, object] = {
        "Source-Organization": meta.school_name,
        "External-Identifier": meta.school_id,
        "External-Description": (
            f"Пакет Mentor Desk: наставничество, {meta.academic_year} учебный год, {level.label}"
        ),
        "Bagging-Date": meta.created.date().isoformat(),
        "Bag-Software-Agent": meta.software,
        "Mentor-Desk-Format-Version": FORMAT_VERSION,
        "Mentor-Desk-School-Id": meta.school_id,
        "Mentor-Desk-Municipality": meta.municipality,
        "Mentor-Desk-Academic-Year": meta.academic_year,
        "Mentor-Desk-Privacy-Level": level.value,
        "Mentor-Desk-Bundle-Id": str(meta.bundle_id),
        "Mentor-Desk-Created": _stamp(meta.created),
    }
    counts = {spec.name: len(tables.get(spec.name, [])) for spec in tables_for(level)}
    encryption: str | None = None
    if level.personal:
        specs = tuple(PERSONAL_TABLES[level])
        personal = _csv_files(specs, tables)
        personal[PERSONAL_DESCRIPTOR] = _descriptor(meta, "personal", specs, personal)
        header, sealed = crypto.seal(
            _zip(personal),
            crypto.associated_data(meta.school_id, meta.academic_year, meta.bundle_id, level.value),
            recipient=encrypt_to,
            password=password,
        )
        encryption = "x25519" if header["scheme"] == crypto.X25519_SCHEME else "password"
        data[PERSONAL_HEADER] = (json.dumps(header, indent=2) + "\n").encode("ascii")
        data[PERSONAL] = sealed
        tags["Mentor-Desk-Encryption"] = encryption
        tags["Mentor-Desk-Personal-Rows"] = " ".join(f"{s.name}={counts[s.name]}" for s in specs)
    tags["Payload-Oxum"] = f"{sum(len(b) for b in data.values())}.{len(data)}"

    bag_info = bag.format_tags(tags)
    manifest = bag.format_manifest(data)
    bagit = bag.BAGIT_TEXT.encode("utf-8")
    tagmanifest = bag.format_manifest({BAGIT_TXT: bagit, BAG_INFO: bag_info, MANIFEST: manifest})
    public = signing_key.public_key()
    printed = fingerprint(public)
    said = bag.statement(
        {
            "School-Id": meta.school_id,
            "Academic-Year": meta.academic_year,
            "Privacy-Level": level.value,
            "Bundle-Id": str(meta.bundle_id),
            "Created": _stamp(meta.created),
            "Tagmanifest-SHA256": bag.sha256(tagmanifest),
            "Signer-Fingerprint": printed,
        }
    )
    members = {
        BAGIT_TXT: bagit,
        BAG_INFO: bag_info,
        MANIFEST: manifest,
        TAGMANIFEST: tagmanifest,
        STATEMENT: said,
        SIGNATURE: base64.b64encode(signing_key.sign(said)) + b"\n",
        SIGNER_KEY: public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        **data,
    }
    blob = _zip({f"{meta.bundle_id}/{name}": body for name, body in members.items()})
    info = BundleInfo(
        path="",
        bundle_id=meta.bundle_id,
        created=meta.created,
        level=level,
        size=len(blob),
        sha256=bag.sha256(blob),
        fingerprint=printed,
        counts=counts,
        encryption=encryption,
    )
    return blob, info


def write_bundle(
    path: Path | str,
    meta: BundleMeta,
    tables: Mapping[str, list[dict[str, Any]]],
    report_pdf: bytes | None,
    signing_key: Ed25519PrivateKey,
    encrypt_to: X25519PublicKey | None = None,
    password: str | None = None,
) -> BundleInfo:
    """Write the bundle to `path` whole or not at all; BundleError (Russian) on failure.

    `tables` maps a table name (format.py) to its rows, typed (str, int, float, bool,
    date, None); a table left out is written empty. Personal tables (people, pairs) are
    allowed only at the depersonalized and full levels, and are sealed to `encrypt_to`
    when given, else with `password`.
    """
    blob, info = build_bundle(meta, tables, report_pdf, signing_key, encrypt_to, password)
    target = Path(path)
    write_atomically(
        target,
        lambda stream: stream.write(blob),
        error=BundleError,
        locked_message=(
            "Файл «{name}» открыт в другой программе или папка защищена от записи. "
            "Закройте его или выберите другую папку."
        ),
        failed="Не удалось сохранить пакет «{name}»",
    )
    return replace(info, path=os.fspath(target))
