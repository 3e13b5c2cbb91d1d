"""Worker processes that run untrusted-file extraction with a time limit and a memory cap.

Each worker is a spawned process in its own process group (so a timed-out worker is killed along
with the Tesseract it started). A worker that dies, runs out of time or out of memory yields an
error for that job only; a fresh worker takes its place and the batch goes on.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Limits:
    seconds: float = 600.0  # wall-clock per job
    memory_bytes: int = 3 * 1024**3  # address space per worker (and what it starts)


class JobFailed(Exception):
    """A job could not finish: ``str(e)`` says why, for a person."""


def _worker_main(conn: Connection, memory_bytes: int) -> None:
    """Loop in the child: receive (func, args), send ("ok", result) or ("err", message)."""
    with contextlib.suppress(OSError):
        os.setpgrp()
    with contextlib.suppress(ValueError, OSError, ImportError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    os.environ["OMP_THREAD_LIMIT"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        func, args = msg
        try:
            reply: tuple[str, Any] = ("ok", func(*args))
        except MemoryError:
            reply = ("err", "it needs more memory than Casefile allows for one file")
        except BaseException as e:  # the extractor must not raise; if it does, report it
            log.error("extraction raised: %s", traceback.format_exc())
            reply = ("err", f"the reader failed unexpectedly ({type(e).__name__}: {e})")
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("err", "its text is too large to keep"))
        except (OSError, EOFError):  # the main process is gone: nothing left to do
            return


class _Worker:
    def __init__(self, ctx: Any, limits: Limits) -> None:
        parent, child = ctx.Pipe()
        self.conn: Connection = parent
        self.proc = ctx.Process(target=_worker_main, args=(child, limits.memory_bytes), daemon=True)
        self.proc.start()
        child.close()
        self.job: Any = None
        self.deadline = 0.0

    def kill(self) -> None:
        pid = self.proc.pid
        if pid is not None:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class WorkerPool:
    """Runs ``func(*args)`` jobs in up to ``size`` spawned worker processes."""

    def __init__(self, size: int, *, limits: Limits | None = None) -> None:
        self.size = max(1, size)
        self.limits = limits or Limits()
        self._ctx = mp.get_context("spawn")
        self._idle: list[_Worker] = []

    def _take(self) -> _Worker:
        while self._idle:
            w = self._idle.pop()
            if w.proc.is_alive():
                return w
            w.kill()
        return _Worker(self._ctx, self.limits)

    def run(
        self,
        jobs: Iterator[tuple[Any, Callable[..., Any], tuple[Any, ...]] | None],
        *,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Iterator[tuple[Any, Any, str | None]]:
        """Feed jobs ``(key, func, args)`` lazily; yield ``(key, result, error)`` as each ends.

        ``jobs`` may yield None for "nothing to start now"; it is asked again after a running
        job ends (so it may only do that while jobs are running).

        ``error`` is None on success, else a sentence. When ``cancelled()`` turns true, running
        jobs are killed and the iteration ends without yielding them.
        """
        busy: list[_Worker] = []
        exhausted = False
        try:
            while True:
                while not exhausted and len(busy) < self.size and not cancelled():
                    try:
                        job = next(jobs)
                    except StopIteration:
                        exhausted = True
                        break
                    if job is None:  # nothing to start until a running job ends
                        break
                    key, func, args = job
                    w = self._take()
                    try:
                        w.conn.send((func, args))
                    except (OSError, BrokenPipeError):
                        w.kill()
                        w = _Worker(self._ctx, self.limits)
                        w.conn.send((func, args))
                    w.job = key
                    w.deadline = time.monotonic() + self.limits.seconds
                    busy.append(w)
                if cancelled():
                    for w in busy:
                        w.kill()
                    busy.clear()
                    return
                if not busy:
                    if exhausted:
                        return
                    continue
                ready = wait([w.conn for w in busy], timeout=0.2)
                now = time.monotonic()
                for w in list(busy):
                    if w.conn in ready:
                        busy.remove(w)
                        try:
                            status, payload = w.conn.recv()
                        except (EOFError, OSError):
                            w.proc.join(5)  # the pipe closes before the exit code is known
                            code = w.proc.exitcode
                            w.kill()
                            yield w.job, None, _death_reason(code)
                            continue
                        self._idle.append(w)
                        if status == "ok":
                            yield w.job, payload, None
                        else:
                            yield w.job, None, str(payload)
                    elif now > w.deadline:
                        busy.remove(w)
                        w.kill()
                        yield w.job, None, (
                            f"reading it took longer than {self.limits.seconds:.0f} seconds,"
                            " so Casefile stopped"
                        )
        finally:
            for w in busy:
                w.kill()

    def close(self) -> None:
        for w in self._idle:
            w.stop()
        self._idle.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        if name in ("SIGKILL", "SIGSEGV", "SIGBUS", "SIGABRT"):
            return (
                "the reader crashed on this file (it is probably damaged, or needs more memory"
                f" than Casefile allows; {name})"
            )
        return f"the reader was stopped ({name})"
    return "the reader stopped unexpectedly on this file"
