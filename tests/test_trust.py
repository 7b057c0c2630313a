"""Trust: an unread cell is never a number that looks right, a crash is never a success.

Each test here holds one promise of issue 14: a blank cell shows no ink, a seal's cells
are never blank, a stage that raises leaves no cell trusted that it would have checked and
no document ``done``, and such a file is retried.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from conftest import DIGITAL, SCANNED

from nianbao import pipeline
from nianbao.batch import BatchOptions, run_batch
from nianbao.batch.worker import Job, process_file
from nianbao.model import Cell, Document, ErrorItem, ErrorKind, Page, Status, TextSource, Word
from nianbao.reconcile.ink import check_blank_ink
from nianbao.scan import find_marks
from nianbao.settings import Settings
from nianbao.store import ERROR_LOG, Store, content_hash, document_from_json, document_to_json

DPI = 200.0
PT = 72.0 / DPI


def _table_page(seal: tuple[int, int] | None = None) -> tuple[Page, list[Cell]]:
    """A repaired grey page with one ruled row of four value cells: a digit in the first,
    nothing in the others; optionally a grey seal ring centred at ``seal`` (pixels)."""
    image = np.full((1400, 1000), 255, np.uint8)
    xs, top, bottom = [100, 300, 500, 700, 900], 300, 360
    for x in xs:
        cv2.line(image, (x, top), (x, bottom), 0, 2)
    for y in (top, bottom):
        cv2.line(image, (xs[0], y), (xs[-1], y), 0, 2)
    cv2.putText(image, "7", (185, 345), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 3)
    if seal is not None:
        cv2.circle(image, seal, 170, 120, 9)
        for k in range(16):
            angle = math.pi * (0.9 + 1.2 * k / 15)
            x, y = int(seal[0] + 120 * math.cos(angle)), int(seal[1] + 120 * math.sin(angle))
            cv2.rectangle(image, (x - 8, y - 8), (x + 8, y + 8), 120, 3)
    page = Page(1, 1000 * PT, 1400 * PT, text_source=TextSource.OCR, image=image, dpi=DPI)
    cells = [
        Cell("appeals", "review", f"c{i}", value="0", status=Status.BLANK, page=1, source=TextSource.OCR,
             box=(xs[i] * PT, top * PT, xs[i + 1] * PT, bottom * PT))
        for i in range(4)
    ]
    return page, cells


def test_a_blank_cell_holding_ink_is_flagged_not_zero():
    page, cells = _table_page()
    document = Document(Path("x.pdf"), pages=[page], cells=cells)
    check_blank_ink(document, Settings())
    assert cells[0].status == Status.FLAGGED and cells[0].value == "" and "ink" in cells[0].reason
    assert [c.status for c in cells[1:]] == [Status.BLANK] * 3  # rulings alone are not ink


def test_a_blank_cell_a_sliver_of_its_table_s_rows_is_flagged():
    """A black seal's ring drew a line across table 三 (seed 64, gen64_003): a row 6.6 pt
    high was cut off (三)不予公开's first row, the template's 部分公开 row was given that
    sliver, and its empty 总计 came out a trusted blank over a printed 42. A cell that is a
    sliver of its table's rows says nothing by being empty."""
    page, cells = _table_page()
    sliver = Cell("appeals", "review", "sliver", value="0", status=Status.BLANK, page=1, source=TextSource.OCR,
                  box=(300 * PT, 300 * PT, 500 * PT, 318 * PT))
    check_blank_ink(Document(Path("x.pdf"), pages=[page], cells=[*cells, sliver]), Settings())
    assert sliver.status == Status.FLAGGED and sliver.value == "" and "sliver" in sliver.reason
    assert [c.status for c in cells[1:]] == [Status.BLANK] * 3
    # A column as narrow as a seal's stroke holds no digit either.
    page, cells = _table_page()
    stroke = Cell("appeals", "review", "stroke", value="0", status=Status.BLANK, page=1, source=TextSource.OCR,
                  box=(300 * PT, 300 * PT, 310 * PT, 360 * PT))
    check_blank_ink(Document(Path("x.pdf"), pages=[page], cells=[*cells, stroke]), Settings())
    assert stroke.status == Status.FLAGGED and "narrower than a digit" in stroke.reason
    # A table printed without rulings: every cell is as low as its print (seed 81, 5.8 pt).
    page, cells = _table_page()
    for c in cells:
        c.box = (c.box[0], 300 * PT, c.box[2], 318 * PT)
    check_blank_ink(Document(Path("x.pdf"), pages=[page], cells=cells), Settings())
    assert [c.status for c in cells[1:]] == [Status.BLANK] * 3


