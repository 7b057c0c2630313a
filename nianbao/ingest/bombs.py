"""Decompression bombs in PDFs: page content that inflates far beyond what any page draws.

A 2 MB PDF can hold a content stream that inflates to hundreds of MB of drawing operators;
pdfplumber would parse them all into objects, gigabytes of them, before a single word is
read. The page content is measured here first, by inflating it in bounded pieces and
keeping none of it, so such a file costs a second and a few MB and is refused with a
reason. A report page's content is well under 1 MB.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream

from ..settings import Settings
from .errors import IngestError

FLATE = {"FlateDecode", "Fl"}
PIECE = 1 << 20
"""Bytes inflated at a time."""


def _inflated_size(stream: PDFStream, limit: int) -> int:
    """How many bytes ``stream`` holds decoded, counted up to just past ``limit``. Streams
    not deflated count as stored."""
    raw = stream.get_rawdata() or b""
    filters = [getattr(f, "name", f) for f, _ in stream.get_filters()]
    if not filters or filters[0] not in FLATE:
        return len(raw)
    inflater, size, pending = zlib.decompressobj(), 0, raw
    while pending and size <= limit:
        size += len(inflater.decompress(pending, PIECE))
        pending = inflater.unconsumed_tail
    return size


def check_page_content(path: Path, settings: Settings) -> None:
    """Raise IngestError when a page's content inflates beyond ``max_page_content_bytes``.
    A file pdfminer cannot even open is left to the reader, which names the damage."""
    limit = settings.max_page_content_bytes
    with path.open("rb") as handle:
        try:
            pages = PDFPage.create_pages(PDFDocument(PDFParser(handle)))
            for number, page in enumerate(pages, start=1):
                if number > settings.max_pages:
                    return
                size = sum(_inflated_size(s, limit) for s in page.contents if isinstance(s, PDFStream))
                if size > limit:
                    raise IngestError(f"page {number}'s content inflates to more than {limit >> 20} MB "
                                      "(a decompression bomb, not a report page)")
        except IngestError:
            raise
        except Exception:  # pdfminer raises many unrelated types on broken files
            return
