"""Batch processing: bad files, crashes, time limits, resume after SIGKILL, dask."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import BAD, DIGITAL, ROOT
from PIL import Image

from nianbao.batch import BatchOptions, run_batch
from nianbao.batch.pool import Limits, run_local
from nianbao.batch.summary import PanelRow, year_breaks
from nianbao.batch.worker import Job, Outcome
from nianbao.settings import DEFAULT_SETTINGS, Settings
from nianbao.store import FileRecord, content_hash

GOOD = ["gen07_000", "gen07_001", "gen07_002"]


def _blank_pdf(path: Path, pages: int, width: float = 595, height: float = 842) -> None:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(width, height)
    pdf.save(path)
    pdf.close()


def _cat(path: Path) -> None:
    """A photograph-like image with no text: smooth blobs of fur colour and noise."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:600, 0:800]
    fur = 120 + 60 * np.sin(x / 37.0) * np.cos(y / 23.0) + rng.normal(0, 12, (600, 800))
    rgb = np.stack([fur, fur * 0.8, fur * 0.55], axis=-1).clip(0, 255).astype(np.uint8)
    Image.fromarray(rgb).save(path, quality=85)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "2021" / "sub").mkdir(parents=True)
    for i, name in enumerate(GOOD):
        shutil.copy(DIGITAL / f"{name}.pdf", folder / ("2021/sub" if i else "") / f"{name}.pdf")
    return folder


