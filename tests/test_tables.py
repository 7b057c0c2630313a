"""Grid recovery: one regression test per real-world bug."""

from pathlib import Path

import pytest

from nianbao.ingest import load_document
from nianbao.settings import DEFAULT_SETTINGS
from nianbao.tables import recover_tables

DATA = Path(__file__).parent / "data"


def rows(grid):
    return [[c.text for c in grid.cells if c.row == r] for r in range(grid.n_rows)]


def test_white_cell_backgrounds_are_not_ruling_lines():
    # img2table's test PDF (MIT): Word paints each cell's white background inset from its
    # borders. Taking those outlines for rulings split every column in two and put an
    # empty cell before each number.
    document = recover_tables(load_document(DATA / "img2table" / "white_cell_backgrounds.pdf"))
    first = document.grids[0]
    assert (first.n_rows, first.n_cols) == (5, 4)
    assert rows(first)[0] == ["sample", "blue LED value", "green LED value", "red LED value"]
    assert rows(first)[1] == ["clear water", "97", "19", "79"]


def test_split_table_with_cut_merged_labels_is_one_grid():
    # A page break inside 三、本年度办理结果 and （三）不予公开: one table, labels joined.
    document = recover_tables(load_document(Path(__file__).parent.parent / "samples" / "digital" / "gen07_002.pdf"))
    joined = [g for g in document.grids if len(g.pages) > 1]
    assert joined, "the applications table of gen07_002 crosses a page break"
    grid = joined[0]
    results = next(c for c in grid.cells if "本年度办理结果" in c.text)
    assert results.rowspan >= 20  # one merged cell across the break, not two pieces


RAPIDAI = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "rapidai_tsr_cn_tables"


@pytest.mark.skipif(not RAPIDAI.is_dir(), reason="shared data not beside the checkout")
@pytest.mark.parametrize("name, at_least", [("wired/table_recognition.jpg", 35), ("wired/table2.jpg", 23), ("wired/row_span.png", 17)])
def test_real_scanned_tables_give_at_least_the_cells_upstream_asserts(name, at_least):
    # Real table images from RapidAI/TableStructureRec's tests (Apache-2.0); the bounds
    # are its own assertions (expected_from_upstream_tests.json), with spans counted once.
    from nianbao.scan import find_rulings
    from nianbao.scan.repair import repair_pages
    from nianbao.tables.lattice import cell_tables

    document = find_rulings(repair_pages(load_document(RAPIDAI / name)))
    tables = cell_tables(document.pages[0].rulings, DEFAULT_SETTINGS)
    assert max(len(t) for t in tables) >= at_least


def test_a_seal_s_strokes_over_a_table_edge_are_not_rulings():
    """A black seal over the top of table 二 (seed-63 trust corpus, gen63_000): the strokes
    of its ring text crossed the table's top border and made one grid of 21 columns that no
    template table matched; all ten cells were lost. A stroke that ends in the air is the
    seal's; a border under the seal, from ruling to ruling, stays."""
    from nianbao.model import Ruling
    from nianbao.tables.lattice import cell_tables

    table = [Ruling("h", y, 64.0, 532.0) for y in (332.0, 349.0, 366.0, 383.0)]
    table += [Ruling("v", 64.0, 332.0, 383.0), Ruling("v", 532.0, 332.0, 383.0), Ruling("v", 208.0, 349.0, 383.0)]
    under = Ruling("v", 316.0, 349.0, 366.0)  # a real divider wholly under the seal
    strokes = [Ruling("v", x, 265.0 + x % 7, 345.0 - x % 5) for x in (282.0, 305.0, 384.0, 404.0)]
    seal = (260.0, 228.0, 417.0, 385.0)
    (cells,) = cell_tables([*table, under, *strokes], DEFAULT_SETTINGS, [seal])
    assert sorted({round(b[0]) for b in cells}) == [64, 208, 316]
    with_strokes = cell_tables([*table, under, *strokes], DEFAULT_SETTINGS)
    assert len({round(b[0]) for t in with_strokes for b in t}) > 3  # what the strokes did unseen


