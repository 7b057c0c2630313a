"""One validated settings object for the whole pipeline.

Tolerances are in PDF points. Stages read what they need from it; nothing else carries
magic numbers about geometry, so a user tuning for a strange publisher changes one place.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Settings:
    # ingest
    max_pages: int = 80
    """Most pages a document may have; reports run to 10-30, a 500-page file is refused."""
    max_page_area: float = 4_000_000.0
    """Largest page area in square points (A0 is ~3.5M); bigger pages are refused as bombs."""
    max_page_content_bytes: int = 32 * 2**20
    """Most bytes one PDF page's content may inflate to (a report page's is under 1 MB);
    more is a decompression bomb, refused before it is parsed."""
    max_text_bytes: int = 16 * 2**20
    """Largest plain-text file read (a report's text is well under 1 MB)."""
    min_page_side: float = 72.0
    """Shortest page side in points (one inch); a strip narrower than that is no page."""
    max_image_pixels: int = 60_000_000
    """Most pixels of one image frame as stored (an A4 page at 600 dpi has 35M)."""
    max_document_pixels: int = 160_000_000
    """Most pixels, at ``ocr_dpi``, of all the pages one document has OCR read (40 A4
    pages at 200 dpi): what bounds the memory of one extraction."""
    min_ruling_length: float = 3.0
    garbled_share: float = 0.15
    """Share of unreadable characters above which a text layer is not trusted."""
    min_picture_width: float = 0.3
    """Least width of a picture on a digital page, as a share of the page's, for it to be
    taken for a table pasted as an image (the narrowest template table fills half a page)."""
    min_picture_height: float = 40.0
    """Least height in points of such a picture: two table rows."""
    min_picture_rulings: int = 3
    """Least ruling lines of each orientation found in a picture for it to be read as a
    table (a photo or a seal has none; the smallest template table has more)."""
    # values
    max_count: int = 1_000_000_000
    """Largest count a cell may hold (no office handles 10⁹ requests a year); a bigger
    number is a misread or a hostile file, and is flagged, never passed on as read."""
    max_amount: float = 1e12
    """Largest amount (in the printed unit) a cell may hold, flagged beyond like a count."""
    # ocr
    ocr_engine: str = "rapidocr"
    """``rapidocr`` (PP-OCRv6 shipped in the rapidocr wheel) or ``paddle`` (extra ``nianbao[paddle]``)."""
    threads: int = 0
    """CPU threads one extraction may use (the OCR model's, OpenCV's); 0 lets each library
    take every core. A batch with N workers gives each cores // N, so that workers do not
    fight over cores."""
    ocr_dpi: int = 200
    """Rasterizing resolution: body text (10.5-12 pt) comes out 29-33 px high, just under the
    recognizer's 48 px input, so crops are barely rescaled; 300 dpi doubles the pixels to
    no gain in accuracy, 150 dpi loses thin strokes of faint scans."""
    text_height: float = 10.5
    """Typical printed character height in points; sizes the kernels that find text lines."""
    max_skew: float = 5.0
    """Largest skew, in degrees, that page repair looks for."""
    # tables
    snap_tolerance: float = 3.0
    join_tolerance: float = 3.0
    intersection_tolerance: float = 3.0
    min_table_cells: int = 2
    """A one-row piece of a table cut by a page break has as few as two cells."""
    continuation_tolerance: float = 4.0
    """How far apart two pages' column lines may be for the tables to be one table."""
    # mapping
    min_label_similarity: float = 0.55
    """Below this a printed label is not taken for a template label."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "str":
                continue
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"setting {f.name} must be a non-negative number, got {value!r}")
        if not 0 < self.min_label_similarity <= 1:
            raise ValueError("min_label_similarity must lie in (0, 1]")
        if not 72 <= self.ocr_dpi <= 600:
            raise ValueError("ocr_dpi must lie in [72, 600]")


DEFAULT_SETTINGS = Settings()
