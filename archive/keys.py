"""The key file of an encrypted archive: a random data key wrapped by a passphrase.

``keyfile.json`` holds the Argon2id salt and parameters and the data key encrypted (AES-256-GCM)
under the key the passphrase derives. The GCM tag is the check value: a wrong passphrase fails
it, and nothing is changed. Changing the passphrase rewraps the same data key, so no object,
derived file or database page has to be re-encrypted.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from archive.crypto import KEY_BYTES, NONCE
from archive.errors import CasefileError, WrongPassphrase

log = logging.getLogger(__name__)

KEYFILE_NAME = "keyfile.json"
FORMAT = 1
_AD = b"casefile data key v1"
# Argon2id, RFC 9106's second recommended set (64 MiB, 3 passes), 4 lanes: ~0.2 s here.
DEFAULT_KDF: dict[str, int] = {"iterations": 3, "lanes": 4, "memory_cost_kib": 64 * 1024}
MIN_PASSPHRASE = 8


@dataclass(frozen=True, slots=True)
class KeyFile:
    """The parsed key file: KDF parameters, salt and the wrapped data key."""

    salt: bytes
    kdf: dict[str, int]
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> bytes:
        doc = {
            "format": FORMAT, "what": "Casefile encrypted archive key (do not edit or delete:"
            " without it the archive cannot be opened)",
            "kdf": "argon2id", "kdf_params": self.kdf, "salt": _b64(self.salt),
            "cipher": "aes-256-gcm", "nonce": _b64(self.nonce), "wrapped_key": _b64(self.wrapped),
        }
        return (json.dumps(doc, indent=2) + "\n").encode("ascii")

    @classmethod
    def from_json(cls, data: bytes) -> KeyFile:
        try:
            doc: dict[str, Any] = json.loads(data)
            if doc.get("format") != FORMAT or doc.get("kdf") != "argon2id":
                raise ValueError(f"unknown key file format {doc.get('format')!r}")
            kdf = {k: int(doc["kdf_params"][k]) for k in DEFAULT_KDF}
            return cls(_unb64(doc["salt"]), kdf, _unb64(doc["nonce"]), _unb64(doc["wrapped_key"]))
        except (ValueError, KeyError, TypeError) as e:
            raise CasefileError(f"The archive's key file is damaged ({e}); it cannot be"
                                " unlocked. Restore keyfile.json from a backup.") from e


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"), validate=True)


def _kek(passphrase: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return Argon2id(salt=salt, length=KEY_BYTES, iterations=kdf["iterations"],
                    lanes=kdf["lanes"], memory_cost=kdf["memory_cost_kib"]).derive(
        passphrase.encode("utf-8"))


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise CasefileError(f"Choose a passphrase of at least {MIN_PASSPHRASE} characters"
                            " (several words are easier to remember and harder to guess).")


def wrap(data_key: bytes, passphrase: str, *, kdf: dict[str, int] | None = None) -> KeyFile:
    """A key file holding ``data_key`` under ``passphrase`` (fresh salt and nonce)."""
    params = dict(kdf or DEFAULT_KDF)
    salt, nonce = os.urandom(16), os.urandom(NONCE)
    wrapped = AESGCM(_kek(passphrase, salt, params)).encrypt(nonce, data_key, _AD)
    return KeyFile(salt, params, nonce, wrapped)


def unwrap(keyfile: KeyFile, passphrase: str) -> bytes:
    """The data key; WrongPassphrase when the passphrase does not open it."""
    try:
        return AESGCM(_kek(passphrase, keyfile.salt, keyfile.kdf)).decrypt(
            keyfile.nonce, keyfile.wrapped, _AD)
    except InvalidTag:
        raise WrongPassphrase("That passphrase does not unlock this archive. Nothing was"
                              " changed; check the passphrase and try again.") from None


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def read_keyfile(root: Path) -> KeyFile:
    try:
        return KeyFile.from_json((root / KEYFILE_NAME).read_bytes())
    except FileNotFoundError:
        raise CasefileError(f"{root} is not an encrypted archive (no {KEYFILE_NAME}).") from None


def is_encrypted(root: Path) -> bool:
    return (root / KEYFILE_NAME).is_file()
