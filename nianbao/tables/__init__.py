"""Tables: rebuild each table of a document as a grid with spans.

Ruled tables come from the page's ruling lines (digital and, once detected in pixels,
scanned pages alike); a table continued over a page break becomes one grid. A markup
page's tables (a web page's, a Word file's) are grids already, taken as the file gives them. The words
no ruled table holds are then searched for tables printed without rulings (``stream``).
"""

from __future__ import annotations

from ..model import Document, TableGrid, TextSource, Word
from ..settings import DEFAULT_SETTINGS, Settings
from ..values import normalize_text
from .continuation import join_continued
from .grid import build_grid, place_words
from .lattice import cell_tables
from .stream import stream_tables
from .wrapped import join_wrapped_numbers


def recover_tables(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    grids: list[TableGrid] = []
    reader = settings.template.reader
    furniture = frozenset(id(w) for line in document.lines if line.label == "furniture" for w in line.words)
    running = _running_lines(document)
    free: dict[int, list[Word]] = {}
    given = [grid for page in document.pages if page.text_source == TextSource.MARKUP for grid in page.tables]
    for page in document.pages:
        if page.text_source not in (TextSource.TEXT_LAYER, TextSource.OCR):
            continue
        words = page.words
        for boxes in cell_tables(page.rulings, settings, page.marks):
            grid = build_grid(boxes, page.number, settings.tables.snap_tolerance)
            words = place_words(grid, words)
            join_wrapped_numbers(grid, settings.tables.cell_padding)
            grids.append(grid)
        free[page.number] = [w for w in words if id(w) not in running]
    pages = {p.number: p for p in document.pages}
    ruled = join_continued(grids, pages, settings.tables, reader, furniture)
    page_of = {id(w): page for page in free for w in pages[page].words}
    for grid in ruled:
        if not any(reader.is_number(c.text) for c in grid.cells):
            # Shaded or boxed header rows over a body printed without rulings (or a ruled
            # table printed all blank): its words may head an unruled body too.
            for word in (w for cell in grid.cells for w in cell.words if id(w) not in running):
                free[page_of[id(word)]].append(word)
    document.grids = ruled + given + stream_tables(free, document.sections, settings.tables, reader)
    return document


def _running_lines(document: Document) -> frozenset[int]:
    """Ids of the words of running headers and footers: furniture lines printed on more
    than one page. A table's first line at the top of a page can look like furniture to
    the layout model, and must stay in its table."""
    furniture = [line for line in document.lines if line.label == "furniture"]
    pages: dict[str, set[int]] = {}
    for line in furniture:
        pages.setdefault(normalize_text(line.text), set()).add(line.page)
    return frozenset(
        id(w) for line in furniture if len(pages[normalize_text(line.text)]) > 1 for w in line.words
    )


__all__ = ["recover_tables"]
