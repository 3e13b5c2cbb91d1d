"""Loading a case's timeline from the archive (in background tasks) as the timeline's rows."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ui.timeline_model import CitationRow, EventRow, citation_row, rows_from_events

if TYPE_CHECKING:
    from archive.service import Archive

log = logging.getLogger(__name__)


def load_timeline(archive: Archive, case_id: int) -> list[EventRow]:
    """The events of a case as timeline rows, earliest first."""
    return rows_from_events(archive.events(case_id))


def load_citations(archive: Archive, event_id: int) -> list[CitationRow]:
    """The sources of one event, as cited."""
    return [citation_row(c) for c in archive.event(event_id).citations]