def test_a_table_the_photo_s_edge_cut_is_closed_there():
    """A phone photo cut table 三 at its right edge (samples/world/world_09): the rows'
    lines run to the edge with no border, the 总计 column closed no cell and was lost. Lines
    that end open together get the line the cut stands for; one vertical line that a scan
    joined to a character's stroke (it overshoots into the row above) ends open alone and
    draws no line across the table."""
    from nianbao.model import Ruling
    from nianbao.tables.lattice import cell_tables

    rows = [Ruling("h", y, 10.0, 300.0) for y in (10.0, 30.0, 50.0, 70.0)]
    columns = [Ruling("v", x, 10.0, 70.0) for x in (10.0, 100.0, 200.0)]
    overshoot = Ruling("v", 50.0, 20.0, 70.0)  # the group column's line, from mid-row 1
    (cells,) = cell_tables([*rows, *columns, overshoot], DEFAULT_SETTINGS)
    assert sorted({round(b[0]) for b in cells}) == [10, 50, 100, 200]
    assert sorted({round(b[2]) for b in cells}) == [50, 100, 200, 300]
    assert sorted({round(b[1]) for b in cells}) == [10, 30, 50]


def test_a_group_label_s_border_cut_at_both_breaks_is_kept_beside_its_table():
    """The middle page of table 三 over three Chromium pages (seed 902, gen902_003): the
    border left of 三、本年度办理结果 runs the page's height and meets no row line, so it
    was dropped as a stray stroke; the piece lost its first column and joined neither
    neighbour. A line as long as its table, beside it within a column's width, is its edge;
    one far off or of another length is not."""
    from nianbao.scan.rulings import _table_lines

    char = 29.0
    rows = [(float(y), 330, 1520) for y in range(120, 2100, 150)]
    columns = [(float(x), 120, 1950) for x in (330, 530, 860, 1100, 1300, 1520)]
    border = (130.0, 120, 1950)
    far, short = (1900.0, 120, 1950), (200.0, 120, 900)
    _, vertical = _table_lines(rows, [*columns, border, far, short], char, DEFAULT_SETTINGS.pixel_rulings, DEFAULT_SETTINGS.imaging.ruling_length)
    assert border in vertical
    assert far not in vertical and short not in vertical


def test_upright_strokes_of_large_table_print_are_not_rulings():
    """Table 三 set in 14 pt on a LibreOffice landscape page, scanned (seed 905,
    gen905_026, page 3): the upright strokes of its labels (收, 信, 申) are as long as the
    shortest ruling and lie between a row's two lines, and split its label column into 28
    columns; labels were cut apart for OCR. A cell border runs into the lines across it at
    both ends; a stroke stops short of them."""
    from dataclasses import replace

    import cv2

    from nianbao.scan.rulings import rulings_from_pixels
    from nianbao.tables.lattice import cell_tables

    grey = cv2.imread(str(DATA / "large_table_print.jpg"), cv2.IMREAD_GRAYSCALE)
    (cells,) = cell_tables(rulings_from_pixels(grey, 200.0, DEFAULT_SETTINGS), DEFAULT_SETTINGS)
    assert sorted({round(b[0]) for b in cells}) == [72, 110, 163, 379, 435, 491, 546, 602, 658, 714]
    loose = replace(DEFAULT_SETTINGS, pixel_rulings=replace(DEFAULT_SETTINGS.pixel_rulings, short_touch=1.0))
    assert len({round(b[0]) for t in cell_tables(rulings_from_pixels(grey, 200.0, loose), loose) for b in t}) > 20


