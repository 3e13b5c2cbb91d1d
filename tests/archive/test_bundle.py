"""A case handed over as a BagIt bundle: bagit.py accepts it, another archive loads it with the
same hashes, entities, mentions, events and citations, and a redacted bundle exposes nobody."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from archive.bundle import export_bundle, import_bundle
from archive.errors import CasefileError
from archive.redact_files import find_leaks
from archive.redaction import plan_for
from archive.service import Archive
from main import open_archive
from ocr.reader import TesseractReader
from tests.archive.conftest import CASE


def snapshot(archive: Archive) -> dict[str, Any]:
    """What must survive a round trip, by content (ids differ between archives)."""
    sha = {i.id: i.sha256 for i in archive.items()}
    names = {e.id: e.display_name for e in archive.entities()}
    return {
        "items": sorted((i.sha256, i.filename, i.kind, i.title, i.collected_by,
                         i.collected_at, i.page_count, tuple(archive.tags(i.id)))
                        for i in archive.items()),
        "pages": sorted((sha[i.id], p.number, p.text) for i in archive.items()
                        for p in archive.pages(i.id)),
        "entities": sorted((e.type, e.name, e.aliases, e.protected, e.pseudonym)
                           for e in archive.entities() if e.mentions or e.protected),
        "mentions": sorted((names[m.entity_id], sha[m.item_id], m.page, m.start, m.end,
                            m.quote, m.state) for m in archive.mentions()
                           if m.state != "rejected"),
        "events": [(e.title, e.start.label, e.disputed,
                    sorted((p.name, p.role) for p in e.entities),
                    sorted((sha[c.item_id], c.page, c.start, c.end, c.quote,
                            c.stated.label if c.stated else "") for c in e.citations))
                   for e in archive.events(CASE)],
        "case_tags": archive.case_tags(CASE),
    }


def bagit_validate(bag: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).with_name("bagit.py")
    if not tool.exists():
        pytest.fail("bagit.py is missing: pip install bagit (a Casefile dependency)")
    return subprocess.run([sys.executable, str(tool), "--validate", str(bag)],
                          capture_output=True, text=True, timeout=300)


def test_the_bag_validates_and_loads_into_an_empty_archive_unchanged(
    case_archive: Archive, tmp_path: Path
) -> None:
    bag = tmp_path / "bundle"
    produced = export_bundle(case_archive, CASE, bag)
    r = bagit_validate(bag)
    assert r.returncode == 0, r.stderr
    data = json.loads((bag / "data" / "case.json").read_text(encoding="utf-8"))
    assert {i["sha256"] for i in data["items"]} == {i.sha256 for i in case_archive.items()}
    assert all(not i["file"]["redacted"] for i in data["items"])
    # The export is in the custody log with the hash of every file it wrote.
    [logged] = [r for r in case_archive.custody_log() if r["action"] == "export"][-1:]
    manifest = dict(line.split("  ", 1)[::-1] for line in
                    (bag / "manifest-sha256.txt").read_text().splitlines())
    files = logged["detail"]["files"]
    assert {k: v for k, v in files.items() if k.startswith("data/")} == manifest
    assert "manifest-sha256.txt" in files and logged["detail"]["format"] == "bundle"
    assert dict(produced.files) == files

    with open_archive(tmp_path / "other") as other:
        done = import_bundle(other, bag)
        assert (done.items, done.events, done.citations) == (3, 1, 2)
        assert snapshot(other) == snapshot(case_archive)
        assert other.verify().ok
        imports = [r for r in other.custody_log() if r["action"] == "import-bundle"]
        assert len(imports) == 4  # one per item, one for the whole bundle
        assert {r["detail"]["sha256"] for r in imports if r["item_id"]} == \
            {i.sha256 for i in case_archive.items()}
        hits = other.search('"bus station"', case=CASE)
        assert hits.total >= 1


def test_a_tampered_bag_is_refused_and_nothing_is_imported(
    case_archive: Archive, tmp_path: Path
) -> None:
    bag = tmp_path / "bundle"
    export_bundle(case_archive, CASE, bag)
    [png] = (bag / "data" / "originals").glob("*chat.png")
    png.write_bytes(png.read_bytes() + b"\0")
    assert bagit_validate(bag).returncode != 0
    with open_archive(tmp_path / "other") as other:
        with pytest.raises(CasefileError) as caught:
            import_bundle(other, bag)
        assert "not an intact bundle" in str(caught.value)
        assert other.items() == []


def test_a_redacted_bundle_names_nobody_and_holds_no_unredacted_original(
    case_archive: Archive, tmp_path: Path
) -> None:
    bag = tmp_path / "redacted"
    ids = [i.id for i in case_archive.items()]
    plan = plan_for(case_archive, ids)
    reader = TesseractReader()
    export_bundle(case_archive, CASE, bag, plan=plan, reader=reader)
    assert bagit_validate(bag).returncode == 0
    witness = case_archive.entity("Aye Aye Thant")
    files = [p for p in bag.rglob("*") if p.is_file()]
    everything = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in files)
    assert "Aye Aye" not in everything and "အေးအေးသန့်" not in everything
    assert witness.pseudonym in everything
    assert find_leaks(files, plan, reader=reader, languages="eng") == []
    data = json.loads((bag / "data" / "case.json").read_text(encoding="utf-8"))
    testimony = next(i for i in data["items"] if "testimony" in i["filename"])
    assert testimony["file"]["redacted"] and testimony["file"]["path"].endswith(".txt")
    from archive.storage import sha256_file

    shipped = {sha256_file(p)[0] for p in files}
    original = next(i for i in case_archive.items() if "testimony" in i.filename)
    assert original.sha256 not in shipped  # the original is not in the bag
    # case.json lists the file the bag holds, marked redacted; the original only as lineage.
    copy = bag / testimony["file"]["path"]
    assert testimony["sha256"] == sha256_file(copy)[0] == testimony["file"]["sha256"]
    assert testimony["redacted"] and testimony["mime"] == "text/plain"
    assert testimony["size"] == copy.stat().st_size
    assert testimony["redacted_from"]["sha256"] == original.sha256
    assert "does not reveal" in testimony["redacted_from"]["note"]
    judgment = next(i for i in data["items"] if "judgment" in i["filename"])
    assert not judgment["redacted"] and "redacted_from" not in judgment
    # Loaded elsewhere: the witness is only her pseudonym, still protected, her mentions
    # pointing at it in the redacted text.
    with open_archive(tmp_path / "other") as other:
        import_bundle(other, bag)
        person = other.entity(witness.pseudonym)
        assert (person.name, person.protected, person.pseudonym) == (
            witness.pseudonym, True, witness.pseudonym)
        quotes = {m.quote for m in other.mentions(entity=person.id)}
        assert quotes == {witness.pseudonym}
        [event] = other.events(CASE)
        assert any("Agent Tony met me" in c.quote for c in event.citations)
        # The imported testimony is the redacted copy, and its custody says so.
        [copy_item] = [i for i in other.items() if i.sha256 == testimony["sha256"]]
        assert other.item_metadata(copy_item.id)["redacted_from_sha256"] == original.sha256
        rows = [r for r in other.custody_log() if r["item_id"] == copy_item.id]
        assert [r["action"] for r in rows] == ["import-redacted-copy"]
        assert rows[0]["detail"]["redacted_from_sha256"] == original.sha256
        assert "original_sha256" not in rows[0]["detail"]
        assert not [i for i in other.items() if i.sha256 == original.sha256]


def test_a_redacted_export_does_not_say_where_a_photo_was_taken(tmp_path: Path) -> None:
    from PIL import Image

    from archive.storage import sha256_file

    photo = tmp_path / "safe-house.jpg"  # taken near Mae Sot, as its EXIF says
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (16.0, 41.0, 30.0), 3: "E", 4: (98.0, 34.0, 12.0)}
    Image.new("RGB", (320, 120), "white").save(photo, "JPEG", exif=exif)
    with open_archive(tmp_path / "archive") as archive:
        archive.ingest([photo], case="Mae Sot")
        [item] = archive.items()
        plain, redacted = tmp_path / "plain", tmp_path / "redacted"
        export_bundle(archive, "Mae Sot", plain)  # evidence as it is: the original, untouched
        export_bundle(archive, "Mae Sot", redacted,
                      plan=archive.redaction_plan("Mae Sot"), reader=TesseractReader())
    shipped = [p for p in (plain / "data").rglob("*.jpg")]
    assert [sha256_file(p)[0] for p in shipped] == [item.sha256]
    pictures = [p for p in (redacted / "data").rglob("*") if p.suffix in (".png", ".jpg")]
    assert len(pictures) == 1 and sha256_file(pictures[0])[0] != item.sha256
    with Image.open(pictures[0]) as copy:
        assert not copy.getexif().get_ifd(0x8825)  # no GPS left
        assert copy.size == (320, 120)
    data = json.loads((redacted / "data" / "case.json").read_text(encoding="utf-8"))
    [listed] = data["items"]
    assert listed["redacted"] and listed["sha256"] == sha256_file(pictures[0])[0]
    assert listed["redacted_from"]["sha256"] == item.sha256  # lineage only
    assert bagit_validate(redacted).returncode == 0
