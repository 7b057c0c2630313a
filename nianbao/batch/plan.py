"""How many worker processes a local batch runs, and how many threads each: ``--workers auto``.

Single-threaded workers scale better than threads: on a 2-core machine two one-thread
workers did 1.84x the scanned pages of one one-thread worker, where one worker on both
cores did 1.36x (``scripts/bench_batch.py``; the OCR model and OpenCV parallelise a page
poorly, and the pipeline's Python parts not at all). So ``auto`` runs one worker per core,
as many as the free memory holds, and gives any cores left over to the workers as threads.
"""

from __future__ import annotations

import os

import psutil

AUTO = 0
"""``BatchOptions.workers`` value that lets the machine decide."""
WORKER_MEMORY_MB = 1024
"""Memory set aside per worker: a worker's peak resident memory on scanned reports is
about 0.6-0.7 GB (the OCR models, a page's images), plus headroom."""


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, which containers narrow)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan_workers(cores: int, free_mb: float, files: int | None = None) -> tuple[int, int]:
    """(workers, threads per worker) for ``cores`` and ``free_mb`` of memory; never more
    workers than ``files`` to do."""
    workers = max(1, min(cores, int(free_mb // WORKER_MEMORY_MB)))
    if files is not None:
        workers = max(1, min(workers, files))
    return workers, max(1, cores // workers)


def machine_plan(files: int | None = None) -> tuple[int, int]:
    """(workers, threads per worker) for this machine, now."""
    return plan_workers(usable_cores(), psutil.virtual_memory().available / 2**20, files)
