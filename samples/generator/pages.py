"""Where a printed table's rows fell: read back from the PDF a word processor or browser
made, since they (not the generator) decide the page breaks. The truth file records it so a
corpus can be sorted by case: table 三 over how many pages, which rows open each
continuation page (inside a group, or only rows both forms share), which pages are turned.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pdfplumber

from .grids import GridSpec
from .report import HEADINGS, NUMERALS

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's fonts lack a FontBBox: harmless, and one line per glyph run

PREFIX = 5
"""Characters of a row label looked for: enough to tell the template's labels apart
("7.属于行" / "8.属于行"), few enough to fit the first line of a wrapped label."""


def _plain(text: str) -> str:
    return "".join(text.split()).replace("（", "(").replace("）", ")")


def row_labels(spec: GridSpec) -> dict[str, str]:
    """Row key (e.g. ``unable_unclear``) → its printed label, for each number row of ``spec``."""
    keys = {c.row: c.key.split(".")[1] for c in spec.cells if c.key}
    labels = {}
    for cell in spec.cells:
        if cell.row in keys and not cell.key and cell.rowspan == 1 and not cell.header:
            labels[keys[cell.row]] = cell.text
    return labels


def row_pages(pdf: Path, spec: GridSpec) -> dict[str, int]:
    """Row key → the page (from 1) its label starts on; rows whose label is not in the text
    layer (a table printed as a picture) are left out."""
    with pdfplumber.open(pdf) as document:
        texts = [_plain(page.extract_text() or "") for page in document.pages]
    found, page = {}, 0
    for key, label in row_labels(spec).items():
        prefix = _plain(label)[:PREFIX]
        at = next((p for p in range(page, len(texts)) if prefix in texts[p]), None)
        if at is not None:
            found[key] = at + 1
            page = at
    return found


def print_facts(pdf: Path, spec: GridSpec) -> dict:
    """Table 三's pages and the rows that open each of its continuation pages."""
    pages = row_pages(pdf, spec)
    if not pages:
        return {}
    keys = list(pages)
    continuations = [key for before, key in pairwise(keys) if pages[key] != pages[before]]
    with pdfplumber.open(pdf) as document:
        rotated = [i + 1 for i, page in enumerate(document.pages) if (page.rotation or 0) % 360]
        texts = [_plain(page.extract_text() or "") for page in document.pages]
    return {
        "applications_pages": sorted(set(pages.values())),
        "continuation_rows": continuations,
        "rotated_pages": rotated,
        "heading_pages": _heading_pages(texts),
    }


def _heading_pages(texts: list[str]) -> dict[str, int]:
    """Section numeral → the page (from 1) its heading is on, each after the one before."""
    found, page = {}, 0
    for number, heading in enumerate(HEADINGS):
        text = _plain(f"{NUMERALS[number]}、{heading}")
        at = next((p for p in range(page, len(texts)) if text in texts[p]), None)
        if at is not None:
            found[NUMERALS[number]] = at + 1
            page = at
    return found


HEADER_CUT = (0.3, 0.8)
"""Where between the top of table 三's header and its first row a partial photo's edge falls."""
FOLIO = re.compile(r"[—\-第]*\d+[—\-页]*")
"""A page number's text, which a partial photo leaves out."""
FOLIO_ZONE = 0.9  # page numbers sit below this share of the page's height
FOLIO_WIDTH = 0.15  # and are narrower than this share of its width


def _folio(line: dict, width: float, height: float) -> bool:
    return bool(FOLIO.fullmatch(_plain(line["text"]))) and line["top"] > FOLIO_ZONE * height and line["x1"] - line["x0"] < FOLIO_WIDTH * width


def _line(lines: list[dict], start: str) -> dict | None:
    return next((line for line in lines if _plain(line["text"]).startswith(start)), None)


def photo_box(pdf: Path, spec: GridSpec, rng) -> tuple[int, tuple[float, float, float, float], list[str], bool] | None:
    """What a phone photo of table 三 frames: the page that holds most of its rows (the
    first of them on a tie), from inside its header (where the page has it) down to where
    it (and table 四, when 四 is whole on that page) ends. Returns the page, the box (x0,
    top, x1, bottom, points), the table 三 rows shown, and whether 四 is shown; None when
    the page has no text layer to find them by. Not the page table 三 starts on: where it
    starts at a page's foot, that holds one row, and nobody photographs a table so (seed
    914, gen914_037: a strip of one row)."""
    pages = row_pages(pdf, spec)
    if not pages:
        return None
    rows_on = Counter(pages.values())
    page_number = max(rows_on, key=lambda n: (rows_on[n], -n))
    with pdfplumber.open(pdf) as document:
        page = document.pages[page_number - 1]
        lines = page.extract_text_lines()
        width, height = page.width, page.height
    first = _line(lines, _plain(row_labels(spec)[next(key for key, n in pages.items() if n == page_number)])[:PREFIX])
    header = _line(lines, "(本列数据") or _line(lines, "申请人情况")
    if first is None:
        return None
    body_top = first["top"]
    header_top = header["top"] if header is not None and header["top"] < body_top else body_top - 20
    top = header_top + rng.uniform(*HEADER_CUT) * (body_top - header_top)
    five, four = _line(lines, "五、"), _line(lines, "四、政府信息公开行政")
    with_appeals = five is not None and five["top"] > body_top
    if with_appeals:
        bottom = five["top"] - 4
    elif four is not None and four["top"] > body_top:
        bottom = four["top"] - 4
    else:  # down to the page's last line of table, above its page number
        table_lines = [line for line in lines if line["top"] > body_top and not _folio(line, width, height)]
        bottom = max(line["bottom"] for line in table_lines) + 6 if table_lines else first["bottom"] + 6
    inside = [line for line in lines if top <= line["top"] and line["bottom"] <= bottom]
    x0 = min(line["x0"] for line in inside) - 12
    x1 = max(line["x1"] for line in inside) + 12
    shown = [key for key, p in pages.items() if p == page_number]
    return page_number, (max(0.0, x0), top, min(width, x1), bottom), shown, with_appeals
