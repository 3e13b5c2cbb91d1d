"""The archive service on small files: cases, duplicates, provenance, custody and verify."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive.errors import CasefileError, CaseNotFound
from archive.service import Archive


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_new_archive_has_its_folders_and_an_empty_custody_chain(archive: Archive) -> None:
    root = archive.path
    assert (root / "casefile.db").is_file()
    for sub in ("objects", "derived", "index", "tmp"):
        assert (root / sub).is_dir()
    assert archive.cases() == []
    assert archive.verify().ok


def test_cases_are_created_listed_and_looked_up_by_title_or_number(archive: Archive) -> None:
    case = archive.add_case("KK Park recruitment", "Survivors recruited in Bangkok")
    assert archive.case("kk park recruitment").id == case.id  # titles ignore case
    assert archive.case(str(case.id)).title == "KK Park recruitment"
    with pytest.raises(CasefileError, match="already a case"):
        archive.add_case("KK Park recruitment")
    with pytest.raises(CaseNotFound, match="no case"):
        archive.items(case="Shwe Kokko")


def test_text_in_any_encoding_is_stored_read_and_searchable(
    archive: Archive, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "thai.txt").write_bytes("ผู้เสียหายถูกหลอกไปทำงานที่เมียวดี".encode("tis-620"))
    (src / "note.txt").write_bytes("The recruiter promised a job in Bangkok.".encode("utf-16"))
    report = archive.ingest([src], case="demo")
    assert [o.status for o in report.outcomes] == ["ok", "ok"]
    by_name = {i.filename: i for i in archive.items(case="demo")}
    assert "เมียวดี" in archive.pages(by_name["thai.txt"].id)[0].text
    hits = archive.search("Bangkok").hits
    assert [h.item_id for h in hits] == [by_name["note.txt"].id]
    assert [h.item_id for h in archive.search("เมียวดี").hits] == [by_name["thai.txt"].id]


def test_the_same_content_twice_is_one_item_with_both_provenances(
    archive: Archive, tmp_path: Path
) -> None:
    a = _write(tmp_path / "from-ngo", "statement.txt", "Testimony of W-017 about KK Park.")
    b = _write(tmp_path / "from-lawyer", "copy of statement.txt",
               "Testimony of W-017 about KK Park.")
    first = archive.ingest([a], case="Case A", source="Partner NGO")
    second = archive.ingest([b], case="Case B", source="Lawyer")
    item_id = first.outcomes[0].item_id
    assert second.outcomes[0].status == "duplicate"
    assert second.outcomes[0].item_id == item_id
    assert len(archive.items()) == 1
    assert set(archive.item(item_id).cases) == {"Case A", "Case B"}
    sources = [p["source"] for p in archive.provenance(item_id)]
    assert sources == ["Partner NGO", "Lawyer"]
    actions = [row["action"] for row in archive.custody_log(item_id)]
    assert actions.count("ingest") == 1 and actions.count("duplicate") == 1
    assert len(list(archive.storage.iter_objects())) == 1
    # The item is found in its second case too.
    assert [h.item_id for h in archive.search("testimony", case="Case B").hits] == [item_id]


def test_originals_are_stored_read_only_under_their_hash(archive: Archive, tmp_path: Path) -> None:
    src = _write(tmp_path, "a.txt", "original bytes")
    report = archive.ingest([src], case="demo")
    item = archive.item(report.outcomes[0].item_id or 0)
    obj = archive.storage.object_path(item.sha256)
    assert obj.read_bytes() == src.read_bytes()
    assert obj.stat().st_mode & 0o222 == 0
    assert src.read_text() == "original bytes"  # the user's file is untouched


def test_verify_names_an_altered_original(archive: Archive, tmp_path: Path) -> None:
    src = _write(tmp_path, "payment.txt", "USDT sent to TXYZ wallet on 3 January")
    item_id = archive.ingest([src], case="demo").outcomes[0].item_id
    obj = archive.storage.object_path(archive.item(item_id or 0).sha256)
    obj.chmod(0o600)
    data = bytearray(obj.read_bytes())
    data[0] ^= 0x01
    obj.write_bytes(bytes(data))
    report = archive.verify()
    assert not report.ok
    assert any(p.what == "object" and f"item {item_id}" in p.detail and "altered" in p.detail
               for p in report.problems)


def test_verify_names_an_edited_custody_row(archive: Archive, tmp_path: Path) -> None:
    archive.ingest([_write(tmp_path, "a.txt", "alpha"), _write(tmp_path, "b.txt", "beta")],
                   case="demo")
    assert archive.verify().ok
    con = sqlite3.connect(archive.storage.db_path)
    con.execute("DROP TRIGGER custody_no_update")  # what someone tampering would have to do
    con.execute("UPDATE custody SET actor = 'somebody else' WHERE id = 3")
    con.commit()
    con.close()
    report = archive.verify()
    assert not report.ok
    assert any("custody row 3" in p.detail and "altered" in p.detail for p in report.problems)


def test_the_custody_log_refuses_edits_through_the_database(
    archive: Archive, tmp_path: Path
) -> None:
    archive.ingest([_write(tmp_path, "a.txt", "alpha")], case="demo")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        archive.db.execute("DELETE FROM custody WHERE id = 1")


def test_a_missing_file_and_a_symlink_in_a_folder_are_reported_not_fatal(
    archive: Archive, tmp_path: Path
) -> None:
    folder = tmp_path / "drop"
    _write(folder, "real.txt", "real evidence")
    (folder / "link.txt").symlink_to("/etc/passwd")
    report = archive.ingest([folder, tmp_path / "nope.pdf"], case="demo")
    statuses = {Path(o.path).name: (o.status, o.reason) for o in report.outcomes}
    assert statuses["real.txt"][0] == "ok"
    assert statuses["link.txt"][0] == "skipped" and "symbolic link" in statuses["link.txt"][1]
    assert statuses["nope.pdf"][0] == "skipped" and "no such file" in statuses["nope.pdf"][1]
    assert [i.filename for i in archive.items()] == ["real.txt"]


def test_a_collection_date_is_checked_before_anything_is_stored(
    archive: Archive, tmp_path: Path
) -> None:
    src = _write(tmp_path, "a.txt", "alpha")
    with pytest.raises(CasefileError, match="YYYY-MM-DD"):
        archive.ingest([src], case="demo", collected_at="12/03/2024")
    assert archive.items() == []
    archive.ingest([src], case="demo", collected_at="2024-03", collected_by=" N. Chai ")
    item = archive.items()[0]
    assert (item.collected_at, item.collected_by) == ("2024-03", "N. Chai")


def test_a_scanned_page_has_a_picture_and_the_boxes_of_its_ocr_words(
    archive: Archive, corpus: Path
) -> None:
    report = archive.ingest([corpus / "ocrmypdf_resources" / "crom.png"], case="demo")
    item_id = report.outcomes[0].item_id or 0
    png = archive.page_image(item_id, 1)
    assert png is not None and png.startswith(b"\x89PNG")
    assert archive.page_image(item_id, 1) == png  # the second time from the cache
    words = archive.word_boxes(item_id, 1)
    assert words is not None and words.width > 0 and words.height > 0
    crom = [w for w in words.words if "cromulent" in w.text]
    assert crom and crom[0].width > 0 and crom[0].left + crom[0].width <= words.width


def test_a_text_item_has_no_page_picture(archive: Archive, tmp_path: Path) -> None:
    item_id = archive.ingest([_write(tmp_path, "a.txt", "alpha")], case="demo").outcomes[0].item_id
    assert archive.page_image(item_id or 0, 1) is None
    assert archive.word_boxes(item_id or 0, 1) is None
    assert archive.children(item_id or 0) == []


def test_a_page_ocr_was_unsure_of_is_flagged_on_the_item(archive: Archive, corpus: Path) -> None:
    # The Chinese street sign photo: scene text Tesseract reads with low confidence.
    sign = corpus / "ocr_gt" / "easyocr_scene" / "chinese.jpg"
    item_id = archive.ingest([sign], case="demo").outcomes[0].item_id or 0
    item = archive.item(item_id)
    assert item.status == "ok"
    assert "OCR was unsure" in item.reason
    assert archive.item_metadata(item_id)["low_confidence"] is True


def test_leftovers_of_an_interrupted_import_are_cleaned_when_the_archive_opens(
    tmp_path: Path, tesseract: str
) -> None:
    import os

    from main import open_archive

    root = tmp_path / "archive"
    open_archive(root).close()
    stale = root / "tmp" / "work-stale"
    stale.mkdir()
    (stale / "attachment.pdf").write_bytes(b"%PDF-1.4 left behind by a killed import")
    old = 1_000_000_000
    os.utime(stale / "attachment.pdf", (old, old))
    os.utime(stale, (old, old))
    fresh = root / "tmp" / "work-in-use"
    fresh.mkdir()  # another program's import, running right now
    open_archive(root).close()
    assert not stale.exists()
    assert fresh.exists()


def test_the_verify_report_reads_as_a_page_for_a_dossier(archive: Archive, tmp_path: Path
                                                        ) -> None:
    from archive.verify import report_json, report_markdown

    archive.ingest([_write(tmp_path / "in", "a.txt", "note one")], case="C")
    report = archive.verify()
    text = report_markdown(report)
    last = archive.custody_log()[-1]
    assert last["action"] == "verify"
    assert "Checked 1 originals" in text and "**PASSED**" in text
    head = archive.db.execute("SELECT hash FROM custody WHERE id = ?", (last["id"],)).fetchone()
    assert f"custody entry {last['id']}" in text and head[0] in text
    data = report_json(report)
    assert data["chain_head"] == {"row": last["id"], "hash": head[0]} and data["ok"]
    obj = archive.storage.object_path(archive.items()[0].sha256)
    obj.chmod(0o600)
    obj.write_bytes(b"changed")
    bad = report_markdown(archive.verify())
    assert "**FAILED (1 problems)**" in bad and "### Originals (1)" in bad and "altered" in bad


def test_what_a_killed_program_left_half_written_is_removed_on_open(tmp_path: Path) -> None:
    import os
    import subprocess

    from main import open_archive

    root = tmp_path / "archive"
    open_archive(root).close()
    dead = subprocess.Popen(["true"])
    dead.wait()
    (root / "objects" / "ab").mkdir(exist_ok=True)
    orphan = root / "objects" / "ab" / f".tmp-{dead.pid}-x1"
    work = root / "tmp" / f"work-{dead.pid}-y2"
    running = root / "objects" / "ab" / f".tmp-{os.getppid()}-z3"  # a live writer's file
    orphan.write_bytes(b"half an original")
    work.mkdir()
    running.write_bytes(b"being written")
    with open_archive(root, create=False) as a:
        assert a.verify().ok
    assert not orphan.exists() and not work.exists()
    assert running.exists()


def test_a_batch_s_provenance_and_notes_are_kept_on_each_item_and_in_custody(
    archive: Archive, tmp_path: Path
) -> None:
    paths = [_write(tmp_path / "batch", "a.txt", "Advert for a job in Mae Sot."),
             _write(tmp_path / "batch", "b.txt", "Chat with the recruiter.")]
    archive.ingest(paths, case="Adverts", source="Facebook group 'Jobs Thailand'",
                   collected_by="K. Somchai", collected_at="2024-03-12",
                   notes="  Saved from the group before it was deleted.  ")
    items = archive.items(case="Adverts")
    assert {i.notes for i in items} == {"Saved from the group before it was deleted."}
    assert {(i.source, i.collected_by, i.collected_at) for i in items} == {
        ("Facebook group 'Jobs Thailand'", "K. Somchai", "2024-03-12")}
    ingests = [r for r in archive.custody_log() if r["action"] == "ingest"]
    assert len(ingests) == 2
    assert all(r["detail"]["notes"] == "Saved from the group before it was deleted."
               for r in ingests)
    assert archive.verify().ok


def test_a_file_that_failed_is_read_again_only_when_a_retry_is_asked_for(
    archive: Archive, tmp_path: Path, corpus: Path
) -> None:
    from archive.workers import Limits

    scan = corpus / "fixtures_ingest_file" / "hello_world_tiff.tif"
    first = archive.ingest([scan], case="Scans", limits=Limits(seconds=0.001))
    assert [o.status for o in first.outcomes] == ["failed"]
    again = archive.ingest([scan], case="Scans")
    assert [o.status for o in again.outcomes] == ["duplicate"]
    retried = archive.ingest([scan], case="Scans", retry_failed=True)
    assert [o.status for o in retried.outcomes] == ["ok"]
    item = archive.items(case="Scans")[0]
    assert item.status == "ok"
    assert "hello" in archive.pages(item.id)[0].text.lower()
    assert [r["action"] for r in archive.custody_log(item.id)].count("extract") == 2
    assert archive.verify().ok


def test_retitling_and_ungrading_an_item_are_logged_and_the_chain_stays_whole(
    archive: Archive, tmp_path: Path
) -> None:
    path = _write(tmp_path / "in", "IMG_2231.txt", "The boss took our passports.")
    archive.ingest([path], case="Passports")
    item = archive.items(case="Passports")[0]
    assert archive.retitle_item(item.id, "  Testimony   of W-001 ").title == "Testimony of W-001"
    assert archive.search("Testimony").total == 1  # the index knows the new title
    with pytest.raises(CasefileError, match="title needs some text"):
        archive.retitle_item(item.id, "   ")
    archive.grade_source(item.id, source="Partner NGO", reliability="B", credibility=2)
    assert archive.clear_grade(item.id).grade == ""
    actions = [r["action"] for r in archive.custody_log(item.id)]
    assert actions[-3:] == ["retitle", "grade", "ungrade"]
    retitle = next(r for r in archive.custody_log(item.id) if r["action"] == "retitle")
    detail = retitle["detail"]
    assert (detail["from"], detail["to"]) == ("IMG_2231.txt", "Testimony of W-001")
    assert detail["rows"]["changed"] == {"items": 1}  # the row's hashes before and after
    assert archive.item(item.id).filename == "IMG_2231.txt"
    assert archive.verify().ok
