"""Tesseract OCR of one page image: preparation, language choice, word boxes and confidences."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytesseract
from PIL import Image, ImageOps, ImageStat

from archive.models import Word
from ocr.normalize import lines_to_text, normalize_text, script_counts
from ocr.screens import looks_like_screenshot, ocr_lines, page_text

log = logging.getLogger(__name__)

PREFERRED_LANGUAGES = ("eng", "tha", "mya", "chi_sim", "chi_tra")
INSTALL_HINT = (
    "apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-tha tesseract-ocr-mya "
    "tesseract-ocr-chi-sim tesseract-ocr-chi-tra (Windows/macOS: install Tesseract 5 with "
    "these languages from https://github.com/tesseract-ocr/tesseract)"
)

# Tesseract reads nothing useful from more pixels than this; bigger images are scaled down.
MAX_OCR_PIXELS = 25_000_000
# A single line of text is scaled to this height: measured on 32 px Thai lines (thai_trdg),
# character error rate 3.5% unscaled, 1.5% at 100 px, 2.7% at 64 px, 3.5% at 150 px.
LINE_HEIGHT = 100
# Other small images (phone screenshots, small scans) are scaled up until the long side is this.
SMALL_IMAGE_LONG_SIDE = 2000
MAX_UPSCALE = 4.0
# Below this mean luminance (0-255) an image is taken to be dark mode and inverted.
DARK_MEAN = 100
# A page (not a single line) read with a mean word confidence below this is checked for
# sideways or upside-down orientation with OSD (about 1 s on an A4 page at 300 dpi).
ROTATE_BELOW = 80.0
MIN_ORIENTATION_CONFIDENCE = 2.0
# Share of Burmese among the letters of a first pass that calls for a Burmese pass.
BURMESE_SHARE = 0.1


class OcrUnavailable(Exception):
    """Tesseract or the requested languages are missing: no page of any file can be OCR'd."""


@dataclass(frozen=True, slots=True)
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0-100, None when no word was found
    words: tuple[Word, ...]
    width: int  # the size of the image given to ocr_image (word boxes refer to it)
    height: int
    languages: str  # the language string of the pass that was kept


@cache
def installed_languages() -> list[str]:
    """Tesseract's installed languages (without ``osd``); empty if Tesseract is missing."""
    try:
        langs = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        log.warning("cannot list Tesseract languages: %s", exc)
        return []
    return sorted(lang for lang in langs if lang != "osd")


def default_languages() -> str:
    """The archive default: eng, tha, mya, chi_sim, chi_tra, as far as they are installed."""
    installed = set(installed_languages())
    return "+".join(lang for lang in PREFERRED_LANGUAGES if lang in installed)


def check_tesseract() -> str | None:
    """None when Tesseract and all default languages are there, else what to install."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return f"Tesseract OCR is not installed. Install it: {INSTALL_HINT}"
    try:
        version = pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        return f"Tesseract OCR cannot be started ({exc}). Install it: {INSTALL_HINT}"
    if version.major < 4:
        return f"Tesseract {version} is too old (4 or newer is needed). Install: {INSTALL_HINT}"
    missing = [lang for lang in PREFERRED_LANGUAGES if lang not in installed_languages()]
    if missing:
        return f"Tesseract languages missing: {', '.join(missing)}. Install them: {INSTALL_HINT}"
    return None


def usable_languages(requested: str) -> str:
    """The requested "+"-joined languages that are installed; raises OcrUnavailable if none."""
    installed = installed_languages()
    if not installed:
        raise OcrUnavailable(f"Tesseract OCR is not installed ({INSTALL_HINT})")
    wanted = [lang for lang in requested.split("+") if lang]
    usable = [lang for lang in wanted if lang in installed]
    if wanted and len(usable) < len(wanted):
        log.warning("OCR languages not installed, skipped: %s", set(wanted) - set(usable))
    if not usable:
        raise OcrUnavailable(
            f"none of the OCR languages {requested!r} is installed ({INSTALL_HINT})"
        )
    return "+".join(usable)


@contextmanager
def _tempdir(path: str) -> Iterator[None]:
    """pytesseract writes its image and output files through ``tempfile``: keep them in
    ``path`` (inside the archive), not in the system temp folder."""
    saved = tempfile.tempdir
    if path:
        os.makedirs(path, exist_ok=True)  # noqa: PTH103 - plain str path from ExtractOptions
        tempfile.tempdir = path
    try:
        yield
    finally:
        tempfile.tempdir = saved


def _flatten(image: Image.Image) -> Image.Image:
    """Grayscale, with any transparency put on white (transparent text is often black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return image.convert("L")


def is_single_line(width: int, height: int) -> bool:
    """A wide, short image holds one line of text (page segmentation mode 7 is needed: under
    the default mode Tesseract returns nothing for a single Burmese line)."""
    return height <= 150 and width >= 3 * height


def prepare(image: Image.Image) -> tuple[Image.Image, float, int]:
    """The image Tesseract should see, the scale applied to it, and the segmentation mode."""
    gray = _flatten(image)
    if ImageStat.Stat(gray).mean[0] < DARK_MEAN:
        gray = ImageOps.invert(gray)
    width, height = gray.size
    if is_single_line(width, height):
        psm = 7
        scale = max(1.0, LINE_HEIGHT / height)
    else:
        psm = 3
        scale = min(MAX_UPSCALE, max(1.0, SMALL_IMAGE_LONG_SIDE / max(width, height)))
    if width * height * scale * scale > MAX_OCR_PIXELS:
        scale = (MAX_OCR_PIXELS / (width * height)) ** 0.5
    if abs(scale - 1.0) > 0.05:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS)
    else:
        scale = 1.0
    return gray, scale, psm


