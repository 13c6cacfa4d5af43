"""Reading a zip from untrusted hands in memory: names checked, bytes counted, nothing
extracted.

bagit-python checks a manifest path by resolving it against the bag's folder on disk
(realpath + commonpath); a reader that never touches the disk can be stricter: every name
is checked for what would be dangerous on any system (absolute, "..", backslash, drive
letter, NUL, a symlink), then must be one the format knows. Sizes are counted on the bytes
the decompressor actually returns, never on the sizes the archive declares.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable

from mentor_desk.exchange.bundle.format import (
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_TOTAL_BYTES,
    BundleError,
)

CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
AGAIN = "Попросите прислать пакет заново, выгруженный из Mentor Desk."
# Anything zipfile or zlib may raise on a damaged archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    struct.error,
    OverflowError,
    UnicodeDecodeError,
    KeyError,
    IndexError,
    OSError,
)


def _refuse(message: str, code: str) -> BundleError:
    return BundleError(message, code)


def sniff(data: bytes, label: str) -> None:
    """Refuse what is plainly not a zip before zipfile is asked."""
    if not data:
        raise _refuse(f"{label} пуст (0 байт). {AGAIN}", "empty")
    if data.startswith(b"%PDF"):
        raise _refuse(
            f"{label} — это документ PDF, а не пакет. Пакет — файл .mdbundle, который "
            "выгружает Mentor Desk (Файл → Выгрузить пакет для муниципалитета).",
            "foreign",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            f"{label} — это документ Office старого формата (.doc, .xls) или "
            f"зашифрованная книга, а не пакет. {AGAIN}",
            "foreign",
        )
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise _refuse(f"{label} — не пакет Mentor Desk (это не zip-архив). {AGAIN}", "foreign")
    if b"PK\x05\x06" not in data[-(65536 + 22) :]:
        raise _refuse(
            f"{label} обрезан: конец архива отсутствует, файл скопирован или скачан не "
            "полностью. Скопируйте его ещё раз (дождитесь конца копирования, безопасно "
            "извлеките флешку).",
            "truncated",
        )


MAX_DIRECTORY_BYTES = 1024 * 1024  # 64 members need a few KB; zipfile parses it whole


def directory_size(data: bytes) -> int | None:
    """The central directory's size as the end record declares it (zip64 too), or None.

    zipfile builds a ZipInfo for every entry of the directory before anyone can count
    them: a 100 MB file of empty entries would cost gigabytes. The size is checked first.
    """
    end = len(data) - 22
    if data[end : end + 4] != b"PK\x05\x06":
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65536 - 22))
        if end < 0 or end + 22 > len(data):
            return None
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    if size != 0xFFFFFFFF:
        return size
    locator = end - 20
    if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
        return None
    record = int.from_bytes(data[locator + 8 : locator + 16], "little")
    if data[record : record + 4] != b"PK\x06\x06":
        return None
    return int.from_bytes(data[record + 40 : record + 48], "little")


def open_zip(data: bytes, label: str) -> zipfile.ZipFile:
    size = directory_size(data)
    if size is not None and size > MAX_DIRECTORY_BYTES:
        raise _refuse(
            f"Оглавление архива больше {MAX_DIRECTORY_BYTES // 2**20} МБ: в нём "
            f"тысячи файлов, это не пакет Mentor Desk или «zip-бомба». {AGAIN}",
            "too_many",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise _refuse(
            f"{label} повреждён или обрезан: оглавление архива не читается. {AGAIN}",
            "truncated",
        ) from None


def check_names(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse dangerous names, symlinks, encrypted members and too many members."""
    if len(infos) > MAX_MEMBERS:
        raise _refuse(
            f"В архиве {len(infos)} файлов (допустимо не больше {MAX_MEMBERS}): "
            f"это не пакет Mentor Desk или «zip-бомба». {AGAIN}",
            "too_many",
        )
    seen: dict[str, str] = {}
    for info in infos:
        name = info.orig_filename  # zipfile cuts a name at NUL; the original keeps it
        shown = name.replace("\x00", "\\0")[:80]
        if "\x00" in name:
            raise _refuse(f"Имя файла «{shown}» в архиве содержит нулевой символ. {AGAIN}", "nul")
        if "\\" in name:
            raise _refuse(
                f"Имя файла «{shown}» в архиве содержит обратную косую черту «\\». {AGAIN}",
                "backslash",
            )
        if name.startswith("/"):
            raise _refuse(f"В архиве абсолютный путь «{shown}». {AGAIN}", "absolute")
        if _DRIVE.match(name):
            raise _refuse(f"В архиве путь с буквой диска «{shown}». {AGAIN}", "drive")
        parts = name.rstrip("/").split("/")
        if ".." in parts:
            raise _refuse(
                f"Путь «{shown}» в архиве ведёт за пределы пакета («..»). {AGAIN}", "dotdot"
            )
        if any(p in ("", ".") for p in parts) or any(ord(c) < 32 for c in name):
            raise _refuse(f"Недопустимое имя файла «{shown}» в архиве. {AGAIN}", "bad_name")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _refuse(
                f"В архиве символическая ссылка «{shown}»: такие файлы не принимаются. {AGAIN}",
                "symlink",
            )
        if info.flag_bits & 0x1:
            raise _refuse(
                f"Файл «{shown}» в архиве зашифрован средствами zip: это не пакет Mentor Desk. "
                f"{AGAIN}",
                "zip_encrypted",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(
                f"Файл «{shown}» в архиве сжат неизвестным способом. {AGAIN}", "compression"
            )
        if name in seen:
            raise _refuse(f"Файл «{shown}» встречается в архиве дважды. {AGAIN}", "duplicate")
        folded = unicodedata.normalize("NFC", name).casefold()
        if folded in seen.values():
            raise _refuse(
                f"В архиве два файла с одинаковым после нормализации Unicode именем "
                f"«{shown}». {AGAIN}",
                "nfc_duplicate",
            )
        seen[name] = folded


class Counter:
    """The bytes read so far from one archive, against the limits."""

    def __init__(self, where: str) -> None:
        self.where = where  # "в пакете", "в зашифрованной части пакета"
        self.total = 0

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        out = bytearray()
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    out += chunk
                    self.total += len(chunk)
                    if len(out) > MAX_MEMBER_BYTES:
                        raise _refuse(
                            f"Файл «{info.filename}» {self.where} распаковывается больше "
                            f"чем в {MAX_MEMBER_BYTES // 2**20} МБ: это «zip-бомба» или не "
                            f"пакет Mentor Desk. {AGAIN}",
                            "bomb",
                        )
                    if self.total > MAX_TOTAL_BYTES:
                        raise _refuse(
                            f"Всё вместе {self.where} распаковывается больше чем в "
                            f"{MAX_TOTAL_BYTES // 2**20} МБ: это «zip-бомба» или не пакет "
                            f"Mentor Desk. {AGAIN}",
                            "bomb",
                        )
        except ZIP_ERRORS:
            raise _refuse(
                f"Файл «{info.filename}» {self.where} повреждён (не сходится контрольная "
                f"сумма архива или сжатые данные). {AGAIN}",
                "corrupt_member",
            ) from None
        return bytes(out)


def read_all(
    archive: zipfile.ZipFile, counter: Counter, keep: Callable[[str], bool]
) -> dict[str, bytes]:
    """Every member `keep` accepts, read in memory through the counter."""
    return {
        info.filename: counter.read(archive, info)
        for info in archive.infolist()
        if keep(info.filename)
    }