def test_a_blank_cell_a_read_number_reaches_into_is_flagged():
    """A photo whose rulings faded (seed 64, gen64_001): table 四's left columns came out
    a grid of their own, and the main grid's 其他结果 cell began inside its printed 1, 1.8 pt
    right of the 1's left edge. The 1, read and placed in the other grid, stood 29% inside
    the cell, clear of the ink check's inset: a trusted blank. A number read on the page that
    reaches into a blank cell contradicts it; a label's word does not."""
    page, cells = _table_page()
    x0, y0, _, y1 = cells[2].box
    page.words = [Word("1", (x0 - 1.8, y0 + 5, x0 + 0.7, y1 - 5), source=TextSource.OCR),
                  Word("合计", (cells[3].box[0] - 3, y0 + 5, cells[3].box[0] + 6, y1 - 5), source=TextSource.OCR)]
    check_blank_ink(Document(Path("x.pdf"), pages=[page], cells=cells), Settings())
    assert [c.status for c in cells[1:3]] == [Status.FLAGGED] * 2  # the 1 lies in both
    assert "'1'" in cells[2].reason and cells[3].status == Status.BLANK


def test_a_grey_seal_is_found_and_its_cells_are_never_blank():
    page, cells = _table_page(seal=(760, 480))
    page.text_source = TextSource.NONE  # as find_marks sees it: before OCR
    document = Document(Path("x.pdf"), pages=[page], cells=cells)
    find_marks(document, Settings())
    assert len(page.marks) == 1
    x0, y0, x1, y1 = (v / PT for v in page.marks[0])
    assert abs((x0 + x1) / 2 - 760) < 25 and abs((y0 + y1) / 2 - 480) < 25
    page.text_source = TextSource.OCR
    check_blank_ink(document, Settings())
    assert cells[3].status == Status.FLAGGED and cells[3].covered and "seal" in cells[3].reason
    assert cells[1].status == Status.BLANK and not cells[1].covered


def test_a_page_of_plain_print_has_no_marks():
    page, cells = _table_page()
    page.text_source = TextSource.NONE
    document = Document(Path("x.pdf"), pages=[page], cells=cells)
    find_marks(document, Settings())
    assert page.marks == []


def _raising(stage):
    def broken(document, settings):
        raise RuntimeError("injected")

    broken.__name__ = stage.__name__
    return broken


TRUSTED = (Status.OK, Status.BLANK, Status.CORRECTED)


def test_errors_are_data_the_store_keeps_and_old_stores_read_back():
    """Structured errors survive the store; a store written when errors were lines (and the
    stages that raised were kept apart) reads back into the same items."""
    raised = ErrorItem("find_layout", ErrorKind.RAISED, "boom", exception="RuntimeError", traceback="Traceback ...")
    needs = ErrorItem("extract", ErrorKind.NEEDS_OCR, "page(s) 2 of 3: no text layer (needs OCR)", pages=(2,))
    document = Document(Path("x.pdf"), [Page(1, 595, 842)], errors=[raised, needs])
    data = document_to_json(document)
    assert document_from_json(data).errors == [raised, needs]
    assert data["failures"] == [{"stage": "find_layout", "kind": "RuntimeError", "message": "boom", "traceback": "Traceback ..."}]
    old = data | {"errors": document.error_lines}
    again = document_from_json(old)
    assert again.failures == [raised] and again.error_lines == document.error_lines
    assert again.status == document.status == "failed"  # a stage raised before any cell was read


