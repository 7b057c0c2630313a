"""Find what was put on a scanned page over its print: seals and smudges.

A red seal vanishes in the red channel page repair reads from; a seal stamped in grey or
black, or any seal on a greyscale, 1-bit or faxed scan, stays in the grey image, over the
very cells it covers (and a red one, stretched with the page's faded ink, can stay too).
Its ring is found by a circle transform on the page's ink with the long rulings taken out
(a ring's flattest stretches are shorter than a table's lines), and kept only where the
ring is inked all round and clearly more than the band just outside it (text lines crossing
an imagined circle are not; the seal's own text lies inside its ring, so the inside is no
guide).
Large solid blobs (a smudge, a blot) are marks too. Each is recorded on the page in
points; the cells under them can never be taken as blank or vouch for a sum.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ..model import Box, Document, Page
from ..pixels import ink_mask, print_without_rulings, text_px, to_points
from ..settings import DEFAULT_SETTINGS, Settings

SEAL_RADIUS_MM = (12.0, 30.0)
"""Radii of official round seals (38-45 mm across), with room for scans scaled down."""
SCALE = 0.25
"""The circle transform runs on the ink at this scale: rings survive, 16x cheaper."""
RING_SAMPLES = 120
RING_INKED = 0.7
"""Share of the ring's angles that must show ink for a circle to be a seal's ring."""
RING_CONTRAST = 0.35
"""How much more inked the ring must be than the band just outside it."""
RING_BAND = 0.06
"""Half-width of the ring band, in radii; the band outside lies four of these beyond it."""
CIRCLE_PERFECTNESS = 0.7
"""OpenCV's HOUGH_GRADIENT_ALT threshold (0-1): how nearly round an edge must be."""
SEAL_RULING = 4.0
"""Straight runs at least this many character heights long are rulings, taken out before
looking for rings: a seal's ring (radius 40 characters and more) bends well within that."""
MARK_MARGIN = 1.0
"""Character heights added round each mark: a ring's ink runs beyond the fitted circle,
and a 1-bit scan fuses the digits it touches into it."""
BLOB_SIZE = 2.5
"""A solid blob at least this many character heights both ways is a smudge, not print."""
BLOB_DENSITY = 0.45
"""Share of its box a blob must fill (text, even bold, fills less of a box that size)."""


def _ring_share(ink: np.ndarray, cx: float, cy: float, radius: float) -> float:
    """Share of angles at which ``ink`` has a pixel at ``radius`` (within a thin band)."""
    h, w = ink.shape
    band = max(1.0, RING_BAND * radius)
    angles = np.linspace(0, 2 * np.pi, RING_SAMPLES, endpoint=False)[:, None]
    radii = np.linspace(radius - band, radius + band, 5)[None, :]
    xs = np.rint(cx + radii * np.cos(angles)).astype(int)
    ys = np.rint(cy + radii * np.sin(angles)).astype(int)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    hit = np.zeros(xs.shape, bool)
    hit[inside] = ink[ys[inside], xs[inside]] > 0
    return float(hit.any(axis=1).mean())


def seal_rings(ink: np.ndarray, dpi: float) -> list[tuple[float, float, float]]:
    """(cx, cy, radius) in pixels of each seal ring in a page's ink (long rulings out)."""
    small = cv2.resize(ink.astype(np.uint8) * 255, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_AREA)
    small = (small > 40).astype(np.uint8)
    px_per_mm = dpi / 25.4 * SCALE
    low, high = (int(r * px_per_mm) for r in SEAL_RADIUS_MM)
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(small * 255, (5, 5), 1.5), cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=low,
        param1=150, param2=CIRCLE_PERFECTNESS, minRadius=low, maxRadius=high,
    )
    found: list[tuple[float, float, float]] = []
    for cx, cy, r in ([] if circles is None else circles[0]):
        ring = _ring_share(small, cx, cy, r)
        beside = _ring_share(small, cx, cy, r * (1 + 4 * RING_BAND))
        if ring >= RING_INKED and ring - beside >= RING_CONTRAST:
            if all(math.hypot(cx - x, cy - y) > max(r, q) for x, y, q in found):
                found.append((float(cx), float(cy), float(r)))
    return [(cx / SCALE, cy / SCALE, r / SCALE) for cx, cy, r in found]


def blobs(ink: np.ndarray, char: float) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) in pixels of each large solid blob of ink."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if w >= BLOB_SIZE * char and h >= BLOB_SIZE * char and area >= BLOB_DENSITY * w * h:
            out.append((int(x), int(y), int(x + w), int(y + h)))
    return out


def page_marks(page: Page, settings: Settings) -> list[Box]:
    """The marks on one repaired page, as boxes in points."""
    if page.image is None:
        return []
    char = text_px(settings.text_height, page.dpi)
    ink = ink_mask(page.image)
    rings = seal_rings(print_without_rulings(page.image, char, SEAL_RULING, ink), page.dpi)
    boxes = [(cx - r, cy - r, cx + r, cy + r) for cx, cy, r in rings]
    boxes += [tuple(float(v) for v in b) for b in blobs(print_without_rulings(page.image, char, ink=ink), char)]
    pad = MARK_MARGIN * char
    return [tuple(to_points(v, page.dpi) for v in (x0 - pad, y0 - pad, x1 + pad, y1 + pad)) for x0, y0, x1, y1 in boxes]


def find_marks(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: record the seals and smudges on every page read from its pixels."""
    for page in document.pages:
        if page.needs_ocr:
            page.marks = page_marks(page, settings)
            if page.marks:
                page.repairs.append(f"{len(page.marks)} seal(s) or mark(s) over the print found")
    return document
