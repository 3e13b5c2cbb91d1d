"""Hostile files only ever take down their own worker: time limit, memory cap, crashes."""

from __future__ import annotations

import os
import time

from archive.workers import Limits, WorkerPool

Jobs = list[tuple[str, object, tuple[object, ...]]]


def _run(pool: WorkerPool, jobs: Jobs) -> dict[str, tuple[object, str | None]]:
    return {key: (result, error) for key, result, error in pool.run(iter(jobs))}


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