def test_a_header_row_cut_by_a_page_break_keeps_its_column_lines():
    """Table 三's header printed large by Chromium, the page break inside its last row
    (seed-913 Chromium scans, gen913_002, page 3): no border is drawn at the break, so the
    column lines of 商业企业 … 其他 and the table's left border meet one line across each
    and were dropped as strokes of print. The piece kept only three columns, was not joined
    to the next page, and no column of the table was named (42 cells lost, 120 flagged).
    Lines ending together at a cut meet the break."""
    from dataclasses import replace

    import cv2

    from nianbao.scan.rulings import rulings_from_pixels
    from nianbao.tables.lattice import cell_tables

    grey = cv2.imread(str(DATA / "header_cut_by_page_break.jpg"), cv2.IMREAD_GRAYSCALE)
    header = cell_tables(rulings_from_pixels(grey, 200.0, DEFAULT_SETTINGS), DEFAULT_SETTINGS)[-1]
    assert sorted({round(b[0]) for b in header}) == [77, 267, 306, 341, 376, 414, 450, 482]
    no_cuts = replace(DEFAULT_SETTINGS, pixel_rulings=replace(DEFAULT_SETTINGS.pixel_rulings, cut_lines=100))
    assert sorted({round(b[0]) for b in cell_tables(rulings_from_pixels(grey, 200.0, no_cuts), no_cuts)[-1]}) == [267, 306, 482]


def test_two_rows_cut_at_the_top_of_a_page_keep_their_short_column_lines():
    """The last two rows of table 三 at the top of a two-up sheet's page (seed-913 Chromium
    scans, gen913_006, page 3), printed small: no border at the
    break, so each column line, shorter than three character heights, met a line across
    at one end only and was dropped as a stroke of print; the rows were lost (14 cells).
    An end at the table's outer edge, where the other lines end too, is a cut."""
    from dataclasses import replace

    import cv2

    from nianbao.scan.rulings import rulings_from_pixels
    from nianbao.tables.lattice import cell_tables

    grey = cv2.imread(str(DATA / "two_rows_cut_at_page_top.jpg"), cv2.IMREAD_GRAYSCALE)
    rows = cell_tables(rulings_from_pixels(grey, 200.0, DEFAULT_SETTINGS), DEFAULT_SETTINGS)[0]
    assert len(rows) == 17 and sorted({round(b[1]) for b in rows}) == [30, 45]
    no_cuts = replace(DEFAULT_SETTINGS, pixel_rulings=replace(DEFAULT_SETTINGS.pixel_rulings, cut_lines=100))
    assert all(min(b[1] for b in t) > 90 for t in cell_tables(rulings_from_pixels(grey, 200.0, no_cuts), no_cuts))


def test_a_heading_between_two_tables_in_small_print_parts_their_borders():
    """Table 三's last rows and table 四 on a two-up sheet's half (seed-914 LibreOffice
    scans, gen914_020, page 3), the heading 四、政府信息公开行政复议… in small print between
    them: the gap between the two tables' borders was short enough to bridge, the borders
    ran on as one, and the heading and table 四 became rows of table 三 (15 cells lost). A
    gap that runs from a line across to another parts the two pieces."""
    import cv2

    from nianbao.scan.rulings import rulings_from_pixels
    from nianbao.tables.lattice import cell_tables

    grey = cv2.imread(str(DATA / "heading_between_two_small_tables.jpg"), cv2.IMREAD_GRAYSCALE)
    tables = cell_tables(rulings_from_pixels(grey, 200.0, DEFAULT_SETTINGS), DEFAULT_SETTINGS)
    assert len(tables) == 2
    assert max(b[3] for b in tables[0]) < min(b[1] for b in tables[1])


