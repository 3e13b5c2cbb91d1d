"""What encryption costs at import: the same files into a plain and an encrypted archive.

Run: flock /tmp/casefile-cpu.lock .venv/bin/python bench/encryption_bench.py [--rounds 2]
Ingests the same set into a fresh plain and a fresh encrypted archive, alternating which goes
first in each round, and prints files/s, MB/s and the encrypted/plain throughput ratio (the
goal: encryption costs at most 25%). Sets: ``corpus`` (text, PDF, office, e-mail and chat
screenshots from ../shared/corpus), ``bulk`` (generated text files and large PDFs: few
seconds of extraction per megabyte, so the cost of the crypto itself shows most).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS_FILES = [
    "fixtures_ingest_file/106972554.pdf", "fixtures_ingest_file/Plan.odt",
    "fixtures_ingest_file/doc.html", "fixtures_ingest_file/doc.doc",
    "fixtures_ingest_file/email_attached_alternative.eml", "fixtures_ingest_file/udhr_ger.pdf",
    "fixtures_ingest_file/hello world word.docx", "fixtures_ingest_file/staff_list.xlsx",
    "fixtures_ingest_file/udhr_ger.txt", "fixtures_ingest_file/twopage.pdf",
    "screens_dev/d000_en_light.png", "screens_dev/d001_en_dark.png",
]
PASSPHRASE = "bench passphrase for timing only"


def corpus_set(folder: Path) -> None:
    if not CORPUS.is_dir():
        raise SystemExit(f"the corpus is not at {CORPUS}")
    for n, rel in enumerate(CORPUS_FILES):
        src = CORPUS / rel
        if src.is_file():
            shutil.copy(src, folder / f"{n:02d}-{src.name}")
    for p in sorted((CORPUS / "scam_text").iterdir())[:10]:
        if p.is_file():
            shutil.copy(p, folder / f"scam-{p.name}")


def bulk_set(folder: Path, count: int = 40) -> None:
    import pymupdf

    words = ["recruiter", "passport", "compound", "transfer", "wallet", "broker", "river",
             "border", "night", "salary", "visa", "driver"]
    for n in range(count):
        text = "\n".join(" ".join(words[(i * 7 + j + n) % len(words)] for j in range(12))
                         for i in range(4000))
        (folder / f"note-{n:03d}.txt").write_text(f"{n} {text}", encoding="utf-8")
    for n in range(4):  # a few big ones: 200 pages each
        doc = pymupdf.open()
        for page_no in range(200):
            page = doc.new_page()
            page.insert_text((72, 72), f"Report {n} page {page_no}: " + " ".join(words))
        doc.save(folder / f"report-{n}.pdf")


def first_search(root: Path, *, encrypted: bool) -> float:
    """Seconds from opening to the first search's answer (an encrypted archive builds its
    index in memory here; a plain one reads it from disk)."""
    from main import open_archive

    start = time.perf_counter()
    archive = open_archive(root, passphrase=PASSPHRASE if encrypted else None)
    try:
        archive.search("passport")
    finally:
        archive.close()
    return time.perf_counter() - start


def ingest(folder: Path, root: Path, *, encrypted: bool) -> tuple[float, float]:
    """(seconds to open, seconds to ingest)"""
    from main import open_archive

    start = time.perf_counter()
    archive = open_archive(root, passphrase=PASSPHRASE if encrypted else None,
                           encrypted=encrypted)
    opened = time.perf_counter() - start
    try:
        start = time.perf_counter()
        report = archive.ingest([folder], case="bench", languages="eng")
        elapsed = time.perf_counter() - start
    finally:
        archive.close()
    failed = [o for o in report.outcomes if o.status == "failed"]
    if failed:
        print(f"  note: {len(failed)} files failed, e.g. {failed[0].path}: {failed[0].reason}")
    return opened, elapsed


def run_set(name: str, folder: Path, work: Path, rounds: int) -> float:
    files = [p for p in folder.iterdir() if p.is_file()]
    mb = sum(p.stat().st_size for p in files) / 1e6
    times: dict[bool, list[float]] = {False: [], True: []}
    opens: dict[bool, list[float]] = {False: [], True: []}
    searches: dict[bool, list[float]] = {False: [], True: []}
    for r in range(rounds):
        for encrypted in ((False, True) if r % 2 == 0 else (True, False)):
            root = work / f"{name}-{r}-{'enc' if encrypted else 'plain'}"
            opened, elapsed = ingest(folder, root, encrypted=encrypted)
            times[encrypted].append(elapsed)
            opens[encrypted].append(opened)
            searches[encrypted].append(first_search(root, encrypted=encrypted))
            shutil.rmtree(root, ignore_errors=True)
    plain, enc = statistics.median(times[False]), statistics.median(times[True])
    ratio = plain / enc
    print(f"{name}: {len(files)} files, {mb:.1f} MB, {rounds} rounds (median)")
    print(f"  plain     : {len(files) / plain:7.2f} files/s {mb / plain:7.2f} MB/s"
          f"  (open {statistics.median(opens[False]):.2f} s)")
    print(f"  encrypted : {len(files) / enc:7.2f} files/s {mb / enc:7.2f} MB/s"
          f"  (open+unlock {statistics.median(opens[True]):.2f} s)")
    print(f"  open + first search: plain {statistics.median(searches[False]):.2f} s,"
          f" encrypted {statistics.median(searches[True]):.2f} s (index built in memory)")
    print(f"  encrypted/plain throughput: {ratio:.2f} (cost {100 * (1 - ratio):.0f}%;"
          f" goal: cost <= 25%)")
    return ratio


def storage_only(work: Path, megabytes: int = 200) -> None:
    """The crypto alone: store and read back one big original, plain vs encrypted storage."""
    import hashlib

    from archive import vault
    from archive.storage import Storage, sha256_file

    src = work / "big.bin"
    with src.open("wb") as f:
        block = hashlib.sha256(b"x").digest() * 32768  # 1 MiB
        for n in range(megabytes):
            f.write(block[n % 32:] + block[: n % 32])
    sha, _ = sha256_file(src)
    vault.create_encrypted(work / "enc", PASSPHRASE)
    stores = {"plain": Storage(work / "plain"), "encrypted": vault.unlock(work / "enc", PASSPHRASE)}
    print(f"storage only: store + read back {megabytes} MiB")
    for name, storage in stores.items():
        storage.create()
        start = time.perf_counter()
        storage.store_object(src, sha)
        stored = time.perf_counter() - start
        start = time.perf_counter()
        with storage.open_object(sha).materialise() as plain:
            assert sha256_file(plain)[0] == sha
        read = time.perf_counter() - start
        print(f"  {name:10}: store {megabytes / stored:7.0f} MiB/s, read {megabytes / read:7.0f}"
              " MiB/s")
        storage.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--sets", default="corpus,bulk,storage")
    args = ap.parse_args()
    os.environ.pop("CASEFILE_PASSPHRASE", None)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in args.sets.split(","):
            if name == "storage":
                storage_only(work)
                continue
            folder = work / f"files-{name}"
            folder.mkdir()
            {"corpus": corpus_set, "bulk": bulk_set}[name](folder)
            run_set(name, folder, work, args.rounds)


if __name__ == "__main__":
    main()
