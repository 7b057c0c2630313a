"""``batch --workers auto``: one single-thread worker per core, as many as the memory holds."""

from __future__ import annotations

import pytest

from nianbao.batch import AUTO, BatchOptions
from nianbao.batch.plan import WORKER_MEMORY_MB, machine_plan, plan_workers, usable_cores
from nianbao.cli import UsageError, _workers, build_parser


@pytest.mark.parametrize(
    ("cores", "free_mb", "files", "plan"),
    [
        (2, 23_000, None, (2, 1)),  # this machine: two one-thread workers
        (8, 64_000, None, (8, 1)),
        (8, 4.5 * WORKER_MEMORY_MB, None, (4, 2)),  # memory for four: the spare cores become threads
        (2, 0.5 * WORKER_MEMORY_MB, None, (1, 2)),  # short of memory: still one worker
        (16, 64_000, 3, (3, 5)),  # never more workers than files
        (1, 64_000, None, (1, 1)),
    ],
)
def test_workers_and_threads_follow_cores_memory_and_files(cores, free_mb, files, plan):
    assert plan_workers(cores, free_mb, files) == plan


def test_the_machine_plan_uses_every_usable_core_at_most_once():
    workers, threads = machine_plan()
    assert 1 <= workers <= usable_cores() and workers * threads <= max(usable_cores(), 1)


def test_auto_is_the_command_line_default_and_bad_counts_are_refused():
    parser = build_parser()
    assert parser.parse_args(["batch", "in", "--out", "o"]).workers == "auto"
    assert _workers("auto") == AUTO
    assert _workers("3") == 3
    for bad in ("0", "-2", "many"):
        with pytest.raises(UsageError, match="workers"):
            _workers(bad)
    assert BatchOptions(workers=AUTO).workers == AUTO
    with pytest.raises(ValueError):
        BatchOptions(workers=-1)