def _upright(
    prepared: Image.Image,
    languages: str,
    psm: int,
    scale: float,
    size: tuple[int, int],
    deadline: float,
    first: OcrResult,
) -> OcrResult:
    """A page read with low confidence may be sideways or upside down: Tesseract's orientation
    detection (OSD) says how to turn it; the turned page's reading is kept if it is more
    confident. Word boxes are given back in the unturned image's pixels."""
    try:
        osd = pytesseract.image_to_osd(
            prepared, output_type=pytesseract.Output.DICT,
            timeout=max(1.0, deadline - time.monotonic()),
        )
    except (pytesseract.TesseractError, RuntimeError) as exc:  # too few letters to tell
        log.debug("orientation not detected: %s", exc)
        return first
    rotate = int(osd.get("rotate", 0)) % 360
    if rotate == 0 or float(osd.get("orientation_conf", 0.0)) < MIN_ORIENTATION_CONFIDENCE:
        return first
    turned = prepared.rotate(-rotate, expand=True)
    result = _run(turned, languages, psm, 1.0, turned.size, deadline)
    log.debug("page turned by %d degrees: confidence %s -> %s", rotate, first.confidence,
              result.confidence)
    if (result.confidence or 0.0) <= (first.confidence or 0.0):
        return first
    words = tuple(_unturn(w, rotate, turned.size, scale) for w in result.words)
    return OcrResult(result.text, result.confidence, words, size[0], size[1], languages)


def _unturn(word: Word, rotate: int, turned: tuple[int, int], scale: float) -> Word:
    """A word box on the page turned clockwise by ``rotate`` degrees, back on the original."""
    w, h = turned
    x0, y0, x1, y1 = word.left, word.top, word.left + word.width, word.top + word.height
    if rotate == 180:
        box = (w - x1, h - y1, w - x0, h - y0)
    elif rotate == 90:  # turned clockwise: original x = turned y, original y = w - x
        box = (y0, w - x1, y1, w - x0)
    else:  # 270
        box = (h - y1, x0, h - y0, x1)
    left, top, right, bottom = (round(v / scale) for v in box)
    return Word(word.text, left, top, right - left, bottom - top, word.confidence)


def _second_pass_languages(first: OcrResult, languages: str) -> str | None:
    """Languages for a second pass over the page, or None when the first pass is enough.

    With all five languages loaded Tesseract reads Burmese largely as Thai: on the myOCR lines
    the character error rate is 48% with the five languages and 22-27% with ``mya(+eng)``.
    Pages where Burmese letters are at least 10% of the letters read get a ``mya+eng`` pass
    (English stays: chat screenshots mix Burmese with handles and numbers). Measured on
    screens_dev, 10% triggers on all Burmese screenshots and on none in English/Thai/mixed.
    """
    langs = languages.split("+")
    if "mya" not in langs or len(langs) == 1:
        return None
    counts = script_counts(first.text)
    burmese = counts.get("myanmar", 0)
    if not burmese or burmese < BURMESE_SHARE * sum(counts.values()):
        return None
    return "mya+eng" if "eng" in langs else "mya"


