"""On a 13-inch laptop's 1366x768 every panel stays usable with the timeline open, the viewer
shows the file's own details without scrolling, and headings read in the dark theme too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QTextBrowser

from archive.service import Archive
from ui.app import application
from ui.layout import heading_colour, muted_colour
from ui.main_window import MainWindow
from ui.preferences import apply_theme

LONG = 180_000
CASE = "KK Park"
MAIL = ("From: recruiter@example.com\nTo: nadia@example.com\nSubject: Job in Bangkok\n"
        "Date: Tue, 9 Jan 2024 10:00:00 +0700\n\nCome to Mae Sot on 3 February.\n")


def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(params=["light", "dark"])
def small(request, qtbot, archive: Archive, write_texts) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The window at 1366x768 in a theme, an e-mail shown, the case's timeline open."""
    app = application()
    style, palette = app.style().name(), QPalette(app.palette())
    apply_theme(request.param, app)
    archive.ingest(write_texts({"job-offer.eml": MAIL}), case=CASE, workers=1)
    event = archive.add_event(CASE, "Job offer by e-mail", "2024-01-09")
    archive.cite(event.id, archive.items()[0].id, quote="Come to Mae Sot")
    w = MainWindow(archive)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: w.case_model.rowCount() >= 1 and not w.tasks.busy, timeout=LONG)
    with qtbot.waitSignal(w.cases_loaded, timeout=LONG):
        w.refresh_cases(select=CASE)
    with qtbot.waitSignal(w.timeline.panel.loaded, timeout=LONG):
        w.timeline.show_action.trigger()
    with qtbot.waitSignal(w.item_shown, timeout=LONG):
        w.show_item(archive.items()[0].id)
    qtbot.waitUntil(lambda: not w.tasks.busy, timeout=LONG)
    QApplication.processEvents()  # let the docks take their sizes (no work is pending)
    yield w
    w.shutdown()
    w.close()
    shiboken6.delete(w)
    app.setStyle(style)
    app.setPalette(palette)
    QApplication.styleHints().unsetColorScheme()


def test_with_the_timeline_open_every_panel_keeps_room_to_work(small: MainWindow) -> None:
    w = small
    timeline = w.timeline.dock.height()
    assert 230 <= timeline <= 0.4 * w.height()
    rows = w.timeline.panel.canvas.viewport().height()
    assert rows >= 120  # the axis and four rows of events at least
    # The left column keeps the window's height: the timeline does not run under it.
    assert w.docks["cases"].geometry().left() < w.timeline.dock.geometry().left()
    for name in ("cases", "facets"):
        assert w.docks[name].height() >= 150, name
    assert w.item_view.viewport().height() >= 100  # five rows of the list
    assert w.viewer.text.viewport().height() >= 120  # the item's text can be read


def shows(meta: QTextBrowser, words: str) -> bool:
    """Whether ``words`` are inside the visible part of the details box."""
    cursor = meta.document().find(words)
    assert not cursor.isNull(), words
    where = meta.cursorRect(cursor)
    return where.top() >= 0 and where.bottom() <= meta.viewport().height()


def test_the_details_box_shows_the_files_own_section(qtbot, small: MainWindow) -> None:
    meta = small.viewer.meta
    assert shows(meta, "From the file")  # even with the timeline open
    small.timeline.dock.close()
    qtbot.waitUntil(lambda: shows(meta, "Job in Bangkok"), timeout=LONG)
    assert shows(meta, "recruiter@example.com") and shows(meta, "2024-01-09")


def test_headings_and_labels_contrast_with_their_background(small: MainWindow) -> None:
    palette = small.viewer.meta.palette()
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(heading_colour(palette), base) >= 4.5
    assert contrast(muted_colour(palette), base) >= 3
    html = small.viewer.meta.toHtml()
    assert heading_colour(palette).name() in html
    page_heading = small.viewer.text.document().find("Page 1").charFormat()
    assert contrast(page_heading.foreground().color(), base) >= 4.5


def test_the_timeline_is_drawn_in_the_themes_colours(small: MainWindow) -> None:
    from ui.timeline_paint import AXIS_H, HEADER_W, ink_of

    canvas = small.timeline.panel.canvas
    picture = canvas.viewport().grab().toImage()
    base = canvas.palette().color(QPalette.ColorRole.Base)
    lane = picture.pixelColor(picture.width() - 5, AXIS_H + 20)  # an empty stretch of lane
    header = picture.pixelColor(HEADER_W - 6, picture.height() - 10)  # under the lane names
    assert abs(lane.lightness() - base.lightness()) < 40
    assert abs(header.lightness() - base.lightness()) < 40
    ink = ink_of(canvas)
    assert contrast(ink.text, ink.lanes[0]) >= 7 and contrast(ink.muted, ink.lanes[1]) >= 4.5
