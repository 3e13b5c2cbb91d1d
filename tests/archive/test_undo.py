"""Undoing a tagged name or a deleted event puts back the very rows that were there: same ids,
same values; the custody log keeps the removal and the restoration as rows of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import CasefileError
from archive.service import Archive

TEXT = "Ko Zaw met us at the bus station in Mae Sot on 3 March 2024."
TABLES = ("entities", "entity_aliases", "mentions", "events", "event_entities", "citations")


def snapshot(archive: Archive) -> dict[str, list[tuple[object, ...]]]:
    return {t: [tuple(r) for r in archive.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
            for t in TABLES}


@pytest.fixture
def item(archive: Archive, tmp_path: Path) -> int:
    (tmp_path / "w001.txt").write_text(TEXT, encoding="utf-8")
    archive.ingest([tmp_path / "w001.txt"], case="KK Park")
    return archive.items()[0].id


def test_a_name_tagged_as_a_new_entity_is_removed_with_it_and_put_back(
    archive: Archive, item: int,
) -> None:
    before = snapshot(archive)
    mention = archive.tag_span(item, 1, 0, 6, "Ko Zaw", type="person")
    tagged = snapshot(archive)
    removed = archive.remove_mention(mention.id, drop_unused_entity=True)
    assert snapshot(archive) == before
    assert archive.search('entity:"Ko Zaw"').total == 0
    archive.restore(removed)
    assert snapshot(archive) == tagged
    assert archive.search('entity:"Ko Zaw"').total == 1
    actions = [r["action"] for r in archive.custody_log(item)]
    assert actions[-3:] == ["mention-add", "mention-remove", "mention-restore"]
    assert archive.verify().ok


def test_removing_a_mention_keeps_an_entity_that_is_named_elsewhere(
    archive: Archive, item: int,
) -> None:
    archive.add_entity("Mae Sot", "location")
    start = TEXT.index("Mae Sot")
    mention = archive.tag_span(item, 1, start, start + 7, "Mae Sot")
    archive.add_event("KK Park", "Met at the bus station", "2024-03-03", place="Mae Sot")
    archive.remove_mention(mention.id, drop_unused_entity=True)
    assert archive.entity("Mae Sot").name == "Mae Sot"
    assert archive.mentions(item_id=item) == []


def test_a_deleted_event_comes_back_with_its_people_and_sources(
    archive: Archive, item: int,
) -> None:
    archive.add_entity("Ko Zaw", "person")
    event = archive.add_event("KK Park", "Met at the bus station", "2024-03-03")
    archive.link_event_entity(event.id, "Ko Zaw", "recruiter")
    archive.cite(event.id, item, quote="bus station", stated="3 March 2024")
    before = snapshot(archive)
    rows = archive.event_rows(event.id)
    archive.delete_event(event.id)
    assert archive.events() == []
    archive.restore(rows)
    assert snapshot(archive) == before
    assert archive.event(event.id).citations[0].quote == "bus station"
    assert [r["action"] for r in archive.custody_log()][-2:] == ["event-delete",
                                                                  "event-restore"]
    assert archive.verify().ok


def test_rows_cannot_be_put_back_when_what_they_refer_to_is_gone(
    archive: Archive, item: int,
) -> None:
    event = archive.add_event("KK Park", "Met at the bus station", "2024-03-03")
    citation = archive.cite(event.id, item, quote="bus station")
    rows = archive.citation_rows(citation.id)
    archive.delete_event(event.id)
    with pytest.raises(CasefileError, match="cannot be put back"):
        archive.restore(rows)
