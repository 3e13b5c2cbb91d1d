"""Containers (ZIP, TAR, 7z, RAR, gzip/bzip2/xz): members become child items, safely."""

from __future__ import annotations

import bz2
import contextlib
import gzip
import io
import logging
import lzma
import os
import re
import stat
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, Any

from archive import models
from archive.filetype import type_name
from archive.models import ExtractedChild, ExtractedPage, Extraction, ExtractOptions
from ocr.text import split_pages

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
RATIO_FLOOR = 4 * 1024 * 1024  # below this many bytes a high expansion ratio is no threat
LINK_TARGET_MAX = 4096
SYMLINK = "symbolic link \u2014 not followed"
HARDLINK = "hard link \u2014 not followed"
SPECIAL = "device, socket or pipe \u2014 not a file"
PASSWORD = "password-protected \u2014 not unpacked"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STREAMS: dict[str, Callable[..., Any]] = {
    "application/gzip": gzip.open, "application/x-bzip2": bz2.open, "application/x-xz": lzma.open,
}
# What the standard library's readers raise on damaged data.
_DAMAGE = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, tarfile.TarError,
           ValueError, NotImplementedError, RuntimeError)


class _Stop(Exception):
    """A limit of the whole container was reached: no further member is unpacked."""


class _Bomb(Exception):
    """One member expands beyond what is allowed."""


class _Unreadable(Exception):
    """The container cannot be opened at all (the message completes 'the ZIP archive ...')."""


def extract_container(path: Path, mime: str, options: ExtractOptions) -> Extraction:
    """List a container's members on its page and hand its regular files back as children."""
    what = type_name(mime)
    if options.depth >= options.max_depth:
        return Extraction(pages=(), status=models.STATUS_STORED, reason=(
            f"stored \u2014 not opened: this {what} sits {options.depth} containers deep "
            f"(the limit is {options.max_depth})"))
    u = _Unpacker(path, options)
    try:
        if mime == "application/zip":
            _zip(u, path)
        elif mime == "application/x-tar":
            _tar(u, path, stream=False)
        elif mime == "application/x-7z-compressed":
            _sevenzip(u, path)
        elif mime == "application/vnd.rar":
            _rar(u, path)
        elif mime in _STREAMS and _is_tar(path):
            what = f"{what} holding a TAR archive"
            _tar(u, path, stream=True)
        elif mime in _STREAMS:
            raw = (_gzip_name(path) if mime == "application/gzip" else "") or "decompressed"
            u.member(raw, None, u.packed_total, lambda: _STREAMS[mime](path, "rb"))
        else:
            return Extraction(pages=(), status=models.STATUS_STORED,
                              reason=f"stored \u2014 no text extracted ({what} not supported yet)")
    except _Stop as stop:
        u.stopped = str(stop)
    except _Unreadable as exc:
        return Extraction(pages=(), status=models.STATUS_FAILED, reason=f"the {what} {exc}")
    return u.result(what)


