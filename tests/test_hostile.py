"""Hostile inputs and faults: every odd file a clear status, nothing lost, the batch finishes.

A small fixed set runs always; ``NIANBAO_FUZZ=N`` adds N mutations per committed digital
sample (truncations, byte flips, repeated and dropped blocks) through ``process_file``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import psutil
import pytest
from conftest import DIGITAL, ROOT
from PIL import Image

from nianbao.batch.discover import ArchiveLimits, find_inputs
from nianbao.batch.summary import panel_row
from nianbao.batch.worker import Job, process_file
from nianbao.export import export_store
from nianbao.ingest.raster import on_white
from nianbao.ingest.text import decode_text
from nianbao.names import shown
from nianbao.review.queue import export_queue, import_decisions
from nianbao.settings import DEFAULT_SETTINGS
from nianbao.store import Decision, FileRecord, Store, StoreError, content_hash, document_to_json
from samples import hostile_inputs

LONG_KEY = "applications.new.natural_person"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
FUZZ = int(os.environ.get("NIANBAO_FUZZ", "0"))


def cli(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "nianbao.cli", *args], env=env or ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _truth(path: Path) -> dict:
    return json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))


def _long_number_store(out: Path) -> str:
    """An output folder holding the long-number report; returns its hash."""
    digest = content_hash(hostile_inputs.LONG_NUMBER)
    outcome = process_file(Job(str(hostile_inputs.LONG_NUMBER), digest, "long_number.pdf"), DEFAULT_SETTINGS)
    with Store(out) as store:
        store.save(outcome.record, outcome.document)
    return digest


def test_a_batch_over_every_hostile_input_names_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = hostile_inputs.build(folder)
    out = folder / "out"  # inside the input folder: never read back
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir(), tmp.mkdir()
    env = ENV | {"HOME": str(home), "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(home / ".cache")}
    process = cli("batch", str(folder), "--out", str(out), "--workers", "2", "--quiet", env=env)
    stdout, stderr = process.communicate(timeout=1800)
    assert process.returncode == 1, stderr  # hostile files failed
    assert "Traceback" not in stderr and "\x1b" not in stdout + stderr
    assert not any(home.iterdir()) and not any(tmp.iterdir()), "wrote outside the output folder"

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    lines = {r["name"]: f"{r['status']}: {r['reason']}" for r in (json.loads(line) for line in stdout.splitlines())}
    lines |= {s["path"]: s["reason"] for s in summary["skipped"]}
    raised = [line for line in lines.values() if re.search(r"\w+ failed: \w+(Error|Exception)\b", line)]
    assert not raised, raised  # a stage that raises is a bug, whatever the input
    for name, word in expected.items():
        printed = shown(name)
        hits = [line for key, line in lines.items() if key == printed or key.endswith("/" + printed)]
        assert hits and all(word in line for line in hits), (printed, hits)
    not_files = {"pipe.pdf", "dangling.pdf", "loop_a.pdf", "loop_b.pdf", "crc/broken.pdf"}
    assert summary["files"] == len(expected) - len(not_files) and not summary["duplicates"]

    cells = {(r["document"], f"{r['table']}.{r['row']}.{r['column']}"): r for r in _rows(out / "cells.csv")}
    reports = (("good.pdf", hostile_inputs.GOOD), ("long_number.pdf", hostile_inputs.LONG_NUMBER),
               ("rotated.pdf", hostile_inputs.ROTATED))
    for name, truth_of in reports:
        truth = _truth(truth_of)["cells"]
        assert {k: cells[(name, k)]["value"] for k in truth} == truth, name
    long_cell = cells[("long_number.pdf", LONG_KEY)]
    assert (long_cell["status"], long_cell["value"]) == ("flagged", "") and "6000-digit" in long_cell["reason"]
    with sqlite3.connect(out / "nianbao.sqlite") as db:
        raw = {bytes(r[0]) for r in db.execute("SELECT raw_path FROM files")}
    assert any(p.endswith(os.fsencode(hostile_inputs.GBK_NAME)) for p in raw)  # the exact bytes are kept

    again = cli("batch", str(folder), "--out", str(out), "--quiet", env=env)
    rerun, errors = again.communicate(timeout=600)
    assert again.returncode == 1 and rerun == "" and "Traceback" not in errors  # nothing new, nothing lost
    assert {(r["document"], f"{r['table']}.{r['row']}.{r['column']}") for r in _rows(out / "cells.csv")} == set(cells)


def test_sigkill_during_export_leaves_the_previous_csvs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    digest = _long_number_store(out)
    with Store(out) as store:  # enough documents that an export takes a while
        document = store.document(digest)
        for i in range(150):
            store.save(FileRecord(f"copy{i:03d}", f"copy{i:03d}.pdf", "x", "done"), document_to_json(document))
    export_store(out)
    before = {name: (out / name).read_bytes() for name in ("cells.csv", "reports.csv")}
    with Store(out) as store:  # what the next export would change
        store.decide(Decision(digest, LONG_KEY, "value", "", "12", reviewer="t"))
    partial = out / ".cells.csv.partial"
    for _ in range(3):
        partial.unlink(missing_ok=True)
        process = cli("export", str(out))
        while process.poll() is None and not partial.exists():
            time.sleep(0.002)
        process.kill()
        process.communicate()
        assert {name: (out / name).read_bytes() for name in before} == before
    export_store(out)
    assert (out / "cells.csv").read_bytes() != before["cells.csv"] and not partial.exists()


def test_a_member_unpacked_when_the_batch_was_killed_is_never_reused(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    member = b"%PDF-1.4\n" + np.random.default_rng(5).bytes(60 * 2**20)
    with zipfile.ZipFile(folder / "big.zip", "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("big.pdf", member)
    process = cli("batch", str(folder), "--out", str(out), "--quiet", start_new_session=True)
    while process.poll() is None and not list((out / "unpacked").rglob("*.partial")):
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    inputs = find_inputs(folder, out / "unpacked")
    assert [content_hash(Path(j.path)) for j in inputs.jobs] == [hashlib.sha256(member).hexdigest()]


def test_archive_paths_budgets_depth_and_updates(tmp_path: Path) -> None:
    folder, unpacked = tmp_path / "in", tmp_path / "out" / "unpacked"
    folder.mkdir()
    one, two = (DIGITAL / f"gen07_00{i}.pdf" for i in (4, 5))
    with zipfile.ZipFile(folder / "a.zip", "w") as zf:
        zf.write(one, "x.pdf")
        zf.write(two, "../x.pdf")
        zf.writestr("zeros.pdf", b"\0" * 300_000)
    level = io.BytesIO()
    with zipfile.ZipFile(level, "w") as zf:
        zf.write(one, "deep.pdf")
    for depth in range(3):
        wrapped = io.BytesIO()
        with zipfile.ZipFile(wrapped, "w") as zf:
            zf.writestr(f"level{depth}.zip", level.getvalue())
        level = wrapped
    (folder / "nested.zip").write_bytes(level.getvalue())
    limits = ArchiveLimits(member_bytes=250_000, archive_bytes=600_000, batch_bytes=10**9, depth=3)
    inputs = find_inputs(folder, unpacked, limits=limits)
    names = sorted(j.name for j in inputs.jobs)
    reasons = dict(inputs.skipped)
    assert names == ["x.pdf", "x~2.pdf"]  # ../x.pdf is a second file, not a duplicate of the first
    assert "larger than" in reasons["a.zip/zeros.pdf"]
    assert "nested deeper than 3" in next(v for k, v in reasons.items() if k.startswith("nested.zip/"))
    tight = find_inputs(folder, unpacked, limits=ArchiveLimits(member_bytes=250_000, archive_bytes=10**9, batch_bytes=200_000))
    assert len(tight.jobs) == 1 and any("batch's archives" in why for _, why in tight.skipped)

    with zipfile.ZipFile(folder / "a.zip", "w") as zf:  # the archive updated in place
        zf.write(two, "x.pdf")
    updated = find_inputs(folder, unpacked, limits=limits)
    assert [j.digest for j in updated.jobs] == [content_hash(two)]
    assert len([d for d in unpacked.iterdir() if d.name.startswith("a-")]) == 1  # the old unpack is gone


def test_extract_refuses_fifos_and_odd_images_with_one_line_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    expected = hostile_inputs.build(folder)
    names = ["pipe.pdf", "strip.png", "200_pages.tif", "dangling.pdf", "zero.pdf", "good.pdf"]
    process = cli("extract", *(str(folder / n) for n in names), "--out", str(tmp_path / "out"))
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 1 and "Traceback" not in stderr
    errors = stderr.strip().splitlines()
    assert len(errors) == len(names) - 1
    for name in names[:-1]:  # each file is named as it was given (issue 17's identity)
        given = str(folder / name)
        assert any(line.startswith(f"{given}: failed") and expected[name] in line for line in errors), name
    assert f"{folder / 'good.pdf'}: done" in stdout


@pytest.mark.parametrize("store_bytes, message", [(None, "holds no nianbao output"), (b"", "is empty"),
                                                  (b"garbage" * 1000, "is damaged")])
def test_a_missing_empty_or_damaged_store_is_refused(tmp_path: Path, store_bytes: bytes | None, message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "cells.csv").write_text("reviewed values\n", encoding="utf-8")
    if store_bytes is not None:
        (out / "nianbao.sqlite").write_bytes(store_bytes)
    with pytest.raises(StoreError, match=message):
        export_store(out)
    process = cli("export", str(out))
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2 and message in stderr and len(stderr.strip().splitlines()) == 1
    assert (out / "cells.csv").read_text(encoding="utf-8") == "reviewed values\n"


def test_decisions_are_checked_line_by_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    digest = _long_number_store(out)
    with Store(out) as store:
        queue = tmp_path / "queue.csv"
        export_queue(store, queue)
        row = next(r for r in _rows(queue) if f"{r['table']}.{r['row']}.{r['column']}" == LONG_KEY)
        answers = ["9" * 5000, "-3", "2.5", "١٢", "1e9", "1,234"]
        fields = list(row)
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=fields)
        writer.writeheader()
        writer.writerows(row | {"decision": a} for a in answers)
        for encoding in ("gb18030", "utf-16"):
            (tmp_path / "filled.csv").write_bytes(text.getvalue().encode(encoding))
            applied, problems = import_decisions(store, tmp_path / "filled.csv", "t")
            assert applied == 1 and [p.split(":")[0] for p in problems] == [f"line {i}" for i in range(2, 7)]
            store.undo_last()
        (tmp_path / "no_hash.csv").write_text("document,decision\nx,3\n", encoding="utf-8")
        with pytest.raises(ValueError, match="no column"):
            import_decisions(store, tmp_path / "no_hash.csv", "t")
        store.decide(Decision(digest, LONG_KEY, "value", "", "9" * 5000, reviewer="older version"))
    rows = {f"{r['table']}.{r['row']}.{r['column']}": r for r in _rows(export_store(out)[0])}
    assert rows[LONG_KEY]["status"] == "flagged" and rows[LONG_KEY]["value"] == ""


def test_a_stored_value_beyond_any_bound_cannot_poison_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    digest = _long_number_store(out)
    with Store(out) as store:
        document = document_to_json(store.document(digest))
        for cell in document["cells"]:
            if cell["table"] == "applications":
                cell["value"], cell["status"] = "9" * 6000, "ok"  # as an older version stored it
            elif cell["table"] == "appeals":
                cell["value"], cell["status"] = "²", "ok"
        store.save(FileRecord(digest, "long_number.pdf", "x", "done"), document)
        row = panel_row(store.document(digest))
    assert all(len(str(v)) <= 10 for v in row.values.values())
    assert {r["status"] for r in _rows(export_store(out)[0]) if r["table"] != "active_disclosure"} == {"flagged"}


def _grey_page() -> np.ndarray:
    return hostile_inputs.page_image()


@pytest.mark.parametrize("mode", ["I;16", "RGBA", "LA", "P-transparent", "P", "1"])
def test_every_image_mode_decodes_to_the_page_on_white(mode: str) -> None:
    grey = _grey_page()
    ink = grey < 128
    if mode == "I;16":
        image = Image.fromarray(grey.astype(np.uint16) * 257)
    elif mode in ("RGBA", "LA"):
        alpha = np.where(ink, 255, 0).astype(np.uint8)
        image = Image.fromarray(np.dstack([np.zeros_like(grey)] * 3 + [alpha]), "RGBA").convert(mode)
    elif mode == "P-transparent":
        image = Image.fromarray(np.where(ink, 1, 0).astype(np.uint8), "P")
        image.putpalette([0, 0, 0, 0, 0, 0] + [0] * 762)  # index 0 (paper) black but transparent
        image.info["transparency"] = 0
    else:
        image = Image.fromarray(grey).convert(mode, dither=Image.Dither.NONE)
    rgb = on_white(image)
    assert rgb.shape == (*grey.shape, 3) and rgb.dtype == np.uint8
    assert (rgb[ink] < 64).all() and (rgb[~ink] > 191).all()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_text_in_every_encoding_a_report_is_saved_in(encoding: str) -> None:
    text = "一、本年新收政府信息公开申请数量\n1,234\n"
    assert decode_text(text.encode(encoding)) == text


def test_sigterm_and_parent_death_leave_no_worker_behind(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "samples" / "scanned" / "seed002.pdf", folder / "slow.pdf")  # OCR: seconds of work
    for how in (signal.SIGTERM, signal.SIGKILL):
        process = cli("batch", str(folder), "--out", str(tmp_path / how.name), "--quiet")
        parent = psutil.Process(process.pid)
        while process.poll() is None and not parent.children():
            time.sleep(0.05)
        workers = parent.children(recursive=True)
        process.send_signal(how)
        _, stderr = process.communicate(timeout=120)
        gone, alive = psutil.wait_procs(workers, timeout=60)
        assert not alive, f"{how.name}: workers outlived the batch"
        if how == signal.SIGTERM:
            assert "interrupted (SIGTERM)" in stderr and "Traceback" not in stderr


def test_a_second_batch_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    from nianbao.lock import Locked, output_lock

    (tmp_path / "out").mkdir()
    with output_lock(tmp_path / "out"):
        with pytest.raises(Locked, match=f"pid {os.getpid()}"), output_lock(tmp_path / "out"):
            pass
        process = cli("batch", str(tmp_path), "--out", str(tmp_path / "out"))
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2 and "another nianbao command" in stderr and "Traceback" not in stderr


FUZZ_SOURCES = [DIGITAL / "seed000.pdf"]


@pytest.mark.parametrize("source", sorted(DIGITAL.glob("*.pdf")) if FUZZ else FUZZ_SOURCES, ids=lambda p: p.stem)
def test_mutated_samples_get_a_status_never_an_exception(tmp_path: Path, source: Path) -> None:
    for name, data in hostile_inputs.mutations(source, FUZZ or 3, seed=20):
        path = tmp_path / name
        path.write_bytes(data)
        outcome = process_file(Job(str(path), name, name), DEFAULT_SETTINGS)
        assert outcome.record.status in ("done", "partial", "no_report", "failed"), name
        assert outcome.record.status == "done" or outcome.record.reason, name
        path.unlink()
