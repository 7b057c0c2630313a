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

from ..bounds import column_kind
from ..imaging import box_to_px, print_without_rulings, seal_drawing, text_px
from ..model import Box, Cell, Document, Page, Ruling, Status, TextSource, Word, overlap
from ..settings import DEFAULT_SETTINGS, InkSettings, Settings

Piece = tuple[int, int, int, int, int]
"""A connected piece of ink in a cell: x, y, width, height, area, in pixels."""


def _components(ink: np.ndarray, box: Box, dpi: float, char: float, tuning: InkSettings) -> tuple[list[Piece], float]:
    """(x, y, width, height, area) in pixels of each piece of ink inside ``box``, clear of
    its borders, and the character height they are measured by: ``char``, or the cell's
    height where the cell is lower (no digit is taller than its cell)."""
    x0, y0, x1, y1 = box_to_px(box, dpi, ink.shape)
    char = min(char, float(y1 - y0))
    inset = int(round(tuning.inset * char))
    patch = ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if patch.size == 0:
        return [], char
    n, _, stats, _ = cv2.connectedComponentsWithStats(patch.astype(np.uint8), connectivity=8)
    return [(int(x), int(y), int(w), int(h), int(a)) for x, y, w, h, a in stats[1:n]], char


def _digit_sized(pieces: list[Piece], char: float, tuning: InkSettings) -> list[Piece]:
    """The pieces as big as a digit's shortest stroke: not specks of noise or JPEG."""
    return [p for p in pieces if max(p[2], p[3]) >= tuning.stroke * char and p[4] >= tuning.stroke_area * char * char]


def inked(ink: np.ndarray, box: Box, dpi: float, char: float, tuning: InkSettings = DEFAULT_SETTINGS.ink) -> bool:
    """True when the cell ``box`` (points) holds a digit-sized piece of ink. ``char`` is
    the usual character height in pixels; in a cell lower than that (a page printed small:
    two to a sheet, a landscape table fitted sideways) the cell's height is taken."""
    pieces, char = _components(ink, box, dpi, char, tuning)
    return bool(_digit_sized(pieces, char, tuning))


def minus_before(ink: np.ndarray, box: Box, dpi: float, char: float, tuning: InkSettings = DEFAULT_SETTINGS.ink) -> bool:
    """True when a flat bar of ink stands just before the digits in the cell ``box``, within
    their height: a minus sign the reading may have lost (the recognizer drops a thin dash
    before a number). Sized by the digits themselves, as a minus of small print (a two-up
    sheet) is a speck beside the page's usual character."""
    pieces, char = _components(ink, box, dpi, char, tuning)
    digits = _digit_sized(pieces, char, tuning)
    if not digits:
        return False
    first = min(d[0] for d in digits)
    top, bottom = min(d[1] for d in digits), max(d[1] + d[3] for d in digits)
    height = bottom - top
    bars = [(x, y, w, h) for x, y, w, h, _ in (p for p in pieces if p not in digits)
            if w >= tuning.minus_width * height and h <= tuning.minus_flat * w]
    return any(first - height <= x + w <= first and top <= y + h / 2 <= bottom for x, y, w, h in bars)


def _grey(page: Page) -> np.ndarray | None:
    if page.image is None:
        return None
    return cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY) if page.image.ndim == 3 else page.image


def _in_picture(cell: Cell, page: Page, share: float) -> bool:
    return cell.box is not None and any(overlap(cell.box, picture) > share for picture in page.pictures)


def _seal_border(box: Box, drawn: list[Ruling], near: float) -> Ruling | None:
    """The seal-drawn ruling (``seal_drawing``) one of the box's edges lies on (within
    ``near`` points), if any."""
    for r in drawn:
        edges = (box[1], box[3]) if r.orientation == "h" else (box[0], box[2])
        if any(abs(edge - r.position) <= near for edge in edges):
            return r
    return None


def _flag(cell: Cell, reason: str) -> None:
    """Send a cell to a person; a blank's 0 goes with it (nobody read a 0 there)."""
    if cell.status == Status.BLANK:
        cell.value = ""
    cell.status, cell.reason = Status.FLAGGED, reason


def _usual_heights(cells: list[Cell]) -> dict[str, float]:
    """The median height of each table's cells (on one page), in points."""
    heights: dict[str, list[float]] = {}
    for cell in cells:
        if cell.box is not None:
            heights.setdefault(cell.table, []).append(cell.box[3] - cell.box[1])
    return {table: float(np.median(h)) for table, h in heights.items()}


