"""OCR: read the words of every page whose text must come from its pixels.

Runs after page repair and ruling detection: the page's rulings keep text runs apart,
each run is cut tight and the whole page is recognised in one batch; long lines of
body-size prose are read only as far as a heading or label runs (``OcrSettings.read_chars``). Words carry their
boxes in points, a score, and per character the recognizer's ranked alternatives.
"""

from __future__ import annotations

from dataclasses import replace

from ..imaging import page_ink, text_px, to_points
from ..model import Char, Document, ErrorItem, ErrorKind, Page, TextSource, Word
from ..settings import DEFAULT_SETTINGS, OcrSettings, Settings
from .engine import CharReading, EngineMissing, Reading, Recognizer, engine_for, get_engine
from .print_size import print_char
from .segment import LineCrop, line_crops, line_shaped_blobs
from .side_by_side import side_by_side, two_threads


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


def _readable(crop: LineCrop, char: float, tuning: OcrSettings) -> LineCrop:
    """The part of a line worth reading: body-size text up to ``read_chars`` characters (a
    heading or a table label is whole in it; a paragraph's first words say what it is),
    large print (a title) and every number whole."""
    h, w = crop.image.shape
    if h > tuning.large_print * char or w <= tuning.read_chars * h:
        return crop
    width = tuning.read_chars * h
    x0, y0, _, y1 = crop.box
    return LineCrop((x0, y0, crop.left + width, y1), crop.image[:, :width], crop.left)


def _dash_if_flat(crop: LineCrop, reading: Reading, char: float, tuning: OcrSettings) -> Reading:
    """A number read from ink too flat to hold a digit is the dash it is printed as."""
    _, y0, _, y1 = crop.box
    if not reading.numeric or not reading.chars or y1 - y0 >= tuning.flat_ink * char:
        return reading
    dash = CharReading("—", reading.chars[0].x0, reading.chars[-1].x1, (("—", 1.0),))
    return Reading("—", reading.score, (dash,), numeric=True)


def _print_size_and_lines(page: Page, settings: Settings) -> tuple[float, list[LineCrop]]:
    """The page's character height (``print_char``) and its text lines cut at it. Where two
    threads are allowed, the lines are cut at the usual height while the print is measured
    (it nearly always is of the usual size), and cut again only where it is not."""
    ink = page_ink(page, settings.imaging).mask  # measured once for both, or by a stage before
    usual = text_px(settings.text_height, page.dpi)

    def lines(char: float) -> list[LineCrop]:
        return line_crops(page.pixels, page.rulings, page.dpi, char, settings, ink)

    def measure() -> float:
        return print_char(page.pixels, page.rulings, page.dpi, usual, settings.print_size, settings, ink)

    if not two_threads(settings.threads):
        char = measure()
        return char, lines(char)
    char, at_usual = side_by_side(settings.threads, measure, lambda: lines(usual))
    return char, at_usual if char == usual else lines(char)


def read_page(page: Page, engine: Recognizer, settings: Settings) -> None:
    char, lines = _print_size_and_lines(page, settings)
    crops = [_readable(c, char, settings.ocr) for c in lines]
    readings = [_dash_if_flat(c, r, char, settings.ocr) for c, r in zip(crops, engine.recognize([c.image for c in crops]), strict=True)]
    page.words = [_word(c, r, page.dpi) for c, r in zip(crops, readings, strict=True) if r.text.strip()]
    page.text_source = TextSource.OCR
    page.problem = None
    page.ink = None  # no stage after needs it


def read_pages(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: OCR every page that has pixels and no usable text layer."""
    pages = [p for p in document.pages if p.needs_ocr]
    if not pages:
        return document
    try:
        engine = engine_for(settings)
    except EngineMissing as exc:
        document.errors.append(ErrorItem("read_pages", ErrorKind.NOT_READ, str(exc), pages=tuple(p.number for p in pages)))
        return document
    for page in pages:
        read_page(page, _engine_for_page(page, engine, settings), settings)
    return document


def _engine_for_page(page: Page, engine: Recognizer, settings: Settings) -> Recognizer:
    """The small recognizer for a black-and-white page (a fax), where tiny reads the specks
    beside a digit as decimal points ("0" as ".0") and a coarse 5 as 3; for a page with a
    red seal on it, whose remains over the print made tiny drop or change digits
    (16681.4411 read 16681.441, a 0 read 5: seeds 41 and 81); and for a page on which a
    grey or black seal or another mark over the print was found (``Page.marks``), where
    tiny, even with its unsure readings re-read, lost 12 cells against small's (seed 64's
    seal profiles); the chosen one else."""
    hard = page.binarised or page.red_stamped or bool(page.marks)
    if not hard or settings.ocr_engine != "rapidocr" or settings.ocr_model == "small":
        return engine
    try:
        return engine_for(replace(settings, ocr_model="small"))
    except EngineMissing:
        return engine


__all__ = ["EngineMissing", "Recognizer", "engine_for", "get_engine", "line_crops", "line_shaped_blobs", "read_page", "read_pages"]