class _Unpacker:
    """Writes members to new files under the temp folder, within the limits of the options."""

    def __init__(self, path: Path, options: ExtractOptions) -> None:
        self.options = options
        self.temp = Path(options.temp_dir)
        self.temp.mkdir(parents=True, exist_ok=True)
        self.packed_total = path.stat().st_size
        # All members together may not expand beyond max_ratio times the container either.
        self.budget = min(options.max_expanded_bytes,
                          max(self.packed_total * options.max_ratio, RATIO_FLOOR))
        self.children: list[ExtractedChild] = []
        self.lines: list[str] = []  # the listing page, one line per member
        self.skipped: list[dict[str, str]] = []  # {"path", "target", "reason"}
        self.failed: list[dict[str, str]] = []  # {"path", "reason"}
        self.written, self.stopped, self.damage = 0, "", ""

    def admit(self, raw: str, size: int | None, packed: int | None) -> str:
        """Check a member by its declared sizes: raises _Stop, or returns why it is refused."""
        if len(self.children) >= self.options.max_children:
            raise _Stop(f"only the first {self.options.max_children} members were unpacked "
                        "(the limit for one container)")
        if size is None:
            return ""
        if packed is not None and size > max(packed * self.options.max_ratio, RATIO_FLOOR):
            return (f"a zip bomb: it expands to {_human(size)} from {_human(packed)}, more than "
                    f"{self.options.max_ratio} times \u2014 not unpacked")
        if self.written + size > self.budget:
            self.fail(raw, self._too_much())
            raise _Stop(self._too_much())
        self.written += size  # reserved now; members cannot outgrow their declared size
        return ""

    def _too_much(self) -> str:
        return f"a zip bomb: it expands to more than {_human(self.budget)} \u2014 not unpacked"

    def new_file(self) -> Path:
        fd, name = tempfile.mkstemp(dir=self.temp, prefix="member-")
        os.close(fd)
        return Path(name)

    def copy(self, source: IO[bytes], size: int | None, packed: int | None) -> tuple[Path, int]:
        """Stream ``source`` into a new file in chunks, stopping when it outgrows its limits."""
        cap = size if size is not None else self.budget - self.written
        ratio_cap = max((packed or 0) * self.options.max_ratio, RATIO_FLOOR)
        target, n = self.new_file(), 0
        try:
            with target.open("wb") as out:
                while chunk := source.read(CHUNK):
                    n += len(chunk)
                    if packed is not None and n > ratio_cap:
                        raise _Bomb(f"a zip bomb: it expands to more than {_human(ratio_cap)}"
                                    f" from {_human(packed)} \u2014 not unpacked")
                    if n > cap:
                        raise _Bomb(self._too_much() if size is None else
                                    "it holds more data than its header says \u2014 not unpacked")
                    out.write(chunk)
        except BaseException:
            discard(target)
            raise
        if size is None:
            self.written += n
        return target, n

    def member(self, raw: str, size: int | None, packed: int | None,
               opener: Callable[[], Any]) -> None:
        refused = self.admit(raw, size, packed)
        if refused:
            self.fail(raw, refused)
            return
        try:
            with opener() as source:
                target, n = self.copy(source, size, packed)
        except _Bomb as bomb:
            self.fail(raw, str(bomb))
            if size is None:  # nothing declared: the whole container's budget is used up
                raise _Stop(str(bomb)) from None
        except Exception as exc:  # any library error on one member: the others still count
            log.debug("member %r not unpacked", raw, exc_info=True)
            self.fail(raw, _why(exc))
        else:
            self.add(raw, target, n)

    def add(self, raw: str, target: Path, size: int) -> None:
        inner = normalise(raw, len(self.lines) + 1)
        self.children.append(ExtractedChild(
            path=str(target), name=inner.rsplit("/", 1)[-1], inner_path=inner,
            kind="archive member", metadata={"original_path": raw} if raw != inner else {}))
        self.lines.append(f"{inner}  ({_human(size)})")

    def skip(self, raw: str, reason: str, target: str = "") -> None:
        inner = normalise(raw, len(self.lines) + 1)
        self.skipped.append({"path": inner, "target": target, "reason": reason})
        arrow = f" \u2192 {target}" if target else ""
        self.lines.append(f"{inner}{arrow}  [{reason}]")

    def fail(self, raw: str, reason: str) -> None:
        inner = normalise(raw, len(self.lines) + 1)
        self.failed.append({"path": inner, "reason": reason})
        self.lines.append(f"{inner}  [{reason}]")

    def result(self, what: str) -> Extraction:
        """ok: every member unpacked or skipped for safety (links); partial: some failed or a
        limit stopped the unpacking; failed: members failed and none came out."""
        problems = [p for p in (self.damage, self.stopped) if p]
        failed = [f for f in self.failed if f["reason"] != self.stopped]
        if failed:
            more = f" and {len(failed) - 1} more" if len(failed) > 1 else ""
            problems.append(f"{failed[0]['path']}: {failed[0]['reason']}{more}")
        status = models.STATUS_OK
        if problems:
            status = models.STATUS_PARTIAL if self.children else models.STATUS_FAILED
        head = (f"{what}: {len(self.children)} of {len(self.lines)} members unpacked, "
                f"{_human(self.written)}")
        text = "\n".join([head, "", *self.lines]) if self.lines else f"{what}: no members"
        pages = tuple(ExtractedPage(number=i, text=c.strip("\n"), method=models.METHOD_PARSER)
                      for i, c in enumerate(split_pages(text)[: self.options.max_pages], 1))
        reason = "; ".join(dict.fromkeys(problems))
        if status == models.STATUS_FAILED and not (self.stopped or self.damage):
            reason = f"no member could be unpacked ({reason})"
        return Extraction(pages=pages, status=status, reason=reason, children=tuple(self.children),
                          metadata={"members": len(self.lines), "unpacked": len(self.children),
                                    "unpacked_bytes": self.written, "skipped": self.skipped,
                                    "failed": self.failed})


def normalise(raw: str, number: int) -> str:
    """A member's path made safe to show: no drive, no leading slash, no climbing out with '..'."""
    parts: list[str] = []
    for part in raw.replace("\\", "/").split("/"):
        part = _CONTROL.sub("", part).strip()
        if not parts and re.fullmatch(r"[A-Za-z]:.*", part):
            part = part[2:]
        if part == ".." and parts:
            parts.pop()
        elif part not in ("", ".", ".."):
            parts.append(part[:255])
    return "/".join(parts) or f"member {number}"


def discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _human(n: float) -> str:
    for unit in ("bytes", "kB", "MB"):
        if n < 1000:
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} GB"


def _why(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, NotImplementedError):
        return f"compressed with a method that cannot be read ({text}) \u2014 not unpacked"
    if "password" in text.lower() or "encrypted" in text.lower():
        return PASSWORD
    if type(exc).__name__ == "RarCannotExec":
        return "no RAR tool is installed (install unar) \u2014 not unpacked"
    return f"damaged ({text}) \u2014 not unpacked"


# --- formats ----------------------------------------------------------------------------
def _zip(u: _Unpacker, path: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except _DAMAGE as exc:
        raise _Unreadable(f"is damaged or incomplete ({exc})") from None
    with archive:
        for info in archive.infolist():
            mode, raw = info.external_attr >> 16, info.filename
            if info.is_dir() or stat.S_ISDIR(mode):
                continue
            if stat.S_ISLNK(mode):
                u.skip(raw, SYMLINK, _zip_link(archive, info))
            elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                u.skip(raw, SPECIAL)
            elif info.flag_bits & 0x1:
                u.fail(raw, PASSWORD)
            else:
                u.member(raw, info.file_size, info.compress_size,
                         partial(archive.open, info))


def _zip_link(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """The text of a link member (its target), read as bytes: nothing is followed."""
    if info.flag_bits & 0x1 or info.file_size > LINK_TARGET_MAX:
        return ""
    try:
        with archive.open(info) as f:
            return _CONTROL.sub("", f.read(LINK_TARGET_MAX).decode("utf-8", "replace"))
    except _DAMAGE:
        return ""


def _is_tar(path: Path) -> bool:
    try:
        with tarfile.open(path, "r|*") as tf:
            return tf.next() is not None
    except _DAMAGE:
        return False


def _tar(u: _Unpacker, path: Path, *, stream: bool) -> None:
    try:  # stream mode for compressed tars: never seeks back through the decompressor
        archive = tarfile.open(path, "r|*" if stream else "r:")  # noqa: SIM115 (closed below)
    except _DAMAGE as exc:
        raise _Unreadable(f"is damaged or incomplete ({exc})") from None
    with archive:
        try:
            for m in archive:
                if m.isdir():
                    continue
                if m.issym() or m.islnk():
                    u.skip(m.name, SYMLINK if m.issym() else HARDLINK,
                           _CONTROL.sub("", m.linkname))
                elif not m.isreg():
                    u.skip(m.name, SPECIAL)
                else:
                    u.member(m.name, m.size, None,
                             partial(archive.extractfile, m))
        except _DAMAGE as exc:
            u.damage = f"the archive is damaged after {len(u.lines)} members ({exc})"


def _gzip_name(path: Path) -> str:
    """The original file name that gzip keeps in its header (FNAME), if any."""
    with path.open("rb") as f:
        head = f.read(64 * 1024)
    if len(head) < 10 or not head[3] & 0x08:
        return ""
    pos = 10 + (2 + int.from_bytes(head[10:12], "little") if head[3] & 0x04 else 0)  # FEXTRA
    end = head.find(b"\x00", pos)
    return "" if end < 0 else _CONTROL.sub("", head[pos:end].decode("latin-1"))[:255]


def _rar(u: _Unpacker, path: Path) -> None:
    import rarfile  # reads the listing itself; unpacking goes through the unar tool

    rarfile.HACK_TMP_DIR = str(u.temp)
    try:
        archive = rarfile.RarFile(path)
        infos = archive.infolist()
        if not infos and archive.needs_password():
            raise rarfile.PasswordRequired("encrypted listing")
    except rarfile.PasswordRequired:
        raise _Unreadable("is password-protected (even its list of files)") from None
    except rarfile.NeedFirstVolume:
        raise _Unreadable("is a later part of a split archive: the first part is needed") from None
    except (rarfile.Error, *_DAMAGE) as exc:
        raise _Unreadable(f"is damaged or incomplete ({exc})") from None
    with archive:
        for info in infos:
            raw, redir = info.filename, info.file_redir
            if info.is_dir():
                continue
            if info.is_symlink() or redir:  # redir: RAR5 links, hard links and file copies
                u.skip(raw, SYMLINK if info.is_symlink() else HARDLINK,
                       _CONTROL.sub("", redir[2]) if redir else "")
            elif not info.is_file():
                u.skip(raw, SPECIAL)
            elif info.needs_password():
                u.fail(raw, PASSWORD)
            else:
                u.member(raw, info.file_size, info.compress_size,
                         partial(archive.open, info))


def _sevenzip(u: _Unpacker, path: Path) -> None:
    """py7zr unpacks the accepted members in one pass into writers we give it (never to disk
    by itself), so solid archives are decompressed once; max_extract_size caps all it
    decompresses, including members it only reads through to check a CRC."""
    import py7zr
    from py7zr.helpers import get_sanitized_output_path as output_path

    try:
        archive = py7zr.SevenZipFile(path, mode="r", max_extract_size=u.budget + 16 * RATIO_FLOOR)
    except py7zr.PasswordRequired:
        raise _Unreadable("is password-protected (even its list of files)") from None
    except Exception as exc:  # py7zr raises many kinds of error on a damaged or partial file
        raise _Unreadable(f"is damaged or incomplete ({exc}); if it is one part of a split "
                          "archive, the other parts are needed") from None
    base = Path(tempfile.mkdtemp(dir=u.temp, prefix="7z-"))  # stays empty: names only
    with archive:
        files = [f for f in archive.files if not f.is_directory]
        counts: dict[str, int] = {}
        for f in files:
            counts[f.filename] = counts.get(f.filename, 0) + 1
        expected: dict[str, Any] = {}  # py7zr's output name -> member
        for f in files:
            raw, link = f.filename, f.is_symlink or f.is_junction
            if f.is_socket:
                u.skip(raw, SPECIAL)
            elif archive.needs_password():
                u.fail(raw, PASSWORD)
            elif link and f.uncompressed > LINK_TARGET_MAX:
                u.skip(raw, SYMLINK)
            elif reason := (_7z_name_problem(raw, counts, base)
                            or ("" if link else u.admit(raw, f.uncompressed, f.compressed))):
                u.fail(raw, reason)
            else:
                expected[output_path(raw, base).as_posix()] = f
        factory = _SevenZipFactory(u, expected)
        error = ""
        if expected:
            try:
                targets = sorted({f.filename for f in expected.values()})
                archive.extract(path=base, targets=targets,
                                factory=factory)  # type: ignore[arg-type]  # duck-typed
            except Exception as exc:  # damaged data, wrong CRC, a bomb: keep what came out whole
                error = _why(exc)
                u.damage = f"the archive could not be fully unpacked ({error})"
        factory.finish(error or "not unpacked")
    with contextlib.suppress(OSError):
        base.rmdir()


def _7z_name_problem(raw: str, counts: dict[str, int], base: Path) -> str:
    from py7zr.helpers import get_sanitized_output_path as output_path

    if counts[raw] > 1:
        return "several members share this path \u2014 not unpacked"
    try:
        output_path(raw, base)
    except Exception:  # py7zr's Bad7zFile: '..' or a drive letter in the name
        return "its path points outside the archive \u2014 not unpacked"
    return ""


class _Capped:
    """Where py7zr writes one member, capped at its declared size; ``done`` once it came out
    whole (py7zr calls close() only after the member's CRC check passed)."""

    cap, n, done, member = 0, 0, False, None

    def write(self, s: bytes | bytearray) -> int:
        self.n += len(s)
        if self.n > self.cap:
            raise _Bomb("it holds more data than its header says \u2014 not unpacked")
        return super().write(s)  # type: ignore[misc,no-any-return]

    def size(self) -> int:
        return self.n

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self.done = True
        super().close()  # type: ignore[misc]


class _FileWriter(_Capped, io.FileIO):  # type: ignore[misc]
    pass


class _LinkWriter(_Capped, io.BytesIO):  # type: ignore[misc]
    def close(self) -> None:  # keep the link's text readable
        self.done = True


class _SevenZipFactory:
    def __init__(self, u: _Unpacker, expected: dict[str, Any]) -> None:
        self.u, self.expected = u, expected
        self.writers: list[_Capped] = []

    def create(self, filename: str) -> _Capped:
        f = self.expected.pop(filename, None)
        writer: _Capped = (_LinkWriter() if f is None or f.is_symlink or f.is_junction
                           else _FileWriter(self.u.new_file(), "wb"))
        writer.cap = f.uncompressed if isinstance(writer, _FileWriter) else LINK_TARGET_MAX
        writer.member = f
        self.writers.append(writer)
        return writer

    def finish(self, error: str) -> None:
        for w in self.writers:
            f = w.member
            if f is None:
                continue
            if isinstance(w, _LinkWriter):
                text = w.getvalue().decode("utf-8", "replace") if w.done else ""
                self.u.skip(f.filename, SYMLINK, _CONTROL.sub("", text))
            elif isinstance(w, _FileWriter):
                io.FileIO.close(w)
                if w.done:
                    self.u.add(f.filename, Path(str(w.name)), w.n)
                else:
                    discard(Path(str(w.name)))
                    self.u.fail(f.filename, error)
        for f in self.expected.values():
            self.u.fail(f.filename, error)