def test_bad_files_are_reported_and_good_ones_extracted(good_folder: Path, tmp_path: Path) -> None:
    for bad in ("encrypted.pdf", "truncated.pdf", "not_a_pdf.pdf"):
        shutil.copy(BAD / bad, good_folder / bad)
    (good_folder / "zero.pdf").write_bytes(b"")
    _blank_pdf(good_folder / "long.pdf", 500)
    _blank_pdf(good_folder / "bomb.pdf", 1, width=14400, height=14400)
    _cat(good_folder / "cat.jpg")
    shutil.copy(DIGITAL / f"{GOOD[0]}.pdf", good_folder / "same_report_again.pdf")
    with zipfile.ZipFile(good_folder / "archive.zip", "w") as zf:
        zf.write(DIGITAL / "gen07_003.pdf", "nested/gen07_003.pdf")
        zf.writestr("../../escape.pdf", b"%PDF-1.4 broken")
    (good_folder / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (good_folder / "notes.xlsx").write_bytes(b"whatever")
    (good_folder / "notes.docx").write_bytes(b"whatever")  # an input now: read, and refused with a reason

    out = tmp_path / "out"
    summary = run_batch(good_folder, out, options=BatchOptions(workers=2, quiet=True))

    problems = summary["problems"]
    assert "empty file" in problems["zero.pdf"]
    assert "encrypted" in problems["encrypted.pdf"]
    assert "damaged PDF" in problems["truncated.pdf"]
    assert "not a PDF" in problems["not_a_pdf.pdf"]
    assert "500 pages" in problems["long.pdf"]
    assert "larger than any report page" in problems["bomb.pdf"]
    assert problems["cat.jpg"].startswith("no_report")
    assert problems["archive.zip/escape.pdf"].startswith("failed")
    assert not (tmp_path / "escape.pdf").exists()
    assert any("broken.zip" in s["path"] for s in summary["skipped"])
    assert any("notes.xlsx" in s["path"] for s in summary["skipped"])
    assert "not a report file" in problems["notes.docx"]
    pair = {Path(p).name for d in summary["duplicates"] for p in (d["path"], d["same_as"])}
    assert pair == {f"{GOOD[0]}.pdf", "same_report_again.pdf"}
    reports = {r["file_name"]: r for r in _read_csv(out / "reports.csv")}
    for name in [*GOOD, "gen07_003"]:
        assert reports[f"{name}.pdf"]["status"] == "done", name
    cells = _read_csv(out / "cells.csv")
    truth = json.loads((DIGITAL / f"{GOOD[1]}.truth.json").read_text(encoding="utf-8"))
    got = {f"{c['table']}.{c['row']}.{c['column']}": c["value"] for c in cells if c["document"] == f"2021/sub/{GOOD[1]}.pdf"}
    expected = {k: v for k, v in truth["cells"].items()}
    assert {k: got.get(k) for k in expected} == expected
    log = [json.loads(line) for line in (out / "batch.log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(log) == summary["files"]


def crash_or_sleep(job: Job, settings: Settings) -> Outcome:
    """A task that dies like a segfaulting native library, or hangs, on chosen files, and
    finishes at once on the others: no real work, so no load can push it past the limit."""
    if "crash" in job.name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "hang" in job.name:
        time.sleep(3600)
    return Outcome(FileRecord(job.digest, job.name, job.path, "done"))


def test_a_crashing_or_hanging_file_costs_only_itself(tmp_path: Path) -> None:
    # The limit runs from when a worker begins its file, not from its spawn (a replaced
    # worker imports first); only the hang reaches it.
    good = DIGITAL / f"{GOOD[0]}.pdf"
    jobs = [Job(str(good), "a", "crash.pdf"), Job(str(good), "b", "hang.pdf"), Job(str(good), "c", "fine.pdf")]
    outcomes = {o.record.name: o.record for o in run_local(jobs, DEFAULT_SETTINGS, 2, Limits(seconds=30), task=crash_or_sleep)}
    assert outcomes["crash.pdf"].status == "failed" and "signal 11" in outcomes["crash.pdf"].reason
    assert outcomes["hang.pdf"].status == "timed_out"
    assert outcomes["fine.pdf"].status == "done"


def _batch_command(input_dir: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "nianbao.cli", "batch", str(input_dir), "--out", str(out), "--quiet"]


def test_sigkill_mid_batch_then_resume_equals_uninterrupted(good_folder: Path, tmp_path: Path) -> None:
    for name in ("gen07_003", "gen07_004", "gen07_005"):
        shutil.copy(DIGITAL / f"{name}.pdf", good_folder / f"{name}.pdf")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    subprocess.run(_batch_command(good_folder, whole), check=True, env=env, capture_output=True)

    process = subprocess.Popen(_batch_command(good_folder, killed), env=env, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = process.stdout.readline()  # one file is stored and logged: kill everything now
    assert json.loads(first)["status"] == "done"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(killed / "nianbao.sqlite") as db:
        stored = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert 1 <= stored < 6

    rerun = subprocess.run(_batch_command(good_folder, killed), check=True, env=env, capture_output=True, text=True)
    assert len(rerun.stdout.splitlines()) == 6 - stored  # done files are not processed again
    for name in ("cells.csv", "reports.csv"):
        assert (killed / name).read_bytes() == (whole / name).read_bytes(), name


def test_rerun_skips_done_files_and_retries_failed_on_request(good_folder: Path, tmp_path: Path) -> None:
    shutil.copy(BAD / "truncated.pdf", good_folder / "truncated.pdf")
    out = tmp_path / "out"
    run_batch(good_folder, out, options=BatchOptions(quiet=True))
    again = run_batch(good_folder, out, options=BatchOptions(quiet=True))
    assert again["files"] == 4 and again["by_status"] == {"done": 3, "failed": 1}
    log = (out / "batch.log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(log) == 4
    run_batch(good_folder, out, options=BatchOptions(quiet=True, retry_failed=True))
    log = (out / "batch.log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(log) == 5 and json.loads(log[-1])["name"] == "truncated.pdf"


def test_dask_executor_writes_what_the_local_one_does(good_folder: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local, remote = tmp_path / "local", tmp_path / "dask"
    run_batch(good_folder, local, options=BatchOptions(quiet=True))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        run_batch(good_folder, remote, options=BatchOptions(quiet=True, executor="dask", scheduler=cluster.scheduler_address))
    for name in ("cells.csv", "reports.csv"):
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name


def test_year_links_report_breaks_between_consecutive_years() -> None:
    last = PanelRow("a2020.pdf", "某市", 2020, {"applications.carried_forward.total": 5,
                                               "active_disclosure.regulations.in_force": 10}, 0, ())
    this = PanelRow("a2021.pdf", "某市", 2021, {"applications.carried_over.total": 4,
                                               "active_disclosure.regulations.in_force": 12,
                                               "active_disclosure.regulations.issued": 3,
                                               "active_disclosure.regulations.repealed": 1}, 0, ())
    other = PanelRow("b2019.pdf", "某市", 2019, {"applications.carried_forward.total": 99}, 0, ())
    breaks = year_breaks([last, this, other], DEFAULT_SETTINGS.template)
    assert [(b.year, b.binding, b.this_side, b.other_side) for b in breaks] == [(2021, "total", 4, 5)]


def test_content_hash_identifies_files_not_names(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    a.write_bytes(b"%PDF same")
    b.write_bytes(b"%PDF same")
    assert content_hash(a) == content_hash(b)
