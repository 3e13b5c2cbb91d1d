"""Hostile files only ever take down their own worker: time limit, memory cap, crashes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from archive.workers import WORKER_NICENESS, Limits, WorkerPool

Jobs = list[tuple[str, object, tuple[object, ...]]]


def _run(pool: WorkerPool, jobs: Jobs) -> dict[str, tuple[object, str | None]]:
    return {key: (result, error) for key, result, error in pool.run(iter(jobs))}


def test_workers_run_at_a_lower_priority_than_the_program() -> None:
    """Reading files must not take the processors from the window (issue 8)."""
    if not hasattr(os, "nice"):
        return
    with WorkerPool(1) as pool:
        results = _run(pool, [("niceness", os.nice, (0,))])
    niceness, error = results["niceness"]
    assert error is None
    assert niceness == min(19, os.nice(0) + WORKER_NICENESS)


def test_a_job_over_the_time_limit_is_stopped_and_the_batch_goes_on() -> None:
    with WorkerPool(2, limits=Limits(seconds=2)) as pool:
        start = time.monotonic()
        results = _run(pool, [
            ("slow", time.sleep, (60,)),
            ("fine", str.upper, ("kk park",)),
            ("after", str.lower, ("SHWE KOKKO",)),
        ])
        elapsed = time.monotonic() - start
    assert results["fine"] == ("KK PARK", None)
    assert results["after"] == ("shwe kokko", None)
    result, error = results["slow"]
    assert result is None and error is not None and "longer than 2 seconds" in error
    assert elapsed < 30


def test_a_job_that_needs_too_much_memory_fails_with_a_reason() -> None:
    with WorkerPool(1, limits=Limits(memory_bytes=1024**3)) as pool:
        results = _run(pool, [("bomb", bytearray, (4 * 1024**3,)), ("next", len, ("abc",))])
    assert results["bomb"][0] is None
    assert "more memory" in (results["bomb"][1] or "")
    assert results["next"] == (3, None)


def test_a_crashing_reader_is_reported_and_replaced() -> None:
    with WorkerPool(1) as pool:
        results = _run(pool, [("crash", os.abort, ()), ("next", len, ("abcd",))])
    assert results["crash"][0] is None
    assert "crashed" in (results["crash"][1] or "")
    assert results["next"] == (4, None)


def test_cancelling_stops_running_jobs_at_once() -> None:
    with WorkerPool(2) as pool:
        start = time.monotonic()
        jobs = iter([(n, time.sleep, (60,)) for n in range(4)])
        seen = list(pool.run(jobs, cancelled=lambda: time.monotonic() - start > 1.5))
    assert seen == []
    assert time.monotonic() - start < 20


def test_a_job_over_its_processor_time_is_stopped_with_a_reason() -> None:
    with WorkerPool(1, limits=Limits(cpu_seconds=1, seconds=120)) as pool:
        results = _run(pool, [("spin", sum, (range(10**12),)), ("next", len, ("ab",))])
    assert results["spin"][0] is None
    assert "seconds of processor time" in (results["spin"][1] or "")
    assert results["next"] == (2, None)


def test_a_result_too_large_to_keep_fails_that_file_only() -> None:
    with WorkerPool(1, limits=Limits(output_bytes=1024**2)) as pool:
        results = _run(pool, [("huge", bytes, (8 * 1024**2,)), ("next", len, ("abc",))])
    assert results["huge"][0] is None
    assert "more than the 1 MB Casefile keeps" in (results["huge"][1] or "")
    assert results["next"] == (3, None)


def test_too_many_pages_or_files_inside_fail_that_file_with_a_reason() -> None:
    from archive.models import ExtractedChild, Extraction

    child = ExtractedChild("/nonexistent", "a.txt", "a.txt", "archive member")
    with WorkerPool(1, limits=Limits(pages=10, children=3)) as pool:
        results = _run(pool, [
            ("pages", Extraction, (tuple(range(11)), "ok")),
            ("files", Extraction, ((), "ok", "", "", "", {}, (child,) * 4)),
            ("fine", Extraction, (tuple(range(10)), "ok")),
        ])
    assert "11 pages, more than the 10" in (results["pages"][1] or "")
    assert "4 files, more than the 3" in (results["files"][1] or "")
    assert results["fine"][1] is None and len(results["fine"][0].pages) == 10  # type: ignore


def test_a_reader_writing_a_too_large_file_is_stopped(tmp_path: Path) -> None:
    with WorkerPool(1, limits=Limits(file_bytes=1024**2)) as pool:
        results = _run(pool, [
            ("big", (tmp_path / "out.bin").write_bytes, (bytes(4 * 1024**2),)),
            ("small", (tmp_path / "ok.bin").write_bytes, (b"abc",)),
        ])
    assert "would write a file larger than 1 MB" in (results["big"][1] or "")
    assert results["small"] == (3, None)


def test_a_reader_writing_too_much_in_all_fails_that_file(tmp_path: Path) -> None:
    target = tmp_path / "many.bin"
    with WorkerPool(1, limits=Limits(written_bytes=2 * 1024**2)) as pool:
        results = _run(pool, [
            ("many", target.write_bytes, (bytes(3 * 1024**2),)),
            ("small", (tmp_path / "ok.bin").write_bytes, (b"abcd",)),
        ])
    assert "wrote more than 2 MB to disk" in (results["many"][1] or "")
    assert results["small"] == (4, None)
