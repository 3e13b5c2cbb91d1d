"""The `backup` and `restore` commands of the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive.backup import backup, restore

EXIT_OK, EXIT_SOME_FAILED = 0, 1

Opener = Callable[..., Any]


def add_backup_commands(sub: Any, open_archive: Opener) -> None:
    s = sub.add_parser("backup", help="write a consistent copy of the archive (it may be in use)")
    s.add_argument("path", type=Path, help="a new folder for the backup, ideally on another disk")
    s.set_defaults(func=lambda args: _backup(args, open_archive))
    s = sub.add_parser("restore", help="restore a backup into a new folder and verify it")
    s.add_argument("backup", type=Path, help="the backup folder")
    s.add_argument("target", type=Path, help="a new, empty folder for the restored archive")
    s.set_defaults(func=lambda args: _restore(args, open_archive))


def _backup(args: argparse.Namespace, open_archive: Opener) -> int:
    with open_archive(args.archive, create=False) as archive:
        report = backup(archive, args.path)
    row, _, head = report.custody_head.partition(":")
    print(f"Backed up {report.items} items ({report.objects} originals and other files,"
          f" {report.bytes / 1024**2:.1f} MB) to {report.path}.")
    print(f"The backup ends at custody entry {row} ({head}).")
    print(f"Restore it with: main.py restore {report.path} NEW-FOLDER")
    return EXIT_OK


def _restore(args: argparse.Namespace, open_archive: Opener) -> int:
    archive, report = restore(args.backup, args.target,
                              lambda p: open_archive(p, create=False))
    with archive:
        print(f"Restored {args.backup} into {args.target}.")
        print(f"Checked {report.objects_checked} originals and"
              f" {report.custody_rows_checked} custody log entries.")
        if report.ok:
            print("All originals are intact and the custody log is unbroken.")
        for p in report.problems:
            print(f"PROBLEM ({p.what}): {p.detail}")
    return EXIT_OK if report.ok else EXIT_SOME_FAILED
