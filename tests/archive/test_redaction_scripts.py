"""Protected names in Thai, Burmese and Chinese inside PDFs that another program wrote (Qt's own
PDF engine, with embedded subset fonts, raised Thai tone marks without a Unicode mapping,
Burmese in visual order, CJK radicals for ideographs): a redacted export names nobody, in its
text or its exhibits, and the leak check refuses a file that still does."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from archive.redact_files import LeakFound, check_no_leaks, find_leaks, layer_text, redact_pdf
from archive.redaction import RedactionPlan, plan_for
from archive.service import Archive
from archive.visual_text import to_logical

CASE = "Myawaddy compound"
# (file, font, paragraphs as HTML, protected name, aliases, text that must survive)
THAI = ("thai.pdf", "Noto Sans Thai",
        ["เมื่อวานนี้นางสาวชื่นจิตต์ ศรีสุขเดินทางไปแม่สอดพร้อมกับนายหน้า",
         "เพื่อนเรียกเธอว่านิ่ม<br/>นวลและบอกว่าถูกยึดหนังสือเดินทาง"],
        "ชื่นจิตต์ ศรีสุข", ["นิ่มนวล"], ["แม่สอด", "หนังสือเดินทาง"])
BURMESE = ("burmese.pdf", "Noto Sans Myanmar",
           ["မနေ့က ဒေါ်အေးအေးသန့်သည် မြဝတီသို့ သွားခဲ့သည်။"],
           "အေးအေးသန့်", [], ["မြဝတီ"])
CHINESE = ("chinese.pdf", "Noto Sans CJK SC",
           ["昨天王小梅在妙瓦底被带走了。", "她的朋友说小梅<br/>很害怕。"],
           "王小梅", ["小梅"], ["妙瓦底", "很害怕"])
SCRIPTS = (THAI, BURMESE, CHINESE)


def qt_pdf(path: Path, font: str, paragraphs: list[str]) -> None:
    """A PDF written by Qt (QTextDocument printed to a QPdfWriter), not by MuPDF."""
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    writer.setResolution(300)
    writer.setCreator("Casefile test (Qt PDF engine)")
    doc = QTextDocument()
    doc.setDefaultFont(QFont(font, 12))
    doc.setHtml("".join(f"<p style=\"font-family:'{font}'\">{p}</p>" for p in paragraphs))
    doc.print_(writer)
    del writer  # the file is finished when the writer goes


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def every_reading(path: Path) -> str:
    """All the text MuPDF can get out of a PDF, in every way a reader might ask for it."""
    with pymupdf.open(path) as doc:
        parts = [layer_text(p) for p in doc]
        parts += [to_logical(p.get_text("text")) for p in doc]  # glyph codes for unmapped
        parts += [" ".join(w[4] for w in p.get_text("words")) for p in doc]
    return nfkc("\n".join(parts))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> Path:
    folder = tmp_path_factory.mktemp("qt-pdfs")
    for name, font, paragraphs, *_ in SCRIPTS:
        qt_pdf(folder / name, font, paragraphs)
    return folder


def protect_all(archive: Archive) -> dict[str, str]:
    """The three witnesses, protected: name -> pseudonym."""
    out = {}
    for _file, _font, _paras, name, aliases, _keep in SCRIPTS:
        e = archive.add_entity(name, "person", protected=True, aliases=aliases)
        out[name] = str(e.pseudonym)
    return out


def test_qt_writes_pdfs_whose_text_layer_hides_the_names_from_a_plain_search(made: Path) -> None:
    """The premise: these PDFs are not MuPDF's own. A plain text search does not find the
    names in them (raised tone marks unmapped, Burmese reordered, radicals for ideographs)."""
    for name, _font, _paras, person, _aliases, _keep in SCRIPTS:
        with pymupdf.open(made / name) as doc:
            assert doc.metadata["producer"].startswith("Qt")
            plain = doc[0].get_text("text")
        assert person not in plain, name


def test_redacted_exhibits_and_dossier_name_none_of_them(
    archive: Archive, made: Path, tmp_path: Path, tesseract: str,
) -> None:
    from ocr.reader import TesseractReader

    archive.add_case(CASE, "Three witnesses, three languages.")
    archive.ingest([made / s[0] for s in SCRIPTS], case=CASE, languages="eng")
    pseudonyms = protect_all(archive)
    items = {i.filename: i.id for i in archive.items()}
    plan = archive.redaction_plan(CASE)
    for file, _font, _paras, person, _aliases, _keep in SCRIPTS:  # tagged by hand: confirmed
        text = archive.page_text(items[file], 1)
        first = plan.find_names(text)[0]
        archive.tag_span(items[file], 1, first.start, first.end, person)
    # Stored text is as typed: Burmese in logical order, the ideograph not a radical.
    assert "မြဝတီ" in archive.page_text(items["burmese.pdf"], 1)
    assert "妙瓦底" in archive.page_text(items["chinese.pdf"], 1)
    plan = archive.redaction_plan(CASE)  # now with the wording of the mentions
    lines = archive.redaction_preview(CASE, plan)
    assert {ln.replacement for ln in lines} == set(pseudonyms.values())
    assert len([ln for ln in lines if ln.item_id == items["thai.pdf"]]) == 2  # name and alias

    bag = tmp_path / "bundle"
    archive.export("bundle", CASE, bag, plan=plan, reader=TesseractReader())
    data = json.loads((bag / "data" / "case.json").read_text(encoding="utf-8"))
    exhibits = {i["filename"]: bag / i["file"]["path"] for i in data["items"]}
    assert all(i["file"]["redacted"] for i in data["items"])
    dossier = every_reading(bag / "data" / "dossier.pdf")
    for file, _font, _paras, person, aliases, keep in SCRIPTS:
        text = every_reading(exhibits[file])
        for name in (person, *aliases):
            assert name not in text and name not in dossier, (file, name)
            assert not plan.find_names(text) and not plan.find_names(dossier)
        for words in keep:  # what is not the name is still there
            assert nfkc(words) in text, (file, words)
    assert all(p in json.dumps(data, ensure_ascii=False) for p in pseudonyms.values())
    with pymupdf.open(bag / "data" / "dossier.pdf") as doc:
        generated = "".join(p.get_text() for p in doc)
    assert all(p in generated for p in pseudonyms.values()), (pseudonyms, generated)


def test_the_text_under_each_box_is_gone(archive: Archive, made: Path, tmp_path: Path) -> None:
    archive.ingest([made / s[0] for s in SCRIPTS], case=CASE, languages="eng")
    protect_all(archive)
    plan = plan_for(archive, [i.id for i in archive.items()])
    for item in archive.items():
        src = archive.storage.object_file_for_reading(item.sha256)
        dest = tmp_path / item.filename
        done = redact_pdf(src, dest, plan, item_id=item.id,
                          page_text=lambda n, i=item.id: archive.page_text(i, n),
                          page_words=lambda n, i=item.id: archive.word_boxes(i, n))
        assert done.total >= 1, item.filename
        with pymupdf.open(src) as before, pymupdf.open(dest) as after:
            page = before[0]
            boxes = [b for b in _name_boxes(page, plan)]
            assert boxes, item.filename
            for box in boxes:  # no letter is left (MuPDF may leave a lone zero-width mark)
                under = after[0].get_text("text", clip=box)
                assert not [c for c in under if unicodedata.category(c)[0] in "LN"], (
                    item.filename, under)
        if item.filename == "thai.pdf":  # a page image to look at: tests/…/thai.png
            with pymupdf.open(dest) as doc:
                doc[0].get_pixmap(dpi=110).save(str(tmp_path / "thai.png"))


def _name_boxes(page: pymupdf.Page, plan: RedactionPlan) -> list[pymupdf.Rect]:
    from archive.redact_files import _chars, _rects_of

    text, boxes = _chars(page)
    return [r for c in plan.find_names(text) for r in _rects_of(c, boxes)]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s[0])
def test_the_leak_check_refuses_a_file_that_still_names_her(
    archive: Archive, made: Path, tmp_path: Path, script: tuple[object, ...],
) -> None:
    file = str(script[0])
    pseudonyms = protect_all(archive)
    plan = plan_for(archive, [])
    copy = tmp_path / f"E-001_{file}"
    shutil.copy(made / file, copy)
    with pytest.raises(LeakFound) as caught:
        check_no_leaks([copy], plan, reader=None, languages="eng")
    message = str(caught.value)
    assert f"E-001_{file}, page 1" in message and pseudonyms[str(script[3])] in message
    assert str(script[3]) not in message
    assert find_leaks([made / s[0] for s in SCRIPTS if s is not script], plan, reader=None,
                      languages="eng")  # the other two as well
