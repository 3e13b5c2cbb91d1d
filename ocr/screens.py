"""OCR of phone screenshots: lines found by ourselves, stacked, read per script in few passes."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from PIL import Image, ImageOps

from archive.models import Word
from ocr.normalize import lines_to_text, normalize_text, script_counts
from ocr.screenlines import Box, clean_screen, find_lines, typical_height

log = logging.getLogger(__name__)

# Every line is scaled to this height before OCR (Tesseract reads best at a cap height of
# about 30-40 px; a line box includes ascenders, descenders and Thai/Burmese marks).
STACK_LINE_HEIGHT = 56
MAX_LINE_SCALE = 4.0
# White space around and between the stacked lines, in multiples of STACK_LINE_HEIGHT.
STACK_GAP = 0.8
# A second read with the languages of the line's script is preferred to the first read
# (its languages minus Traditional Chinese) unless its confidence is lower by more than this.
SCRIPT_BONUS = 5.0
# On a page with Chinese, lines of other scripts read below this confidence are tried in Chinese.
SECOND_OPINION_CONFIDENCE = 80.0
# Lines of a first pass below this mean confidence whose text has fewer than two letters or
# digits are icons or ticks read as letters: dropped.
JUNK_CONFIDENCE = 40.0
SHORT_LINE_CONFIDENCE = 88.0
TALL_SHORT_LINE_CONFIDENCE = 93.0
# The phone's status bar (top 4%): only its clock and battery level are text.
STATUS_BAR = 0.04

# Runs Tesseract: (image, languages, psm) -> pytesseract's image_to_data dict.
DataRunner = Callable[[Image.Image, str, int], dict[str, list[Any]]]


def looks_like_screenshot(width: int, height: int) -> bool:
    """A portrait phone screen (9:16 to 9:22, 320-1600 px wide) rather than a scanned page
    (A4 is 1:1.41) or a single line."""
    return 320 <= width <= 1600 and 1.6 <= height / width <= 2.5


@dataclass(slots=True)
class Line:
    box: Box
    text: str = ""
    confidence: float = -1.0
    words: tuple[Word, ...] = ()
    languages: str = ""


@dataclass(frozen=True, slots=True)
class Stack:
    image: Image.Image
    tops: list[int]  # where each line starts in the stacked image
    scales: list[float]


def _stack(clean: Image.Image, lines: list[Line]) -> Stack:
    """The lines of ``clean`` one under another, each scaled to STACK_LINE_HEIGHT."""
    gap = round(STACK_GAP * STACK_LINE_HEIGHT)
    crops: list[Image.Image] = []
    scales: list[float] = []
    for line in lines:
        box = line.box
        crop = clean.crop((box.left, box.top, box.right, box.bottom))
        scale = min(MAX_LINE_SCALE, STACK_LINE_HEIGHT / max(1, box.height))
        size = (max(1, round(box.width * scale)), max(1, round(box.height * scale)))
        crops.append(ImageOps.autocontrast(crop.resize(size, Image.Resampling.LANCZOS)))
        scales.append(scale)
    width = max(c.width for c in crops) + 2 * gap
    height = sum(c.height for c in crops) + gap * (len(crops) + 1)
    image = Image.new("L", (width, height), 255)
    tops: list[int] = []
    y = gap
    for crop in crops:
        image.paste(crop, (gap, y))
        tops.append(y)
        y += crop.height + gap
    return Stack(image, tops, scales)


def _read(stack: Stack, lines: list[Line], data: dict[str, list[Any]], languages: str
          ) -> list[Line]:
    """Words of a stacked run given back to their lines, boxes in the original's pixels."""
    gap = round(STACK_GAP * STACK_LINE_HEIGHT)
    found: list[list[tuple[int, Word]]] = [[] for _ in lines]
    for i, raw in enumerate(data["text"]):
        text = normalize_text(str(raw)).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        middle = data["top"][i] + data["height"][i] / 2
        index = max((k for k, top in enumerate(stack.tops) if top - gap / 2 <= middle),
                    default=0)
        box, scale, top = lines[index].box, stack.scales[index], stack.tops[index]
        word = Word(
            text=text,
            left=max(box.left, box.left + round((data["left"][i] - gap) / scale)),
            top=max(box.top, box.top + round((data["top"][i] - top) / scale)),
            width=max(1, round(data["width"][i] / scale)),
            height=max(1, min(box.height, round(data["height"][i] / scale))),
            confidence=conf,
        )
        found[index].append((data["left"][i], word))
    out = []
    for line, words in zip(lines, found, strict=True):
        words.sort(key=lambda w: w[0])
        kept = tuple(w for _, w in words)
        confidence = sum(w.confidence for w in kept) / len(kept) if kept else -1.0
        text = lines_to_text([[w.text for w in kept]])
        out.append(Line(line.box, text, confidence, kept, languages))
    return out


