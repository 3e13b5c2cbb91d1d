"""The storage of an encrypted archive: nothing in the archive folder is readable without the key.

- originals: AES-256-GCM chunked files (``archive.crypto``) named by an HMAC of their SHA-256,
  so the names do not reveal which known files are held; verify decrypts and re-hashes;
- derived files (word boxes, page images): sealed blobs bound to their item and name;
- the database: SQLCipher keyed with a subkey of the data key (``db_key``), WAL included;
- the search index, temporary files and the log: in a private memory folder (``/dev/shm``,
  mode 0700) that exists only while the archive is unlocked. The index is rebuilt from the
  database at unlock. Trade-off: tmpfs pages can be swapped out under memory pressure (use
  encrypted swap or none); a crash leaves the folder until the next unlock or reboot, and the
  next unlock removes folders of processes that are gone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from archive import keys
from archive.crypto import (
    IntegrityFailure,
    decrypt_chunks,
    encrypt_stream,
    object_name,
    seal,
    subkey,
    unseal,
)
from archive.errors import CasefileError
from archive.storage import ObjectFile, Storage, atomic_write

log = logging.getLogger(__name__)

MEMORY_ENV = "CASEFILE_MEMORY_DIR"
_PREFIX = "casefile-"
UNREADABLE = "(none: the encrypted file fails its integrity check)"


def memory_root() -> Path:
    """Where the private memory folders go: $CASEFILE_MEMORY_DIR or /dev/shm (RAM-backed)."""
    root = Path(os.environ.get(MEMORY_ENV) or "/dev/shm")
    if not root.is_dir():
        raise CasefileError(
            "Encrypted archives need a folder kept in memory (/dev/shm) for the search index and"
            f" for files being read, and {root} does not exist on this computer. Set"
            f" {MEMORY_ENV} to a RAM-backed folder."
        )
    return root


def _remove_orphans(root: Path) -> None:
    """Memory folders of Casefile processes that ended without closing (a crash)."""
    pattern = re.compile(rf"{_PREFIX}{os.getuid()}-(\d+)-")
    for p in root.glob(f"{_PREFIX}{os.getuid()}-*"):
        m = pattern.match(p.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            log.info("removing the memory folder %s left by a crashed session", p.name)
            shutil.rmtree(p, ignore_errors=True)
        except OSError:
            continue


class EncryptedStorage(Storage):
    """An unlocked encrypted archive folder. ``close()`` drops the keys and the memory folder."""

    encrypted = True

    def __init__(self, root: Path, data_key: bytes) -> None:
        super().__init__(root)
        self._objects_key = subkey(data_key, "objects")
        self._names_key = subkey(data_key, "object-names")
        self._derived_key = subkey(data_key, "derived")
        self.db_key = subkey(data_key, "database")
        base = memory_root()
        _remove_orphans(base)
        self.memory = Path(tempfile.mkdtemp(dir=base, prefix=f"{_PREFIX}{os.getuid()}-"
                                            f"{os.getpid()}-"))
        self.memory.chmod(stat.S_IRWXU)

    def close(self) -> None:
        shutil.rmtree(self.memory, ignore_errors=True)
        self._objects_key = self._names_key = self._derived_key = b""
        self.db_key = None

    def _key(self, key: bytes) -> bytes:
        if not key:
            raise CasefileError("The archive is locked. Unlock it with its passphrase first.")
        return key

    # --- layout: what must not touch the disk lives in memory ----------------------------
    @property
    def index_dir(self) -> Path:
        return self.memory / "index"

    @property
    def temp_dir(self) -> Path:
        return self.memory / "tmp"

    @property
    def log_path(self) -> Path:
        return self.memory / "casefile.log"

    def exists(self) -> bool:
        return super().exists() and keys.is_encrypted(self.root)

    # --- objects -------------------------------------------------------------------------
    def _name(self, sha256: str) -> str:
        return object_name(self._key(self._names_key), sha256)

    def object_path(self, sha256: str) -> Path:
        name = self._name(sha256)
        return self.objects_dir / name[:2] / name[2:]

    def _copy_in(self, src: BinaryIO, out: BinaryIO, sha256: str) -> str:
        digest, _ = encrypt_stream(self._key(self._objects_key), self._name(sha256), src, out)
        return str(digest)

    def object_file_for_reading(self, sha256: str) -> Path:
        raise CasefileError("Internal error: an encrypted original was asked for as a plain"
                            " file; use open_object().")

    def open_object(self, sha256: str) -> ObjectFile:
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        return ObjectFile(str(self.object_path(sha256)), self._key(self._objects_key),
                          self._name(sha256), str(self.temp_dir))

    def hash_object(self, sha256: str) -> str | None:
        obj = self.open_object(sha256)
        if not Path(obj.path).is_file():
            return None
        digest = hashlib.sha256()
        try:
            with Path(obj.path).open("rb") as src:
                for chunk in decrypt_chunks(obj.key or b"", obj.name, src):
                    digest.update(chunk)
        except IntegrityFailure as e:
            log.warning("object %s: %s", obj.name[:12], e)
            return UNREADABLE
        return digest.hexdigest()

    def iter_objects(self) -> Iterator[str]:
        """The names (HMACs) of the stored objects: their hashes cannot be read back."""
        return super().iter_objects()

    # --- derived files -------------------------------------------------------------------
    def write_derived(self, item_id: int, name: str, data: bytes) -> None:
        label = f"derived/{item_id}/{name}"
        atomic_write(self.derived_path(item_id, name),
                     seal(self._key(self._derived_key), data, label))

    def read_derived(self, item_id: int, name: str) -> bytes | None:
        blob = super().read_derived(item_id, name)
        if blob is None:
            return None
        try:
            return unseal(self._key(self._derived_key), blob, f"derived/{item_id}/{name}")
        except IntegrityFailure as e:
            log.warning("%s; it will be made again", e)  # derived files can be rebuilt
            return None


def create_encrypted(root: Path, passphrase: str) -> None:
    """Write the key file of a new encrypted archive (before anything else is stored)."""
    keys.check_new_passphrase(passphrase)
    if keys.is_encrypted(root):
        raise CasefileError(f"{root} is already an encrypted archive.")
    root.mkdir(parents=True, exist_ok=True)
    atomic_write(root / keys.KEYFILE_NAME, keys.wrap(keys.new_data_key(), passphrase).to_json())


def unlock(root: Path, passphrase: str) -> EncryptedStorage:
    """The storage of an encrypted archive; WrongPassphrase (nothing written) if it does not fit."""
    data_key = keys.unwrap(keys.read_keyfile(root), passphrase)
    return EncryptedStorage(root, data_key)


def change_passphrase(root: Path, old: str, new: str) -> None:
    """Rewrap the data key under ``new``; WrongPassphrase (nothing changed) if ``old`` is wrong."""
    keys.check_new_passphrase(new)
    data_key = keys.unwrap(keys.read_keyfile(root), old)
    atomic_write(root / keys.KEYFILE_NAME, keys.wrap(data_key, new).to_json())
    log.info("passphrase of %s changed", root)
