"""Read a web page (.html, .htm, or a browser's single-file .mht) into markup blocks.

The charset comes from a byte-order mark, else the page's own ``<meta>`` declaration,
else UTF-8 if the bytes are valid UTF-8, else GB18030 (which also reads GBK and GB2312).
lxml parses the page; the walk keeps its reading order: text of block elements becomes
paragraphs, a ``<table>`` that holds no other table becomes a table with its rowspan and
colspan (``<br>`` a line break, ``&nbsp;`` a blank), an ``<img>`` a picture. A site's
navigation, header, footer and lists of links (to other years' reports) are left out: an
element whose text is mostly link text is not the report's.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.policy
from collections.abc import Callable
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree

from ..settings import DEFAULT_SETTINGS, IngestSettings
from .errors import IngestError
from .markup import Block, MarkupCell, MarkupTable, Paragraph, Picture

Fetch = Callable[[str], Picture]

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "iso-8859-1": "cp1252"}
"""Labels a page declares that browsers read as a larger charset (the WHATWG mapping)."""
_SKIPPED = {"script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe", "select", "button", "template"}
_FURNITURE_WORDS = ("nav", "menu", "footer", "breadcrumb", "share", "banner", "crumb", "toolbar")
"""Words in an element's id or class that mark a site's own furniture, not the report."""
_BLOCKS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "blockquote", "pre", "center", "tr", "td", "th", "caption", "hr", "address", "figure",
}
PRESCAN_BYTES = 4096
"""Where a page's charset declaration must stand, as in a browser's prescan."""


def declared_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares in its opening bytes, or None."""
    head = lxml.html.fromstring(data[:PRESCAN_BYTES].decode("latin-1") or "<html/>")
    for meta in head.iter("meta"):
        charset = meta.get("charset")
        if not charset and (meta.get("http-equiv") or "").lower() == "content-type":
            content = (meta.get("content") or "").lower()
            charset = content.partition("charset=")[2].split(";")[0]
        if charset and charset.strip():
            name = charset.strip().strip("\"'").lower()
            try:
                return _SUPERSETS.get(codecs.lookup(name).name, codecs.lookup(name).name)
            except LookupError:
                continue
    return None


def decode_page(data: bytes) -> str:
    """The page's text: BOM, declared charset, UTF-8, GB18030, in that order."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    candidates = [c for c in (declared_charset(data), "utf-8", "gb18030") if c]
    for encoding in dict.fromkeys(candidates):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError("web page in an unknown encoding (neither its declared charset, UTF-8 nor GB18030)")


def _text(element: etree._Element) -> str:
    """An element's text with ``<br>`` as a line break and non-breaking spaces as blanks."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.tag == "br":
            parts.append("\n")
        elif isinstance(node.tag, str) and node.tag not in _SKIPPED:
            parts.append(_flat(node.text))
            for child in node:
                walk(child)
                parts.append(_flat(child.tail))

    walk(element)
    return "\n".join(collapse(line) for line in "".join(parts).split("\n"))


def _flat(text: str | None) -> str:
    """Source text with its line breaks as blanks: only ``<br>`` breaks a line."""
    return (text or "").replace("\n", " ").replace("\r", " ").replace("\t", " ").replace("\xa0", " ")


def collapse(text: str) -> str:
    """Runs of white space as a browser shows them: one space between Latin words or
    digits, none where a line of Chinese text was broken in the source."""
    out: list[str] = []
    for piece in text.split():
        if out and (out[-1][-1].isascii() or piece[0].isascii()):
            out.append(" ")
        out.append(piece)
    return "".join(out)


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, int((cell.get(name) or "1").strip()))
    except ValueError:
        return 1


def _table(element: etree._Element) -> MarkupTable:
    rows = []
    for tr in element.iter("tr"):
        cells = [MarkupCell(_text(td), _span(td, "rowspan"), _span(td, "colspan")) for td in tr if td.tag in ("td", "th")]
        if cells:
            rows.append(cells)
    return MarkupTable(rows)


def _is_furniture(element: etree._Element, link_share: float) -> bool:
    """A site's own furniture (navigation, a footer, a list of links: more than ``link_share``
    of its text is links), not the report."""
    if element.tag in _SKIPPED:
        return True
    marks = f"{element.get('id', '')} {element.get('class', '')} {element.get('role', '')}".lower()
    if any(word in marks for word in _FURNITURE_WORDS):
        return True
    if element.tag in ("table", "img", "br"):
        return False
    text = "".join(element.itertext()).strip()
    links = "".join(t for a in element.iter("a") for t in a.itertext()).strip()
    return bool(text) and len(links) > link_share * len(text)


