"""Join a table that a page break cut in two.

Two grids are one table when the second opens its page, the first closes its page,
no text stands between them (running headers, footers and page numbers, as the layout
stage classed them, do not count), and their column lines agree. A header the publisher
repeated on the new page is dropped; a merged label cell cut by the break ("（四）无" /
"法提供") is joined back into one cell.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import pairwise

from ..lines import NUMBERED, group_lines, is_page_number
from ..model import GridCell, Page, TableGrid, Word
from ..settings import TableSettings
from ..values import CellReader, normalize_text
from .grid import cluster, nearest_index, table_box
from .wrapped import unwrapped


def _is_text(line: str, least_chars: int) -> bool:
    """A printed line, not a page number or a scan's speck read as a mark or two."""
    return sum(ch.isalnum() for ch in line) >= least_chars and not is_page_number(line)


def _free_text(words: list[Word], top: float, bottom: float, furniture: frozenset[int], columns: list[float],
               tuning: TableSettings) -> bool:
    """Whether real text (not page furniture, given as word ids) stands between ``top`` and
    ``bottom``. A line whose words each sit inside one of the table's ``columns`` is the
    table's own row, cut by the break below its last ruling found (a header row whose
    cells' text runs on past it), not text between two tables."""
    inside = [w for w in words if top < w.center[1] < bottom and id(w) not in furniture]
    return any(_is_text("".join(w.text for w in ws), tuning.text_chars) and not _in_columns(ws, columns) for ws in group_lines(inside))


def _in_columns(words: list[Word], columns: list[float]) -> bool:
    """Whether every word lies between two neighbouring column lines, crossing none."""
    return all(any(a <= w.box[0] and w.box[2] <= b for a, b in pairwise(columns)) for w in words)


def _cut_label(upper: GridCell, lower: GridCell, in_label_columns: bool, in_header: bool, reader: CellReader) -> bool:
    """Whether two cells meeting at a page break are the two pieces of one merged label.

    A label's text may fall wholly into either piece, so an empty piece joins a label;
    a value cell never joins (a blank zero above the break and a number wrapped in its
    narrow cell below are two cells). Two printed labels join only when one of them
    spans rows and the lower does not open with its own numbering ("4.", "（五）").
    Where the break cut the header (no number above it), a header cell continues in the
    printed piece below it ("结" / "果维持", or "" / "总计"), never into a blank below:
    that is a value printed blank.
    """
    if (upper.col, upper.colspan) != (lower.col, lower.colspan):
        return False
    if reader.is_number(upper.text) or reader.is_number(lower.text):
        return False
    if in_label_columns:
        if not upper.text or not lower.text:
            return bool(upper.text or lower.text)
        if upper.rowspan == 1 and lower.rowspan == 1:
            return False
        return not NUMBERED.match(lower.text)
    return in_header and bool(lower.text) and not NUMBERED.match(lower.text)


def _cut_row(upper: list[GridCell], lower: list[GridCell], reader: CellReader) -> bool:
    """Whether the first row below the break is the rest of the last row above it: a word
    processor lets a row break across pages, so a number wrapped in its cell ("2" / "6")
    or a whole value may fall below. The row below then holds values and no label, under
    a row above that holds values; a row of its own always has its label."""
    return (
        any(reader.is_number(c.text) for c in upper)
        and any(reader.is_number(c.text) for c in lower)
        and not any(reader.is_label(c.text) for c in lower)
    )


def _inside_header(upper: TableGrid, tuning: TableSettings, reader: CellReader) -> bool:
    """Whether the break fell inside the table's header: above it no number, no
    numbered row label, and no more rows than a header has. A report that prints its
    zeros as nothing may have no number above the break: table 三's first rows all blank,
    but its rows' labels are numbered (一、, （二）); taken for a header, the rows below were
    merged into the last row above (LibreOffice digital corpus, seed 907, seed001: 14 cells
    lost). Table 二's labels are not numbered, but its rows above a break are many
    (行政强制 was merged into 行政处罚 above it: Chromium scans, seed 913, seed001)."""
    return upper.n_rows <= tuning.max_header_rows and not any(reader.is_number(c.text) or NUMBERED.match(c.text) for c in upper.cells)


def _cut_header_row(lower: list[GridCell], reader: CellReader) -> bool:
    """Whether the first row below a break that cut the header is the rest of a header
    row: labels and no number. Its blank cells are then pieces of header cells too (a
    header cell whose text stayed above), not values printed blank."""
    return not any(reader.is_number(c.text) for c in lower) and any(reader.is_label(c.text) for c in lower)


def alike(a: str, b: str, least: float) -> bool:
    """Same header text, allowing for OCR slips on either page (similarity ``least``)."""
    a, b = normalize_text(a), normalize_text(b)
    return a == b or SequenceMatcher(None, a, b).ratio() >= least


def _head(grid: TableGrid, rows: int) -> list[tuple[int, int, str]]:
    """The cells of a grid's first ``rows`` rows, as (column, span, text), left to right."""
    return sorted((c.col, c.colspan, c.text) for c in grid.cells if c.row + c.rowspan <= rows)


