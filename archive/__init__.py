"""Domain and storage: cases, items, pages, custody log, ingest pipeline and the Archive service."""
