"""The PDF dossier: cover, contents, summary, timeline, entities, evidence register, excerpts,
then every exhibit (its own PDF pages, its pictures, or its text) under a header naming it.
Fonts for Latin, Thai, Burmese and Chinese are embedded."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pymupdf as _pymupdf
from PIL import Image

from archive import dossier_html as H
from archive.errors import CasefileError
from archive.redact_files import IMAGE_MIMES

log = logging.getLogger(__name__)
pymupdf: Any = _pymupdf

PAGE = (595.0, 842.0)  # A4 in points
MARGIN = 50.0
HEADER = 28.0  # the band above an exhibit page that names it
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto",
             "/usr/local/share/fonts", "/Library/Fonts", "~/Library/Fonts",
             "C:/Windows/Fonts", "~/.local/share/fonts", "~/.fonts")
# CSS family -> font files to look for (first found wins); "cjk" falls back on PyMuPDF's own.
FONTS = {
    "sans": ("NotoSans-Regular.ttf",),
    "sansbold": ("NotoSans-Bold.ttf",),
    "thai": ("NotoSansThai-Regular.ttf", "NotoSerifThai-Regular.ttf"),
    "mya": ("NotoSansMyanmar-Regular.ttf", "NotoSerifMyanmar-Regular.ttf"),
}
INSTALL_FONTS = ("Install the Noto fonts (Debian/Ubuntu: apt-get install fonts-noto-core"
                 " fonts-noto-cjk; `make run` does it), then export again.")


@dataclass(frozen=True, slots=True)
class ExhibitSource:
    """An exhibit to append: the file to show (original or redacted copy) and how."""

    exhibit: str  # "E-001"
    title: str
    path: Path
    mime: str
    sha256: str  # of the file shown
    redacted: bool
    pages_text: tuple[str, ...] = ()  # for items shown as text


def _find(names: Sequence[str]) -> Path | None:
    for d in FONT_DIRS:
        for name in names:
            p = Path(d).expanduser() / name
            if p.is_file():
                return p
    return None


@cache
def font_archive() -> tuple[Any, str]:
    """PyMuPDF's Archive holding the fonts, and the @font-face CSS naming them."""
    arch = pymupdf.Archive()
    faces: list[str] = []
    for family, names in FONTS.items():
        path = _find(names)
        if path is None:
            raise CasefileError(f"The dossier needs the font {names[0]}. {INSTALL_FONTS}")
        arch.add(path.read_bytes(), f"{family}.ttf")
        if family == "sansbold":
            faces.append("@font-face {font-family: sans; src: url(sansbold.ttf);"
                         " font-weight: bold;}")
        else:
            faces.append(f"@font-face {{font-family: {family}; src: url({family}.ttf);}}")
    arch.add(pymupdf.Font("cjk").buffer, "cjk.ttf")
    arch.add(pymupdf.Font("cour").buffer, "mono.ttf")
    faces += ["@font-face {font-family: cjk; src: url(cjk.ttf);}",
              "@font-face {font-family: mono; src: url(mono.ttf);}"]
    return arch, "\n".join(faces) + H.CSS


def render_html(body: str, *, top: float = MARGIN) -> tuple[Any, dict[str, int]]:
    """HTML laid out on A4 pages: the PDF and the 0-based page of each element with an id."""
    arch, css = font_archive()
    story = pymupdf.Story(html=body, user_css=css, archive=arch)
    out = io.BytesIO()
    writer = pymupdf.DocumentWriter(out)
    where = pymupdf.Rect(MARGIN, top, PAGE[0] - MARGIN, PAGE[1] - MARGIN)
    anchors: dict[str, int] = {}
    pages = [0]

    def seen(pos: Any) -> None:
        if pos.id and pos.open_close & 1 and pos.id not in anchors:
            anchors[pos.id] = pages[0]

    more = True
    while more:
        dev = writer.begin_page(pymupdf.Rect(0, 0, *PAGE))
        more, _ = story.place(where)
        story.element_positions(seen)
        story.draw(dev)
        writer.end_page()
        pages[0] += 1
    writer.close()
    return pymupdf.open("pdf", out.getvalue()), anchors


def _header(page: Any, ex: ExhibitSource, number: int, total: int) -> None:
    copy = " (redacted copy)" if ex.redacted else ""
    line = (f"Exhibit {ex.exhibit}{copy}  -  page {number} of {total}  -  SHA-256"
            f" {ex.sha256}")
    page.draw_rect(pymupdf.Rect(0, 0, page.rect.width, HEADER), color=None,
                   fill=(0.93, 0.93, 0.93))
    page.insert_text((12, HEADER - 10), line, fontsize=7 if page.rect.width > 400 else 5,
                     fontname="helv")


