"""Tables given as pictures, read through the scanned path in their place (real OCR), end to
end on committed samples: a web page whose tables are pictures in NAME_files/, a Word file
whose tables were pasted as pictures, and a digital PDF (a web page printed by Chromium)
whose table 三 is two pictures on two pages."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, truth

from nianbao.imaging import glyph_height
from nianbao.model import Document, Page, Status, TextSource
from nianbao.pictures import is_table, read_pictures
from nianbao.settings import DEFAULT_SETTINGS

SAMPLES = [
    ROOT / "samples" / "html" / "htmlpictures15_000.html",
    ROOT / "samples" / "docx" / "docxpictures15_001.docx",
    ROOT / "samples" / "pdf_pictures" / "pdfsplit15_000.pdf",
]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_table_pictures_read_with_no_silent_error(extracted_path, path):
    expected = truth(path.stem, path.parent)
    document = extracted_path(path)
    got = {c.key: c for c in document.cells}
    wrong = [k for k, v in expected["cells"].items() if got[k].value != v]
    assert len(wrong) <= 0.01 * len(expected["cells"]), wrong
    assert all(got[k].status == Status.FLAGGED for k in wrong)  # never a wrong value that looks right
    assert all(got[k].source == TextSource.OCR for k in expected["cells"])  # the tables' numbers are the pictures'
    assert (document.body, document.year, document.forms) == (expected["body"], expected["year"], expected["forms"])
    assert [s.number for s in document.sections] == list("一二三四五六")


def test_a_table_split_over_two_pictures_on_two_pages_is_one_table(extracted_path):
    document = extracted_path(SAMPLES[2])
    first, *rest = sorted({c.page for c in document.cells if c.table == "applications"})
    assert rest == [first + 1]  # the two pictures, one on each page, read as one table
    assert all(c.status != Status.MISSING for c in document.cells if c.table == "applications")
    assert all(p.text_source == TextSource.TEXT_LAYER for p in document.pages)  # headings are the page's own words


def test_a_picture_without_rulings_is_not_read(tmp_path):
    photo = np.full((400, 800, 3), 255, np.uint8)
    photo[100:300, 200:600] = (200, 30, 30)  # a red block, a logo: no ruling lines
    page = Page(1, 800 * 72 / 200, 400 * 72 / 200, image=photo, dpi=200.0, pictures=[(0.0, 0.0, 288.0, 144.0)])
    document = read_pictures(Document(tmp_path / "x.html", [page]))
    assert page.words == [] and page.rulings == [] and not document.errors


def test_character_height_of_a_picture():
    grey = np.full((200, 400), 255, np.uint8)
    for x in range(20, 380, 40):
        grey[50:80, x:x + 24] = 0  # glyph-sized blobs 30 px high
    grey[150:152, 10:390] = 0  # a ruling: not a glyph
    assert glyph_height(grey) == pytest.approx(30)
    assert glyph_height(np.full((50, 50), 255, np.uint8)) is None
    assert not is_table([], DEFAULT_SETTINGS)
