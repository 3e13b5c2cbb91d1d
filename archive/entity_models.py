"""Frozen values of the entity layer: entities, mentions, an entity's page, detection reports."""

from __future__ import annotations

from dataclasses import dataclass

PERSON, ORGANISATION, LOCATION, COMPOUND = "person", "organisation", "location", "compound"
PHONE, EMAIL, ACCOUNT, WALLET = "phone", "email", "account", "wallet"
HANDLE, URL, VEHICLE, DOCUMENT = "handle", "url", "vehicle", "document"
SOURCE, OTHER = "source", "other"
ENTITY_TYPES = (
    PERSON, ORGANISATION, LOCATION, COMPOUND, PHONE, EMAIL, ACCOUNT, WALLET, HANDLE, URL,
    VEHICLE, DOCUMENT, SOURCE, OTHER,
)
TYPE_LABELS = {
    PERSON: "person", ORGANISATION: "organisation", LOCATION: "location",
    COMPOUND: "compound (scam site)", PHONE: "phone number", EMAIL: "e-mail address",
    ACCOUNT: "bank account", WALLET: "crypto wallet",
    HANDLE: "chat handle (Telegram, LINE, WeChat, WhatsApp, Facebook)", URL: "URL or domain",
    VEHICLE: "vehicle", DOCUMENT: "ID document number", SOURCE: "source", OTHER: "other",
}

MANUAL, DETECTOR, WATCHLIST = "manual", "detector", "watchlist"
ORIGINS = (MANUAL, DETECTOR, WATCHLIST)
SUGGESTED, CONFIRMED, REJECTED = "suggested", "confirmed", "rejected"
STATES = (SUGGESTED, CONFIRMED, REJECTED)

RELIABILITY = "ABCDEF"  # Admiralty code: A completely reliable .. E unreliable, F cannot judge
CREDIBILITY = range(1, 7)  # 1 confirmed by other sources .. 5 improbable, 6 cannot judge
RELIABILITY_MEANINGS = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
CREDIBILITY_MEANINGS = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
    5: "improbable", 6: "truth cannot be judged",
}


def grade_meaning(reliability: str, credibility: int | None) -> str:
    """"source usually reliable (B), information probably true (2)"; "" when ungraded."""
    parts = []
    if reliability in RELIABILITY_MEANINGS:
        parts.append(f"source {RELIABILITY_MEANINGS[reliability]} ({reliability})")
    if credibility in CREDIBILITY_MEANINGS:
        parts.append(f"information {CREDIBILITY_MEANINGS[credibility]} ({credibility})")
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Entity:
    id: int
    type: str
    name: str  # canonical name (the real one, even when protected: never show it outside)
    aliases: tuple[str, ...] = ()
    notes: str = ""
    protected: bool = False
    pseudonym: str = ""  # "W-017": assigned when first protected, kept for good
    mentions: int = 0  # confirmed and suggested mentions

    @property
    def display_name(self) -> str:
        """The name to show anywhere outside the archive: the pseudonym when protected."""
        return self.pseudonym if self.protected and self.pseudonym else self.name


@dataclass(frozen=True, slots=True)
class Mention:
    id: int
    entity_id: int
    item_id: int
    page: int
    start: int
    end: int
    quote: str
    origin: str  # MANUAL / DETECTOR / WATCHLIST
    state: str  # SUGGESTED / CONFIRMED / REJECTED
    created: str
    entity_type: str = ""
    entity_name: str = ""  # the display name (pseudonym for a protected entity)


@dataclass(frozen=True, slots=True)
class Detection:
    """What a detector found: (type, canonical form, span in the text, the text of the span)."""

    type: str
    canonical: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class MentionInContext:
    mention: Mention
    snippet: str  # the page text around the mention, "[...]" around the quote
    date: str  # the item's date (what it bears, captured, collected or ingested), ISO or ""


@dataclass(frozen=True, slots=True)
class MentionCounts:
    """How many mentions of one entity are in each state."""

    confirmed: int = 0
    suggested: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.confirmed + self.suggested + self.rejected


@dataclass(frozen=True, slots=True)
class ItemMentions:
    item_id: int
    title: str
    mentions: tuple[MentionInContext, ...]
    grade: str = ""  # the item's grade, reliability and credibility ("B2"), or ""


@dataclass(frozen=True, slots=True)
class CaseMentions:
    case: str  # "" for items in no case
    items: tuple[ItemMentions, ...]


@dataclass(frozen=True, slots=True)
class EntityPage:
    entity: Entity
    cases: tuple[CaseMentions, ...]
    co_occurring: tuple[tuple[Entity, int], ...]  # (entity, items shared), most first
    first_seen: str  # earliest item date among its mentions, ISO or ""
    last_seen: str


@dataclass(frozen=True, slots=True)
class DetectReport:
    items: int
    new: tuple[tuple[str, int], ...]  # (entity type, new suggestions), most first
    new_entities: int
    failed: tuple[int, ...] = ()  # items whose detection hit a bug (logged)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.new)


@dataclass(frozen=True, slots=True)
class TagCount:
    tag: str
    items: int
    cases: int
