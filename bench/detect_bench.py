"""Detector and watchlist speed: real SMS collections, and 5,000 names over 10,000 stored items.

Run (2 cores are shared: take the lock):
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/detect_bench.py
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/detect_bench.py --sample 100 --seed 7
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/detect_bench.py --watchlist

Detectors: every message of the three scam_text collections of the shared corpus (the smishing
set, the UCI SMS spam collection and the Chinese fraud-call transcripts, one message per
transcript); reports messages, seconds and suggestions per type. ``--sample N`` prints N random
suggestions (type, canonical form, quote, the message around it) for checking by hand.

Watchlist: ``--names`` generated names (Latin, Chinese, Thai, Burmese) compiled into one
automaton, run over ``--items`` generated items (bench/search_corpus.py) stored in a real
archive's SQLite file, the names stored as the archive's entities. Reports the time of the
watchlist's part of detection (``archive.detection.watchlist_rows`` on every page: folding,
the automaton, word boundaries, the suggestion rows) next to the time it takes to read the
same items' pages from SQLite item by item (``Archive.pages``, as detection does), best of
``--repeat`` runs each; ``--engine pyahocorasick`` measures the portable fallback.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive.detectors import detect

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "scam_text"


def load_messages(folder: Path) -> list[tuple[str, str]]:
    """(collection, text) of every message of the three collections."""
    out: list[tuple[str, str]] = []
    with (folder / "smishing_Dataset_5971.csv").open(encoding="utf-8", errors="replace",
                                                     newline="") as f:
        out += [("smishing", row["TEXT"] or "") for row in csv.DictReader(f)]
    with (folder / "uci_SMSSpamCollection.tsv").open(encoding="utf-8", errors="replace") as f:
        next(f)  # the header row this copy added
        out += [("uci", line.rstrip("\n").partition("\t")[2]) for line in f if "\t" in line]
    calls = json.loads((folder / "teleantifraud28k_sample3_zh.json").read_text(encoding="utf-8"))
    out += [("teleantifraud", "\n".join(t["content"] for t in call["dialogue"]))
            for call in calls]
    return out


def bench_detectors(args: argparse.Namespace) -> None:
    messages = load_messages(args.corpus)
    started = time.perf_counter()
    found = [(n, d) for n, (_, text) in enumerate(messages) for d in detect(text)]
    seconds = time.perf_counter() - started
    per_source = Counter(src for src, _ in messages)
    print(f"messages: {len(messages)} ({', '.join(f'{k} {v}' for k, v in per_source.items())})")
    print(f"detectors: {seconds:.2f} s ({len(messages) / seconds:,.0f} messages/s)")
    print("suggestions per type: " + ", ".join(
        f"{t} {n}" for t, n in Counter(d.type for _, d in found).most_common()))
    if args.sample:
        rng = random.Random(args.seed)
        picked = sorted(rng.sample(range(len(found)), min(args.sample, len(found))))
        print(f"\n{len(picked)} random suggestions (seed {args.seed}):")
        for k, i in enumerate(picked, 1):
            n, d = found[i]
            text = messages[n][1]
            around = text[max(0, d.start - 50):d.start] + "[[" + d.quote + "]]" + text[
                d.end:d.end + 50]
            print(f"{k:3}. {d.type:8} {d.canonical}\n     quote {d.quote!r}"
                  f"\n     msg {n}: {' '.join(around.split())}")


# --- watchlist -----------------------------------------------------------------------------------
def make_names(n: int, seed: int) -> list[str]:
    """Distinct names: 60% Latin (two or three generated words), 20% Chinese (surname and one
    or two given characters), 10% Thai and 10% Burmese (random syllables)."""
    from search_corpus import ENTITIES, Vocabulary

    from archive.watchlist import default_normalizer

    rng = random.Random(seed)
    words = Vocabulary.make(seed).words[200:]
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国"
    thai_c, thai_v = "กขคงจชซดตทนบปผพฟมยรลวสหอ", ["า", "ิ", "ี", "ุ", "ู", "ะ", "ั"]
    mya_c, mya_v = "ကခဂငစဆဇညတထဒနပဖဗဘမယရလဝသဟအ", ["ာ", "ိ", "ီ", "ု", "ူ", "ေ", "ဲ"]
    out = list(ENTITIES)
    seen = {default_normalizer(x) for x in out}
    while len(out) < n:
        kind = rng.random()
        if kind < 0.6:
            name = " ".join(w.capitalize() for w in rng.sample(words, rng.choice((2, 2, 3))))
        elif kind < 0.8:
            name = rng.choice(surnames) + "".join(rng.choices(given, k=rng.choice((1, 2))))
        elif kind < 0.9:
            name = "".join(rng.choice(thai_c) + rng.choice(thai_v) for _ in range(3))
        else:
            name = "".join(rng.choice(mya_c) + rng.choice(mya_v) for _ in range(3))
        if default_normalizer(name) not in seen:
            seen.add(default_normalizer(name))
            out.append(name)
    return out[:n]


def store_items(archive_root: Path, items: int, seed: int) -> None:
    from search_corpus import Vocabulary, make_item

    from main import open_archive

    vocab = Vocabulary.make(seed)
    archive = open_archive(archive_root)
    try:
        with archive.db.transaction() as con:
            for item_id in range(1, items + 1):
                item = make_item(item_id, seed, vocab)
                con.execute(
                    "INSERT INTO items(id, sha256, size, mime, filename, kind, title,"
                    " ingested_at, status, page_count) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (item_id, f"{item_id:064x}", len(item.body), "text/plain",
                     f"item-{item_id}.txt", item.kind, item.title, "2025-01-15T10:00:00Z",
                     "ok", len(item.pages)))
                con.executemany(
                    "INSERT INTO pages(item_id, number, text, method) VALUES (?,?,?,?)",
                    [(item_id, n, t, "parser") for n, t in enumerate(item.pages, 1)])
    finally:
        archive.close()


def store_names(archive: Any, names: list[str]) -> None:
    """The names as entities of the archive (people, organisations, places in turn)."""
    types = ("person", "organisation", "location")
    with archive.db.transaction() as con:
        con.executemany(
            "INSERT INTO entities(type, name, key, created) VALUES (?, ?, ?, ?)",
            [(types[n % 3], name, archive.key(name), "2025-01-15T10:00:00Z")
             for n, name in enumerate(names)])
        archive._bump(con)


def bench_watchlist(args: argparse.Namespace) -> None:
    from archive.detection import watchlist_rows
    from main import open_archive

    with tempfile.TemporaryDirectory(prefix="casefile-wl-") as tmp:
        root = Path(tmp) / "archive"
        t0 = time.perf_counter()
        store_items(root, args.items, args.seed)
        print(f"stored {args.items} generated items in {time.perf_counter() - t0:.1f} s")
        archive = open_archive(root)
        try:
            store_names(archive, make_names(args.names, args.seed))
            t0 = time.perf_counter()
            run = archive.detection_run()  # what Archive.detect compiles: every name and alias
            if args.engine:
                from archive.watchlist import Watchlist

                names = archive.db.execute("SELECT id, name FROM entities").fetchall()
                run.watchlist = Watchlist(names, archive.normalizer, engine=args.engine)
            print(f"watchlist: {len(run.watchlist)} names compiled in"
                  f" {time.perf_counter() - t0:.2f} s ({run.watchlist.engine})")
            ids = range(1, args.items + 1)
            reads, passes, matches, chars, pages = [], [], 0, 0, 0
            for _ in range(args.repeat):
                # Item by item as Archive.detect does: read the pages, then match them.
                t0 = time.perf_counter()
                texts = [archive.pages(i) for i in ids]
                reads.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                rows = [watchlist_rows(run, p.number, p.text) for item in texts for p in item]
                passes.append(time.perf_counter() - t0)
                matches = sum(map(len, rows))
                pages = sum(map(len, texts))
                chars = sum(len(p.text) for item in texts for p in item)
        finally:
            archive.close()
    read, scan = min(reads), min(passes)
    print(f"read {pages} pages ({chars / 1e6:.1f} M characters) from SQLite item by item"
          f" (Archive.pages): {read:.3f} s ({chars / read / 1e6:.0f} M characters/s)")
    print(f"watchlist pass (fold, match, word boundaries, suggestion rows): {scan:.3f} s,"
          f" {matches} suggestions ({chars / scan / 1e6:.0f} M characters/s)")
    print(f"ratio pass/read: {scan / read:.2f} (best of {args.repeat})")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--sample", type=int, default=0, help="print N random suggestions")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--watchlist", action="store_true", help="run the watchlist bench instead")
    p.add_argument("--names", type=int, default=5000)
    p.add_argument("--items", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=3, help="watchlist: best of N read/pass pairs")
    p.add_argument("--engine", choices=("hyperscan", "pyahocorasick"),
                   help="watchlist: this automaton instead of the fastest installed")
    args = p.parse_args()
    if args.watchlist:
        bench_watchlist(args)
    else:
        bench_detectors(args)


if __name__ == "__main__":
    main()
