"""Hostile-file fuzzing: damaged copies of the corpus files go through the real ingest.

Run (2 cores are shared: take the lock):
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/fuzz_ingest.py --cases 2000
    flock /tmp/casefile-cpu.lock .venv/bin/python bench/fuzz_ingest.py --cases 200 --seed 3 --ocr

From the shared corpus's small files (PDF, office, e-mail, web, archives, images, text...) it
makes ``--cases`` mutants with a seeded random generator: truncated, bit-flipped, a header
spliced from a file of another format, zero-length, huge sizes written into length fields,
a block repeated. Each batch of ``--batch`` mutants is ingested into one archive by a child
process running the real ``Archive.ingest`` (real type sniffing, storage, worker processes with
their limits, extraction, SQLite, index). The parent watches the child: a child that dies is a
main-process crash, one that reports no progress for ``--hang`` seconds is a hang (killed).
Reported: cases run, crashes (must be 0), hangs (must be 0), cases recorded as an item (must
be all), statuses, failures grouped by reason, and whether ``verify`` passes at the end.

OCR is skipped unless ``--ocr`` (the archive's OCR language is set to one that is not
installed, so images and scans are decoded for real and then fail fast with "needs OCR"):
Tesseract on a thousand damaged pictures is slow and tests Tesseract, not Casefile.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CORPUS = REPO.parent / "shared" / "corpus"
SEED_FOLDERS = ("fixtures_ingest_file", "ocrmypdf_resources", "screens_dev", "ocr_gt")
MAX_SEED_BYTES = 300_000
MUTATIONS = ("truncate", "bitflip", "splice", "empty", "hugesize", "repeat")
WEIGHTS = (3, 4, 3, 0.3, 3, 2)  # zero-length files are all the same file: a few suffice
NO_OCR = "zzz"  # no Tesseract language has this name


def seeds(corpus: Path, limit: int, rng: random.Random) -> list[Path]:
    """Small corpus files, at most ``limit``, spread over the file types (by suffix)."""
    found = sorted(
        p for folder in SEED_FOLDERS if (corpus / folder).is_dir()
        for p in (corpus / folder).rglob("*")
        if p.is_file() and 0 < p.stat().st_size <= MAX_SEED_BYTES
    )
    by_suffix: dict[str, list[Path]] = {}
    for p in found:
        by_suffix.setdefault(p.suffix.lower(), []).append(p)
    picked: list[Path] = []
    while len(picked) < limit and any(by_suffix.values()):
        for suffix in sorted(by_suffix):
            if by_suffix[suffix] and len(picked) < limit:
                group = by_suffix[suffix]
                picked.append(group.pop(rng.randrange(len(group))))
    return picked


def mutate(data: bytes, donor: bytes, rng: random.Random, how: str) -> bytes:
    """One damaged copy of ``data``."""
    if how == "empty" or not data:
        return b""
    if how == "truncate":
        return data[: rng.randrange(0, len(data))]
    if how == "bitflip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 64)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
        return bytes(out)
    if how == "splice":  # another format's header on this body (or this header on another)
        k = rng.randint(4, 512)
        return donor[:k] + data[k:] if rng.random() < 0.7 else data[:k] + donor[k:]
    if how == "hugesize":
        return _huge_sizes(data, rng)
    start = rng.randrange(len(data))  # repeat: a block written again and again
    block = data[start: start + rng.randint(1, 4096)]
    return data[:start] + block * rng.randint(2, 200) + data[start:]


_LENGTH = re.compile(rb"/(Length|Size|Count|N|W)\s+\d+")


def _huge_sizes(data: bytes, rng: random.Random) -> bytes:
    """Length fields claiming far more than there is: PDF /Length and friends, and 32-bit
    words at random places (zip, PNG, OLE and JPEG keep their sizes in them)."""
    out = bytearray(data)
    matches = list(_LENGTH.finditer(data))
    for m in rng.sample(matches, min(len(matches), rng.randint(1, 8))):
        key = m.group(1)
        repl = b"/" + key + b" " + str(rng.choice((2**31 - 1, 2**32 + 7, 10**15))).encode()
        out[m.start(): m.end()] = repl[: m.end() - m.start()].ljust(m.end() - m.start(), b" ")
    for _ in range(rng.randint(1, 6)):
        if len(out) < 8:
            break
        pos = rng.randrange(0, len(out) - 4)
        out[pos: pos + 4] = rng.choice((b"\xff\xff\xff\xff", b"\x7f\xff\xff\xff",
                                        b"\x00\x00\x00\x80", b"\xff\xff\xff\x0f"))
    return bytes(out)


def make_mutants(folder: Path, seed_files: list[Path], start: int, count: int,
                 rng: random.Random) -> dict[str, str]:
    """Write ``count`` mutants into ``folder``; returns file name -> mutation."""
    folder.mkdir(parents=True)
    made: dict[str, str] = {}
    blobs = {p: p.read_bytes() for p in seed_files}
    for n in range(start, start + count):
        src = rng.choice(seed_files)
        donor = blobs[rng.choice(seed_files)]
        how = rng.choices(MUTATIONS, WEIGHTS)[0]
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", src.name)[-60:]
        name = f"{n:05d}-{how}-{safe}"
        (folder / name).write_bytes(mutate(blobs[src], donor, rng, how))
        made[name] = how
    return made


# --- the child: one batch through the real ingest ---------------------------------------
def child_batch(archive_path: Path, folder: Path, languages: str, case_seconds: float) -> None:
    from archive.workers import Limits
    from main import open_archive

    archive = open_archive(archive_path)
    limits = Limits(seconds=case_seconds, cpu_seconds=case_seconds, memory_bytes=1536 * 1024**2)

    def progress(done: int, total: int, name: str) -> None:
        print(f"PROGRESS {done} {total}", flush=True)

    report = archive.ingest([folder], case="fuzz", languages=languages, workers=2,
                            limits=limits, progress=progress)
    rows = [{"path": o.path, "item_id": o.item_id, "status": o.status, "reason": o.reason}
            for o in report.outcomes if o.parent_id is None]
    archive.close()
    print("RESULT " + json.dumps(rows), flush=True)


# --- the parent: batches, watching, the report -------------------------------------------
@dataclass
class Totals:
    cases: int = 0
    crashes: int = 0
    hangs: int = 0
    recorded: int = 0
    seconds: float = 0.0
    statuses: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    by_mutation: Counter[str] = field(default_factory=Counter)
    crash_notes: list[str] = field(default_factory=list)
    verify_ok: bool | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "cases": self.cases, "main_process_crashes": self.crashes, "hangs": self.hangs,
            "recorded_as_item": self.recorded, "seconds": round(self.seconds, 1),
            "statuses": dict(self.statuses), "mutations": dict(self.by_mutation),
            "failures_by_reason": dict(self.reasons.most_common()),
            "crash_notes": self.crash_notes[:20], "verify_ok": self.verify_ok,
        }


def reason_group(reason: str) -> str:
    """A reason without its file-specific details, to count alike failures together."""
    head, sep, rest = reason.partition(": ")
    if sep and ("/" in head or "." in head) and " " not in head:  # "member.xls: why" -> why
        reason = rest
    text = re.sub(r"\d+", "N", reason.split(" (")[0].split(": ")[0])
    return text[:90]


def run_batch(archive: Path, folder: Path, made: dict[str, str], totals: Totals, *,
              languages: str, case_seconds: float, hang: float) -> None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(archive), str(folder),
           "--languages", languages, "--case-seconds", str(case_seconds)]
    errors = folder.with_suffix(".stderr")
    with errors.open("w") as err_file:  # a file, not a pipe: a chatty child never blocks
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err_file, text=True,
                                start_new_session=True, cwd=REPO)
    assert proc.stdout is not None
    result: list[dict[str, object]] | None = None
    last = time.monotonic()
    hung = False
    while True:
        ready, _, _ = select.select([proc.stdout], [], [], 1.0)
        if ready:
            line = proc.stdout.readline()
            if not line:
                break
            last = time.monotonic()
            if line.startswith("RESULT "):
                result = json.loads(line[7:])
        elif time.monotonic() - last > hang:
            hung = True
            os.killpg(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    err = errors.read_text(errors="replace")
    totals.cases += len(made)
    for how in made.values():
        totals.by_mutation[how] += 1
    if hung:
        totals.hangs += len(made)  # the batch as a whole stopped moving
        return
    if proc.returncode != 0 or result is None:
        totals.crashes += 1
        totals.crash_notes.append(f"exit {proc.returncode}: {err.strip()[-400:]}")
        return
    seen = {Path(str(r["path"])).name: r for r in result}
    for name in made:
        row = seen.get(name)
        if row is None or not row["item_id"]:
            totals.statuses["not recorded"] += 1
            continue
        totals.recorded += 1
        totals.statuses[str(row["status"])] += 1
        if row["status"] not in ("ok", "duplicate"):
            totals.reasons[reason_group(str(row["reason"]))] += 1


def fuzz(cases: int, *, seed: int = 9, batch: int = 250, ocr: bool = False,
         case_seconds: float = 30.0, hang: float = 120.0, corpus: Path = CORPUS,
         work: Path | None = None, seed_limit: int = 60) -> Totals:
    rng = random.Random(seed)
    seed_files = seeds(corpus, seed_limit, rng)
    if not seed_files:
        raise SystemExit(f"no corpus files under {corpus}")
    totals = Totals()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fuzz-", dir=work) as tmp:
        archive = Path(tmp) / "archive"
        languages = "eng" if ocr else NO_OCR
        done = 0
        while done < cases:
            count = min(batch, cases - done)
            folder = Path(tmp) / f"batch-{done:05d}"
            made = make_mutants(folder, seed_files, done, count, rng)
            run_batch(archive, folder, made, totals, languages=languages,
                      case_seconds=case_seconds, hang=hang)
            done += count
        totals.verify_ok = _verify(archive)
    totals.seconds = time.monotonic() - started
    return totals


def _verify(archive: Path) -> bool:
    from main import open_archive

    with open_archive(archive, create=False) as a:
        return a.verify().ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--batch", type=int, default=250)
    ap.add_argument("--ocr", action="store_true", help="OCR images and scans (slow)")
    ap.add_argument("--case-seconds", type=float, default=30.0)
    ap.add_argument("--hang", type=float, default=120.0,
                    help="seconds without progress that count as a hang")
    ap.add_argument("--languages", default=NO_OCR)
    ap.add_argument("--child", nargs=2, metavar=("ARCHIVE", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child_batch(Path(args.child[0]), Path(args.child[1]), args.languages,
                    args.case_seconds)
        return
    totals = fuzz(args.cases, seed=args.seed, batch=args.batch, ocr=args.ocr,
                  case_seconds=args.case_seconds, hang=args.hang)
    print(json.dumps(totals.as_dict(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
