"""Redaction of exhibit files: true PDF redaction, painted-over image pixels, and the leak check
that re-reads what an export produced before it is allowed to finish."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pymupdf as _pymupdf
from PIL import Image, ImageDraw, ImageOps

from archive.errors import CasefileError
from archive.hits import words_in_spans
from archive.models import PageWords
from archive.redaction import Cut, Matcher, RedactionPlan
from archive.visual_text import logical_order, to_logical

log = logging.getLogger(__name__)
# PyMuPDF's annotations are partial (untyped constructors): it is used untyped here.
pymupdf: Any = _pymupdf

MARGIN = 2  # pixels (image) or points (PDF) added around a redaction box
LINE_INSET = 0.05  # share of a text line's height left out above and below a redacted word
LEAK_OCR_DPI = 200
# A page whose images cover this share of it is OCR'd by the leak check (a scan, a photo).
IMAGE_PAGE_SHARE = 0.2

# MuPDF's text flags without "CID for unknown Unicode": a glyph without a Unicode mapping comes
# back as U+FFFD, not as its code disguised as a letter or a line break.
LAYER_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE
IMAGE_MIMES = ("image/png", "image/jpeg", "image/tiff", "image/webp", "image/gif", "image/bmp")
PageWordsFn = Callable[[int], PageWords | None]  # page number -> stored OCR words
PageTextFn = Callable[[int], str]  # page number -> stored page text


class LeakFound(CasefileError):
    """A produced file still shows a protected name: the export must not be handed over."""


class ImageReader(Protocol):
    """Reads the text of a picture (OCR); implemented in ocr/ and wired in by main.py."""

    def read_text(self, png: bytes, languages: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Redacted:
    """What redacting one exhibit did: boxes per page (page number, how many)."""

    boxes: tuple[tuple[int, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.boxes)


# --- PDF ------------------------------------------------------------------------------------
def _chars(page: Any) -> tuple[str, list[Any]]:
    """The page's text layer as one string (lines joined by newlines) and each character's box;
    unmapped glyphs as U+FFFD, Burmese in logical order."""
    text: list[str] = []
    boxes: list[Any] = []
    raw = page.get_text("rawdict", flags=LAYER_FLAGS)
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                for ch in span.get("chars", ()):
                    text.append(ch["c"])
                    boxes.append(pymupdf.Rect(ch["bbox"]))
            text.append("\n")
            boxes.append(None)
    order = logical_order(text)
    return "".join(text[i] for i in order), [boxes[i] for i in order]


def layer_text(page: Any) -> str:
    """A page's text layer as the leak check reads it (as ``_chars`` does, without boxes)."""
    return to_logical(page.get_text("text", flags=LAYER_FLAGS))


def _rects_of(cut: Cut, boxes: Sequence[Any]) -> list[Any]:
    """The boxes of a cut's characters, joined per line."""
    out: list[Any] = []
    current: Any = None
    for box in boxes[cut.start:cut.end]:
        if box is None or box.is_empty:
            if current is not None:
                out.append(current)
                current = None
            continue
        current = pymupdf.Rect(box) if current is None else current | box
    if current is not None:
        out.append(current)
    return out


def _word_rects(page: Any, text: str, words: PageWords, cuts: Sequence[Cut]
                ) -> list[Any]:
    """Boxes of the OCR'd words a cut covers, from image pixels to page points."""
    if not words.words or not words.width or not words.height:
        return []
    hit = words_in_spans(text, words.words, [(c.start, c.end) for c in cuts])
    sx, sy = page.rect.width / words.width, page.rect.height / words.height
    return [pymupdf.Rect(w.left * sx, w.top * sy, (w.left + w.width) * sx,
                         (w.top + w.height) * sy) for w in hit]


def _scrub(doc: Any) -> None:
    """Remove what could name someone outside the pages: metadata, XMP, attached files, links
    and annotations. (PyMuPDF's own ``scrub`` fails on some real files: done by hand.)"""
    doc.set_metadata({})
    doc.del_xml_metadata()
    for name in doc.embfile_names():
        doc.embfile_del(name)
    for page in doc:
        for link in page.get_links():
            page.delete_link(link)
        for annot in list(page.annots()):
            page.delete_annot(annot)


def _grown(r: Any, page: Any) -> Any:
    return pymupdf.Rect(r.x0 - MARGIN, r.y0 - MARGIN, r.x1 + MARGIN, r.y1 + MARGIN
                        ) * page.derotation_matrix


