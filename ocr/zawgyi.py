"""Zawgyi, the legacy Burmese font encoding: detection and conversion to Unicode Burmese.

Zawgyi puts visual glyph forms on Burmese code points (and on U+1060-U+1097) and stores text in
visual order (the vowel E and medial RA before their consonant). Much Burmese chat and web text
is still typed in it; search and the Unicode OCR models need Unicode. The rules follow the
widely used Rabbit converter's zg2uni rules (MIT), main cases only.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

_KINZI = "\ue000"  # placeholder: kinzi (NGA + ASAT + VIRAMA) written after its consonant

_MAP: dict[int, str] = {
    0x103A: "\u103b", 0x103B: "\u103c", 0x103C: "\u103d", 0x103D: "\u103e", 0x1039: "\u103a",
    0x107D: "\u103b", 0x1087: "\u103e", 0x1033: "\u102f", 0x1034: "\u1030", 0x1094: "\u1037",
    0x1095: "\u1037", 0x108F: "\u1014", 0x1090: "\u101b", 0x1086: "\u103f", 0x106A: "\u1009",
    0x106B: "\u100a", 0x105A: "\u102b\u103a",
    0x1060: "\u1039\u1000", 0x1061: "\u1039\u1001", 0x1062: "\u1039\u1002",
    0x1063: "\u1039\u1003", 0x1065: "\u1039\u1005", 0x1066: "\u1039\u1006",
    0x1067: "\u1039\u1006", 0x1068: "\u1039\u1007", 0x1069: "\u1039\u1008",
    0x106C: "\u1039\u100b", 0x106D: "\u1039\u100c", 0x106E: "\u100d\u1039\u100d",
    0x106F: "\u100d\u1039\u100e", 0x1070: "\u1039\u100f", 0x1071: "\u1039\u1010",
    0x1072: "\u1039\u1010", 0x1073: "\u1039\u1011", 0x1074: "\u1039\u1011",
    0x1075: "\u1039\u1012", 0x1076: "\u1039\u1013", 0x1077: "\u1039\u1014",
    0x1078: "\u1039\u1015", 0x1079: "\u1039\u1016", 0x107A: "\u1039\u1017",
    0x107B: "\u1039\u1018", 0x1093: "\u1039\u1018", 0x107C: "\u1039\u1019",
    0x1085: "\u1039\u101c", 0x1088: "\u103e\u102f", 0x1089: "\u103e\u1030",
    0x108A: "\u103d\u103e", 0x1091: "\u100f\u1039\u100d", 0x1092: "\u100b\u1039\u100c",
    0x1096: "\u1039\u1010\u103d", 0x1097: "\u100b\u1039\u100b",
    0x1064: _KINZI, 0x108B: _KINZI + "\u102d", 0x108C: _KINZI + "\u102e",
    0x108D: _KINZI + "\u1036",
    **{cp: "\u103c" for cp in range(0x107E, 0x1085)},
}

_C = "[\u1000-\u102a\u103f\u104e]"  # consonants and independent vowels
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(\u1031?)(\u103c?)({_C}){_KINZI}"), "\u1004\u103a\u1039\\1\\2\\3"),
    (re.compile(rf"\u1031(\u103c?)({_C})"), "\\2\\1\u1031"),
    (re.compile(rf"\u103c({_C})"), "\\1\u103c"),
    (re.compile("\u1031((?:\u1039[\u1000-\u1021])|[\u103b-\u103e]+)"), "\\1\u1031"),
    (re.compile("\u1031((?:\u1039[\u1000-\u1021])|[\u103b-\u103e]+)"), "\\1\u1031"),
    (re.compile("([\u103b-\u103e]{2,})"), lambda m: "".join(sorted(m.group(1)))),  # type: ignore[list-item]
    (re.compile("\u103a\u1037"), "\u1037\u103a"),
    (re.compile("\u1036\u102f"), "\u102f\u1036"),
    (re.compile("\u1025(?=[\u102e\u103a])"), "\u1026"),
    (re.compile("\u1026\u103a"), "\u1009\u103a"),
    (re.compile("\u1026\u102e"), "\u1026"),
    (re.compile("(?<=[\u1000-\u103f])\u1040|\u1040(?=[\u102b-\u103e])"), "\u101d"),
]

# Signs of Zawgyi: its private glyph code points; a vowel E or medial RA (Zawgyi 103B) at the
# start of a word (Unicode stores them after the consonant); Zawgyi ASAT (1039) not followed by
# a consonant (Unicode's 1039 is a virama, always followed by one).
_ZAWGYI_SIGNS = re.compile(
    "[\u105a\u1060-\u1097]|(?:^|[\\s\u104a\u104b])[\u1031\u103b]|\u1039(?![\u1000-\u1021])"
)
# Signs of Unicode: ASAT + VIRAMA of kinzi, medials after a consonant in Unicode order, ASAT
# (Unicode 103A) followed by a stacked consonant, E after a medial.
_UNICODE_SIGNS = re.compile(
    "\u1004\u103a\u1039|[\u1000-\u1021]\u103c|[\u103b-\u103e]\u1031|[\u1000-\u1021]\u1031"
)


def looks_like_zawgyi(text: str) -> bool:
    """True when the Burmese in ``text`` is more likely Zawgyi- than Unicode-encoded."""
    if not any("\u1000" <= ch <= "\u109f" for ch in text):
        return False
    zawgyi = len(_ZAWGYI_SIGNS.findall(text))
    return zawgyi > len(_UNICODE_SIGNS.findall(text))


def zawgyi_to_unicode(text: str) -> str:
    """Zawgyi-encoded Burmese as Unicode Burmese (other characters are left alone)."""
    out = text.translate(_MAP)
    for pattern, replacement in _RULES:
        out = pattern.sub(replacement, out)
    return out


def fix_zawgyi(text: str) -> str:
    """Each line that looks like Zawgyi converted to Unicode; other lines unchanged."""
    if not any("\u1000" <= ch <= "\u109f" for ch in text):
        return text
    lines = text.split("\n")
    fixed = [zawgyi_to_unicode(line) if looks_like_zawgyi(line) else line for line in lines]
    if fixed != lines:
        changed = sum(a != b for a, b in zip(lines, fixed, strict=True))
        log.debug("converted %d Zawgyi lines", changed)
    return "\n".join(fixed)