def _run(clean: Image.Image, lines: list[Line], languages: str, run: DataRunner) -> list[Line]:
    """Read ``lines`` stacked into one image: one Tesseract run (mode 6, a block of text)."""
    if not lines:
        return []
    stack = _stack(clean, lines)
    return _read(stack, lines, run(stack.image, languages, 6), languages)


def _mostly_latin(line: Line) -> bool:
    counts = script_counts(line.text)
    latin = counts.get("latin", 0)
    return latin >= 3 and latin >= 0.8 * sum(counts.values())


def _script(line: Line) -> str:
    counts = script_counts(line.text)
    if not counts:
        return "latin"
    return max(counts, key=lambda k: counts[k])


def _is_junk(line: Line, typical: int) -> bool:
    """Icons, ticks and avatars read as a letter or two, or as nothing. A real line of one or
    two letters ("OK", "好") is read with high confidence; taller than text (a name in a
    header, "陈总") with a very high one."""
    meaningful = sum(1 for ch in line.text if ch.isalnum())
    if meaningful == 0:
        return True
    if meaningful <= 2:
        return line.confidence < SHORT_LINE_CONFIDENCE or (
            line.box.height > 1.3 * typical and line.confidence < TALL_SHORT_LINE_CONFIDENCE
        )
    return line.confidence < JUNK_CONFIDENCE


_STATUS_WORD = re.compile(r"\d{1,2}[:.]\d{2}|\d{1,3}%")


def _status_bar(line: Line) -> Line:
    """The phone's status bar keeps its clock and battery level; its signal, Wi-Fi and
    battery icons are read as letters ("all 9") with any confidence."""
    words = [w for w in line.words if _STATUS_WORD.fullmatch(w.text)]
    if len(words) == len(line.words):
        return line
    confidence = sum(w.confidence for w in words) / len(words) if words else -1.0
    return Line(line.box, " ".join(w.text for w in words), confidence, tuple(words),
                line.languages)


_FULL_WIDTH = {",": "\uff0c", ":": "\uff1a", "?": "\uff1f", "!": "\uff01", ";": "\uff1b",
               "(": "\uff08", ")": "\uff09"}
_HAN_PUNCT = re.compile(r"(?<=[\u3400-\u9fff]) ?([,:?!;()]) ?|([,:?!;()]) ?(?=[\u3400-\u9fff])")


def _han_punctuation(text: str) -> str:
    """ASCII punctuation read next to Han characters is the full-width form Chinese uses."""
    return _HAN_PUNCT.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], text)


def _drop_junk_words(line: Line) -> Line:
    """Words at the ends of a line that hold no letter or digit and are read with low
    confidence: bubble tails and read-receipt ticks."""
    words = list(line.words)
    while words and not any(ch.isalnum() for ch in words[-1].text) and (
        words[-1].confidence < JUNK_CONFIDENCE
    ):
        words.pop()
    while words and not any(ch.isalnum() for ch in words[0].text) and (
        words[0].confidence < JUNK_CONFIDENCE
    ):
        words.pop(0)
    if len(words) == len(line.words):
        return line
    confidence = sum(w.confidence for w in words) / len(words) if words else -1.0
    text = lines_to_text([[w.text for w in words]])
    return Line(line.box, text, confidence, tuple(words), line.languages)


# A chat timestamp as OCR reads it: "10:25", "10.25", "10°25", "3:4U" (0 read as U), "10:51AM".
_TIME = re.compile(r"(\d{1,2})[:.°;,]([0-9OoUDQ]{2})(AM|PM|am|pm)?")
_TIME_SUFFIXES = {"AM", "PM", "am", "pm", "น.", "น"}
_AM_PM_MISREAD = re.compile(r"[A-Za-z][Mm]")  # "FM" for "PM": kept
_LOOKS_LIKE_ZERO = str.maketrans("OoUDQ", "00000")


