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
whole-page operation gives. The page's ink and its runs at ruling length are measured
once, here, and kept on the page for ``find_rulings`` and OCR (``Page.ink``).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ..imaging import page_ink, ruling_length_px, ruling_runs, runs_of, text_px, thickened, to_points
from ..model import Box, Document, Page, PageInk
from ..settings import DEFAULT_SETTINGS, ImagingSettings, MarkSettings, Settings


def _ring_share(ink: np.ndarray, cx: float, cy: float, radius: float, tuning: MarkSettings) -> float:
    """Share of angles at which ``ink`` has a pixel at ``radius`` (within a thin band)."""
    h, w = ink.shape
    band = max(tuning.min_band_px, tuning.ring_band * radius)
    angles = np.linspace(0, 2 * np.pi, tuning.ring_samples, endpoint=False)[:, None]
    radii = np.linspace(radius - band, radius + band, tuning.ring_depth)[None, :]
    xs = np.rint(cx + radii * np.cos(angles)).astype(int)
    ys = np.rint(cy + radii * np.sin(angles)).astype(int)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    hit = np.zeros(xs.shape, bool)
    hit[inside] = ink[ys[inside], xs[inside]] > 0
    return float(hit.any(axis=1).mean())


def seal_rings(ink: np.ndarray, dpi: float, tuning: MarkSettings) -> list[tuple[float, float, float]]:
    """(cx, cy, radius) in pixels of each seal ring in a page's ink (long rulings out)."""
    scale = tuning.scale
    small = cv2.resize(ink.astype(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = (small > tuning.shrunk_ink).astype(np.uint8)
    low, high = (int(r * dpi / 72 * scale) for r in (tuning.min_seal_radius, tuning.max_seal_radius))
    blur = (tuning.blur, tuning.blur)
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(small * 255, blur, tuning.blur_sigma), cv2.HOUGH_GRADIENT_ALT, dp=tuning.hough_dp, minDist=low,
        param1=tuning.edge_threshold, param2=tuning.circle_perfectness, minRadius=low, maxRadius=high,
    )
    found: list[tuple[float, float, float]] = []
    for cx, cy, r in ([] if circles is None else circles[0]):
        ring = _ring_share(small, cx, cy, r, tuning)
        beside = _ring_share(small, cx, cy, r * (1 + tuning.band_gap * tuning.ring_band), tuning)
        if (ring >= tuning.ring_inked and ring - beside >= tuning.ring_contrast
                and all(math.hypot(cx - x, cy - y) > max(r, q) for x, y, q in found)):
            found.append((float(cx), float(cy), float(r)))
    return [(cx / scale, cy / scale, r / scale) for cx, cy, r in found]


def _solid(stats: np.ndarray, char: float, tuning: MarkSettings, dx: int = 0, dy: int = 0) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1), moved by (dx, dy), of each component in ``stats`` (OpenCV's,
    background first) that is a large solid blob."""
    out = []
    size = tuning.blob_size * char
    for x, y, w, h, area in stats[1:]:
        if w >= size and h >= size and area >= tuning.blob_density * w * h:
            out.append((int(x) + dx, int(y) + dy, int(x + w) + dx, int(y + h) + dy))
    return out


def blobs(ink: np.ndarray, char: float, tuning: MarkSettings) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) in pixels of each large solid blob of ink, top to bottom.

    A blob's pixels lie in the blocks of one component of the pooled ink, which is at
    least a quarter of its width and height; only such components' blocks are labelled
    at full size (each alone, masked to its own blocks, so no other ink joins in)."""
    ink8 = ink.astype(np.uint8)
    k = tuning.blob_pool
    pooled = cv2.dilate(ink8, np.ones((k, k), np.uint8), anchor=(0, 0))[::k, ::k]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(pooled, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if k * w < tuning.blob_size * char or k * h < tuning.blob_size * char:
            continue
        own = np.repeat(np.repeat(labels[y : y + h, x : x + w] == i, k, axis=0), k, axis=1)
        part = ink8[k * y : k * (y + h), k * x : k * (x + w)]
        part = part & own[: part.shape[0], : part.shape[1]]
        out += _solid(cv2.connectedComponentsWithStats(part, connectivity=8)[2], char, tuning, k * x, k * y)
    return sorted(out, key=lambda b: (b[1], b[0]))


def _longer_runs(thick: np.ndarray, short: np.ndarray, char: float, horizontal: bool, length_chars: float,
                 imaging: ImagingSettings) -> np.ndarray:
    """The straight runs of ``length_chars`` of ink already ``thickened`` across them,
    taken only in the rows (columns) where ``short`` (the runs of a shorter length) has
    any: the kernel is one pixel across, so each row is opened alone, and a row with no
    short run has no long one."""
    out = np.zeros_like(thick)
    length = ruling_length_px(char, length_chars, imaging)
    lines = np.flatnonzero(short.any(axis=1 if horizontal else 0))
    if lines.size and horizontal:
        out[lines] = runs_of(thick[lines], length, True)
    elif lines.size:
        out[:, lines] = runs_of(np.ascontiguousarray(thick[:, lines]), length, False)
    return out


def _print_without_rulings(ink: PageInk, char: float, seal_ruling: float, imaging: ImagingSettings) -> tuple[np.ndarray, np.ndarray]:
    """``imaging.print_without_rulings`` of the page's ink for rulings of ``ruling_length``
    and of ``seal_ruling``, in one pass. The runs of ``ruling_length`` are kept on ``ink``
    (``imaging.ruling_runs``): they are the ones ``find_rulings`` looks for."""
    grow = cv2.getStructuringElement(cv2.MORPH_RECT, (imaging.ruling_grow, imaging.ruling_grow))
    short, long = [], []
    for horizontal in (True, False):
        thick = thickened(ink.mask, horizontal, imaging.ruling_thicken)
        short.append(ruling_runs(ink, char, horizontal, imaging, thick))
        long.append(_longer_runs(thick, short[-1], char, horizontal, seal_ruling, imaging))
    text, text_and_short_lines = (ink.mask & (cv2.dilate(h | v, grow) == 0) for h, v in (short, long))
    return text, text_and_short_lines


def page_marks(page: Page, settings: Settings) -> list[Box]:
    """The marks on one repaired page, as boxes in points."""
    if page.image is None:
        return []
    tuning = settings.marks
    char = text_px(settings.text_height, page.dpi)
    text, text_and_short_lines = _print_without_rulings(page_ink(page, settings.imaging), char, tuning.seal_ruling, settings.imaging)
    rings = seal_rings(text_and_short_lines, page.dpi, tuning)
    boxes: list[Box] = [(cx - r, cy - r, cx + r, cy + r) for cx, cy, r in rings]
    boxes += [(float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1 in blobs(text, char, tuning)]
    pad = tuning.margin * char
    dpi = page.dpi
    return [(to_points(x0 - pad, dpi), to_points(y0 - pad, dpi), to_points(x1 + pad, dpi), to_points(y1 + pad, dpi)) for x0, y0, x1, y1 in boxes]


def find_marks(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: record the seals and smudges on every page read from its pixels."""
    for page in document.pages:
        if page.needs_ocr:
            page.marks = page_marks(page, settings)
            if page.marks:
                page.repairs.append(f"{len(page.marks)} seal(s) or mark(s) over the print found")
    return document
