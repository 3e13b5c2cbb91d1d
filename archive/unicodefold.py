"""A cheap test for text that NFKC leaves alone, so normal text skips normalisation."""

from __future__ import annotations

import unicodedata

# U+0E33 THAI SARA AM is NFKC-decomposed into NIKHAHIT + SARA AA, which the index's
# normaliser joins back: a text whose only change would be that is left alone. U+102E MYANMAR
# VOWEL SIGN II is "maybe" for NFKC only because U+1025 U+102E composes to U+1026: without
# that pair it behaves like U+102D (same class, composes with nothing), which Python's quick
# check settles without normalising the whole text.
_SARA_AM = "\u0e33"
_NIKHAHIT = "\u0e4d"
_MYANMAR_II = "\u102e"
_MYANMAR_U_II = "\u1025\u102e"


def nfkc_stable(text: str) -> bool:
    """True when NFKC changes ``text`` at most by splitting SARA AM (False may be wrong,
    never True): then NFKC + case folding of the text is its case folding alone."""
    if _NIKHAHIT in text or _MYANMAR_U_II in text:
        return False
    if _SARA_AM in text:
        text = text.replace(_SARA_AM, "")
    if _MYANMAR_II in text:
        text = text.replace(_MYANMAR_II, "\u102d")
    return unicodedata.is_normalized("NFKC", text)
