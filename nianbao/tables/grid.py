"""Turn a group of cell rectangles into a grid of rows and columns with spans.

Row and column lines are the distinct edges of all cells; a cell spans every line it
crosses. Words are placed in the cell that holds their centre, so a value lands under
the column whose rectangle contains it, never by its order in the row.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..lines import group_lines
from ..model import Box, GridCell, TableGrid, Word


def cluster(values: list[float], tolerance: float) -> list[float]:
    """Distinct positions: values closer than ``tolerance`` collapse to their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def nearest_index(lines: list[float], value: float) -> int:
    i = bisect.bisect_left(lines, value)
    if i == len(lines) or (i > 0 and value - lines[i - 1] < lines[i] - value):
        i -= 1
    return i


def build_grid(boxes: list[Box], page: int, tolerance: float) -> TableGrid:
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    cells = []
    for box in boxes:
        c0, c1 = nearest_index(xs, box[0]), nearest_index(xs, box[2])
        r0, r1 = nearest_index(ys, box[1]), nearest_index(ys, box[3])
        if c1 > c0 and r1 > r0:
            cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, box, page))
    cells.sort(key=lambda c: (c.row, c.col))
    return TableGrid(n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells, pages=[page], col_lines=xs)


def place_words(grid: TableGrid, words: list[Word]) -> list[Word]:
    """Put each word into the cell holding its centre; return the words outside the table."""
    outside = []
    buckets: dict[int, list[Word]] = {}
    for word in words:
        x, y = word.center
        for i, cell in enumerate(grid.cells):
            b = cell.box
            if b[0] <= x <= b[2] and b[1] <= y <= b[3]:
                buckets.setdefault(i, []).append(word)
                break
        else:
            outside.append(word)
    for i, cell in enumerate(grid.cells):
        cell.words = [w for line in group_lines(buckets.get(i, [])) for w in line]
    return outside


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding every one of ``boxes``."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def table_box(grid: TableGrid, page: int) -> Box:
    """Bounding box of the grid's cells on one page."""
    return union([c.box for c in grid.cells if c.page == page])
