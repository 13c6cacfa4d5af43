"""BagIt 1.0 (RFC 8493) text files: tags, manifests, the signed statement."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from mentor_desk.exchange.bundle.format import BundleError

BAGIT_TEXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
STATEMENT_HEAD = "Mentor-Desk-Signed-Statement"
_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64})[ \t]+\*?(\S.*)")
AGAIN = "Попросите школу выгрузить пакет заново."


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean_value(value: object) -> str:
    """A tag value on one line: CR and LF would start a new tag (bagit-python strips them)."""
    return " ".join(str(value).split())


def format_tags(tags: Mapping[str, object]) -> bytes:
    return "".join(f"{k}: {clean_value(v)}\n" for k, v in tags.items()).encode("utf-8")


def _text(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        raise BundleError(
            f"Файл «{name}» начинается с метки порядка байтов (BOM), что BagIt запрещает: "
            f"пакет изменён другой программой. {AGAIN}",
            "bad_tags",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BundleError(f"Файл «{name}» не в кодировке UTF-8. {AGAIN}", "bad_tags") from None


def parse_tags(data: bytes, name: str) -> dict[str, str]:
    """Label: value lines; a line starting with white space continues the value (RFC 8493)."""
    tags: dict[str, str] = {}
    last: str | None = None
    for line in _text(data, name).splitlines():
        if not line.strip():
            continue
        if line[0] in " \t" and last is not None:
            tags[last] += " " + line.strip()
            continue
        label, colon, value = line.partition(":")
        label = label.strip()
        if not colon or not label:
            raise BundleError(
                f"Строка «{line[:80]}» в файле «{name}» не имеет вида «метка: значение». {AGAIN}",
                "bad_tags",
            )
        if label in tags:
            raise BundleError(f"Метка «{label}» повторяется в файле «{name}». {AGAIN}", "bad_tags")
        tags[label] = value.strip()
        last = label
    return tags


def format_manifest(files: Mapping[str, bytes]) -> bytes:
    # Two spaces: the line is also what `sha256sum -c` reads.
    return "".join(f"{sha256(data)}  {path}\n" for path, data in sorted(files.items())).encode(
        "utf-8"
    )


def parse_manifest(data: bytes, name: str) -> dict[str, str]:
    """path -> checksum; a malformed or repeated line refuses the bundle."""
    entries: dict[str, str] = {}
    for line in _text(data, name).splitlines():
        if not line.strip():
            continue
        match = _MANIFEST_LINE.fullmatch(line.strip())
        if match is None:
            raise BundleError(
                f"Строка «{line[:80]}» в файле «{name}» не является строкой манифеста. {AGAIN}",
                "bad_manifest",
            )
        checksum, path = match.group(1).lower(), match.group(2)
        path = re.sub("%0D", "\r", path, flags=re.IGNORECASE)
        path = re.sub("%0A", "\n", path, flags=re.IGNORECASE)
        if path in entries:
            raise BundleError(
                f"Файл «{path[:80]}» указан в «{name}» дважды. {AGAIN}", "bad_manifest"
            )
        entries[path] = checksum
    return entries


def statement(tags: Mapping[str, str]) -> bytes:
    """The text the school signs: who, which year, which bundle, when, and what."""
    return format_tags({STATEMENT_HEAD: "1", **tags})
