"""Tables printed without ruling lines (``nianbao.tables.stream``): one test per way the
text alone once misled the grid, on word layouts drawn here, then end to end on the
committed unruled samples (digital, and scanned through the real OCR model)."""

from __future__ import annotations

import pytest
from conftest import ROOT, truth

from nianbao.mapping import map_to_template
from nianbao.model import Document, Page, Section, Status, TextSource, Word
from nianbao.settings import DEFAULT_SETTINGS
from nianbao.tables import recover_tables
from nianbao.tables.stream import stream_tables

UNRULED = ROOT / "samples" / "unruled"
TRUSTED = {Status.OK, Status.BLANK, Status.CORRECTED}
H = 9.0  # glyph height, points
COLUMNS = (300.0, 340.0, 380.0, 420.0, 460.0)  # value column centres of the appeals table


def word(text: str, x: float, y: float, centred: bool = False) -> Word:
    width = 4.5 * len(text) if text.isascii() else 9.0 * len(text)
    x0 = x - width / 2 if centred else x
    return Word(text, (x0, y, x0 + width, y + H))


def grid_cells(words: dict[int, list[Word]]) -> dict[tuple[int, int], str]:
    (grid,) = stream_tables(words, [], DEFAULT_SETTINGS.tables, DEFAULT_SETTINGS.template.reader)
    return {(c.row, c.col): c.text for c in grid.cells}


def test_a_row_of_digits_only_is_a_row_not_a_page_number() -> None:
    """'22 0 1' joined reads like a page number; a row whose label wraps above and
    below its values prints no label on the values' line."""
    page = [
        word("本年新收", 300, 80, centred=True), word("上年结转", 380, 80, centred=True),
        word("规章", 60, 100), word("1", 300, 100, centred=True), word("2", 380, 100, centred=True),
        word("部分公开（区分处理的", 60, 114),
        word("22", 300, 120, centred=True), word("0", 380, 120, centred=True),
        word("不计其他情形）", 60, 126),
    ]
    cells = grid_cells({1: page})
    rows = {r for (r, c), text in cells.items() if text in ("22", "0")}
    assert len(rows) == 1
    (row,) = rows
    assert cells[(row, 0)] == "部分公开（区分处理的不计其他情形）"


def test_a_column_left_blank_all_the_way_down_keeps_its_place() -> None:
    """Blanks printed as nothing: without its header, the values right of a blank
    column slid one column left and were read as the wrong cells."""
    leaves = ["维持", "纠正", "其他", "未结", "总计"]
    page = [word(t, x, 80, centred=True) for t, x in zip(leaves, COLUMNS, strict=True)]
    page += [word("12", COLUMNS[0], 100, centred=True), word("3", COLUMNS[2], 100, centred=True),
             word("15", COLUMNS[4], 100, centred=True)]
    cells = grid_cells({1: page})
    header = {c: t for (r, c), t in cells.items() if r == 0}
    body = {c: t for (r, c), t in cells.items() if r == 1}
    assert [header[c] for c in sorted(header)] == leaves
    assert [body[c] for c in sorted(body)] == ["12", "", "3", "", "15"]


def test_group_headers_span_the_columns_they_are_centred_over() -> None:
    """A merged header centres its text over its columns, however few it covers."""
    leaves = ["维持", "纠正", "总计", "维持", "纠正", "总计"]
    xs = [300.0 + 40 * i for i in range(6)]
    page = [word("行政复议", (xs[0] + xs[2]) / 2, 60, centred=True), word("行政诉讼", (xs[3] + xs[5]) / 2, 60, centred=True)]
    page += [word(t, x, 80, centred=True) for t, x in zip(leaves, xs, strict=True)]
    page += [word("1", x, 100, centred=True) for x in xs]
    (grid,) = stream_tables({1: page}, [], DEFAULT_SETTINGS.tables, DEFAULT_SETTINGS.template.reader)
    groups = sorted((c.col, c.colspan, c.text) for c in grid.cells if c.row == 0)
    assert groups == [(0, 3, "行政复议"), (3, 3, "行政诉讼")]


