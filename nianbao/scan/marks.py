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

Speed (this was the largest scan stage): the ink is thickened once for both ruling
lengths; the long rulings are sought only in the rows (columns) that hold a short one (a
row without a short run has no long one); and blobs are labelled only where a
quarter-size copy of the ink shows something big enough. Each gives the pixels the
whole-page operation gives.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ..imaging import RULING_LENGTH, ink_mask, text_px, to_points
from ..model import Box, Document, Page
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
BLOB_POOL = 4
"""Blobs are first sought in the ink pooled over blocks this many pixels square (any ink
in a block inks it): a blob is never smaller there, and a page's text seldom reaches a
smudge's size, so few places are labelled at full size."""
THICKEN = 3
"""Pixels the ink is grown across a ruling before its straight runs are taken, as
``imaging.print_without_rulings`` does."""


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


def _solid(stats: np.ndarray, char: float, dx: int = 0, dy: int = 0) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1), moved by (dx, dy), of each component in ``stats`` (OpenCV's,
    background first) that is a large solid blob."""
    out = []
    for x, y, w, h, area in stats[1:]:
        if w >= BLOB_SIZE * char and h >= BLOB_SIZE * char and area >= BLOB_DENSITY * w * h:
            out.append((int(x) + dx, int(y) + dy, int(x + w) + dx, int(y + h) + dy))
    return out


def blobs(ink: np.ndarray, char: float) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) in pixels of each large solid blob of ink, top to bottom.

    A blob's pixels lie in the blocks of one component of the pooled ink, which is at
    least a quarter of its width and height; only such components' blocks are labelled
    at full size (each alone, masked to its own blocks, so no other ink joins in)."""
    ink8 = ink.astype(np.uint8)
    k = BLOB_POOL
    pooled = cv2.dilate(ink8, np.ones((k, k), np.uint8), anchor=(0, 0))[::k, ::k]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(pooled, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if k * w < BLOB_SIZE * char or k * h < BLOB_SIZE * char:
            continue
        own = np.repeat(np.repeat(labels[y : y + h, x : x + w] == i, k, axis=0), k, axis=1)
        part = ink8[k * y : k * (y + h), k * x : k * (x + w)]
        part = part & own[: part.shape[0], : part.shape[1]]
        out += _solid(cv2.connectedComponentsWithStats(part, connectivity=8)[2], char, k * x, k * y)
    return sorted(out, key=lambda b: (b[1], b[0]))


def _runs(thick: np.ndarray, char: float, horizontal: bool, length_chars: float) -> np.ndarray:
    """The straight runs along one direction of ink already thickened across it."""
    length = max(8, round(length_chars * char))
    along = (length, 1) if horizontal else (1, length)
    return cv2.morphologyEx(thick, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))


def _longer_runs(thick: np.ndarray, short: np.ndarray, char: float, horizontal: bool, length_chars: float) -> np.ndarray:
    """``_runs`` of ``length_chars``, taken only in the rows (columns) where ``short``
    (the runs of a shorter length) has any: the kernel is one pixel across, so each row
    is opened alone, and a row with no short run has no long one."""
    out = np.zeros_like(thick)
    lines = np.flatnonzero(short.any(axis=1 if horizontal else 0))
    if lines.size and horizontal:
        out[lines] = _runs(thick[lines], char, True, length_chars)
    elif lines.size:
        out[:, lines] = _runs(np.ascontiguousarray(thick[:, lines]), char, False, length_chars)
    return out


def _print_without_rulings(ink: np.ndarray, char: float) -> tuple[np.ndarray, np.ndarray]:
    """``imaging.print_without_rulings`` of the page's ink for rulings of RULING_LENGTH
    and of SEAL_RULING, in one pass."""
    grow = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    ink8 = ink.astype(np.uint8)
    short, long = [], []
    for horizontal, across in ((True, (1, THICKEN)), (False, (THICKEN, 1))):
        thick = cv2.dilate(ink8, cv2.getStructuringElement(cv2.MORPH_RECT, across))
        short.append(_runs(thick, char, horizontal, RULING_LENGTH))
        long.append(_longer_runs(thick, short[-1], char, horizontal, SEAL_RULING))
    text, text_and_short_lines = (ink & (cv2.dilate(h | v, grow) == 0) for h, v in (short, long))
    return text, text_and_short_lines


def page_marks(page: Page, settings: Settings) -> list[Box]:
    """The marks on one repaired page, as boxes in points."""
    if page.image is None:
        return []
    char = text_px(settings.text_height, page.dpi)
    text, text_and_short_lines = _print_without_rulings(ink_mask(page.image), char)
    rings = seal_rings(text_and_short_lines, page.dpi)
    boxes = [(cx - r, cy - r, cx + r, cy + r) for cx, cy, r in rings]
    boxes += [tuple(float(v) for v in b) for b in blobs(text, char)]
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
