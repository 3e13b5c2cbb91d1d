"""Render the window on a demo archive to docs/screenshot-main.png, -viewer.png, -batch.png,
-entities.png, -entity-page.png and -timeline.png.

Usage: .venv/bin/python scripts/screenshot.py [ARCHIVE] [--query WORDS] [--out PATH]
                                              [--viewer-query WORDS] [--viewer-out PATH]
                                              [--batch-out PATH] [--entities-out PATH]
                                              [--entity-page-out PATH] [--timeline-out PATH]
                                              [--size WxH]
Without ARCHIVE a temporary archive is filled with a few files from ../shared/corpus (and a small
ZIP made on the spot) into a case "demo", with saved searches made before the ZIP came in (so
the list shows new hits). The second picture shows the best hit of the viewer query with its
page picture and OCR boxes; the third the batch search of a short list; the fourth a testimony
with its entity mentions marked, the entities panel and the suggestions left to decide; the
fifth the page of one entity; the sixth the timeline of a second case (a recruitment in Bangkok,
the crossing of the Moei near Mae Sot, months held at KK Park, a raid two news items date
differently), made just before it is shot so that the other pictures stay as they were.
Works under `xvfb-run -a` and QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DEMO_FILES = (
    "fixtures_ingest_file/hello_world_tiff.tif",
    "fixtures_ingest_file/106972554.pdf",
    "fixtures_ingest_file/utf.txt",
    "ocr_gt/thai_trdg/thai_00.jpg",
    "fixtures_ingest_file/empty.pdf",  # fails: shows how a failure looks
    "screens_dev/d000_en_light.png",  # a chat screenshot: the viewer picture
)
DEMO_ZIP = {  # members show under their ZIP in the item tree
    "chats/boss.txt": "The boss said we owe 30000 baht before we can leave the compound.",
    "chats/agent.txt": "The agent promised a job in Bangkok, then drove us to Myawaddy.",
}
DEMO_CASE = "demo"
DEMO_QUERY = "court OR อากาศ"  # an English and a Thai hit: shows both scripts render
VIEWER_QUERY = "visa"  # found on the chat screenshot: its words are marked on the picture
# Saved before the ZIP is imported: (name, query, in the demo case only)
DEMO_SAVED = (("Myawaddy transfers", "Myawaddy OR baht", True), ("court", "court", False),
              ("Bangkok job offers", "Bangkok job", False))
BATCH_LINES = "Bangkok\nMyawaddy\n30000 baht\nhello world\nZhao Wei\ndate:2024-13\n"
TIMEOUT_MS = 300_000
TESTIMONY = ("testimony.txt", (
    "Testimony recorded in Mae Sot on 12 March 2024.\n"
    "Aye Aye told us that the agent Zhao Wei met her in Bangkok and promised a job in a hotel."
    " He drove her and six others across the river to KK Park, near Myawaddy. The manager there,"
    " 赵伟 again, took their passports. Recruits were told to call 081-234-5678 or to write to"
    " hr.kkpark@gmail.com; on Telegram @zhaowei_kk.\n"
    "She escaped in June with the help of a driver from Myawaddy."))
# (name, type, aliases, protected) added before the demo files come in: the watchlist finds them
DEMO_ENTITIES = (("Zhao Wei", "person", ("赵伟",), False), ("KK Park", "compound", (), False),
                 ("Myawaddy", "location", (), False), ("Aye Aye", "person", (), True),
                 ("Bangkok", "location", (), False))
CONFIRMED = ("Zhao Wei", "KK Park", "081-234-5678")  # suggestions confirmed in the demo
PAGE_ENTITY = "Zhao Wei"
STORY_CASE = "KK Park 2024"
STORY_NEWS = (
    ("bangkok-post-raid.txt",
     "Bangkok Post, 5 March 2024.\nThai and Myanmar officials said a raid on KK Park, near"
     " Myawaddy, took place on 3 March 2024. More than 200 workers were freed and taken to"
     " Mae Sot."),
    ("irrawaddy-raid.txt",
     "The Irrawaddy, 20 April 2024.\nWorkers still inside KK Park said the raid came on"
     " 17 April 2024, weeks later than officials claimed, and that most of them were moved"
     " to another compound the night before."),
)
# (title, start, end, place, [(entity, role)], [(item file, quote)])
STORY_EVENTS = (
    ("Recruitment adverts on Telegram", "late 2023", None, None,
     [("Zhao Wei", "recruiter")], [("testimony.txt", "on Telegram @zhaowei_kk")]),
    ("Recruited in Bangkok with a hotel job offer", "2024-01", None, "Bangkok",
     [("Zhao Wei", "recruiter"), ("Aye Aye", "victim")],
     [("testimony.txt", "met her in Bangkok and promised a job in a hotel")]),
    ("Driven across the Moei near Mae Sot", "2024-02-03", "2024-02-05", "Mae Sot",
     [("Zhao Wei", "perpetrator"), ("Aye Aye", "victim")],
     [("testimony.txt", "drove her and six others across the river to KK Park")]),
    ("Held at KK Park, passports taken", "2024-02-05", "2024-06-10", "KK Park",
     [("Zhao Wei", "perpetrator"), ("Aye Aye", "victim")],
     [("testimony.txt", "took their passports")]),
    ("Police raid on KK Park", "2024-03-03", None, "KK Park", [],
     [("bangkok-post-raid.txt", "a raid on KK Park, near Myawaddy, took place on 3 March 2024"),
      ("irrawaddy-raid.txt", "the raid came on 17 April 2024")]),
    ("Testimony recorded in Mae Sot", "2024-03-12", None, "Mae Sot", [("Aye Aye", "witness")],
     [("testimony.txt", "Testimony recorded in Mae Sot on 12 March 2024")]),
    ("Escaped with a driver from Myawaddy", "2024-06", None, "Myawaddy",
     [("Aye Aye", "victim")], [("testimony.txt", "She escaped in June")]),
)

log = logging.getLogger("screenshot")


def fill(archive: Any, tmp: Path) -> None:
    """Import the demo files into the case "demo" (synchronously, before the window opens)."""
    for name, type_, aliases, protected in DEMO_ENTITIES:
        archive.add_entity(name, type_, aliases=aliases, protected=protected)
    testimony = tmp / TESTIMONY[0]
    testimony.write_text(TESTIMONY[1], encoding="utf-8")
    paths = [testimony, *(CORPUS / p for p in DEMO_FILES if (CORPUS / p).exists())]
    if len(paths) > 1:
        bundle = tmp / "phone-export.zip"
        with zipfile.ZipFile(bundle, "w") as z:
            for name, text in DEMO_ZIP.items():
                z.writestr(name, text)
        paths.append(bundle)
    if not paths:
        log.warning("no demo files under %s: the window will be empty", CORPUS)
        return
    first, later = paths[:-1], paths[-1:]
    report = archive.ingest(first, case=DEMO_CASE)
    confirm = [m.id for m in archive.mentions(state="suggested")
               if m.entity_name in CONFIRMED or m.quote in CONFIRMED]
    archive.confirm_mentions(confirm)
    for name, query, in_case in DEMO_SAVED:
        archive.save_search(name, query, case=DEMO_CASE if in_case else None, seen=True)
    outcomes = [*report.outcomes, *archive.ingest(later, case=DEMO_CASE).outcomes]
    for o in outcomes:
        log.info("%s: %s %s", Path(o.path).name, o.status, o.reason)


def tell_story(archive: Any, tmp: Path) -> int:
    """The timeline's case: the testimony and two news items, seven events, one disputed.
    Returns the disputed event's id."""
    if not any(e.name == "Mae Sot" for e in archive.entities()):
        archive.add_entity("Mae Sot", "location")
    (tmp / TESTIMONY[0]).write_text(TESTIMONY[1], encoding="utf-8")  # the same item again
    paths = [tmp / TESTIMONY[0]]
    for name, text in STORY_NEWS:
        (tmp / name).write_text(text, encoding="utf-8")
        paths.append(tmp / name)
    archive.ingest(paths, case=STORY_CASE, workers=1)
    items = {i.filename: i.id for i in archive.items(case=STORY_CASE)}
    disputed = 0
    for title, start, end, place, people, sources in STORY_EVENTS:
        event = archive.add_event(STORY_CASE, title, start, end=end, place=place)
        for name, role in people:
            archive.link_event_entity(event.id, name, role)
        for filename, quote in sources:
            archive.cite(event.id, items[filename], quote=quote)
        if archive.event(event.id).disputed:
            disputed = event.id
    return disputed


