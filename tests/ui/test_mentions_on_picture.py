"""A name tagged in a screenshot's text is framed on the screenshot itself, by its OCR boxes."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QRectF

from ui.main_window import MainWindow

LONG = 180_000


def test_a_tagged_name_is_framed_on_the_page_picture_in_its_type_s_colour(
    qtbot, window: MainWindow, corpus: Path, tmp_path: Path,
) -> None:
    archive = window.archive
    shot = tmp_path / "chat.png"
    shutil.copy(corpus / "screens_dev" / "d000_en_light.png", shot)
    archive.ingest([shot], case="Chats", workers=1)
    [item] = archive.items(case="Chats")
    text = archive.page_text(item.id, 1)
    start = text.index("Shwe Kokko")
    archive.tag_span(item.id, 1, start, start + len("Shwe Kokko"), "Shwe Kokko",
                     type="compound")
    with qtbot.waitSignal(window.viewer.page_loaded, timeout=LONG):
        window.show_item(item.id)
    suggested = [m for m in archive.mentions(item_id=item.id) if m.state == "suggested"]
    marks = {m.toolTip(): m for m in window.viewer.page_view.mentions}
    assert len(marks) == 1 + len(suggested)  # the detectors' suggestions are framed too
    [compound] = [m for tip, m in marks.items() if tip.endswith(": Shwe Kokko")]
    words = archive.word_boxes(item.id, 1)
    assert words is not None
    framed = compound.rect()
    scale = window.viewer.page_view.pixmap.width() / words.width
    inside = [w for w in words.words if w.text in ("Shwe", "Kokko")
              and framed.contains(QRectF(w.left * scale, w.top * scale,
                                         w.width * scale, w.height * scale))]
    assert {w.text for w in inside} == {"Shwe", "Kokko"}
