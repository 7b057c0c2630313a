"""A cell read as blank must show no ink: the stage that guards ``blank``.

It covers every cell read from pixels: a scanned page's, and a table picture's on a page
that otherwise has text (``pictures``).

OCR that reads nothing in a cell does not prove the cell is empty: digits under a grey
seal, on a phone photo, faded to nothing the detector keeps, or cut off by a lost ruling
are simply not read. Only the page's own pixels can say the cell is empty. So every
value cell that came out blank on a page read from its pixels is looked at: inside the
cell, away from its borders and with the rulings taken out, any stroke of ink the size
of a digit's means something is printed there that nobody read, and the cell goes to a
person with no value (never 0). A cell under a seal or smudge (``Page.marks``) goes to a
person whatever was read and whatever the arithmetic says: a seal's strokes through a
digit make another digit, read as confidently as print.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..imaging import SEAL_LINE_ALIGN, box_to_px, print_without_rulings, seal_drawing, text_px
from ..model import Box, Cell, Document, Page, Ruling, Status, TextSource, overlap
from ..settings import DEFAULT_SETTINGS, Settings

INSET = 0.2
"""How far inside a cell's borders ink is looked for, in character heights: clear of the
ruling's own thickness and of a neighbour's strokes touching the border."""
STROKE = 0.3
"""Least extent of a piece of ink that counts, in character heights: a digit's shortest
stroke (the bar of a 1 printed small is 0.5), well above specks of noise and JPEG."""
STROKE_AREA = 0.02
"""Least area of such a piece, in square character heights."""
WORD_SCALE = 1.3
"""A page's character height, from the median height of the words OCR boxed on it: the
boxes hug the ink, and a character is this much taller than the ink of its digits. It
sizes the strokes where print is smaller than usual (two pages to a sheet, a landscape
table fitted sideways), and never raises the usual height."""
WORD_SAMPLE = 8
"""Fewest words on a page for their heights to measure its print."""


def inked(ink: np.ndarray, box: Box, dpi: float, char: float) -> bool:
    """True when the cell ``box`` (points) holds a digit-sized piece of ink. ``char`` is
    the usual character height in pixels; in a cell lower than that (a page printed small:
    two to a sheet, a landscape table fitted sideways) the cell's height is taken, as no
    digit is taller than its cell."""
    x0, y0, x1, y1 = box_to_px(box, dpi, ink.shape)
    char = min(char, float(y1 - y0))
    inset = int(round(INSET * char))
    patch = ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if patch.size == 0:
        return False
    n, _, stats, _ = cv2.connectedComponentsWithStats(patch.astype(np.uint8), connectivity=8)
    return any(
        max(stats[i][2], stats[i][3]) >= STROKE * char and stats[i][4] >= STROKE_AREA * char * char for i in range(1, n)
    )


def _grey(page: Page) -> np.ndarray | None:
    if page.image is None:
        return None
    return cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY) if page.image.ndim == 3 else page.image


def _in_picture(cell: Cell, page: Page) -> bool:
    return cell.box is not None and any(overlap(cell.box, picture) > 0.5 for picture in page.pictures)


def _seal_border(box: Box, drawn: list[Ruling], char: float) -> Ruling | None:
    """The seal-drawn ruling (``seal_drawing``) one of the box's edges lies on, if any."""
    for r in drawn:
        edges = (box[1], box[3]) if r.orientation == "h" else (box[0], box[2])
        if any(abs(edge - r.position) <= SEAL_LINE_ALIGN * char for edge in edges):
            return r
    return None


def _flag(cell: Cell, reason: str) -> None:
    """Send a cell to a person; a blank's 0 goes with it (nobody read a 0 there)."""
    if cell.status == Status.BLANK:
        cell.value = ""
    cell.status, cell.reason = Status.FLAGGED, reason


def page_char(page: Page, text_height: float) -> float:
    """The height of a character printed on ``page``, in pixels: the usual one, or less
    where the words OCR read on the page say the print is smaller."""
    usual = text_px(text_height, page.dpi)
    heights = [w.box[3] - w.box[1] for w in page.words]
    if len(heights) < WORD_SAMPLE:
        return usual
    return min(usual, WORD_SCALE * text_px(float(np.median(heights)), page.dpi))


def _check_page(page: Page, cells: list[Cell], settings: Settings) -> None:
    char = page_char(page, settings.text_height)
    drawn = seal_drawing(page.rulings, page.marks, settings.text_height)
    ink: np.ndarray | None = None
    for cell in cells:
        if cell.box is None:
            continue
        cell.covered = page.under_mark(cell.box)
        border = _seal_border(cell.box, drawn, settings.text_height)
        if border is not None and cell.status in (Status.OK, Status.BLANK, Status.CORRECTED):
            _flag(cell, f"read {cell.raw.strip()!r}, but a border of its cell ({border.orientation} at "
                        f"{border.position:.0f} pt) may be a seal's stroke: which row or column it is cannot be told")
        elif cell.covered and cell.status == Status.OK:
            _flag(cell, f"read {cell.raw.strip()!r} under a seal or mark: what it hides cannot be told from print")
        elif cell.status != Status.BLANK:
            continue
        elif cell.covered:
            _flag(cell, "read as blank, but a seal or mark covers the cell")
        elif (grey := _grey(page)) is None:
            _flag(cell, "read as blank, but the page's pixels were not kept to check it")
        else:
            if ink is None:
                ink = print_without_rulings(grey, char)
            if inked(ink, cell.box, page.dpi, char):
                _flag(cell, "read as blank, but the cell holds ink that nothing read")


def check_blank_ink(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: flag every value cell read from pixels (a scanned page, or a table picture
    on a page with text) that lies under a mark, and every blank one that shows ink."""
    pages = {p.number: p for p in document.pages}
    by_page: dict[int, list[Cell]] = {}
    for cell in document.cells:
        page = pages.get(cell.page) if cell.page is not None else None
        if page is not None and (page.text_source == TextSource.OCR or _in_picture(cell, page)):
            by_page.setdefault(page.number, []).append(cell)
    for number, cells in by_page.items():
        _check_page(pages[number], cells, settings)
    return document