def _too_small(box: Box, usual_height: float, char_pt: float, tuning: InkSettings) -> str:
    """What makes a cell too small to hold print (a sliver of its table's usual row
    height ``usual_height``, narrower than a digit of ``char_pt`` points), or ""."""
    width, height = box[2] - box[0], box[3] - box[1]
    if height < tuning.least_height * usual_height:
        return f"{height:.1f} pt high, a sliver of its table's rows ({usual_height:.1f} pt)"
    if width < tuning.least_width * char_pt:
        return f"{width:.1f} pt wide, narrower than a digit"
    return ""


def _numbers(words: list[Word]) -> list[Word]:
    """The words of a page that hold a digit."""
    return [w for w in words if any(ch.isdigit() for ch in w.text)]


def _number_reaching(box: Box, numbers: list[Word], share: float) -> str:
    """The text of a number's word (``_numbers``) of which at least ``share`` lies inside
    ``box``, or "": a number read there that the table placed in another cell."""
    return next((w.text for w in numbers if overlap(w.box, box) >= share), "")


def page_char(page: Page, text_height: float, tuning: InkSettings = DEFAULT_SETTINGS.ink) -> float:
    """The height of a character printed on ``page``, in pixels: the usual one, or less
    where the words OCR read on the page say the print is smaller."""
    usual = text_px(text_height, page.dpi)
    heights = [w.box[3] - w.box[1] for w in page.words]
    if len(heights) < tuning.word_sample:
        return usual
    return min(usual, tuning.word_scale * text_px(float(np.median(heights)), page.dpi))


def _check_page(page: Page, cells: list[Cell], settings: Settings, signed: frozenset[str] = frozenset()) -> None:
    char = page_char(page, settings.text_height, settings.ink)
    drawn = seal_drawing(page.rulings, page.marks, settings.text_height, settings.imaging)
    near = settings.imaging.seal_line_align * settings.text_height
    ink: np.ndarray | None = None
    usual, numbers = _usual_heights(cells), _numbers(page.words)
    for cell in cells:
        if cell.box is None:
            continue
        cell.covered = page.under_mark(cell.box, settings.ink.under_mark)
        border = _seal_border(cell.box, drawn, near)
        if border is not None and cell.status in (Status.OK, Status.BLANK, Status.CORRECTED):
            _flag(cell, f"read {cell.raw.strip()!r}, but a border of its cell ({border.orientation} at "
                        f"{border.position:.0f} pt) may be a seal's stroke: which row or column it is cannot be told")
        elif cell.covered and cell.status == Status.OK:
            _flag(cell, f"read {cell.raw.strip()!r} under a seal or mark: what it hides cannot be told from print")
        elif cell.key in signed and cell.status in (Status.OK, Status.CORRECTED) and not cell.value.startswith("-"):
            if (grey := _grey(page)) is None:
                _flag(cell, f"read {cell.raw.strip()!r} with no sign, but the page's pixels were not kept to check it")
                continue
            if ink is None:
                ink = print_without_rulings(grey, char, imaging=settings.imaging)
            if minus_before(ink, cell.box, page.dpi, char, settings.ink):
                _flag(cell, f"read {cell.raw.strip()!r} with no sign, but a bar of ink before it may be a minus")
        elif cell.status != Status.BLANK:
            continue
        elif cell.covered:
            _flag(cell, "read as blank, but a seal or mark covers the cell")
        elif small := _too_small(cell.box, usual[cell.table], char * 72.0 / page.dpi, settings.ink):
            _flag(cell, f"read as blank, but its cell is {small}: a stray line may have cut it off its row or column")
        elif reaching := _number_reaching(cell.box, numbers, settings.ink.word_reach):
            _flag(cell, f"read as blank, but the number {reaching!r} read on the page reaches into it")
        elif (grey := _grey(page)) is None:
            _flag(cell, "read as blank, but the page's pixels were not kept to check it")
        else:
            if ink is None:
                ink = print_without_rulings(grey, char, imaging=settings.imaging)
            if inked(ink, cell.box, page.dpi, char, settings.ink):
                _flag(cell, "read as blank, but the cell holds ink that nothing read")


def check_blank_ink(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: flag every value cell read from pixels (a scanned page, or a table picture
    on a page with text) that lies under a mark, every blank one that shows ink, and every
    one of a signed column read with no sign before which a bar of ink stands."""
    pages = {p.number: p for p in document.pages}
    by_page: dict[int, list[Cell]] = {}
    for cell in document.cells:
        page = pages.get(cell.page) if cell.page is not None else None
        if page is not None and (page.text_source == TextSource.OCR or _in_picture(cell, page, settings.ink.in_picture)):
            by_page.setdefault(page.number, []).append(cell)
    signed = frozenset(c.key for c in document.cells if column_kind(document, c, settings.template) == "signed")
    for number, cells in by_page.items():
        _check_page(pages[number], cells, settings, signed)
    return document
