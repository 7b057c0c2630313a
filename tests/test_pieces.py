"""Reports as publishers make them (issue 13): turned pages, tables in many pieces, partial
pages, two-up scans. Each committed sample in ``samples/pieces`` was kept for one way the
pipeline once lost cells; every cell must come out as printed or be flagged or missing."""

from __future__ import annotations

import pytest

from nianbao.model import Status
from conftest import ROOT, truth

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
