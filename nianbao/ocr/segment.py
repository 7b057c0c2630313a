"""Text lines of a scanned page, found in its ink: the crops the recognizer reads.

A detector network is not needed on these pages: once the ruling lines are erased, ink
smeared along the line direction falls into one blob per printed run of text, and no blob
crosses a ruling, so one cell's digits never join its neighbour's. Each crop is cut tight
around its own ink with a small white margin (a loose crop turns a lone "0" into "。").
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..imaging import ink_mask, straight_runs
from ..model import Ruling
from ..settings import DEFAULT_SETTINGS, SegmentSettings, Settings


@dataclass(frozen=True, slots=True)
class LineCrop:
    box: tuple[int, int, int, int]
    """(x0, y0, x1, y1) of the ink in page pixels."""
    image: np.ndarray
    left: int
    """Page x of the crop's first column (the crop has a margin around its ink)."""


def ruling_mask(shape: tuple[int, int], rulings: list[Ruling], dpi: float, thickness: int) -> np.ndarray:
    """The page's ruling lines drawn as a mask ``thickness`` pixels wide."""
    mask = np.zeros(shape, np.uint8)
    k = dpi / 72.0
    for r in rulings:
        if r.orientation == "h":
            p0, p1 = (round(r.start * k), round(r.position * k)), (round(r.end * k), round(r.position * k))
        else:
            p0, p1 = (round(r.position * k), round(r.start * k)), (round(r.position * k), round(r.end * k))
        cv2.line(mask, p0, p1, 255, thickness)
    return mask > 0


def barrier_mask(shape: tuple[int, int], rulings: list[Ruling], dpi: float, char: float, tuning: SegmentSettings) -> np.ndarray:
    """The page's ruling lines as the barriers no run of text is joined across (``barrier``
    character heights wide)."""
    return ruling_mask(shape, rulings, dpi, thickness=max(tuning.min_barrier_px, round(tuning.barrier * char)))


def _bands(ink: np.ndarray, char: float, one_line: float) -> list[tuple[int, int]]:
    """Row ranges of the separate lines in a tall blob. Cut at every empty row, then
    pieces are put back together while they fit in one character's height: the strokes
    of 二 or 三 rejoin, two lines of a wrapped label (closer than a character's inner
    gaps, in a tight cell) stay apart."""
    rows = ink.sum(axis=1) > 0
    bands, start = [], None
    for y, filled in enumerate([*rows, False]):
        if filled and start is None:
            start = y
        elif not filled and start is not None:
            bands.append((start, y))
            start = None
    merged: list[list[int]] = []
    for a, b in bands:
        if merged and b - merged[-1][0] <= one_line * char:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


@dataclass(frozen=True, slots=True)
class Components:
    """The connected components of a mask: ``stats`` (``cv2.CC_STAT_*`` columns; row 0, the
    background, is of the box only) in page pixels, ``labels`` of the box that holds all the
    mask's pixels, whose top-left corner is (``x``, ``y``)."""

    count: int
    labels: np.ndarray
    stats: np.ndarray
    x: int
    y: int


def components(mask: np.ndarray, connectivity: int) -> Components:
    """``cv2.connectedComponentsWithStats`` of a uint8 mask, labelled only over the box that
    holds its pixels: a scanned page's margins hold no ink, and labelling with statistics
    passes over every pixel (a table page's ink fills about three quarters of it)."""
    x, y, w, h = cv2.boundingRect(mask)
    if not w:
        x, y, (h, w) = 0, 0, mask.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask[y : y + h, x : x + w], connectivity=connectivity)
    stats[:, cv2.CC_STAT_LEFT] += x
    stats[:, cv2.CC_STAT_TOP] += y
    return Components(count, labels, stats, x, y)


def _blobs(ink: np.ndarray, barrier: np.ndarray | None, char: float, tuning: SegmentSettings) -> Components:
    """Connected runs of ink smeared along the line direction (never across a ruling)."""
    along = max(tuning.min_join_along_px, round(tuning.join_along * char))
    across = max(tuning.min_join_across_px, round(tuning.join_across * char))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (along, across))
    smeared = cv2.dilate(ink.astype(np.uint8), kernel)
    if barrier is not None:
        smeared[barrier] = 0
    return components(smeared, connectivity=4)


def line_shaped_blobs(grey: np.ndarray, char: float, settings: Settings = DEFAULT_SETTINGS, ink: np.ndarray | None = None) -> int:
    """How many runs of ink look like a line of text: about one character high and
    at least two wide. Text printed sideways gives tall blocks and short stubs instead.
    ``ink``: the page's ``ink_mask``, where the caller has it already."""
    tuning = settings.segment
    ink = ink_mask(grey, settings.imaging) if ink is None else ink
    stats = _blobs(_without_specks(ink, char, tuning.speck), None, char, tuning).stats
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    return int(np.count_nonzero((h >= tuning.line_height * char) & (h <= tuning.tall * char) & (w >= tuning.line_width * h)))


