"""Pages from a file that states its own structure (a web page, a Word file).

The HTML and DOCX readers reduce a file to blocks in reading order: paragraphs, tables
(rows of cells with their spans, as the file gives them) and pictures. Here the blocks
become pages. Paragraphs and tables fill ``MARKUP`` pages, a table becoming a
:class:`TableGrid` directly, so the same mapping and arithmetic check apply; a picture
becomes a page of its own, in its place in the reading order, which the picture reader
(``pictures``) reads like a scan when it holds a table.

A markup page has no geometry: a block's box is in flow units, one unit per paragraph and
per table row, one per table column across, so that what comes first has the smaller
``top`` and the layout's reading order holds.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..imaging import glyph_height
from ..model import ErrorItem, ErrorKind, GridCell, Page, TableGrid, TextSource, Word
from ..settings import Settings
from .errors import IngestError
from .raster import pixels_at, tagged_dpi

CSS_DPI = 96.0
"""Pixels per inch of a web picture without a resolution tag or a displayed size: the CSS
pixel, which a browser shows it at."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class MarkupCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class MarkupTable:
    rows: list[list[MarkupCell]]


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture in the flow: its encoded bytes, or why they could not be had."""

    data: bytes | None
    name: str
    problem: str = ""
    width_inches: float | None = None
    """The width the file displays it at, when it says (a Word picture's extent)."""


Block = Paragraph | MarkupTable | Picture


@dataclass(slots=True)
class Pages:
    """What ``blocks_to_pages`` made: the pages, and the pictures it could not use."""

    pages: list[Page] = field(default_factory=list)
    problems: list[ErrorItem] = field(default_factory=list)


def place_cells(table: MarkupTable) -> list[tuple[int, int, MarkupCell]]:
    """(row, col, cell) of every cell, as the HTML table model places them: a cell takes
    the first column of its row not yet covered by a rowspan from above."""
    covered: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            rowspan = max(1, min(cell.rowspan, len(table.rows) - r))
            colspan = max(1, cell.colspan)
            placed.append((r, c, MarkupCell(cell.text, rowspan, colspan)))
            covered.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            c += colspan
    return placed


def table_grid(table: MarkupTable, page: int, top: float) -> TableGrid:
    """A markup table as a grid, boxes in flow units. Each line of a cell (a header broken
    with ``<br>``) is a word: Chinese lines join as one label, two lines of digits stay
    two numbers, which the mapping flags."""
    placed = place_cells(table)
    n_cols = max((c + cell.colspan for _, c, cell in placed), default=0)
    cells = []
    for r, c, cell in placed:
        box = (float(c), top + r, float(c + cell.colspan), top + r + cell.rowspan)
        words = [Word(line.strip(), box, source=TextSource.TEXT_LAYER) for line in cell.text.splitlines() if line.strip()]
        cells.append(GridCell(r, c, cell.rowspan, cell.colspan, box, page, words))
    return TableGrid(len(table.rows), n_cols, cells, [page], [float(x) for x in range(n_cols + 1)])


def _picture_dpi(picture: Picture, image: Image.Image, settings: Settings) -> float:
    """The resolution the picture's text is printed at: from the size the file displays
    it at (a Word picture), else from the height of its characters, which are taken to be
    of the usual print size (a web picture: screenshots carry no resolution that means
    anything), else its tag."""
    if picture.width_inches:
        return image.size[0] / picture.width_inches
    glyph = glyph_height(np.asarray(image.convert("L")), settings.imaging)
    if glyph is not None:
        return glyph * 72 / settings.text_height
    tagged = tagged_dpi(image, settings.ingest)
    return CSS_DPI if tagged is None else tagged


def picture_page(picture: Picture, number: int, settings: Settings) -> Page:
    """A picture as a page of its own, its pixels at ``ocr_dpi``, wholly a picture region."""
    if picture.data is None:
        raise IngestError(picture.problem or f"picture {picture.name} has no data")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(picture.data)) as image:
                if image.size[0] * image.size[1] > settings.max_image_pixels:  # before its pixels are decoded
                    raise IngestError(f"picture {picture.name} is {image.size[0]}x{image.size[1]} px, larger than any table")
                image.load()
                rgb, dpi = pixels_at(image, _picture_dpi(picture, image, settings), settings)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise IngestError(f"picture {picture.name} too large ({exc})") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise IngestError(f"picture {picture.name} unreadable ({type(exc).__name__}: {exc})") from exc
    height, width = (v * 72 / dpi for v in rgb.shape[:2])
    return Page(
        number=number, width=width, height=height, text_source=TextSource.TEXT_LAYER,
        image=np.ascontiguousarray(rgb), dpi=dpi, pictures=[(0.0, 0.0, width, height)],
    )


def blocks_to_pages(blocks: list[Block], settings: Settings) -> Pages:
    """Markup pages holding the paragraphs and tables, a page per picture between them."""
    out = Pages()
    flow: Page | None = None
    for block in blocks:
        if isinstance(block, Picture):
            try:
                out.pages.append(picture_page(block, len(out.pages) + 1, settings))
            except IngestError as exc:
                out.problems.append(ErrorItem("load_document", ErrorKind.NOT_READ, str(exc)))
            flow = None
            continue
        if flow is None:
            flow = Page(number=len(out.pages) + 1, width=0.0, height=0.0, text_source=TextSource.MARKUP)
            out.pages.append(flow)
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                flow.words.append(Word(text, (0.0, flow.height, 1.0, flow.height + 1), source=TextSource.TEXT_LAYER))
                flow.height += 1
        elif block.rows:
            grid = table_grid(block, flow.number, flow.height)
            flow.tables.append(grid)
            flow.width = max(flow.width, float(grid.n_cols))
            flow.height += grid.n_rows
    return out
