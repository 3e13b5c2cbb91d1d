"""The Entities facet by entity, not by name: the names and aliases the index counts separately
are grouped under the entity's canonical name, so a person written three ways is one entry."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from archive.models import FacetCount, SearchResult

if TYPE_CHECKING:
    from archive.db import Database

log = logging.getLogger(__name__)

ENTITY_FACET = "entity"


def owners(db: Database, key: Callable[[str], str], names: Sequence[str]
           ) -> dict[str, tuple[int, str]]:
    """name -> (entity id, canonical name) for each name that is the name or an alias of
    exactly one entity. Protected entities are left out: the index knows them only by their
    pseudonyms, and a facet must never lead from a pseudonym to a name."""
    out: dict[str, tuple[int, str]] = {}
    for name in names:
        k = key(name)
        found = {(int(r[0]), str(r[1])) for r in db.execute(
            "SELECT e.id, e.name FROM entities e WHERE NOT e.protected AND (e.key = ?1 OR"
            " e.id IN (SELECT entity_id FROM entity_aliases WHERE key = ?1))", (k,))}
        if len(found) == 1:
            out[name] = found.pop()
    return out


def group_entities(counts: Sequence[FacetCount], owned: dict[str, tuple[int, str]]
                   ) -> tuple[FacetCount, ...]:
    """One entry per entity under its canonical name, with the other names it was counted
    under in ``also``. Every name of an entity is indexed with each item that mentions it, so
    the entity's count is the largest of its names' counts (not their sum)."""
    grouped: dict[int | str, FacetCount] = {}
    for c in counts:
        owner = owned.get(c.value)
        if owner is None:
            grouped.setdefault(c.value, c)
            continue
        entity_id, canonical = owner
        seen = grouped.get(entity_id)
        names = (*(seen.also if seen else ()), c.value)
        also = tuple(sorted({n for n in names if n != canonical}, key=str.casefold))
        grouped[entity_id] = FacetCount(canonical, max(c.count, seen.count if seen else 0),
                                        also)
    return tuple(sorted(grouped.values(), key=lambda c: (-c.count, c.value.casefold())))


def with_entities_grouped(result: SearchResult, db: Database, key: Callable[[str], str]
                          ) -> SearchResult:
    """The result with its Entities facet grouped by entity (the other facets unchanged)."""
    facets = []
    changed = False
    for name, counts in result.facets:
        if name == ENTITY_FACET and counts:
            counts = group_entities(counts, owners(db, key, [c.value for c in counts]))
            changed = True
        facets.append((name, counts))
    return replace(result, facets=tuple(facets)) if changed else result
