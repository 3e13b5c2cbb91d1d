"""OCR throughput: Casefile's image OCR with 1, 2 and all worker processes vs. plain `tesseract`.

Run: .venv/bin/python bench/ocr_throughput.py [--pages 12] [--set screens|pages]
Workers are processes with OMP_THREAD_LIMIT=1, one Tesseract each, as the archive runs them.
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
    print(f"{args.set}: {len(todo)} pages; plain tesseract, 1 process: {base:.2f} pages/s")
    cores = os.cpu_count() or 1
    for workers in sorted({1, 2, cores}):
        ours = rate(casefile, todo, workers)
        print(f"casefile, {workers} worker(s): {ours:.2f} pages/s = "
              f"{ours / base:.2f} x plain single-process (goal {0.9 * workers:.1f} x)")


if __name__ == "__main__":
    main()
