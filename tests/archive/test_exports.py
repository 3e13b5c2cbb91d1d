"""Exports for other tools: CSV for spreadsheets, FollowTheMoney for Aleph-like tools, and a
Concordance/Opticon load file for review platforms — each logged, none exposing a witness."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from archive.exports import DAT_FIELD, DAT_NEWLINE, DAT_QUOTE
from archive.service import Archive
from archive.storage import sha256_file
from ocr.reader import TesseractReader
from tests.archive.conftest import CASE


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def logged_export(archive: Archive, fmt: str) -> dict[str, object]:
    rows = [r for r in archive.custody_log() if r["action"] == "export"
            and r["detail"]["format"] == fmt]  # type: ignore[index]
    assert rows, f"no custody row for the {fmt} export"
    return rows[-1]["detail"]  # type: ignore[return-value]


def test_csv_register_entities_and_events(case_archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    case_archive.export("csv", CASE, out)
    register = read_csv(out / "register.csv")
    assert [r["exhibit"] for r in register] == ["E-001", "E-002", "E-003"]
    assert {r["sha256"] for r in register} == {i.sha256 for i in case_archive.items()}
    assert all(int(r["custody entries"]) >= 1 for r in register)
    entities = {r["name"]: r for r in read_csv(out / "entities.csv")}
    tony = entities["Agent Tony"]
    assert (tony["confirmed mentions"], tony["aliases"]) == ("2", "Tony")
    assert tony["first seen"] and tony["last seen"] >= tony["first seen"]
    # A phone number would be run as a formula by a spreadsheet: it is quoted.
    assert "'+66895196325" in entities
    witness = case_archive.entity("Aye Aye Thant")
    # Not redacted (an export for the archive's own people): the protected flag goes along.
    assert entities[witness.name]["protected"] == "yes"
    [event] = read_csv(out / "events.csv")
    assert event["title"] == "Meeting at the bus station" and event["start"] == "9 October 2025"
    assert "Agent Tony (recruiter)" in event["entities"]
    assert f"{witness.name} (victim)" in event["entities"]
    assert event["citations"].count(" p.1 ") == 2
    detail = logged_export(case_archive, "csv")
    assert detail["files"] == {n: sha256_file(out / n)[0]
                               for n in ("entities.csv", "events.csv", "register.csv")}


def test_redacted_csv_and_ftm_show_only_the_pseudonym(case_archive: Archive, tmp_path: Path
                                                      ) -> None:
    witness = case_archive.entity("Aye Aye Thant")
    plan = case_archive.redaction_plan(CASE)
    case_archive.export("csv", CASE, tmp_path / "tables", plan=plan)
    case_archive.export("ftm", CASE, tmp_path / "case.ftm.json", plan=plan)
    for path in [*(tmp_path / "tables").iterdir(), tmp_path / "case.ftm.json"]:
        text = path.read_text(encoding="utf-8-sig")
        assert "Aye Aye" not in text and "အေးအေးသန့်" not in text, path.name
    entities = {r["name"]: r for r in read_csv(tmp_path / "tables" / "entities.csv")}
    assert entities[witness.pseudonym]["aliases"] == ""
    lines = [json.loads(ln) for ln in (tmp_path / "case.ftm.json").read_text().splitlines()]
    [person] = [e for e in lines if e["properties"].get("name") == [witness.pseudonym]
                and e["schema"] != "Mention"]
    assert person["schema"] == "Person" and "alias" not in person["properties"]
    assert logged_export(case_archive, "ftm")["redacted"] is True


def test_ftm_lines_link_documents_people_events_and_mentions(
    case_archive: Archive, tmp_path: Path
) -> None:
    case_archive.decide_suggested("+66895196325", confirm=True)
    out = tmp_path / "case.ftm.json"
    case_archive.export("ftm", CASE, out)
    lines = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    by_id = {e["id"]: e for e in lines}
    assert len(by_id) == len(lines)
    schemas = {e["schema"] for e in lines}
    assert {"Document", "Person", "Event", "Mention"} <= schemas
    assert all(set(e) == {"id", "schema", "properties"} for e in lines)
    [tony] = [e for e in lines if e["schema"] == "Person"
              and e["properties"]["name"] == ["Agent Tony"]]
    assert tony["schema"] == "Person" and tony["properties"]["alias"] == ["Tony"]
    [event] = [e for e in lines if e["schema"] == "Event"]
    assert tony["id"] in event["properties"]["involved"]
    assert event["properties"]["startDate"] == ["2025-10-09"]
    assert len(event["properties"]["proof"]) == 2
    assert all(by_id[d]["schema"] == "Document" for d in event["properties"]["proof"])
    # The phone number is a property of the mentions in the chat, not an entity of its own.
    chat = [e for e in lines if e["schema"] == "Mention" and e["properties"]["resolved"]
            == [tony["id"]] and "contextPhone" in e["properties"]]
    assert chat and chat[0]["properties"]["contextPhone"] == ["+66895196325"]
    assert not any(e["properties"].get("name") == ["+66895196325"] and e["schema"] != "Mention"
                   for e in lines)


def parse_dat(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")  # lines end in CR LF
    rows = []
    for line in text.split("\r\n"):
        if line:
            cells = line.split(DAT_FIELD)
            assert all(c.startswith(DAT_QUOTE) and c.endswith(DAT_QUOTE) for c in cells)
            rows.append([c[1:-1] for c in cells])
    header, *body = rows
    return [dict(zip(header, r, strict=True)) for r in body]


def test_load_file_with_bates_numbers_natives_text_and_page_images(
    case_archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "production"
    case_archive.export("dat", CASE, out, prefix="KKP")
    rows = parse_dat(out / "production.dat")
    items = {i.sha256: i for i in case_archive.items()}
    assert len(rows) == 3 and rows[0]["BEGDOC"] == "KKP0000001"
    expected = 1
    for r in rows:
        item = items[r["SHA256"]]
        assert r["BEGDOC"] == f"KKP{expected:07d}"
        expected += max(1, item.page_count)
        assert r["ENDDOC"] == f"KKP{expected - 1:07d}"
        native = out / r["NATIVEPATH"].replace("\\", "/")
        assert sha256_file(native)[0] == r["EXPORTSHA256"] == item.sha256
        assert (out / r["TEXTPATH"].replace("\\", "/")).is_file()
    judgment = next(r for r in rows if r["FILENAME"] == "judgment.pdf")
    testimony = next(r for r in rows if r["FILENAME"].startswith("testimony"))
    assert DAT_NEWLINE not in testimony["TITLE"]
    opt = (out / "production.opt").read_bytes().decode("utf-8").split("\r\n")[:-1]
    assert len(opt) == 3 + 1  # three pages of the judgment, the chat screenshot
    first = next(ln for ln in opt if ln.startswith(judgment["BEGDOC"]))
    assert first == f"{judgment['BEGDOC']},VOL001,IMAGES\\{judgment['BEGDOC']}.jpg,Y,,,3"
    for ln in opt:
        assert (out / ln.split(",")[2].replace("\\", "/")).is_file()
    assert logged_export(case_archive, "dat")["files"]["production.dat"] == \
        sha256_file(out / "production.dat")[0]


def test_redacted_load_file_redacts_the_testimony_and_reads_every_page_image(
    case_archive: Archive, tmp_path: Path
) -> None:
    plan = case_archive.redaction_plan(CASE)
    out = tmp_path / "production"
    case_archive.export("dat", CASE, out, plan=plan, reader=TesseractReader())
    rows = {r["FILENAME"]: r for r in parse_dat(out / "production.dat")}
    testimony = next(r for name, r in rows.items() if name.startswith("testimony"))
    assert testimony["REDACTED"] == "Y" and testimony["NATIVEPATH"].endswith(".txt")
    assert rows["judgment.pdf"]["REDACTED"] == "N"
    for path in out.rglob("*"):
        if path.suffix in (".txt", ".dat", ".opt"):
            assert "Aye Aye" not in path.read_text(encoding="utf-8-sig")
