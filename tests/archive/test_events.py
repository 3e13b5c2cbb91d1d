"""A case as a story in time: events tied to the evidence that says so, sources that agree or
disagree on the date, suggestions from dated sentences, and the dates items carry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archive.errors import CasefileError
from archive.event_models import ROLES
from archive.service import Archive
from archive.timeline import APPROXIMATE, DAY, MONTH


def ingest_texts(archive: Archive, tmp_path: Path, texts: dict[str, str], *,
                 case: str = "KK Park", collected_at: str = "") -> dict[str, int]:
    folder = tmp_path / f"in-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = archive.ingest([folder], case=case, collected_at=collected_at)
    return {Path(o.path).name: int(o.item_id or 0) for o in report.outcomes}


def actions(archive: Archive) -> list[str]:
    return [str(r["action"]) for r in archive.custody_log()]


ARTICLES = {
    "bangkok-post.txt": "Police said the woman vanished on 3 January 2024 after a job interview"
                        " in Bangkok. Later 260 people were repatriated.",
    "irrawaddy.txt": "Her family says she vanished on 4 January 2024, a day after she left.",
    "ngo-report.txt": "A worker from Bangkok disappeared in January 2024.",
    "testimony.txt": "I was taken across the Moei river on 3 January 2024 near Mae Sot.",
}


@pytest.fixture
def story(archive: Archive, tmp_path: Path) -> dict[str, int]:
    return ingest_texts(archive, tmp_path, ARTICLES)


def test_two_sources_stating_the_3rd_and_the_4th_make_an_event_disputed(
    archive: Archive, story: dict[str, int]
) -> None:
    event = archive.add_event("KK Park", "Victim vanished", "January 2024")
    first = archive.cite(event.id, story["bangkok-post.txt"], quote="vanished on 3 January 2024")
    assert (first.stated and first.stated.earliest, first.quote) == (
        "2024-01-03", "vanished on 3 January 2024")
    assert not archive.event(event.id).disputed
    archive.cite(event.id, story["irrawaddy.txt"], quote="vanished on 4 January 2024")
    event = archive.event(event.id)
    assert event.disputed and event.sources == 2
    assert event.says() == {"3 January 2024": (story["bangkok-post.txt"],),
                            "4 January 2024": (story["irrawaddy.txt"],)}
    assert len(event.conflicts) == 1
    assert all(c.disputed for c in event.citations)
    assert [e.id for e in archive.timeline("KK Park", disputed=True)] == [event.id]


def test_january_and_the_3rd_of_january_corroborate_each_other(
    archive: Archive, story: dict[str, int]
) -> None:
    event = archive.add_event("KK Park", "Victim vanished", "2024-01-03")
    archive.cite(event.id, story["ngo-report.txt"], quote="disappeared in January 2024")
    archive.cite(event.id, story["bangkok-post.txt"], quote="vanished on 3 January 2024")
    event = archive.event(event.id)
    assert (event.disputed, event.sources) == (False, 2)
    assert [c.stated.precision for c in event.citations if c.stated] == [MONTH, DAY]
    assert archive.timeline("KK Park", disputed=True) == []
    assert archive.events(disputed=False) == [event]


def test_a_timeline_runs_in_time_order_with_places_roles_and_custody(
    archive: Archive, story: dict[str, int]
) -> None:
    mae_sot = archive.add_entity("Mae Sot", "location")
    aye = archive.add_entity("Aye Aye", "person", protected=True)
    zhao = archive.add_entity("Zhao Wei", "person")
    crossing = archive.add_event("KK Park", "Aye Aye taken across the Moei river",
                                 "3 January 2024", place="Mae Sot")
    held = archive.add_event("KK Park", "Held at KK Park", "January 2024", end="June 2024",
                             description="Five months in the compound.")
    recruited = archive.add_event("KK Park", "Recruited in Bangkok", "late 2023")
    assert [e.id for e in archive.timeline("KK Park")] == [recruited.id, held.id, crossing.id]
    assert (crossing.place_id, crossing.place) == (mae_sot.id, "Mae Sot")
    assert held.end is not None and held.end.latest == "2024-06-30"
    assert recruited.start.precision == APPROXIMATE

    archive.link_event_entity(crossing.id, "Aye Aye", "victim")
    crossing = archive.link_event_entity(crossing.id, zhao.id, "recruiter")
    assert [(p.name, p.role) for p in crossing.entities] == [
        (aye.pseudonym, "victim"), ("Zhao Wei", "recruiter")]  # never the protected real name
    assert [e.id for e in archive.timeline("KK Park", entity="Zhao Wei")] == [crossing.id]
    assert [e.id for e in archive.timeline("KK Park", entity="Mae Sot")] == [crossing.id]
    with pytest.raises(CasefileError, match="already linked"):
        archive.link_event_entity(crossing.id, zhao.id, "recruiter")
    with pytest.raises(CasefileError, match="Unknown role"):
        archive.link_event_entity(crossing.id, zhao.id, "boss")
    assert "official" in ROLES

    cite = archive.cite(crossing.id, story["testimony.txt"], quote="on 3 January 2024")
    archive.edit_citation(cite.id, note="Testimony W-001, page 1")
    archive.edit_event(held.id, title="Aye Aye held at KK Park for five months", end="2024-05")
    archive.unlink_event_entity(crossing.id, zhao.id)
    archive.uncite(cite.id)
    gone = archive.delete_event(recruited.id)
    assert gone.title == "Recruited in Bangkok"
    log = archive.custody_log()
    wanted = ["event-add", "event-add", "event-add", "event-link", "event-link",
              "citation-add", "citation-edit", "event-edit", "event-unlink", "citation-delete",
              "event-delete"]
    assert [a for a in actions(archive) if a.startswith(("event", "citation"))] == wanted
    edit = next(r for r in log if r["action"] == "event-edit")
    assert edit["detail"]["from"]["end"]["latest"] == "2024-06-30"  # type: ignore[index]
    assert edit["detail"]["to"]["end"]["latest"] == "2024-05-31"  # type: ignore[index]
    assert "Aye Aye" not in str(log) and f"{aye.pseudonym} held at KK Park" in str(log)
    assert archive.verify().ok
    with pytest.raises(CasefileError, match="no event"):
        archive.event(recruited.id)


def test_bad_input_is_refused_with_a_sentence(archive: Archive, story: dict[str, int]) -> None:
    archive.add_entity("Zhao Wei", "person")
    event = archive.add_event("KK Park", "Vanished", "2024-01-03")
    item = story["irrawaddy.txt"]
    cases = [
        (lambda: archive.add_event("KK Park", "  ", "2024"), "needs a title"),
        (lambda: archive.add_event("KK Park", "x", "soon"), "not a date"),
        (lambda: archive.add_event("Nowhere", "x", "2024"), "no case"),
        (lambda: archive.add_event("KK Park", "x", "2024-03", end="2024-01"), "ends"),
        (lambda: archive.add_event("KK Park", "x", "2024", place="Zhao Wei"), "not a place"),
        (lambda: archive.add_event("KK Park", "x", "2024", place="Atlantis"), "no place"),
        (lambda: archive.cite(event.id, item, quote="words nobody wrote"), "does not contain"),
        (lambda: archive.cite(event.id, item, start=5, end=5000), "are not on page"),
        (lambda: archive.cite(event.id, 999), "no item"),
        (lambda: archive.cite(999, item), "no event"),
        (lambda: archive.cite(event.id, item, stated="the day after"), "not a date"),
        (lambda: archive.uncite(42), "no citation"),
    ]
    for call, message in cases:
        with pytest.raises(CasefileError, match=message):
            call()
    assert archive.event(event.id).citations == ()


def test_a_citation_states_what_the_user_says_or_the_date_in_its_quote(
    archive: Archive, tmp_path: Path
) -> None:
    ids = ingest_texts(archive, tmp_path, {
        "chat.txt": "Agent: the car leaves tomorrow.\nMe: yesterday they took my passport.",
    }, collected_at="2024-03-14")
    event = archive.add_event("KK Park", "Passport taken", "March 2024")
    relative = archive.cite(event.id, ids["chat.txt"], quote="yesterday they took my passport")
    assert relative.stated is not None
    assert (relative.stated.text, relative.stated.earliest) == ("yesterday", "2024-03-13")
    given = archive.cite(event.id, ids["chat.txt"], page=1, start=0, end=31,
                         stated="2024-03-15")
    assert (given.quote, given.stated and given.stated.precision) == (
        "Agent: the car leaves tomorrow.", DAY)
    whole = archive.cite(event.id, ids["chat.txt"])
    assert (whole.start, whole.end, whole.quote, whole.stated) == (None, None, "", None)
    assert archive.event(event.id).disputed  # the 13th and the 15th
    fixed = archive.edit_citation(given.id, stated="")
    assert fixed.stated is None and not archive.event(event.id).disputed


def test_thai_testimony_suggests_an_event_with_its_date_and_people(
    archive: Archive, tmp_path: Path
) -> None:
    archive.add_entity("แม่สอด", "location", aliases=["Mae Sot"])
    archive.add_entity("พี่ต้น", "person")
    ids = ingest_texts(archive, tmp_path, {
        "testimony-th.txt": "ฉันเดินทางจากกรุงเทพฯ\nพี่ต้นพาฉันข้ามแม่น้ำเมยที่แม่สอดเมื่อวันที่"
                            " 12 มีนาคม 2567\nหลังจากนั้นฉันถูกขังอยู่ห้าเดือน",
    })
    item = ids["testimony-th.txt"]
    [suggestion] = archive.suggest_events(item)
    assert suggestion.date.earliest == "2024-03-12"
    assert suggestion.sentence.startswith("พี่ต้นพาฉันข้ามแม่น้ำเมย")
    text = archive.page_text(item, suggestion.page)
    assert text[suggestion.date_start:suggestion.date_end] == "12 มีนาคม 2567"
    assert {e.name for e in suggestion.entities} == {"แม่สอด", "พี่ต้น"}
    place = archive.entity("แม่สอด")
    assert suggestion.place_id == place.id

    person = archive.entity("พี่ต้น")
    event = archive.event_from_suggestion(suggestion, "KK Park",
                                          roles=[(person.id, "recruiter")])
    assert (event.start.earliest, event.place, event.sources) == ("2024-03-12", "แม่สอด", 1)
    assert event.citations[0].quote == suggestion.sentence
    assert event.citations[0].stated == suggestion.date
    assert [(p.name, p.role) for p in event.entities] == [("พี่ต้น", "recruiter")]


def test_relative_dates_in_a_message_are_suggested_from_its_date(
    archive: Archive, tmp_path: Path
) -> None:
    ids = ingest_texts(archive, tmp_path, {
        "sms.txt": "They moved us to another compound last Tuesday. Nobody paid us.",
    }, collected_at="2024-03-14")
    [s] = archive.suggest_events(ids["sms.txt"])
    assert (s.date.text, s.date.earliest, s.relative) == ("last Tuesday", "2024-03-12", True)
    assert s.sentence == "They moved us to another compound last Tuesday."


def test_merging_entities_keeps_their_roles_and_places_in_events(
    archive: Archive, story: dict[str, int]
) -> None:
    archive.add_entity("Mae Sot", "location")
    archive.add_entity("Maesot", "location")
    archive.add_entity("Zhao Wei", "person")
    archive.add_entity("Z. Wei", "person")
    event = archive.add_event("KK Park", "Crossing", "2024-01-03", place="Maesot")
    archive.link_event_entity(event.id, "Z. Wei", "recruiter")
    archive.link_event_entity(event.id, "Zhao Wei", "recruiter")
    archive.merge_entities("Mae Sot", "Maesot")
    kept = archive.merge_entities("Zhao Wei", "Z. Wei")
    event = archive.event(event.id)
    assert event.place == "Mae Sot"
    assert [(p.entity_id, p.role) for p in event.entities] == [(kept.id, "recruiter")]


def test_citations_of_a_case_are_listed_for_export(
    archive: Archive, story: dict[str, int]
) -> None:
    a = archive.add_event("KK Park", "Vanished", "January 2024")
    b = archive.add_event("KK Park", "Crossing", "2024-01-03")
    archive.add_case("Another case")
    archive.add_event("Another case", "Elsewhere", "2020")
    archive.cite(a.id, story["bangkok-post.txt"], quote="vanished on 3 January 2024")
    archive.cite(a.id, story["irrawaddy.txt"], quote="vanished on 4 January 2024")
    archive.cite(b.id, story["testimony.txt"], quote="3 January 2024")
    listed = archive.citations(case="KK Park")
    assert [(c.event_id, c.disputed) for c in listed] == [(a.id, True), (a.id, True),
                                                          (b.id, False)]
    # Asked per item, a citation still knows the other sources of its event disagree.
    [one] = archive.citations(item_id=story["irrawaddy.txt"])
    assert one.disputed and one.item_title
    assert [e.title for e in archive.events("KK Park")] == ["Vanished", "Crossing"]
    assert len(archive.events()) == 3


def test_item_dates_from_email_office_and_archive_records(
    archive: Archive, corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("testThunderbirdEml.eml", "hello world word.docx"):
        shutil.copy(corpus / "fixtures_ingest_file" / name, folder / name)
    report = archive.ingest([folder], case="Dates", collected_at="2024-06-02")
    ids = {Path(o.path).name: int(o.item_id or 0) for o in report.outcomes if o.parent_id is None}
    mail = archive.item_dates(ids["testThunderbirdEml.eml"])
    meta = archive.item_metadata(ids["testThunderbirdEml.eml"])
    assert mail.sent and mail.sent == meta["date"] and mail.bears == mail.sent
    assert (mail.published, mail.collected) == ("", "2024-06-02")
    doc = archive.item_dates(ids["hello world word.docx"])
    assert doc.created.startswith("2015-09-07") and doc.sent == ""
    assert doc.ingested.startswith(archive.item(ids["hello world word.docx"]).ingested_at[:4])
    # Search filters by each of them and sorts by the one asked for.
    assert [h.item_id for h in archive.search(f"sent:{mail.sent[:7]}").hits] == [
        ids["testThunderbirdEml.eml"]]
    assert [h.item_id for h in archive.search("created:2015-09").hits] == [
        ids["hello world word.docx"]]
    everything = f"collected:{mail.collected}"
    by_sent = archive.search(everything, sort="newest", sort_by="sent", limit=50)
    assert by_sent.hits[0].item_id == ids["testThunderbirdEml.eml"]
    assert by_sent.hits[0].date == mail.sent[:10]
    by_created = archive.search(everything, sort="oldest", sort_by="created", limit=50)
    assert by_created.hits[0].item_id == ids["hello world word.docx"]


def test_the_schema_4_migration_keeps_an_older_archives_cases(tmp_path: Path) -> None:
    from archive.db import MIGRATIONS, Database, _split_sql

    path = tmp_path / "old.db"
    db = Database(path)
    with db.transaction() as con:  # an archive written by Casefile at schema 3
        for n, script in enumerate(MIGRATIONS[:3], start=1):
            for stmt in _split_sql(script):
                con.execute(stmt)
            con.execute(f"PRAGMA user_version = {n}")
        con.execute("INSERT INTO cases(title, created) VALUES ('Old case', '2024-01-01')")
    db.migrate()
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 4
    db.execute("INSERT INTO events(case_id, title, start_earliest, start_latest,"
               " start_precision, created) VALUES (1, 'e', '2024-01-01', '2024-01-31',"
               " 'month', 'now')")
    row = db.execute("SELECT c.title, e.start_precision FROM events e JOIN cases c"
                     " ON c.id = e.case_id").fetchone()
    assert tuple(row) == ("Old case", "month")
    db.close()
