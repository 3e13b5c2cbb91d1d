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
archive's SQLite file; reports the time of the Aho-Corasick pass next to the time it takes to
read the same items' text from SQLite in the same run.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive.detectors import detect
from archive.watchlist import Watchlist

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


def bench_watchlist(args: argparse.Namespace) -> None:
    from index.analysis import normalize
    from main import open_archive

    with tempfile.TemporaryDirectory(prefix="casefile-wl-") as tmp:
        root = Path(tmp) / "archive"
        t0 = time.perf_counter()
        store_items(root, args.items, args.seed)
        print(f"stored {args.items} generated items in {time.perf_counter() - t0:.1f} s")
        names = make_names(args.names, args.seed)
        t0 = time.perf_counter()
        watchlist = Watchlist(enumerate(names, 1), normalize)
        print(f"watchlist: {len(watchlist)} names compiled in {time.perf_counter() - t0:.2f} s")
        archive = open_archive(root)
        try:
            t0 = time.perf_counter()
            pages = archive.db.execute(
                "SELECT item_id, number, text FROM pages ORDER BY item_id, number").fetchall()
            bulk = time.perf_counter() - t0
            t0 = time.perf_counter()
            per_item = sum(len(archive.pages(i)) for i in range(1, args.items + 1))
            read = time.perf_counter() - t0
            chars = sum(len(p[2]) for p in pages)
            t0 = time.perf_counter()
            matches = sum(len(watchlist.find(p[2])) for p in pages)
            scan = time.perf_counter() - t0
        finally:
            archive.close()
    print(f"read {len(pages)} pages ({chars / 1e6:.1f} M characters) from SQLite:"
          f" {read:.2f} s item by item as detection does (Archive.pages, {per_item} pages),"
          f" {bulk:.2f} s in one SELECT")
    print(f"Aho-Corasick pass: {scan:.2f} s, {matches} matches"
          f" ({chars / scan / 1e6:.1f} M characters/s)")
    print(f"ratio pass/read: {scan / read:.2f} (item by item), {scan / bulk:.2f} (one SELECT)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--sample", type=int, default=0, help="print N random suggestions")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--watchlist", action="store_true", help="run the watchlist bench instead")
    p.add_argument("--names", type=int, default=5000)
    p.add_argument("--items", type=int, default=10_000)
    args = p.parse_args()
    if args.watchlist:
        bench_watchlist(args)
    else:
        bench_detectors(args)


if __name__ == "__main__":
    main()
