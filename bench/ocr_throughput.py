"""OCR throughput: Casefile's image OCR with 1, 2 and all worker processes vs. plain `tesseract`.

Run: .venv/bin/python bench/ocr_throughput.py [--pages 12] [--set screens|pages]
Workers are processes with OMP_THREAD_LIMIT=1, one Tesseract each, as the archive runs them.
Two baselines, both one process on the same pages in the same run: the plain command as a
person types it (`tesseract IMAGE - -l eng+tha+mya+chi_sim+chi_tra`, Tesseract's own OpenMP
threads), which is what the goal of 0.9 x N is measured against, and the same command with
OMP_THREAD_LIMIT=1 (one thread, as in our workers; on small machines it is 2-4x faster).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LANGS = "eng+tha+mya+chi_sim+chi_tra"


def pages(which: str, count: int) -> list[Path]:
    if which == "screens":
        found = sorted(p for p in (CORPUS / "screens_dev").glob("d*.*") if p.suffix in
                       (".png", ".jpg"))
    else:
        folder = CORPUS / "fixtures_ingest_file"
        found = [folder / "hello_world_tiff.tif", CORPUS / "ocr_gt/ocrmypdf_pairs/linn.png",
                 folder / "regression_jpg.jpg", folder / "regression_gif.gif"]
    return (found * (count // len(found) + 1))[:count]


def casefile(path: Path) -> int:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from archive.models import ExtractOptions
    from ocr.images import extract_image

    with tempfile.TemporaryDirectory() as temp:
        result = extract_image(path, ExtractOptions(ocr_languages=LANGS, temp_dir=temp), LANGS)
    return len(result.pages)


def plain(path: Path) -> int:
    """The command as typed: Tesseract chooses its own threads."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    subprocess.run(["tesseract", str(path), "-", "-l", LANGS], capture_output=True, check=False,
                   env=env)
    return 1


def plain_one_thread(path: Path) -> int:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    subprocess.run(["tesseract", str(path), "-", "-l", LANGS], capture_output=True, check=False,
                   env=env)
    return 1


def rate(func: object, todo: list[Path], workers: int) -> float:
    started = time.monotonic()
    if workers == 1:
        for path in todo:
            func(path)  # type: ignore[operator]
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(func, todo))  # type: ignore[arg-type]
    return len(todo) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--set", choices=("screens", "pages"), default="screens")
    args = parser.parse_args()
    todo = pages(args.set, args.pages)
    base = rate(plain, todo, 1)
    single = rate(plain_one_thread, todo, 1)
    print(f"{args.set}: {len(todo)} pages; plain tesseract, 1 process: {base:.2f} pages/s "
          f"as typed, {single:.2f} pages/s with OMP_THREAD_LIMIT=1")
    cores = os.cpu_count() or 1
    for workers in sorted({1, 2, cores}):
        ours = rate(casefile, todo, workers)
        print(f"casefile, {workers} worker(s): {ours:.2f} pages/s = "
              f"{ours / base:.2f} x plain as typed (goal {0.9 * workers:.1f} x), "
              f"{ours / single:.2f} x plain with one thread")


if __name__ == "__main__":
    main()
