"""The PDF dossier a court can read: contents, timeline, register and the exhibits themselves,
in every script, and — redacted — with a protected witness only as her pseudonym, in its text
and in the pictures of its exhibits."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageDraw, ImageFont

from archive.service import Archive
from ocr.reader import TesseractReader
from tests.archive.conftest import CASE

FONT = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")


@pytest.fixture(scope="module")
def with_photo(case_archive: Archive, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The case plus a photographed statement that names the witness in its pixels."""
    if not FONT.is_file():
        pytest.fail(f"{FONT} is missing: apt-get install fonts-noto-core")
    img = Image.new("RGB", (1400, 500), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 44)
    draw.text((60, 80), "Signed statement", fill="black", font=font)
    draw.text((60, 200), "I, Aye Aye Thant, confirm what I said.", fill="black", font=font)
    draw.text((60, 320), "Mae Sot, 2 June 2024", fill="black", font=font)
    path = tmp_path_factory.mktemp("photo") / "signed-statement.png"
    img.save(path)
    case_archive.ingest([path], case=CASE, languages="eng")
    return case_archive


def all_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text("text") for page in doc)


def test_a_dossier_has_contents_timeline_register_and_every_exhibit(
    with_photo: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "dossier.pdf"
    with_photo.export("dossier", CASE, out)
    items = with_photo.items(case=CASE)
    with pymupdf.open(out) as doc:
        toc = doc.get_toc()
        titles = [t for _, t, _ in toc]
        assert titles[:6] == ["Case summary", "Timeline", "Entities", "Evidence register",
                              "Quoted excerpts", "Exhibits"]
        exhibits = [(t, p) for level, t, p in toc if level == 2]
        assert [t.split()[0] for t, _ in exhibits] == [f"E-{n:03d}" for n in
                                                        range(1, len(items) + 1)]
        for title, page in exhibits:  # each exhibit starts where the contents say, headed
            header = doc[page - 1].get_text("text", clip=pymupdf.Rect(0, 0, 2000, 28))
            assert header.startswith(f"Exhibit {title.split()[0]}")
            assert "page 1 of" in header
        contents = doc[1].get_text("text")
        assert "Evidence register" in contents and "E-001" in contents
        # The fonts of the generated pages are embedded (PyMuPDF names no file type for a
        # font that is only referenced).
        fonts = {f[3].split("+")[-1]: f[1] for page in doc for f in page.get_fonts()}
        judgment_page = doc[next(p for t, p in exhibits if "judgment" in t) - 1]
        assert "REX" in judgment_page.get_text("text")  # the original PDF page, as text
    assert fonts["Noto Sans Regular"] == fonts["Noto Sans Myanmar Regular"] == "ttf"
    text = all_text(out)
    for sha in (i.sha256 for i in items):
        assert sha in text  # the register, and the headers of unredacted exhibits
    assert "9 October 2025 — Meeting at the bus station" in text
    assert "DISPUTED" not in text  # both citations say the same day
    assert "“On 9 October 2025 Agent Tony met me”" in text
    assert "Agent Tony (recruiter)" in text
    witness = with_photo.entity("Aye Aye Thant")
    assert f"{witness.name} (protected)" in text  # not redacted: for the archive's own people
    assert "Shwe Kokko recruitment" in text


def test_a_redacted_dossier_names_the_witness_only_by_pseudonym_in_text_and_pictures(
    with_photo: Archive, tmp_path: Path
) -> None:
    witness = with_photo.entity("Aye Aye Thant")
    assert witness.pseudonym
    out = tmp_path / "dossier-redacted.pdf"
    plan = with_photo.redaction_plan(CASE)
    reader = TesseractReader()
    with_photo.export("dossier", CASE, out, plan=plan, reader=reader)
    text = all_text(out)
    for name in (witness.name, *witness.aliases, "Aye Aye", "Thant"):
        assert name not in text, name
    assert text.count(witness.pseudonym) >= 4
    # OCR of every page that shows a picture: the photographed statement and the chat.
    seen = []
    with pymupdf.open(out) as doc:
        for page in doc:
            if page.get_images():
                png = page.get_pixmap(dpi=200).tobytes("png")
                seen.append(reader.read_text(png, "eng"))
    assert len(seen) >= 2
    statement = next(s for s in seen if "Signed statement" in s)
    assert "confirm what I said" in statement
    for ocr in seen:
        assert "aye aye" not in ocr.lower() and "thant" not in ocr.lower()


def test_thai_burmese_and_chinese_are_drawn_in_embedded_fonts(
    archive: Archive, tmp_path: Path
) -> None:
    note = "ผู้เสียหายถูกหลอกไปทำงานที่เมียวดี\nမြဝတီမြို့တွင် အလုပ်ခေါ်သည်\n老板赵伟的电话在园区"  # noqa: RUF001
    (tmp_path / "note.txt").write_text(note, encoding="utf-8")
    archive.add_case("แม่สอด 园区", "สรุป: หลอกไปทำงาน · မြဝတီ · 妙瓦底园区")
    archive.ingest([tmp_path / "note.txt"], case="แม่สอด 园区")
    out = tmp_path / "dossier.pdf"
    archive.export("dossier", "แม่สอด 园区", out)
    with pymupdf.open(out) as doc:
        fonts = {f[3].split("+")[-1]: f[1] for page in doc for f in page.get_fonts()}
        summary = unicodedata.normalize("NFKC", doc[2].get_text("text"))
    for name in ("Noto Sans Regular", "Noto Sans Thai Regular", "Noto Sans Myanmar Regular",
                 "Droid Sans Fallback Regular"):
        assert fonts.get(name) == "ttf", (name, fonts)
    # (Thai SARA AM comes back from the PDF decomposed: compared after NFKC.)
    assert unicodedata.normalize("NFKC", "สรุป: หลอกไปทำงาน · ") in summary
    assert "· 妙瓦底园区" in summary and "\x00" not in summary  # no glyph is missing
    # Drawn shaped (looked at); read back, MuPDF maps Noto Sans Thai's raised tone marks and
    # Burmese's reordered vowels to other characters, so the Thai is compared up to them.
    text = unicodedata.normalize("NFKC", all_text(out))
    assert unicodedata.normalize("NFKC", "ผู้เสียหายถูกหลอกไปทำงานท") in text
    assert "老板赵伟的电话在园区" in text
    with pymupdf.open(out) as doc:  # for a person to look at: tests/…/dossier-page-3.png
        doc[2].get_pixmap(dpi=100).save(str(tmp_path / "dossier-page-3.png"))
