"""The publishers' renderers of the sample generator write what the truth says.

A .docx re-read with python-docx must hold every value in the cell the grid puts it in,
with the template's (or the built table's) merges; an .html parsed with lxml likewise,
rowspans and colspans expanded. Printing needs LibreOffice or Chromium and is skipped
where they are absent (CI); the scan profiles need neither.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
lxml_html = pytest.importorskip("lxml.html")

from samples.generator.__main__ import random_sample  # noqa: E402
from samples.generator.render import cell_text  # noqa: E402
from samples.generator.report import grid  # noqa: E402
from samples.generator.web import WebStyle, write_html  # noqa: E402
from samples.generator.word import TEMPLATE, WordStyle, tc_text, write_docx  # noqa: E402

TABLES = ("active_disclosure", "applications", "appeals")
needs_template = pytest.mark.skipif(not TEMPLATE.exists(), reason="the national .docx template (shared/) is absent")
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
needs_chromium = pytest.mark.skipif(
    not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")), reason="Chromium is not installed")


def sample_of(form: str, seed: int = 3):
    """The first random sample whose table 三 has ``form``."""
    rng = random.Random(seed)
    while True:
        sample = random_sample("t", rng)
        if sample.forms["applications"] == form:
            return sample


def docx_grid(table) -> dict[tuple[int, int], tuple[str, int, int]]:
    """(row, col) of each cell's top-left corner → (text, rowspan, colspan), read from the XML."""
    from docx.oxml.ns import qn

    origins: dict[tuple[int, int], list] = {}
    open_above: dict[int, tuple[int, int]] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            continues = merge is not None and merge.get(qn("w:val")) in (None, "continue")
            if continues:
                origins[open_above[col]][1] += 1
            else:
                origins[(r, col)] = [tc_text(tc), 1, tc.grid_span]
                open_above[col] = (r, col)
            col += tc.grid_span
    return {k: (v[0], v[1], v[2]) for k, v in origins.items()}


def assert_holds_truth(sample, grids: list[dict], plain) -> None:
    """Every cell of the three tables' grids is where the spec puts it, with its spans and
    the text the truth prints (both compared as ``plain`` makes them)."""
    for name, cells in zip(TABLES, grids, strict=True):
        for cell in grid(sample, name).cells:
            text, rowspan, colspan = cells[(cell.row, cell.col)]
            assert (rowspan, colspan) == (cell.rowspan, cell.colspan), (name, cell)
            expected = cell_text(cell, sample.values, sample.units, sample.style)
            assert plain(text) == plain(expected), (name, cell)


@needs_template
@pytest.mark.parametrize("form", ["2021", "2019"])
def test_docx_holds_every_cell_of_the_truth(tmp_path: Path, form: str) -> None:
    sample = sample_of(form)
    path = tmp_path / "r.docx"
    record = write_docx(sample, path, WordStyle(landscape="applications", repeat_header=True), random.Random(1))
    assert ("applications" in record["built_tables"]) == (form == "2019")
    tables = docx.Document(str(path)).tables
    assert len(tables) == 3
    # a value cell may keep the template's filler (ideographic spaces); a label its line breaks
    assert_holds_truth(sample, [docx_grid(t) for t in tables], lambda text: "".join(text.split()))


@needs_template
def test_docx_landscape_section_and_repeated_header(tmp_path: Path) -> None:
    path = tmp_path / "r.docx"
    write_docx(sample_of("2021"), path, WordStyle(landscape="applications", repeat_header=True), random.Random(1))
    document = docx.Document(str(path))
    orientations = [s.page_width > s.page_height for s in document.sections]
    assert orientations == [False, True, False]
    from docx.oxml.ns import qn

    rows = document.tables[1]._tbl.tr_lst
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows[:4]] == [True, True, True, False]


