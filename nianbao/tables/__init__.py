"""Tables: rebuild each table of a document as a grid with spans.

Ruled tables come from the page's ruling lines (digital and, once detected in pixels,
scanned pages alike); a table continued over a page break becomes one grid.
"""

from __future__ import annotations

from ..model import Document, TableGrid, TextSource
from ..settings import DEFAULT_SETTINGS, Settings
from .continuation import join_continued
from .grid import build_grid, place_words
from .lattice import cell_tables


def recover_tables(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    grids: list[TableGrid] = []
    for page in document.pages:
        if page.text_source == TextSource.NONE:
            continue
        for boxes in cell_tables(page.rulings, settings):
            grid = build_grid(boxes, page.number, settings.snap_tolerance)
            place_words(grid, page.words)
            grids.append(grid)
    furniture = frozenset(id(w) for line in document.lines if line.label == "furniture" for w in line.words)
    document.grids = join_continued(grids, {p.number: p for p in document.pages}, settings.continuation_tolerance, furniture)
    return document


__all__ = ["recover_tables"]