def _with_words(line: Line, words: list[Word]) -> Line:
    confidence = sum(w.confidence for w in words) / len(words) if words else -1.0
    text = lines_to_text([[w.text for w in words]])
    return Line(line.box, text, confidence, tuple(words), line.languages)


def _tidy_times(line: Line) -> Line:
    """A line holding a timestamp: read-receipt ticks after it ("10:25 ✓✓" read as "10:25 ဟာ")
    go - words of at most two characters, or of three not in Latin letters or digits - and
    the timestamp itself is written as a time ("10.25" -> "10:25", "3:4U" -> "3:40")."""
    words = list(line.words)
    if (
        len(words) >= 2
        and re.fullmatch(r"\d{1,2}", words[0].text)
        and re.fullmatch(r"\d{2}", words[1].text)
        and all(w.text in _TIME_SUFFIXES or _is_tick(w.text) for w in words[2:])
    ):  # "19 35" alone on its line: a time whose colon was lost
        joined = replace(words[0], text=f"{words[0].text}:{words[1].text}",
                         width=words[1].left + words[1].width - words[0].left)
        words = [joined, *words[2:]]
    times = [i for i, w in enumerate(words) if _TIME.fullmatch(w.text)]
    if not times:
        return line
    last = times[-1]
    match = _TIME.fullmatch(words[last].text)
    assert match is not None
    fixed = f"{match[1]}:{match[2].translate(_LOOKS_LIKE_ZERO)}" + (
        f" {match[3]}" if match[3] else "")
    words[last] = replace(words[last], text=fixed)
    end = last + 1
    if end < len(words) and words[end].text in _TIME_SUFFIXES:
        end += 1
    if all(_is_tick(w.text) for w in words[end:]):
        words = words[:end]
    return _with_words(line, words)


def _is_tick(text: str) -> bool:
    if _AM_PM_MISREAD.fullmatch(text):
        return False
    return len(text) <= 2 or (len(text) == 3 and not any(ch.isascii() and ch.isalnum()
                                                         for ch in text))


def _pipe_is_i(line: Line) -> Line:
    """Tesseract reads a lone capital I between English words as "|"."""
    words = list(line.words)
    changed = False
    for i, word in enumerate(words):
        if word.text == "|" and any(
            0 <= j < len(words) and words[j].text[:1].isascii() and words[j].text[:1].isalpha()
            for j in (i - 1, i + 1)
        ):
            words[i] = replace(word, text="I")
            changed = True
    return _with_words(line, words) if changed else line


def _script_languages(script: str, langs: list[str]) -> list[str]:
    """Language strings to try, in order, for lines of one script; only from ``langs``."""
    with_eng = ["eng"] if "eng" in langs else []
    wanted = {
        "thai": [["tha", *with_eng], ["mya", *with_eng]],
        "myanmar": [["mya", *with_eng]],
        "han": [["chi_sim"], ["chi_tra"]],
        "latin": [["eng"]],
    }[script]
    options = ["+".join(c for c in combo if c in langs) for combo in wanted]
    return [o for o in dict.fromkeys(options) if o]


def _first_languages(langs: list[str]) -> str:
    """The languages of the first read, which sorts lines by script: Simplified Chinese's model
    stands for Traditional too (Han lines are read again with both). Each model loaded makes
    Tesseract slower on every word no model reads well. (Thai's cannot stand for Burmese: it
    reads Burmese lines as Thai letters with a higher confidence than Burmese's model.)"""
    stand_ins = {"chi_tra": "chi_sim"}
    return "+".join(x for x in langs if stand_ins.get(x) not in langs)


