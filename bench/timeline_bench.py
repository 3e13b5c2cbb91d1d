"""Timeline view speed: a case of 500 events and 2,000 citations, opened, scrolled and zoomed.

Run (2 cores are shared: take the lock):
    flock /tmp/casefile-cpu.lock env QT_QPA_PLATFORM=offscreen \
        .venv/bin/python bench/timeline_bench.py
    ... bench/timeline_bench.py --events 2000 --citations 8000 --size 1920x1080

Builds a real archive in a temporary folder through the archive API (items ingested, entities
added, events added with places and people in roles, citations with stated dates, some of them
disagreeing so that their event is disputed), opens the real main window and its timeline dock,
and reports:
- open: from asking for the timeline to the first paint showing the events (the archive query
  runs in a background task, as in the app), with its parts: loading the events from SQLite and
  turning them into rows, laying the lanes out, painting;
- scroll: time per frame (layout + paint, painted synchronously with ``repaint``) while the view
  is scrolled across the whole case, one lane and a lane per person;
- zoom: time per frame of Ctrl+wheel-sized zoom steps from the whole case down to hours and back;
- lanes: time to switch between one lane, a lane per person and a lane per place.
Frames are reported as median, 95th percentile and worst, in milliseconds; 16.7 ms is 60
frames a second.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CASE = "Bench: KK Park network"
PEOPLE = ["Zhao Wei", "Li Ming", "Somchai P.", "Ko Aung", "Min Thu", "Daw Khin", "Chen Hao",
          "Nguyen Van An", "Wang Jun", "Saw Htoo", "Ma Lin", "Tun Tun", "Arjun K.",
          "Maria Santos", "Lek", "Boss Huang", "Driver Ko Ko", "Agent Mei", "Naing Win",
          "Kyaw Zin", "Pim", "Nok", "Broker Yang", "Thida", "Hla Hla", "Aung Aung",
          "Officer Thet", "Manager Xu", "Teacher Su", "Guard Zaw"]
PLACES = ["Bangkok", "Mae Sot", "Myawaddy", "KK Park", "Shwe Kokko", "Moei river",
          "Suvarnabhumi airport", "Tak", "Yangon", "Hpa-an", "Phnom Penh", "Sihanoukville",
          "Chiang Rai", "Tachileik", "Lashio"]
ROLES = ["victim", "recruiter", "perpetrator", "witness", "official", "other"]
WHAT = ["recruited with a job offer", "flown to Bangkok", "driven to Mae Sot",
        "crossed the Moei by boat", "passport taken", "beaten for missing targets",
        "sold to another compound", "family paid ransom", "escaped at night",
        "rescued in a raid", "interviewed by police", "repatriated"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

log = logging.getLogger("timeline_bench")


def build(archive: Any, tmp: Path, n_events: int, n_citations: int, seed: int) -> None:
    """The case, through the archive API only."""
    rnd = random.Random(seed)
    for name in PEOPLE:
        archive.add_entity(name, "person")
    for name in PLACES:
        archive.add_entity(name, "compound" if name in ("KK Park", "Shwe Kokko") else "location")
    folder = tmp / "items"
    folder.mkdir()
    n_items = max(10, n_citations // 40)
    sentences: list[list[str]] = []
    for i in range(n_items):
        lines = []
        for _ in range(45):
            day = f"{rnd.randint(1, 28)} {rnd.choice(MONTHS)} {rnd.randint(2022, 2024)}"
            lines.append(f"On {day} {rnd.choice(PEOPLE)} was {rnd.choice(WHAT)} near"
                         f" {rnd.choice(PLACES)}.")
        sentences.append(lines)
        (folder / f"statement-{i:03d}.txt").write_text(" ".join(lines), encoding="utf-8")
    started = time.perf_counter()
    report = archive.ingest(sorted(folder.iterdir()), case=CASE, workers=1)
    items = [o.item_id for o in report.outcomes if o.item_id is not None]
    print(f"built: {len(items)} items ingested in {time.perf_counter() - started:.1f} s")
    texts = {i: archive.page_text(i, 1) for i in items}
    started = time.perf_counter()
    per_event = max(1, n_citations // n_events)
    cited = 0
    for n in range(n_events):
        year, month, day = rnd.randint(2022, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
        shape = rnd.random()
        if shape < 0.5:
            start = f"{year}-{month:02d}-{day:02d}"
        elif shape < 0.75:
            start = f"{year}-{month:02d}"
        elif shape < 0.85:
            start = f"{rnd.choice(['early', 'mid', 'late'])} {year}"
        elif shape < 0.95:
            hour, minute = rnd.randint(0, 23), rnd.choice([0, 30])
            start = f"{year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
        else:
            start = str(year)
        event = archive.add_event(CASE, f"{rnd.choice(PEOPLE)} {rnd.choice(WHAT)}", start,
                                  place=rnd.choice(PLACES), description="bench event")
        for person in rnd.sample(PEOPLE, rnd.randint(1, 3)):
            archive.link_event_entity(event.id, person, rnd.choice(ROLES))
        disputed = rnd.random() < 0.1
        for k in range(per_event if n < n_events - 1 else n_citations - cited):
            item = rnd.choice(items)
            text = texts[item]
            a = rnd.randint(0, max(0, len(text) - 80))
            stated = start
            if disputed and k == 1:
                stated = str(year + 1)  # a second source puts it a year later
            archive.cite(event.id, item, page=1, start=a, end=a + 60, stated=stated)
            cited += 1
    took = time.perf_counter() - started
    print(f"built: {n_events} events and {cited} citations added in {took:.1f} s"
          f" ({(n_events + cited) / took:.0f} writes/s)")


def ms(values: list[float]) -> str:
    values = sorted(v * 1000 for v in values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return (f"median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms,"
            f" worst {values[-1]:.1f} ms ({len(values)} frames)")


def frames(canvas: Any, steps: list[Callable[[], None]]) -> list[float]:
    """Time of each step plus a synchronous repaint of the canvas."""
    out = []
    for step in steps:
        began = time.perf_counter()
        step()
        canvas.viewport().repaint()
        out.append(time.perf_counter() - began)
    return out


def measure(archive: Any, size: tuple[int, int]) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.app import application
    from ui.main_window import MainWindow
    from ui.timeline_data import load_timeline

    app = application()
    window = MainWindow(archive)
    window.resize(*size)
    window.show()

    def wait(signal: Any, timeout_ms: int = 120_000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    if window.case_model.rowCount() < 2:
        wait(window.cases_loaded)
    window.select_case(CASE)
    while window.tasks.busy:
        wait(window.tasks.busy_changed)
    panel = window.timeline.panel
    canvas = panel.canvas
    case_id = archive.case(CASE).id

    # Parts, measured apart (the archive read is what the background task does).
    began = time.perf_counter()
    rows = load_timeline(archive, case_id)
    load_s = time.perf_counter() - began
    print(f"load: {len(rows)} events read and turned into rows in {load_s * 1000:.0f} ms"
          f" ({sum(r.citations for r in rows)} citations)")

    painted: list[float] = []
    first: dict[str, float] = {}
    began = time.perf_counter()

    def on_paint(seconds: float) -> None:
        if canvas.rows and "at" not in first:
            first["at"] = time.perf_counter() - began
            first["paint"] = seconds
        painted.append(seconds)

    canvas.painted.connect(on_paint)
    window.timeline.show()
    while "at" not in first:
        wait(canvas.painted, 30_000)
        if time.perf_counter() - began > 60:
            print("the timeline never painted its events")
            break
    print(f"open: first paint with the events {first.get('at', float('nan')) * 1000:.0f} ms"
          f" after asking (paint itself {first.get('paint', float('nan')) * 1000:.1f} ms);"
          f" canvas {canvas.viewport().width()}x{canvas.viewport().height()},"
          f" {len(canvas.lanes)} lane(s)")
    began = time.perf_counter()
    canvas.set_rows(panel.rows)
    took = time.perf_counter() - began
    print(f"layout: set_rows of {len(panel.rows)} events {1000 * took:.1f} ms")

    def sweep() -> list[Callable[[], None]]:
        bar = canvas.horizontalScrollBar()
        total = bar.maximum()
        step = max(1, total // 200)
        return [lambda v=v: bar.setValue(v) for v in range(0, total + 1, step)]

    vbar = canvas.verticalScrollBar()
    for label, by in (("one lane", "none"), ("lane per person", "entity")):
        canvas.set_lanes(by)
        canvas.set_level("month")
        print(f"scroll ({label}, months zoom, {canvas.horizontalScrollBar().maximum()} px):"
              f" {ms(frames(canvas, sweep()))}")
        vsteps = [lambda v=v: vbar.setValue(v)
                  for v in range(0, vbar.maximum() + 1, max(1, vbar.maximum() // 100))]
        if vbar.maximum() > 0:
            print(f"scroll down ({label}, {vbar.maximum()} px): {ms(frames(canvas, vsteps))}")

    canvas.set_lanes("entity")
    canvas.fit()
    mid = canvas.viewport().width() / 2
    zoom_in = [lambda: canvas.zoom_by(1.5, mid) for _ in range(24)]
    zoom_out = [lambda: canvas.zoom_by(1 / 1.5, mid) for _ in range(24)]
    print(f"zoom (lane per person, whole case to hours and back): "
          f"{ms(frames(canvas, zoom_in + zoom_out))}")

    switches = [lambda by=by: panel.lanes_combo.setCurrentIndex(panel.lanes_combo.findData(by))
                for by in ("none", "entity", "place") * 5]
    print(f"lanes switched: {ms(frames(canvas, switches))}")

    panel.views.setCurrentWidget(panel.table)
    began = time.perf_counter()
    panel.table.sortByColumn(1, panel.table.horizontalHeader().sortIndicatorOrder())
    print(f"list: sorted {panel.proxy.rowCount()} rows by title in"
          f" {1000 * (time.perf_counter() - began):.1f} ms")
    window.shutdown()
    window.close()
    del app


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--citations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--size", default="1366x768", help="window size (default: a laptop)")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.lower().split("x"))
    import main as casefile

    with tempfile.TemporaryDirectory(prefix="casefile-timeline-bench-") as tmp:
        archive = casefile.open_archive(Path(tmp) / "archive", create=True)
        try:
            build(archive, Path(tmp), args.events, args.citations, args.seed)
            measure(archive, size)  # type: ignore[arg-type]
        finally:
            archive.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
