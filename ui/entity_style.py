"""How entities look in the window: type labels, the type colours, names that never leak."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from archive.entity_models import (
    ACCOUNT,
    COMPOUND,
    CONFIRMED,
    DOCUMENT,
    EMAIL,
    ENTITY_TYPES,
    HANDLE,
    LOCATION,
    ORGANISATION,
    OTHER,
    PERSON,
    PHONE,
    SOURCE,
    SUGGESTED,
    URL,
    VEHICLE,
    WALLET,
    Entity,
)

log = logging.getLogger(__name__)

LOCK = "\U0001f512"  # the lock shown before a protected entity's pseudonym


def _tr(text: str) -> str:
    return QCoreApplication.translate("entities", text)


def type_label(type_: str) -> str:
    """The entity type as people read it (translated)."""
    labels = {
        PERSON: _tr("person"), ORGANISATION: _tr("organisation"), LOCATION: _tr("location"),
        COMPOUND: _tr("compound"), PHONE: _tr("phone"), EMAIL: _tr("e-mail"),
        URL: _tr("URL"), HANDLE: _tr("chat handle"), ACCOUNT: _tr("bank account"),
        WALLET: _tr("crypto wallet"), VEHICLE: _tr("vehicle"), DOCUMENT: _tr("ID document"),
        SOURCE: _tr("source"), OTHER: _tr("other"),
    }
    return labels.get(type_, type_)


def type_choices() -> list[tuple[str, str]]:
    """(type, label) in the order the tag dialog and the filters offer them."""
    return [(t, type_label(t)) for t in ENTITY_TYPES]


def state_label(state: str) -> str:
    return {SUGGESTED: _tr("suggested"), CONFIRMED: _tr("confirmed")}.get(state, _tr("rejected"))


# A small palette: one colour per group of types, so a page is readable at a glance.
_GROUP = {
    PERSON: "person", ORGANISATION: "organisation", LOCATION: "place", COMPOUND: "place",
    PHONE: "contact", EMAIL: "contact", HANDLE: "contact", URL: "contact",
    WALLET: "money", ACCOUNT: "money",
}
_COLOUR = {
    "person": "#1a73e8", "organisation": "#8e24aa", "place": "#188038",
    "contact": "#e37400", "money": "#c5221f", "other": "#5f6368",
}


def type_colour(type_: str) -> QColor:
    """The strong colour of a type (underlines, swatches)."""
    return QColor(_COLOUR[_GROUP.get(type_, "other")])


def type_tint(type_: str) -> QColor:
    """The light background of a confirmed mention of that type."""
    strong = type_colour(type_)
    white = 0.78
    return QColor.fromRgbF(strong.redF() + (1 - strong.redF()) * white,
                           strong.greenF() + (1 - strong.greenF()) * white,
                           strong.blueF() + (1 - strong.blueF()) * white)


def shown_name(entity: Entity) -> str:
    """The name the window shows: a protected entity by its pseudonym with a lock."""
    if entity.protected:
        return f"{LOCK} {entity.pseudonym or _tr('protected')}"
    return entity.name


def shown_quote(quote: str, entity: Entity | None) -> str:
    """A mention's words as the panels show them: hidden for a protected entity."""
    if entity is not None and entity.protected:
        return shown_name(entity)
    return " ".join(quote.split())


def masked_snippet(snippet: str, quote: str, entity: Entity, *, reveal: bool = False) -> str:
    """A "…before[quote]after…" snippet with the quote replaced by the pseudonym for a
    protected entity (unless revealed)."""
    if not entity.protected or reveal:
        return snippet
    words = " ".join(quote.split())
    if not words or f"[{words}]" not in snippet:
        return f"[{shown_name(entity)}]"
    return snippet.replace(words, shown_name(entity))  # also where the name comes again


def mask_names(text: str, protected: Sequence[Entity]) -> str:
    """``text`` with every name and alias of these protected entities replaced by their
    pseudonym (for snippets that show the words around another entity's mention)."""
    names = sorted(((n, shown_name(e)) for e in protected if e.protected
                    for n in (e.name, *e.aliases) if n.strip()),
                   key=lambda pair: len(pair[0]), reverse=True)
    if not names:
        return text
    shown = {n.casefold(): s for n, s in names}
    pattern = re.compile("|".join(re.escape(n) for n, _ in names), re.IGNORECASE)
    return pattern.sub(lambda m: shown.get(m.group(0).casefold(), m.group(0)), text)


def short_snippet(snippet: str, quote: str, before: int = 30) -> str:
    """A snippet with at most ``before`` characters ahead of the [quote], so that the quote
    shows in a narrow column."""
    i = snippet.find("[" + " ".join(quote.split()) + "]")
    if i <= before + 1:
        return snippet
    cut = i - before
    space = snippet.rfind(" ", 0, cut)  # start at a word: back to its beginning
    if space >= 0 and cut - space <= 12:
        cut = space + 1
    return "…" + snippet[cut:]