def _apply(page: Any, letters: Sequence[Any], rects: Sequence[Any]) -> None:
    """Redact a page: ``letters`` are boxes of characters of its text layer, ``rects`` areas
    (OCR'd words, marked regions). MuPDF removes every character whose box touches a redaction,
    and the boxes of a line touch the lines above and below: letters are redacted a little
    lower than their line (their text is still removed), with no margin beside them, so the
    neighbouring words stay. Image pixels under them are blanked in a second pass, with the
    margin, for a picture under an (OCR) text layer shows the name too."""
    for r in letters:
        inset = r.height * LINE_INSET
        tight = pymupdf.Rect(r.x0, r.y0 + inset, r.x1, r.y1 - inset)
        page.add_redact_annot(tight * page.derotation_matrix, fill=(0, 0, 0))
    for r in rects:
        page.add_redact_annot(_grown(r, page), fill=(0, 0, 0))
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)
    if letters and page.get_images():
        for r in letters:
            page.add_redact_annot(_grown(r, page), fill=False)
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                              graphics=pymupdf.PDF_REDACT_LINE_ART_NONE,
                              text=pymupdf.PDF_REDACT_TEXT_NONE)


def redact_pdf(
    source: Path, dest: Path, plan: RedactionPlan, *, item_id: int, page_text: PageTextFn,
    page_words: PageWordsFn,
) -> Redacted:
    """Write ``source`` redacted to ``dest``: names in the text layer and in OCR'd page images,
    marked spans and regions are removed (text under the box is deleted, image pixels blanked),
    and metadata, attachments, links and hidden text are scrubbed. Checked before returning."""
    boxes: list[tuple[int, int]] = []
    with pymupdf.open(source) as doc:
        for page in doc:
            number = page.number + 1
            stored = page_text(number)
            layer, char_boxes = _chars(page)
            letters = [r for c in plan.page_matcher(item_id, number, stored).cuts(layer)
                       for r in _rects_of(c, char_boxes)]
            rects: list[Any] = []
            words = page_words(number)
            if words is not None:
                rects += _word_rects(page, stored, words, plan.cuts(stored, item_id, number))
            w, h = page.rect.width, page.rect.height
            rects += [pymupdf.Rect(r.x0 * w, r.y0 * h, r.x1 * w, r.y1 * h)
                      for r in plan.regions_of(item_id, number)]
            if letters or rects:
                _apply(page, letters, rects)
                boxes.append((number, len(letters) + len(rects)))
        _scrub(doc)
        dest.parent.mkdir(parents=True, exist_ok=True)
        doc.save(dest, garbage=4, deflate=True, clean=True)
    with pymupdf.open(dest) as done:
        for page in done:
            left = plan.find_names(layer_text(page))
            if left:
                raise LeakFound(
                    f"Redaction failed on page {page.number + 1} of item {item_id}: the name of"
                    f" {left[0].replacement} is still in its text. Nothing was exported.")
    return Redacted(tuple(boxes))


# --- images ---------------------------------------------------------------------------------
def _frames(source: Path) -> list[Image.Image]:
    with Image.open(source) as img:
        frames = []
        for n in range(getattr(img, "n_frames", 1)):
            img.seek(n)
            frame = (ImageOps.exif_transpose(img) or img) if n == 0 else img.copy()
            frames.append(frame.convert("RGB"))
        return frames


def redact_image(
    source: Path, plan: RedactionPlan, *, item_id: int, page_text: PageTextFn,
    page_words: PageWordsFn,
) -> tuple[bytes, str, Redacted]:
    """The image with the OCR'd words of protected names (and marked spans and regions) painted
    over in its pixels: (bytes, "png" or "tiff" for several frames, what was done). Metadata
    (EXIF: GPS, camera, names) is not carried over."""
    frames = _frames(source)
    boxes: list[tuple[int, int]] = []
    for number, frame in enumerate(frames, 1):
        draw = ImageDraw.Draw(frame)
        rects: list[tuple[float, float, float, float]] = []
        words = page_words(number)
        if words is not None and words.width and words.height:
            text = page_text(number)
            sx, sy = frame.width / words.width, frame.height / words.height
            hit = words_in_spans(text, words.words,
                                 [(c.start, c.end) for c in plan.cuts(text, item_id, number)])
            rects += [(w.left * sx, w.top * sy, (w.left + w.width) * sx,
                       (w.top + w.height) * sy) for w in hit]
        rects += [(r.x0 * frame.width, r.y0 * frame.height, r.x1 * frame.width,
                   r.y1 * frame.height) for r in plan.regions_of(item_id, number)]
        for x0, y0, x1, y1 in rects:
            draw.rectangle((x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN), fill="black")
        if rects:
            boxes.append((number, len(rects)))
    out = io.BytesIO()
    if len(frames) == 1:
        frames[0].save(out, "PNG")
        return out.getvalue(), "png", Redacted(tuple(boxes))
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return out.getvalue(), "tiff", Redacted(tuple(boxes))


