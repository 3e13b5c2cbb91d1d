"""Chat screenshots through the real pipeline (Tesseract): wallets and numbers are suggested."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from archive.service import Archive
from archive.wallets import base58check_encode

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def wallets_in(archive: Archive, item_id: int) -> list[str]:
    return [m.entity_name for m in archive.mentions(item_id=item_id)
            if m.entity_type == "wallet"]


def chat_screenshot(path: Path, lines: list[str]) -> Path:
    """A phone-sized chat screenshot: one white bubble of text on a beige background."""
    image = Image.new("RGB", (720, 1280), (236, 229, 221))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    draw.rounded_rectangle((30, 300, 690, 320 + 50 * len(lines)), 18, fill=(255, 255, 255))
    for n, line in enumerate(lines):
        draw.text((50, 315 + 50 * n), line, font=font, fill=(20, 20, 20))
    image.save(path)
    return path


def test_a_tron_address_in_a_screenshot_is_suggested(archive: Archive, tmp_path: Path) -> None:
    # The corpus screenshots' TRON addresses were drawn at random and fail their checksum
    # (see the next test), so this one is made with a valid address, wrapped like a bubble.
    tron = base58check_encode(b"\x41" + hashlib.sha256(b"casefile").digest()[:20])
    shot = chat_screenshot(tmp_path / "deposit.png",
                           ["Deposit USDT (TRC20) to:", tron[:22], tron[22:]])
    report = archive.ingest([shot], case="KK Park")
    item_id = int(report.outcomes[0].item_id or 0)
    assert report.outcomes[0].status == "ok"
    assert wallets_in(archive, item_id) == [tron]
    [mention] = archive.mentions(entity=tron)
    assert mention.state == "suggested" and mention.origin == "detector"


def test_random_tron_lookalikes_in_corpus_screenshots_are_not_wallets(
    archive: Archive, corpus: Path
) -> None:
    # d016's "TBBbry...DZTfp" is 34 base58 characters starting with T, as a TRON address is,
    # but its checksum fails: the generator drew it at random. A Thai number is found.
    shots = corpus / "screens_dev"
    report = archive.ingest([shots / "d016_th_light.png", shots / "d011_th_lowq.jpg"],
                            case="screens")
    ids = {Path(o.path).name: int(o.item_id or 0) for o in report.outcomes}
    assert wallets_in(archive, ids["d016_th_light.png"]) == []
    phones = [m.entity_name for m in archive.mentions(item_id=ids["d011_th_lowq.jpg"])
              if m.entity_type == "phone"]
    assert phones == ["+66826358604"]
