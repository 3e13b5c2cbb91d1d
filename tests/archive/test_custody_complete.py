"""Every action that adds, changes, links, merges, tags or deletes anything leaves a custody row
with the hashes of what it changed, and the chain holds after all of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archive import changes, custody
from archive.service import Archive

TEXT = ("Testimony of Mya Mya, Mae Sot, 3 March 2024. The broker Ko Zaw called me from "
        "+66 81 234 5678 and took me to KK Park.")


@pytest.fixture(autouse=True)
def strict_custody(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEFILE_STRICT_CUSTODY", "1")


def _operations(archive: Archive, files: Path, out: Path) -> list[tuple[str, Callable[[], object]]]:
    """The archive's mutating operations, in an order where each has what it needs."""
    (files / "mya.txt").write_text(TEXT, encoding="utf-8")
    st: dict[str, int] = {}

    def item() -> int:
        return archive.items()[0].id

    def ingest() -> None:
        archive.ingest([files / "mya.txt"], case="KK Park", languages="eng")

    def add_event() -> None:
        st["event"] = archive.add_event("KK Park", "Taken across the river", "2024-03-03").id

    def cite() -> None:
        st["citation"] = archive.cite(st["event"], item(), quote="KK Park").id

    def tag_span() -> None:
        start = TEXT.index("Mya Mya")
        st["mention"] = archive.tag_span(item(), 1, start, start + 7, "Mya Mya",
                                         type="person").id

    return [
        ("setting", lambda: archive.set_setting("investigator", "N. Chai")),
        ("case-create", lambda: archive.add_case("KK Park", "Recruitment")),
        ("ingest", ingest),
        ("tag", lambda: archive.tag_item(item(), "testimony")),
        ("untag", lambda: archive.untag_item(item(), "testimony")),
        ("case-tag", lambda: archive.tag_case("KK Park", "2024")),
        ("case-untag", lambda: archive.untag_case("KK Park", "2024")),
        ("entity-add", lambda: archive.add_entity("Ko Zaw", "person")),
        ("entity-alias", lambda: archive.alias_entity("Ko Zaw", "Zaw")),
        ("entity-rename", lambda: archive.rename_entity("Ko Zaw", "Ko Zaw Min")),
        ("entity-notes", lambda: archive.set_entity_notes("Ko Zaw Min", "the broker")),
        ("entity-add", lambda: archive.add_entity("Broker Zaw", "person")),
        ("entity-merge", lambda: archive.merge_entities("Ko Zaw Min", "Broker Zaw")),
        ("entity-split", lambda: archive.split_alias("Ko Zaw Min", "Zaw")),
        ("entity-delete", lambda: archive.delete_entity("Zaw")),
        ("mention-add", tag_span),
        ("entity-protect", lambda: archive.protect_entity("Mya Mya")),
        ("detect", lambda: archive.detect(case="KK Park")),
        ("mention-reject", lambda: archive.reject_mentions(
            [m.id for m in archive.mentions(state="suggested")][:1])),
        ("grade", lambda: archive.grade_source(item(), source="Mya Mya", reliability="B",
                                               credibility=2)),
        ("event-add", add_event),
        ("event-edit", lambda: archive.edit_event(st["event"], description="by boat")),
        ("event-link", lambda: archive.link_event_entity(st["event"], "Ko Zaw Min", "recruiter")),
        ("event-unlink", lambda: archive.unlink_event_entity(st["event"], "Ko Zaw Min",
                                                             "recruiter")),
        ("citation-add", cite),
        ("citation-edit", lambda: archive.edit_citation(st["citation"], note="her words")),
        ("citation-delete", lambda: archive.uncite(st["citation"])),
        ("event-delete", lambda: archive.delete_event(st["event"])),
        ("saved-search", lambda: archive.save_search("park", "KK Park")),
        ("saved-search-rename", lambda: archive.rename_saved("park", "the park")),
        ("saved-search-delete", lambda: archive.delete_saved("the park")),
        ("export", lambda: archive.export("csv", "KK Park", out)),
        ("verify", archive.verify),
    ]


def test_every_mutating_operation_writes_a_custody_row_with_hashes(
    archive: Archive, tmp_path: Path,
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    for action, run in _operations(archive, files, tmp_path / "out"):
        last = archive.custody_log()[-1]["id"] if archive.custody_log() else 0
        run()
        new = [r for r in archive.custody_log() if int(r["id"]) > int(last)]  # type: ignore
        actions = [r["action"] for r in new]
        assert action in actions, f"{action}: no custody row (got {actions})"
        row = next(r for r in new if r["action"] == action)
        detail = row["detail"]
        assert isinstance(detail, dict)
        if action in ("export", "verify"):  # they change no rows; export logs its files
            assert action != "export" or detail.get("files"), detail
            continue
        rows = detail["rows"]
        assert rows["before"] or rows["after"], f"{action}: no hashes in {detail}"
        assert rows["changed"], f"{action}: no tables named"
        count, problems = custody.check_chain(archive.db.con)
        assert problems == [] and count >= len(new)


def test_the_after_hash_is_the_hash_of_the_row_as_written(archive: Archive) -> None:
    archive.add_case("KK Park")
    row = archive.db.execute("SELECT * FROM cases WHERE title = 'KK Park'").fetchone()
    logged = archive.custody_log()[-1]["detail"]["rows"]  # type: ignore[index]
    expected = changes.digest([["cases", dict(zip(row.keys(), tuple(row), strict=True))]])
    assert logged["after"] == expected and logged["before"] is None


def test_a_tag_removed_logs_the_row_it_removed_as_before(archive: Archive, tmp_path: Path
                                                        ) -> None:
    (tmp_path / "a.txt").write_text("a note about KK Park", encoding="utf-8")
    archive.ingest([tmp_path / "a.txt"], case="KK Park")
    item_id = archive.items()[0].id
    archive.tag_item(item_id, "broker")
    added = archive.custody_log()[-1]["detail"]["rows"]  # type: ignore[index]
    archive.untag_item(item_id, "broker")
    removed = archive.custody_log()[-1]["detail"]["rows"]  # type: ignore[index]
    assert removed["before"] == added["after"] and removed["after"] is None


def test_a_change_without_a_custody_call_is_still_logged(
    archive: Archive, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CASEFILE_STRICT_CUSTODY", "0")
    with archive.db.transaction() as con:
        con.execute("UPDATE cases SET summary = 'x'")  # no case yet: nothing changes
        con.execute("INSERT INTO cases(title, created) VALUES ('Hidden', 'now')")
    last = archive.custody_log()[-1]
    assert last["action"] == "change"
    detail = last["detail"]
    assert isinstance(detail, dict) and detail["tables"] == ["cases"]
    assert detail["rows"]["after"] and detail["rows"]["before"] is None
    assert custody.check_chain(archive.db.con)[1] == []
