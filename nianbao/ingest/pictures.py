"""Pictures on digital PDF pages that may be tables pasted as images.

A page with a usable text layer can still hold a table as a picture (a Word file whose
tables were pasted as screenshots, then exported). Such a picture is large: wider than a
share of the page and taller than a few table rows. Only those regions are kept here, in
points; whether one really is a table (rulings inside it) is judged from its pixels by
the picture reader (``pictures``), which reads it through the scanned path.
"""

from __future__ import annotations

import pdfplumber

from ..model import Box
from ..settings import Settings


def picture_regions(page: pdfplumber.page.Page, settings: Settings) -> list[Box]:
    """Boxes (points, top-left origin) of the page's pictures large enough to be tables,
    clipped to the page, top to bottom."""
    boxes = []
    for image in page.images:
        x0, top = max(0.0, float(image["x0"])), max(0.0, float(image["top"]))
        x1, bottom = min(float(page.width), float(image["x1"])), min(float(page.height), float(image["bottom"]))
        if x1 - x0 >= settings.min_picture_width * float(page.width) and bottom - top >= settings.min_picture_height:
            boxes.append((x0, top, x1, bottom))
    return sorted(boxes, key=lambda b: (b[1], b[0]))
