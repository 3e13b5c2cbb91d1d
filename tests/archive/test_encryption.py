"""An encrypted archive: originals round-trip, tampering is caught, the passphrase guards it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from archive import keys
from archive.errors import CasefileError, PassphraseNeeded, WrongPassphrase
from archive.service import Archive
from archive.storage import sha256_file
from archive.vault import change_passphrase
from index.whoosh_index import WhooshIndex
from main import open_archive
from ocr.extractor import Extractor

PASSPHRASE = "mango river lantern"
TEXT = "Ko Zaw Min was held at compound B7 and paid 3,000 USDT to leave.\n"


def _encrypted(root: Path, passphrase: str = PASSPHRASE) -> Archive:
    return open_archive(root, passphrase=passphrase, encrypted=not root.exists())


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "testimony-zaw-min.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_an_original_comes_back_byte_for_byte_and_its_name_hides_its_hash(
    tmp_path: Path, evidence: Path, tesseract: str
) -> None:
    big = tmp_path / "big.bin"  # several 1 MiB chunks and a short last one
    big.write_bytes(hashlib.sha256(b"seed").digest() * (3 * 32768 + 1000))
    with _encrypted(tmp_path / "archive") as archive:
        report = archive.ingest([evidence, big], case="Zaw Min")
        assert {o.status for o in report.outcomes} <= {"ok", "stored"}
        for item in archive.items():
            with archive.storage.open_object(item.sha256).materialise() as plain:
                assert sha256_file(plain)[0] == item.sha256
                assert plain.read_bytes() == (tmp_path / (
                    "big.bin" if item.filename == "big.bin" else evidence.name)).read_bytes()
            on_disk = archive.storage.object_path(item.sha256)
            assert item.sha256[2:] not in on_disk.name
            assert TEXT.encode() not in on_disk.read_bytes()
        assert archive.verify().ok
        assert "Zaw Min" in archive.page_text(archive.items()[0].id, 1)


def test_a_flipped_byte_in_an_original_is_reported_by_verify_and_stops_export(
    tmp_path: Path, evidence: Path, tesseract: str
) -> None:
    with _encrypted(tmp_path / "archive") as archive:
        archive.ingest([evidence], case="Zaw Min")
        item = archive.items()[0]
        obj = archive.storage.object_path(item.sha256)
        obj.chmod(0o600)
        data = bytearray(obj.read_bytes())
        data[len(data) // 2] ^= 0x01
        obj.write_bytes(bytes(data))
        report = archive.verify()
        assert not report.ok
        assert "integrity check" in report.problems[0].detail
        with pytest.raises(CasefileError, match="integrity check"), \
                archive.storage.open_object(item.sha256).materialise():
            pass


def test_a_truncated_original_is_not_read_as_a_shorter_file(
    tmp_path: Path, tesseract: str
) -> None:
    src = tmp_path / "two-chunks.bin"
    src.write_bytes(b"x" * (1024 * 1024 + 10))
    with _encrypted(tmp_path / "archive") as archive:
        archive.ingest([src], case="Zaw Min")
        item = archive.items()[0]
        obj = archive.storage.object_path(item.sha256)
        obj.chmod(0o600)
        obj.write_bytes(obj.read_bytes()[: 8 + 12 + 1024 * 1024 + 16])  # the first chunk only
        with pytest.raises(CasefileError, match="integrity check"), \
                archive.storage.open_object(item.sha256).materialise():
            pass


def test_a_wrong_passphrase_is_refused_clearly_and_changes_nothing(
    tmp_path: Path, evidence: Path, tesseract: str
) -> None:
    root = tmp_path / "archive"
    with _encrypted(root) as archive:
        archive.ingest([evidence], case="Zaw Min")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    with pytest.raises(WrongPassphrase, match="does not unlock"):
        open_archive(root, passphrase="mango river lantern!")
    with pytest.raises(PassphraseNeeded):
        Archive.open(root, extractor=Extractor(), indexer_factory=WhooshIndex)
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before


def test_the_database_cannot_be_read_without_the_key(
    tmp_path: Path, evidence: Path, tesseract: str
) -> None:
    root = tmp_path / "archive"
    with _encrypted(root) as archive:
        archive.ingest([evidence], case="Zaw Min")
    con = sqlite3.connect(root / "casefile.db")
    with pytest.raises(sqlite3.DatabaseError):
        con.execute("SELECT * FROM items").fetchall()
    con.close()


def test_after_a_passphrase_change_only_the_new_one_opens_the_archive(
    tmp_path: Path, evidence: Path, tesseract: str
) -> None:
    root = tmp_path / "archive"
    with _encrypted(root) as archive:
        archive.ingest([evidence], case="Zaw Min")
    with pytest.raises(WrongPassphrase):
        change_passphrase(root, "not the passphrase", "anything new here")
    with pytest.raises(CasefileError, match="at least"):
        change_passphrase(root, PASSPHRASE, "short")
    with _encrypted(root) as archive:
        archive.change_passphrase(PASSPHRASE, "new moon over mae sot")
    with pytest.raises(WrongPassphrase):
        open_archive(root, passphrase=PASSPHRASE)
    with open_archive(root, passphrase="new moon over mae sot") as archive:
        assert [h.item_id for h in archive.search("compound").hits] == [archive.items()[0].id]
        assert archive.verify().ok
        logged = [r for r in archive.custody_log() if r["action"] == "passphrase-change"]
        assert len(logged) == 1 and "moon" not in json.dumps(logged[0]["detail"])


def test_the_memory_folder_holds_the_index_while_open_and_is_gone_after_closing(
    tmp_path: Path, evidence: Path, tesseract: str
) -> None:
    root = tmp_path / "archive"
    with _encrypted(root) as archive:
        archive.ingest([evidence], case="Zaw Min")
        memory = archive.storage.memory  # type: ignore[attr-defined]
        assert archive.search("USDT").hits
        assert any((memory / "index").iterdir())
        assert not (root / "index").exists()
    assert not memory.exists()


def test_the_key_file_keeps_its_kdf_parameters_and_no_key_in_clear(
    tmp_path: Path, tesseract: str
) -> None:
    root = tmp_path / "archive"
    _encrypted(root).close()
    kf = keys.read_keyfile(root)
    assert kf.kdf == keys.DEFAULT_KDF
    assert len(kf.salt) == 16
    data_key = keys.unwrap(kf, PASSPHRASE)
    assert data_key not in (root / keys.KEYFILE_NAME).read_bytes()


def test_an_existing_plain_archive_is_not_turned_into_an_encrypted_one(
    tmp_path: Path, tesseract: str
) -> None:
    root = tmp_path / "archive"
    open_archive(root).close()
    with pytest.raises(CasefileError, match="not encrypted"):
        open_archive(root, passphrase=PASSPHRASE, encrypted=True)
    assert not keys.is_encrypted(root)


def test_a_backup_of_an_encrypted_archive_stays_encrypted_and_restores_with_its_passphrase(
    tmp_path: Path, evidence: Path
) -> None:
    from archive.backup import backup, restore

    with _encrypted(tmp_path / "vault") as archive:
        archive.ingest([evidence], case="Compound B7")
        item = archive.items()[0]
        backup(archive, tmp_path / "bk")
    copied = [p for p in (tmp_path / "bk").rglob("*") if p.is_file()]
    assert (tmp_path / "bk" / keys.KEYFILE_NAME).is_file()  # the wrapped key goes with it
    for path in copied:
        data = path.read_bytes()
        assert b"Zaw Min" not in data and "Zaw Min".encode("utf-16-le") not in data, path
        assert item.sha256.encode() not in data or path.suffix == ".json", path
    db = tmp_path / "bk" / "casefile.db"
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT COUNT(*) FROM items").fetchone()
    with pytest.raises(CasefileError):
        restore(tmp_path / "bk", tmp_path / "wrong",
                lambda p: open_archive(p, passphrase="not the passphrase"))
    restored, report = restore(tmp_path / "bk", tmp_path / "back",
                               lambda p: open_archive(p, passphrase=PASSPHRASE))
    with restored:
        assert report.ok and report.objects_checked == 1
        assert restored.search("compound").total == 1
        assert restored.item(item.id).sha256 == item.sha256
