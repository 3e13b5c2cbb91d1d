"""`casefile sample`: build the fictional sample case from the command line (paints with Qt)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


def add_sample_command(sub: Any, open_archive: Callable[..., Any],
                       progress_bar: Callable[[str], Any]) -> None:
    """Register `sample` on the CLI's subparsers."""

    def run(args: argparse.Namespace) -> int:
        from archive.sample import SAMPLE_CASE
        from ui.first_run import make_sample
        from ui.sample_images import ensure_gui_application

        ensure_gui_application()
        archive = open_archive(args.archive, create=True)
        bar = progress_bar("Sample case")
        try:
            report = make_sample(archive, lambda d, t, name: bar(d, t, name))
        finally:
            bar.close()
            archive.close()
        if not report.created:
            print(f"The case “{SAMPLE_CASE}” is already in the archive.")
            return 0
        print(f"Made the case “{SAMPLE_CASE}”: {len(report.item_ids)} items.")
        for name in report.failed:
            print(f"  could not read {name} (see the archive's casefile.log)")
        print("Try: casefile search 'เงินเดือน'  or  casefile search '护照'")
        return 1 if report.failed else 0

    s = sub.add_parser("sample", help="make a small fictional case that shows how Casefile"
                                      " works (testimony, news, chat screenshots)")
    s.set_defaults(func=run)