def html_grid(table) -> dict[tuple[int, int], tuple[str, int, int]]:
    """(row, col) of each cell's top-left corner → (text, rowspan, colspan), spans expanded."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for r, tr in enumerate(table.iter("tr")):
        col = 0
        for td in tr.iter("td"):
            while (r, col) in taken:
                col += 1
            rowspan, colspan = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            out[(r, col)] = (td.text_content(), rowspan, colspan)
            taken |= {(r + i, col + j) for i in range(rowspan) for j in range(colspan)}
            col += colspan
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_html_holds_every_cell_of_the_truth(tmp_path: Path, encoding: str) -> None:
    sample = sample_of("2019")
    sample.style.blank_zero = True
    path = tmp_path / "r.html"
    write_html(sample, path, WebStyle(encoding=encoding, thead=True), random.Random(1))
    raw = path.read_bytes()
    assert f"charset={encoding}".encode() in raw
    page = lxml_html.fromstring(raw.decode(encoding))
    tables = page.findall(".//table")
    assert len(tables) == 3
    assert len(tables[1].findall("thead/tr")) == 3
    assert_holds_truth(sample, [html_grid(t) for t in tables], lambda text: text.replace("\xa0", ""))


def test_two_up_puts_pages_side_by_side_in_reading_order() -> None:
    import numpy as np

    from samples.generator.scan import _two_up

    pages = [np.full((1400, 1000, 3), shade, np.uint8) for shade in (10, 120, 200)]
    sheets = _two_up(pages)
    assert len(sheets) == 2
    h, w = sheets[0].shape[:2]
    assert w > h  # a landscape sheet
    assert sheets[0][h // 2, w // 4, 0] == 10 and sheets[0][h // 2, 3 * w // 4, 0] == 120
    assert sheets[1][h // 2, 3 * w // 4, 0] == 255  # an odd last page: the right half blank


@needs_template
@needs_soffice
def test_word_print_stores_landscape_pages_turned(tmp_path: Path) -> None:
    import pdfplumber

    from samples.generator.pages import print_facts
    from samples.generator.print import docx_to_pdf, store_landscape_rotated

    sample = sample_of("2021")
    source = tmp_path / "r.docx"
    write_docx(sample, source, WordStyle(landscape="applications", rotate=90), random.Random(1))
    (pdf,) = docx_to_pdf([source], tmp_path)
    turned = store_landscape_rotated(pdf, 90)
    assert turned
    facts = print_facts(pdf, grid(sample, "applications"))
    assert set(facts["applications_pages"]) <= set(turned) and facts["rotated_pages"] == turned
    with pdfplumber.open(pdf) as document:
        page = document.pages[turned[0] - 1]
        assert page.rotation == 90 and page.width > page.height  # shown landscape, stored portrait
        assert "一、本年新收政府信息公开申请数量" in "".join((page.extract_text() or "").split())


@needs_chromium
def test_web_print_keeps_the_numbers(tmp_path: Path) -> None:
    import pdfplumber

    from samples.generator.print import html_to_pdf

    sample = sample_of("2021")
    source = tmp_path / "r.html"
    write_html(sample, source, WebStyle(), random.Random(1))
    pdf = html_to_pdf(source, tmp_path / "r.pdf")
    with pdfplumber.open(pdf) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
    assert sample.values["applications.results_total.total"] in text
    assert "四、结转下年度继续办理" in "".join(text.split())


WORLD = Path(__file__).resolve().parent.parent / "samples" / "world"


def world_truths() -> list[dict]:
    import json

    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(WORLD.glob("*.truth.json"))]


def test_committed_world_samples_hold_each_of_issue_13s_cases() -> None:
    from samples.generator.cases import ISSUE_CASES

    truths = world_truths()
    for case, test in ISSUE_CASES.items():
        assert any(test(t) for t in truths), case
    for truth in truths:
        source = next(p for p in WORLD.glob(f"{truth['document']}.*") if not p.name.endswith(".json"))
        assert source.stat().st_size < 1_000_000, source.name


@pytest.mark.parametrize("truth", [t for t in world_truths() if "scan" not in t], ids=lambda t: t["document"])
def test_committed_world_print_facts_are_what_the_pdf_shows(truth: dict) -> None:
    """The truth's record of where table 三 broke is read back from the committed PDF."""
    from samples.generator.grids import Labels, applications_grid
    from samples.generator.pages import print_facts

    labels = Labels(**truth["labels"])
    facts = print_facts(WORLD / f"{truth['document']}.pdf", applications_grid(truth["forms"]["applications"], labels))
    assert facts == truth["print"]
