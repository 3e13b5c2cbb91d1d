"""Background tasks: run plain callables off the UI thread, hand results back on the UI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

# The window's background runner: run(key, fn, on_done[, on_error]); only the newest result
# per key lands.
RunFn = Callable[..., Any]

# progress(done, total, name): what a cancellable task may report; total 0 means unknown.
ProgressFn = Callable[[int, int, str], None]
DoneFn = Callable[[Any], None]
ErrorFn = Callable[[BaseException], None]


class Task(QObject):
    """One piece of background work. Lives on the UI thread; its callable runs on a pool thread.

    The worker only *emits* signals; the connected slots run on the UI thread (queued
    connection), so callbacks may touch widgets.
    """

    _finished = Signal(object, object)  # result, exception
    progressed = Signal(int, int, str)  # done, total, name

    def __init__(
        self,
        fn: Callable[[], Any],
        *,
        name: str,
        on_done: DoneFn | None,
        on_error: ErrorFn | None,
        cancel: threading.Event,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.cancel_event = cancel
        self._fn = fn
        self._on_done = on_done
        self._on_error = on_error
        self._delivered = False
        self._finished.connect(self._deliver)

    def cancel(self) -> None:
        """Ask the work to stop (it checks the event when it can)."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def report(self, done: int, total: int, name: str = "") -> None:
        """Thread-safe progress report (called from the worker thread)."""
        self.progressed.emit(done, total, name)

    def execute(self) -> None:
        """Runs on a pool thread."""
        try:
            result = self._fn()
        except BaseException as e:
            self._finished.emit(None, e)
        else:
            self._finished.emit(result, None)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        runner = self.parent()
        if isinstance(runner, TaskRunner):
            runner._forget(self)
        if self._delivered:
            return
        self._delivered = True
        if isinstance(runner, TaskRunner) and runner.closed:
            return  # the window is going away: nobody is left to show the result
        if error is None:
            if self._on_done is not None:
                self._on_done(result)
        elif isinstance(error, BaseException):
            if self._on_error is not None:
                self._on_error(error)
            else:
                log.error("background task %s failed", self.name,
                          exc_info=(type(error), error, error.__traceback__))


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.execute()


class TaskRunner(QObject):
    """Owns a thread pool and the tasks running in it; keeps a reference to each until it ends."""

    busy_changed = Signal(bool)
    count_changed = Signal(int)  # how many tasks are running or waiting

    def __init__(self, parent: QObject | None = None, *, threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._tasks: set[Task] = set()
        self.closed = False

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def running(self) -> list[Task]:
        return list(self._tasks)

    def run(
        self,
        fn: Callable[[], Any],
        *,
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
        name: str = "",
    ) -> Task:
        """Run ``fn()`` in the background; ``on_done(result)`` or ``on_error(exc)`` on the UI
        thread. An error without ``on_error`` is logged with its traceback."""
        return self._start(Task(fn, name=name or _name_of(fn), on_done=on_done,
                                on_error=on_error, cancel=threading.Event(), parent=self))

    def run_cancellable(
        self,
        fn: Callable[[ProgressFn, threading.Event], Any],
        *,
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
        on_progress: ProgressFn | None = None,
        name: str = "",
    ) -> Task:
        """Run ``fn(progress, cancel_event)`` in the background; progress reports arrive in
        ``on_progress`` on the UI thread; ``task.cancel()`` sets the event."""
        cancel = threading.Event()
        holder: list[Task] = []
        task = Task(lambda: fn(holder[0].report, cancel), name=name or _name_of(fn),
                    on_done=on_done, on_error=on_error, cancel=cancel, parent=self)
        holder.append(task)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        return self._start(task)

    def _start(self, task: Task) -> Task:
        if self.closed:
            raise RuntimeError("the task runner is shut down")
        was_busy = self.busy
        self._tasks.add(task)
        log.debug("starting task %s", task.name)
        self._pool.start(_Runnable(task))
        if not was_busy:
            self.busy_changed.emit(True)
        self.count_changed.emit(len(self._tasks))
        return task

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.discard(task)
            task.deleteLater()
            self.count_changed.emit(len(self._tasks))
            if not self._tasks:
                self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()

    def shutdown(self, timeout_ms: int = 120_000) -> bool:
        """Cancel every task and wait for the threads (blocking). Results that arrive later are
        dropped. Returns False if some work was still running after the timeout."""
        self.closed = True
        self.cancel_all()
        self._pool.clear()  # queued, not yet started
        finished = self._pool.waitForDone(timeout_ms)
        if not finished:
            log.warning("background work still running after %d ms", timeout_ms)
        return bool(finished)


class LatestOnly:
    """Background work for a stream of requests where only the newest counts (search as you
    type): one job runs at a time; a request made meanwhile waits, replacing any request
    already waiting; a job that is no longer the newest request hands back nothing, neither
    its result nor its error. So a key press never waits for a timer, the pool never fills
    with stale searches, and older results never overwrite newer ones."""

    def __init__(self, runner: TaskRunner) -> None:
        self._runner = runner
        self._newest = 0  # number of the newest request
        self._running: Task | None = None
        self._waiting: _Request | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def request(self, fn: Callable[[], Any], *, on_done: DoneFn, on_error: ErrorFn,
                name: str = "") -> None:
        """Run ``fn`` as soon as the job before it ends; ``on_done``/``on_error`` on the UI
        thread, only if no newer request was made by then."""
        self._newest += 1
        request = _Request(self._newest, fn, on_done, on_error, name or _name_of(fn))
        if self._running is None:
            self._start(request)
        else:
            self._waiting = request

    def drop(self) -> None:
        """Nothing asked for so far is wanted any more (the box was cleared)."""
        self._newest += 1
        self._waiting = None

    def _start(self, request: _Request) -> None:
        def finish(deliver: Callable[[Any], None], value: Any) -> None:
            self._running = None
            waiting, self._waiting = self._waiting, None
            if waiting is not None and not self._runner.closed:
                self._start(waiting)  # the newer request starts before this one is drawn
            if request.number == self._newest:
                deliver(value)
            else:
                log.debug("dropped the result of stale request %d (%s)", request.number,
                          request.name)

        self._running = self._runner.run(
            request.fn, on_done=lambda result: finish(request.on_done, result),
            on_error=lambda error: finish(request.on_error, error), name=request.name)


@dataclass(frozen=True, slots=True)
class _Request:
    number: int
    fn: Callable[[], Any]
    on_done: DoneFn
    on_error: ErrorFn
    name: str


def _name_of(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)
