"""Pixel helpers shared by the stages that look at a scanned page's image.

A scanned page keeps its coordinates in PDF points like a digital one; these convert, and
give every stage the same idea of what is ink. Their tuning numbers are
``settings.ImagingSettings``; each helper takes them, the defaults when not given.
"""

from __future__ import annotations

import cv2
import numpy as np

from .model import Box, Page, PageInk, Ruling
from .settings import DEFAULT_SETTINGS, ImagingSettings

DEFAULT_IMAGING = DEFAULT_SETTINGS.imaging


def ink_mask(grey: np.ndarray, imaging: ImagingSettings = DEFAULT_IMAGING) -> np.ndarray:
    """Boolean mask of print on a repaired grey page: a pixel is ink when clearly darker
    than its neighbourhood and not pale, or dark outright."""
    local = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, imaging.local_block, imaging.local_offset)
    return ((local > 0) & (grey < imaging.pale)) | (grey < imaging.dark)


def page_ink(page: Page, imaging: ImagingSettings = DEFAULT_IMAGING) -> PageInk:
    """The ``ink_mask`` of a repaired page's image, measured once and kept on the page
    (``Page.ink``) for the stages after repair; measured again only where the image was
    replaced or other settings are asked for."""
    kept = page.ink
    if kept is None or kept.image is not page.pixels or kept.imaging != imaging:
        kept = page.ink = PageInk(page.pixels, imaging, ink_mask(page.pixels, imaging))
    return kept


def ruling_length_px(char: float, length_chars: float | None = None, imaging: ImagingSettings = DEFAULT_IMAGING) -> int:
    """The shortest straight run, in pixels, of ``length_chars`` character heights (by
    default ``ruling_length``: where a page's ruling lines lie)."""
    return max(imaging.min_ruling_px, round((imaging.ruling_length if length_chars is None else length_chars) * char))


def thickened(ink: np.ndarray, horizontal: bool, thicken: int) -> np.ndarray:
    """The ink as uint8, grown ``thicken`` pixels across the direction of a run, so a line
    left slightly tilted by deskewing still reads as one run."""
    ink8: np.ndarray = ink.astype(np.uint8)
    if thicken <= 1:
        return ink8
    return cv2.dilate(ink8, cv2.getStructuringElement(cv2.MORPH_RECT, (1, thicken) if horizontal else (thicken, 1)))


def runs_of(thick: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    """The straight runs at least ``length`` pixels long, along one direction, of uint8 ink."""
    along = (length, 1) if horizontal else (1, length)
    return cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))


def straight_runs(ink: np.ndarray, char: float, horizontal: bool, thicken: int = 1,
                  length_chars: float | None = None, imaging: ImagingSettings = DEFAULT_IMAGING) -> np.ndarray:
    """The straight runs of ink, along one direction, at least ``length_chars`` character
    heights long (by default ``ruling_length``: where a page's ruling lines lie). ``thicken`` grows the
    ink across the run first (``thickened``)."""
    return runs_of(thickened(ink, horizontal, thicken), ruling_length_px(char, length_chars, imaging), horizontal)


def ruling_runs(ink: PageInk, char: float, horizontal: bool, imaging: ImagingSettings = DEFAULT_IMAGING,
                thick: np.ndarray | None = None) -> np.ndarray:
    """``straight_runs`` of a page's ink at ``ruling_length``, thickened by
    ``ruling_thicken``: the runs a stage before kept on ``ink`` where it found them
    (``find_marks`` for ``find_rulings``), else found now and kept. ``thick``: the ink
    ``thickened`` so, where the caller has it."""
    key = (horizontal, ruling_length_px(char, imaging=imaging), imaging.ruling_thicken)
    if key not in ink.runs:
        thick = thickened(ink.mask, horizontal, imaging.ruling_thicken) if thick is None else thick
        ink.runs[key] = runs_of(thick, key[1], horizontal)
    return ink.runs[key]


