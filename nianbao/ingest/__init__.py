"""Ingest: turn an input file into pages of words and ruling lines, or of pixels.

A digital PDF page brings its text layer; a page without a usable one (scanned, or
fonts without a Unicode map) and every image file bring their pixels for OCR; a digital
page holding a picture of a table brings its pixels too, for the picture. A web page or a
Word file brings markup pages (paragraphs and tables as the file states them) and a page
per picture (``markup``).

A bad file never raises out of here: it yields a Document with a one-line error, so a
batch goes on with the next file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from ..model import Document, ErrorItem, ErrorKind
from ..settings import DEFAULT_SETTINGS, IngestSettings, Settings
from .bombs import check_page_content
from .docx import read_binary_word, read_docx
from .errors import IngestError
from .html import read_html, read_mhtml
from .markup import Block, blocks_to_pages
from .pdf import read_pdf
from .raster import read_image, render_images, render_pages
from .text import read_text

KINDS = ("pdf", "image", "text", "html", "mhtml", "docx", "doc")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Compound File Binary: a Word 97-2003 .doc or a WPS .wps."""
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body")
_HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def sniff(path: Path) -> str:
    """One of ``KINDS``, by content first and suffix second, or raise IngestError naming
    what the file is not."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise IngestError("empty file (0 bytes)")
    suffix = path.suffix.lower()
    if b"%PDF-" in head:
        return "pdf"
    if suffix == ".pdf":  # a scraper's error page saved under the report's name
        looks = "a web page" if any(mark in head.lower() for mark in _HTML_MARKS) else "something else"
        raise IngestError(f"not a PDF (no %PDF header): the file is {looks}")
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        if _is_docx(path):
            return "docx"
        raise IngestError("a zip archive that is not a Word file (batch unpacks archives)")
    if head.startswith(_OLE_MAGIC):
        return "doc"
    lowered = head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".mht", ".mhtml") or (b"mime-version:" in lowered and b"multipart/related" in lowered):
        return "mhtml"
    if suffix in _HTML_SUFFIXES or any(mark in lowered[:200] for mark in _HTML_MARKS):
        return "html"
    if suffix == ".txt":
        return "text"
    raise IngestError("not a report file (no PDF, image, web page or Word header)")


_MARKUP_READERS: dict[str, Callable[[Path, IngestSettings], list[Block]]] = {
    "html": read_html, "mhtml": read_mhtml, "docx": lambda path, _: read_docx(path), "doc": read_binary_word,
}
"""The reader of each markup kind: a file's path and the ingest settings to its blocks."""


def load_document(path: Path, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Read one file into a Document; problems are recorded in ``Document.errors``."""
    document = Document(path=path)
    try:
        kind = sniff(path)
        if kind == "image":
            document.pages = read_image(path, settings)
        elif kind == "text":
            document.pages = read_text(path, settings)
        elif kind in _MARKUP_READERS:
            made = blocks_to_pages(_MARKUP_READERS[kind](path, settings.ingest), settings)
            document.pages, document.errors = made.pages, made.problems
            if not document.pages:
                raise IngestError(f"{kind} file has no text, table or picture")
        else:
            check_page_content(path, settings)
            document.pages = read_pdf(path, settings)
            render_pages(path, document.pages, settings)
        document.kind = kind
    except IngestError as exc:
        document.errors.append(ErrorItem("load_document", ErrorKind.UNREADABLE, str(exc)))
    except OSError as exc:
        document.errors.append(ErrorItem("load_document", ErrorKind.UNREADABLE, f"cannot read file: {exc.strerror or exc}"))
    return document


__all__ = ["KINDS", "IngestError", "load_document", "render_images", "sniff"]
