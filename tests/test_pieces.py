"""Reports as publishers make them (issue 13): turned pages, tables in many pieces, partial
pages, two-up scans. Each committed sample in ``samples/pieces`` was kept for one way the
pipeline once lost cells; every cell must come out as printed or be flagged or missing."""

from __future__ import annotations

import pytest
from conftest import ROOT, truth

from nianbao.model import Status

PIECES = ROOT / "samples" / "pieces"
TRUSTED = {Status.OK, Status.BLANK, Status.CORRECTED}


@pytest.fixture(scope="session")
def piece():
    """Extract each committed sample of ``samples/pieces`` at most once per session."""
    from nianbao.pipeline import extract

    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = extract(next(p for p in PIECES.glob(f"{name}.*") if not p.name.endswith(".json")))
        return cache[name]

    return get


def wrong_cells(document, expected: dict) -> dict[str, tuple]:
    got = {c.key: c for c in document.cells}
    return {k: (got[k].value if k in got else None, v) for k, v in expected["cells"].items()
            if k not in got or got[k].value != v}


@pytest.mark.parametrize("name, turn", [("turned_drawn90", 0), ("turned_against270", 1)])
def test_turned_digital_pages_read_whole(name, turn, piece):
    """A Word landscape export (/Rotate 90, content drawn for it) and a table page printed
    sideways (/Rotate 270 over upright content): both were ``partial`` with most cells lost."""
    document = piece(name)
    expected = truth(name, PIECES)
    assert wrong_cells(document, expected) == {}
    assert document.forms == expected["forms"]
    assert [p.turn for p in document.pages] == [0, turn, turn]


WORLD = ROOT / "samples" / "world"
WHOLE = [
    "world_00_long_word",  # 三 over three pages, LibreOffice; a row broken across pages
    "world_01_long_web",  # 三 over three pages, Chromium: pieces left open at the breaks
    "world_02_cut_group",  # continuation opens inside a group
    "world_03_cut_group_2019",
    "world_04_cut_group_scan",  # the same, scanned: running header, page numbers, own skew
    "world_05_landscape_rotate90",  # landscape sections stored /Rotate 90
    "world_06_landscape_rotate270",
    "world_07_landscape_scan",  # landscape pages scanned turned a quarter: its runs of text, not its blobs, say so
    "world_11_shared_rows_piece",  # the last piece holds only rows both forms share
]


@pytest.mark.parametrize("name", WHOLE)
def test_publishers_renders_read_whole(name):
    """Every cell of table 三 however many pages it runs over: none missing, none wrong
    and trusted, the form the report's. Before, these lost up to 161 cells each."""
    from nianbao.pipeline import extract

    expected = truth(name, WORLD)
    document = extract(WORLD / f"{name}.pdf")
    got = {c.key: c for c in document.cells}
    assert {k for k, c in got.items() if c.status == Status.MISSING} == set()
    silent = {k: (c.value, expected["cells"][k]) for k, c in got.items()
              if c.status in TRUSTED and c.value != expected["cells"][k]}
    assert silent == {}
    assert document.forms == expected["forms"]


@pytest.mark.parametrize("name", ["world_08_partial_photo", "world_09_partial_photo_b"])
def test_a_photo_of_part_of_a_page_yields_the_cells_it_shows(name):
    """A phone photo of table 三 (and 四) alone, its header cut, keystoned, no title: it
    was ``no_report``. Every cell it shows comes out with the printed value (flagged where
    its column is known only by its place), the tables it does not show are missing, and
    the body and year stay empty rather than guessed."""
    from nianbao.pipeline import extract

    expected = truth(name, WORLD)
    document = extract(next(WORLD.glob(f"{name}.jp*g")))
    got = {c.key: c for c in document.cells}
    assert wrong_cells(document, expected) == {}
    shown = {k.split(".")[0] for k in expected["cells"]}
    assert all(c.status == Status.MISSING for c in got.values() if c.table not in shown)
    assert (document.body, document.year) == ("", None)


def test_small_print_of_a_booklet_sheet_is_read_at_its_own_size():
    """A booklet sheet holding two landscape table pages (seed-901 LibreOffice scans,
    gen901_006): table 三 printed at about 5 pt, digits 8 px high. Text lines sized for the
    usual print dropped its digits as specks: 132 cells read blank over ink, none right.
    Read at the size its own ink measures, the cells come out as printed."""
    import json

    from nianbao.pipeline import extract

    data = ROOT / "tests" / "data"
    expected = json.loads((data / "two_up_small_print.truth.json").read_text(encoding="utf-8"))["cells"]
    document = extract(data / "two_up_small_print.pdf")
    shown = {c.key: c for c in document.cells if c.table == "applications" and c.status != Status.MISSING}
    assert len(shown) >= 140
    assert {k: (c.value, expected[k]) for k, c in shown.items() if c.value != expected[k]} == {}
    assert sum(c.status == Status.FLAGGED for c in shown.values()) <= 40
