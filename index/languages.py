"""Which of the archive's languages an item's text is written in, told by its letters' scripts.

The OCR language string says which models read an image ("eng+tha+mya+chi_sim+chi_tra" for
every screenshot), not what the text is; the language facet and ``lang:`` use this instead.
Latin letters count as English (the archive's one Latin-script language); Chinese counts as
Traditional when enough of its characters exist only in Traditional.
"""

from __future__ import annotations

import re

from index.analysis import is_traditional_only

# Letters of each script; codes as Tesseract names the languages (so "lang:tha" still works).
_SCRIPTS = (
    ("eng", re.compile(r"[A-Za-z\u00c0-\u024f]")),
    ("tha", re.compile(r"[\u0e01-\u0e5b]")),
    ("mya", re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")),
    ("chi", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
)
# Runs of each script's letters: counting their lengths is far quicker than letter by letter.
_RUNS = tuple((code, re.compile(pattern.pattern + "+")) for code, pattern in _SCRIPTS)
_OTHER_SCRIPTS = re.compile("|".join(pattern.pattern for _, pattern in _SCRIPTS[1:]))
MIN_LETTERS = 12  # fewer letters of a script than this (a stray word, a name) do not count
MIN_SHARE = 0.05  # nor does a script under this share of the letters
TRADITIONAL_SHARE = 0.05  # Traditional-only characters above this share of the Han: Traditional

def text_languages(text: str) -> tuple[str, ...]:
    """Language codes of ``text`` (eng, tha, mya, chi_sim, chi_tra), most letters first."""
    if _OTHER_SCRIPTS.search(text) is None:  # most text: only Latin letters to count
        counts = {"eng": sum(map(len, _RUNS[0][1].findall(text)))}
    else:
        counts = {code: sum(map(len, pattern.findall(text))) for code, pattern in _RUNS}
    total = sum(counts.values())
    found = []
    for code, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        if n < MIN_LETTERS or n < MIN_SHARE * total:
            continue
        if code == "chi":
            han = _SCRIPTS[3][1].findall(text)
            traditional = sum(map(is_traditional_only, han))
            code = "chi_tra" if traditional > TRADITIONAL_SHARE * len(han) else "chi_sim"
        found.append(code)
    return tuple(found)
