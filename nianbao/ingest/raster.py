"""Pixels for the pages that must be read by OCR: rendered PDF pages and image files.

Sizes are checked before any pixel is decoded: a page larger or narrower than paper, or
a document whose pages together hold more pixels than a report, is refused with a reason.

Only pages without a usable text layer, or holding a picture that may be a table, are
rendered (pypdfium2, at ``settings.ocr_dpi``); a digital page's text is never replaced by OCR. Image files become pages at the same
resolution, so every later stage sees text of the same size in pixels.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageSequence

from ..model import Page, TextSource
from ..settings import IngestSettings, Settings
from .errors import IngestError

A4_LONG_SIDE_INCHES = 11.69
"""Scans without a resolution tag are taken to be of an A4 page (or smaller paper at
the same print size), the size these reports are printed on."""


def render_pages(path: Path, pages: list[Page], settings: Settings) -> None:
    """Give every page without a usable text layer, and every page holding a picture, its
    pixels, rendered at ``ocr_dpi``, once their total is known to fit ``max_document_pixels``."""
    wanted = [p for p in pages if p.text_source == TextSource.NONE or p.pictures]
    scale = settings.ocr_dpi / 72
    _check_pixels(sum(p.width * p.height * scale * scale for p in wanted), settings)
    images = render_images(path, [p.number for p in wanted], settings.ocr_dpi)
    for page in wanted:
        page.image, page.dpi = images[page.number], float(settings.ocr_dpi)


def _check_pixels(total: float, settings: Settings) -> None:
    if total > settings.max_document_pixels:
        raise IngestError(
            f"pages to read by OCR hold {total / 1e6:.0f} megapixels at {settings.ocr_dpi} dpi, "
            f"more than a report (limit {settings.max_document_pixels / 1e6:.0f})"
        )


def render_images(path: Path, numbers: list[int], dpi: int) -> dict[int, np.ndarray]:
    """RGB pixels of the given pages (numbered from 1) of a PDF, rendered at ``dpi``."""
    if not numbers:
        return {}
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise IngestError(f"damaged PDF, pages cannot be rendered ({exc})") from exc
    try:
        # Rendered straight into three bytes a pixel: the same pixels as four bytes less the
        # fourth, copied out of pdfium's buffer whole instead of a byte in four skipped.
        return {
            n: pdf[n - 1].render(scale=dpi / 72, rev_byteorder=True, force_bitmap_format=pdfium_c.FPDFBitmap_BGR).to_numpy().copy()
            for n in numbers
        }
    finally:
        pdf.close()


def tagged_dpi(image: Image.Image, ingest: IngestSettings) -> float | None:
    """The image's resolution tag, None when it has none or a placeholder (1, 0)."""
    tagged = image.info.get("dpi")
    if tagged and ingest.min_tagged_dpi <= float(tagged[0]) <= ingest.max_tagged_dpi:
        return float(tagged[0])
    return None


def frame_dpi(frame: Image.Image, ingest: IngestSettings) -> float:
    tagged = tagged_dpi(frame, ingest)
    return tagged if tagged is not None else max(frame.size) / A4_LONG_SIDE_INCHES


def read_image(path: Path, settings: Settings) -> list[Page]:
    """The frames of an image file (PNG, JPEG, TIFF, BMP, WebP…) as pages, resampled to
    ``ocr_dpi``. A file with more frames than ``max_pages`` is refused, as a PDF is."""
    pages: list[Page] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                frames = getattr(image, "n_frames", 1)
                if frames > settings.max_pages:
                    raise IngestError(f"{frames} pages (image frames), more than a report has (limit {settings.max_pages})")
                pixels = 0.0
                for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                    pixels += frame.size[0] * frame.size[1] * (settings.ocr_dpi / frame_dpi(frame, settings.ingest)) ** 2
                    _check_pixels(pixels, settings)  # before the frame is decoded
                    pages.append(_page(number, frame, settings))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise IngestError(f"image too large to be a report page ({exc})") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise IngestError(f"damaged image ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise IngestError("image has no frames")
    return pages


def on_white(frame: Image.Image) -> np.ndarray:
    """RGB pixels of any frame Pillow opens: 16-bit and 32-bit grey scaled to 8 bits (not
    clipped to white), palettes expanded, transparency composited onto white paper."""
    if frame.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        grey = np.asarray(frame, dtype=np.float64)
        peak = 255.0 if grey.max(initial=0) <= 255 else 65535.0
        return np.repeat((grey * (255.0 / peak)).clip(0, 255).astype(np.uint8)[:, :, None], 3, axis=2)
    if frame.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in frame.info:
        paper = Image.new("RGBA", frame.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(paper, frame.convert("RGBA")).convert("RGB"))
    return np.asarray(frame.convert("RGB"))


def _page(number: int, frame: Image.Image, settings: Settings) -> Page:
    dpi = frame_dpi(frame, settings.ingest)
    width, height = (v * 72 / dpi for v in frame.size)
    if width * height > settings.max_page_area or frame.size[0] * frame.size[1] > settings.max_image_pixels:
        raise IngestError(f"image page {number} is {frame.size[0]}x{frame.size[1]} px ({width:.0f}x{height:.0f} pt), "
                          "larger than any report page")
    if min(width, height) < settings.min_page_side:  # before any pixel is decoded or resampled
        raise IngestError(f"image page {number} is {frame.size[0]}x{frame.size[1]} px: too narrow to be a report page")
    rgb, dpi = pixels_at(frame, dpi, settings)
    height, width = (v * 72 / dpi for v in rgb.shape[:2])
    return Page(
        number=number, width=width, height=height, text_source=TextSource.NONE,
        problem="image", image=np.ascontiguousarray(rgb), dpi=dpi,
    )


def pixels_at(frame: Image.Image, dpi: float, settings: Settings) -> tuple[np.ndarray, float]:
    """An image's RGB pixels (on white paper), printed at ``dpi``, resampled to ``ocr_dpi``
    (unless within ``resample_off`` of it): its text comes out the size the recognizer
    reads best."""
    rgb = on_white(frame)
    scale = settings.ocr_dpi / dpi
    if abs(scale - 1) > settings.ingest.resample_off:
        rgb = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    return rgb, float(settings.ocr_dpi)