def _repeated_header_rows(first: TableGrid, second: TableGrid, tuning: TableSettings, reader: CellReader) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first``."""
    for k in range(min(first.n_rows, second.n_rows, tuning.max_header_rows), 0, -1):
        top_a, top_b = _head(first, k), _head(second, k)
        if (
            top_a
            and [c[:2] for c in top_a] == [c[:2] for c in top_b]
            and all(alike(a[2], b[2], tuning.header_similarity) for a, b in zip(top_a, top_b, strict=True))
            and all(not reader.is_number(t) for _, _, t in top_b)
        ):
            return k
    return 0


def _label_columns(grid: TableGrid, reader: CellReader) -> int:
    """Columns left of the first column that holds a number."""
    numeric = [c.col for c in grid.cells if reader.is_number(c.text)]
    return min(numeric) if numeric else 0


def _remap(grid: TableGrid, own: list[float], lines: list[float]) -> list[GridCell]:
    """The grid's cells re-indexed from its column lines ``own`` onto a finer set."""
    out = []
    for c in grid.cells:
        first = nearest_index(lines, own[c.col])
        last = nearest_index(lines, own[c.col + c.colspan])
        out.append(GridCell(c.row, first, c.rowspan, last - first, c.box, c.page, c.words))
    return out


def _same_columns(a: list[float], b: list[float], tuning: TableSettings) -> bool:
    """Same width, and most column lines of the sparser piece found in the other, the
    pieces' left edges laid on each other: facing pages (a two-up scan's halves, a book's
    mirrored margins) print the same table at another distance from the page's edge."""
    tolerance = tuning.continuation_tolerance
    b = _aligned(a, b)
    if abs(a[-1] - b[-1]) > tolerance:
        return False
    small, large = sorted((a, b), key=len)
    shared = sum(1 for x in small if min(abs(x - y) for y in large) <= tolerance)
    return shared >= tuning.shared_columns * len(small)


def _aligned(a: list[float], b: list[float]) -> list[float]:
    """Column lines ``b`` moved so that their left edge lies on ``a``'s."""
    return [x - (b[0] - a[0]) for x in b]


def join(first: TableGrid, second: TableGrid, tuning: TableSettings, reader: CellReader) -> TableGrid:
    tolerance = tuning.continuation_tolerance
    below = _aligned(first.col_lines, second.col_lines)
    lines = cluster(first.col_lines + below, tolerance)
    upper = TableGrid(first.n_rows, len(lines) - 1, _remap(first, first.col_lines, lines), first.pages, lines)
    lower = TableGrid(second.n_rows, len(lines) - 1, _remap(second, below, lines), second.pages, lines)
    skip = _repeated_header_rows(upper, lower, tuning, reader)
    offset = upper.n_rows - skip
    label_cols = _label_columns(upper, reader)
    in_header = _inside_header(upper, tuning, reader)
    last_row = {c.col: c for c in upper.cells if c.row + c.rowspan == upper.n_rows}
    first_below = [c for c in lower.cells if c.row == skip]
    cut_row = _cut_row(list(last_row.values()), first_below, reader) or (in_header and _cut_header_row(first_below, reader))
    cells = list(upper.cells)
    for cell in lower.cells:
        if cell.row < skip:
            continue
        cell.row += offset
        above = last_row.get(cell.col)
        if cell.row == upper.n_rows and above is not None and (
            (cut_row and above.colspan == cell.colspan) or _cut_label(above, cell, cell.col < label_cols, in_header, reader)
        ):
            above.rowspan += cell.rowspan
            above.words = unwrapped(group_lines(above.words) + group_lines(cell.words), above.box[2] - above.box[0], tuning.cell_padding)
            continue
        cells.append(cell)
    cells.sort(key=lambda c: (c.row, c.col))
    return TableGrid(upper.n_rows + lower.n_rows - skip, len(lines) - 1, cells, first.pages + second.pages, lines)


def join_continued(grids: list[TableGrid], pages: dict[int, Page], tuning: TableSettings, reader: CellReader,
                   furniture: frozenset[int] = frozenset()) -> list[TableGrid]:
    """Merge each grid that continues the previous one across a page break. ``furniture``
    holds the ids of the words of running headers and footers; ``reader`` tells numbers
    and labels by the template's units."""
    out: list[TableGrid] = []
    for grid in grids:
        prev = out[-1] if out else None
        if prev is not None and grid.pages[0] == prev.pages[-1] + 1:
            page_a, page_b = pages[prev.pages[-1]], pages[grid.pages[0]]
            box_a, box_b = table_box(prev, page_a.number), table_box(grid, page_b.number)
            last_on_a = not any(g is not prev and page_a.number in g.pages and table_box(g, page_a.number)[1] > box_a[1] for g in grids)
            if (
                last_on_a
                and _same_columns(prev.col_lines, grid.col_lines, tuning)
                and not _free_text(page_a.words, box_a[3], page_a.height, furniture, prev.col_lines, tuning)
                and not _free_text(page_b.words, 0, box_b[1], furniture, grid.col_lines, tuning)
            ):
                out[-1] = join(prev, grid, tuning, reader)
                continue
        out.append(grid)
    return out
