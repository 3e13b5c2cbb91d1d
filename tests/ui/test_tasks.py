"""Background work: only the newest of a stream of requests (search as you type) hands back
its result, and a request never waits behind more than the one job already running."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from archive.errors import BadQuery
from ui.tasks import LatestOnly, TaskRunner

LONG = 60_000


@pytest.fixture
def runner(qtbot) -> Iterator[TaskRunner]:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def test_a_request_made_while_one_runs_waits_and_only_the_newest_is_handed_back(
    qtbot, runner,
) -> None:
    latest = LatestOnly(runner)
    release = threading.Event()
    ran: list[str] = []
    shown: list[str] = []

    def search(query: str, *, wait: bool = False):  # type: ignore[no-untyped-def]
        def work() -> str:
            if wait:
                release.wait(30)
            ran.append(query)
            return query
        return work

    latest.request(search("c", wait=True), on_done=shown.append, on_error=pytest.fail)
    latest.request(search("co"), on_done=shown.append, on_error=pytest.fail)
    latest.request(search("cou"), on_done=shown.append, on_error=pytest.fail)
    assert latest.busy
    release.set()
    qtbot.waitUntil(lambda: shown == ["cou"], timeout=LONG)
    qtbot.waitUntil(lambda: not runner.busy, timeout=LONG)
    assert ran == ["c", "cou"], "“co” was replaced while it waited: it never ran"
    assert shown == ["cou"], "the result of “c” came after “cou” was asked for: dropped"


def test_an_older_requests_error_does_not_replace_a_newer_result(qtbot, runner) -> None:
    latest = LatestOnly(runner)
    release = threading.Event()
    shown: list[str] = []
    errors: list[BaseException] = []

    def half_typed() -> str:
        release.wait(30)
        raise BadQuery("date:2024-13 is not a date")

    latest.request(half_typed, on_done=shown.append, on_error=errors.append)
    latest.request(lambda: "date:2024-12", on_done=shown.append, on_error=errors.append)
    release.set()
    qtbot.waitUntil(lambda: shown == ["date:2024-12"], timeout=LONG)
    qtbot.waitUntil(lambda: not runner.busy, timeout=LONG)
    assert errors == []


def test_dropping_the_requests_keeps_a_running_search_from_showing_up(qtbot, runner) -> None:
    latest = LatestOnly(runner)
    release = threading.Event()
    shown: list[str] = []

    def slow() -> str:
        release.wait(30)
        return "court"

    latest.request(slow, on_done=shown.append, on_error=pytest.fail)
    latest.drop()  # the box was cleared
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=LONG)
    assert shown == []
    assert not latest.busy