def _too_small(img: etree._Element, min_px: int) -> bool:
    for name in ("width", "height"):
        value = (img.get(name) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < min_px:
            return True
    return False


class _Walk:
    """Blocks in reading order: text gathered until a block boundary, a table or a picture."""

    def __init__(self, fetch: Fetch, ingest: IngestSettings) -> None:
        self.fetch = fetch
        self.ingest = ingest
        self.blocks: list[Block] = []
        self.line: list[str] = []

    def flush(self) -> None:
        text = collapse("".join(self.line))
        if text:
            self.blocks.append(Paragraph(text))
        self.line = []

    def visit(self, element: etree._Element) -> None:
        if not isinstance(element.tag, str) or _is_furniture(element, self.ingest.link_share):
            return
        if element.tag == "br":
            self.flush()
        elif element.tag == "img":
            if not _too_small(element, self.ingest.min_picture_px) and element.get("src"):
                self.flush()
                self.blocks.append(self.fetch(element.get("src", "")))
        elif element.tag == "table" and element.find(".//table") is None:
            self.flush()
            self.blocks.append(_table(element))
        else:
            block = element.tag in _BLOCKS
            if block:
                self.flush()
            if element.text:
                self.line.append(element.text.replace("\xa0", " "))
            for child in element:
                self.visit(child)
                if child.tail:
                    self.line.append(child.tail.replace("\xa0", " "))
            if block:
                self.flush()


def page_blocks(text: str, fetch: Fetch, ingest: IngestSettings = DEFAULT_SETTINGS.ingest) -> list[Block]:
    """The blocks of a decoded page, its ``<img>`` sources resolved by ``fetch``."""
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"web page cannot be parsed ({exc})") from exc
    body = root.find("body")
    walk = _Walk(fetch, ingest)
    walk.visit(body if body is not None else root)
    walk.flush()
    return walk.blocks


def _data_uri(src: str) -> Picture:
    header, _, payload = src.partition(",")
    try:
        data = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode("latin-1")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return Picture(None, "data: URI", "picture given as a data: URI that does not decode")
    return Picture(data, "data: URI")


def file_fetcher(page: Path) -> Fetch:
    """Pictures beside a saved page (``NAME_files/``), never outside the page's folder."""
    folder = page.parent.resolve()

    def fetch(src: str) -> Picture:
        if src.startswith("data:"):
            return _data_uri(src)
        parts = urlsplit(src)
        if parts.scheme in ("http", "https", "ftp") or parts.netloc:
            return Picture(None, src, f"picture {src} is on the web, not saved beside the page: its table is not read")
        path = (folder / unquote(parts.path)).resolve()
        if not path.is_relative_to(folder):
            return Picture(None, src, f"picture {src} lies outside the page's folder: its table is not read")
        try:
            return Picture(path.read_bytes(), src)
        except OSError:
            return Picture(None, src, f"picture {src} missing beside the page: its table is not read")

    return fetch


def read_html(path: Path, ingest: IngestSettings = DEFAULT_SETTINGS.ingest) -> list[Block]:
    return page_blocks(decode_page(path.read_bytes()), file_fetcher(path), ingest)


def _payload(part: Message) -> bytes | None:
    """The decoded bytes of one part of a web archive (none for a part without a body)."""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else None


def read_mhtml(path: Path, ingest: IngestSettings = DEFAULT_SETTINGS.ingest) -> list[Block]:
    """A single-file web archive: its HTML part, the pictures from its other parts."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    parts = [p for p in message.walk() if not p.is_multipart()]
    html = next((p for p in parts if p.get_content_type() == "text/html"), None)
    if html is None:
        raise IngestError("web archive (.mht) without an HTML part")
    by_location = {str(p["Content-Location"]): _payload(p) for p in parts if p["Content-Location"]}
    by_id = {f"cid:{str(p['Content-ID']).strip('<>')}": _payload(p) for p in parts if p["Content-ID"]}

    def fetch(src: str) -> Picture:
        if src.startswith("data:"):
            return _data_uri(src)
        data = by_location.get(src) or by_id.get(src)
        if data is None:
            data = next((v for k, v in by_location.items() if k.endswith("/" + src.lstrip("./"))), None)
        return Picture(data, src, "" if data else f"picture {src} missing from the web archive: its table is not read")

    payload = _payload(html)
    if payload is None:
        raise IngestError("web archive (.mht) whose HTML part holds nothing")
    charset = html.get_content_charset()
    try:
        text = payload.decode(_SUPERSETS.get(charset, charset)) if charset else decode_page(payload)
    except (UnicodeDecodeError, LookupError):
        text = decode_page(payload)
    return page_blocks(text, fetch, ingest)
