"""A case shared by the export tests: a testimony naming a protected witness, a chat
screenshot, a court judgment (PDF), entities, mentions, tags, an event with two citations."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.service import Archive
from main import open_archive

CASE = "Shwe Kokko recruitment"
TESTIMONY = ("Testimony of Aye Aye Thant, taken in Mae Sot on 2 June 2024.\n"
             "On 9 October 2025 Agent Tony met me at the Shwe Kokko bus station. "
             "Aye Aye Thant (အေးအေးသန့်) was then taken across the river.")


@pytest.fixture(scope="module")
def case_archive(tmp_path_factory: pytest.TempPathFactory, tesseract: str, corpus: Path
           ) -> Iterator[Archive]:
    files = tmp_path_factory.mktemp("evidence")
    (files / "testimony-aye-aye.txt").write_text(TESTIMONY, encoding="utf-8")
    shutil.copy(corpus / "screens_dev" / "d000_en_light.png", files / "chat.png")
    shutil.copy(corpus / "fixtures_ingest_file" / "106972554.pdf", files / "judgment.pdf")
    archive = open_archive(tmp_path_factory.mktemp("source") / "archive")
    archive.add_case(CASE, "Recruitment through a fake job advert.")
    archive.ingest([files], case=CASE, collected_by="N. Chai", collected_at="2024-06-02",
                   languages="eng")
    ids = {i.filename: i.id for i in archive.items()}
    text = archive.page_text(ids["testimony-aye-aye.txt"], 1)
    start = text.index("Aye Aye Thant")
    archive.tag_span(ids["testimony-aye-aye.txt"], 1, start, start + 13, "Aye Aye Thant",
                     type="person")
    archive.add_entity("Agent Tony", "person", aliases=["Tony"])
    archive.detect(case=CASE)
    archive.decide_suggested("Agent Tony", confirm=True)
    archive.protect_entity("Aye Aye Thant")
    archive.alias_entity("Aye Aye Thant", "အေးအေးသန့်")
    archive.tag_item(ids["chat.png"], "court exhibit")
    archive.tag_case(CASE, "priority")
    event = archive.add_event(CASE, "Meeting at the bus station", "2025-10-09")
    archive.link_event_entity(event.id, "Agent Tony", "recruiter")
    archive.link_event_entity(event.id, "Aye Aye Thant", "victim")
    archive.cite(event.id, ids["testimony-aye-aye.txt"],
                 quote="On 9 October 2025 Agent Tony met me")
    archive.cite(event.id, ids["chat.png"], quote="Shwe Kokko", stated="9 October 2025")
    yield archive
    archive.close()


@pytest.fixture(autouse=True)
def custody_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change written without its custody row fails the test that made it."""
    monkeypatch.setenv("CASEFILE_STRICT_CUSTODY", "1")
