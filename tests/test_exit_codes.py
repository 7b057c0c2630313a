"""CLI conventions (issue 17): an exit code per outcome, one line, libraries in the log file."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from conftest import BAD, DIGITAL, ROOT, SCANNED

from nianbao import __version__
from nianbao.batch.pool import Limits, run_local
from nianbao.batch.worker import Job, Outcome, failed
from nianbao.logs import LOG_ENV, LOG_NAME
from nianbao.settings import DEFAULT_SETTINGS, Settings
from nianbao.store import Store

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def nianbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True, env=ENV, timeout=600)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_exit_0_when_every_file_is_done_and_version(tmp_path: Path) -> None:
    result = nianbao("extract", str(DIGITAL / "gen07_000.pdf"), "--out", str(tmp_path / "out"), "-q")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert (tmp_path / "out" / LOG_NAME).is_file()
    version = nianbao("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"nianbao {__version__}"


def test_exit_1_when_a_batch_holds_only_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for bad in ("encrypted.pdf", "truncated.pdf", "not_a_pdf.pdf"):
        shutil.copy(BAD / bad, folder / bad)
    result = nianbao("batch", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 1, result.stderr
    assert "3 files (3 failed)" in result.stderr and "Traceback" not in result.stderr


def test_exit_2_for_missing_paths_which_are_never_created(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for args in (("batch", str(tmp_path / "no_such_folder"), "--out", str(out)),
                 ("extract", str(tmp_path / "no_such.pdf"), "--out", str(out)),
                 ("export", str(out)), ("review", str(out)), ("report", str(out)),
                 ("batch", str(tmp_path), "--out", str(out), "--workers", "0")):
        result = nianbao(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert one_line_error(result).startswith(("nianbao: error:", f"{out} holds no nianbao output")), args
        assert not out.exists(), args
    usage = nianbao("batch")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_exit_130_on_ctrl_c_with_the_store_intact(tmp_path: Path) -> None:
    # One worker takes the files biggest first: scans that take seconds each, so the Ctrl-C
    # sent once the first file is stored always lands mid-batch.
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DIGITAL / "gen07_000.pdf", folder / "a_gen07_000.pdf")
    for name in ("gen03_002", "gen03_003", "gen03_004"):
        shutil.copy(SCANNED / f"{name}.pdf", folder / f"b_{name}.pdf")
    out = tmp_path / "out"
    # Ctrl-C as a terminal sends it: a suite run as a background job (``cmd &`` in a script)
    # starts with SIGINT ignored, and the batch inherited that and ran to the end.
    process = subprocess.Popen([sys.executable, "-m", "nianbao.cli", "batch", str(folder), "--out", str(out), "-q",
                                "--workers", "1"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert json.loads(process.stdout.readline())["status"] == "done"  # one file stored: now Ctrl-C
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert one_line_error(subprocess.CompletedProcess([], 130, "", stderr)).startswith("nianbao: interrupted")
    with Store(out, create=False) as store:
        assert 1 <= len(store.records()) < 4 and all(r.status == "done" for r in store.records())


def chatty(job: Job, settings: Settings) -> Outcome:
    """A task that talks as pdfminer and a C library do: Python logging and raw fd writes."""
    logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor")
    os.write(1, b"Running HiGHS 1.7.0\n")
    os.write(2, b"onnxruntime: some warning\n")
    return failed(job, "failed", "talked only")


def test_worker_chatter_goes_to_the_log_file_not_the_terminal(tmp_path: Path, capfd) -> None:
    log = tmp_path / LOG_NAME
    os.environ[LOG_ENV] = str(log)
    try:
        outcomes = list(run_local([Job("x", "h", "x.pdf")], DEFAULT_SETTINGS, 1, Limits(seconds=60), task=chatty))
    finally:
        del os.environ[LOG_ENV]
    assert outcomes[0].record.reason == "talked only"
    captured = capfd.readouterr()
    assert "FontBBox" not in captured.out + captured.err and "HiGHS" not in captured.out + captured.err
    text = log.read_text(encoding="utf-8")
    assert "Could not get FontBBox" in text and "Running HiGHS" in text and "onnxruntime: some warning" in text
