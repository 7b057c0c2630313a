"""Read a digital PDF into pages of words and ruling lines with pdfplumber.

Words are cut wherever a vertical ruling line crosses them: two numbers in neighbouring
cells printed close together must never become one number.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils import extract_words

from ..model import Box, Char, Page, Ruling, TextSource, Word
from ..settings import IngestSettings, Settings
from .errors import IngestError
from .orientation import page_turn, turn_object, turned_size
from .pictures import picture_regions
from .textlayer import text_layer_problem


def _is_white(color: object, white: float) -> bool:
    """White in gray, RGB or CMYK, as pdfplumber reports colours (every component at least ``white``)."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color:
        return False
    if len(color) == 4:
        return all(c == 0 for c in color)
    return all(isinstance(c, (int, float)) and c >= white for c in color)


def _visible(edge: dict, white: float) -> bool:
    """Whether an edge is drawn in a colour a reader sees. Word often paints white cell
    backgrounds inset from the borders; their outlines are not ruling lines."""
    if edge.get("stroke"):
        return not _is_white(edge.get("stroking_color"), white)
    if edge.get("fill"):
        return not _is_white(edge.get("non_stroking_color"), white)
    return True


def _orientation(edge: dict, tolerance: float) -> str | None:
    if edge["bottom"] - edge["top"] <= tolerance:
        return "h"
    if edge["x1"] - edge["x0"] <= tolerance:
        return "v"
    return None


def _rulings(edges: list[dict], min_length: float, ingest: IngestSettings) -> list[Ruling]:
    rulings = []
    for edge in (e for e in edges if _visible(e, ingest.white)):
        orientation = _orientation(edge, ingest.axis_tolerance)
        if orientation == "h":
            if edge["x1"] - edge["x0"] >= min_length:
                rulings.append(Ruling("h", float(edge["top"]), float(edge["x0"]), float(edge["x1"])))
        elif orientation == "v" and edge["bottom"] - edge["top"] >= min_length:
            rulings.append(Ruling("v", float(edge["x0"]), float(edge["top"]), float(edge["bottom"])))
    return rulings


def _split_at_rulings(chars: list[dict], rulings: list[Ruling]) -> list[list[dict]]:
    """Cut one word's characters wherever a vertical ruling passes between two of them."""
    top = min(c["top"] for c in chars)
    bottom = max(c["bottom"] for c in chars)
    cuts = sorted(
        r.position
        for r in rulings
        if r.orientation == "v" and r.start <= (top + bottom) / 2 <= r.end
    )
    pieces: dict[int, list[dict]] = {}
    for char in chars:
        slot = bisect.bisect(cuts, (char["x0"] + char["x1"]) / 2)
        pieces.setdefault(slot, []).append(char)
    return [pieces[k] for k in sorted(pieces)]


def _word(chars: list[dict]) -> Word:
    box: Box = (
        float(min(c["x0"] for c in chars)),
        float(min(c["top"] for c in chars)),
        float(max(c["x1"] for c in chars)),
        float(max(c["bottom"] for c in chars)),
    )
    return Word(
        text="".join(c["text"] for c in chars),
        box=box,
        chars=tuple(Char(c["text"], (c["x0"], c["top"], c["x1"], c["bottom"])) for c in chars),
        source=TextSource.TEXT_LAYER,
    )


def _words(chars: list[dict], rulings: list[Ruling], ingest: IngestSettings) -> list[Word]:
    raw = extract_words(chars, x_tolerance=ingest.word_x_tolerance, y_tolerance=ingest.word_y_tolerance,
                        keep_blank_chars=False, return_chars=True)
    words: list[Word] = []
    for item in raw:
        chars = [c for c in item["chars"] if c["text"].strip()]
        if chars:
            words.extend(_word(piece) for piece in _split_at_rulings(chars, rulings))
    return words


def _upright(page: pdfplumber.page.Page, dominant: float) -> tuple[list[dict], list[dict], float, float, int]:
    """The page's chars and edges, its width and height, turned to read upright, and the turn."""
    chars, edges, width, height = page.chars, page.edges, float(page.width), float(page.height)
    turn = page_turn(chars, dominant)
    if turn:
        chars = [turn_object(c, width, height, turn) for c in chars]
        edges = [turn_object(e, width, height, turn) for e in edges]
        width, height = turned_size(width, height, turn)
    return chars, edges, width, height, turn


def read_pdf(path: Path, settings: Settings) -> list[Page]:
    """All pages of a PDF with their text layer judged; raises IngestError on bad files."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        causes = [exc, *exc.args]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise IngestError("encrypted PDF, cannot be read without its password") from exc
        detail = next((f"{type(c).__name__}: {c}" for c in causes if isinstance(c, Exception) and str(c)), type(exc).__name__)
        raise IngestError(f"damaged PDF ({detail})") from exc
    pages: list[Page] = []
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise IngestError(f"damaged PDF: page tree unreadable ({type(exc).__name__})") from exc
        if n_pages == 0:
            raise IngestError("PDF has no pages")
        if n_pages > settings.max_pages:
            raise IngestError(f"{n_pages} pages, more than a report has (limit {settings.max_pages})")
        for number, page in enumerate(pdf.pages, start=1):
            if page.width * page.height > settings.max_page_area:
                raise IngestError(
                    f"page {number} is {page.width:.0f}x{page.height:.0f} pt, larger than any report page"
                )
            width, height, turn = float(page.width), float(page.height), 0
            try:
                problem = text_layer_problem([c["text"] for c in page.chars], settings.garbled_share)
                pictures = []
                if problem:  # read from its pixels, as rendered
                    rulings, words = _rulings(page.edges, settings.min_ruling_length, settings.ingest), []
                else:
                    chars, edges, width, height, turn = _upright(page, settings.ingest.dominant_turn)
                    rulings = _rulings(edges, settings.min_ruling_length, settings.ingest)
                    words = _words(chars, rulings, settings.ingest)
                    # Pictures are cropped from the page as rendered: on a turned page their
                    # boxes would need turning with it, which is not done yet.
                    pictures = picture_regions(page, settings) if turn == 0 else []
            except Exception as exc:  # one broken page content stream must not sink the file
                rulings, words, pictures, problem = [], [], [], f"page content unreadable: {type(exc).__name__}"
            pages.append(
                Page(
                    number=number,
                    width=width,
                    height=height,
                    turn=turn,
                    words=words,
                    rulings=rulings,
                    text_source=TextSource.NONE if problem else TextSource.TEXT_LAYER,
                    problem=problem,
                    pictures=pictures,
                )
            )
    return pages
