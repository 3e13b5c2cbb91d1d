"""AES-256-GCM for an encrypted archive: chunked object files, sealed small blobs, subkeys.

An object file is ``MAGIC`` followed by chunks of ``nonce (12) | ciphertext | tag (16)``; every
chunk holds ``CHUNK`` bytes of plaintext except the last, which may be shorter (or empty). Each
chunk's associated data binds the object's name, the chunk's number and whether it is the last
one, so a flipped byte, a truncated file, reordered chunks or one object's chunks swapped into
another all fail with ``IntegrityFailure`` instead of giving altered bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from archive.errors import CasefileError

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
NONCE = 12
TAG = 16
KEY_BYTES = 32
OBJECT_MAGIC = b"CFOBJ\x00\x01\n"
BLOB_MAGIC = b"CFBLB\x00\x01\n"


class IntegrityFailure(CasefileError):
    """Encrypted bytes of the archive were altered, truncated or belong elsewhere."""


def subkey(data_key: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose (objects, names, derived files, database) from the data key."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=b"casefile/" + purpose.encode("ascii")).derive(data_key)


def object_name(names_key: bytes, sha256: str) -> str:
    """The file name of an object in an encrypted archive: an HMAC of its hash, so the names
    on disk do not tell which known files the archive holds."""
    return hmac.new(names_key, sha256.encode("ascii"), hashlib.sha256).hexdigest()


def _chunk_ad(name: str, index: int, final: bool) -> bytes:
    return name.encode("ascii") + struct.pack(">QB", index, 1 if final else 0)


def encrypt_stream(key: bytes, name: str, src: BinaryIO, out: BinaryIO) -> tuple[str, int]:
    """Encrypt ``src`` into ``out`` as chunks; returns the plaintext's SHA-256 hex and size."""
    aes = AESGCM(key)
    digest = hashlib.sha256()
    size = 0
    out.write(OBJECT_MAGIC)
    index = 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK) if len(chunk) == CHUNK else b""
        final = not following
        digest.update(chunk)
        size += len(chunk)
        nonce = os.urandom(NONCE)
        out.write(nonce + aes.encrypt(nonce, chunk, _chunk_ad(name, index, final)))
        if final:
            return digest.hexdigest(), size
        chunk = following
        index += 1


def decrypt_chunks(key: bytes, name: str, src: BinaryIO) -> Iterator[bytes]:
    """The plaintext of an object file, chunk by chunk; IntegrityFailure at the first chunk
    that does not authenticate (or a missing end)."""
    if src.read(len(OBJECT_MAGIC)) != OBJECT_MAGIC:
        raise IntegrityFailure("it is not an encrypted Casefile object (damaged header)")
    aes = AESGCM(key)
    whole = NONCE + CHUNK + TAG
    index = 0
    block = src.read(whole)
    while True:
        following = src.read(whole) if len(block) == whole else b""
        final = not following
        if len(block) < NONCE + TAG:
            raise IntegrityFailure("it was cut short")
        try:
            yield aes.decrypt(block[:NONCE], block[NONCE:], _chunk_ad(name, index, final))
        except InvalidTag:
            raise IntegrityFailure(
                f"part {index + 1} of it fails its integrity check (altered or cut short)"
            ) from None
        if final:
            return
        block = following
        index += 1


def seal(key: bytes, data: bytes, label: str) -> bytes:
    """Encrypt a small blob (a derived file, a key) bound to ``label`` (where it belongs)."""
    nonce = os.urandom(NONCE)
    return BLOB_MAGIC + nonce + AESGCM(key).encrypt(nonce, data, label.encode("utf-8"))


def unseal(key: bytes, blob: bytes, label: str) -> bytes:
    """The plaintext of ``seal``; IntegrityFailure if the blob was altered or moved."""
    head = len(BLOB_MAGIC)
    if blob[:head] != BLOB_MAGIC or len(blob) < head + NONCE + TAG:
        raise IntegrityFailure(f"{label}: not an encrypted Casefile file (damaged header)")
    try:
        return AESGCM(key).decrypt(blob[head:head + NONCE], blob[head + NONCE:],
                                   label.encode("utf-8"))
    except InvalidTag:
        raise IntegrityFailure(f"{label}: fails its integrity check (altered)") from None
