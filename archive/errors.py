"""Known problems a person can act on: each carries a message for the user, not a traceback."""

from __future__ import annotations


class CasefileError(Exception):
    """A known problem. ``str(error)`` is a sentence a non-programmer can read."""


class ArchiveNotFound(CasefileError):
    """The folder is not a Casefile archive (and we were not asked to create one)."""


class ArchiveLocked(CasefileError):
    """Another program holds a lock on the archive for longer than we are willing to wait."""


class CaseNotFound(CasefileError):
    """No case has that title or number."""


class ItemNotFound(CasefileError):
    """No item has that number."""


class BadQuery(CasefileError):
    """The search query cannot be understood."""


class EntityNotFound(CasefileError):
    """No entity has that name, alias, pseudonym or number."""


class AmbiguousEntity(CasefileError):
    """Several entities answer to that name: the person must say which (by number)."""


class ExportCancelled(CasefileError):
    """The person stopped an export; whatever it had written was removed."""


class PassphraseNeeded(CasefileError):
    """The archive is encrypted and no passphrase was given."""


class WrongPassphrase(CasefileError):
    """The passphrase does not unlock this archive (nothing was changed)."""
