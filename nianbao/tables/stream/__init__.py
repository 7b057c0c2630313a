"""Tables printed without ruling lines, rebuilt from how their text lines up.

Some publishers turn a table's borders off, or keep only its horizontal rules: there are
no cell rectangles to close. The grid then comes from the text, section by section, in the
way img2table splits its borderless tables:

- ``segments``: each section's lines cut into table bodies, with the header lines above;
- ``columns``: the value columns, the overlapping x-ranges of the body's values;
- ``headers``: the header words stacked into header cells, the column headers and the
  group headers spread over their columns;
- ``rows``: the body rows and their label and value cells;
- ``model``: the types they share (``Line``, ``Block``, ``Segment``, ``Row``, the named
  box ``Rect``) and ``Scale``, the settings in points.

The result is an ordinary ``TableGrid`` (group headers as spans), mapped onto the
template by its labels like a ruled one. A row holding two values inside one column
keeps both in that cell, which reads as text and is flagged, never split by guess.
"""

from __future__ import annotations

import math
import statistics

from ...lines import group_lines, is_page_number
from ...model import GridCell, Section, TableGrid, Word
from ...settings import TableSettings
from ...values import CellReader
from ..grid import cluster, union
from .columns import bounds, value_columns, value_spans, with_blank_columns, within
from .headers import column_headers, group_spans, leaves, of_labels, stack
from .model import Line, Scale, Segment, rect
from .rows import body_rows, row_cells
from .segments import repeats_header, section_blocks, segments


def stream_tables(free_words: dict[int, list[Word]], sections: list[Section], tuning: TableSettings,
                  reader: CellReader) -> list[TableGrid]:
    """Grids of the tables printed without rulings among ``free_words`` (per page, the
    words no ruled table holds, page furniture left out); ``reader`` tells a line's values
    from its label by the template's units."""
    lines = [
        Line(page, words, tuning.stream.row_values, reader)
        for page in sorted(free_words)
        for words in group_lines(free_words[page])
        if not is_page_number(" ".join(w.text for w in words))  # "22 0 1" is a row, "— 2 —" a page number
    ]
    heights = [rect(w).height for line in lines for w in line.words]
    if not heights:
        return []
    scale = Scale(statistics.median(heights), tuning.stream, reader)
    grids = []
    for block in section_blocks(lines, sections, tuning.stream.heading_match):
        found = segments(block, scale, tuning.header_similarity)
        grids += [grid for _, grid in _joined_grids(found, scale, tuning.header_similarity) if grid is not None]
    return grids


def _grid(segment: Segment, scale: Scale) -> TableGrid | None:
    """The segment as a grid: label columns, then value columns; group header rows, the
    column headers' row, then one row per body row. None without column headers."""
    value_lines = [line for line in segment.body if line.values]
    label_words = [w for line in segment.body for w in (line.labels if line.values else line.words)]
    left = max((rect(w).x1 for w in label_words), default=-math.inf) + scale.tuning.value_start  # where values may start
    columns = value_columns(value_lines, left)
    if not columns:
        return None  # no column of values: nothing to address (a piece of labels only)
    header = [Line(line.page, [w for w in line.words if not of_labels(w, label_words, columns, scale)], scale.tuning.row_values, scale.reader)
              for line in segment.header]
    blocks = stack([line for line in header if line.words], scale)
    headers = column_headers(blocks, columns)
    columns = with_blank_columns(columns, [(b.box.x0, b.box.x1) for b in headers])
    edges = bounds(columns)
    named = leaves(headers, edges)
    if not named:
        return None  # a body without column headers cannot be addressed
    leaf_ids = {id(b) for b in named.values()}
    groups = group_spans([b for b in blocks if id(b) not in leaf_ids], edges, scale)
    rows = body_rows(segment.body, left, scale)
    label_lines = cluster([rect(w).x0 for row in rows for w in row.words if w.center[0] < left], scale.label_edge)
    m, levels = len(label_lines), max((lvl for _, lvl, _, _ in groups), default=-1) + 1
    cells = [GridCell(level, m + a, 1, b - a + 1, union([w.box for w in block.words]), block.page, block.words)
             for block, level, a, b in groups]
    cells += [GridCell(levels, m + k, 1, 1, union([w.box for w in block.words]), block.page, block.words)
              for k, block in named.items()]
    for r, row in enumerate(rows, start=levels + 1):
        cells += row_cells(row, r, left, label_lines, edges)
    cells.sort(key=lambda c: (c.row, c.col))
    pages = sorted({line.page for line in segment.body})
    return TableGrid(levels + 1 + len(rows), m + len(columns), cells, pages, [*label_lines, *edges])


def _joined_grids(found: list[Segment], scale: Scale, header_similarity: float) -> list[tuple[Segment, TableGrid | None]]:
    """Each segment with its grid, a body continued from the page before joined to it: a
    body that opens a page under the value columns of the body that closed the page
    before continues that body when it has no column headers (whatever came between, a
    running header or a note, is not the table's) or repeats the same ones."""
    out: list[tuple[Segment, TableGrid | None]] = []
    for segment in found:
        grid = _grid(segment, scale)
        joined = None
        if out:
            prev = out[-1][0]
            if segment.body[0].page == prev.body[-1].page + 1 and within(value_spans(segment.body), value_spans(prev.body)):
                if grid is None:
                    joined = Segment(prev.header, prev.body + segment.header + segment.body)
                elif repeats_header(segment, prev, header_similarity):
                    joined = Segment(prev.header, prev.body + segment.body)
        if joined is not None:
            out[-1] = (joined, _grid(joined, scale))
        else:
            out.append((segment, grid))
    return out


__all__ = ["stream_tables"]