def ocr_lines(image: Image.Image, languages: str, run: DataRunner) -> list[Line]:
    """Lines of a screenshot, read with the languages of their script."""
    clean = clean_screen(image)
    boxes = find_lines(clean)
    if not boxes:
        return []
    typical = typical_height(boxes)
    langs = languages.split("+")
    first = [
        _drop_junk_words(ln)
        for ln in _run(clean, [Line(box) for box in boxes], _first_languages(langs), run)
    ]
    first = [ln for ln in first if not _is_junk(ln, typical)]
    if len(langs) == 1:
        return first
    groups: dict[str, list[int]] = {}
    for i, line in enumerate(first):
        groups.setdefault(_script(line), []).append(i)
    result = list(first)
    han_language = ""
    for script, members in groups.items():
        subset = [first[i] for i in members]
        options = _script_languages(script, langs)
        if script == "thai" and "myanmar" not in groups:
            options = options[:1]  # no Burmese on the page: Thai lines are Thai
        reads = [_run(clean, subset, option, run) for option in options]
        if not reads:
            continue
        if script == "han":  # one variant per page: Simplified or Traditional
            chosen = _han_variant(reads)
            han_language = options[reads.index(chosen)]
        else:  # Thai and Burmese look alike to a first read: the best of both, line by line
            chosen = [max(alt, key=lambda ln: ln.confidence) for alt in zip(*reads, strict=True)]
        # With both Chinese variants loaded a first read mixes them, whatever its confidence:
        # the read in the page's variant is kept.
        one_variant = script == "han" and len(reads) == 2
        for i, line in zip(members, chosen, strict=True):
            if line.text and (
                one_variant
                or line.confidence + SCRIPT_BONUS >= first[i].confidence
                or (script != "latin" and _mostly_latin(line))
            ):
                # A line the first read took for Thai or Burmese that their own models read
                # as English letters is English (a wallet address): the first read was wrong.
                result[i] = _drop_junk_words(line)
    if han_language:
        _second_opinion(clean, result, groups.get("han", []), han_language, run)
    status_bar = STATUS_BAR * image.height
    result = [_status_bar(ln) if ln.box.bottom < status_bar else _pipe_is_i(_tidy_times(ln))
              for ln in result]
    return [
        Line(ln.box, _han_punctuation(ln.text), ln.confidence, ln.words, ln.languages)
        for ln in result
        if not _is_junk(ln, typical)
    ]


def _second_opinion(clean: Image.Image, result: list[Line], han: list[int], language: str,
                    run: DataRunner) -> None:
    """On a page with Chinese, lines read with low confidence in another script may be
    Chinese the first read (without Traditional's model) took for Thai or English: they are
    read with the page's Chinese model, and kept if that reads Chinese more confidently."""
    weak = [i for i, ln in enumerate(result)
            if i not in han and 0 <= ln.confidence < SECOND_OPINION_CONFIDENCE]
    if not weak:
        return
    again = _run(clean, [result[i] for i in weak], language, run)
    for i, line in zip(weak, again, strict=True):
        if "han" in script_counts(line.text) and line.confidence > result[i].confidence:
            result[i] = _drop_junk_words(line)


@cache
def _variant_only(ch: str) -> int:
    """+1 for a Han character only Simplified writes (in GB 2312 but not in Big5), -1 for one
    only Traditional writes (in Big5 but not in GB 2312), 0 for one both share (我, 的)."""
    if not "\u3400" <= ch <= "\u9fff":
        return 0
    gb, big5 = _encodes(ch, "gb2312"), _encodes(ch, "big5")
    return int(gb and not big5) - int(big5 and not gb)


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _han_variant(reads: list[list[Line]]) -> list[Line]:
    """The chi_sim or the chi_tra read of a page's Han lines. Each model writes only its own
    variant, so its characters do not tell; the confidences do: how much more confident one
    read is than the other on all words, plus on the words holding characters only its
    variant writes (ties: Simplified). The mean confidence alone picks Traditional on some
    low-quality Simplified pages; the marked words differ by 7-30 points on screens_dev."""
    if len(reads) != 2:
        return reads[0]
    simplified, traditional = reads
    score = _mean(simplified) - _mean(traditional)
    marked_s = _mean_of(simplified, 1)
    marked_t = _mean_of(traditional, -1)
    if marked_s >= 0 and marked_t >= 0:
        score += marked_s - marked_t
    return simplified if score >= 0 else traditional


def _mean_of(lines: list[Line], variant: int) -> float:
    """Mean confidence of the words holding a character only ``variant`` writes."""
    words = [w.confidence for ln in lines for w in ln.words
             if any(_variant_only(ch) == variant for ch in w.text)]
    return sum(words) / len(words) if words else -1.0


def _mean(lines: list[Line]) -> float:
    words = [w.confidence for ln in lines for w in ln.words]
    return sum(words) / len(words) if words else -1.0


def page_text(lines: list[Line]) -> str:
    return "\n".join(ln.text for ln in lines if ln.text.strip())
