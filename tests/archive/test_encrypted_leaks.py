"""The done-when of the encrypted archive: after ingesting, searching and exporting, nothing in
the archive folder or the temp folder can be read as the evidence's words, names or files."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.service import Archive
from main import open_archive

CASE = "KK Park recruitment"
PASSPHRASE = "teak monsoon ferry lamp"
TESTIMONY = ("Testimony of Aye Aye Thant, taken in Mae Sot on 2 June 2024.\n"
             "The broker Somchai Khunpakdee took our passports and we were taken across the"
             " river. ถูกพาข้ามแม่น้ำ ไปที่ตึก အေးအေးသန့် was then locked in building B7.\n")
# Corpus file -> the name it is given here (names nobody else would write)
FILES = {
    "fixtures_ingest_file/Plan.odt": "graffiti-plan-witness-hla.odt",
    "fixtures_ingest_file/email_attached_alternative.eml": "mail-from-recruiter-mgmg.eml",
    "fixtures_ingest_file/doc.html": "ingestors-page-capture.html",
    "fixtures_ingest_file/doc.doc": "sample-word-contract-b7.doc",
    "fixtures_ingest_file/106972554.pdf": "judgment-singapore-865.pdf",
    "screens_dev/d000_en_light.png": "chat-agent-tony-shot.png",
    "fixtures_ingest_file/fnf.msg": "congress-invite-forwarded.msg",
}
# Phrases that the archive's text holds (each is searched first: it is there to be found)
PHRASES = [
    "We should paint graffiti on all corners",
    "the body of the email that contains the attachment",
    "Ingestors Test web page",
    "sample Microsoft Word Document",
    "Visa no problem",
    "Shwe Kokko",
    "taken across the river",
    "ถูกพาข้ามแม่น้ำ",
    "အေးအေးသန့်",
    "Plaintiff",
    "Innovationskongress",
]
ENTITIES = ["Aye Aye Thant", "Agent Tony", "Somchai Khunpakdee", "+66895196325"]


def _forms(text: str) -> list[bytes]:
    out: list[bytes] = []
    for t in {text, text.lower()}:
        out += [t.encode("utf-8"), t.encode("utf-16-le"), t.encode("utf-16-be")]
    return out


def _found(folder: Path, needles: list[str]) -> list[str]:
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        hits += [f"{needle!r} in {path}" for needle in needles
                 for form in _forms(needle) if form in data]
        hits += [f"{needle!r} names {path}" for needle in needles if needle in str(path)]
    return hits


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read $TMPDIR again
    yield folder


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain-control"])
def test_no_phrase_name_or_file_name_can_be_found_in_the_archive_or_temp_folders(
    encrypted: bool, tmp_path: Path, private_tmp: Path, corpus: Path, tesseract: str
) -> None:
    """The plain archive is the control: the same scan finds the words there, so finding none
    in the encrypted one means something."""
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "testimony-aye-aye-thant.txt").write_text(TESTIMONY, encoding="utf-8")
    for source, name in FILES.items():
        shutil.copy(corpus / source, evidence / name)
    root = tmp_path / "archive"
    archive: Archive = open_archive(root, passphrase=PASSPHRASE if encrypted else None,
                                    encrypted=encrypted)
    try:
        archive.add_case(CASE, "Recruitment through a fake job advert.")
        report = archive.ingest([evidence], case=CASE, languages="eng+tha+mya")
        assert not [o for o in report.outcomes if o.status == "failed"], report.outcomes
        for name in ENTITIES[:3]:
            archive.add_entity(name, "person")
        archive.add_entity(ENTITIES[3], "phone")
        archive.protect_entity("Aye Aye Thant")
        archive.detect(case=CASE)
        for phrase in [*PHRASES, *ENTITIES[:3]]:
            assert archive.search(f'"{phrase}"').hits, f"{phrase!r} is not in the archive's text"
        for name in FILES.values():
            item = next(i for i in archive.items() if i.filename == name)
            assert archive.page_image(item.id, 1) is not None or item.mime not in (
                "application/pdf", "image/png")
        exports = tmp_path / "exports"
        archive.export("dossier", CASE, exports / "dossier")
        archive.export("bundle", CASE, exports / "bundle")
        # redacted: the leak check re-reads the exported pictures with Tesseract
        archive.export("dossier", CASE, exports / "redacted.pdf",
                       plan=archive.redaction_plan(CASE))
        assert _found(exports, ["Shwe Kokko"]), "the export itself should hold the evidence"
        memory = getattr(archive.storage, "memory", None)
    finally:
        archive.close()
    stems = [Path(n).stem for n in [*FILES.values(), "testimony-aye-aye-thant.txt"]]
    needles = [*PHRASES, *ENTITIES, *stems]
    if not encrypted:
        found = "\n".join(_found(root, needles))
        for needle in ("graffiti", "Agent Tony", "Plaintiff", "chat-agent-tony-shot"):
            assert needle in found, f"the scan does not see {needle!r} even in a plain archive"
        return
    assert memory is not None and not memory.exists(), "the in-memory files outlive the archive"
    assert _found(root, needles) == []
    assert _found(private_tmp, needles) == []
