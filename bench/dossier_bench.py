"""Dossier speed: a case of 200 exhibits (about 1,000 pages) exported as a PDF dossier.

Run (2 cores are shared: take the lock):
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/dossier_bench.py
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/dossier_bench.py --redact --keep /tmp/b

The case: 170 generated PDFs of 4-7 text pages (English with Thai and Chinese lines, the name
of a protected witness on some pages), 20 chat screenshots of the shared corpus (OCR'd on
import, English) and 10 text testimonies; entities, a protected witness, 30 events with 2
citations each. Import is timed apart. Then the dossier is exported (``--redact``: redacted,
with the leak check's OCR of every picture page) and its pages, size and time are printed;
``--png N`` renders N pages spread over the dossier to PNG beside it, to look at.

Measured on the 2-core machine under the lock (29 Nov 2026): import of the 200 items 14 s;
dossier 965 exhibit pages -> 1,003 pages (54 MB: the generated PDFs each embed a whole font)
in 10.3 s; redacted (661 pages of PDFs and the 10 testimonies naming the witness redacted,
every page re-read, the 20 pictures by OCR) 1,005 pages in 64.4 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pymupdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CASE = "Bench: Myawaddy compounds"
WITNESS = "Mya Thandar Oo"
WORDS = ("recruiter", "passport", "compound", "transfer", "wallet", "usdt", "salary", "debt",
         "guard", "building", "telegram", "account", "visa", "border", "river", "van", "boss",
         "office", "quota", "training")


def make_pdf(path: Path, pages: int, rng: random.Random, font: str) -> None:
    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page()
        page.insert_font(fontname="noto", fontfile=font)
        lines = [f"Statement page {p + 1}. " + " ".join(rng.choices(WORDS, k=9))
                 for _ in range(30)]
        if rng.random() < 0.2:
            lines[5] = f"The witness {WITNESS} was moved to building B on 3 March 2024."
        y = 60.0
        for line in lines:
            page.insert_text((50, y), line, fontsize=10, fontname="noto")
            y += 22
    doc.save(path)
    doc.close()


def build(root: Path, rng: random.Random) -> tuple[object, float]:
    from main import open_archive

    files = root / "files"
    files.mkdir(parents=True)
    font = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
    for n in range(170):
        make_pdf(files / f"statement-{n:03d}.pdf", rng.randint(4, 7), rng, font)
    shots = sorted((CORPUS / "screens_dev").glob("*_en_*.png"))
    for n in range(20):
        shutil.copy(shots[n % len(shots)], files / f"chat-{n:02d}.png")
        # the same picture twice would be one item: make each distinct
        with (files / f"chat-{n:02d}.png").open("ab") as f:
            f.write(b"\0" * (n + 1))
    for n in range(10):
        (files / f"testimony-{n:02d}.txt").write_text(
            f"Testimony {n}. {WITNESS} said the boss kept the passports. "
            + " ".join(rng.choices(WORDS, k=400)), encoding="utf-8")
    archive = open_archive(root / "archive")
    archive.add_case(CASE, "Two hundred exhibits for the dossier benchmark.")
    started = time.monotonic()
    archive.ingest([files], case=CASE, languages="eng", collected_by="bench")
    took = time.monotonic() - started
    archive.add_entity(WITNESS, "person", protected=True)
    archive.add_entity("Zhao Wei", "person", aliases=["赵伟"])
    items = archive.items(case=CASE)
    for n in range(30):
        ev = archive.add_event(CASE, f"Event {n}", f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}")
        for item in rng.sample(items, 2):
            archive.cite(ev.id, item.id, page=1)
    return archive, took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--redact", action="store_true")
    ap.add_argument("--keep", type=Path, help="build (or reuse) the archive here")
    ap.add_argument("--png", type=int, default=0, help="render this many pages to PNG")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    rng = random.Random(7)
    if (root / "archive").is_dir():
        from main import open_archive

        archive = open_archive(root / "archive")
        print("reusing the archive at", root)
    else:
        archive, took = build(root, rng)
        print(f"import: {len(archive.items())} items in {took:.1f} s")  # type: ignore[attr-defined]
    pages = sum(i.page_count for i in archive.items(case=CASE))  # type: ignore[attr-defined]
    out = root / f"dossier-{int(time.time())}.pdf"
    plan = archive.redaction_plan(CASE) if args.redact else None  # type: ignore[attr-defined]
    reader = None
    if args.redact:
        from ocr.reader import TesseractReader

        reader = TesseractReader()
    started = time.monotonic()
    archive.export("dossier", CASE, out, plan=plan, reader=reader)  # type: ignore[attr-defined]
    took = time.monotonic() - started
    with pymupdf.open(out) as doc:
        print(f"dossier{' (redacted)' if args.redact else ''}: {pages} exhibit pages ->"
              f" {doc.page_count} pages, {out.stat().st_size / 1e6:.1f} MB in {took:.1f} s")
        for k in range(args.png):
            n = k * (doc.page_count - 1) // max(args.png - 1, 1)
            doc[n].get_pixmap(dpi=80).save(str(root / f"page-{n + 1:04d}.png"))
    print("written to", out)
    archive.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
