"""The one door to an archive folder's bytes: objects, derived files, database, index, temp.

Every read and write of archive content goes through here (``archive.vault`` is the encrypted
kind), so callers never care whether the archive is encrypted. Callers that need an original as
a file (extraction, rendering, export) ask for an ``ObjectFile`` and open it with
``materialise()``: a plain archive hands out the object itself, an encrypted one a decrypted
copy in a private memory folder that is removed when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from archive.crypto import decrypt_chunks

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
DB_NAME = "casefile.db"
MARKER = "CASEFILE-ARCHIVE"


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a file, read in chunks."""
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(".tmp-"), suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    fsync_dir(path.parent)


def _temp_prefix(kind: str) -> str:
    """Temporary names carry the writer's pid, so a killed writer's leftovers can be told
    from the work of a program still running."""
    return f"{kind}{os.getpid()}-"


def _writer_alive(name: str) -> bool:
    """Whether the program that made this temporary name still runs (True when unknown)."""
    parts = name.lstrip(".").split("-")
    if len(parts) < 3 or not parts[1].isdigit():
        return True
    pid = int(parts[1])
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@dataclass(frozen=True, slots=True)
class ObjectFile:
    """An original as something a worker process can open (picklable: crosses the pipe).

    For an encrypted archive it carries the objects key and decrypts into ``scratch`` (a
    private memory folder) for the time of ``materialise()``; plaintext never reaches a disk.
    """

    path: str
    key: bytes | None = None
    name: str = ""
    scratch: str = ""

    @contextlib.contextmanager
    def materialise(self, *, own_temp: bool = False) -> Iterator[Path]:
        """The original as a file for the time of the block. ``own_temp`` (worker processes
        only: it changes process-wide settings): for an encrypted archive, whatever a library
        or a program started from here writes to the system temp folder goes to the private
        memory folder instead."""
        if self.key is None:
            yield Path(self.path)
            return
        fd, tmp = tempfile.mkstemp(dir=self.scratch, prefix="plain-")
        try:
            with os.fdopen(fd, "wb") as out, open(self.path, "rb") as src:  # noqa: PTH123
                for chunk in decrypt_chunks(self.key, self.name, src):
                    out.write(chunk)
            with _temp_in(self.scratch) if own_temp else contextlib.nullcontext():
                yield Path(tmp)
        finally:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


@contextlib.contextmanager
def _temp_in(folder: str) -> Iterator[None]:
    saved_dir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder
    try:
        yield
    finally:
        tempfile.tempdir = saved_dir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env


