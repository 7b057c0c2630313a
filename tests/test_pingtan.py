"""Real plain-text tables whose cell boundaries were lost (../shared/data/pingtan_text):
digits split back into cells by the arithmetic, ambiguity flagged, the 2020 table's own
wrong totals reported."""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT

from nianbao.model import ErrorKind, Status
from nianbao.pipeline import extract
from nianbao.reconcile.split import cuts

PINGTAN = ROOT.parent / "shared" / "data" / "pingtan_text"
TRUSTED = {Status.OK, Status.BLANK, Status.CORRECTED}
pytestmark = pytest.mark.skipif(not PINGTAN.is_dir(), reason="shared data not beside the checkout")


def _expected() -> dict[str, dict[tuple[str, str, str], tuple[str, str]]]:
    out: dict[str, dict] = {}
    with (PINGTAN / "pingtan_expected_cells.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["row"] == "*":
                continue
            # The derived truth names the 2019 form's single （六）其他处理 row "other"; the
            # spec's key for it is other_processing.
            row = "other_processing" if "single row （六）其他处理" in r["note"] else r["row"]
            out.setdefault(r["document"], {})[(r["table"], row, r["column"])] = (r["value"], r["gt_basis"])
    return out


EXPECTED = _expected() if PINGTAN.is_dir() else {}


def test_a_run_of_digits_has_its_true_cut_among_its_cuts():
    assert ("80", "1", "0", "0", "0", "0", "81") in cuts("801000081", 7)
    assert cuts("4 0 0 0 0 0 4", 7) == [("4", "0", "0", "0", "0", "0", "4")]
    assert all(not p.startswith("0") or p == "0" for c in cuts("1001", 3) for p in c)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_settled_cell_is_split_right_and_nothing_wrong_is_trusted(name):
    document = extract(PINGTAN / name)
    got = {(c.table, c.row, c.column): c for c in document.cells}
    for key, (value, basis) in EXPECTED[name].items():
        cell = got[key]
        if basis.startswith(("unique", "resolved_by_column_constraints")):
            assert cell.value == value, (key, cell.value, value, cell.raw)
        else:  # resolved outside the text: the digits alone cannot say
            assert cell.status == Status.FLAGGED, key
        if cell.status in TRUSTED:
            assert cell.value == value, key


def test_pingtan_2020_wrong_totals_come_out_flagged():
    document = extract(PINGTAN / "pingtan_2020.txt")
    assert document.source_errors
    flagged = {c.row for c in document.cells if c.table == "applications" and c.status == Status.FLAGGED}
    assert "results_total" in flagged
    assert all("arithmetic broken as printed" in c.reason for c in document.cells if c.table == "applications" and c.status == Status.FLAGGED)


def test_a_text_holding_one_row_of_one_table_gives_that_row(tmp_path):
    """A plain text that names no row of most tables (a one-line note saved by Notepad as
    UTF-16) is read, not a stage failure: a form with no row found has no runs (it raised
    in find_row_runs, zip of the rows and their successors). One row is no report."""
    path = tmp_path / "notepad.txt"
    path.write_bytes("一、本年新收政府信息公开申请数量 5\n".encode("utf-16"))
    document = extract(path)
    assert [e.kind for e in document.errors] == [ErrorKind.NO_REPORT]
    assert [(r.table, r.row, r.text) for r in document.runs] == [("applications", "new", "5")]
