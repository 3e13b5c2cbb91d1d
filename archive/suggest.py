"""Dates that matter about an item, and events suggested from the dated sentences of its text."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from archive.datefind import find_dates, sentences
from archive.entity_models import REJECTED, Entity
from archive.event_models import PLACE_TYPES, EventSuggestion, ItemDates

if TYPE_CHECKING:
    from archive.entity_models import Mention
    from archive.event_models import Event
    from archive.models import Item, Page
    from archive.timeline import FuzzyDate

log = logging.getLogger(__name__)

_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?")
_MAIL_KEYS = ("from", "to", "subject", "message-id")


def iso_of(value: object) -> str:
    """A metadata date as ISO ("" when it is none): ISO strings as they are, PDF dates
    ("D:20240312093000+07'00'") converted."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    m = _PDF_DATE.match(value)
    if m:
        y, mo, d, hh, mm = m.groups()
        out = f"{y}-{mo or '01'}-{d or '01'}"
        return f"{out}T{hh}:{mm or '00'}" if hh else out
    if len(value) >= 4 and value[:4].isdigit():
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00")[:25])
        except ValueError:
            return value[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", value) else ""
        return value
    return ""


def item_dates_from(item: Item, metadata: dict[str, object]) -> ItemDates:
    """Which date is which, from what extraction found (e-mail headers, web page and office
    metadata, EXIF) and what the archive recorded."""
    exif = metadata.get("exif")
    captured = iso_of(exif.get("captured")) if isinstance(exif, dict) else ""
    mail = item.kind == "email" or any(metadata.get(k) for k in _MAIL_KEYS)
    date = iso_of(metadata.get("date"))
    created = iso_of(metadata.get("created")) or iso_of(metadata.get("creationDate"))
    return ItemDates(
        item_id=item.id, created=created, sent=date if mail else "",
        captured=captured,
        published=iso_of(metadata.get("published")) or ("" if mail else date),
        collected=item.collected_at, ingested=item.ingested_at)


class SuggestFeatures:
    """Mixed into Archive: needs items, pages, mentions, entities and the event features."""

    if TYPE_CHECKING:  # provided by Archive, MentionFeatures and EventFeatures

        def item(self, item_id: int) -> Item: ...

        def item_metadata(self, item_id: int) -> dict[str, object]: ...

        def pages(self, item_id: int) -> list[Page]: ...

        def mentions(self, *, entity: str | int | None = None, item_id: int | None = None,
                     state: str | None = None, limit: int | None = None) -> list[Mention]: ...

        def entity(self, name_or_id: str | int) -> Entity: ...

        def add_event(self, case: str | int, title: str, start: str | FuzzyDate, *,
                      end: str | FuzzyDate | None = None, description: str = "",
                      place: str | int | None = None) -> Event: ...

        def cite(self, event_id: int, item_id: int, *, page: int = 1,
                 start: int | None = None, end: int | None = None, quote: str = "",
                 stated: str | FuzzyDate | None = None, note: str = "") -> object: ...

        def link_event_entity(self, event_id: int, entity: str | int, role: str) -> Event: ...

        def event(self, event_id: int) -> Event: ...

    def item_dates(self, item_id: int) -> ItemDates:
        """When the item was created, sent, captured, published, collected and ingested."""
        return item_dates_from(self.item(item_id), self.item_metadata(item_id))

    def anchor_date(self, item_id: int) -> str:
        """The date relative phrasings in an item are counted from ("yesterday" in a message
        sent on ...): the date it bears, else when it was collected; "" when unknown (the
        import date says nothing about when the words were written)."""
        dates = self.item_dates(item_id)
        return dates.bears or dates.collected

    def suggest_events(self, item_id: int) -> list[EventSuggestion]:
        """Every sentence of the item that holds a date, with that date (relative phrasings
        worked out from the item's own date) and the entities mentioned in the sentence (not
        the rejected), ready to become an event."""
        anchor = self.anchor_date(item_id)
        mentions = [m for m in self.mentions(item_id=item_id) if m.state != REJECTED]
        entities: dict[int, Entity] = {}
        out: list[EventSuggestion] = []
        for page in self.pages(item_id):
            found = find_dates(page.text, anchor=anchor)
            if not found:
                continue
            for start, end in sentences(page.text):
                here = [f for f in found if start <= f.start and f.end <= end]
                if not here:
                    continue
                people = self._entities_in(mentions, page.number, start, end, entities)
                place = next((e.id for e in people if e.type in PLACE_TYPES), None)
                for f in here:
                    out.append(EventSuggestion(
                        item_id=item_id, page=page.number, start=start, end=end,
                        sentence=page.text[start:end], date=f.date, date_start=f.start,
                        date_end=f.end, relative=f.relative, entities=tuple(people),
                        place_id=place))
        return out

    def _entities_in(self, mentions: Iterable[Mention], page: int, start: int, end: int,
                     cache: dict[int, Entity]) -> list[Entity]:
        ids = list(dict.fromkeys(m.entity_id for m in mentions
                                 if m.page == page and start <= m.start and m.end <= end))
        for entity_id in ids:
            if entity_id not in cache:
                cache[entity_id] = self.entity(entity_id)
        return [cache[i] for i in ids]

    def event_from_suggestion(
        self, suggestion: EventSuggestion, case: str | int, *, title: str = "",
        roles: Sequence[tuple[int, str]] = (),
    ) -> Event:
        """Make the event a suggestion offers: its date, the sentence as its description and
        as a citation (stating the date as written), its place, and ``roles`` (entity id,
        role) for the people in it."""
        s = suggestion
        event = self.add_event(case, title or _title(s.sentence), s.date,
                               description=s.sentence, place=s.place_id)
        self.cite(event.id, s.item_id, page=s.page, start=s.start, end=s.end, stated=s.date)
        for entity_id, role in roles:
            self.link_event_entity(event.id, entity_id, role)
        return self.event(event.id)


def _title(sentence: str, width: int = 80) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"
