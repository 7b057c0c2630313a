"""Pixel helpers shared by the stages that look at a scanned page's image.

A scanned page keeps its coordinates in PDF points like a digital one; these convert, and
give every stage the same idea of what is ink.
"""

from __future__ import annotations

import cv2
import numpy as np


PALE = 170
"""On a repaired page (paper at 255, faded print stretched dark) nothing paler than this
is print: it is what a seal, a watermark or show-through leaves behind."""


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """Boolean mask of print on a repaired grey page: a pixel is ink when clearly darker
    than its neighbourhood and not pale, or dark outright."""
    local = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 12)
    return ((local > 0) & (grey < PALE)) | (grey < 96)


def text_px(text_height_pt: float, dpi: float) -> float:
    """The typical printed character height in pixels."""
    return text_height_pt * dpi / 72.0


def to_points(value: float, dpi: float) -> float:
    return value * 72.0 / dpi
