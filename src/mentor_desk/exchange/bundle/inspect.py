"""What a bundle holds, without the password: for `mentor-desk bundle inspect --json` and
the verification view before sending or importing."""

from __future__ import annotations

from typing import Any

from mentor_desk.exchange.bundle.format import REPORT, BundleError
from mentor_desk.exchange.bundle.reader import (
    Source,
    check_checksums,
    check_signature,
    open_bag,
    personal_counts,
    personal_header,
    read_figures,
)


def inspect_bundle(path: Source) -> dict[str, Any]:
    """A JSON-ready summary. The archive's structure must hold (else BundleError); the
    checksums, signature and tables are reported as OK or not, with the reason."""
    opened = open_bag(path)
    meta = opened.meta
    problems: list[str] = []

    def attempt(check: Any) -> Any:
        try:
            return check(opened)
        except BundleError as exc:
            problems.append(str(exc))
            return None

    checksums_ok = attempt(check_checksums) is None and not problems
    signed = attempt(check_signature)
    figures = attempt(read_figures) if checksums_ok else None
    header = attempt(personal_header)
    counts = {name: len(rows) for name, rows in (figures or {}).items()}
    sealed = personal_counts(opened.tags)
    assert meta.created is not None
    return {
        "file": None if isinstance(path, bytes) else str(path),
        "sha256": opened.sha256,
        "format_version": meta.format_version,
        "bundle_id": str(meta.bundle_id),
        "created": meta.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "software": meta.software,
        "school": {
            "id": meta.school_id,
            "name": meta.school_name,
            "municipality": meta.municipality,
        },
        "academic_year": meta.academic_year,
        "level": meta.level.value,
        "level_label": meta.level.label,
        "counts": counts,
        "personal": None
        if not meta.level.personal
        else {
            "encrypted": True,
            "encryption": opened.tags.get("Mentor-Desk-Encryption"),
            "recipient_fingerprint": (header or {}).get("recipient_fingerprint"),
            "counts": sealed,
        },
        "report_pdf": REPORT in opened.members,
        "checksums_ok": checksums_ok,
        "signature_ok": signed is not None,
        "tables_ok": figures is not None,
        "fingerprint": signed[1] if signed is not None else None,
        "ok": not problems,
        "problems": problems,
    }
