"""Scanned variants of rendered sample reports: what a scraped folder's scans look like.

Each report gets one profile (cycled over a corpus so every kind is present), applied to
every page on top of a small random skew: scanned at 150-300 dpi, skewed, blurred,
noisy, JPEG-compressed, faded, binarised like a fax, stamped with a red seal over its
tables, turned upside down or a quarter, or photographed on a desk. The truth is the
digital report's: what is printed does not change by being scanned.
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

PROFILES = (
    "clean", "skewed", "seal", "fax", "faded", "noisy", "upside_down", "quarter_turn", "photo", "low_dpi",
)
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
    """The page photographed on a darker desk: perspective, uneven light, soft focus."""
    h, w = rgb.shape[:2]
    border = int(0.12 * w)
    canvas = np.full((h + 2 * border, w + 2 * border, 3), rng.randint(40, 90), np.uint8)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = lambda: rng.uniform(-0.5, 0.8) * border  # noqa: E731
    dst = np.float32([
        [border + jitter(), border + jitter()], [w + border - jitter(), border + jitter()],
        [w + border - jitter(), h + border - jitter()], [border + jitter(), h + border - jitter()],
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


def scan_pdf(source: Path, target: Path, profile: str, rng: random.Random) -> dict:
    """Write ``target`` (an image-only PDF, or a multi-page TIFF when it ends .tif) as
    ``source`` scanned with ``profile``; return what was done, for the truth file."""
    dpi = {"low_dpi": 150, "fax": 200}.get(profile) or rng.choice([200, 240, 300])
    pdf = pdfium.PdfDocument(source)
    pages = []
    for page in pdf:
        rgb = page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()[:, :, :3]
        image = Image.fromarray(degrade(rgb, profile, rng))
        buffer = io.BytesIO()  # every scan passes through JPEG, as scanners and phones save
        image.save(buffer, "JPEG", quality=rng.randint(55, 85) if profile != "fax" else 90)
        pages.append(Image.open(buffer).convert("RGB"))
    pdf.close()
    if target.suffix == ".tif":
        pages[0].save(target, save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(dpi, dpi))
    else:
        pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi, quality=80)
    return {"profile": profile, "dpi": dpi, "pages": len(pages), "format": target.suffix[1:]}
