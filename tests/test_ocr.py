"""The OCR stage on real rendered pages with the real PP-OCRv6 model: recognition with
alternatives, page repair, rulings from pixels. Pages come from the committed digital
samples, rasterized here, so the truth is the text layer."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import DIGITAL, SCANNED

from nianbao.cli import _settings, build_parser
from nianbao.imaging import text_px
from nianbao.ingest import load_document
from nianbao.model import Page, TextSource
from nianbao.ocr import _dash_if_flat, _engine_for_page, ppocr
from nianbao.ocr.engine import MODELS, CharReading, EngineMissing, Reading, get_engine
from nianbao.ocr.segment import LineCrop
from nianbao.scan import rulings_from_pixels
from nianbao.scan.repair import is_binarised, is_red_stamped, normalise, repair_page, skew_angle
from nianbao.settings import DEFAULT_SETTINGS, Settings
from nianbao.tables import recover_tables
from nianbao.template import load_template

DPI = DEFAULT_SETTINGS.ocr_dpi
TABLE_PAGE = ("seed000", 2)  # the applications table, many lone digits and dashes


@pytest.fixture(scope="module")
def table_page():
    name, number = TABLE_PAGE
    document = load_document(DIGITAL / f"{name}.pdf")
    pdf = pdfium.PdfDocument(DIGITAL / f"{name}.pdf")
    rgb = pdf[number - 1].render(scale=DPI / 72, rev_byteorder=True).to_numpy()[:, :, :3].copy()
    pdf.close()
    return document.pages[number - 1], rgb


def _scan(rgb: np.ndarray) -> Page:
    height, width = (v * 72 / DPI for v in rgb.shape[:2])
    return Page(1, width, height, text_source=TextSource.NONE, problem="scan", image=rgb, dpi=DPI)


@pytest.mark.parametrize("model", MODELS)
def test_every_number_cropped_from_its_box_is_read_exactly(table_page, model):
    digital, rgb = table_page
    grey = rgb[:, :, 0]
    k = DPI / 72
    words = [w for w in digital.words if load_template().reader.is_number(w.text)]
    crops = [grey[round(w.box[1] * k) - 3 : round(w.box[3] * k) + 3, round(w.box[0] * k) - 3 : round(w.box[2] * k) + 3] for w in words]
    engine = get_engine("rapidocr", 0, model)
    assert engine.model == model  # both recognizers are installed here: no fallback
    readings = engine.recognize(crops)
    assert [r.text for r in readings] == [w.text for w in words]
    assert all(r.numeric for r in readings)
    for reading in readings:
        for char in reading.chars:
            probs = [p for _, p in char.alternatives]
            assert char.alternatives[0][0] == char.text and probs == sorted(probs, reverse=True)
            assert 0 < sum(probs) <= 1.0001


def test_batches_read_side_by_side_read_as_one_thread_reads_them(table_page):
    """Where threads allow, a page's batches are read side by side, one thread each (a lone
    batch on every thread): each reading is the one a single thread gives, to the bit."""
    digital, rgb = table_page
    grey, k = rgb[:, :, 0], DPI / 72
    crops = [grey[max(0, round(w.box[1] * k) - 3) : round(w.box[3] * k) + 3, max(0, round(w.box[0] * k) - 3) : round(w.box[2] * k) + 3]
             for w in digital.words]
    assert len(crops) > 3 * DEFAULT_SETTINGS.ocr.batch  # several batches, of several widths
    one, two = get_engine("rapidocr", 1, "tiny"), get_engine("rapidocr", 2, "tiny")
    assert two.recognize(crops) == one.recognize(crops)
    assert two.recognize(crops[:2]) == one.recognize(crops[:2])  # a lone batch


@pytest.mark.parametrize("model", MODELS)
def test_a_lone_zero_is_not_punctuation(model):
    canvas = np.full((48, 80), 255, np.uint8)
    cv2.putText(canvas, "0", (20, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2)
    (zero,) = get_engine("rapidocr", 0, model).recognize([canvas])
    assert zero.text == "0" and zero.numeric


def test_a_dash_is_not_one():
    """The small recognizer reads a loose dash as a dash; the tiny one may say "1", so a
    number read from ink too flat for a digit is taken for the dash it is."""
    canvas = np.full((48, 400), 255, np.uint8)
    cv2.line(canvas, (200, 24), (240, 24), 0, 2)
    (dash,) = get_engine("rapidocr", 0, "small").recognize([canvas[:, 180:260]])
    assert dash.text in ("—", "")
    char = text_px(DEFAULT_SETTINGS.text_height, DPI)
    one = Reading("1", 0.99, (CharReading("1", 2.0, 9.0, (("1", 0.99), ("一", 0.01))),), numeric=True)
    flat = LineCrop((100, 50, 130, 50 + round(0.2 * char)), canvas, 96)
    tall = LineCrop((100, 50, 110, 50 + round(0.7 * char)), canvas, 96)
    assert _dash_if_flat(flat, one, char, DEFAULT_SETTINGS.ocr).text == "—"
    assert _dash_if_flat(tall, one, char, DEFAULT_SETTINGS.ocr) == one


def test_the_scan_of_a_table_page_gives_the_digital_grid(table_page):
    digital, rgb = table_page
    scan = _scan(rgb)
    repair_page(scan, DEFAULT_SETTINGS, get_engine("rapidocr"))
    scan.rulings = rulings_from_pixels(scan.image, scan.dpi, DEFAULT_SETTINGS)

    def shape(page: Page) -> list[tuple[int, int, int]]:
        from nianbao.model import Document

        document = Document(path=Path("x"), pages=[page])
        if page.text_source == TextSource.NONE:
            page.text_source = TextSource.OCR
        recover_tables(document, DEFAULT_SETTINGS)
        return [(g.n_rows, g.n_cols, len(g.cells)) for g in document.grids]

    assert shape(scan) == shape(digital)


@pytest.mark.parametrize("degrees", [-3.0, 1.7, 4.2])
def test_skew_is_measured_to_a_tenth_of_a_degree(table_page, degrees):
    _, rgb = table_page
    grey = normalise(rgb, text_px(DEFAULT_SETTINGS.text_height, DPI))
    h, w = grey.shape
    turned = cv2.warpAffine(grey, cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0), (w, h), borderValue=255)
    assert skew_angle(turned, 5.0) == pytest.approx(degrees, abs=0.15)


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_turned_pages_come_back_upright(table_page, turns):
    _, rgb = table_page
    scan = _scan(np.ascontiguousarray(np.rot90(rgb, turns)))
    repair_page(scan, DEFAULT_SETTINGS, get_engine("rapidocr"))
    upright = normalise(rgb, text_px(DEFAULT_SETTINGS.text_height, DPI))
    assert scan.image.shape == upright.shape
    small = lambda im: cv2.resize(im, (200, 280), interpolation=cv2.INTER_AREA).astype(float)  # noqa: E731
    assert np.abs(small(scan.image) - small(upright)).mean() < 12


def test_tiny_is_found_in_its_wheel_and_small_stands_in_where_tiny_is_not_installed(monkeypatch):
    assert DEFAULT_SETTINGS.ocr_model == "tiny"  # its unsure readings re-read by small (README, issue 16)
    tiny = ppocr.find_model("tiny")
    assert tiny.name == "tiny" and tiny.path.endswith("rec.onnx")
    assert len(tiny.alphabet) == 6904 and not any("\r" in ch for ch in tiny.alphabet) and "总" in tiny.alphabet
    assert ppocr.find_model("small").name == "small" and ppocr.find_model("small").alphabet is None
    monkeypatch.setattr(ppocr.importlib.util, "find_spec", lambda name: None)
    assert ppocr.find_model("tiny").name == "small"
    with pytest.raises(EngineMissing, match="unknown OCR model"):
        ppocr.find_model("large")
    args = build_parser().parse_args(["extract", "report.pdf", "--out", "out", "--ocr-model", "small"])
    assert _settings(args).ocr_model == "small"


def test_a_missing_engine_names_its_extra():
    if importlib.util.find_spec("paddleocr") is None:
        with pytest.raises(EngineMissing, match=r"nianbao\[paddle\]"):
            get_engine("paddle")
    with pytest.raises(EngineMissing, match="unknown OCR engine"):
        get_engine("tesseract")
    assert Settings(ocr_engine="paddle").ocr_engine == "paddle"


def test_paddle_engine_reads_the_same_numbers_where_installed(table_page):
    pytest.importorskip("paddleocr")
    digital, rgb = table_page
    grey = rgb[:, :, 0]
    k = DPI / 72
    words = [w for w in digital.words if load_template().reader.is_number(w.text)][:20]
    crops = [grey[round(w.box[1] * k) - 3 : round(w.box[3] * k) + 3, round(w.box[0] * k) - 3 : round(w.box[2] * k) + 3] for w in words]
    readings = get_engine("paddle").recognize(crops)
    assert [r.text for r in readings] == [w.text for w in words]


def test_bad_images_get_a_status_and_a_reason(tmp_path):
    from PIL import Image

    from nianbao.pipeline import extract

    noise = np.random.default_rng(0).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    Image.fromarray(noise).save(tmp_path / "cat.jpg")
    Image.new("RGB", (100, 100), "white").save(tmp_path / "blank.png")
    (tmp_path / "truncated.png").write_bytes((tmp_path / "blank.png").read_bytes()[:60])
    Image.new("L", (3000, 3000), 255).save(tmp_path / "poster.png", dpi=(60, 60))  # 3.6 m wide
    results = {p.name: extract(p) for p in sorted(tmp_path.iterdir())}
    assert results["cat.jpg"].status == "no_report" and results["blank.png"].status == "no_report"
    assert results["truncated.png"].status == "failed" and "damaged image" in results["truncated.png"].error_lines[0]
    assert results["poster.png"].status == "failed" and "larger than any report page" in results["poster.png"].error_lines[0]


def test_faded_ink_is_darkened_on_a_page_of_two_lines() -> None:
    """Regression: on a faded last page holding only a heading and a sentence, the ink
    covered less than half a percent of the page, was taken for paper, and OCR lost the
    heading (六、其他需要报告的事项)."""
    page = np.full((2339, 1654, 3), (205, 218, 224), np.uint8)  # faded: grey-blue paper
    for top in (300, 360):
        cv2.putText(page, "Faded heading line 6", (120, top), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (130, 140, 145), 3)
    ink = page[:, :, 0] < 190
    assert ink.mean() < 0.005
    grey = normalise(page, text_px(DEFAULT_SETTINGS.text_height, DPI))
    assert np.median(grey[ink]) < 96  # dark enough to be ink for segmentation and OCR
    assert np.median(grey[~ink]) > 240


def test_a_black_and_white_scan_is_told_from_a_grey_one_and_read_with_small(table_page):
    _, rgb = table_page
    grey = rgb[:, :, 0]
    fax = np.where(grey < 160, 0, 255).astype(np.uint8)
    assert is_binarised(fax) and not is_binarised(grey)
    assert not is_binarised(cv2.GaussianBlur(fax, (5, 5), 0))  # a grey scan of the same page
    page = _scan(np.repeat(fax[:, :, None], 3, axis=2))
    page.binarised = True
    assert _engine_for_page(page, get_engine("rapidocr", 0, "tiny"), Settings(ocr_model="tiny")).model == "small"
    page.binarised = False
    assert _engine_for_page(page, get_engine("rapidocr", 0, "tiny"), Settings(ocr_model="tiny")).model == "tiny"


def test_a_page_with_a_red_seal_is_told_and_read_with_small(table_page):
    """The committed seal scan's pages are red-stamped, its fax's and a clean page are not."""
    settings = Settings()
    stamped = [is_red_stamped(p.pixels) for p in load_document(SCANNED / "seed002.pdf", settings).pages]
    assert stamped and all(stamped)
    assert not any(is_red_stamped(p.pixels) for p in load_document(SCANNED / "seed004.pdf", settings).pages)
    _, rgb = table_page
    assert not is_red_stamped(rgb)
    page = _scan(rgb)
    page.red_stamped = True
    assert _engine_for_page(page, get_engine("rapidocr", 0, "tiny"), Settings(ocr_model="tiny")).model == "small"


def test_a_page_with_a_seal_or_mark_found_over_its_print_is_read_with_small(table_page):
    """A grey or black seal leaves no red, but ``find_marks`` finds it (``Page.marks``)."""
    page = _scan(table_page[1])
    tiny = get_engine("rapidocr", 0, "tiny")
    assert _engine_for_page(page, tiny, Settings(ocr_model="tiny")).model == "tiny"
    page.marks = [(100.0, 100.0, 200.0, 200.0)]
    assert _engine_for_page(page, tiny, Settings(ocr_model="tiny")).model == "small"


def test_superscript_subscript_and_full_width_digits_read_as_digits():
    """Both alphabets hold ₄, ⁴ and ４; the reports print none (tiny read 39914's last 4 as ₄)."""
    chars = tuple(CharReading(ch, 0.0, 1.0, ((ch, 0.9), ("₁", 0.1))) for ch in "3991₄")
    reading = ppocr._simplified(Reading("3991₄", 0.9, chars, False))
    assert reading.text == "39914" and reading.chars[-1].alternatives == (("4", 0.9), ("1", 0.1))
    assert ppocr._simplified(Reading("規４", 0.9, tuple(CharReading(c, 0, 1, ((c, 1.0),)) for c in "規４"), False)).text == "规4"


def test_percentile_from_a_histogram_is_numpy_s():
    """Page repair takes the ink's darkness from the page's histogram; it must be the very
    number ``np.percentile`` gives (so that the repaired pixels are the same)."""
    from nianbao.scan.repair import _percentile

    rng = np.random.default_rng(7)
    for size in (1, 2, 3, 10, 1001, 200_000):
        for values in (rng.integers(0, 256, size), np.clip(rng.normal(230, 30, size), 0, 255)):
            values = values.astype(np.uint8)
            counts = np.bincount(values, minlength=256)
            for q in (0.5, 10.0, 50.0, 99.9):
                assert _percentile(counts, q) == float(np.percentile(values, q))
