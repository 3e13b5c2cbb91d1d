"""Reading the text of a picture for checks (the export's leak check): Tesseract, no extras."""

from __future__ import annotations

import io

from PIL import Image

from ocr.tesseract import ocr_image


class TesseractReader:
    """Implements archive.redact_files.ImageReader with the project's Tesseract wrapper."""

    def __init__(self, *, timeout: float = 120.0, temp_dir: str = "") -> None:
        """``temp_dir``: where Tesseract's work files go (the archive's storage gives it: for an
        encrypted archive a folder in memory); "" is the system temp folder."""
        self.timeout = timeout
        self.temp_dir = temp_dir

    def read_text(self, png: bytes, languages: str) -> str:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            return ocr_image(image, languages, timeout=self.timeout,
                             temp_dir=self.temp_dir).text
