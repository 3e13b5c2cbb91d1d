"""OCR accuracy: Casefile's image OCR vs. plain `tesseract` on screenshots and ground-truth lines.

Run: .venv/bin/python bench/ocr_accuracy.py [--workers 2] [--only screens|gt] [--json]
Character error rate (Levenshtein distance / reference length, after NFC), with whitespace
collapsed ("ws") and with all whitespace removed ("nows"), per language group and theme of
screens_dev and per set of ocr_gt. easyocr_scene references are approximate: they are scored
as bag-of-tokens recall (share of reference tokens found in the output), not CER.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LANGS = "eng+tha+mya+chi_sim+chi_tra"


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        previous = current
    return previous[-1]


def variants(text: str) -> tuple[str, str]:
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split()), re.sub(r"\s+", "", text)


def score(ref: str, hyp: str) -> dict[str, int]:
    ref_ws, ref_nows = variants(ref)
    hyp_ws, hyp_nows = variants(hyp)
    return {
        "ws_err": levenshtein(ref_ws, hyp_ws),
        "ws_len": len(ref_ws),
        "nows_err": levenshtein(ref_nows, hyp_nows),
        "nows_len": len(ref_nows),
    }


def bag_recall(ref: str, hyp: str) -> dict[str, int]:
    tokens = [t for t in variants(ref)[0].split(" ") if t]
    flat = variants(hyp)[1]
    found = sum(1 for t in tokens if re.sub(r"\s+", "", t) in flat)
    return {"tokens": len(tokens), "found": found}


def samples() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    screens = CORPUS / "screens_dev"
    for meta_path in sorted(screens.glob("d*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        image = screens / meta["image"]
        group = meta["variant"] if meta["group"] == "zh" else meta["group"]
        out.append(
            {
                "set": "screens",
                "path": str(image),
                "ref": (screens / f"{image.stem}.gt.txt").read_text(encoding="utf-8"),
                "keys": [f"lang {group}", f"theme {meta['theme']}", "screens all"],
            }
        )
    gt = CORPUS / "ocr_gt"
    for folder in ("thai_trdg", "myanmar_myOCR", "ocrmypdf_pairs"):
        for ref in sorted((gt / folder).glob("*.gt.txt")):
            image = next(p for p in ref.parent.glob(ref.name[: -len(".gt.txt")] + ".*")
                         if not p.name.endswith(".txt"))
            out.append({"set": "gt", "path": str(image), "ref": ref.read_text("utf-8"),
                        "keys": [f"ocr_gt {folder}"]})
    scenes = sorted((gt / "easyocr_scene").glob("*.ref.txt"))
    for ref in [*scenes, gt / "ocrmypdf_pairs" / "linn.ref.txt"]:
        image = next(p for p in ref.parent.glob(ref.name[: -len(".ref.txt")] + ".*")
                     if not p.name.endswith(".txt"))
        out.append({"set": "gt", "path": str(image), "ref": ref.read_text("utf-8"),
                    "keys": [f"bag {ref.parent.name}/{image.name}"], "bag": True})
    return out


def plain(path: str) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(["tesseract", path, "-", "-l", LANGS], capture_output=True,
                          check=False, env=env)
    return done.stdout.decode("utf-8", "replace")


def casefile(path: str, temp: str) -> tuple[str, dict[str, Any]]:
    from archive.models import ExtractOptions
    from ocr.images import extract_image

    options = ExtractOptions(ocr_languages=LANGS, temp_dir=temp)
    result = extract_image(Path(path), options, LANGS)
    text = "\n".join(page.text for page in result.pages)
    return text, result.metadata


def run_one(sample: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as temp:
        started = time.monotonic()
        ours, meta = casefile(sample["path"], temp)
        ours_s = time.monotonic() - started
        started = time.monotonic()
        theirs = plain(sample["path"])
        plain_s = time.monotonic() - started
    measure = bag_recall if sample.get("bag") else score
    return {**sample, "ours": measure(sample["ref"], ours), "plain": measure(sample["ref"], theirs),
            "ours_text": ours, "plain_text": theirs, "ours_s": ours_s, "plain_s": plain_s,
            "low_confidence": bool(meta.get("low_confidence")),
            "confidence": meta.get("ocr_confidence")}


def table(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in results:
        for key in r["keys"]:
            for who in ("ours", "plain"):
                for name, value in r[who].items():
                    sums[key][f"{who}_{name}"] += value
            sums[key]["n"] += 1
            sums[key]["ours_s"] += r["ours_s"]
            sums[key]["plain_s"] += r["plain_s"]
    rows = []
    for key in sorted(sums):
        s = sums[key]
        row: dict[str, Any] = {"key": key, "n": int(s["n"])}
        for who in ("plain", "ours"):
            if key.startswith("bag"):
                row[f"{who}_recall"] = s[f"{who}_found"] / max(1, s[f"{who}_tokens"])
            else:
                row[f"{who}_cer_ws"] = s[f"{who}_ws_err"] / max(1, s[f"{who}_ws_len"])
                row[f"{who}_cer_nows"] = s[f"{who}_nows_err"] / max(1, s[f"{who}_nows_len"])
            row[f"{who}_s"] = s[f"{who}_s"] / s["n"]
        rows.append(row)
    return rows


def show(rows: list[dict[str, Any]]) -> None:
    head = (f"{'set':<28}{'n':>3}  {'plain ws':>9}{'plain nows':>11}  {'ours ws':>8}"
            f"{'ours nows':>10}  {'ratio':>6}  {'plain s':>8}{'ours s':>7}")
    print(head)
    print("-" * len(head))
    for r in rows:
        if "plain_recall" in r:
            print(f"{r['key']:<28}{r['n']:>3}  token recall plain {r['plain_recall']:6.1%}"
                  f"  ours {r['ours_recall']:6.1%}{'':>11}{r['plain_s']:>8.2f}{r['ours_s']:>7.2f}")
            continue
        ratio = r["ours_cer_nows"] / r["plain_cer_nows"] if r["plain_cer_nows"] else 0.0
        print(f"{r['key']:<28}{r['n']:>3}  {r['plain_cer_ws']:>9.1%}{r['plain_cer_nows']:>11.1%}"
              f"  {r['ours_cer_ws']:>8.1%}{r['ours_cer_nows']:>10.1%}  {ratio:>6.2f}"
              f"  {r['plain_s']:>8.2f}{r['ours_s']:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=("screens", "gt"))
    parser.add_argument("--match", default="", help="only images whose path contains this")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--dump", type=Path, help="write every output text to this JSON file")
    args = parser.parse_args()
    todo = [s for s in samples() if (not args.only or s["set"] == args.only)
            and args.match in s["path"]]
    started = time.monotonic()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(run_one, todo))
    rows = table(results)
    if args.dump:
        args.dump.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        show(rows)
        low = [Path(r["path"]).name for r in results if r["low_confidence"]]
        print(f"\n{len(results)} images in {time.monotonic() - started:.0f} s; "
              f"flagged low confidence: {', '.join(low) or 'none'}")


if __name__ == "__main__":
    main()
