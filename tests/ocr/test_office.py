"""Office documents: word processor, spreadsheet and presentation files give their text."""

from __future__ import annotations

import logging
import shutil
import zipfile
from pathlib import Path

import pytest

from archive.filetype import sniff
from archive.models import STATUS_FAILED, STATUS_OK, STATUS_PARTIAL, Extraction, ExtractOptions
from ocr.extractor import Extractor
from ocr.office import DOC, DOCX, ODT, PPTX, PROTECTED, XLSX, extract_office
from ocr.office_legacy import libreoffice, ppt_slides, run_catdoc

log = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
FIXTURES = CORPUS / "fixtures_ingest_file"


@pytest.fixture
def opts(tmp_path: Path) -> ExtractOptions:
    return ExtractOptions(ocr_languages="eng", temp_dir=str(tmp_path / "work"))


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"the sample corpus file {path} is not there (CI has it; see its README)")
    return path


def read(name: str, opts: ExtractOptions, mime: str | None = None) -> Extraction:
    path = corpus_file(name)
    return extract_office(path, mime or sniff(path), opts)


def everything(result: Extraction) -> str:
    return "\n".join(page.text for page in result.pages)


def test_odt_plan_can_be_found_by_a_sentence_of_its_body(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/Plan.odt", opts)
    assert result.status == STATUS_OK
    assert "We should paint graffiti on all corners" in result.pages[0].text
    assert result.metadata["generator"].startswith("LibreOffice")


def test_long_pandoc_odt_with_dots_in_its_name_is_cut_into_pages(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/rand-1670433101.440986000.odt", opts)
    assert result.status == STATUS_OK
    assert "graphomaniac Talpa Deuteronomical tubber johannite" in result.pages[0].text
    assert len(result.pages) > 1
    assert all(len(page.text) <= 10_000 for page in result.pages)
    assert result.metadata["generator"].startswith("Pandoc")


def test_odt_with_a_damaged_metadata_part_still_gives_its_table_and_text(
    opts: ExtractOptions,
) -> None:
    result = read("ocrmypdf_resources/tagged.odt", opts, mime=ODT)
    text = everything(result)
    assert result.status == STATUS_OK
    assert "Document text." in text
    assert "Cell 1\tCell 2" in text  # a table row is one tab-separated line
    assert "Page 2 Heading\nBody text." in text
    assert result.metadata["damaged_parts"] == ["meta.xml"]


@pytest.mark.parametrize(
    "name",
    [
        "fixtures_ingest_file/encypted_by_libreoffice.odt",
        "fixtures_ingest_file/password_protected.xlsx",
        "fixtures_ingest_file/password_protected.xls",
    ],
)
def test_password_protected_documents_fail_with_a_plain_reason(
    name: str, opts: ExtractOptions
) -> None:
    result = read(name, opts)
    assert result.status == STATUS_FAILED
    assert result.reason == PROTECTED
    assert result.pages == ()


def test_docx_text_and_dates_come_from_the_document_itself(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/hello world word.docx", opts)
    assert result.status == STATUS_OK
    assert result.pages[0].text == "Hello world, Word!"
    assert result.metadata["author"] == "Dzmitry Lahoda"
    assert result.metadata["created"] == "2015-09-07T10:57:00Z"
    assert result.metadata["modified"] == "2015-10-05T08:57:00Z"


def test_xlsx_gives_one_page_per_sheet_with_tab_separated_rows(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/file.xlsx", opts)
    assert result.status == STATUS_OK
    assert [s["name"] for s in result.metadata["sheets"]] == ["Sheet1", "Sheet2"]
    assert len(result.pages) == 2
    assert result.pages[0].text.splitlines() == [
        "Name\tTimestamp\tPrice",
        "Mihai Viteazul\t29/12/1871 13:48\t11.99",
    ]
    assert "Vlad \u021aepe\u0219" in result.pages[1].text


def test_xlsx_workbook_title_subject_and_sheets_are_kept(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/staff_list.xlsx", opts)
    assert result.title == "Lists of Company Employees"
    assert result.metadata["subject"] == "a list of employees"
    assert result.metadata["keywords"] == "employees staff"
    assert result.metadata["language"] == "en-US"
    assert [s["name"] for s in result.metadata["sheets"]] == ["list_01", "list_02", "list_03"]
    assert all("Karina\tShedrofsky\tOCCRP" in page.text for page in result.pages)


def test_ods_with_cyrillic_sheet_names_reads_every_row(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/rom.ods", opts)
    assert result.status == STATUS_OK
    sheets = result.metadata["sheets"]
    assert [s["name"] for s in sheets] == ["\u041b\u0438\u0441\u04421", "\u041b\u0438\u0441\u04422",
                                           "\u041b\u0438\u0441\u04423"]
    assert sheets[0]["rows"] == 338
    assert "\u015ecoala de Meserii 4 Bubueci\tLisofcom" in result.pages[0].text


def test_mac_excel_xls_shows_dates_as_dates_and_numbers_as_typed(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/rom.xls", opts)
    assert result.status == STATUS_OK
    assert result.metadata["sheets"][0] == {"name": "\u041b\u0438\u0441\u04421", "rows": 338}
    row = result.pages[0].text.splitlines()[1].split("\t")
    assert row[2:4] == ["245", "2011-01-13"]
    assert row[-1] == "60594.7"
    assert result.metadata["company"] == "Reanimator EE"


def test_huge_sheet_is_cut_and_the_item_marked_partial(opts: ExtractOptions,
                                                       tmp_path: Path) -> None:
    cell = "x" * 10_000
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{cell}</t></is></c></row>'
                   for i in range(1, 601))
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{_SML}" xmlns:r="{_REL}"><sheets>'
                   '<sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PKG}"><Relationship '
                   'Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml",
                   f'<worksheet xmlns="{_SML}"><sheetData>{rows}</sheetData></worksheet>')
    result = extract_office(path, XLSX, opts)
    assert result.status == STATUS_PARTIAL
    assert "\u201cBig\u201d is very large" in result.reason
    assert 0 < result.metadata["sheets"][0]["rows"] < 600


_SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_docx_page_breaks_tables_headers_and_footnotes(opts: ExtractOptions,
                                                       tmp_path: Path) -> None:
    body = (
        f'<w:document xmlns:w="{_W}"><w:body>'
        "<w:p><w:r><w:t>Recruiter Somchai promised a job in Bangkok.</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Phone</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>+66 81 234 5678</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        '<w:p><w:r><w:br w:type="page"/><w:t xml:space="preserve">Taken across the river '
        "</w:t></w:r><w:r><w:t>to Myawaddy.</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "testimony.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", body)
        z.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{_PKG}">'
                   '<Relationship Id="rId1" Type="x/header" Target="header1.xml"/>'
                   '<Relationship Id="rId2" Type="x/footnotes" Target="footnotes.xml"/>'
                   "</Relationships>")
        z.writestr("word/header1.xml", f'<w:hdr xmlns:w="{_W}"><w:p><w:r><w:t>Witness W-07'
                   "</w:t></w:r></w:p></w:hdr>")
        z.writestr("word/footnotes.xml", f'<w:footnotes xmlns:w="{_W}">'
                   '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:t>---</w:t></w:r>'
                   '</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Interview of '
                   "3 May 2024.</w:t></w:r></w:p></w:footnote></w:footnotes>")
    result = extract_office(path, DOCX, opts)
    assert result.status == STATUS_OK
    assert [p.number for p in result.pages] == [1, 2]
    assert result.pages[0].text == (
        "Recruiter Somchai promised a job in Bangkok.\nPhone\t+66 81 234 5678"
    )
    assert result.pages[1].text.startswith("Taken across the river to Myawaddy.")
    assert "Witness W-07" in result.pages[1].text
    assert "Interview of 3 May 2024." in result.pages[1].text
    assert "---" not in everything(result)


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _shape(text: str, placeholder: str = "") -> str:
    ph = f'<p:nvPr><p:ph type="{placeholder}"/></p:nvPr>' if placeholder else "<p:nvPr/>"
    return (f"<p:sp><p:nvSpPr>{ph}</p:nvSpPr><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p>"
            "</p:txBody></p:sp>")


def _slide(tag: str, *shapes: str) -> str:
    return (f'<p:{tag} xmlns:p="{_P}" xmlns:a="{_A}"><p:cSld><p:spTree>{"".join(shapes)}'
            f"</p:spTree></p:cSld></p:{tag}>")


def test_pptx_gives_one_page_per_slide_in_show_order_with_notes(opts: ExtractOptions,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "briefing.pptx"
    rel = '<Relationship Id="{}" Type="x/{}" Target="{}"/>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("ppt/presentation.xml", f'<p:presentation xmlns:p="{_P}" xmlns:r="{_REL}">'
                   '<p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId1"/>'
                   "</p:sldIdLst></p:presentation>")
        z.writestr("ppt/_rels/presentation.xml.rels", f'<Relationships xmlns="{_PKG}">'
                   + rel.format("rId1", "slide", "slides/slide2.xml")
                   + rel.format("rId2", "slide", "slides/slide1.xml") + "</Relationships>")
        z.writestr("ppt/slides/slide1.xml",
                   _slide("sld", _shape("Compound network"), _shape("KK Park")))
        z.writestr("ppt/slides/slide2.xml", _slide("sld", _shape("Money flow")))
        z.writestr("ppt/slides/_rels/slide2.xml.rels", f'<Relationships xmlns="{_PKG}">'
                   + rel.format("rId1", "notesSlide", "../notesSlides/notesSlide1.xml")
                   + "</Relationships>")
        z.writestr("ppt/notesSlides/notesSlide1.xml", _slide(
            "notes", _shape("Ask the bank about wallet TX9", "body"), _shape("7", "sldNum")))
    result = extract_office(path, PPTX, opts)
    assert [p.text for p in result.pages] == [
        "Compound network\nKK Park",
        "Money flow\n\nAsk the bank about wallet TX9",
    ]
    assert result.metadata["slides_with_notes"] == 1


def test_xlsx_dates_are_shown_as_dates(opts: ExtractOptions, tmp_path: Path) -> None:
    path = tmp_path / "payments.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{_SML}" xmlns:r="{_REL}"><sheets>'
                   '<sheet name="Pay" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{_PKG}"><Relationship '
                   'Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<styleSheet xmlns="{_SML}"><numFmts><numFmt numFmtId="164" '
                   'formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts><cellXfs><xf numFmtId="0"/>'
                   '<xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{_SML}"><sheetData><row r="2">'
                   '<c r="B2" s="1"><v>45000</v></c><c r="C2" s="2"><v>45000.75</v></c>'
                   '<c r="D2"><v>1500.5</v></c><c r="E2" t="b"><v>1</v></c></row>'
                   "</sheetData></worksheet>")
    result = extract_office(path, XLSX, opts)
    assert result.pages[0].text == "\t2023-03-15\t2023-03-15 18:00:00\t1500.5\tTRUE"


def test_legacy_doc_is_read_with_what_this_computer_has(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/doc.doc", opts)
    text = everything(result)
    assert result.status == STATUS_OK
    assert "This is a sample Microsoft Word Document." in text
    assert "The Level 3 Bookmark" in text
    assert result.title == "Sample Word Document"
    assert result.metadata["author"] == "Keith Bennett"


def test_legacy_doc_through_catdoc_when_libreoffice_is_missing(opts: ExtractOptions) -> None:
    catdoc = shutil.which("catdoc")
    if catdoc is None:
        pytest.skip("catdoc is not installed (apt-get install catdoc)")
    text = run_catdoc(catdoc, corpus_file("fixtures_ingest_file/doc.doc"), opts)
    assert "This is a sample Microsoft Word Document." in text
    assert "The Level 3 Bookmark" in text


def test_legacy_doc_through_libreoffice_keeps_headers(opts: ExtractOptions) -> None:
    if libreoffice() is None:
        pytest.skip("LibreOffice is not installed (the catdoc path is tested instead)")
    result = read("fixtures_ingest_file/doc.doc", opts)
    assert result.metadata["converted_by"] == "LibreOffice"
    assert "This is the header for our document" in everything(result)
    assert not any(Path(opts.temp_dir).iterdir())  # the conversion folder is cleaned up


def test_legacy_ppt_slide_text_is_read(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/slides.ppt", opts)
    assert result.status == STATUS_OK
    assert len(result.pages) == 1
    assert result.pages[0].text.startswith("Now")
    assert result.metadata["author"] == "Albert Law 2"
    # Without LibreOffice the built-in reader finds the same slide text.
    assert ppt_slides(corpus_file("fixtures_ingest_file/slides.ppt")) == ["Now"]


def test_rtf_text_title_and_author(opts: ExtractOptions) -> None:
    result = read("fixtures_ingest_file/_extracted/testRTF.rtf", opts)
    assert result.status == STATUS_OK
    assert result.pages[0].text == "Test d\u2019indexation Word"
    assert result.title == "Test d\u2019indexation Word"
    assert result.metadata["author"] == "Bibliotheque"
    assert result.metadata["company"] == "Universite Laval"


def test_rtf_in_thai_and_chinese_code_pages_and_unicode(opts: ExtractOptions,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "note.rtf"
    path.write_bytes(
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}{\f1\fcharset222 Tahoma;}"
        rb"{\f2\fcharset134 SimSun;}}{\*\generator Hidden;}{\info{\title Case 12}}"
        rb"\f1 \'b7\'d3\'a7\'d2\'b9\par \f2 \'d5\'a9\'c6\'ad\par"
        rb"\f0 Caf\'e9 \u20013?\u25991? end\page Second page}"
    )
    result = extract_office(path, "application/rtf", opts)
    assert [p.text for p in result.pages] == [
        "\u0e17\u0e33\u0e07\u0e32\u0e19\n\u8bc8\u9a97\nCaf\u00e9 \u4e2d\u6587 end",
        "Second page",
    ]
    assert result.title == "Case 12"


def test_damaged_files_fail_with_a_reason_instead_of_crashing(opts: ExtractOptions,
                                                              tmp_path: Path) -> None:
    docx = corpus_file("fixtures_ingest_file/hello world word.docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(docx.read_bytes()[:3000])
    junk = tmp_path / "junk.doc"
    junk.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    for path, mime in ((cut, DOCX), (junk, DOC), (cut, ODT), (junk, XLSX)):
        result = extract_office(path, mime, opts)
        assert result.status == STATUS_FAILED, (path, mime)
        assert result.reason.startswith("the file is damaged and cannot be opened")


def test_the_archive_extractor_sends_office_files_here(opts: ExtractOptions) -> None:
    path = corpus_file("fixtures_ingest_file/staff_list.xlsx")
    result = Extractor().extract(str(path), sniff(path), opts)
    assert result.title == "Lists of Company Employees"
    assert len(result.pages) == 3
