"""The program test_crash_kill.py kills: works on an archive and acknowledges each committed
action on a line of the acknowledgement file (fsynced), until it is killed.

    python crash_child.py ARCHIVE ACKFILE WORKDIR SEED
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

CASE = "Crash case"


def main() -> None:
    archive_path, ack_path, work, seed = (Path(sys.argv[1]), Path(sys.argv[2]),
                                          Path(sys.argv[3]), int(sys.argv[4]))
    from main import open_archive

    rng = random.Random(seed)
    archive = open_archive(archive_path)
    acks = ack_path.open("a", encoding="utf-8")

    def ack(**entry: object) -> None:
        acks.write(json.dumps(entry) + "\n")
        acks.flush()
        os.fsync(acks.fileno())

    ack(action="ready")
    n = 0
    while True:
        n += 1
        word = f"crashword{seed}x{n}"
        files = work / f"in-{seed}-{n}"
        files.mkdir(parents=True)
        for k in range(rng.randint(1, 3)):
            (files / f"note-{k}.txt").write_text(
                f"Witness note {seed}/{n}/{k}: {word} seen near the Moei river.\n" * 40,
                encoding="utf-8")
        if rng.random() < 0.3:  # a large original: the kill may land while it is stored
            (files / "recording.bin").write_bytes(rng.randbytes(24 * 1024**2))
        report = archive.ingest([files], case=CASE, languages="eng", workers=1)
        for o in report.outcomes:
            if o.item_id:
                ack(action="ingest", item=o.item_id, word=word)
        item_id = next(o.item_id for o in report.outcomes if o.item_id)
        archive.tag_item(item_id, f"tag-{n}")
        ack(action="tag", item=item_id, tag=f"tag-{n}")
        keep, other = f"Broker {seed}-{n}", f"Agent {seed}-{n}"
        archive.add_entity(keep, "person")
        archive.add_entity(other, "person")
        ack(action="entities", names=[keep, other])
        archive.merge_entities(keep, other)
        ack(action="merge", keep=keep, gone=other)
        choice = rng.random()
        if choice < 0.3:
            archive.reindex()
            ack(action="reindex")
        elif choice < 0.6:
            out = work / f"export-{seed}-{n}"
            archive.export("csv", CASE, out)
            ack(action="export", path=str(out))


if __name__ == "__main__":
    main()
