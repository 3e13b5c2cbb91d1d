"""Page images for the viewer: a PDF page or an image frame as PNG, size-capped."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pymupdf

log = logging.getLogger(__name__)

VIEW_DPI = 150
IMAGE_TYPES = frozenset({
    "image/png", "image/jpeg", "image/tiff", "image/webp", "image/gif", "image/bmp", "image/jp2",
})


class Renderer:
    """Implements archive.protocols.Renderer. Runs in a worker process (hostile files)."""

    def render(self, path: str, mime: str, page: int, max_pixels: int) -> bytes | None:
        try:
            if mime == "application/pdf":
                return _render_pdf(Path(path), page, max_pixels)
            if mime in IMAGE_TYPES:
                return _render_image(Path(path), page, max_pixels)
        except Exception:  # a damaged file: no picture, the text is still there
            log.warning("cannot render page %d of %s", page, path, exc_info=True)
        return None


def _render_pdf(path: Path, page: int, max_pixels: int) -> bytes | None:
    with pymupdf.open(path, filetype="pdf") as doc:  # type: ignore[no-untyped-call]
        if doc.needs_pass or not 1 <= page <= doc.page_count:
            return None
        p = doc[page - 1]
        w_in, h_in = p.rect.width / 72, p.rect.height / 72
        dpi = VIEW_DPI
        if w_in * h_in * dpi * dpi > max_pixels:
            dpi = max(10, int((max_pixels / max(w_in * h_in, 1e-6)) ** 0.5))
        png: bytes = p.get_pixmap(dpi=dpi).tobytes("png")
        return png


def _render_image(path: Path, page: int, max_pixels: int) -> bytes | None:
    from PIL import Image, ImageOps

    with Image.open(path) as img:
        frames = getattr(img, "n_frames", 1)
        if not 1 <= page <= frames:
            return None
        img.seek(page - 1)
        frame = ImageOps.exif_transpose(img) if page == 1 else img.copy()
        frame = frame.convert("RGBA" if "A" in frame.getbands() else "RGB")
        if frame.width * frame.height > max_pixels:
            scale = (max_pixels / (frame.width * frame.height)) ** 0.5
            frame = frame.resize((max(1, int(frame.width * scale)),
                                  max(1, int(frame.height * scale))))
        out = io.BytesIO()
        frame.save(out, "PNG")
        return out.getvalue()
