"""Entities link evidence: one number written three ways, names found everywhere once tagged,
merges that lose nothing, rejections that stay rejected, and protected witnesses."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive.errors import AmbiguousEntity, CasefileError, EntityNotFound
from archive.service import Archive


def ingest_texts(archive: Archive, tmp_path: Path, texts: dict[str, str], *, case: str = "A",
                 collected_at: str = "") -> dict[str, int]:
    folder = tmp_path / f"in-{case}-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = archive.ingest([folder], case=case, collected_at=collected_at)
    return {Path(o.path).name: int(o.item_id or 0) for o in report.outcomes}


def wide(text: str) -> str:
    """ASCII letters in their full-width forms (as Chinese and Japanese keyboards type them)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def custody_actions(archive: Archive) -> list[str]:
    return [str(r["action"]) for r in archive.custody_log()]


def test_one_thai_number_written_three_ways_is_one_entity(
    archive: Archive, tmp_path: Path
) -> None:
    ids = ingest_texts(archive, tmp_path, {
        "a.txt": "Recruiter's phone: 081-234-5678",
        "b.txt": "Call him on +66 81 234 5678 before Friday.",
        "c.txt": "เบอร์ติดต่อ ๐๘๑ ๒๓๔ ๕๖๗๘ ค่ะ",
    })
    # Detection ran on ingest: nothing else was called.
    phones = archive.entities(type="phone")
    assert [e.name for e in phones] == ["+66812345678"]
    mentions = archive.mentions(entity=phones[0].id)
    assert sorted(m.item_id for m in mentions) == sorted(ids.values())
    assert {m.quote for m in mentions} == {"081-234-5678", "+66 81 234 5678", "๐๘๑ ๒๓๔ ๕๖๗๘"}
    assert {(m.origin, m.state) for m in mentions} == {("detector", "suggested")}
    # Running detection again adds nothing.
    assert archive.detect().total == 0


def test_a_name_tagged_once_is_suggested_in_every_other_item(
    archive: Archive, tmp_path: Path
) -> None:
    ids = ingest_texts(archive, tmp_path, {
        "1.txt": "Zhao Wei runs the finance office.",
        "2.txt": "Witnesses say ZHAO WEI took their passports.",
        "3.txt": "Nobody named Zhao Weiss works here.",
    })
    mention = archive.tag_span(ids["1.txt"], 1, 0, 8, "Zhao Wei", type="person")
    assert (mention.state, mention.origin) == ("confirmed", "manual")
    report = archive.detect()
    assert dict(report.new) == {"person": 1}
    [suggested] = archive.mentions(entity="zhao wei", state="suggested")
    assert (suggested.item_id, suggested.quote, suggested.origin) == (
        ids["2.txt"], "ZHAO WEI", "watchlist")
    # Confirmed mentions feed entity: searches and the entity facet; suggestions do not.
    assert [h.item_id for h in archive.search('entity:"Zhao Wei"').hits] == [ids["1.txt"]]
    archive.confirm_mentions([suggested.id])
    result = archive.search('entity:"Zhao Wei"')
    assert sorted(h.item_id for h in result.hits) == [ids["1.txt"], ids["2.txt"]]
    assert result.facet("entity") == {"Zhao Wei": 2}


def test_names_in_other_scripts_are_found_inside_sentences(
    archive: Archive, tmp_path: Path
) -> None:
    archive.add_entity("KK Park", "compound", aliases=["KK园区", "เคเคปาร์ค"])
    ids = ingest_texts(archive, tmp_path, {
        "zh.txt": "他们被带到KK園區工作了三个月。",
        "th.txt": "ผมถูกพาไปทำงานที่เคเคปาร์คสามเดือน",
        "wide.txt": f"Transferred to {wide('KK PARK')} in 2023.",
    })
    found = {m.item_id: m.quote for m in archive.mentions(entity="KK Park")}
    assert found == {ids["zh.txt"]: "KK園區", ids["th.txt"]: "เคเคปาร์ค",
                     ids["wide.txt"]: wide("KK PARK")}