class Storage:
    """Paths and byte-level operations of one archive folder (not encrypted)."""

    encrypted = False
    db_key: bytes | None = None

    def __init__(self, root: Path) -> None:
        self.root = root

    def close(self) -> None:
        """Forget keys and remove what only lived while the archive was open (plain: nothing)."""

    # --- layout -------------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def objects_dir(self) -> Path:
        return self.root / "objects"

    @property
    def derived_dir(self) -> Path:
        return self.root / "derived"

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def temp_dir(self) -> Path:
        return self.root / "tmp"

    @property
    def log_path(self) -> Path:
        return self.root / "casefile.log"

    def exists(self) -> bool:
        return (self.root / MARKER).is_file() and self.db_path.is_file()

    def create(self) -> None:
        for d in (self.root, self.objects_dir, self.derived_dir, self.index_dir, self.temp_dir):
            d.mkdir(parents=True, exist_ok=True)
        marker = self.root / MARKER
        if not marker.exists():
            atomic_write(
                marker,
                b"This folder is a Casefile evidence archive. Do not edit or delete files in it by"
                b" hand: originals are verified by their SHA-256 hashes.\n",
            )

    def clean_temp(self, *, older_than: float = 6 * 3600) -> int:
        """Remove what interrupted work left in tmp/ and half-written objects (never evidence:
        an original counts once it has its name in objects/). What a program that has ended
        left goes at once; other entries once untouched for ``older_than`` seconds, so the work
        of another program using the archive right now is left alone. Returns the count."""
        removed = self._clean_orphan_objects()
        if not self.temp_dir.is_dir():
            return removed
        cutoff = time.time() - older_than
        for p in self.temp_dir.iterdir():
            try:
                if p.lstat().st_mtime > cutoff and _writer_alive(p.name):
                    continue
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p)
                else:
                    p.unlink()
                removed += 1
            except OSError as e:
                log.warning("could not remove leftover %s: %s", p, e)
        return removed

    def _clean_orphan_objects(self) -> int:
        """Half-written objects of programs that were killed (their pid is in the name)."""
        removed = 0
        if not self.objects_dir.is_dir():
            return 0
        for p in self.objects_dir.glob("*/.tmp-*"):
            if not _writer_alive(p.name):
                with contextlib.suppress(OSError):
                    p.unlink()
                    removed += 1
        return removed

    # --- objects: originals, content-addressed, written once ----------------------------
    def object_path(self, sha256: str) -> Path:
        return self.objects_dir / sha256[:2] / sha256[2:]

    def has_object(self, sha256: str) -> bool:
        return self.object_path(sha256).is_file()

    def store_object(self, source: Path, sha256: str) -> bool:
        """Copy ``source`` into the object store under its hash, unless it is already there.

        The copy is hashed while written; if the bytes changed since ``sha256`` was computed
        (the user edited the file meanwhile) nothing is stored and ValueError is raised.
        Returns True when a new object was written.
        """
        dest = self.object_path(sha256)
        if dest.is_file():
            return False
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=_temp_prefix(".tmp-"))
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                digest = self._copy_in(src, out, sha256)
                out.flush()
                os.fsync(out.fileno())
            if digest != sha256:
                raise ValueError(f"{source.name} changed while it was being stored")
            Path(tmp).chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            Path(tmp).replace(dest)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
        fsync_dir(dest.parent)
        return True

    def _copy_in(self, src: BinaryIO, out: BinaryIO, sha256: str) -> str:
        """Write the original read from ``src`` to ``out`` as it is kept; its SHA-256."""
        h = hashlib.sha256()
        while chunk := src.read(CHUNK):
            h.update(chunk)
            out.write(chunk)
        return h.hexdigest()

    def object_file_for_reading(self, sha256: str) -> Path:
        """A path a worker process may open read-only to extract the object's text (plain
        archives only; ``open_object`` works for both kinds)."""
        return self.object_path(sha256)

    def open_object(self, sha256: str) -> ObjectFile:
        """The original with this hash, to be opened with ``materialise()``."""
        return ObjectFile(str(self.object_path(sha256)))

    def hash_object(self, sha256: str) -> str | None:
        """Recompute an object's hash; None if the object is missing."""
        p = self.object_path(sha256)
        if not p.is_file():
            return None
        return sha256_file(p)[0]

    def iter_objects(self) -> Iterator[str]:
        if not self.objects_dir.is_dir():
            return
        for sub in sorted(self.objects_dir.iterdir()):
            if sub.is_dir():
                for f in sorted(sub.iterdir()):
                    if not f.name.startswith(".tmp-"):
                        yield sub.name + f.name

    # --- derived files (may be deleted and rebuilt) -------------------------------------
    def derived_path(self, item_id: int, name: str) -> Path:
        return self.derived_dir / str(item_id) / name

    def write_derived(self, item_id: int, name: str, data: bytes) -> None:
        atomic_write(self.derived_path(item_id, name), data)

    def read_derived(self, item_id: int, name: str) -> bytes | None:
        p = self.derived_path(item_id, name)
        try:
            return p.read_bytes()
        except FileNotFoundError:
            return None

    def new_temp_dir(self) -> Path:
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.temp_dir, prefix=_temp_prefix("work-")))


def open_storage(
    root: Path, *, create: bool, passphrase: str | None, encrypted: bool
) -> Storage:
    """The storage of the archive at ``root``, plain or (unlocked) encrypted; a new archive is
    created when ``create`` allows it."""
    from archive import keys, vault
    from archive.errors import ArchiveNotFound, CasefileError, PassphraseNeeded

    storage = Storage(root)
    if keys.is_encrypted(root):
        if passphrase is None:
            raise PassphraseNeeded(f"{root} is an encrypted archive: its passphrase is needed.")
        storage = vault.unlock(root, passphrase)
        storage.create()
        return storage
    if storage.exists():
        if encrypted:
            raise CasefileError(f"{root} is already an archive, and it is not encrypted.")
        return storage
    if not create:
        raise ArchiveNotFound(f"{root} is not a Casefile archive.")
    if root.exists() and any(root.iterdir()) and not storage.db_path.exists():
        raise CasefileError(
            f"{root} already contains other files; choose an empty or new folder for"
            " the archive."
        )
    if encrypted:
        if passphrase is None:
            raise PassphraseNeeded("A new encrypted archive needs a passphrase.")
        vault.create_encrypted(root, passphrase)
        storage = vault.unlock(root, passphrase)
    storage.create()
    return storage
