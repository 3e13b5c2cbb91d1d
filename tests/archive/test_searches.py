"""Saved searches, batch search with CSV, and similar items, through the Archive service."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from archive.errors import BadQuery, CasefileError
from archive.searches import batch_csv, batch_query
from archive.service import Archive

ARTICLE = (
    "Police in Myawaddy raided a compound on Tuesday and freed 260 workers from eleven "
    "countries. The workers said they had been recruited with offers of jobs in Bangkok, "
    "then driven across the Moei river at night, their passports taken on arrival. Those who "
    "missed their quota of victims were beaten or sold to other compounds. "
)


def _ingest(archive: Archive, folder: Path, name: str, text: str, case: str = "KK Park") -> int:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return archive.ingest([path], case=case).outcomes[0].item_id or 0


def test_a_saved_search_counts_the_items_that_are_new_since_its_last_run(
    archive: Archive, tmp_path: Path
) -> None:
    first = _ingest(archive, tmp_path, "a.txt", "Transfer to wallet TQ7x of 4,000 USDT")
    saved = archive.save_search("TQ7x wallet", "TQ7x OR usdt", case="KK Park")
    assert (saved.case, saved.last_run) == ("KK Park", "")
    run = archive.run_saved("TQ7x wallet")
    assert run.new_items == (first,) and run.result.total == 1
    assert archive.run_saved("tq7x wallet").new_items == ()
    second = _ingest(archive, tmp_path, "b.txt", "A second USDT payment")
    _ingest(archive, tmp_path, "c.txt", "USDT in another case", case="Shwe Kokko")
    run = archive.run_saved("TQ7x wallet")
    assert run.new_items == (second,) and run.result.total == 2
    assert [s.name for s in archive.saved_searches(case="KK Park")] == ["TQ7x wallet"]
    assert archive.saved_searches(case="Shwe Kokko") == []


def test_saved_searches_refuse_bad_queries_and_duplicate_names(archive: Archive) -> None:
    archive.save_search("dates", "date:2024")
    with pytest.raises(CasefileError, match="already a saved search"):
        archive.save_search("Dates", "passport")
    with pytest.raises(BadQuery, match="is not a date"):
        archive.save_search("broken", "date:2024-13")
    archive.delete_saved("dates")
    assert archive.saved_searches() == []
    assert [e["action"] for e in archive.custody_log()][-2:] == [
        "saved-search", "saved-search-delete"]


def test_a_batch_of_names_numbers_and_queries_gives_hits_per_line_as_csv(
    archive: Archive, tmp_path: Path
) -> None:
    a = _ingest(archive, tmp_path, "a.txt", "Zhao Wei called from 081-234-5678 about the job.")
    b = _ingest(archive, tmp_path, "b.txt", "Wei Zhao is not the same order; Zhao was there.")
    lines = ["Zhao Wei", "081-234-5678", "# a comment", "", "zhao OR nobody", "date:2024-13",
             "Nobody Known"]
    rows = archive.batch_search(lines)
    assert [r.line for r in rows] == ["Zhao Wei", "081-234-5678", "zhao OR nobody",
                                      "date:2024-13", "Nobody Known"]
    assert [(r.total, [h.item_id for h in r.hits]) for r in rows[:2]] == [(1, [a]), (1, [a])]
    assert sorted(h.item_id for h in rows[2].hits) == sorted([a, b])
    assert "is not a date" in rows[3].error and rows[4].total == 0
    table = list(csv.DictReader(io.StringIO(batch_csv(rows, lambda i: archive.item(i).title))))
    assert table[0]["line"] == "Zhao Wei" and table[0]["item_id"] == str(a)
    assert "Zhao Wei called" in table[0]["snippet"]
    assert [t["total"] for t in table if t["line"] == "Nobody Known"] == ["0"]


def test_batch_lines_are_phrases_unless_they_use_the_syntax() -> None:
    assert batch_query("  Zhao   Wei ") == '"Zhao Wei"'
    assert batch_query("kind:news wallet") == "kind:news wallet"
    assert batch_query("recruit*") == "recruit*"


def test_a_reprinted_article_is_a_near_duplicate_and_a_related_one_is_only_similar(
    archive: Archive, tmp_path: Path
) -> None:
    original = _ingest(archive, tmp_path, "reuters.txt", ARTICLE * 3)
    reprint = _ingest(archive, tmp_path, "reprint.txt",
                      "REPRINTED. " + (ARTICLE * 3).replace("Tuesday", "Wednesday"))
    related = _ingest(archive, tmp_path, "other.txt",
                      "Workers recruited for jobs in Bangkok said their passports were taken "
                      "at a compound near the Moei river; some were beaten and sold.")
    _ingest(archive, tmp_path, "unrelated.txt", "Minutes of the shelter's budget meeting.")
    found = archive.similar(original)
    assert [s.item_id for s in found][:2] == [reprint, related]
    assert found[0].near_duplicate and not found[1].near_duplicate
    assert archive.near_duplicates(original) == [reprint]


def test_saved_counts_say_what_is_new_without_marking_it_seen(
    archive: Archive, tmp_path: Path
) -> None:
    _ingest(archive, tmp_path, "a.txt", "Wallet TQ7x received 900 USDT")
    archive.save_search("never run", "usdt")
    archive.save_search("looked at", "usdt", case="KK Park", seen=True)
    counts = {c.search.name: (c.total, c.new) for c in archive.saved_counts()}
    assert counts == {"never run": (1, 1), "looked at": (1, 0)}
    _ingest(archive, tmp_path, "b.txt", "Another USDT transfer")
    counts = {c.search.name: (c.total, c.new) for c in archive.saved_counts()}
    assert counts == {"never run": (2, 2), "looked at": (2, 1)}
    assert {c.search.name: c.new for c in archive.saved_counts()}["looked at"] == 1
    assert len(archive.run_saved("looked at").new_items) == 1
    assert {c.search.name: c.new for c in archive.saved_counts()}["looked at"] == 0


def test_a_saved_search_can_be_renamed_but_not_onto_another_name(archive: Archive) -> None:
    archive.save_search("wallets", "wallet")
    archive.save_search("phones", "phone")
    with pytest.raises(CasefileError, match="already a saved search"):
        archive.rename_saved("wallets", "Phones")
    renamed = archive.rename_saved("wallets", "  TRC20   wallets ")
    assert (renamed.name, renamed.query) == ("TRC20 wallets", "wallet")
    assert archive.rename_saved("trc20 wallets", "Trc20 Wallets").name == "Trc20 Wallets"
    assert archive.custody_log()[-1]["action"] == "saved-search-rename"


def test_a_cancelled_batch_returns_the_lines_searched_before(
    archive: Archive, tmp_path: Path
) -> None:
    import threading

    _ingest(archive, tmp_path, "a.txt", "Zhao Wei called from 081-234-5678.")
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 2:
            cancel.set()

    rows = archive.batch_search(["Zhao", "081-234-5678", "nobody", "else"], progress=progress,
                                cancel=cancel)
    assert [r.line for r in rows] == ["Zhao", "081-234-5678"]


def test_the_batch_csv_file_holds_exactly_the_csv_text(archive: Archive, tmp_path: Path) -> None:
    from archive.searches import write_batch_csv

    _ingest(archive, tmp_path, "a.txt", "Zhao Wei called from 081-234-5678.")
    rows = archive.batch_search(["Zhao Wei", "nobody"])
    out = tmp_path / "hits.csv"
    write_batch_csv(out, rows, lambda i: archive.item(i).title)
    assert out.read_bytes() == batch_csv(rows, lambda i: archive.item(i).title).encode("utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