def text_px(text_height_pt: float, dpi: float) -> float:
    """The typical printed character height in pixels."""
    return text_height_pt * dpi / 72.0


def to_points(value: float, dpi: float) -> float:
    return value * 72.0 / dpi


def glyph_height(grey: np.ndarray, imaging: ImagingSettings = DEFAULT_IMAGING) -> float | None:
    """The printed characters' height in pixels in a picture of unknown resolution (a
    web page's picture of a table), or None when it holds no character-sized ink."""
    ink = (grey < imaging.glyph_ink).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    limit = imaging.max_glyph_share * min(grey.shape)
    heights = h[(h >= imaging.min_glyph_px) & (h <= limit) & (w <= imaging.glyph_aspect * h) & (w <= limit)]
    return float(np.quantile(heights, imaging.glyph_quantile)) if heights.size else None


def print_without_rulings(grey: np.ndarray, char: float, length_chars: float | None = None,
                          ink: np.ndarray | None = None, imaging: ImagingSettings = DEFAULT_IMAGING) -> np.ndarray:
    """Ink mask of a repaired page with its ruling lines (straight runs at least
    ``length_chars`` long, by default ``ruling_length``) taken out: what is left is text,
    and whatever else was put on the page (a seal, a smudge, a pen mark). ``ink``: the
    page's ``ink_mask`` when the caller already has it."""
    ink = ink_mask(grey, imaging) if ink is None else ink
    return ink & ~ruling_pixels(ink, char, length_chars, imaging)


def ruling_pixels(ink: np.ndarray, char: float, length_chars: float | None = None,
                  imaging: ImagingSettings = DEFAULT_IMAGING) -> np.ndarray:
    """Mask of the pixels of an ink mask's ruling lines (straight runs at least
    ``length_chars`` long, by default ``ruling_length``, either way), grown by
    ``ruling_grow`` to take their edges too."""
    thicken = imaging.ruling_thicken
    rulings = (straight_runs(ink, char, True, thicken, length_chars, imaging)
               | straight_runs(ink, char, False, thicken, length_chars, imaging))
    grow = imaging.ruling_grow
    return cv2.dilate(rulings.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (grow, grow))) > 0


def box_to_px(box: tuple[float, float, float, float], dpi: float, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A box in points as pixel bounds (x0, y0, x1, y1), clipped to an image of ``shape``."""
    scale = dpi / 72.0
    height, width = shape[:2]
    x0, y0 = max(0, int(box[0] * scale)), max(0, int(box[1] * scale))
    return x0, y0, min(width, int(round(box[2] * scale))), min(height, int(round(box[3] * scale)))




def _within(ruling: Ruling, mark: Box) -> bool:
    """Whether a ruling segment lies inside a mark's box (with its padding)."""
    x0, y0, x1, y1 = mark
    if ruling.orientation == "h":
        return y0 <= ruling.position <= y1 and x0 <= ruling.start and ruling.end <= x1
    return x0 <= ruling.position <= x1 and y0 <= ruling.start and ruling.end <= y1


def seal_drawing(rulings: list[Ruling], marks: list[Box], char: float, imaging: ImagingSettings = DEFAULT_IMAGING) -> list[Ruling]:
    """The rulings a seal may have drawn: segments wholly inside a mark that do not
    continue the line of a ruling outside every mark (a real ruling under the seal keeps
    its pieces in line with what shows of it outside). They stay rulings — dropping them
    also drops the real pieces a seal cut off, and whole tables with them — but a cell
    bounded by one has borders that may be a seal's stroke: a value beside the seal fell
    between two such rows once, and its cell read blank."""
    inside = [r for r in rulings if any(_within(r, m) for m in marks)]
    outside = [r for r in rulings if not any(_within(r, m) for m in marks)]
    return [r for r in inside if not any(o.orientation == r.orientation and abs(o.position - r.position)
                                         <= imaging.seal_line_align * char for o in outside)]
