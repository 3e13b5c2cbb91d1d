"""Multi-pattern automata for the watchlist: Hyperscan where it is installed, pyahocorasick else.

Both report every occurrence of every key (overlapping ones too) as (key number, end offset in
characters); ASCII letters match without regard to case, so ASCII text needs no lower-casing.
Hyperscan (SIMD literal matching) is several times faster on thousands of names; it is built for
x86-64 Linux and macOS only, so pyahocorasick stays as the portable fallback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any, Protocol

log = logging.getLogger(__name__)

hyperscan: Any
try:
    import hyperscan
except ImportError:  # not built for this platform
    hyperscan = None

HYPERSCAN = "hyperscan"
PYAHOCORASICK = "pyahocorasick"


class Engine(Protocol):
    name: str

    def ends(self, text: str, *, ascii: bool) -> list[tuple[int, int]]:
        """(key number, end offset) of every occurrence of every key in ``text``."""
        ...


def engines() -> tuple[str, ...]:
    """The engines this installation has, fastest first."""
    return ((HYPERSCAN,) if hyperscan is not None else ()) + (PYAHOCORASICK,)


def make_engine(keys: Sequence[str], name: str | None = None) -> Engine:
    """An automaton over ``keys`` (folded, non-empty): ``name``'s, or the fastest there is."""
    if name not in (None, HYPERSCAN, PYAHOCORASICK):
        raise ValueError(f"unknown watchlist engine {name!r}")
    if name != PYAHOCORASICK and hyperscan is not None:
        try:
            return _Hyperscan(keys)
        except hyperscan.error:
            if name == HYPERSCAN:
                raise
            log.exception("Hyperscan could not compile %d watchlist names", len(keys))
    elif name == HYPERSCAN:
        raise ValueError("Hyperscan is not installed")
    return _AhoCorasick(keys)


def _char_ends(data: bytes, byte_ends: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Byte offsets in UTF-8 ``data`` (all at character boundaries) as character offsets."""
    byte_ends.sort(key=lambda m: m[1])
    out: list[tuple[int, int]] = []
    at_byte = at_char = 0
    for k, end in byte_ends:
        at_char += len(data[at_byte:end].decode())
        at_byte = end
        out.append((k, at_char))
    return out


class _Hyperscan:
    name = HYPERSCAN

    def __init__(self, keys: Sequence[str]) -> None:
        self._db: Any = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(expressions=[k.encode() for k in keys], ids=list(range(len(keys))),
                         elements=len(keys), flags=hyperscan.HS_FLAG_CASELESS, literal=True)
        self._local = threading.local()  # scratch space is per thread

    def ends(self, text: str, *, ascii: bool) -> list[tuple[int, int]]:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        data = text.encode()
        found: list[tuple[int, int]] = []

        def on_match(k: int, _start: int, end: int, _flags: int, _context: object) -> None:
            found.append((k, end))

        self._db.scan(data, match_event_handler=on_match, scratch=scratch)
        return found if ascii or not found else _char_ends(data, found)


class _AhoCorasick:
    name = PYAHOCORASICK

    def __init__(self, keys: Sequence[str]) -> None:
        import ahocorasick

        self._automaton: Any = ahocorasick.Automaton()
        for k, key in enumerate(keys):
            self._automaton.add_word(key, k)
        self._automaton.make_automaton()

    def ends(self, text: str, *, ascii: bool) -> list[tuple[int, int]]:
        # Folded text is already lower case (and lower() would undo some case folding).
        return [(k, last + 1) for last, k in self._automaton.iter(text.lower() if ascii else text)]
