"""The keys of the bundle: the school's Ed25519 signing key, the municipality's X25519 pair.

The school's key is made at the first export and kept beside the database in a PEM file
only its owner may read (0600 on Linux; on Windows the user's profile folder protects it).
A fingerprint is the first 128 bits of SHA-256 over the raw public key, printed as eight
groups of four hex digits so it can be read aloud and compared on paper.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from mentor_desk.exchange.bundle.format import BundleError

log = logging.getLogger(__name__)

SIGNING_KEY_FILE = "bundle-signing-key.pem"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(*_RAW)


def fingerprint(public_key: Ed25519PublicKey | X25519PublicKey) -> str:
    """'3F2A 91C0 …': eight groups of four hex digits, the same on screen and on paper."""
    digest = hashlib.sha256(raw_public(public_key)).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def load_or_create_signing_key(folder: Path | str) -> Ed25519PrivateKey:
    """The school's signing key in `folder` (beside the database), made on first use."""
    path = Path(folder) / SIGNING_KEY_FILE
    if not path.exists():
        try:
            _create(path)
        except FileExistsError:
            pass  # another instance of the app made it a moment ago: use that one
        except OSError as exc:
            raise BundleError(
                f"Не удалось создать ключ подписи пакетов в папке «{path.parent}» "
                f"({exc.strerror or exc}). Проверьте, что папка доступна для записи.",
                "key_file",
            ) from exc
    return _load(path)


def _create(path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(path, pem)


def _write_private(path: Path, pem: bytes) -> None:
    """A new file only its owner may read, whole or not at all, never over another."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(pem)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temp, path)  # fails if the key exists: never replace a school's key
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT on a USB stick)
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _load(path: Path) -> Ed25519PrivateKey:
    problem = (
        f"Ключ подписи пакетов «{path}» повреждён или не читается. Восстановите его из "
        "резервной копии; если копии нет, удалите файл: будет создан новый ключ, и "
        "муниципалитет должен будет подтвердить его смену."
    )
    try:
        data = path.read_bytes()
        if os.name == "posix" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("the signing key %s was readable by others; made it 0600", path)
            path.chmod(0o600)
        key = serialization.load_pem_private_key(data, password=None)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise BundleError(problem, "key_file") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleError(problem, "key_file")
    return key


# Pseudonyms of the depersonalized level: an HMAC of the local id under a secret that never
# leaves the school, so the same person has the same pseudonym every year and no mapping
# table needs to be kept (or can leak).

PSEUDONYM_SECRET_FILE = "bundle-pseudonym-secret.bin"


def load_or_create_pseudonym_secret(folder: Path | str) -> bytes:
    """The school's pseudonym secret in `folder` (beside the database), made on first use."""
    path = Path(folder) / PSEUDONYM_SECRET_FILE
    if not path.exists():
        try:
            _write_private(path, secrets.token_bytes(32))
        except FileExistsError:
            pass
        except OSError as exc:
            raise BundleError(
                f"Не удалось создать секрет псевдонимов в папке «{path.parent}» "
                f"({exc.strerror or exc}). Проверьте, что папка доступна для записи.",
                "key_file",
            ) from exc
    try:
        secret = path.read_bytes()
    except OSError as exc:
        raise BundleError(f"Секрет псевдонимов «{path}» не читается.", "key_file") from exc
    if len(secret) != 32:
        raise BundleError(
            f"Секрет псевдонимов «{path}» повреждён. Восстановите его из резервной копии: "
            "без него псевдонимы участников в новых пакетах не совпадут с прежними.",
            "key_file",
        )
    return secret


def pseudonym(secret: bytes, local_id: object, prefix: str = "P") -> str:
    """'P' + 15 base32 characters (75 bits): stable for the school, opaque outside it.

    prefix "P" for people, "Q" for pairs: the format's pattern ^[A-Z][0-9A-Z]{5,31}$.
    """
    digest = hmac.new(secret, f"{prefix}:{local_id}".encode(), hashlib.sha256).digest()
    return prefix + base64.b32encode(digest).decode("ascii")[:15]


# The municipality's pair: the private key stays with the municipality; the public one is
# given to schools (a PEM text, e-mailed or on a USB stick) so personal data is sealed to it.


def generate_municipality_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def public_key_pem(key: X25519PrivateKey | X25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def private_key_pem(key: X25519PrivateKey, password: str | None = None) -> bytes:
    """PKCS#8 PEM, encrypted with the password when one is given."""
    protection: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode("utf-8"))
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection
    )


def load_municipality_public_key(text: str | bytes) -> X25519PublicKey:
    """A PEM public key, or its 32 raw bytes in base64 (as docs/bundle-format.md shows)."""
    data = text.encode("ascii", "replace") if isinstance(text, str) else text
    message = (
        "Это не открытый ключ муниципалитета. Попросите у муниципалитета файл ключа "
        "(текст, начинающийся с «-----BEGIN PUBLIC KEY-----»)."
    )
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_public_key(data)
        else:
            key = X25519PublicKey.from_public_bytes(base64.b64decode(data.strip(), validate=True))
    except (ValueError, TypeError, UnsupportedAlgorithm, binascii.Error) as exc:
        raise BundleError(message, "bad_key") from exc
    if not isinstance(key, X25519PublicKey):
        raise BundleError(message, "bad_key")
    return key


def load_municipality_private_key(data: bytes, password: str | None = None) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(
            data, password=password.encode("utf-8") if password else None
        )
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise BundleError(
            "Не удалось открыть закрытый ключ муниципалитета: файл повреждён или пароль "
            "к нему неверен.",
            "bad_key",
        ) from exc
    if not isinstance(key, X25519PrivateKey):
        raise BundleError("Этот файл не закрытый ключ муниципалитета (X25519).", "bad_key")
    return key
