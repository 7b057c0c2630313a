"""Row crops of the cells a person must look at, cut while the page pixels are at hand.

A scanned page's pixels exist only during extraction (repaired: upright, level, seal
free), and the pipeline drops them at its end; so this post-step (``pipeline.AFTER_STAGES``) keeps, for
every flagged or corrected cell, a small PNG of its table row with the cell framed in
red. A digital page is rendered only if one of its cells needs a crop.
"""

from __future__ import annotations

import cv2
import numpy as np

from .ingest import IngestError, render_images
from .model import Box, Cell, Document, Page, Status
from .settings import DEFAULT_SETTINGS, CropSettings, Settings

DOUBTFUL = (Status.FLAGGED, Status.CORRECTED)


def _row_band(cell: Cell, document: Document) -> Box:
    """The box of the cell's whole row: the cell's height, across every cell of its table
    printed on the same line."""
    assert cell.box is not None
    x0, top, x1, bottom = cell.box
    mid = (top + bottom) / 2
    for other in document.cells:
        if other.page == cell.page and other.box is not None and other.table == cell.table and other.box[1] < mid < other.box[3]:
            x0, x1 = min(x0, other.box[0]), max(x1, other.box[2])
    return (x0, top, x1, bottom)


def row_crop(image: np.ndarray, scale: float, band: Box, cell_box: Box, tuning: CropSettings) -> bytes:
    """PNG bytes of ``band`` (points) cut from ``image`` (``scale`` px per point), the cell framed."""
    height, width = image.shape[:2]

    def px(v: float, limit: int) -> int:
        return int(min(max(round(v * scale), 0), limit))

    margin = tuning.margin
    x0, y0 = px(band[0] - margin, width), px(band[1] - margin, height)
    x1, y1 = px(band[2] + margin, width), px(band[3] + margin, height)
    crop = image[y0:y1, x0:x1]
    crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2BGR)
    top_left = (px(cell_box[0], width) - x0, px(cell_box[1], height) - y0)
    bottom_right = (px(cell_box[2], width) - x0, px(cell_box[3], height) - y0)
    cv2.rectangle(crop, top_left, bottom_right, (0, 0, 255), tuning.frame)
    ok, png = cv2.imencode(".png", crop)
    return png.tobytes() if ok else b""


def _page_images(document: Document, numbers: set[int], dpi: int) -> dict[int, tuple[np.ndarray, float]]:
    """(pixels, pixels per point) of each wanted page: its OCR image, or a rendering."""
    pages: dict[int, Page] = {p.number: p for p in document.pages}
    images = {n: (pages[n].pixels, pages[n].dpi / 72) for n in numbers if n in pages and pages[n].image is not None}
    to_render = sorted(n for n in numbers if n not in images and document.path.suffix.lower() == ".pdf")
    try:
        rendered = render_images(document.path, to_render, dpi)
    except IngestError:
        rendered = {}
    # a digital page read turned (its text ran sideways) is cropped from a rendering turned the same
    images.update({n: (np.ascontiguousarray(np.rot90(img, -pages[n].turn)), dpi / 72) for n, img in rendered.items()})
    return images


def crop_doubtful_cells(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Keep a row crop of every flagged or corrected cell, for review."""
    doubtful = [c for c in document.cells if c.status in DOUBTFUL and c.box is not None and c.page is not None]
    images = _page_images(document, {c.page for c in doubtful if c.page is not None}, settings.crops.dpi)
    for cell in doubtful:
        if cell.page in images and cell.box is not None:
            image, scale = images[cell.page]
            document.crops[cell.key] = row_crop(image, scale, _row_band(cell, document), cell.box, settings.crops)
    return document
