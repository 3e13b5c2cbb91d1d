"""Passphrases on the command line: asked with getpass, or taken from $CASEFILE_PASSPHRASE.

$CASEFILE_PASSPHRASE is for scripts and tests. It is a risk: the environment of a process can
be read by other programs of the same user and may end up in shell history or logs. A person
at a keyboard should type the passphrase when asked.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive import keys
from archive.errors import CasefileError, PassphraseNeeded

log = logging.getLogger(__name__)

ENV = "CASEFILE_PASSPHRASE"
ENV_NEW = "CASEFILE_NEW_PASSPHRASE"


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise PassphraseNeeded(f"This needs the archive's passphrase: run it in a terminal, or"
                               f" set {ENV} (scripts only: other programs may read it).")
    return getpass.getpass(prompt)


def passphrase_for(root: Path) -> str | None:
    """The passphrase to open ``root`` with (None for a plain archive)."""
    if not keys.is_encrypted(root):
        return None
    return os.environ.get(ENV) or _ask(f"Passphrase for the archive at {root}: ")


def new_passphrase(*, env: str = ENV) -> str:
    """A new passphrase, typed twice (or taken from ``env``)."""
    given = os.environ.get(env)
    if given:
        keys.check_new_passphrase(given)
        return given
    first = _ask("New passphrase (at least 8 characters; several words are best): ")
    keys.check_new_passphrase(first)
    if _ask("The same passphrase again: ") != first:
        raise CasefileError("The two passphrases differ; nothing was changed.")
    return first


def cmd_passphrase(root: Path, open_archive: Callable[..., Any]) -> int:
    """Change the passphrase of an encrypted archive (the data key is rewrapped, nothing else
    is rewritten; the change is written to the custody log)."""
    if not keys.is_encrypted(root):
        raise CasefileError(f"{root} is not an encrypted archive; it has no passphrase.")
    old = os.environ.get(ENV) or _ask("Current passphrase: ")
    with open_archive(root, create=False, passphrase=old) as archive:  # a wrong one stops here
        archive.change_passphrase(old, new_passphrase(env=ENV_NEW))
    print("Passphrase changed. The old one no longer opens the archive.")
    return 0


def add_passphrase_command(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    default_root: Callable[[], Path], open_archive: Callable[..., Any],
) -> None:
    s = sub.add_parser("passphrase", help="change the passphrase of an encrypted archive")
    s.set_defaults(func=lambda args: cmd_passphrase(args.archive or default_root(),
                                                    open_archive))
