"""Split a two-up scan (two A5 pages side by side on one landscape sheet) at its gutter.

Booklet scanning lays two pages on the glass at once: one landscape image holds two
portrait pages, the table running from the left half on to the right. Read as one page,
the two halves' rows interleave and neither table is whole. A repaired (upright, level)
sheet wider than it is tall whose middle holds a clear column of paper, with print on
both sides of it, becomes two pages in reading order, left then right; every page after
it is numbered on.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..imaging import ink_mask
from ..model import Document, Page
from ..settings import DEFAULT_SETTINGS, Settings

LANDSCAPE = 1.2
"""Least width-to-height ratio of a sheet that may hold two pages."""
MIDDLE = (0.38, 0.62)
"""Where across the sheet the gutter is looked for (two pages of one size meet near the middle)."""
GUTTER = 0.008
"""Least width of the gutter, as a share of the sheet's: a column this wide without print."""
SIDE_INK = 0.2
"""Least share of the sheet's print each half must hold for both to be pages."""
PAPER_COLUMN = 0.002
"""Most share of a pixel column's height that may be print for it to count as paper
(specks, a fold's shadow)."""


def gutter(grey: np.ndarray) -> int | None:
    """The x (pixels) at which a two-up sheet is cut, or None for a single page."""
    height, width = grey.shape
    if width < LANDSCAPE * height:
        return None
    ink = ink_mask(grey)
    columns = ink.sum(axis=0)
    total = columns.sum()
    if not total:
        return None
    lo, hi = (int(width * f) for f in MIDDLE)
    paper = columns[lo:hi] <= PAPER_COLUMN * height
    best, start = (0, 0), None
    for x, is_paper in enumerate([*paper, False]):
        if is_paper and start is None:
            start = x
        elif not is_paper and start is not None:
            best, start = max(best, (x - start, start)), None
    run, first = best
    if run < GUTTER * width:
        return None
    cut = lo + first + run // 2
    if min(columns[:cut].sum(), columns[cut:].sum()) < SIDE_INK * total:
        return None
    return cut


def _halves(page: Page, cut: int) -> list[Page]:
    assert page.image is not None
    out = []
    for image in (page.image[:, :cut], page.image[:, cut:]):
        image = np.ascontiguousarray(image)
        height, width = (v * 72 / page.dpi for v in image.shape[:2])
        out.append(replace(page, width=width, height=height, image=image,
                           repairs=[*page.repairs, "two-up sheet split at its gutter"], words=[], rulings=[]))
    return out


def split_two_up(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: every two-up sheet read from its pixels becomes its two pages."""
    del settings  # same call shape as every stage
    pages: list[Page] = []
    for page in document.pages:
        cut = gutter(page.image) if page.needs_ocr and page.image is not None and page.image.ndim == 2 else None
        pages.extend(_halves(page, cut) if cut is not None else [page])
    for number, page in enumerate(pages, start=1):
        page.number = number
    document.pages = pages
    return document
