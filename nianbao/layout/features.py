"""Lines of a page and their features, from the document model alone.

A line is the words sharing a baseline (a table row is one line). Its features are what
a reader sees without reading closely: where it sits on the page and against its
neighbours, how big its glyphs are, how far it is indented, whether it is centred, how it
is numbered (一、 （一） 1. 一是), how much of it is digits, whether ruling lines
enclose it, and how close its words are to a section heading of the template (the
template's headings are passed in: the shipped model was trained on the national ones).
Nothing depends on how the page was read, so one model serves text layers and OCR alike.
"""

from __future__ import annotations

import difflib
import re

import numpy as np

from ..lines import group_lines, is_page_number
from ..model import Document, Line, Page, Ruling
from ..settings import DEFAULT_SETTINGS, FeatureSettings
from ..values import normalize_text

_SECTION = re.compile(r"^[一二三四五六七八九十]{1,2}[、.．,，]")
_PAREN = re.compile(r"^[（(][一二三四五六七八九十]{1,2}[）)]")
_SHI = re.compile(r"^[一二三四五六七八九十]是")
_ARABIC = re.compile(r"^\d{1,2}[.．、](?!\d)")
_YEAR = re.compile(r"(?:19|20)\d{2}年")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,2}[、.．,，]|[（(][一二三四五六七八九十]{1,2}[）)]|\d{1,2}[.．、])")
_PUNCT = set("，。、；：？！“”‘’（）《》,.;:?!()")

FEATURES = [
    "x0", "x1", "top", "bottom", "centre_offset", "width", "height", "indent", "right_gap", "chars",
    "words", "digit_share", "cjk_share", "punct_share", "section_number", "paren_number", "shi_number",
    "arabic_number", "page_number", "ends_full_stop", "has_year", "has_report", "v_rulings", "h_enclosed",
    "gap_above", "gap_below", "height_prev", "height_next", "same_x0_prev", "first_page", "position",
    "first_on_page", "last_on_page", "heading_similarity",
]


DEFAULT_FEATURES = DEFAULT_SETTINGS.layout.features


def page_lines(page: Page, features: FeatureSettings = DEFAULT_FEATURES) -> list[Line]:
    """The page's lines, top to bottom."""
    lines = []
    for words in group_lines(page.words, features.line_overlap):
        box = (min(w.box[0] for w in words), min(w.box[1] for w in words),
               max(w.box[2] for w in words), max(w.box[3] for w in words))
        lines.append(Line(page.number, box, words))
    return lines


def clean_line(text: str) -> str:
    """A line's text without spaces and without the markup of a saved web page (## , * , > )."""
    return normalize_text(text).lstrip("#*-·>")


def heading_scores(text: str, headings: tuple[str, ...], features: FeatureSettings = DEFAULT_FEATURES) -> list[float]:
    """How close the line's words, numbering stripped, are to each of the template's
    section ``headings`` (none for a line longer than ``heading_chars``)."""
    core = _NUMBERING.sub("", clean_line(text)).lstrip("—-一二")  # a numeral OCR read as dashes
    if not core or len(core) > features.heading_chars:
        return [0.0] * len(headings)
    return [difflib.SequenceMatcher(None, core, h).ratio() for h in headings]


def heading_similarity(text: str, headings: tuple[str, ...], features: FeatureSettings = DEFAULT_FEATURES) -> float:
    """How close the line is to the nearest section heading; 0 for a template without sections."""
    return max(heading_scores(text, headings, features), default=0.0)


def _rulings_around(line: Line, rulings: list[Ruling], reach: float) -> tuple[int, int]:
    """(vertical rulings crossing the line, 1 when horizontal rulings lie above and below
    it, within ``reach`` line heights)."""
    x0, top, x1, bottom = line.box
    mid = (top + bottom) / 2
    height = bottom - top
    vertical = sum(1 for r in rulings if r.orientation == "v" and r.start <= mid <= r.end and x0 - height <= r.position <= x1 + height)
    spans = [r for r in rulings if r.orientation == "h" and r.start <= (x0 + x1) / 2 <= r.end]
    above = any(top - reach * height <= r.position <= mid for r in spans)
    below = any(mid <= r.position <= bottom + reach * height for r in spans)
    return vertical, int(above and below)


def line_features(document: Document, lines: list[Line], headings: tuple[str, ...],
                  features: FeatureSettings = DEFAULT_FEATURES) -> np.ndarray:
    """One row of ``FEATURES`` per line (lines in reading order, all pages); ``headings``:
    the template's section headings."""
    pages = {p.number: p for p in document.pages}
    heights = [ln.box[3] - ln.box[1] for ln in lines]
    body = float(np.median(heights)) if heights else features.no_lines_height
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_page.setdefault(ln.page, []).append(i)
    low, high = features.edge_percentile, 100 - features.edge_percentile
    left_edge = {n: float(np.percentile([lines[i].box[0] for i in idx], low)) for n, idx in by_page.items()}
    right_edge = {n: float(np.percentile([lines[i].box[2] for i in idx], high)) for n, idx in by_page.items()}
    gap = features.no_neighbour_gap
    first_page = min(by_page, default=1)
    rows = []
    for i, ln in enumerate(lines):
        page = pages[ln.page]
        x0, top, x1, bottom = ln.box
        h = bottom - top
        text = normalize_text(ln.text)
        n = max(1, len(text))
        idx = by_page[ln.page]
        k = idx.index(i)
        prev = lines[idx[k - 1]] if k > 0 else None
        nxt = lines[idx[k + 1]] if k + 1 < len(idx) else None
        v_rulings, enclosed = _rulings_around(ln, page.rulings, features.ruling_reach)
        rows.append([
            x0 / page.width, x1 / page.width, top / page.height, bottom / page.height,
            ((x0 + x1) / 2 - page.width / 2) / page.width, (x1 - x0) / page.width,
            h / body, (x0 - left_edge[ln.page]) / body, (right_edge[ln.page] - x1) / body,
            np.log1p(len(text)), np.log1p(len(ln.words)),
            sum(ch.isdigit() for ch in text) / n,
            sum("\u4e00" <= ch <= "\u9fff" for ch in text) / n,
            sum(ch in _PUNCT for ch in text) / n,
            bool(_SECTION.match(text)), bool(_PAREN.match(text)), bool(_SHI.match(text)),
            bool(_ARABIC.match(text)), is_page_number(text), text.endswith(("。", "：", ":")),
            bool(_YEAR.search(text)), "报告" in text,
            min(v_rulings, features.max_rulings), enclosed,
            (top - prev.box[3]) / body if prev else gap, (nxt.box[1] - bottom) / body if nxt else gap,
            h / (prev.box[3] - prev.box[1]) if prev else 1.0, h / (nxt.box[3] - nxt.box[1]) if nxt else 1.0,
            abs(x0 - prev.box[0]) < features.same_edge * body if prev else False,
            ln.page == first_page, k / max(1, len(idx) - 1), k == 0, k == len(idx) - 1,
            heading_similarity(text, headings, features),
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
