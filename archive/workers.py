"""Worker processes that run untrusted-file extraction with time, memory and output limits.

Each worker is a spawned process in its own process group (so a timed-out worker is killed along
with the Tesseract it started). Per job it has a wall-clock limit, a processor-time limit
(RLIMIT_CPU), an address-space cap (RLIMIT_AS), a largest file it may write (RLIMIT_FSIZE), and
limits on what it hands back: the bytes of its result, its pages and its child files, and the
bytes it wrote in all. A worker that dies or goes over a limit yields an error for that job only,
in words a person understands; a fresh worker takes its place and the batch goes on.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import multiprocessing as mp
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

log = logging.getLogger(__name__)

# Workers (and the Tesseract they start) run this much "nicer" than the program that started
# them: reading files is background work, and on a 2-core laptop two workers busy with OCR
# kept the window's process (and the X server) off the processors for up to 150 ms at a time
# (issue 8, traced with bench/ui_responsiveness.py --trace-stalls). The batch is no slower
# when nothing else wants the processors.
WORKER_NICENESS = 10


@dataclass(frozen=True, slots=True)
class Limits:
    seconds: float = 600.0  # wall-clock per job
    memory_bytes: int = 3 * 1024**3  # address space per worker (and what it starts)
    cpu_seconds: float = 600.0  # processor time per job (RLIMIT_CPU), beside the clock
    output_bytes: int = 512 * 1024**2  # the result handed back (text, metadata), pickled
    pages: int = 20_000  # pages of one result
    children: int = 20_000  # files found inside one result (members, attachments, images)
    file_bytes: int = 4 * 1024**3  # the largest file a worker may write (RLIMIT_FSIZE)
    written_bytes: int = 8 * 1024**3  # all the bytes a worker writes for one job


class JobFailed(Exception):
    """A job could not finish: ``str(e)`` says why, for a person."""


def _worker_main(conn: Connection, limits: Limits) -> None:
    """Loop in the child: receive (func, args), send ("ok", result) or ("err", message)."""
    with contextlib.suppress(OSError):
        os.setpgrp()
    with contextlib.suppress(ValueError, OSError, ImportError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    if hasattr(os, "nice"):  # not on Windows
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(AttributeError, ValueError):  # a too-large write raises EFBIG
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        func, args = msg
        _limit_cpu(limits.cpu_seconds)
        written = _bytes_written()
        reply = _run_job(func, args, limits)
        if reply[0] == "ok" and _bytes_written() - written > limits.written_bytes:
            reply = ("err", f"reading it wrote more than {_mb(limits.written_bytes)} to disk,"
                            " more than Casefile allows for one file")
        if not _send(conn, reply, limits):
            return


def _run_job(func: Callable[..., Any], args: tuple[Any, ...], limits: Limits
             ) -> tuple[str, Any]:
    try:
        result = func(*args)
    except MemoryError:
        return ("err", "it needs more memory than Casefile allows for one file")
    except OSError as e:
        if e.errno == errno.EFBIG:
            return ("err", "reading it would write a file larger than"
                           f" {_mb(limits.file_bytes)}, more than Casefile allows")
        log.error("extraction raised: %s", traceback.format_exc())
        return ("err", f"the reader failed unexpectedly ({type(e).__name__}: {e})")
    except BaseException as e:  # the extractor must not raise; if it does, report it
        log.error("extraction raised: %s", traceback.format_exc())
        return ("err", f"the reader failed unexpectedly ({type(e).__name__}: {e})")
    pages = getattr(result, "pages", None)
    if isinstance(pages, tuple | list) and len(pages) > limits.pages:
        return ("err", f"it has {len(pages)} pages, more than the {limits.pages} Casefile"
                       " reads from one file")
    children = getattr(result, "children", None)
    if isinstance(children, tuple | list) and len(children) > limits.children:
        return ("err", f"it holds {len(children)} files, more than the {limits.children}"
                       " Casefile takes from one file")
    return ("ok", result)


def _send(conn: Connection, reply: tuple[str, Any], limits: Limits) -> bool:
    """Send the reply once pickled, unless it is too large; False when the parent is gone."""
    try:
        data = bytes(ForkingPickler.dumps(reply))
        if len(data) > limits.output_bytes:
            data = bytes(ForkingPickler.dumps((
                "err", f"its text and data come to {_mb(len(data))}, more than the"
                       f" {_mb(limits.output_bytes)} Casefile keeps for one file")))
        conn.send_bytes(data)
    except MemoryError:
        with contextlib.suppress(OSError, EOFError):
            conn.send(("err", "its text is too large to keep"))
    except (OSError, EOFError):  # the main process is gone: nothing left to do
        return False
    return True


def _limit_cpu(seconds: float) -> None:
    """Processor time from now on is limited to ``seconds`` (SIGXCPU ends the worker)."""
    with contextlib.suppress(ValueError, OSError, ImportError):
        import resource

        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = used.ru_utime + used.ru_stime
        soft = int(spent + seconds) + 1
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _bytes_written() -> int:
    """Bytes this process has passed to write() so far (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/io", encoding="ascii") as f:  # noqa: PTH123
            for line in f:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _mb(n: int) -> str:
    return f"{n / 1024**2:.0f} MB"


class _Worker:
    def __init__(self, ctx: Any, limits: Limits) -> None:
        parent, child = ctx.Pipe()
        self.conn: Connection = parent
        self.proc = ctx.Process(target=_worker_main, args=(child, limits), daemon=True)
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
                            yield w.job, None, _death_reason(code, self.limits)
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


def _death_reason(exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        if name == "SIGXCPU":
            return (f"reading it needed more than {limits.cpu_seconds:.0f} seconds of processor"
                    " time, so Casefile stopped (the file may be built to make readers work"
                    " forever)")
        if name in ("SIGKILL", "SIGSEGV", "SIGBUS", "SIGABRT"):
            return (
                "the reader crashed on this file (it is probably damaged, or needs more memory"
                f" than Casefile allows; {name})"
            )
        return f"the reader was stopped ({name})"
    return "the reader stopped unexpectedly on this file"
