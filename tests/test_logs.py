"""The logging level of the command line holds in the worker processes of a batch too."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conftest import DIGITAL

from nianbao.cli import main
from nianbao.logs import LOG_NAME

SAMPLE = "gen07_000"


def _batch_log(tmp_path: Path, *flags: str) -> str:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(DIGITAL / f"{SAMPLE}.pdf", folder / f"{SAMPLE}.pdf")
    assert main(["batch", str(folder), "--out", str(out), "--workers", "1", *flags]) == 0
    return (out / LOG_NAME).read_text(encoding="utf-8")


def _worker_lines(log: str) -> list[tuple[int, str]]:
    """(process id, message) of each line a worker logged about its file."""
    return [(int(pid), message) for pid, message in re.findall(r"^\S+ \S+ (\d+) nianbao\.worker INFO (.*)$", log, re.MULTILINE)]


def test_dash_v_reaches_the_worker_processes(tmp_path: Path) -> None:
    lines = _worker_lines(_batch_log(tmp_path, "-v"))
    assert len(lines) == 2
    (took_pid, took), (done_pid, done) = lines
    assert re.fullmatch(rf"worker {took_pid} took {SAMPLE}\.pdf", took)
    assert re.fullmatch(rf"worker {done_pid}: {SAMPLE}\.pdf done in [0-9.]+ s", done)
    assert took_pid == done_pid != os.getpid()  # logged in the worker, not in this process


def test_without_dash_v_the_workers_log_warnings_only(tmp_path: Path) -> None:
    assert _worker_lines(_batch_log(tmp_path)) == []
