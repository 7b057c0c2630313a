"""Ingest: turn an input file into pages of words and ruling lines, or of pixels.

A digital PDF page brings its text layer; a page without a usable one (scanned, or
fonts without a Unicode map) and every image file bring their pixels for OCR.

A bad file never raises out of here: it yields a Document with a one-line error, so a
batch goes on with the next file.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from ..settings import DEFAULT_SETTINGS, Settings
from .bombs import check_page_content
from .errors import IngestError
from .pdf import read_pdf
from .raster import read_image, render_images, render_pages
from .text import read_text

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


def sniff(path: Path) -> str:
    """``pdf``, ``image``, ``text`` (a .txt file), or raise IngestError naming what the file is not."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise IngestError("empty file (0 bytes)")
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if path.suffix.lower() == ".txt":
        return "text"
    raise IngestError("not a PDF or an image (no %PDF header)")


def load_document(path: Path, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Read one file into a Document; problems are recorded in ``Document.errors``."""
    document = Document(path=path)
    try:
        kind = sniff(path)
        if kind == "image":
            document.pages = read_image(path, settings)
        elif kind == "text":
            document.pages = read_text(path, settings)
        else:
            check_page_content(path, settings)
            document.pages = read_pdf(path, settings)
            render_pages(path, document.pages, settings)
    except IngestError as exc:
        document.errors.append(str(exc))
    except OSError as exc:
        document.errors.append(f"cannot read file: {exc.strerror or exc}")
    return document


__all__ = ["IngestError", "load_document", "render_images", "sniff"]
