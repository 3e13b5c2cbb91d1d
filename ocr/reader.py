"""Reading the text of a picture for checks (the export's leak check): Tesseract, no extras."""

from __future__ import annotations

import io

from PIL import Image

from ocr.tesseract import ocr_image


class TesseractReader:
    """Implements archive.redact_files.ImageReader with the project's Tesseract wrapper."""

    def __init__(self, *, timeout: float = 120.0) -> None:
        self.timeout = timeout

    def read_text(self, png: bytes, languages: str) -> str:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            return ocr_image(image, languages, timeout=self.timeout).text
