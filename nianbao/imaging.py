"""Pixel helpers shared by the stages that look at a scanned page's image.

A scanned page keeps its coordinates in PDF points like a digital one; these convert, and
give every stage the same idea of what is ink.
"""

from __future__ import annotations

import cv2
import numpy as np

from .model import Box, Ruling

PALE = 170
"""On a repaired page (paper at 255, faded print stretched dark) nothing paler than this
is print: it is what a seal, a watermark or show-through leaves behind."""


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Boolean mask of print on a repaired grey page: a pixel is ink when clearly darker
    than its neighbourhood and not pale, or dark outright."""
    local = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 12)
    return ((local > 0) & (grey < PALE)) | (grey < 96)


RULING_LENGTH = 1.25
"""Shortest ruling, in character heights: longer than any stroke of text (a digit is
0.75 high), shorter than the piece of a border between two crossings in a one-line row."""


def straight_runs(ink: np.ndarray, char: float, horizontal: bool, thicken: int = 1,
                  length_chars: float = RULING_LENGTH) -> np.ndarray:
    """The straight runs of ink, along one direction, at least ``length_chars`` character
    heights long (``RULING_LENGTH``: where a page's ruling lines lie). ``thicken`` grows the
    ink across the run first, so a line left slightly tilted by deskewing still reads as one run."""
    length = max(8, round(length_chars * char))
    across = (1, thicken) if horizontal else (thicken, 1)
    along = (length, 1) if horizontal else (1, length)
    ink8: np.ndarray = ink.astype(np.uint8)
    if thicken > 1:
        ink8 = cv2.dilate(ink8, cv2.getStructuringElement(cv2.MORPH_RECT, across))
    return cv2.morphologyEx(ink8, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))


def text_px(text_height_pt: float, dpi: float) -> float:
    """The typical printed character height in pixels."""
    return text_height_pt * dpi / 72.0


def to_points(value: float, dpi: float) -> float:
    return value * 72.0 / dpi


GLYPH_PERCENTILE = 80
"""Percentile of the ink blobs' heights taken for the character height: full-height
characters and digits sit above it, the strokes of split characters (三, 二) below."""
MIN_GLYPH_PX = 5
MAX_GLYPH_SHARE = 0.25
"""A blob taller or wider than this share of the picture is a ruling grid, not a character."""


def glyph_height(grey: np.ndarray) -> float | None:
    """The printed characters' height in pixels in a picture of unknown resolution (a
    web page's picture of a table), or None when it holds no character-sized ink."""
    ink = (grey < 128).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    limit = MAX_GLYPH_SHARE * min(grey.shape)
    heights = h[(h >= MIN_GLYPH_PX) & (h <= limit) & (w <= 2 * h) & (w <= limit)]
    return float(np.percentile(heights, GLYPH_PERCENTILE)) if heights.size else None
def print_without_rulings(grey: np.ndarray, char: float, length_chars: float = RULING_LENGTH,
                          ink: np.ndarray | None = None) -> np.ndarray:
    """Ink mask of a repaired page with its ruling lines (straight runs at least
    ``length_chars`` long) taken out: what is left is text, and whatever else was put on
    the page (a seal, a smudge, a pen mark). ``ink``: the page's ``ink_mask`` when the
    caller already has it."""
    ink = ink_mask(grey) if ink is None else ink
    return ink & ~ruling_pixels(ink, char, length_chars)


def ruling_pixels(ink: np.ndarray, char: float, length_chars: float = RULING_LENGTH) -> np.ndarray:
    """Mask of the pixels of an ink mask's ruling lines (straight runs at least
    ``length_chars`` long, either way), grown by a pixel to take their edges too."""
    rulings = (straight_runs(ink, char, True, thicken=3, length_chars=length_chars)
               | straight_runs(ink, char, False, thicken=3, length_chars=length_chars))
    return cv2.dilate(rulings.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0


def box_to_px(box: tuple[float, float, float, float], dpi: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A box in points as pixel bounds (x0, y0, x1, y1), clipped to an image of ``shape``."""
    scale = dpi / 72.0
    height, width = shape[:2]
    x0, y0 = max(0, int(box[0] * scale)), max(0, int(box[1] * scale))
    return x0, y0, min(width, int(round(box[2] * scale))), min(height, int(round(box[3] * scale)))


SEAL_LINE_ALIGN = 0.5
"""How near, in character heights, a ruling piece inside a seal must lie to the line of a
ruling outside it to be taken for a piece of that ruling, not for the seal's drawing."""


def _within(ruling: Ruling, mark: Box) -> bool:
    """Whether a ruling segment lies inside a mark's box (with its padding)."""
    x0, y0, x1, y1 = mark
    if ruling.orientation == "h":
        return y0 <= ruling.position <= y1 and x0 <= ruling.start and ruling.end <= x1
    return x0 <= ruling.position <= x1 and y0 <= ruling.start and ruling.end <= y1


def seal_drawing(rulings: list[Ruling], marks: list[Box], char: float) -> list[Ruling]:
    """The rulings a seal may have drawn: segments wholly inside a mark that do not
    continue the line of a ruling outside every mark (a real ruling under the seal keeps
    its pieces in line with what shows of it outside). They stay rulings — dropping them
    also drops the real pieces a seal cut off, and whole tables with them — but a cell
    bounded by one has borders that may be a seal's stroke: a value beside the seal fell
    between two such rows once, and its cell read blank."""
    inside = [r for r in rulings if any(_within(r, m) for m in marks)]
    outside = [r for r in rulings if not any(_within(r, m) for m in marks)]
    return [r for r in inside if not any(o.orientation == r.orientation and abs(o.position - r.position)
                                         <= SEAL_LINE_ALIGN * char for o in outside)]
