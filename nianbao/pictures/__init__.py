"""Read the pictures of tables on pages that otherwise have text: the scanned path, in place.

A digital PDF page may hold a table pasted as an image, and a web page or Word file
gives a table as a picture (ingest makes such a picture a page wholly covered by one
picture region). Each picture region is cut from the page's pixels, made grey and even
like a scan (``scan.normalise``; no turning or levelling, so its coordinates stay the
page's), and its ruling lines found. A region with rulings both ways is a table: OCR
reads it, and its words and rulings join the page's own, shifted to the page's
coordinates, so the table stages see one page. A region that holds the page's own words
(a picture behind text, a shaded background) or no rulings (a photo, a logo, a seal) is
left alone.
"""

from __future__ import annotations

from dataclasses import replace

from ..imaging import text_px
from ..model import Box, Document, ErrorItem, ErrorKind, Page, Ruling, TextSource, Word
from ..ocr import EngineMissing, Recognizer, engine_for, read_page
from ..scan import normalise, rulings_from_pixels
from ..settings import DEFAULT_SETTINGS, Settings


def _inside(word: Word, box: Box) -> bool:
    x, y = word.center
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _shifted_word(word: Word, dx: float, dy: float) -> Word:
    def move(b: Box) -> Box:
        return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)

    return Word(word.text, move(word.box), word.score, tuple(replace(c, box=move(c.box)) for c in word.chars), word.source)


def _shifted_ruling(ruling: Ruling, dx: float, dy: float) -> Ruling:
    along, across = (dx, dy) if ruling.orientation == "h" else (dy, dx)
    return Ruling(ruling.orientation, ruling.position + across, ruling.start + along, ruling.end + along)


def is_table(rulings: list[Ruling], settings: Settings) -> bool:
    """Rulings both ways: the least a ruled table shows."""
    return all(sum(r.orientation == o for r in rulings) >= settings.min_picture_rulings for o in "hv")


def read_picture(page: Page, box: Box, engine: Recognizer, settings: Settings) -> bool:
    """Read one picture region of ``page`` into its words and rulings; False when it is
    not a table."""
    scale = page.dpi / 72
    x0, y0, x1, y1 = (int(round(v * scale)) for v in box)
    grey = normalise(page.pixels[y0:y1, x0:x1], text_px(settings.text_height, page.dpi), settings.repair)
    rulings = rulings_from_pixels(grey, page.dpi, settings)
    if not is_table(rulings, settings):
        return False
    region = Page(page.number, (x1 - x0) / scale, (y1 - y0) / scale, rulings=rulings, image=grey, dpi=page.dpi, text_source=TextSource.NONE)
    read_page(region, engine, settings)
    dx, dy = x0 / scale, y0 / scale
    page.words.extend(_shifted_word(w, dx, dy) for w in region.words)
    page.rulings.extend(_shifted_ruling(r, dx, dy) for r in rulings)
    return True


def read_pictures(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: OCR the table pictures of pages whose other text needs none."""
    wanted = [
        (page, box) for page in document.pages if page.image is not None and page.text_source == TextSource.TEXT_LAYER
        for box in page.pictures if not any(_inside(w, box) for w in page.words)
    ]
    if not wanted:
        return document
    try:
        engine = engine_for(settings)
    except EngineMissing as exc:
        pages = tuple(dict.fromkeys(page.number for page, _ in wanted))
        document.errors.append(ErrorItem("read_pictures", ErrorKind.NOT_READ, f"table pictures not read: {exc}", pages=pages))
        return document
    for page, box in wanted:
        if read_picture(page, box, engine, settings):
            page.repairs.append(f"table picture read by OCR at ({', '.join(f'{v:.0f}' for v in box)}) pt")
    return document