def test_a_character_stroke_beyond_a_border_s_end_is_not_joined_to_it():
    """Table 四 of a Chromium scan (seed 906, gen906_011): the stroke of 未 in
    未经复议直接起诉 stands over the border under it, a gap short enough to bridge away;
    joined, the border ran up into the header row, cut it in two, and the table was lost.
    A line across the gap parts them; a dropout in a long line, with no line across it,
    is still bridged."""
    from nianbao.scan.rulings import _join, _line_between

    char, tuning = 29.0, DEFAULT_SETTINGS.pixel_rulings
    row_line = (1065.0, 600, 1520)  # the header row's bottom line
    border, stroke = (694.0, 1065, 1414), (695.0, 1003, 1042)
    parted = _line_between([row_line], char, tuning)
    assert sorted(_join([border, stroke], char, 4.0, parted)) == sorted([border, stroke])
    assert len(_join([border, stroke], char, 4.0)) == 1  # what bridging alone did
    dropout = [(300.0, 100, 700), (300.0, 720, 1400)]
    assert _join(dropout, char, 4.0, parted) == [(300.0, 100, 1400)]


def test_a_break_after_blank_rows_is_not_taken_for_a_break_in_the_header():
    """A LibreOffice report that prints zeros as nothing (seed 907, seed001): above the
    break table 三 had its first rows, all blank, so no number stood above it and the
    break was taken to lie inside the header; the first row below (1.属于国家秘密) was
    merged into the last row above and 14 cells were lost. Numbered row labels above
    the break say the body has begun."""
    from nianbao.model import GridCell, TableGrid, Word
    from nianbao.tables.continuation import join

    def row(r: int, label: str, top: float, page: int) -> list[GridCell]:
        box = (90.0, top, 273.0, top + 34)
        cells = [GridCell(r, 0, 1, 1, box, page, [Word(label, box)])]
        return cells + [GridCell(r, c, 1, 1, (273.0 + 33 * (c - 1), top, 306.0 + 33 * (c - 1), top + 34), page) for c in (1, 2)]

    lines = [90.0, 273.0, 306.0, 339.0]
    upper = TableGrid(2, 3, row(0, "一、本年新收政府信息公开申请数量", 600, 2) + row(1, "（二）部分公开", 634, 2), [2], lines)
    lower = TableGrid(1, 3, row(0, "1.属于国家秘密", 94, 3), [3], lines)
    joined = join(upper, lower, DEFAULT_SETTINGS.tables, DEFAULT_SETTINGS.template.reader)
    assert joined.n_rows == 3
    assert sorted(c.col for c in joined.cells if c.row == 2) == [0, 1, 2]


def test_a_break_after_many_unnumbered_blank_rows_is_not_taken_for_a_break_in_the_header():
    """Table 二 of a Chromium scan that prints zeros as nothing (seed 913, seed001): ten
    rows above the break, none numbered and no number among them, so the break was taken
    to lie inside the header, and 行政强制 below it was merged into 行政处罚 above it. A
    header has no more than ``max_header_rows`` rows."""
    from nianbao.model import GridCell, TableGrid, Word
    from nianbao.tables.continuation import join

    def row(r: int, label: str, top: float, page: int) -> list[GridCell]:
        box = (63.0, top, 190.0, top + 20)
        return [GridCell(r, 0, 1, 1, box, page, [Word(label, box)]), GridCell(r, 1, 1, 1, (190.0, top, 533.0, top + 20), page)]

    labels = ["信息内容", "规章", "行政规范性文件", "信息内容", "行政许可", "信息内容", "行政处罚"]
    upper = TableGrid(len(labels), 2, [c for r, text in enumerate(labels) for c in row(r, text, 600 + 20 * r, 1)], [1], [63.0, 190.0, 533.0])
    lower = TableGrid(1, 2, row(0, "行政强制", 77, 2), [2], [63.0, 190.0, 533.0])
    joined = join(upper, lower, DEFAULT_SETTINGS.tables, DEFAULT_SETTINGS.template.reader)
    assert joined.n_rows == len(labels) + 1
    assert [c.text for c in joined.cells if c.col == 0][-2:] == ["行政处罚", "行政强制"]