def _append_pdf(doc: Any, ex: ExhibitSource) -> int:
    with pymupdf.open(ex.path) as src:
        total = src.page_count
        for n, spage in enumerate(src, 1):
            r = spage.rect
            page = doc.new_page(width=r.width, height=r.height + HEADER)
            page.show_pdf_page(pymupdf.Rect(0, HEADER, r.width, r.height + HEADER), src,
                               spage.number)
            _header(page, ex, n, total)
        return int(total)


def _append_image(doc: Any, ex: ExhibitSource) -> int:
    with Image.open(ex.path) as img:
        frames = getattr(img, "n_frames", 1)
        for n in range(frames):
            img.seek(n)
            frame = img.convert("RGB")
            buf = io.BytesIO()
            frame.save(buf, "PNG")
            page = doc.new_page(width=PAGE[0], height=PAGE[1])
            area = pymupdf.Rect(MARGIN / 2, HEADER + 10, PAGE[0] - MARGIN / 2,
                                PAGE[1] - MARGIN / 2)
            page.insert_image(area, stream=buf.getvalue(), keep_proportion=True)
            _header(page, ex, n + 1, frames)
        return int(frames)


def _append_text(doc: Any, ex: ExhibitSource) -> int:
    pages = ex.pages_text or ("",)
    body = "".join(f"<h3>Page {n}</h3><p>{H.text(t) or '<i>(no text)</i>'}</p>"
                   for n, t in enumerate(pages, 1))
    body = f"<p class='small'>{H.text(ex.title)}: the text of this exhibit.</p>" + body
    rendered, _ = render_html(body, top=MARGIN + HEADER)
    with rendered:
        first = doc.page_count
        doc.insert_pdf(rendered)
        total = rendered.page_count
    for n in range(total):
        _header(doc[first + n], ex, n + 1, total)
    return int(total)


def append_exhibit(doc: Any, ex: ExhibitSource) -> int:
    """Append an exhibit's pages; returns how many."""
    try:
        if ex.mime == "application/pdf":
            return _append_pdf(doc, ex)
        if ex.mime in IMAGE_MIMES:
            return _append_image(doc, ex)
    except Exception:  # a damaged original: its text is shown instead, and the log says why
        log.warning("exhibit %s cannot be drawn: its text is shown", ex.exhibit, exc_info=True)
    return _append_text(doc, ex)


def write_dossier(
    data: dict[str, Any], exhibits: Sequence[ExhibitSource], out: Path, *,
    prepared_by: str, progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Write the dossier PDF to ``out``. Returns the HTML of its readable part (for checks)."""
    numbers = {int(i["id"]): str(i["exhibit"]) for i in data["items"]}
    date = datetime.now(UTC).strftime("%d %B %Y")
    sections = [("summary", "Case summary", H.summary(data)),
                ("timeline", "Timeline", H.timeline(data, numbers)),
                ("entities", "Entities", H.entities(data)),
                ("register", "Evidence register", H.register(data)),
                ("excerpts", "Quoted excerpts", H.excerpts(data, numbers))]
    body_html = "".join(s[2] for s in sections)
    body, anchors = render_html(body_html)
    cover, _ = render_html(H.cover(data, prepared_by, date))
    tail = pymupdf.open()
    starts: list[int] = []
    for n, ex in enumerate(exhibits, 1):
        starts.append(tail.page_count)
        append_exhibit(tail, ex)
        if progress:
            progress(n, len(exhibits) + 1)

    body_pages = body.page_count

    def entries(first_body_page: int) -> list[tuple[int, str, int]]:
        out_ = [(1, title, first_body_page + anchors.get(key, 0)) for key, title, _ in sections]
        out_.append((1, "Exhibits", first_body_page + body_pages))
        out_ += [(2, f"{ex.exhibit} {ex.title}", first_body_page + body_pages + s)
                 for ex, s in zip(exhibits, starts, strict=True)]
        return out_

    toc, _ = render_html(H.toc(entries(1)))  # measured once, then with its real length
    first = 1 + cover.page_count + toc.page_count
    toc_html = H.toc(entries(first))
    toc, _ = render_html(toc_html)
    doc = pymupdf.open()
    for part in (cover, toc, body, tail):
        doc.insert_pdf(part)
        part.close()
    total = doc.page_count
    for n, page in enumerate(doc, 1):
        page.insert_text((page.rect.width - 120, page.rect.height - 14),
                         f"Dossier page {n} of {total}", fontsize=7, fontname="helv")
    doc.set_toc([[level, title, page] for level, title, page in entries(first)])
    doc.set_metadata({"title": f"Case dossier: {data['case']['title']}",
                      "creator": "Casefile", "producer": "Casefile (PyMuPDF)"})
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out, garbage=3, deflate=True)
    doc.close()
    if progress:
        progress(len(exhibits) + 1, len(exhibits) + 1)
    return [body_html, toc_html]
