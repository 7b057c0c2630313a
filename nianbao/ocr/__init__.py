"""OCR: read the words of every page whose text must come from its pixels.

Runs after page repair and ruling detection: the page's rulings keep text runs apart,
each run is cut tight and the whole page is recognised in one batch. Words carry their
boxes in points, a score, and per character the recognizer's ranked alternatives.
"""

from __future__ import annotations

from ..model import Char, Document, Page, TextSource, Word
from ..pixels import text_px, to_points
from ..settings import DEFAULT_SETTINGS, Settings
from .engine import EngineMissing, Reading, Recognizer, get_engine
from .segment import LineCrop, line_crops


def _word(crop: LineCrop, reading: Reading, dpi: float) -> Word:
    x0, y0, x1, y1 = crop.box
    left = crop.left
    top, bottom = to_points(y0, dpi), to_points(y1, dpi)
    chars = tuple(
        Char(c.text, (to_points(left + c.x0, dpi), top, to_points(left + c.x1, dpi), bottom), c.alternatives)
        for c in reading.chars
    )
    box = (to_points(x0, dpi), top, to_points(x1, dpi), bottom)
    return Word(reading.text, box, reading.score, chars, TextSource.OCR)


def read_page(page: Page, engine: Recognizer, settings: Settings) -> None:
    crops = line_crops(page.image, page.rulings, page.dpi, text_px(settings.text_height, page.dpi))
    readings = engine.recognize([c.image for c in crops])
    page.words = [_word(c, r, page.dpi) for c, r in zip(crops, readings) if r.text.strip()]
    page.text_source = TextSource.OCR
    page.problem = None


def read_pages(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: OCR every page that has pixels and no usable text layer."""
    pages = [p for p in document.pages if p.needs_ocr]
    if not pages:
        return document
    try:
        engine = get_engine(settings.ocr_engine)
    except EngineMissing as exc:
        document.errors.append(str(exc))
        return document
    for page in pages:
        read_page(page, engine, settings)
    return document


__all__ = ["EngineMissing", "read_page", "read_pages"]
