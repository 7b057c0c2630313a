"""Where the per-file function runs: local worker processes, or a dask.distributed cluster.

Both yield outcomes as files finish, to the one process that owns the output directory
and writes the store; neither shares anything else with the workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..settings import Settings
from .pool import Limits, run_local
from .worker import Job, Outcome, failed, process_bytes

EXECUTORS = ("local", "dask")


def run_dask(jobs: list[Job], settings: Settings, scheduler: str) -> Iterator[Outcome]:
    """Run ``process_bytes`` on a dask.distributed cluster. Files travel as bytes, so the
    workers need no shared disk; at most two files per worker thread are in flight, so
    the client never holds a whole folder in memory. Time and memory limits are the
    cluster's own (dask's worker memory limits and nanny restarts): a worker lost on a
    file costs that file, reported as failed."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("the dask executor needs the extra: pip install 'nianbao[dask]'") from exc
    with Client(scheduler) as client:
        window = 2 * max(1, sum(client.nthreads().values()))
        queue = list(reversed(jobs))
        running: dict[object, Job] = {}

        def submit() -> None:
            job = queue.pop()
            data = Path(job.path).read_bytes()
            future = client.submit(process_bytes, job, data, settings, pure=False, retries=0)
            running[future] = job
            completed.add(future)

        completed = as_completed()
        while queue and len(running) < window:
            submit()
        for future in completed:
            job = running.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # a worker that died on the file, or a bug: the file's failure alone
                yield failed(job, "failed", f"dask worker error: {type(exc).__name__}: {exc}")
            if queue:
                submit()


def run_jobs(jobs: list[Job], settings: Settings, executor: str, workers: int, limits: Limits,
             scheduler: str | None = None) -> Iterator[Outcome]:
    if executor == "dask":
        if not scheduler:
            raise ValueError("--executor dask needs --scheduler tcp://HOST:PORT")
        return run_dask(jobs, settings, scheduler)
    return run_local(jobs, settings, workers, limits)
