"""Verify speed: `Archive.verify` over N stored originals against `sha256sum` over the same
object files, in the same run (a ratio, so the machine's speed cancels out).

Run (2 cores are shared: take the lock):
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/verify_bench.py
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/verify_bench.py --objects 2000 --mb 400

Builds a throwaway archive with ``--objects`` originals of mixed sizes (``--mb`` in total, random
bytes, so nothing compresses), stored through the archive's own object store with one item row
each and a custody row per item. Then, ``--repeat`` times and alternating, runs verify (database
integrity check, every original re-hashed, the custody chain walked, the verify row written)
and `sha256sum` on the same files; reports the best time of each and verify / sha256sum. Both
read from the page cache after the first round: this measures the hashing and the overhead
around it, not the disk. Goal: verify within 1.3x of sha256sum.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import custody
from archive.service import Archive
from archive.storage import sha256_file


def build(root: Path, objects: int, total_mb: int, seed: int) -> tuple[Archive, list[Path]]:
    from main import open_archive

    rng = random.Random(seed)
    archive = open_archive(root / "archive")
    weights = [rng.paretovariate(1.2) for _ in range(objects)]
    scale = total_mb * 1024 * 1024 / sum(weights)
    src = root / "src"
    src.mkdir()
    paths = []
    for n, w in enumerate(weights):
        p = src / f"f{n:05d}.bin"
        p.write_bytes(rng.randbytes(max(1, int(w * scale))))
        sha, size = sha256_file(p)
        archive.storage.store_object(p, sha)
        p.unlink()
        with archive.db.transaction() as con:
            cur = con.execute(
                "INSERT INTO items(sha256, size, mime, filename, kind, title, ingested_at,"
                " status) VALUES (?,?,?,?,?,?,?,?)",
                (sha, size, "application/octet-stream", p.name, "document", p.name,
                 custody.now_iso(), "ok"))
            custody.append(con, actor="bench", action="ingest", item_id=cur.lastrowid,
                           detail={"sha256": sha})
        paths.append(archive.storage.object_path(sha))
    return archive, paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--objects", type=int, default=1000)
    ap.add_argument("--mb", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="verify-bench-") as tmp:
        archive, paths = build(Path(tmp), args.objects, args.mb, args.seed)
        total = sum(p.stat().st_size for p in paths)
        print(f"{len(paths)} originals, {total / 1024**2:.0f} MB, cpus={os.cpu_count()}")
        v_times, s_times = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            report = archive.verify()
            v_times.append(time.perf_counter() - t)
            assert report.ok, report.problems
            t = time.perf_counter()
            subprocess.run(["sha256sum", *map(str, paths)], check=True,
                           stdout=subprocess.DEVNULL)
            s_times.append(time.perf_counter() - t)
        archive.close()
    v, s = min(v_times), min(s_times)
    print(f"verify:    best {v:.3f} s  ({total / 1024**2 / v:.0f} MB/s)  runs {v_times}")
    print(f"sha256sum: best {s:.3f} s  ({total / 1024**2 / s:.0f} MB/s)  runs {s_times}")
    print(f"ratio verify / sha256sum = {v / s:.2f} (goal <= 1.30)")


if __name__ == "__main__":
    main()
