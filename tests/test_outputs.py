"""Outputs an analyst can use as they are (issue 17): identity, spreadsheet safety, panel."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DIGITAL

from nianbao.batch import BatchOptions, run_batch
from nianbao.batch.summary import _markdown, panel_row, summarize
from nianbao.export import report_record
from nianbao.export.panel import amount_in, amount_keys
from nianbao.export.safe import safe_text
from nianbao.model import Status
from nianbao.review.queue import export_queue
from nianbao.store import Store, content_hash
from nianbao.template import load_template

SAME_NAME = "2021年报.pdf"
FORMULA_NAME = "=1+2.pdf"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One batch over two different reports of one name in two folders and a report
    named like a formula."""
    folder = tmp_path_factory.mktemp("in")
    for sub, sample in (("a", "gen07_000"), ("b/c", "gen07_001")):
        (folder / sub).mkdir(parents=True)
        shutil.copy(DIGITAL / f"{sample}.pdf", folder / sub / SAME_NAME)
    shutil.copy(DIGITAL / "gen07_002.pdf", folder / FORMULA_NAME)
    out = tmp_path_factory.mktemp("out")
    run_batch(folder, out, options=BatchOptions(quiet=True))
    return out


def test_same_named_files_stay_distinct_documents(batch_out: Path) -> None:
    rows = read_csv(batch_out / "cells.csv")
    documents = {(r["document"], r["file_name"], r["sha256"]) for r in rows}
    expected = {(f"a/{SAME_NAME}", SAME_NAME, content_hash(DIGITAL / "gen07_000.pdf")),
                (f"b/c/{SAME_NAME}", SAME_NAME, content_hash(DIGITAL / "gen07_001.pdf")),
                ("'" + FORMULA_NAME, "'" + FORMULA_NAME, content_hash(DIGITAL / "gen07_002.pdf"))}
    assert documents == expected
    reports = read_csv(batch_out / "reports.csv")
    assert sorted(r["document"] for r in reports) == sorted(d for d, _, _ in expected)


def test_same_named_files_pivot_cleanly(batch_out: Path) -> None:
    pd = pytest.importorskip("pandas")
    cells = pd.read_csv(batch_out / "cells.csv", dtype=str, keep_default_na=False)
    wide = cells.assign(key=cells["table"] + "." + cells["row"] + "." + cells["column"]).pivot(
        index="document", columns="key", values="value")
    assert sorted(wide.index) == sorted(["'" + FORMULA_NAME, f"a/{SAME_NAME}", f"b/c/{SAME_NAME}"])
    assert wide.notna().sum(axis=1).min() > 100  # every document keeps its own cells


