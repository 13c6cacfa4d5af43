"""Sealing the personal part of a bundle: AES-256-GCM, its key from scrypt or from X25519.

Parameters travel in data/personal-encryption.json (see docs/bundle-format.md); the
associated data binds the ciphertext to one school, year, bundle and level, so it cannot be
moved into another bundle.
"""

from __future__ import annotations

import base64
import binascii
import os
import unicodedata
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mentor_desk.exchange.bundle.format import BundleError
from mentor_desk.exchange.bundle.keys import fingerprint, raw_public

PASSWORD_SCHEME = "scrypt-aes-256-gcm"
X25519_SCHEME = "x25519-hkdf-sha256-aes-256-gcm"
SCRYPT_N = 2**17  # 128 MiB with r = 8: OWASP's minimum for scrypt
SCRYPT_R = 8
SCRYPT_P = 1
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024  # a hostile header must not make the reader swap
HKDF_INFO = b"mentor-desk bundle personal v1"


def associated_data(school_id: str, academic_year: str, bundle_id: UUID, level: str) -> bytes:
    return f"mentor-desk-bundle/1\n{school_id}\n{academic_year}\n{bundle_id}\n{level}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def password_bytes(password: str) -> bytes:
    # NFC: the same password typed on Windows and Linux gives the same bytes.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def seal(
    plaintext: bytes,
    aad: bytes,
    *,
    recipient: X25519PublicKey | None,
    password: str | None,
) -> tuple[dict[str, Any], bytes]:
    """(header, ciphertext): to the recipient's key when given, else with the password."""
    nonce = os.urandom(12)
    header: dict[str, Any]
    if recipient is not None:
        ephemeral = X25519PrivateKey.generate()
        ephemeral_public = raw_public(ephemeral.public_key())
        key = _hkdf(ephemeral.exchange(recipient), ephemeral_public + raw_public(recipient))
        header = {
            "scheme": X25519_SCHEME,
            "ephemeral_public_key": _b64(ephemeral_public),
            "recipient_fingerprint": fingerprint(recipient),
            "nonce": _b64(nonce),
        }
    elif password:
        salt = os.urandom(16)
        key = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
            password_bytes(password)
        )
        header = {
            "scheme": PASSWORD_SCHEME,
            "salt": _b64(salt),
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "nonce": _b64(nonce),
        }
    else:
        raise BundleError(
            "Для обезличенных и полных сведений нужен пароль или открытый ключ "
            "муниципалитета: без них персональные данные не выгружаются.",
            "no_password",
        )
    return header, AESGCM(key).encrypt(nonce, plaintext, aad)


def _hkdf(shared: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(shared)


def open_sealed(
    header: dict[str, Any],
    ciphertext: bytes,
    aad: bytes,
    *,
    password: str | None,
    private_key: X25519PrivateKey | None,
) -> bytes:
    """The plaintext; a header already valid against its JSON Schema (schemas.py)."""
    try:
        nonce = _unb64(header["nonce"])
        if header["scheme"] == X25519_SCHEME:
            if private_key is None:
                raise BundleError(
                    "Персональные сведения зашифрованы для ключа муниципалитета (отпечаток "
                    f"{header['recipient_fingerprint']}). Откройте пакет с этим ключом.",
                    "need_key",
                )
            if fingerprint(private_key.public_key()) != header["recipient_fingerprint"]:
                raise BundleError(
                    "Неверный ключ: персональные сведения зашифрованы для другого ключа "
                    f"муниципалитета (отпечаток {header['recipient_fingerprint']}). "
                    "Выберите ключ с этим отпечатком.",
                    "wrong_key",
                )
            ephemeral = X25519PublicKey.from_public_bytes(_unb64(header["ephemeral_public_key"]))
            key = _hkdf(
                private_key.exchange(ephemeral),
                raw_public(ephemeral) + raw_public(private_key.public_key()),
            )
            wrong = BundleError(
                "Неверный ключ: расшифровать персональные сведения не удалось. Проверьте, "
                "что выбран ключ муниципалитета, для которого сделан пакет.",
                "wrong_key",
            )
        else:
            if not password:
                raise BundleError(
                    "Персональные сведения в пакете защищены паролем. Введите пароль, "
                    "который школа сообщила отдельно от файла.",
                    "need_password",
                )
            n, r, p = header["n"], header["r"], header["p"]
            if 128 * n * r * p > MAX_SCRYPT_MEMORY:
                raise BundleError(
                    "Параметры шифрования пакета требуют слишком много памяти: файл "
                    "сделан не Mentor Desk или повреждён.",
                    "bad_encryption",
                )
            key = Scrypt(salt=_unb64(header["salt"]), length=32, n=n, r=r, p=p).derive(
                password_bytes(password)
            )
            wrong = BundleError(
                "Неверный пароль: расшифровать персональные сведения не удалось. Проверьте "
                "раскладку клавиатуры и Caps Lock и введите пароль ещё раз.",
                "wrong_password",
            )
        try:
            return AESGCM(key).decrypt(nonce, ciphertext, aad)
        except InvalidTag:
            raise wrong from None
    except (ValueError, binascii.Error, MemoryError) as exc:
        raise BundleError(
            "Параметры шифрования персональных сведений повреждены: пакет не открыть. "
            "Попросите школу выгрузить пакет заново.",
            "bad_encryption",
        ) from exc