def line_crops(grey: np.ndarray, rulings: list[Ruling], dpi: float, char: float, settings: Settings = DEFAULT_SETTINGS,
               ink: np.ndarray | None = None) -> list[LineCrop]:
    """Tight crops of every run of text on the page, top to bottom, left to right. ``ink``:
    the page's ``ink_mask``, where the caller has it already."""
    tuning, imaging = settings.segment, settings.imaging
    ink = ink_mask(grey, imaging) if ink is None else ink
    barrier = barrier_mask(grey.shape, rulings, dpi, char, tuning)
    if rulings:
        band = ruling_mask(grey.shape, rulings, dpi, thickness=round(tuning.line_band * char))
        barrier |= _line_pixels(ink, band, char, settings)
    ink = _without_specks(ink & ~barrier, char, tuning.speck)
    clean = grey.copy()
    clean[barrier] = 255
    blobs = _blobs(ink, barrier, char, tuning)
    inked = _ink_of_blobs(ink, blobs)
    margin = max(tuning.min_margin_px, round(tuning.margin * char))
    crops = []
    for i in range(1, blobs.count):
        x, y, w, h, _ = blobs.stats[i]
        if h > tuning.tall * char:
            own = ink[y : y + h, x : x + w] & (blobs.labels[y - blobs.y : y - blobs.y + h, x - blobs.x : x - blobs.x + w] == i)
            boxes = [box for a, b in _bands(own, char, tuning.one_line) if (box := _ink_box(own[a:b], x, y + a)) is not None]
        else:
            boxes = [inked[i]] if inked[i][4] else []
        for x0, y0, x1, y1, pixels in boxes:
            if _is_noise(x1 - x0, y1 - y0, pixels, char, tuning):
                continue
            left = max(0, x0 - margin)
            crop = clean[max(0, y0 - margin) : y1 + margin, left : x1 + margin]
            crops.append(LineCrop((x0, y0, x1, y1), crop, left))
    return sorted(crops, key=lambda c: (c.box[1], c.box[0]))


def _ink_box(part: np.ndarray, dx: int, dy: int) -> tuple[int, int, int, int, int] | None:
    """(x0, y0, x1, y1, pixels) of the ink in ``part``, moved by (dx, dy); None if it has none."""
    ys, xs = np.nonzero(part)
    if len(xs) == 0:
        return None
    return int(dx + xs.min()), int(dy + ys.min()), int(dx + xs.max() + 1), int(dy + ys.max() + 1), len(xs)


def _ink_of_blobs(ink: np.ndarray, blobs: Components) -> list[tuple[int, int, int, int, int]]:
    """Per blob, (x0, y0, x1, y1, pixels) of its own ink (``ink``, all of which lies in
    some blob): the box it is cut by. Found for all blobs in one pass over the ink's
    pixels, not one array operation a blob."""
    xs, ys = _points(ink[blobs.y : blobs.y + blobs.labels.shape[0], blobs.x : blobs.x + blobs.labels.shape[1]])
    label = blobs.labels[ys, xs]
    n = blobs.count
    x0, y0 = np.full(n, np.iinfo(np.int32).max, np.int64), np.full(n, np.iinfo(np.int32).max, np.int64)
    x1, y1 = np.full(n, -1, np.int64), np.full(n, -1, np.int64)
    np.minimum.at(x0, label, xs)
    np.minimum.at(y0, label, ys)
    np.maximum.at(x1, label, xs)
    np.maximum.at(y1, label, ys)
    pixels = np.bincount(label, minlength=n)
    return list(zip((x0 + blobs.x).tolist(), (y0 + blobs.y).tolist(), (x1 + 1 + blobs.x).tolist(), (y1 + 1 + blobs.y).tolist(),
                    pixels.tolist(), strict=True))


def _points(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(xs, ys) of a mask's pixels, in raster order."""
    found = cv2.findNonZero(mask.astype(np.uint8))
    if found is None:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    found = found.reshape(-1, 2)
    return found[:, 0].astype(np.intp), found[:, 1].astype(np.intp)


def _line_pixels(ink: np.ndarray, band: np.ndarray, char: float, settings: Settings) -> np.ndarray:
    """Every pixel of the ruling lines themselves, however thick or wavy: the long
    straight runs of ink near a known ruling, grown (``ruling_grow``) for their blurred edge.
    Drawing the rulings with a fixed width would leave slivers that read as 1 or 了."""
    imaging = settings.imaging
    runs = straight_runs(ink, char, horizontal=True, imaging=imaging) | straight_runs(ink, char, horizontal=False, imaging=imaging)
    return cv2.dilate(runs, np.ones((imaging.ruling_grow, imaging.ruling_grow), np.uint8)).astype(bool) & band


def _without_specks(ink: np.ndarray, char: float, speck_share: float) -> np.ndarray:
    """Ink minus isolated dots of scanner and fax noise (smaller than any stroke). Only the
    components' sizes are needed: they are counted over the ink's pixels, not measured by
    a statistics pass over the whole box (which took most of the labelling's time)."""
    x, y, w, h = cv2.boundingRect(ink.astype(np.uint8))
    kept = ink.copy()
    if not w:
        return kept
    box = ink[y : y + h, x : x + w].astype(np.uint8)
    count, labels = cv2.connectedComponents(box, connectivity=8, ltype=cv2.CV_32S)
    xs, ys = _points(box)
    label = labels[ys, xs]
    speck = np.bincount(label, minlength=count) < speck_share * char * char
    speck[0] = False
    drop = speck[label]
    kept[ys[drop] + y, xs[drop] + x] = False
    return kept


def _is_noise(w: int, h: int, pixels: int, char: float, tuning: SegmentSettings) -> bool:
    """Noise, the remains of a ruling, and blobs taller than any text line. A lone
    hyphen or dot goes too: in a table cell it means the same as nothing."""
    if h < tuning.low_ink * char and pixels < tuning.low_ink_area * char * char:
        return True
    thin, long = tuning.sliver * char, tuning.sliver_length * char
    if (h < thin and w > long) or (w < thin and h > long):
        return True  # a sliver of a ruling: no digit is that thin and that long
    return h > tuning.max_line * char