def test_a_header_cut_by_a_page_break_stays_above_its_columns() -> None:
    """The group headers at the foot of one page, the column headers and values at the
    head of the next: compared by y alone, the groups sat under the columns."""
    leaves = ["维持", "纠正", "总计", "维持", "纠正", "总计"]
    xs = [300.0 + 40 * i for i in range(6)]
    first = [word("行政复议", (xs[0] + xs[2]) / 2, 760, centred=True), word("行政诉讼", (xs[3] + xs[5]) / 2, 760, centred=True)]
    second = [word(t, x, 60, centred=True) for t, x in zip(leaves, xs, strict=True)]
    second += [word(str(i), x, 80, centred=True) for i, x in enumerate(xs)]
    section = Section("四", "行政复议、行政诉讼情况", 1, 700.0)
    (grid,) = stream_tables({1: first, 2: second}, [section], DEFAULT_SETTINGS.tables, DEFAULT_SETTINGS.template.reader)
    groups = sorted((c.col, c.colspan, c.text, c.page) for c in grid.cells if c.row == 0)
    assert groups == [(0, 3, "行政复议", 1), (3, 3, "行政诉讼", 1)]
    assert [c.text for c in sorted((c for c in grid.cells if c.row == 2), key=lambda c: c.col)] == list("012345")


def test_two_values_in_one_column_are_kept_together_and_flagged() -> None:
    """Two columns whose values overlap cannot be told apart: the cell keeps both, which
    reads as text, so the template cell is flagged rather than split by guess."""
    page = [
        word("本年新收政府信息公开申请数量", 60, 100), word("3", 296, 100), word("1", 299, 100),
        word("上年结转政府信息公开申请数量", 60, 120), word("0", 300, 120),
    ]
    page = [word("自然人", 300, 80, centred=True), *page]
    cells = grid_cells({1: page})
    assert "3 1" in cells.values()
    document = Document(UNRULED / "synthetic.pdf", [Page(1, 595, 842, words=page, text_source=TextSource.TEXT_LAYER)])
    map_to_template(recover_tables(document, DEFAULT_SETTINGS), DEFAULT_SETTINGS)
    new = next(c for c in document.cells if c.key == "applications.new.natural_person")
    assert new.status == Status.FLAGGED


def _unruled_samples() -> list[str]:
    return sorted(p.name.removesuffix(".truth.json") for p in UNRULED.glob("*.truth.json"))


@pytest.fixture(scope="module")
def unruled():
    """Each committed unruled sample extracted once (the scanned one with real OCR)."""
    from nianbao.pipeline import extract

    cache: dict[str, Document] = {}

    def get(name: str) -> Document:
        if name not in cache:
            cache[name] = extract(next(p for p in UNRULED.glob(f"{name}.*") if not p.name.endswith(".json")))
        return cache[name]

    return get


@pytest.mark.parametrize("name", _unruled_samples())
def test_unruled_samples_read_every_cell_or_flag_it(name: str, unruled) -> None:
    document = unruled(name)
    expected = truth(name, UNRULED)
    got = {c.key: c for c in document.cells}
    silent = {k: (got[k].value, v) for k, v in expected["cells"].items() if got[k].value != v and got[k].status in TRUSTED}
    assert silent == {}
    right = sum(got[k].value == v for k, v in expected["cells"].items())
    assert right >= 0.97 * len(expected["cells"])


def test_a_column_blank_all_the_way_down_left_of_the_values_is_read(unruled) -> None:
    """gen61_001: table 二's 上一年项目数量 prints nothing in any row; its header stands
    left of the first value column, where the label column's header (信息内容) stands too."""
    got = {c.key: c for c in unruled("gen61_001").cells}
    for row in ("licensing", "other_services"):
        cell = got[f"active_disclosure.{row}.prior_items"]
        assert (cell.status, cell.value) == (Status.BLANK, "0")
        assert cell.column_label.endswith("上一年项目数量")


def test_a_table_continued_under_a_running_header_is_one_grid(unruled) -> None:
    """gen91_020: table 三 runs on to page 2 with no header of its own, a running header
    printed over its value columns in between."""
    document = unruled("gen91_020")
    spanning = [g for g in document.grids if g.pages == [1, 2]]
    assert len(spanning) == 1
    assert not [c for c in document.cells if c.table == "applications" and c.status == Status.MISSING]


def test_an_unruled_scan_upside_down_is_turned_upright(unruled) -> None:
    """Columns of digits line up both ways, so counting text-shaped runs of ink could
    not tell this page's orientation; the recognizer does."""
    document = unruled("gen81_022")
    assert truth("gen81_022", UNRULED)["scan"]["profile"] == "upside_down"
    assert all("turned upside up" in p.repairs for p in document.pages)
    assert [s.number for s in document.sections] == ["一", "二", "三", "四", "五", "六"]