def _fields(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [f for row in csv.reader(handle) for f in row]


def test_formula_name_is_neutralised_in_every_spreadsheet_output(batch_out: Path) -> None:
    queue = batch_out / "queue.csv"
    with Store(batch_out, create=False) as store:
        export_queue(store, queue, include_corrected=True)
    for path in (batch_out / "cells.csv", batch_out / "reports.csv", queue):
        fields = _fields(path)
        assert FORMULA_NAME not in fields, path
        assert all(safe_text(f) == f for f in fields if not f.startswith("'")), path
    assert "'" + FORMULA_NAME in _fields(batch_out / "cells.csv")


@pytest.mark.parametrize("text, shown", [
    ("=1+2", "'=1+2"), ("+86 10", "'+86 10"), ("-（一）", "'-（一）"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\r=x", "'\r=x"), ("-3", "-3"), ("24252.311082", "24252.311082"),
    ("-1+2", "'-1+2"), ("a=b", "a=b"), ("", ""), ("国务院", "国务院"),
])
def test_safe_text(text: str, shown: str) -> None:
    assert safe_text(text) == shown


def _copy(document):
    return replace(document, cells=[replace(c) for c in document.cells])


def test_panel_holds_only_trusted_values_with_amounts_in_wan_yuan(extracted) -> None:
    document = _copy(extracted("gen07_000"))
    template = load_template()
    cells = {c.key: c for c in document.cells}
    amounts = [k for k in cells if k in amount_keys(template)]
    counts = [k for k in cells if k not in amounts and cells[k].status == Status.OK]
    assert len(amounts) == 1 and len(counts) >= 2
    flagged, missing = cells[counts[0]], cells[counts[1]]
    flagged.status, missing.status, missing.value = Status.FLAGGED, Status.MISSING, ""
    amount = cells[amounts[0]]
    amount.value, amount.unit, amount.status = "34074.0905", "元", Status.OK
    row = report_record(document, template)
    assert row[flagged.key] == "" and row[missing.key] == ""
    assert row[amount.key] == "3.40740905" and row["unit_unknown"] == "0"
    assert (row["flagged"], row["missing"]) == (
        str(sum(c.status == Status.FLAGGED for c in document.cells)),
        str(sum(c.status == Status.MISSING for c in document.cells)))
    amount.unit = ""  # the page does not say: not guessed
    unitless = report_record(document, template)
    assert unitless[amount.key] == "" and unitless["unit_unknown"] == "1"
    trusted = [c for c in document.cells if c.status in (Status.OK, Status.BLANK) and c.key not in amounts]
    assert all(row[c.key] == c.value for c in trusted)


@pytest.mark.parametrize("value, unit, wan", [
    ("34074.0905", "元", "3.40740905"), ("47061.44", "万元", "47061.44"), ("100", "元", "0.0100"),
    ("0", "元", "0.0000"), ("24252.311082", "万元", "24252.311082"), ("1", "千元", None), ("x", "元", None),
])
def test_amounts_are_converted_exactly(value: str, unit: str, wan: str | None) -> None:
    assert amount_in(value, unit, "万元", load_template().reader) == wan


def test_summary_lists_documents_without_body_or_year_and_partial_ones(extracted) -> None:
    whole = _copy(extracted("gen07_001"))
    untitled = _copy(extracted("gen07_000"))
    untitled.body, untitled.year = "", None
    partial = _copy(extracted("gen07_002"))
    partial.path = Path("x/partial.pdf")
    for cell in partial.cells[:3]:
        cell.status, cell.value = Status.MISSING, ""
    rows = [panel_row(d) for d in (whole, untitled, partial)]
    text = _markdown(summarize([], rows, [], [], load_template()))
    assert f"- {untitled.identity}: no body and year in the title ({untitled.title!r})" in text
    assert "- x/partial.pdf: partial: 3 cells lost" in text
    assert whole.identity not in text


def test_read_outputs_gives_typed_long_and_wide_frames(batch_out: Path) -> None:
    pd = pytest.importorskip("pandas")
    import nianbao

    cells, panel = nianbao.read_outputs(batch_out)
    assert str(cells["number"].dtype) == "Int64" and str(panel["year"].dtype) == "Int64"
    assert set(panel["document"]) == {FORMULA_NAME, f"a/{SAME_NAME}", f"b/c/{SAME_NAME}"}  # exact, no prefix
    wide = cells.pivot(index="document", columns="key", values="number")
    assert len(wide) == 3
    missing = cells[cells["status"] == "missing"]
    assert missing["number"].isna().all()  # an unread cell is <NA>, never 0
    amounts = [k for k in panel.columns if k in amount_keys(load_template())]
    values = [v for k in amounts for v in panel[k] if v is not pd.NA]
    assert values and all(isinstance(v, Decimal) for v in values)


def test_api_extract_and_cells_frame() -> None:
    pytest.importorskip("pandas")
    import nianbao

    document = nianbao.extract(DIGITAL / "gen07_000.pdf")
    frame = document.cells_frame()
    assert document.sha256 == content_hash(DIGITAL / "gen07_000.pdf")
    assert len(frame) == len(document.cells) and str(frame["number"].dtype) == "Int64"
    counts = {c.key: int(c.value) for c in document.cells if c.status == Status.OK and c.key not in amount_keys(load_template())}
    numbers = dict(zip(frame["key"], frame["number"], strict=True))
    assert counts and all(numbers[k] == v for k, v in counts.items())
    with pytest.raises(TypeError):
        nianbao.extract(DIGITAL / "gen07_000.pdf", no_such_setting=1)


def test_xlsx_has_cells_panel_codebook_safe_and_numeric(batch_out: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from nianbao.export import export_store

    [path] = export_store(batch_out, "xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["cells", "panel", "codebook"]
    cells = list(book["cells"].iter_rows(values_only=True))
    header = cells[0]
    documents = {row[header.index("document")] for row in cells[1:]}
    assert "'" + FORMULA_NAME in documents and FORMULA_NAME not in documents
    values = [row[header.index("value")] for row in cells[1:] if row[header.index("status")] == "ok"]
    assert values and all(isinstance(v, (int, float)) for v in values)
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@")) for row in cells for v in row)
    codebook_rows = list(book["codebook"].iter_rows(values_only=True))
    assert len(codebook_rows) == 1 + len(load_template().all_keys())


def test_parquet_round_trips_the_typed_panel(batch_out: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from nianbao.export import export_store

    paths = export_store(batch_out, "parquet")
    panel = pd.read_parquet(next(p for p in paths if p.name == "panel.parquet"))
    assert set(panel["document"]) == {FORMULA_NAME, f"a/{SAME_NAME}", f"b/c/{SAME_NAME}"}
    assert str(panel["flagged"].dtype) == "Int64"


def test_codebook_command_prints_and_writes_every_key(tmp_path: Path, capsys) -> None:
    from nianbao.cli import main

    assert main(["codebook"]) == 0
    printed = capsys.readouterr().out
    assert "applications.results_total.total" in printed and "本年收费金额" in printed
    assert main(["codebook", "--csv", str(tmp_path / "codebook.csv"), "-q"]) == 0
    rows = read_csv(tmp_path / "codebook.csv")
    assert [r["key"] for r in rows] == load_template().all_keys()
    fees = next(r for r in rows if r["key"] == "active_disclosure.fees.amount")
    assert (fees["kind"], fees["unit"], fees["forms"], fees["row_label"]) == ("amount", "万元", "2021", "行政事业性收费")


def test_meta_from_the_scrape_overrides_body_and_year_marked_as_supplied(batch_out: Path, tmp_path: Path) -> None:
    from nianbao.cli import main

    out = tmp_path / "out"
    shutil.copytree(batch_out, out)
    meta = tmp_path / "meta.csv"
    meta.write_bytes(f"path,body,year,url\nb\\c\\{SAME_NAME},某市测试局,2019,https://example.gov.cn/b.pdf\n".encode("gb18030"))
    assert main(["export", str(out), "--meta", str(meta), "-q"]) == 0
    rows = {r["document"]: r for r in read_csv(out / "reports.csv")}
    supplied = rows[f"b/c/{SAME_NAME}"]
    assert (supplied["body"], supplied["year"], supplied["url"], supplied["supplied"]) == (
        "某市测试局", "2019", "https://example.gov.cn/b.pdf", "body;year;url")
    assert rows[f"a/{SAME_NAME}"]["supplied"] == "" and rows[f"a/{SAME_NAME}"]["body"]
    assert main(["export", str(out), "-q"]) == 0  # kept: a later export applies it too
    assert {r["document"]: r["year"] for r in read_csv(out / "reports.csv")}[f"b/c/{SAME_NAME}"] == "2019"
    bad = tmp_path / "bad.csv"
    bad.write_text("path,year\na.pdf,20x1\n,2020\n", encoding="utf-8")
    assert main(["export", str(out), "--meta", str(bad)]) == 2
