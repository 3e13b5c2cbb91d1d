"""Containers on real and hostile samples: members come out as children, nothing escapes."""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.filetype import sniff
from archive.models import Extraction

log = logging.getLogger(__name__)

Extract = Callable[..., Extraction]
BAD = ("badzip.zip", "badtar.tar", "bad7zip.7z", "badrar.rar")
DOCS = {"testEXCEL.xls", "testHTML.html", "testOpenOffice2.odt", "testPDF.pdf", "testPPT.ppt",
        "testRTF.rtf", "testTXT.txt", "testWORD.doc", "testXML.xml"}


@pytest.fixture(scope="session")
def fixtures(corpus_dir: Path) -> Path:
    return corpus_dir / "fixtures_ingest_file"


def run(extract: Extract, path: Path, **overrides: object) -> Extraction:
    return extract(path, sniff(path), **overrides)


def child_bytes(result: Extraction) -> dict[str, bytes]:
    return {c.inner_path: Path(c.path).read_bytes() for c in result.children}


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def make_bomb(path: Path, megabytes: int = 256) -> Path:
    """A small zip holding a big file of zeros, written from a generator (never in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z, \
            z.open("zeros.bin", "w", force_zip64=True) as f:
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            f.write(chunk)
    return path


@pytest.mark.parametrize("name", BAD)
def test_a_symlink_escaping_the_archive_is_listed_but_never_followed(
    extract: Extract, fixtures: Path, name: str
) -> None:
    secret = (fixtures / "secret.txt").read_bytes()
    result = run(extract, fixtures / name)
    assert result.status == "ok"
    assert all(data != secret for data in child_bytes(result).values())
    assert not result.children
    text = "\n".join(p.text for p in result.pages)
    assert secret.decode().strip() not in text
    assert "secret.txt" in text and "symbolic link" in text
    skipped = result.metadata["skipped"]
    assert skipped[0]["target"] == "/ingestors/tests/fixtures/secret.txt"
    assert "not followed" in skipped[0]["reason"]


def test_the_same_nine_documents_come_out_of_zip_tar_and_rar_alike(
    extract: Extract, fixtures: Path
) -> None:
    seen = []
    for name in ("test-documents.zip", "test-documents.tar", "test-documents.rar"):
        result = run(extract, fixtures / name)
        assert result.status == "ok", result.reason
        assert {c.name for c in result.children} == DOCS
        assert all(c.kind == "archive member" for c in result.children)
        assert "testRTF.rtf" in result.pages[0].text
        seen.append({c.name: hashlib.sha256(Path(c.path).read_bytes()).hexdigest()
                     for c in result.children})
    assert seen[0] == seen[1] == seen[2]
    tar = run(extract, fixtures / "test-documents.tar")
    assert "test-documents/testPDF.pdf" in {c.inner_path for c in tar.children}


def test_a_7z_archive_gives_its_pdf(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "500_pages.7z")
    assert result.status == "ok"
    (child,) = result.children
    assert child.name == "500 pages.pdf"
    assert Path(child.path).read_bytes() == (fixtures / "500 pages.pdf").read_bytes()


def test_a_password_protected_7z_fails_and_says_why(extract: Extract, fixtures: Path) -> None:
    result = run(extract, fixtures / "7z_password.7z")
    assert result.status == "failed"
    assert "password" in result.reason
    assert not result.children


def test_the_first_part_of_a_split_7z_fails_without_a_crash(
    extract: Extract, fixtures: Path
) -> None:
    result = run(extract, fixtures / "500_pages.7z.001")
    assert result.status == "failed"
    assert "incomplete" in result.reason and "split archive" in result.reason


def test_a_zip_bomb_is_refused_quickly_and_named_as_such(extract: Extract, tmp_path: Path) -> None:
    bomb = make_bomb(tmp_path / "bomb.zip")
    assert bomb.stat().st_size < 1024 * 1024
    result = run(extract, bomb)
    assert result.status == "failed"
    assert "zip bomb" in result.reason and "not unpacked" in result.reason
    assert not result.children
    assert "zeros.bin" in result.pages[0].text


def test_a_gzip_bomb_is_stopped_while_streaming(extract: Extract, tmp_path: Path) -> None:
    path = tmp_path / "zeros.gz"
    with gzip.open(path, "wb") as f:
        for _ in range(64):
            f.write(bytes(1024 * 1024))
    result = run(extract, path)
    assert result.status == "failed"
    assert "zip bomb" in result.reason
    assert not list(Path(tmp_path / "ocr-tmp").glob("member-*"))  # the part written is gone


def test_a_member_climbing_out_with_dot_dot_stays_inside(
    extract: Extract, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "evil.zip", {"../../evil.txt": b"evil", "/abs/x.txt": b"abs"})
    result = run(extract, path)
    assert result.status == "ok"
    assert {c.inner_path for c in result.children} == {"evil.txt", "abs/x.txt"}
    temp = (tmp_path / "ocr-tmp").resolve()
    assert all(temp in Path(c.path).resolve().parents for c in result.children)
    assert not list(tmp_path.rglob("evil.txt")) and not list(Path("/").glob("evil.txt"))


def test_nested_containers_are_not_opened_past_the_depth_limit(
    extract: Extract, tmp_path: Path
) -> None:
    inner = make_zip(tmp_path / "inner.zip", {"note.txt": b"deep"})
    outer = make_zip(tmp_path / "outer.zip", {"inner.zip": inner.read_bytes()})
    result = run(extract, outer, depth=0, max_depth=2)
    (child,) = result.children
    assert run(extract, Path(child.path), depth=1, max_depth=2).status == "ok"
    deep = run(extract, Path(child.path), depth=2, max_depth=2)
    assert deep.status == "stored" and "deep" in deep.reason and not deep.children


def test_only_max_children_members_are_taken(extract: Extract, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "many.zip", {f"n{i}.txt": b"x" * i for i in range(1, 6)})
    result = run(extract, path, max_children=2)
    assert result.status == "partial"
    assert len(result.children) == 2 and "only the first 2" in result.reason


def test_an_encrypted_member_fails_while_the_others_are_kept(
    extract: Extract, tmp_path: Path
) -> None:
    path = make_zip(tmp_path / "mixed.zip", {"open.txt": b"readable", "locked.txt": b"secret"})
    data = bytearray(path.read_bytes())  # mark the second member encrypted, as a tool would
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature, data.index(signature) + 4) + flag_offset] |= 0x1
    path.write_bytes(bytes(data))
    result = run(extract, path)
    assert result.status == "partial"
    assert [c.name for c in result.children] == ["open.txt"]
    assert result.metadata["failed"] == [{"path": "locked.txt",
                                          "reason": "password-protected \u2014 not unpacked"}]


def test_a_truncated_tar_keeps_the_members_read_before_the_damage(
    extract: Extract, tmp_path: Path
) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, size in (("first.txt", 100), ("second.bin", 200_000)):
            info = tarfile.TarInfo(name)
            info.size = size
            tf.addfile(info, io.BytesIO(b"a" * size))
    path = tmp_path / "cut.tar"
    path.write_bytes(buf.getvalue()[:60_000])
    result = run(extract, path)
    assert result.status == "partial"
    assert [c.name for c in result.children] == ["first.txt"]
    assert "second.bin" in result.reason


def test_tar_links_and_devices_are_skipped(extract: Extract, tmp_path: Path) -> None:
    path = tmp_path / "links.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        for name, kind, target in (("passwd", tarfile.SYMTYPE, "/etc/passwd"),
                                   ("hard", tarfile.LNKTYPE, "passwd"),
                                   ("tty", tarfile.CHRTYPE, "")):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            tf.addfile(info)
        data = tarfile.TarInfo("ok.txt")
        data.size = 5
        tf.addfile(data, io.BytesIO(b"hello"))
    result = run(extract, path)
    assert result.status == "ok"
    assert [c.name for c in result.children] == ["ok.txt"]
    reasons = {s["path"]: s["reason"] for s in result.metadata["skipped"]}
    assert reasons == {"passwd": "symbolic link \u2014 not followed",
                       "hard": "hard link \u2014 not followed",
                       "tty": "device, socket or pipe \u2014 not a file"}


def test_a_gzipped_file_keeps_its_original_name(extract: Extract, tmp_path: Path) -> None:
    path = tmp_path / "x.gz"
    with path.open("wb") as raw, gzip.GzipFile("testimony.txt", "wb", fileobj=raw) as f:
        f.write(b"I was taken to KK Park.")
    result = run(extract, path)
    (child,) = result.children
    assert child.name == "testimony.txt"
    assert Path(child.path).read_bytes() == b"I was taken to KK Park."


def test_garbage_labelled_as_a_zip_fails_with_a_reason(extract: Extract, tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    result = extract(path, "application/zip")
    assert result.status == "failed" and "damaged" in result.reason
