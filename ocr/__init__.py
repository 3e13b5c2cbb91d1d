"""Turning stored files into page text: text layers, Tesseract OCR and plain-text decoding."""

from ocr.extractor import Extractor, check_tesseract, default_languages, installed_languages

__all__ = ["Extractor", "check_tesseract", "default_languages", "installed_languages"]
