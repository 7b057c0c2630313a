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

from ..imaging import ink_mask, to_points
from ..model import Document, Page
from ..settings import DEFAULT_SETTINGS, ImagingSettings, Settings, TwoUpSettings


def gutter(grey: np.ndarray, tuning: TwoUpSettings, imaging: ImagingSettings) -> int | None:
    """The x (pixels) at which a two-up sheet is cut, or None for a single page."""
    height, width = grey.shape
    if width < tuning.landscape * height:
        return None
    ink = ink_mask(grey, imaging)
    columns = ink.sum(axis=0)
    total = columns.sum()
    if not total:
        return None
    lo, hi = (int(width * f) for f in (tuning.middle_from, tuning.middle_to))
    paper = columns[lo:hi] <= tuning.paper_column * height
    best, start = (0, 0), None
    for x, is_paper in enumerate([*paper, False]):
        if is_paper and start is None:
            start = x
        elif not is_paper and start is not None:
            best, start = max(best, (x - start, start)), None
    run, first = best
    if run < tuning.gutter * width:
        return None
    cut = lo + first + run // 2
    if min(columns[:cut].sum(), columns[cut:].sum()) < tuning.side_ink * total:
        return None
    return cut


def _halves(page: Page, cut: int) -> list[Page]:
    assert page.image is not None
    out = []
    for image in (page.image[:, :cut], page.image[:, cut:]):
        image = np.ascontiguousarray(image)
        height, width = (to_points(v, page.dpi) for v in image.shape[:2])
        out.append(replace(page, width=width, height=height, image=image,
                           repairs=[*page.repairs, "two-up sheet split at its gutter"], words=[], rulings=[]))
    return out


def split_two_up(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: every two-up sheet read from its pixels becomes its two pages."""
    pages: list[Page] = []
    for page in document.pages:
        cut = gutter(page.image, settings.two_up, settings.imaging) if page.needs_ocr and page.image is not None and page.image.ndim == 2 else None
        pages.extend(_halves(page, cut) if cut is not None else [page])
    for number, page in enumerate(pages, start=1):
        page.number = number
    document.pages = pages
    return document