def _pdf_stages(monkeypatch, stages) -> None:
    monkeypatch.setattr(pipeline, "STAGES", {**pipeline.STAGES, "pdf": tuple(stages)})


@pytest.mark.parametrize("index", range(len(pipeline.STAGES["pdf"])), ids=[s.__name__ for s in pipeline.STAGES["pdf"]])
def test_a_failed_stage_leaves_nothing_trusted_it_would_have_checked(index, monkeypatch):
    stage = pipeline.STAGES["pdf"][index]
    stages = list(pipeline.STAGES["pdf"])
    stages[index] = _raising(stage)
    _pdf_stages(monkeypatch, stages)
    document = pipeline.extract(DIGITAL / "gen07_000.pdf")
    assert document.status in ("failed", "partial")
    assert [f.stage for f in document.failures] == [stage.__name__]
    assert "RuntimeError: injected" in document.failures[0].traceback
    assert any(e.text.startswith(f"{stage.__name__} failed: RuntimeError") for e in document.errors)
    assert document.failures[0].kind == ErrorKind.RAISED and document.failures[0].exception == "RuntimeError"
    if stage.__name__ in pipeline.CHECKING_STAGES:
        assert not [c.key for c in document.cells if c.status in TRUSTED]
    else:  # after the check: its cells stand as checked, the document is still not done
        assert document.status == "partial" and any(c.status == Status.OK for c in document.cells)


def test_a_failed_post_step_is_recorded_and_its_cells_stand_checked(monkeypatch):
    """The crops post-step runs after the checks: when it raises, the document says so and
    is not done, and the cells it never touched keep the status the check gave them."""
    (crop,) = pipeline.AFTER_STAGES
    monkeypatch.setattr(pipeline, "AFTER_STAGES", (_raising(crop),))
    document = pipeline.extract(DIGITAL / "gen07_000.pdf")
    assert [f.stage for f in document.failures] == [crop.__name__] and document.crops == {}
    assert document.status == "partial" and any(c.status == Status.OK for c in document.cells)


def test_a_scan_whose_check_raises_is_not_done(monkeypatch):
    _pdf_stages(monkeypatch, [(_raising(s) if s.__name__ == "check_arithmetic" else s) for s in pipeline.STAGES["pdf"]])
    document = pipeline.extract(SCANNED / "seed004.pdf")
    assert document.status == "partial"
    read = [c for c in document.cells if c.status != Status.MISSING]
    assert read and all(c.status == Status.FLAGGED for c in read)
    assert sum("not checked: check_arithmetic failed" in c.reason for c in read) > len(read) / 2


def test_retry_failed_reruns_a_file_a_stage_failed_on(tmp_path, monkeypatch):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    source = shutil.copy(DIGITAL / "gen07_001.pdf", inputs / "a.pdf")
    _pdf_stages(monkeypatch, [(_raising(s) if s.__name__ == "check_arithmetic" else s) for s in pipeline.STAGES["pdf"]])
    with Store(out) as store:  # what `extract` stores for a file whose check raised
        outcome = process_file(Job(str(source), content_hash(Path(source)), "a.pdf"), Settings())
        store.save(outcome.record, outcome.document, outcome.crops)
    assert outcome.record.status == "partial"
    assert "check_arithmetic failed" in (out / ERROR_LOG).read_text(encoding="utf-8")
    monkeypatch.undo()
    options = BatchOptions(workers=1, quiet=True)
    assert run_batch(inputs, out, Settings(), options)["by_status"] == {"partial": 1}  # not retried unasked
    summary = run_batch(inputs, out, Settings(), BatchOptions(workers=1, quiet=True, retry_failed=True))
    assert summary["by_status"] == {"done": 1}


