"""Attachments and archive members go through the real archive as items of their own."""

from __future__ import annotations

import hashlib
import logging
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pymupdf
import pytest

from archive.models import Item
from archive.service import Archive

log = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FIXTURES = CORPUS / "fixtures_ingest_file"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"the sample corpus is not at {CORPUS} (CI has it; see its README)")
    return FIXTURES


def pdf_bytes(text: str) -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def by_name(archive: Archive, name: str) -> Item:
    (item,) = [i for i in archive.items() if i.filename == name]
    return item


def test_a_pdf_attached_to_an_email_is_an_item_found_by_its_text(
    archive: Archive, tmp_path: Path
) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "agent@example.com", "worker@example.com", "Job"
    msg.set_content("Please sign the attached contract before you travel to Myawaddy.")
    msg.add_attachment(pdf_bytes("Quokkaberg Trading employment contract"),
                       maintype="application", subtype="pdf", filename="contract.pdf")
    path = tmp_path / "offer.eml"
    path.write_bytes(msg.as_bytes())

    archive.ingest([path], case="demo")

    mail = by_name(archive, "offer.eml")
    assert mail.title == "Job" and mail.status == "ok"
    (attachment,) = archive.children(mail.id)
    assert (attachment.filename, attachment.kind) == ("contract.pdf", "attachment")
    assert attachment.parent_id == mail.id and attachment.mime == "application/pdf"
    assert archive.item_metadata(attachment.id)["path_in_parent"] == "attachment 1/contract.pdf"
    hits = archive.search("Quokkaberg").hits
    assert [h.item_id for h in hits] == [attachment.id]
    assert mail.id in {h.item_id for h in archive.search("Myawaddy").hits}


def test_members_of_nested_zips_hang_under_the_zip_that_holds_them(
    archive: Archive, tmp_path: Path
) -> None:
    inner = make_zip(tmp_path / "inner.zip", {"note.txt": b"Wombatfield compound roster"})
    outer = make_zip(tmp_path / "outer.zip", {"top.txt": b"payments ledger",
                                              "nested/inner.zip": inner.read_bytes()})
    inner.unlink()

    archive.ingest([outer], case="demo")

    outer_item = by_name(archive, "outer.zip")
    inner_item = by_name(archive, "inner.zip")
    note = by_name(archive, "note.txt")
    assert {c.filename for c in archive.children(outer_item.id)} == {"top.txt", "inner.zip"}
    assert inner_item.parent_id == outer_item.id and inner_item.kind == "archive member"
    assert note.parent_id == inner_item.id
    assert [h.item_id for h in archive.search("Wombatfield").hits] == [note.id]
    assert "nested/inner.zip" in archive.page_text(outer_item.id, 1)

    count = len(archive.items())
    report = archive.ingest([outer], case="demo")
    assert len(archive.items()) == count
    assert report.count("duplicate") == 1


def test_a_zip_bomb_is_refused_and_the_batch_goes_on(archive: Archive, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z, \
            z.open("zeros.bin", "w", force_zip64=True) as f:
        for _ in range(256):
            f.write(bytes(1024 * 1024))
    after = tmp_path / "after.txt"
    after.write_text("Statement of witness W-17", encoding="utf-8")

    archive.ingest([bomb, after], case="demo")

    bomb_item = by_name(archive, "bomb.zip")
    assert bomb_item.status == "failed" and "zip bomb" in bomb_item.reason
    assert archive.children(bomb_item.id) == []
    assert by_name(archive, "after.txt").status == "ok"


def test_symlink_escape_archives_never_bring_in_the_secret(
    archive: Archive, fixtures: Path
) -> None:
    secret = fixtures / "secret.txt"
    secret_sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    bad = [fixtures / n for n in ("badzip.zip", "badtar.tar", "bad7zip.7z", "badrar.rar")]

    archive.ingest(bad, case="demo")

    items = archive.items()
    assert {i.filename for i in items} == {p.name for p in bad}
    assert all(i.sha256 != secret_sha for i in items)
    assert archive.search('"This is a secret"').total == 0
    for item in items:
        assert "symbolic link" in archive.page_text(item.id, 1)