# --- the leak check -------------------------------------------------------------------------
def has_location(path: Path) -> bool:
    """Whether a picture's EXIF says where it was taken (GPS): a redacted export must not
    carry that out of the archive, for the place can be where a victim is."""
    try:
        with Image.open(path) as image:
            return bool(image.getexif().get_ifd(0x8825))  # the GPS IFD
    except Exception:  # unreadable metadata: nothing to carry over either way
        log.debug("cannot read the EXIF of %s", path.name, exc_info=True)
        return False


def embedded_text(path: Path, mime: str) -> str:
    """Text a file carries outside its pages: PDF metadata and XMP, image EXIF and info."""
    try:
        if mime == "application/pdf":
            with pymupdf.open(path) as doc:
                meta = " ".join(str(v) for v in (doc.metadata or {}).values() if v)
                return meta + " " + (doc.get_xml_metadata() or "")
        if mime in IMAGE_MIMES:
            with Image.open(path) as img:
                parts = [str(v) for v in img.info.values() if isinstance(v, str | bytes)]
                parts += [str(v) for v in img.getexif().values()]
                return " ".join(parts)
    except Exception:  # a damaged file: its pages are checked anyway
        log.warning("cannot read the metadata of %s", path, exc_info=True)
    return ""


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _image_share(page: Any) -> float:
    area = max(page.rect.width * page.rect.height, 1.0)
    covered = 0.0
    for info in page.get_image_info():
        r = pymupdf.Rect(info["bbox"]) & page.rect
        covered += max(r.width, 0.0) * max(r.height, 0.0)
    return float(min(covered / area, 1.0))


def _pdf_leaks(path: Path, matcher: Matcher, reader: ImageReader | None, languages: str
               ) -> Iterable[tuple[str, Cut]]:
    for cut in matcher.cuts(embedded_text(path, "application/pdf")):
        yield "its metadata", cut
    with pymupdf.open(path) as doc:
        for page in doc:
            where = f"page {page.number + 1}"
            for cut in matcher.cuts(layer_text(page)):
                yield where, cut
            if reader is not None and _image_share(page) >= IMAGE_PAGE_SHARE:
                png = page.get_pixmap(dpi=LEAK_OCR_DPI).tobytes("png")
                for cut in matcher.cuts(reader.read_text(png, languages)):
                    yield where + " (read by OCR)", cut


def find_leaks(
    files: Iterable[Path], plan: RedactionPlan, *, reader: ImageReader | None, languages: str,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Re-read produced files (PDF text and OCR of their picture pages, images by OCR, text
    files as text) for protected names. Each problem is a sentence naming the file and page
    and the person by pseudonym only."""
    matcher = plan.matcher
    if not matcher:
        return []
    paths = list(files)
    problems: list[str] = []
    for n, path in enumerate(paths, 1):
        found: list[tuple[str, Cut]] = []
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            found = list(_pdf_leaks(path, matcher, reader, languages))
        elif suffix in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp"):
            found += [("its metadata", c)
                      for c in matcher.cuts(embedded_text(path, "image/png"))]
            if reader is not None:
                for number, frame in enumerate(_frames(path), 1):
                    text = reader.read_text(_png(frame), languages)
                    found += [(f"frame {number} (read by OCR)", c) for c in matcher.cuts(text)]
        else:
            data = path.read_bytes()
            for encoding in ("utf-8", "utf-16"):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                found += [("its text", c) for c in matcher.cuts(text)]
                break
        for where, cut in merge_cuts_by_place(found):
            problems.append(f"{path.name}, {where}, still shows the name of {cut.replacement}")
        if progress:
            progress(n, len(paths))
    return problems


def merge_cuts_by_place(found: Sequence[tuple[str, Cut]]) -> list[tuple[str, Cut]]:
    """One problem per place and person."""
    seen: dict[tuple[str, str], Cut] = {}
    for where, cut in found:
        seen.setdefault((where, cut.replacement), cut)
    return [(where, cut) for (where, _), cut in seen.items()]


def check_no_leaks(
    files: Iterable[Path], plan: RedactionPlan, *, reader: ImageReader | None, languages: str,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Raise LeakFound (naming where, and whom by pseudonym) if a protected name is still
    readable in any of ``files``."""
    problems = find_leaks(files, plan, reader=reader, languages=languages, progress=progress)
    if problems:
        more = f" (and {len(problems) - 3} more places)" if len(problems) > 3 else ""
        raise LeakFound("The export was stopped and nothing was handed over: "
                        + "; ".join(problems[:3]) + more + ".")

