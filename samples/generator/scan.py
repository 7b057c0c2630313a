"""Scanned variants of rendered sample reports: what a scraped folder's scans look like.

Each report gets one profile (cycled over a corpus so every kind is present), applied to
every page on top of a small random skew: scanned at 150-300 dpi, skewed, blurred,
noisy, JPEG-compressed, faded, binarised like a fax, stamped with a red seal over its
tables, turned upside down or a quarter, or photographed on a desk. The truth is the
digital report's: what is printed does not change by being scanned.

``WORLD_PROFILES`` adds what scans of word-processor and browser prints show: a booklet
scanned two A5 pages to a landscape sheet (``two_up``), landscape pages fed the short way
and so stored turned a quarter (``landscape_sideways``), and every page skewed its own way
(``reskewed``). ``photograph_part`` is a phone photo of part of one page.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

PROFILES = (
    "clean", "skewed", "seal", "fax", "faded", "noisy", "upside_down", "quarter_turn", "photo", "low_dpi",
)
WORLD_PROFILES = PROFILES + ("two_up", "landscape_sideways", "reskewed")
RESKEW = (0.6, 1.8)  # degrees, each page's own skew in ``reskewed``, alternating in sign
GUTTER = 0.02  # of a two-up sheet's width, white between its two pages
PHOTO_TURN = (2.0, 3.0)  # degrees a partial photo is turned
PHOTO_DPI = (200, 240)  # pixels per inch of paper a phone photo of part of a page resolves
TRUST_PROFILES = ("grey_seal", "black_seal", "photo_lost_rulings")
"""Scans that hide print in ways colour cannot undo: a seal stamped in grey on a greyscale
scan, a dark seal on a 1-bit scan, a phone photo whose faint rulings broke. Kept apart from
PROFILES so the corpora made before them come out the same."""


def _rotate(rgb: np.ndarray, degrees: float, fill: int = 255) -> np.ndarray:
    h, w = rgb.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(rgb, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(fill, fill, fill))


def _seal(rgb: np.ndarray, rng: random.Random, colour: tuple[int, int, int] | None = None) -> np.ndarray:
    """An official seal (ring, star, ring of text strokes), red unless ``colour`` is
    given, printed over the page's lower table area, multiplied into the ink as a real
    stamp is."""
    h, w = rgb.shape[:2]
    stamp = np.full_like(rgb, 255)
    radius = int(w * rng.uniform(0.09, 0.12))
    centre = (int(w * rng.uniform(0.45, 0.8)), int(h * rng.uniform(0.3, 0.75)))
    red = colour or (rng.randint(200, 235), rng.randint(20, 70), rng.randint(20, 70))
    thickness = max(3, radius // 14)
    cv2.circle(stamp, centre, radius, red, thickness)
    star = [
        (centre[0] + int(radius * 0.35 * (1 if k % 2 == 0 else 0.4) * math.sin(k * math.pi / 5)),
         centre[1] - int(radius * 0.35 * (1 if k % 2 == 0 else 0.4) * math.cos(k * math.pi / 5)))
        for k in range(10)
    ]
    cv2.fillPoly(stamp, [np.array(star, np.int32)], red)
    for k in range(18):  # the body's name around the ring, as strokes
        angle = math.pi * (0.85 + 1.3 * k / 17)
        x = centre[0] + int(radius * 0.75 * math.cos(angle))
        y = centre[1] + int(radius * 0.75 * math.sin(angle))
        cv2.rectangle(stamp, (x - thickness * 2, y - thickness * 2), (x + thickness * 2, y + thickness * 2), red, max(2, thickness // 2))
    alpha = rng.uniform(0.7, 0.95)
    stamp = (255 - alpha * (255 - stamp.astype(np.float32)))
    return (rgb.astype(np.float32) * stamp / 255).astype(np.uint8)


def _noise(rgb: np.ndarray, rng: random.Random, sigma: float) -> np.ndarray:
    gen = np.random.default_rng(rng.randint(0, 2**31))
    noisy = rgb.astype(np.float32) + gen.normal(0, sigma, rgb.shape[:2])[:, :, None]
    specks = gen.random(rgb.shape[:2]) < 0.0008
    noisy[specks] = 0
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _photo(rgb: np.ndarray, rng: random.Random) -> np.ndarray:
    """The page photographed on a darker desk: perspective, uneven light, soft focus.

    The corners move by a share of the side they lie along: a wide strip of a table
    moved up and down by its width came out squashed to a third of its height at one end,
    as no phone photographs a table (Chromium scans, seed 910, gen910_023)."""
    h, w = rgb.shape[:2]
    bx, by = int(0.12 * w), int(0.12 * min(w, h))
    canvas = np.full((h + 2 * by, w + 2 * bx, 3), rng.randint(40, 90), np.uint8)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = lambda border: rng.uniform(-0.5, 0.8) * border  # noqa: E731
    dst = np.float32([
        [bx + jitter(bx), by + jitter(by)], [w + bx - jitter(bx), by + jitter(by)],
        [w + bx - jitter(bx), h + by - jitter(by)], [bx + jitter(bx), h + by - jitter(by)],
    ])
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(rgb, matrix, canvas.shape[1::-1], borderMode=cv2.BORDER_TRANSPARENT, dst=canvas)
    ys, xs = np.mgrid[0 : warped.shape[0], 0 : warped.shape[1]]
    light = 0.8 + 0.2 * (xs / warped.shape[1]) * rng.uniform(0.5, 1.0) + 0.05 * (ys / warped.shape[0])
    lit = np.clip(warped.astype(np.float32) * light[:, :, None], 0, 255).astype(np.uint8)
    return cv2.GaussianBlur(lit, (3, 3), 0.8)


def _grey(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), cv2.COLOR_GRAY2RGB)


def _break_rulings(rgb: np.ndarray, rng: random.Random) -> np.ndarray:
    """Faint rulings as a phone loses them: pieces of the long lines whitened out."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = (grey < 128).astype(np.uint8)
    length = max(40, rgb.shape[1] // 12)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out = rgb.copy()
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if rng.random() < 0.35:  # a stretch of this line lost
            if w >= h:
                start = rng.randint(x, x + max(1, w // 2))
                piece = (slice(y, y + h), slice(start, start + rng.randint(w // 8 + 1, w // 3 + 2)))
            else:
                start = rng.randint(y, y + max(1, h // 2))
                piece = (slice(start, start + rng.randint(h // 8 + 1, h // 3 + 2)), slice(x, x + w))
            region = out[piece]
            region[(labels[piece] == i)] = 255
    return out


def degrade(rgb: np.ndarray, profile: str, rng: random.Random) -> np.ndarray:
    """One page image as the given profile scans it."""
    out = _rotate(rgb, rng.uniform(-0.8, 0.8))
    if profile == "skewed":
        out = _rotate(rgb, rng.choice([-1, 1]) * rng.uniform(1.5, 4.5))
    elif profile == "seal":
        out = _seal(out, rng)
    elif profile == "fax":  # standard resolution: full across, half down, one bit deep
        grey = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)
        grey = cv2.resize(grey, None, fx=1.0, fy=0.5, interpolation=cv2.INTER_AREA)
        grey = cv2.resize(grey, (out.shape[1], out.shape[0]), interpolation=cv2.INTER_NEAREST)
        grey = np.where(_noise(grey[:, :, None].repeat(3, 2), rng, 12)[:, :, 0] < 185, 0, 255).astype(np.uint8)
        out = cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB)
    elif profile == "faded":
        paper = np.array([rng.randint(225, 245), rng.randint(215, 235), rng.randint(190, 215)], np.float32)
        ink = rng.uniform(0.35, 0.5)
        out = (paper - (255 - out.astype(np.float32)) * ink * paper / 255).clip(0, 255).astype(np.uint8)
    elif profile == "noisy":
        out = _noise(cv2.GaussianBlur(out, (3, 3), rng.uniform(0.6, 1.1)), rng, rng.uniform(8, 16))
    elif profile == "upside_down":
        out = out[::-1, ::-1]
    elif profile == "quarter_turn":
        out = np.rot90(out, rng.choice([1, 3]))
    elif profile == "photo":
        out = _photo(out, rng)
    elif profile == "grey_seal":
        level = rng.randint(90, 160)
        out = _seal(_grey(out), rng, (level, level, level))
    elif profile == "black_seal":  # a dark seal, then one bit deep: nothing tells it from print
        grey = cv2.cvtColor(_seal(out, rng, (40, 40, 40)), cv2.COLOR_RGB2GRAY)
        out = cv2.cvtColor(np.where(grey < 150, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2RGB)
    elif profile == "photo_lost_rulings":
        out = _photo(_break_rulings(out, rng), rng)
    return np.ascontiguousarray(out)


def _two_up(pages: list[np.ndarray]) -> list[np.ndarray]:
    """Pairs of pages side by side on landscape sheets, each page scaled to half the sheet
    (A4 to A5), in reading order left then right; an odd last page has a blank right half."""
    sheets = []
    for i in range(0, len(pages), 2):
        pair = pages[i : i + 2]
        h = max(p.shape[0] for p in pair)
        half = int(h / math.sqrt(2))
        gutter = int(GUTTER * 2 * half)
        sheet = np.full((h, 2 * half + gutter, 3), 255, np.uint8)
        for j, page in enumerate(pair):
            scale = min(half / page.shape[1], h / page.shape[0])
            small = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            x = j * (half + gutter) + (half - small.shape[1]) // 2
            y = (h - small.shape[0]) // 2
            sheet[y : y + small.shape[0], x : x + small.shape[1]] = small
        sheets.append(sheet)
    return sheets


def _scanned_pages(source: Path, profile: str, dpi: int, rng: random.Random) -> Iterator[np.ndarray]:
    """The pages as scanned, one by one (each drawn from ``rng`` in page order)."""
    pdf = pdfium.PdfDocument(source)
    scale = dpi / 72 / (math.sqrt(2) if profile == "two_up" else 1)  # two-up: each page A5 on an A4 sheet at dpi
    pages = (page.render(scale=scale, rev_byteorder=True).to_numpy()[:, :, :3] for page in pdf)
    if profile == "two_up":
        yield from (degrade(sheet, "clean", rng) for sheet in _two_up(list(pages)))
    elif profile == "reskewed":
        sign = rng.choice([-1, 1])
        yield from (np.ascontiguousarray(_rotate(page, sign * (-1) ** i * rng.uniform(*RESKEW))) for i, page in enumerate(pages))
    elif profile == "landscape_sideways":
        turn = rng.choice([1, 3])
        yield from (degrade(np.rot90(page, turn) if page.shape[1] > page.shape[0] else page, "clean", rng) for page in pages)
    else:
        yield from (degrade(page, profile, rng) for page in pages)
    pdf.close()


def _jpeg(rgb: np.ndarray, quality: int) -> Image.Image:
    """Every scan passes through JPEG, as scanners and phones save."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=quality)
    return Image.open(buffer).convert("RGB")


def scan_pdf(source: Path, target: Path, profile: str, rng: random.Random, dpi: int | None = None) -> dict:
    """Write ``target`` (an image-only PDF, or a multi-page TIFF when it ends .tif) as
    ``source`` scanned with ``profile`` (at ``dpi``, or the profile's or a drawn one);
    return what was done, for the truth file."""
    dpi = dpi or {"low_dpi": 150, "fax": 200}.get(profile) or rng.choice([200, 240, 300])
    pages = [_jpeg(rgb, rng.randint(55, 85) if profile != "fax" else 90) for rgb in _scanned_pages(source, profile, dpi, rng)]
    if target.suffix == ".tif":
        pages[0].save(target, save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(dpi, dpi))
    else:
        pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi, quality=80)
    return {"profile": profile, "dpi": dpi, "pages": len(pages), "format": target.suffix[1:]}


def photograph_part(source: Path, target: Path, page: int, box: tuple[float, float, float, float], rng: random.Random) -> dict:
    """Write ``target`` (a JPEG) as a phone photo of ``box`` (x0, top, x1, bottom in points)
    on ``page`` (from 1) of ``source``: keystoned on a desk, turned 2–3°."""
    dpi = rng.choice(PHOTO_DPI)
    pdf = pdfium.PdfDocument(source)
    rgb = pdf[page - 1].render(scale=dpi / 72, rev_byteorder=True).to_numpy()[:, :, :3]
    pdf.close()
    x0, top, x1, bottom = (int(v * dpi / 72) for v in box)
    part = np.ascontiguousarray(rgb[max(0, top) : bottom, max(0, x0) : x1])
    turned = _rotate(_photo(part, rng), rng.choice([-1, 1]) * rng.uniform(*PHOTO_TURN), fill=rng.randint(40, 90))
    _jpeg(turned, rng.randint(70, 90)).save(target, "JPEG", quality=90, dpi=(dpi, dpi))
    return {"profile": "partial_photo", "dpi": dpi, "pages": 1, "format": "jpg", "page": page, "box": [round(v, 1) for v in box]}
