"""Local worker processes that a bad file cannot take down with it.

Each worker is a long-lived process (the OCR model loads once per worker) fed one job at
a time through a pipe. The parent watches every busy worker: past its time limit, or over
its memory budget, it is killed and its file recorded as ``timed_out`` or ``failed``; a
worker that dies on its own (a segfault in a native library) costs only its file. A
killed or dead worker is replaced before the next job. ``concurrent.futures`` pools are
not used because they can neither time out nor kill one task, and a dead worker breaks
the whole pool.

Workers die with their parent: the kernel kills them when it dies (``die_with_parent``),
and a batch interrupted by Ctrl-C or SIGTERM kills its busy workers on the way out, so
no orphan keeps a core busy after the batch has gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing as mp
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

import cv2
import psutil

from ..logs import worker_logs
from ..names import shown
from ..settings import Settings
from .worker import Job, Outcome, failed, process_file

POLL_SECONDS = 0.5
STARTED = "started"
"""What a worker says when it takes a job: a new worker spends seconds importing and
loading models before that, which must not count against the file's time limit."""
PR_SET_PDEATHSIG = 1
"""linux/prctl.h: the signal a process gets when its parent dies."""
log = logging.getLogger("nianbao.worker")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may cost a worker."""

    seconds: float = 600.0
    memory_mb: float = 3000.0
    startup_seconds: float = 300.0
    """How long a worker may take to start and take its job (imports, models) before it
    counts as stuck; the file's own ``seconds`` start when it has."""


Task = Callable[[Job, Settings], Outcome]


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when its parent dies, however it dies (Linux
    ``prctl(PR_SET_PDEATHSIG)``); elsewhere a worker notices when its pipe closes. A
    parent already gone before the call is caught by comparing parent ids."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _serve(conn: Connection, task: Task, settings: Settings, parent: int) -> None:
    """Worker loop: jobs in, outcomes out, until told to stop (None) or the parent leaves."""
    die_with_parent(parent)
    worker_logs()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C and SIGTERM are the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if settings.threads:
        cv2.setNumThreads(settings.threads)
    try:
        while (job := conn.recv()) is not None:
            conn.send(STARTED)
            log.info("worker %d took %s", os.getpid(), shown(job.document or job.name))
            outcome = task(job, settings)
            log.info("worker %d: %s %s in %.1f s", os.getpid(), outcome.record.name, outcome.record.status,
                     outcome.record.seconds)
            conn.send(outcome)
    except (EOFError, OSError):  # the parent is gone
        pass


class _Worker:
    def __init__(self, context: mp.context.SpawnContext, task: Task, settings: Settings) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, task, settings, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.deadline = 0.0

    def start(self, job: Job, seconds: float) -> None:
        self.job, self.deadline = job, time.monotonic() + seconds
        self.conn.send(job)

    def rss_mb(self) -> float:
        try:
            return psutil.Process(self.process.pid).memory_info().rss / 2**20
        except psutil.Error:
            return 0.0

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):  # a worker already gone
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()


def run_local(jobs: Iterable[Job], settings: Settings, workers: int, limits: Limits,
              task: Task = process_file) -> Iterator[Outcome]:
    """Process ``jobs`` on ``workers`` processes; yield each outcome as it finishes.
    ``task`` must be importable by name (worker processes are spawned)."""
    context = mp.get_context("spawn")  # no inherited locks or threads from the parent
    pending = list(jobs)
    if not pending:
        return
    pending.reverse()
    pool = [_Worker(context, task, settings) for _ in range(max(1, min(workers, len(pending))))]
    try:
        while pending or any(w.job for w in pool):
            for worker in pool:
                if worker.job is None and pending:
                    worker.start(pending.pop(), limits.startup_seconds)
            busy = [w for w in pool if w.job is not None]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS)
            now = time.monotonic()
            for i, worker in enumerate(pool):
                job = worker.job
                if job is None:
                    continue
                elapsed = limits.seconds - (worker.deadline - now)
                outcome = None
                if worker.conn in ready:
                    try:
                        outcome = worker.conn.recv()
                    except (EOFError, OSError):  # the worker died: let it finish dying
                        worker.process.join(timeout=5)
                    if outcome == STARTED:  # the file's time starts now, not while the worker was starting
                        outcome, worker.deadline = None, now + limits.seconds
                if outcome is not None:
                    worker.job = None
                    yield outcome
                    continue
                if not worker.process.is_alive():
                    code = worker.process.exitcode or 0
                    why = f"worker crashed (signal {-code})" if code < 0 else f"worker exited with code {code}"
                    yield failed(job, "failed", why, elapsed)
                elif now > worker.deadline:
                    yield failed(job, "timed_out", f"took longer than {limits.seconds:.0f} s", elapsed)
                elif (rss := worker.rss_mb()) > limits.memory_mb:
                    yield failed(job, "failed", f"memory budget exceeded ({rss:.0f} MB > {limits.memory_mb:.0f} MB)", elapsed)
                else:
                    continue
                worker.kill()
                pool[i] = _Worker(context, task, settings)
    finally:  # a busy worker is only busy when the batch was interrupted: it is not waited for
        for worker in pool:
            if worker.job:
                worker.kill()
            else:
                worker.stop()
