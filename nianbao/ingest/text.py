"""Plain-text reports (archived web pages): one page of lines, without geometry.

Such text keeps the labels but loses the cell boundaries: "一、本年新收…801000081". The
rows are found by their labels (``mapping.runs``) and the digits split by the
arithmetic (``reconcile.split``).

Text comes as UTF-8, GB18030 (a superset of GBK/GB2312) or, saved from Windows Notepad or
Excel, as UTF-16/32 with a byte-order mark or UTF-16 without one (told by its zero bytes).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..model import Page, TextSource, Word
from ..settings import DEFAULT_SETTINGS, IngestSettings, Settings
from .errors import IngestError

ENCODINGS = ("utf-8-sig", "gb18030")
BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _unmarked_utf16(data: bytes, side: float) -> str | None:
    """UTF-16 without a byte-order mark: its ASCII characters (digits, line ends) have a
    zero byte on one side of the pair, always the same side (a CJK character has one
    on the other side only when its code ends in 00); no other encoding here has zeros.
    ``side``: the share of the zeros that must stand on one side."""
    if b"\x00" not in data or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if odd >= side * (even + odd):
        return "utf-16-le"
    return "utf-16-be" if even >= side * (even + odd) else None


def decode_text(data: bytes, ingest: IngestSettings = DEFAULT_SETTINGS.ingest) -> str | None:
    """The text of ``data`` in the first encoding above that decodes it, or None."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            candidates: tuple[str, ...] = (encoding,)
            break
    else:
        unmarked = _unmarked_utf16(data, ingest.utf16_side)
        candidates = (unmarked,) if unmarked else () if b"\x00" in data else ENCODINGS
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_text(path: Path, settings: Settings) -> list[Page]:
    with path.open("rb") as handle:
        data = handle.read(settings.max_text_bytes + 1)
    if len(data) > settings.max_text_bytes:
        raise IngestError(f"text file larger than {settings.max_text_bytes >> 20} MB, far more than a report")
    text = decode_text(data, settings.ingest)
    if text is None:
        raise IngestError("text file in an unknown encoding (not UTF-8, UTF-16/32 or GB18030)")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise IngestError("text file has no text")
    words = [Word(line, (0.0, float(i), 0.0, float(i + 1)), source=TextSource.PLAIN_TEXT) for i, line in enumerate(lines)]
    return [Page(number=1, width=0.0, height=float(len(lines)), words=words, text_source=TextSource.PLAIN_TEXT)]