def _better_burmese(first: OcrResult, second: OcrResult) -> bool:
    """Keep the Burmese pass only if it read more Burmese letters than the first pass: on
    text that is not Burmese, the ``mya+eng`` pass finds fewer (measured on screens_dev)."""
    before = script_counts(first.text).get("myanmar", 0)
    return script_counts(second.text).get("myanmar", 0) > before


def ocr_image(
    image: Image.Image, languages: str, *, temp_dir: str = "", timeout: float = 120.0
) -> OcrResult:
    """OCR one page image. Raises OcrUnavailable when Tesseract/languages are missing and
    RuntimeError / pytesseract.TesseractError when Tesseract fails on this page."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    languages = usable_languages(languages)
    deadline = time.monotonic() + timeout
    if looks_like_screenshot(*image.size):
        with _tempdir(temp_dir):
            return _screenshot(image, languages, deadline)
    prepared, scale, psm = prepare(image)
    with _tempdir(temp_dir):
        result = _run(prepared, languages, psm, scale, image.size, deadline)
        if psm != 7 and (result.confidence or 0.0) < ROTATE_BELOW:
            result = _upright(prepared, languages, psm, scale, image.size, deadline, result)
        second = _second_pass_languages(result, languages)
        if second:
            other = _run(prepared, second, psm, scale, image.size, deadline)
            log.debug(
                "second OCR pass %s (conf %s) vs %s (conf %s)",
                second,
                other.confidence,
                languages,
                result.confidence,
            )
            if _better_burmese(result, other):
                result = other
    return result


def _screenshot(image: Image.Image, languages: str, deadline: float) -> OcrResult:
    """A phone screenshot: our own lines, read per script (see ocr.screens)."""

    def run(prepared: Image.Image, langs: str, psm: int) -> dict[str, list[Any]]:
        return _data(prepared, langs, psm, deadline)

    lines = ocr_lines(image, languages, run)
    words = tuple(w for line in lines for w in line.words)
    confidence = sum(w.confidence for w in words) / len(words) if words else None
    used = "+".join(dict.fromkeys(lang for ln in lines for lang in ln.languages.split("+")))
    return OcrResult(page_text(lines), confidence, words, image.width, image.height,
                     used or languages)


def _data(
    image: Image.Image, languages: str, psm: int, deadline: float, *,
    preserve_spaces: bool = True,
) -> dict[str, list[Any]]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise RuntimeError("Tesseract process timeout")
    started = time.monotonic()
    config = f"--psm {psm}" + (" -c preserve_interword_spaces=1" if preserve_spaces else "")
    try:
        data: dict[str, list[Any]] = pytesseract.image_to_data(
            image,
            lang=languages,
            config=config,
            output_type=pytesseract.Output.DICT,
            timeout=remaining,
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(f"Tesseract OCR is not installed ({INSTALL_HINT})") from exc
    log.debug(
        "tesseract %s psm %d on %dx%d: %.2fs",
        languages,
        psm,
        image.width,
        image.height,
        time.monotonic() - started,
    )
    return data


def _run(
    image: Image.Image,
    languages: str,
    psm: int,
    scale: float,
    size: tuple[int, int],
    deadline: float,
) -> OcrResult:
    data = _data(image, languages, psm, deadline, preserve_spaces=False)
    return _result(data, scale, size, languages)


def _result(
    data: dict[str, list[Any]], scale: float, size: tuple[int, int], languages: str
) -> OcrResult:
    """Words (boxes scaled back to the caller's image) and text, line by line."""
    words: list[Word] = []
    lines: dict[tuple[int, int, int, int], list[str]] = {}
    for i, raw in enumerate(data["text"]):
        text = normalize_text(str(raw)).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        key = (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(text)
        words.append(
            Word(
                text=text,
                left=round(data["left"][i] / scale),
                top=round(data["top"][i] / scale),
                width=round(data["width"][i] / scale),
                height=round(data["height"][i] / scale),
                confidence=conf,
            )
        )
    confidence = sum(w.confidence for w in words) / len(words) if words else None
    text = lines_to_text([lines[key] for key in sorted(lines)])
    return OcrResult(text, confidence, tuple(words), size[0], size[1], languages)
