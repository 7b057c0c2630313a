"""The body rows of a borderless table, and each row's cells.

Each value line is a row with its label; the words of label-only lines are stacked into
label cells (a wrapped label, the pieces of a merged label), which join the nearest row
or, printed alone far from any value line, make a row whose cells were all left blank.
Label columns are the distinct left edges of the label words.
"""

from __future__ import annotations

from ...lines import NUMBERED
from ...model import GridCell, Word
from ..grid import union
from .columns import column_of
from .model import Line, Rect, Row, Scale, rect


def _stacked(words: list[Word], scale: Scale) -> list[list[Word]]:
    """Label words joined into printed label cells: a word continues the cell above it
    when it starts at the same left edge within a wrapped line's gap, and does not open
    with a numbering of its own (4., （五）)."""
    cells: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (rect(w).top, rect(w).x0)):
        for cell in cells:
            last = rect(cell[-1])
            if (
                abs(rect(cell[0]).x0 - rect(word).x0) <= scale.wrap_edge
                and 0 <= rect(word).top - last.bottom <= scale.stack_gap
                and not NUMBERED.match(word.text)
            ):
                cell.append(word)
                break
        else:
            cells.append([word])
    return cells


def body_rows(body: list[Line], left: float, scale: Scale) -> list[Row]:
    """The body's rows: each value line with its label, and each label printed alone far
    from any value line (a row whose cells are all left blank).

    The words of label-only lines are stacked into label cells. A cell goes to the
    nearest value line when it spans that line, lies within ``blank_row`` of it, or runs
    on from (or into) its own label (a label wrapped over three lines); otherwise it is a
    blank row of its own."""
    rows = [Row(line.page, line.top, line.bottom, list(line.words)) for line in body if line.values]
    page_of = {id(w): line.page for line in body for w in line.words}
    alone = [w for line in body if not line.values for w in line.words if w.center[0] < left]
    blank: list[Row] = []
    for cell in _stacked(alone, scale):
        page, top, bottom = page_of[id(cell[0])], min(rect(w).top for w in cell), max(rect(w).bottom for w in cell)
        same_page = [i for i, r in enumerate(rows) if r.page == page]
        runs_on = [i for i in same_page
                   if any(_runs_on(rect(w), rect(cell[0]).x0, top, bottom, scale) for w in rows[i].words if w.center[0] < left)]
        near = min(((abs(rows[i].middle - (top + bottom) / 2), i) for i in same_page), default=None)
        if near is not None and (near[0] <= scale.blank_row or runs_on == [near[1]] or top <= rows[near[1]].middle <= bottom):
            rows[near[1]].words.extend(cell)
        else:
            blank.append(Row(page, top, bottom, cell))
    return sorted(rows + blank, key=lambda r: (r.page, r.middle))


def _runs_on(label: Rect, x0: float, top: float, bottom: float, scale: Scale) -> bool:
    """Whether a label cell from ``top`` to ``bottom`` starting at ``x0`` wraps on from
    (or into) a row's label word at ``label``: the same left edge (``wrap_edge``), a
    wrapped line's gap."""
    gap = min(abs(top - label.bottom), abs(label.top - bottom))
    return abs(label.x0 - x0) <= scale.wrap_edge and gap <= scale.stack_gap


def row_cells(row: Row, r: int, left: float, label_lines: list[float], bounds: list[float]) -> list[GridCell]:
    """One body row's cells: its label words by the label column of their left edge, its
    values by the value column of their centre (every value column gets a cell: an empty
    one is a printed blank)."""
    m = len(label_lines)
    labels: dict[int, list[Word]] = {}
    values: dict[int, list[Word]] = {}
    for w in row.words:
        if w.center[0] < left:
            labels.setdefault(min(range(m), key=lambda i: abs(label_lines[i] - rect(w).x0)), []).append(w)
        else:
            values.setdefault(column_of(w.center[0], bounds), []).append(w)
    cells = []
    for c, ws in labels.items():
        ws.sort(key=lambda w: (rect(w).top, rect(w).x0))
        cells.append(GridCell(r, c, 1, 1, union([w.box for w in ws]), row.page, ws))
    for k in range(len(bounds) - 1):
        box = (bounds[k], row.top, bounds[k + 1], row.bottom)
        cells.append(GridCell(r, m + k, 1, 1, box, row.page, sorted(values.get(k, []), key=lambda w: rect(w).x0)))
    return cells