def fresh_settings() -> None:
    """Keep QSettings in a throwaway folder, so the pictures show the window as a new user
    first sees it (no layout remembered from earlier runs)."""
    from PySide6.QtCore import QSettings

    folder = tempfile.mkdtemp(prefix="casefile-shots-settings-")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


def once(signal: Any, slot: Callable[..., None]) -> None:
    """Call ``slot`` the next time ``signal`` fires, and only then."""

    def handler(*args: Any) -> None:
        signal.disconnect(handler)
        slot(*args)

    signal.connect(handler)


def run_window(app: Any, window: Any, start: Callable[[], None]) -> None:
    """Run the event loop: ``start`` once the window has listed its cases, give up after
    TIMEOUT_MS (saying so), then shut the window down."""
    import shiboken6
    from PySide6.QtCore import QTimer

    def give_up() -> None:
        log.error("timed out waiting for the window")
        app.quit()

    once(window.cases_loaded, start)
    QTimer.singleShot(TIMEOUT_MS, give_up)
    app.exec()
    window.shutdown()
    shiboken6.delete(window)


def shoot(archive: Any, query: str, out: Path, viewer_query: str, viewer_out: Path,
          batch_out: Path, entities_out: Path, page_out: Path, timeline_out: Path,
          size: tuple[int, int] | None = None) -> int:
    from PySide6.QtCore import Qt, QTimer

    from ui.app import application
    from ui.main_window import MainWindow

    app = application()
    window = MainWindow(archive)
    if size:
        window.resize(*size)
    window.show()
    result = {"saved": 0}

    def save(path: Path, then: Callable[[], None], widget: Any = None) -> None:
        widget = widget or window
        path.parent.mkdir(parents=True, exist_ok=True)
        if widget.grab().save(str(path)):
            log.info("saved %s (%dx%d)", path, widget.width(), widget.height())
            result["saved"] += 1
        else:
            log.error("could not write %s", path)
        then()

    def batch() -> None:
        dialog = window.show_batch_search()
        dialog.lines.setPlainText(BATCH_LINES)
        once(dialog.search_finished,
             lambda: when_idle(lambda: save(batch_out, entities, dialog)))
        dialog.start()

    def entities() -> None:
        if window.batch_dialog is not None:
            window.batch_dialog.close()
        testimony = next((i for i in archive.items() if i.filename == TESTIMONY[0]), None)
        if testimony is None:
            log.error("the testimony is not in the archive")
            app.quit()
            return
        window.show_panel("entities")
        window.lower_tabs.setCurrentWidget(window.entities.suggestions)
        once(window.item_shown, lambda _id: when_idle(lambda: save(entities_out, entity_page)))
        window.show_item(testimony.id)

    def entity_page() -> None:
        page = window.entities.open_page(archive.entity(PAGE_ENTITY).id)
        once(page.loaded, lambda: when_idle(lambda: save(page_out, timeline, page)))

    def timeline() -> None:
        window.entities.close_pages()
        window.search_box.clear()
        with tempfile.TemporaryDirectory(prefix="casefile-story-") as tmp:
            disputed = tell_story(archive, Path(tmp))
        if size is None:
            window.resize(1440, 900)
        once(window.cases_loaded, lambda: show_timeline(disputed))
        window.refresh_cases(select=STORY_CASE)

    def show_timeline(disputed: int) -> None:
        panel = window.timeline.panel
        panel.lanes_combo.setCurrentIndex(panel.lanes_combo.findData("place"))
        once(panel.loaded, lambda: when_idle(lambda: pick_event(disputed)))
        window.timeline.show()
        window.resizeDocks([window.timeline.dock], [int(window.height() * 0.5)],
                           Qt.Orientation.Vertical)

    def pick_event(disputed: int) -> None:
        panel = window.timeline.panel
        panel.canvas.fit()
        once(panel.citations_loaded, lambda _id: open_source())
        panel.select_event(disputed)

    def open_source() -> None:
        once(window.viewer.page_loaded,
             lambda _page: when_idle(lambda: save(timeline_out, app.quit)))
        window.timeline.panel.activate_citation(1)  # the news item that disagrees

    def when_idle(then: Callable[[], None]) -> None:
        if window.tasks.busy:
            QTimer.singleShot(100, lambda: when_idle(then))
        else:
            QTimer.singleShot(400, then)  # let the views lay out and paint

    def search(words: str, picked: Callable[[], None]) -> None:
        once(window.search_finished, lambda: pick_hit(words, picked))
        window.search_box.setText(words)
        window.run_search()

    def pick_hit(words: str, picked: Callable[[], None]) -> None:
        model = window.results.model
        rows = [model.row_at(r) for r in range(model.rowCount())]
        # Prefer a hit on a picture (a screenshot or a scan) to show the page beside its text.
        row = next((r for r, hit in enumerate(rows) if hit and hit.kind == "screenshot"), 0)
        if rows:
            once(window.viewer.page_loaded, lambda _page: when_idle(picked))
            window.results.select_row(row)
        else:
            log.warning("the search for %r found nothing", words)
            when_idle(picked)

    def main_done() -> None:
        save(out, lambda: search(viewer_query, lambda: save(viewer_out, batch)))

    def cases_loaded() -> None:
        once(window.items_loaded, lambda: search(query, main_done))
        window.select_case(DEMO_CASE)

    run_window(app, window, cases_loaded)
    return 0 if result["saved"] == 6 else 1


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", nargs="?", type=Path, help="archive folder (default: a demo)")
    parser.add_argument("--query", default=DEMO_QUERY)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-main.png")
    parser.add_argument("--viewer-query", default=VIEWER_QUERY)
    parser.add_argument("--viewer-out", type=Path,
                        default=ROOT / "docs" / "screenshot-viewer.png")
    parser.add_argument("--batch-out", type=Path, default=ROOT / "docs" / "screenshot-batch.png")
    parser.add_argument("--entities-out", type=Path,
                        default=ROOT / "docs" / "screenshot-entities.png")
    parser.add_argument("--entity-page-out", type=Path,
                        default=ROOT / "docs" / "screenshot-entity-page.png")
    parser.add_argument("--timeline-out", type=Path,
                        default=ROOT / "docs" / "screenshot-timeline.png")
    parser.add_argument("--size", default="", help="window size, e.g. 1366x768 (a small laptop)")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.lower().split("x")) if args.size else None
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import main as casefile

    fresh_settings()
    with tempfile.TemporaryDirectory(prefix="casefile-demo-") as tmp:
        path = args.archive or Path(tmp) / "archive"
        archive = casefile.open_archive(path, create=True)
        try:
            if not archive.items():
                fill(archive, Path(tmp))
            return shoot(archive, args.query, args.out, args.viewer_query, args.viewer_out,
                         args.batch_out, args.entities_out, args.entity_page_out,
                         args.timeline_out, size)  # type: ignore[arg-type]
        finally:
            archive.close()


if __name__ == "__main__":
    sys.exit(main())
