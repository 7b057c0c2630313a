"""No stage raises on any report, however it was cut: the stages after reading (layout,
tables, template mapping, the checks) run over digital reports changed the ways real
ones differ from the generator's — a page broken at any line, lines lost, text smaller,
rulings gone, pages missing — and every variant must come through with every template
cell, without a stage exception. Derandomized: the same variants on every run; a longer
run draws more of them: ``NIANBAO_FUZZ_EXAMPLES=400 python -m pytest tests/test_fuzz.py``."""

from __future__ import annotations

import copy
import os
from dataclasses import replace
from functools import cache
from pathlib import Path

from conftest import DIGITAL, ROOT
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nianbao.ingest import load_document
from nianbao.model import Box, Document, Page
from nianbao.pipeline import STAGES
from nianbao.reconcile import check_arithmetic
from nianbao.settings import DEFAULT_SETTINGS
from nianbao.template import load_template

WORLD = ROOT / "samples" / "world"
EXAMPLES = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", "15"))  # each runs the stages once: ~1 s
REPORTS = (
    DIGITAL / "gen07_000.pdf",  # reportlab, 2021 form
    DIGITAL / "seed002.pdf",  # a real report's text, reportlab
    WORLD / "world_00_long_word.pdf",  # LibreOffice, table 三 over several pages
    WORLD / "world_01_long_web.pdf",  # Chromium, open page breaks
    WORLD / "world_03_cut_group_2019.pdf",  # 2019 form, a group label cut at the break
)


@cache
def _loaded(path: Path) -> Document:
    return load_document(path, DEFAULT_SETTINGS)


def _shift(box: Box, dy: float, scale: float = 1.0) -> Box:
    return (box[0] * scale, (box[1] + dy) * scale, box[2] * scale, (box[3] + dy) * scale)


def _break_page(document: Document, index: int, at: float) -> None:
    """Page ``index`` broken at ``at`` (share of its height): what lies below goes on a new page."""
    page = document.pages[index]
    y = at * page.height
    below = Page(page.number + 1, page.width, page.height,
                 words=[replace(w, box=_shift(w.box, -y)) for w in page.words if w.box[1] >= y],
                 rulings=[replace(r, position=r.position - y) if r.orientation == "h"
                          else replace(r, start=max(r.start, y) - y, end=r.end - y)
                          for r in page.rulings if (r.position if r.orientation == "h" else r.end) > y])
    page.words = [w for w in page.words if w.box[1] < y]
    page.rulings = [r if r.orientation == "h" else replace(r, end=min(r.end, y))
                    for r in page.rulings if (r.position if r.orientation == "h" else r.start) < y]
    document.pages.insert(index + 1, below)
    for number, p in enumerate(document.pages, start=1):
        p.number = number


@st.composite
def variants(draw: st.DrawFn) -> Document:
    document = copy.deepcopy(_loaded(draw(st.sampled_from(REPORTS))))
    for _ in range(draw(st.integers(0, 3))):
        _break_page(document, draw(st.integers(0, len(document.pages) - 1)), draw(st.floats(0.05, 0.95)))
    if draw(st.booleans()):  # a run of pages lost (a scrape that stopped, a page left out)
        start = draw(st.integers(0, len(document.pages) - 1))
        del document.pages[start:start + draw(st.integers(1, 2))]
    scale = draw(st.sampled_from([1.0, 1.0, 0.7, 1.3]))  # smaller or larger print than the settings expect
    keep = draw(st.floats(0.6, 1.0))  # share of words kept
    unruled = draw(st.booleans())
    for page in document.pages:
        words = [w for i, w in enumerate(page.words) if (i * 7919 % 100) < keep * 100]
        page.words = [replace(w, box=_shift(w.box, 0, scale)) for w in words]
        page.rulings = [] if unruled else [replace(r, position=r.position * scale, start=r.start * scale,
                                                   end=r.end * scale) for r in page.rulings]
        page.width, page.height = page.width * scale, page.height * scale
    return document


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=variants())
def test_no_stage_raises_on_a_report_cut_thinned_or_rescaled(document: Document) -> None:
    for stage in STAGES["pdf"][: STAGES["pdf"].index(check_arithmetic) + 1]:  # not the crops: they
        document = stage(document, DEFAULT_SETTINGS)  # re-render the file, which the variant is not
    keys = {cell.key for cell in document.cells}
    assert keys >= {key for key in load_template().all_keys() if key.startswith("appeals.")}
