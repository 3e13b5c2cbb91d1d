"""Marks the user saves for exports: a phrase hidden everywhere in a case, an area of an exhibit
page blacked out; listed, removable, in the custody log, and used by the next export."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from archive.errors import CasefileError
from archive.service import Archive

CASE = "Mae Sot"


def judgment_and_statement(archive: Archive, corpus: Path, tmp_path: Path) -> tuple[int, int]:
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(corpus / "fixtures_ingest_file" / "106972554.pdf", files / "judgment.pdf")
    (files / "statement.txt").write_text("The broker kept our passports at Golden Lotus farm.",
                                         encoding="utf-8")
    archive.ingest([files], case=CASE, languages="eng")
    ids = {i.filename: i.id for i in archive.items()}
    return ids["judgment.pdf"], ids["statement.txt"]


def test_marks_are_saved_logged_used_by_the_next_export_and_removable(
    archive: Archive, corpus: Path, tmp_path: Path
) -> None:
    judgment, statement = judgment_and_statement(archive, corpus, tmp_path)
    term = archive.add_redaction_term(CASE, "  Golden   Lotus ")
    area = archive.add_redaction_region(CASE, judgment, 1, (0.1, 0.05, 0.9, 0.2))
    assert term.term == "Golden Lotus" and area.region is not None
    assert [m.id for m in archive.redaction_marks(CASE)] == [term.id, area.id]
    assert "Golden Lotus" in term.describe() and "page 1" in area.describe()
    logged = [r for r in archive.custody_log() if r["action"] == "redaction-mark-add"]
    assert [r["item_id"] for r in logged] == [None, judgment]
    assert logged[1]["detail"]["box"] == [0.1, 0.05, 0.9, 0.2]

    plan = archive.redaction_plan(CASE)
    assert "Golden Lotus" in plan.terms and area.region in plan.regions
    kinds = {(ln.item_id, ln.kind) for ln in archive.redaction_preview(CASE, plan)}
    assert {(statement, "text"), (judgment, "region")} <= kinds
    out = tmp_path / "dossier.pdf"
    archive.export("dossier", CASE, out, plan=plan)
    with pymupdf.open(out) as doc:
        text = "".join(p.get_text() for p in doc)
    assert "Golden Lotus" not in text and "[redacted] farm" in text

    with pymupdf.open(corpus / "fixtures_ingest_file" / "106972554.pdf") as doc:
        page = doc[0]
        w, h = page.rect.width, page.rect.height
        inside = page.get_text("text", clip=pymupdf.Rect(0.1 * w, 0.05 * h, 0.9 * w, 0.2 * h))
    assert inside.strip()  # the original has text there ...
    bag = tmp_path / "bag"
    archive.export("bundle", CASE, bag, plan=archive.redaction_plan(CASE))
    [copy] = (bag / "data" / "redacted").glob("*judgment*.pdf")
    with pymupdf.open(copy) as doc:  # ... the export has a black box and no text there
        box = pymupdf.Rect(0.1 * w + 3, 0.05 * h + 3, 0.9 * w - 3, 0.2 * h - 3)
        assert doc[0].get_text("text", clip=box).strip() == ""
        pix = doc[0].get_pixmap(dpi=50, clip=box)
        assert set(pix.samples) == {0}

    archive.remove_redaction_mark(term.id)
    assert [m.id for m in archive.redaction_marks(CASE)] == [area.id]
    assert "Golden Lotus" not in archive.redaction_plan(CASE).terms
    removed = [r for r in archive.custody_log() if r["action"] == "redaction-mark-remove"]
    assert removed[0]["detail"]["term"] == "Golden Lotus"
    assert archive.verify().ok  # the custody chain holds


def test_a_mark_that_makes_no_sense_is_refused_in_a_sentence(
    archive: Archive, corpus: Path, tmp_path: Path
) -> None:
    judgment, _ = judgment_and_statement(archive, corpus, tmp_path)
    archive.add_case("Other case", "")
    for bad in (lambda: archive.add_redaction_term(CASE, " x "),
                lambda: archive.add_redaction_region(CASE, judgment, 1, (0.5, 0.5, 0.4, 0.9)),
                lambda: archive.add_redaction_region(CASE, judgment, 99, (0, 0, 1, 1)),
                lambda: archive.add_redaction_region("Other case", judgment, 1, (0, 0, 1, 1)),
                lambda: archive.remove_redaction_mark(12345)):
        with pytest.raises(CasefileError):
            bad()
    assert archive.redaction_marks(CASE) == []
