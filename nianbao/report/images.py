"""Page pictures for the check report: each page holding a template table, as a small JPEG.

A digital page is rendered from its PDF at the report's resolution. A scanned page's
pixels as they were read (upright, level, seal free) exist only during extraction, and
the boxes of its cells are on that repaired page; so the page is rendered and repaired
again with the same code, and its picture is used only when the repair comes out the
size the extraction recorded. Otherwise the outlines would point beside the numbers:
the report then says why there is no picture instead of showing a misleading one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ..atomic import write_atomic
from ..ingest import IngestError, render_images, sniff
from ..ingest.raster import read_image
from ..model import Document, Page, TextSource
from ..ocr import EngineMissing, Recognizer, engine_for
from ..scan import AS_THE_PAGE_BEFORE, repair_page
from ..settings import Settings
from ..store import content_hash

PAGES_DIR = "pages"


@dataclass(frozen=True, slots=True)
class ReportSettings:
    dpi: int = 110
    """Resolution of the page pictures: 10.5 pt digits come out 16 px high, legible, and
    an A4 page stays near 100 KB (the issue allows up to 150 dpi)."""
    jpeg_quality: int = 80
    size_tolerance: float = 1.0
    """Points a re-repaired page's size may differ from the one recorded at extraction and
    still be that page."""

    def __post_init__(self) -> None:
        if not 36 <= self.dpi <= 150:
            raise ValueError("report dpi must lie in [36, 150]")
        if not 10 <= self.jpeg_quality <= 100:
            raise ValueError("jpeg_quality must lie in [10, 100]")
        if self.size_tolerance < 0:
            raise ValueError("size_tolerance must not be negative")


@dataclass(frozen=True, slots=True)
class PageImage:
    """The picture of one table page: its file under the report folder, or why there is none."""

    number: int
    file: str = ""
    note: str = ""


def table_pages(document: Document) -> list[int]:
    """Pages holding a template cell or a recovered grid: the only pages pictured."""
    numbers = {c.page for c in document.cells if c.page is not None}
    numbers |= {n for grid in document.grids for n in grid.pages}
    return sorted(numbers & {p.number for p in document.pages})


def _encode(image: np.ndarray, quality: int) -> bytes:
    bgr = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ok, jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise IngestError("page picture could not be encoded")
    return jpeg.tobytes()


def _scan_pixels(source: Path, numbers: list[int], settings: Settings) -> dict[int, Page]:
    """The scanned pages as extraction first saw them: rendered or resampled at ``ocr_dpi``."""
    if sniff(source) == "image":
        return {p.number: p for p in read_image(source, settings) if p.number in numbers}
    return {
        n: Page(n, image.shape[1] * 72 / settings.ocr_dpi, image.shape[0] * 72 / settings.ocr_dpi,
                text_source=TextSource.NONE, image=image, dpi=float(settings.ocr_dpi))
        for n, image in render_images(source, numbers, settings.ocr_dpi).items()
    }


def _engine(settings: Settings) -> Recognizer | None:
    try:
        return engine_for(settings)
    except EngineMissing:
        return None  # repair then decides the page's way up without it, as extraction did


def _with_pages_before(document: Document, numbers: list[int]) -> tuple[list[int], dict[int, int]]:
    """The pages to repair again, in order: ``numbers`` and, for a page that took the turn
    of the page before (``AS_THE_PAGE_BEFORE``), that page first. And the scanned page
    before each scanned page, as ``repair_pages`` went through them."""
    scanned = [p.number for p in document.pages if p.text_source == TextSource.OCR]
    before = dict(zip(scanned[1:], scanned, strict=False))
    recorded = {p.number: p for p in document.pages}
    wanted, todo = set(numbers), list(numbers)
    while todo:
        n = todo.pop()
        if n in before and before[n] not in wanted and any(r.endswith(AS_THE_PAGE_BEFORE) for r in recorded[n].repairs):
            wanted.add(before[n])
            todo.append(before[n])
    return sorted(wanted), before


def _scanned(document: Document, source: Path, numbers: list[int], settings: Settings,
             report: ReportSettings) -> dict[int, np.ndarray | str]:
    """Repaired pixels at the report's resolution per page, or why they cannot be shown."""
    recorded = {p.number: p for p in document.pages}
    repaired, before = _with_pages_before(document, numbers)
    pages = _scan_pixels(source, repaired, settings)
    engine = _engine(settings) if pages else None
    out: dict[int, np.ndarray | str] = {}
    turns: dict[int, int] = {}
    for n in repaired:
        page = pages.get(n)
        if page is None:
            out[n] = "page not found in the source file"
            continue
        prior = before.get(n)
        turns[n] = repair_page(page, settings, engine, 0 if prior is None else turns.get(prior, 0))
        if n not in numbers:
            continue
        want = recorded[n]
        if abs(page.width - want.width) > report.size_tolerance or abs(page.height - want.height) > report.size_tolerance:
            out[n] = (f"page repaired again came out {page.width:.0f}×{page.height:.0f} pt, not the "
                      f"{want.width:.0f}×{want.height:.0f} pt read at extraction: no picture rather than a misplaced one")
            continue
        assert page.image is not None
        scale = report.dpi / page.dpi
        out[n] = cv2.resize(page.image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return {n: out[n] for n in numbers if n in out}


def _pixels(document: Document, source: Path, numbers: list[int], settings: Settings,
            report: ReportSettings) -> dict[int, np.ndarray | str]:
    recorded = {p.number: p for p in document.pages}
    digital = [n for n in numbers if n in recorded and recorded[n].text_source == TextSource.TEXT_LAYER]
    scanned = [n for n in numbers if n in recorded and recorded[n].text_source == TextSource.OCR]
    out: dict[int, np.ndarray | str] = {n: "page has no pixels (its text came without geometry)" for n in numbers}
    out.update(render_images(source, digital, report.dpi) if digital else {})
    out.update(_scanned(document, source, scanned, settings, report) if scanned else {})
    return out


def page_images(document: Document, source: Path, digest: str, report_dir: Path, settings: Settings,
                report: ReportSettings) -> list[PageImage]:
    """Write (or reuse, when already written) the picture of every table page of one document."""
    numbers = table_pages(document)
    name = {n: f"{PAGES_DIR}/{digest[:16]}-p{n}-{report.dpi}dpi.jpg" for n in numbers}
    todo = [n for n in numbers if not (report_dir / name[n]).is_file()]
    pixels: dict[int, np.ndarray | str] = {}
    if todo:
        try:
            if not source.is_file():
                raise IngestError(f"source file {source} is no longer there")
            if content_hash(source) != digest:
                raise IngestError(f"source file {source} has changed since it was extracted")
            pixels = _pixels(document, source, todo, settings, report)
        except (IngestError, OSError) as exc:
            pixels = {n: str(exc) for n in todo}
        except Exception as exc:  # a bug on one odd page must not cost the rest of the report
            pixels = {n: f"page pictures failed: {type(exc).__name__}: {exc}" for n in todo}
    (report_dir / PAGES_DIR).mkdir(parents=True, exist_ok=True)
    images = []
    for n in numbers:
        found = pixels.get(n)
        if isinstance(found, str):
            images.append(PageImage(n, note=found))
            continue
        if found is not None:
            write_atomic(report_dir / name[n], _encode(found, report.jpeg_quality))
        images.append(PageImage(n, file=name[n]))
    return images
