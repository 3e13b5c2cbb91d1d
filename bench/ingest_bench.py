"""Ingest throughput: Casefile's import of generated screenshots vs. plain `tesseract` on them.

Run: .venv/bin/python bench/ingest_bench.py [--files 40] [--workers N]
Prints files/s for both and their ratio, measured in the same run on the same images.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "Recruiter promised a job in Bangkok, salary 30,000 baht",
    "Driver took us across the river near Mae Sot at night",
    "Passport taken on arrival at the compound in Myawaddy",
    "Transfer 5,000 USDT to the wallet before release",
]


def make_images(folder: Path, count: int) -> list[Path]:
    font = ImageFont.truetype(FONT, 28) if Path(FONT).exists() else ImageFont.load_default()
    paths = []
    for n in range(count):
        img = Image.new("RGB", (1080, 600), "white")
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(LINES):
            draw.text((40, 60 + i * 110), f"{n:03d} {line}", fill="black", font=font)
        p = folder / f"shot-{n:03d}.png"
        img.save(p)
        paths.append(p)
    return paths


def plain_tesseract(paths: list[Path], lang: str) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    for p in paths:
        subprocess.run(["tesseract", str(p), "-", "-l", lang], capture_output=True, env=env,
                       check=True)
    return time.perf_counter() - start


def casefile_ingest(folder: Path, archive: Path, lang: str, workers: int) -> float:
    from main import open_archive

    with open_archive(archive) as a:
        start = time.perf_counter()
        report = a.ingest([folder], case="bench", languages=lang, workers=workers)
        elapsed = time.perf_counter() - start
    bad = [o for o in report.outcomes if o.status != "ok"]
    if bad:
        raise SystemExit(f"ingest failed for {len(bad)} files: {bad[0]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--lang", default="eng")
    args = ap.parse_args()
    if not shutil.which("tesseract"):
        raise SystemExit("tesseract is not installed (apt-get install tesseract-ocr)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "images"
        folder.mkdir()
        paths = make_images(folder, args.files)
        t_plain = plain_tesseract(paths, args.lang)
        t_case = casefile_ingest(folder, Path(tmp) / "archive", args.lang, args.workers)
    n = len(paths)
    print(f"files: {n}, languages: {args.lang}, Casefile workers: {args.workers}")
    print(f"plain tesseract, 1 process : {n / t_plain:6.2f} files/s ({t_plain:.1f} s)")
    print(f"casefile ingest (store, OCR, index): {n / t_case:6.2f} files/s ({t_case:.1f} s)")
    print(f"ratio casefile / plain     : {t_plain / t_case:6.2f}x")


if __name__ == "__main__":
    main()