def _extract_cells_csv(source: Path, out: Path) -> bytes:
    """``nianbao extract`` in this process, so both runs share the loaded OCR model."""
    from nianbao.cli import main

    assert main(["extract", str(source), "--out", str(out), "-q"]) == 0
    return (out / "cells.csv").read_bytes()


def test_the_same_scan_gives_the_same_cells_on_a_busy_machine(tmp_path):
    import subprocess
    import sys

    source = SCANNED / "gen03_005.tif"  # the smallest committed scan: two pages
    quiet = _extract_cells_csv(source, tmp_path / "quiet")
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        busy = _extract_cells_csv(source, tmp_path / "busy")
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    assert quiet == busy


def _remapped(document: Document) -> dict[str, Cell]:
    from nianbao.mapping import map_to_template

    map_to_template(document)
    return {cell.key: cell for cell in document.cells}


def test_a_cell_whose_header_lies_under_a_seal_is_flagged(extracted):
    """A seal over the column headers once shifted a column onto its neighbour's key with
    every digit read right: the sums of the column it took could not tell."""
    import copy

    document = copy.deepcopy(extracted("gen07_000"))
    header = next(c for g in document.grids for c in g.cells if c.text == "总计" and c.rowspan == 1
                  and any("复议后起诉" in o.text for o in g.cells))
    page = next(p for p in document.pages if p.number == header.page)
    page.marks = [header.box]
    cells = _remapped(document)
    under = [c for c in cells.values() if c.table == "appeals" and c.column == "total" and "under a seal" in c.reason]
    assert under and all(c.status == Status.FLAGGED for c in under)
    assert cells["appeals.review.upheld"].status in (Status.OK, Status.BLANK)


def test_two_grid_cells_answering_one_key_are_flagged(extracted):
    """A row label printed twice (a label split over two grid rows, a misread label
    taken for its neighbour's) gives one key two readings: neither is taken."""
    import copy

    document = copy.deepcopy(extracted("gen07_000"))
    from dataclasses import replace

    grid = next(g for g in document.grids if any(c.text == "规章" for c in g.cells))
    regulations = next(c for c in grid.cells if c.text == "规章")
    normative = next(c for c in grid.cells if c.row == regulations.row + 1 and c.col == regulations.col)
    regulations.words = [replace(regulations.words[0], text=normative.text)]
    before = {c.key: c.raw.strip() for c in extracted("gen07_000").cells}
    cells = _remapped(document)
    differ = [k for k, c in cells.items() if c.row == "normative_documents"
              and before[k] != before[k.replace("normative_documents", "regulations")]]
    assert differ and all(cells[k].status == Status.FLAGGED and "cells of the table answer to this one" in cells[k].reason for k in differ)


def test_a_sure_reading_beside_cells_not_found_is_flagged():
    """A photo's tilted header over lost rulings gave two of a row's five cells, under
    the wrong headers, each read at probability 1.000: no sum could check their place."""
    from nianbao.reconcile.correct import correct_table
    from nianbao.reconcile.equations import equations
    from nianbao.template import load_template

    form = load_template().form("appeals", "any")
    values = {"upheld": 2, "corrected": 0, "other": 1, "pending": 0, "total": 3}
    cells = {key: Cell("appeals", *key, value=str(values[key[1]]), raw=str(values[key[1]]), status=Status.OK,
                       source=TextSource.OCR, alternatives=tuple(((ch, 1.0),) for ch in str(values[key[1]])))
             for key in form.cells}
    for column in ("corrected", "other", "pending"):
        cells[("litigation_direct", column)] = Cell("appeals", "litigation_direct", column)  # not found
    correct_table(cells, equations(form))
    assert all(cells[("litigation_direct", c)].status == Status.FLAGGED for c in ("upheld", "total"))
    assert "not found whole" in cells[("litigation_direct", "total")].reason
    assert all(cells[("review", c)].status == Status.OK for c in values)


