"""The review CLI driven headlessly: decisions, undo, resume, crash safety, spreadsheets."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, SCANNED

from nianbao.cli import main
from nianbao.model import Cell, Status
from nianbao.reconcile.equations import Equation
from nianbao.review.decisions import confirm_by_arithmetic
from nianbao.review.queue import build_queue
from nianbao.review.session import Session
from nianbao.store import Store


def _cells(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (out / "cells.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {(r["document"], f"{r['table']}.{r['row']}.{r['column']}"): r for r in csv.DictReader(handle)}


def _review(out: Path, answers: str, include_corrected: bool = False) -> str:
    screen = io.StringIO()
    with Store(out) as store:
        Session(store, "tester", include_corrected).run(io.StringIO(answers), screen)
    return screen.getvalue()


def test_a_whole_session_accept_edit_as_printed_undo_quit_resume(out_dir: Path) -> None:
    with Store(out_dir) as store:
        queue = [(i.name, i.cell.key, i.cell.value) for i in build_queue(store)]
    assert len(queue) >= 3
    (doc1, key1, value1), (doc2, key2, _), (doc3, key3, value3) = queue[:3]

    # first cell: as printed; second: a typed value, then undone; then quit
    screen = _review(out_dir, "p\n4242\nu\nq\n")
    assert "saved: " + key1 in screen and "undone: " + key2 in screen
    assert "1 decision(s) saved" in screen

    # resume: the first cell is settled, the second comes back; type a value, accept the next
    screen = _review(out_dir, "x\n77\na\nq\n")
    assert f"[1/{len(queue) - 1}] {doc2}" in screen
    assert "'x' is not a number" in screen

    assert main(["export", str(out_dir)]) == 0
    cells = _cells(out_dir)
    assert cells[(doc1, key1)]["status"] == "reviewed" and cells[(doc1, key1)]["value"] == value1
    assert "confirmed as printed by tester" in cells[(doc1, key1)]["reason"]
    assert cells[(doc2, key2)]["status"] == "reviewed" and cells[(doc2, key2)]["value"] == "77"
    assert cells[(doc3, key3)]["status"] == "reviewed" and cells[(doc3, key3)]["value"] == value3
    with Store(out_dir) as store:
        left = {(i.name, i.cell.key) for i in build_queue(store)}
    assert not left & {(doc1, key1), (doc2, key2), (doc3, key3)}


def test_a_review_killed_between_decisions_keeps_every_saved_one(out_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "nianbao.cli", "review", str(out_dir), "--reviewer", "night"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, text=True,
    )

    def saved() -> int:
        with sqlite3.connect(out_dir / "nianbao.sqlite") as db:
            return db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]

    for n, answer in enumerate(["p", "13"], start=1):
        process.stdin.write(answer + "\n")
        process.stdin.flush()
        deadline = time.monotonic() + 60
        while saved() < n and time.monotonic() < deadline:
            time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert saved() == 2
    assert main(["export", str(out_dir)]) == 0
    reviewed = [r for r in _cells(out_dir).values() if r["status"] == "reviewed"]
    assert len(reviewed) == 2 and {r["value"] for r in reviewed} >= {"13"}


def test_queue_spreadsheet_round_trip(out_dir: Path, tmp_path: Path) -> None:
    queue_csv = tmp_path / "queue.csv"
    assert main(["review", str(out_dir), "--export-queue", str(queue_csv)]) == 0
    with queue_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 3 and all(r["decision"] == "" for r in rows)
    assert {"document", "table", "row", "column", "row_label", "column_label", "value", "raw", "proposal",
            "alternatives", "reason", "crop", "decision"} <= set(rows[0])
    rows[0]["decision"], rows[1]["decision"], rows[2]["decision"] = "as printed", "1,024", "seven"
    with queue_csv.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["review", str(out_dir), "--import-decisions", str(queue_csv)]) == 1  # one bad line
    main(["export", str(out_dir)])
    cells = _cells(out_dir)
    first = cells[(rows[0]["document"], f"{rows[0]['table']}.{rows[0]['row']}.{rows[0]['column']}")]
    second = cells[(rows[1]["document"], f"{rows[1]['table']}.{rows[1]['row']}.{rows[1]['column']}")]
    third = cells[(rows[2]["document"], f"{rows[2]['table']}.{rows[2]['row']}.{rows[2]['column']}")]
    assert (first["status"], first["value"]) == ("reviewed", rows[0]["raw"])
    assert (second["status"], second["value"]) == ("reviewed", "1024")
    assert third["status"] == "flagged"
    assert Path(rows[0]["crop"]).is_file()


def test_a_decision_confirms_the_cells_its_sum_now_vouches_for() -> None:
    a = Cell("t", "r", "a", "5", Status.FLAGGED, raw="5")
    b = Cell("t", "r", "b", "3", Status.REVIEWED)
    total = Cell("t", "r", "total", "8", Status.OK)
    other = Cell("t", "s", "a", "9", Status.FLAGGED, raw="9")
    cells = {("r", "a"): a, ("r", "b"): b, ("r", "total"): total, ("s", "a"): other}
    eqs = [Equation("sum", "r", (("r", "a"), ("r", "b")), (("r", "total"),))]
    confirm_by_arithmetic(cells, eqs)
    assert a.status == Status.OK and "confirmed by the arithmetic" in a.reason
    assert other.status == Status.FLAGGED  # no equation vouches for it


def test_review_screen_of_a_scanned_sample_shows_the_crop(tmp_path: Path) -> None:
    out = tmp_path / "scan"
    assert main(["extract", str(SCANNED / "gen03_005.tif"), "--out", str(out)]) == 0
    screen = _review(out, "q\n", include_corrected=True)
    assert "crop    " in screen and ".png" in screen
    picture = [line for line in screen.splitlines() if set(line.strip()) & set("#%@=+*")]
    assert len(picture) >= 4  # the row is drawn, not just named


def test_the_last_decision_can_be_undone_at_the_end_of_the_queue(out_dir: Path) -> None:
    with Store(out_dir) as store:
        queue = build_queue(store)
    last = queue[-1].cell.key
    screen = _review(out_dir, "p\n" * len(queue) + "u\nq\n")
    assert "Nothing left to review" in screen and f"undone: {last}" in screen
    with Store(out_dir) as store:
        assert len(store.decisions()) == len(queue) - 1
        assert [i.cell.key for i in build_queue(store)] == [last]


def test_enter_alone_never_accepts_a_proposal_but_its_own_key_does(out_dir: Path) -> None:
    with Store(out_dir) as store:
        queue = build_queue(store)
    first = queue[0]
    assert first.proposal
    screen = _review(out_dir, "\n\nq\n")
    assert "Enter alone decides nothing" in screen and "0 decision(s) saved" in screen
    assert f"[a] accept proposal {first.proposal}" in screen
    _review(out_dir, "a\nq\n")
    with Store(out_dir) as store:
        [decision] = store.decisions()
    assert (decision.key, decision.action, decision.new_value) == (first.cell.key, "accept", first.proposal)


def test_as_printed_for_a_whole_table_settles_its_every_cell_at_once(out_dir: Path) -> None:
    with Store(out_dir) as store:
        queue = build_queue(store)
    first = queue[0]
    table = [i for i in queue if i.digest == first.digest and i.cell.table == first.cell.table and i.printed is not None]
    screen = _review(out_dir, "t\nq\n")
    with Store(out_dir) as store:
        decisions = store.decisions()
        left = build_queue(store)
    assert {(d.hash, d.key) for d in decisions} == {(i.digest, i.cell.key) for i in table}
    assert all(d.action == "as_printed" and d.new_value == next(i.printed for i in table if i.cell.key == d.key)
               for d in decisions)
    assert not any(i.digest == first.digest and i.cell.table == first.cell.table and i.printed is not None for i in left)
    assert f"{len(table)} decision(s) saved" in screen


def test_one_undo_takes_back_a_whole_table_answer(table_error_dir: Path) -> None:
    def queue() -> list[tuple[str, str]]:
        with Store(table_error_dir) as store:
            return [(i.digest, i.cell.key) for i in build_queue(store)]

    first = queue()[0]
    _review(table_error_dir, "p\nq\n")  # an answer before the table's, which the undo must leave standing
    before = queue()
    table = [k for k in before if k[0] == before[0][0] and k[1].split(".")[0] == before[0][1].split(".")[0]]
    assert len(table) >= 3
    screen = _review(table_error_dir, "t\nu\nq\n")
    assert f"undone: {len(table)} decisions of table {table[0][1].split('.')[0]}" in screen
    with Store(table_error_dir) as store:
        [kept] = store.decisions()
    assert (kept.hash, kept.key) == first and "0 decision(s) saved" in screen
    assert queue() == before  # every cell of the table back, in its place
    assert f"[1/{len(before)}]" in screen.rsplit("undone:", 1)[1]  # its first cell on screen again


def test_a_decisions_file_resaved_from_excel_in_gbk_is_read_with_a_line_per_problem(out_dir: Path, tmp_path: Path) -> None:
    queue_csv = tmp_path / "queue.csv"
    assert main(["review", str(out_dir), "--export-queue", str(queue_csv), "-q"]) == 0
    with queue_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["decision"], rows[1]["decision"] = "as printed", "七"
    gbk = tmp_path / "queue_gbk.csv"
    with gbk.open("w", encoding="gbk", newline="") as handle:  # what Excel on a Chinese Windows saves
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert any(not r["row_label"].isascii() for r in rows)  # the file really holds GBK bytes
    result = subprocess.run([sys.executable, "-m", "nianbao.cli", "review", str(out_dir), "--import-decisions", str(gbk)],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == ["line 3: '七' is not a number"]
    assert "applied 1 decision(s)" in result.stdout
