"""Damaged and hostile files (truncated, bit-flipped, spliced, zero-length, lying about their
sizes) each become an item with a reason; the import never crashes or hangs."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_sixty_mutated_corpus_files_are_all_recorded_without_a_crash_or_hang(
    corpus: Path, tesseract: str, tmp_path: Path,
) -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from fuzz_ingest import fuzz
    finally:
        sys.path.remove(str(REPO / "bench"))
    totals = fuzz(60, seed=20261129, batch=60, corpus=corpus, work=tmp_path, seed_limit=30,
                  case_seconds=60, hang=300)
    report = totals.as_dict()
    assert totals.cases == 60
    assert totals.crashes == 0, report
    assert totals.hangs == 0, report
    assert totals.recorded == 60, report
    assert totals.verify_ok, report
    assert sum(totals.reasons.values()) > 0  # damaged files do fail, each with a reason
    assert "" not in totals.reasons, report
