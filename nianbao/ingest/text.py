"""Plain-text reports (archived web pages): one page of lines, without geometry.

Such text keeps the labels but loses the cell boundaries: "一、本年新收…801000081". The
rows are found by their labels (``template.runs``) and the digits split by the
arithmetic (``reconcile.split``).
"""

from __future__ import annotations

from pathlib import Path

from ..model import Page, TextSource, Word
from .errors import IngestError

ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: Path) -> list[Page]:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise IngestError("text file in an unknown encoding (neither UTF-8 nor GB18030)")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise IngestError("text file has no text")
    words = [Word(line, (0.0, float(i), 0.0, float(i + 1)), source=TextSource.PLAIN_TEXT) for i, line in enumerate(lines)]
    return [Page(number=1, width=0.0, height=float(len(lines)), words=words, text_source=TextSource.PLAIN_TEXT)]