def test_rejected_suggestions_do_not_come_back(archive: Archive, tmp_path: Path) -> None:
    archive.add_entity("Somchai", "person")
    ids = ingest_texts(archive, tmp_path, {"a.txt": "Somchai drove the van. Somchai paid."})
    suggestions = archive.mentions(entity="Somchai", state="suggested")
    assert len(suggestions) == 2
    assert archive.reject_mentions([suggestions[0].id]) == 1
    assert archive.detect(item_ids=[ids["a.txt"]]).total == 0
    states = [m.state for m in archive.mentions(entity="Somchai")]
    assert sorted(states) == ["rejected", "suggested"]  # the same quote is remembered
    assert archive.decide_suggested("Somchai", confirm=False) == 1
    assert archive.detect().total == 0
    assert "mention-reject" in custody_actions(archive)


def test_merging_keeps_every_mention_and_is_logged(archive: Archive, tmp_path: Path) -> None:
    archive.add_entity("Zhao Wei", "person")
    archive.add_entity("赵伟", "person", aliases=["Chao Wei"])
    ingest_texts(archive, tmp_path, {"a.txt": "Zhao Wei", "b.txt": "老板是赵伟。",
                                     "c.txt": "Chao Wei and Zhao Wei"})
    before = len(archive.mentions())
    assert before == 4
    merged = archive.merge_entities("Zhao Wei", "赵伟")
    assert merged.aliases == ("Chao Wei", "赵伟")
    assert len(archive.mentions()) == before
    assert {m.entity_id for m in archive.mentions()} == {merged.id}
    with pytest.raises(EntityNotFound):
        archive.entity("nobody")
    assert archive.entity("赵伟").id == merged.id
    row = next(r for r in archive.custody_log() if r["action"] == "entity-merge")
    assert row["detail"]["mentions_moved"] == 2
    # Splitting an alias back out takes the mentions that read as it.
    chao = archive.split_alias("Zhao Wei", "Chao Wei")
    assert (chao.name, chao.type) == ("Chao Wei", "person")
    assert [m.quote for m in archive.mentions(entity=chao.id)] == ["Chao Wei"]
    assert archive.entity("Zhao Wei").aliases == ("赵伟",)
    assert len(archive.mentions()) == before
    assert archive.verify().ok


def test_rename_alias_ambiguity_and_delete(archive: Archive, tmp_path: Path) -> None:
    a = archive.add_entity("Mr Lee", "person")
    archive.add_entity("Mr Lee", "person")
    with pytest.raises(AmbiguousEntity, match="Several entities"):
        archive.entity("mr lee")
    renamed = archive.rename_entity(a.id, "Lee Sung-min")
    assert renamed.aliases == ("Mr Lee",)
    archive.alias_entity("Lee Sung-min", "이성민")
    with pytest.raises(CasefileError, match="already called"):
        archive.alias_entity("Lee Sung-min", "이성민")
    archive.alias_entity("Lee Sung-min", "Mr Lee", remove=True)
    assert archive.entity("mr lee").id != a.id
    ingest_texts(archive, tmp_path, {"a.txt": "이성민 met Lee Sung-min"})
    assert archive.delete_entity("Lee Sung-min") == 2
    assert archive.mentions() == []
    assert custody_actions(archive)[-1] == "entity-delete"


def test_a_protected_witness_has_a_stable_pseudonym_everywhere_outside(
    archive: Archive, tmp_path: Path
) -> None:
    first = archive.add_entity("Aye Aye", "person", protected=True)
    assert first.pseudonym == "W-001" and first.display_name == "W-001"
    other = archive.add_entity("Ko Min", "person")
    ids = ingest_texts(archive, tmp_path, {"t.txt": "Aye Aye saw Ko Min at the gate."})
    archive.decide_suggested("Aye Aye", confirm=True)
    archive.decide_suggested("Ko Min", confirm=True)
    protected = archive.protect_entity("Ko Min")
    assert protected.pseudonym == "W-002"
    archive.protect_entity("Ko Min", protected=False)
    assert archive.protect_entity("Ko Min").pseudonym == "W-002"  # kept, never reissued
    result = archive.search("gate")
    assert result.facet("entity") == {"W-001": 1, "W-002": 1}
    assert [h.item_id for h in archive.search('entity:"W-001"').hits] == [ids["t.txt"]]
    assert archive.search('entity:"Aye Aye"').total == 0
    assert archive.entity("W-002").id == other.id
    logged = str(archive.custody_log())
    assert "Aye Aye" not in logged and "W-001" in logged
    assert [m.entity_name for m in archive.mentions(item_id=ids["t.txt"])] == ["W-001", "W-002"]


