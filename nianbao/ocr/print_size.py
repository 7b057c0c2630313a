"""How big a scanned page's print is, measured in its own ink.

The text-line kernels of ``segment`` are sized in character heights, and the usual height
comes from ``Settings.text_height`` at the page's resolution. A page whose print is far
smaller (a booklet sheet holding two landscape pages, a table shrunk to fit) fell apart
under kernels sized for it: its digits were dropped as specks and its cells read blank.
Such a page is read at its own character height, measured from the heights of its pieces
of ink with the ruling lines taken out.
"""

from __future__ import annotations

import cv2
import numpy as np

from ..imaging import ink_mask
from ..model import Ruling
from ..settings import DEFAULT_SETTINGS, PrintSizeSettings, Settings
from .segment import barrier_mask, components


def print_char(grey: np.ndarray, rulings: list[Ruling], dpi: float, usual: float, tuning: PrintSizeSettings,
               settings: Settings = DEFAULT_SETTINGS, ink: np.ndarray | None = None) -> float:
    """The page's character height in pixels: ``usual``, unless its print measures under
    ``tuning.small`` of it, then the measure. The ruling lines are taken out as
    ``segment`` takes them out at the usual size (``settings``' segment and imaging).
    ``ink``: the page's ``ink_mask``, where the caller has it already."""
    barrier = barrier_mask(grey.shape, rulings, dpi, usual, settings.segment)
    ink = (ink_mask(grey, settings.imaging) if ink is None else ink) & ~barrier
    stats = components(ink.astype(np.uint8), connectivity=8).stats
    h, w = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    pieces = h[(h >= tuning.min_piece_px) & (h <= tuning.tallest_piece * usual) & (w <= tuning.widest_piece * h)]
    if pieces.size < tuning.min_pieces:
        return usual
    measured = float(np.quantile(pieces, tuning.tall_share)) / tuning.char_fill
    return measured if measured < tuning.small * usual else usual
