"""A kill in the middle of an import loses nothing and duplicates nothing once it is run again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[2]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _cli(archive: Path, *args: str, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "--archive", str(archive), *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, **kw,  # type: ignore[call-overload]
    )


def _make_batch(folder: Path) -> list[str]:
    """50 files: text notes and images that need OCR (so the import takes a while)."""
    folder.mkdir()
    words = []
    font = ImageFont.truetype(str(FONT), 36) if FONT.exists() else ImageFont.load_default()
    for n in range(50):
        # Letters only: OCR confuses 0 and O, and the test needs exact words back.
        word = "mark" + f"{n:02d}".translate(str.maketrans("0123456789", "adefhkmnpr")) + "er"
        words.append(word)
        if n % 2:
            (folder / f"note-{n:02d}.txt").write_text(f"Witness note {n}: {word} seen at the gate.")
        else:
            img = Image.new("RGB", (900, 120), "white")
            ImageDraw.Draw(img).text((20, 35), f"Transfer {word} received", fill="black", font=font)
            img.save(folder / f"shot-{n:02d}.png")
    return words


def _done_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            row = con.execute("SELECT COUNT(*) FROM items WHERE status != 'pending'").fetchone()
            return int(row[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_sigkill_during_an_import_then_the_same_import_again(
    tmp_path: Path, tesseract: str
) -> None:
    batch = tmp_path / "batch"
    words = _make_batch(batch)
    archive = tmp_path / "archive"
    db = archive / "casefile.db"

    proc = _cli(archive, "ingest", str(batch), "--case", "crash", "--lang", "eng")
    deadline = time.monotonic() + 180
    while _done_count(db) < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    done_at_kill = _done_count(db)
    assert 8 <= done_at_kill < 50

    again = _cli(archive, "ingest", str(batch), "--case", "crash", "--lang", "eng", "--json")
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    report = json.loads(out)
    assert len(report["outcomes"]) == 50

    listing = _cli(archive, "items", "--json")
    items = json.loads(listing.communicate(timeout=120)[0])
    assert len(items) == 50, "every file is exactly one item"
    assert len({i["sha256"] for i in items}) == 50
    assert {i["status"] for i in items} == {"ok"}

    verify = _cli(archive, "verify")
    vout, verr = verify.communicate(timeout=120)
    assert verify.returncode == 0, vout + verr
    assert "intact" in vout

    for word in (words[0], words[25], words[49]):
        search = _cli(archive, "search", word, "--json")
        sout, serr = search.communicate(timeout=120)
        assert search.returncode == 0, serr
        assert json.loads(sout)["total"] == 1, word


def test_an_import_stopped_while_unpacking_a_zip_finishes_its_members_next_time(
    tmp_path: Path, tesseract: str
) -> None:
    import threading
    import zipfile

    from main import open_archive

    bundle = tmp_path / "phone-export.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        for n in range(40):
            z.writestr(f"chats/note-{n:02d}.txt", f"Chat note {n}: transfer reference kk{n:02d}x")
    cancel = threading.Event()

    def stop_after_a_few(done: int, total: int, name: str) -> None:
        if done >= 5:
            cancel.set()

    with open_archive(tmp_path / "archive") as archive:
        first = archive.ingest([bundle], case="demo", cancel=cancel, progress=stop_after_a_few,
                               workers=1)
        assert first.cancelled
        zip_item = next(i for i in archive.items() if i.filename == "phone-export.zip")
        # Not all members are in yet: the zip says so instead of claiming "ok".
        assert zip_item.status == "pending"
        archive.ingest([bundle], case="demo")
        members = archive.children(zip_item.id)
        assert len(members) == 40
        assert {m.status for m in members} == {"ok"}
        assert archive.item(zip_item.id).status == "ok"
        assert archive.search("kk39x").total == 1
