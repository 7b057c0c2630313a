"""The OCR cascade (``nianbao.ocr.recheck``) with the real recognizers: tiny reads every
crop, small re-reads the ones tiny is unsure of, and small's reading is the one kept there."""

from __future__ import annotations

import cv2
import pypdfium2 as pdfium
import pytest
from conftest import DIGITAL

from nianbao.ingest import load_document
from nianbao.ocr.engine import get_engine
from nianbao.ocr.recheck import Rechecked, unsure
from nianbao.settings import DEFAULT_SETTINGS, OcrSettings
from nianbao.template import load_template

DPI = DEFAULT_SETTINGS.ocr_dpi
ALONE = OcrSettings(recheck_number=0.0, recheck_text=0.0)


@pytest.fixture(scope="module")
def number_crops():
    """Every number of a digital sample's table page, cropped from the page rendered, each
    once clean and once blurred (where tiny hesitates)."""
    document = load_document(DIGITAL / "seed000.pdf")
    pdf = pdfium.PdfDocument(DIGITAL / "seed000.pdf")
    grey = pdf[1].render(scale=DPI / 72, rev_byteorder=True).to_numpy()[:, :, 0].copy()
    pdf.close()
    k = DPI / 72
    crops = [grey[round(w.box[1] * k) - 3 : round(w.box[3] * k) + 3, round(w.box[0] * k) - 3 : round(w.box[2] * k) + 3]
             for w in document.pages[1].words if load_template().reader.is_number(w.text)]
    return crops + [cv2.GaussianBlur(c, (7, 7), 2.5) for c in crops]


def test_unsure_readings_are_small_s_and_the_rest_tiny_s(number_crops):
    tiny, small = get_engine("rapidocr", 0, "tiny", ALONE), get_engine("rapidocr", 0, "small", ALONE)
    assert (tiny.model, small.model) == ("tiny", "small")
    cascade = get_engine("rapidocr", 0, "tiny", DEFAULT_SETTINGS.ocr)
    assert isinstance(cascade, Rechecked) and cascade.first is tiny and cascade.second is small
    first, second, kept = tiny.recognize(number_crops), small.recognize(number_crops), cascade.recognize(number_crops)
    doubted = [unsure(r, DEFAULT_SETTINGS.ocr) for r in first]
    assert 0 < sum(doubted) < len(number_crops)  # both kinds are here: the test can fail either way
    expected = [s if d else f for f, s, d in zip(first, second, doubted, strict=True)]
    # small reads the doubted crops in batches of their own: other padding, the same text,
    # scores a little apart (0.007 seen on a blurred crop)
    assert [r.text for r in kept] == [r.text for r in expected]
    assert [r.score for r in kept] == pytest.approx([r.score for r in expected], abs=0.02)
    assert [r for r, d in zip(kept, doubted, strict=True) if not d] == [r for r, d in zip(first, doubted, strict=True) if not d]


def test_a_reading_is_unsure_by_its_least_sure_digit_or_its_mean():
    from nianbao.ocr.engine import CharReading, Reading

    ocr = OcrSettings(recheck_number=0.999, recheck_text=0.9)
    digits = (CharReading("1", 0, 1, (("1", 0.9999),)), CharReading("0", 1, 2, (("0", 0.998), ("8", 0.002))))
    assert unsure(Reading("10", 0.9995, digits, numeric=True), ocr)
    assert not unsure(Reading("1", 0.9999, digits[:1], numeric=True), ocr)
    label = (CharReading("其", 0, 1, (("其", 0.95),)), CharReading("他", 1, 2, (("他", 0.6),)))
    assert unsure(Reading("其他", 0.775, label, numeric=False), ocr)
    assert not unsure(Reading("其他", 0.95, label, numeric=False), ocr)  # text: by the mean
    assert not unsure(Reading("10", 0.9995, digits, numeric=True), OcrSettings(recheck_number=0.0))