def test_ink_in_a_cell_lower_than_a_character_counts():
    """A landscape table fitted sideways on half of a two-up sheet: its cells are lower
    than the usual character, its digits 8 px high. They were not read, and the check,
    sized for 10.5 pt print, took them for specks: 43 cells came out blank, truth 1-181."""
    from nianbao.reconcile.ink import inked

    dpi, char = 200.0, 29.0  # the usual character height at 200 dpi
    ink = np.zeros((40, 80), dtype=bool)
    ink[14:22, 30:32] = ink[14:22, 36:41] = True  # "18", 8 px high, in a cell 23 px high
    box = (0.0, 8 * 72 / dpi, 60 * 72 / dpi, 31 * 72 / dpi)
    assert inked(ink, box, dpi, char)
    assert not inked(np.zeros_like(ink), box, dpi, char)


def test_ink_of_print_smaller_than_usual_counts_by_the_page_s_own_words():
    """The same two-up sheet: a cell as tall as usual print, its "22" 8 px high and broken
    by the scan into pieces of 5 px, shorter than a usual character's shortest stroke. The
    words OCR read on that page (4 pt high) say how small its print is; measured so, the
    pieces are strokes. Mask cut from the scanned LibreOffice corpus, seed 901."""
    from nianbao.model import Page, TextSource, Word
    from nianbao.reconcile.ink import inked, page_char

    dpi = 200.0
    ink = cv2.imread(str(Path(__file__).parent / "data" / "ink" / "two_up_landscape_22.png"), cv2.IMREAD_GRAYSCALE) > 0
    box = (0.0, 0.0, ink.shape[1] * 72 / dpi, ink.shape[0] * 72 / dpi)
    words = [Word("12", (10.0 * i, 0.0, 10.0 * i + 6, 4.0), source=TextSource.OCR) for i in range(10)]
    page = Page(1, 300.0, 200.0, words=words, dpi=dpi, text_source=TextSource.OCR)
    usual = page_char(Page(1, 300.0, 200.0, dpi=dpi, text_source=TextSource.OCR), 10.5)
    assert not inked(ink, box, dpi, usual)  # sized for 10.5 pt print, the pieces are specks
    assert page_char(page, 10.5) < usual / 2
    assert inked(ink, box, dpi, page_char(page, 10.5))
    assert not inked(np.zeros_like(ink), box, dpi, page_char(page, 10.5))


def test_a_signed_cell_whose_minus_was_not_read_is_flagged():
    """A two-up Chromium scan (seed 910, gen910_020): table 二's 本年增/减 printed -23, the
    recognizer read 23 surely, and no sum checks that column: a silent error. A flat bar
    just before the digits, within their height, sends a signed cell read with no sign to
    a person; a sign-less count is not looked at, nor an underline."""
    page = Page(number=1, width=200.0, height=100.0, text_source=TextSource.OCR, dpi=200.0)
    page.image = np.full((278, 556), 255, np.uint8)
    for x in (300, 312):  # "23", 15 pixels high at 200 dpi, as on the two-up page
        cv2.rectangle(page.image, (x, 140), (x + 8, 154), 0, 2)
    page.image[148, 293:298] = 0  # the minus: 5 pixels by 1
    box = (90.0, 39.6, 162.0, 64.8)

    def cell(column: str) -> Cell:
        return Cell("active_disclosure", "licensing", column, "23", Status.OK, "23", page=1, box=box, source=TextSource.OCR)

    def checked(*cells: Cell) -> None:
        check_blank_ink(Document(path=Path("x.pdf"), pages=[page], cells=list(cells), forms={"active_disclosure": "2019"}), Settings())

    change, count = cell("change"), cell("decisions")
    checked(change, count)
    assert change.status == Status.FLAGGED and "minus" in change.reason
    assert count.status == Status.OK
    page.image[148, 293:298] = 255
    page.image[160, 298:322] = 0  # an underline, not before the digits
    underlined = cell("change")
    checked(underlined)
    assert underlined.status == Status.OK