def test_the_entity_page_groups_mentions_and_dates_them(
    archive: Archive, tmp_path: Path
) -> None:
    archive.add_entity("Zhao Wei", "person")
    ingest_texts(archive, tmp_path, {"a.txt": "Zhao Wei called 081-234-5678."},
                 case="KK Park", collected_at="2023-05-01")
    ingest_texts(archive, tmp_path, {"b.txt": "Zhao Wei (081 234 5678) and Lin."},
                 case="Shwe Kokko", collected_at="2024-02-10")
    ingest_texts(archive, tmp_path, {"c.txt": "Only Zhao Wei here."}, case="Shwe Kokko",
                 collected_at="2024-06-30")
    page = archive.entity_page("Zhao Wei")
    assert [c.case for c in page.cases] == ["KK Park", "Shwe Kokko"]
    assert [len(c.items) for c in page.cases] == [1, 2]
    shown = page.cases[1].items[0].mentions[0]
    assert shown.snippet == "[Zhao Wei] (081 234 5678) and Lin." and shown.date == "2024-02-10"
    assert [(e.name, n) for e, n in page.co_occurring] == [("+66812345678", 2)]
    assert (page.first_seen, page.last_seen) == ("2023-05-01", "2024-06-30")


def test_sources_are_graded_and_items_filtered_by_grade(archive: Archive, tmp_path: Path) -> None:
    ids = ingest_texts(archive, tmp_path, {"a.txt": "report one", "b.txt": "report two"})
    item = archive.grade_source(ids["a.txt"], source="Partner NGO", reliability="b",
                                credibility=2)
    assert (item.source_entity, item.reliability, item.credibility) == ("Partner NGO", "B", 2)
    assert archive.entity("Partner NGO").type == "source"
    archive.grade_source(ids["b.txt"], source="Partner NGO", reliability="E", credibility=5)
    assert [i.id for i in archive.items(reliability="A-C")] == [ids["a.txt"]]
    assert [i.id for i in archive.items(credibility="4-6")] == [ids["b.txt"]]
    with pytest.raises(CasefileError, match="reliability"):
        archive.grade_source(ids["a.txt"], source="x", reliability="G", credibility=1)
    assert custody_actions(archive).count("grade") == 2


def test_tags_on_items_and_cases_are_counted(archive: Archive, tmp_path: Path) -> None:
    ids = ingest_texts(archive, tmp_path, {"a.txt": "one", "b.txt": "two"}, case="KK Park")
    archive.tag_item(ids["a.txt"], "forced labour")
    archive.tag_item(ids["b.txt"], "Forced Labour")
    archive.tag_case("KK Park", "forced labour")
    archive.tag_case("KK Park", "priority")
    assert archive.case_tags("KK Park") == ("forced labour", "priority")
    counts = {t.tag.casefold(): (t.items, t.cases) for t in archive.tag_counts()}
    assert counts == {"forced labour": (2, 1), "priority": (0, 1)}
    archive.untag_case("KK Park", "priority")
    assert "case-untag" in custody_actions(archive)


def test_a_detector_bug_does_not_fail_the_import(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archive.detection as detection

    def broken(text: str) -> list[object]:
        raise RuntimeError("a detector bug")

    monkeypatch.setattr(detection, "detect", broken)
    ids = ingest_texts(archive, tmp_path, {"a.txt": "081-234-5678"})
    assert archive.item(ids["a.txt"]).status == "ok"
    assert archive.detect().failed == (ids["a.txt"],)


def test_schema_3_has_the_entity_tables(archive: Archive) -> None:
    con = sqlite3.connect(archive.storage.db_path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] >= 3
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    finally:
        con.close()
    assert {"entities", "entity_aliases", "mentions", "case_tags"} <= tables
