"""Frozen values of timelines: events, their people and places, citations, suggestions, and an
item's dates."""

from __future__ import annotations

from dataclasses import dataclass

from archive.entity_models import Entity
from archive.timeline import FuzzyDate

# What a person (or organisation) did in an event.
VICTIM, RECRUITER, PERPETRATOR, WITNESS, OFFICIAL, OTHER_ROLE = (
    "victim", "recruiter", "perpetrator", "witness", "official", "other")
ROLES = (VICTIM, RECRUITER, PERPETRATOR, WITNESS, OFFICIAL, OTHER_ROLE)

# Entity types that can be an event's place.
PLACE_TYPES = ("location", "compound")


@dataclass(frozen=True, slots=True)
class EventEntity:
    """An entity linked to an event, in a role."""

    entity_id: int
    type: str
    name: str  # the display name: the pseudonym of a protected entity, never its real name
    role: str  # one of ROLES
    protected: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    """Where the evidence says an event happened: an item, a page, a character span and its
    quote, and the date *as that source states it* (None when it states none)."""

    id: int
    event_id: int
    item_id: int
    page: int  # 1-based
    start: int | None  # character span on the page, or None when the whole item is cited
    end: int | None
    quote: str
    stated: FuzzyDate | None
    note: str
    created: str  # ISO 8601 UTC
    item_title: str = ""
    disputed: bool = False  # its stated date cannot be true together with another citation's


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening of a case, tied to the evidence that says so.

    ``sources`` counts the distinct items cited (corroboration); ``disputed`` is set when two
    citations state incompatible dates, and ``conflicts`` names them (citation id pairs)."""

    id: int
    case_id: int
    case: str
    title: str
    description: str
    start: FuzzyDate
    end: FuzzyDate | None
    place_id: int | None
    place: str  # the place's display name, or ""
    entities: tuple[EventEntity, ...]
    citations: tuple[Citation, ...]
    created: str
    modified: str
    sources: int = 0
    disputed: bool = False
    conflicts: tuple[tuple[int, int], ...] = ()

    def says(self) -> dict[str, tuple[int, ...]]:
        """Which source says what: each stated date (as written) -> the items stating it."""
        out: dict[str, list[int]] = {}
        for c in self.citations:
            if c.stated is not None:
                items = out.setdefault(c.stated.text or c.stated.label, [])
                if c.item_id not in items:
                    items.append(c.item_id)
        return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in text: its span, what it says as a range, and whether it was worked out
    from the item's own date ("yesterday", "last Tuesday")."""

    start: int
    end: int
    text: str
    date: FuzzyDate
    relative: bool = False


@dataclass(frozen=True, slots=True)
class EventSuggestion:
    """"Create an event from this sentence": the sentence, the date in it, and the entities
    mentioned in it, ready to fill an event form."""

    item_id: int
    page: int
    start: int  # the sentence's span on the page
    end: int
    sentence: str
    date: FuzzyDate  # text = the date as written
    date_start: int  # the date's span on the page
    date_end: int
    relative: bool
    entities: tuple[Entity, ...]  # in the sentence (confirmed or suggested mentions)
    place_id: int | None = None  # the first location or compound among them


@dataclass(frozen=True, slots=True)
class ItemDates:
    """The dates that matter about an item, ISO (date or date-time) or "" when unknown."""

    item_id: int
    created: str = ""  # the document says it was written (office/PDF metadata)
    sent: str = ""  # an e-mail's Date
    captured: str = ""  # a photo or screenshot was taken (EXIF)
    published: str = ""  # a news article or web page was published
    collected: str = ""  # the investigator collected it
    ingested: str = ""  # it came into the archive

    @property
    def bears(self) -> str:
        """The date the item itself bears (sent, published, created, else captured)."""
        return self.sent or self.published or self.created or self.captured
