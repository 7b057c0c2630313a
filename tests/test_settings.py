"""The settings dataclasses refuse numbers they cannot mean, and what they hold reaches the
code that uses it (a setting no code reads would be a tuning knob that turns nothing)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from nianbao.imaging import glyph_height, ink_mask, ruling_pixels
from nianbao.ingest.text import decode_text
from nianbao.layout.features import heading_similarity
from nianbao.layout.sections import find_sections
from nianbao.layout.title import find_title
from nianbao.model import Line, Page, Word
from nianbao.ocr.segment import line_crops
from nianbao.reconcile.candidates import candidates
from nianbao.reconcile.ink import inked
from nianbao.reconcile.split import cuts
from nianbao.scan.marks import blobs
from nianbao.scan.repair import _long_runs, skew_angle
from nianbao.scan.rulings import rulings_from_pixels
from nianbao.settings import (
    DEFAULT_SETTINGS,
    CropSettings,
    FeatureSettings,
    ImagingSettings,
    IngestSettings,
    InkSettings,
    LayoutSettings,
    MappingSettings,
    MarkSettings,
    PixelRulingSettings,
    PrintSizeSettings,
    ReconcileSettings,
    SegmentSettings,
    Settings,
    StreamSettings,
    TableSettings,
    TwoUpSettings,
)
from nianbao.tables.continuation import _free_text
from nianbao.tables.stream import stream_tables
from nianbao.template import TitleSpec, load_template, parse_template

ALL = [CropSettings, FeatureSettings, ImagingSettings, IngestSettings, InkSettings, LayoutSettings, MappingSettings,
       MarkSettings, PixelRulingSettings, PrintSizeSettings, ReconcileSettings, SegmentSettings, StreamSettings, TableSettings, TwoUpSettings,
       Settings]


@pytest.mark.parametrize("kind", ALL, ids=lambda k: k.__name__)
def test_the_defaults_are_valid_and_a_negative_number_is_refused(kind):
    default = kind()
    number = next(f for f in default.__dataclass_fields__ if isinstance(getattr(default, f), (int, float))
                  and not isinstance(getattr(default, f), bool))
    with pytest.raises(ValueError, match=number):
        kind(**{number: -1})


@pytest.mark.parametrize(("kind", "values"), [
    (ReconcileSettings, {"sure": 1.5}),  # a probability
    (ReconcileSettings, {"margin": 50.0}),  # a runner-up dearer than a broken sum
    (ReconcileSettings, {"node_limit": 0}),
    (ReconcileSettings, {"firm": 0.99999}),  # a firm reading less sure than a sure one
    (InkSettings, {"in_picture": 1.5}),
    (IngestSettings, {"link_share": 2.0}),
    (IngestSettings, {"min_tagged_dpi": 2000.0}),
    (IngestSettings, {"resample_off": 1.5}),
    (ImagingSettings, {"local_block": 30}),  # OpenCV's threshold needs an odd block
    (ImagingSettings, {"dark": 200}),  # darker than pale
    (LayoutSettings, {"title_span": 0}),
    (LayoutSettings, {"sure_heading": 1.2}),  # a similarity
    (MarkSettings, {"blur": 4}),  # OpenCV's Gaussian kernel is odd
    (MarkSettings, {"min_seal_radius": 100.0}),  # above the largest
    (MarkSettings, {"ring_inked": 1.5}),
    (MarkSettings, {"scale": 0.0}),
    (SegmentSettings, {"tall": 1.0}),  # a line's ink taller than what is split as several lines
    (FeatureSettings, {"edge_percentile": 60.0}),  # a left edge right of the right one
    (ReconcileSettings, {"max_digits": 0}),
    (TableSettings, {"text_chars": 0}),  # every empty gap would be text
    (StreamSettings, {"row_values": 0}),  # a line of no values would be a row
])
def test_a_setting_out_of_its_range_is_refused(kind, values):
    with pytest.raises(ValueError):
        kind(**values)


def test_reconcile_costs_reach_the_candidates():
    """A dearer dropped digit makes "12"'s candidate 2 (an extra 1 read) cost that much more."""
    cheap = {c.value: c.cost for c in candidates("12")}
    dear = {c.value: c.cost for c in candidates("12", settings=ReconcileSettings(edit_cost=20.0))}
    assert cheap[2] == 8.0 and dear[2] == 20.0
    assert {c.value: c.cost for c in candidates("12", settings=ReconcileSettings(confusion_cost=1.0))}[17] == 1.0


def test_ingest_and_imaging_settings_reach_their_readers():
    """UTF-16 without a mark is told by the side its zero bytes are on; how one-sided they
    must be is a setting. A page's ink is what is darker than ``dark`` at least."""
    data = "12 一\n".encode("utf-16-le")  # 4 of its 5 zero bytes on the odd side (一 is 00 4e)
    assert decode_text(data) == "12 一\n"
    assert decode_text(data, IngestSettings(utf16_side=0.9)) is None
    grey = np.full((40, 40), 255, np.uint8)
    grey[10:30, 10:30] = 100
    assert ink_mask(grey)[20, 20] and not ink_mask(grey, ImagingSettings(pale=90, dark=90))[20, 20]
    letters = np.full((60, 200), 255, np.uint8)
    for x in range(10, 190, 20):
        letters[20:32, x : x + 10] = 0  # a row of 12-pixel characters
    assert glyph_height(letters) == 12.0 and glyph_height(letters, ImagingSettings(min_glyph_px=13)) is None


def test_ink_settings_reach_the_blank_check():
    """A 6-pixel stroke in a cell of 20-pixel print counts (0.3 of a character); asked for
    strokes of half a character, the cell is empty."""
    ink = np.zeros((100, 100), bool)
    ink[40:46, 50:52] = True  # 6 × 2 pixels: above the least area too (0.02 × 20²)
    box = (0.0, 0.0, 72.0, 72.0)  # the whole picture, at 100 dpi
    assert inked(ink, box, 100.0, 20.0) and not inked(ink, box, 100.0, 20.0, InkSettings(stroke=0.5))


def test_mark_settings_reach_the_smudge_search():
    """A 60-pixel solid square is a smudge in 20-pixel print (2.5 characters); asked for
    blobs of 4 characters, it is not; under_mark is the share a mark must cover."""
    ink = np.zeros((200, 200), bool)
    ink[50:110, 50:110] = True
    assert blobs(ink, 20.0, MarkSettings()) == [(50, 50, 110, 110)]
    assert blobs(ink, 20.0, MarkSettings(blob_size=4.0)) == []
    page = Page(1, 100.0, 100.0, marks=[(0.0, 0.0, 10.0, 100.0)])
    assert page.under_mark((0.0, 0.0, 50.0, 10.0), InkSettings().under_mark)  # a fifth covered
    assert not page.under_mark((0.0, 0.0, 50.0, 10.0), InkSettings(under_mark=0.5).under_mark)


def _grid_picture(width: int) -> np.ndarray:
    """A ruled table of two rows and two columns, ``width`` pixels wide, drawn black on white."""
    grey = np.full((400, 600), 255, np.uint8)
    x0, x1, ys = 50, 50 + width, (100, 160, 220)
    for y in ys:
        cv2.line(grey, (x0, y), (x1, y), 0, 2)
    for x in (x0, (x0 + x1) // 2, x1):
        cv2.line(grey, (x, ys[0]), (x, ys[-1]), 0, 2)
    return grey


def test_pixel_ruling_settings_reach_the_ruling_search():
    """A table 400 pixels wide is 13.7 characters of 10.5 pt print at 200 dpi, its three row
    lines as long: a table by default, none when a table must be 15 characters wide or
    have two lines that long."""
    grey = _grid_picture(400)
    assert len(rulings_from_pixels(grey, 200.0, DEFAULT_SETTINGS)) == 6
    for tuning in (PixelRulingSettings(min_table_width=15.0), PixelRulingSettings(table_line=15.0)):
        assert rulings_from_pixels(grey, 200.0, Settings(pixel_rulings=tuning)) == []


def test_imaging_thickening_reaches_the_ruling_pixels():
    """A line left with a one-pixel step by deskewing is one run when thickened across
    (``ruling_thicken``); unthickened, its two 30-pixel halves are shorter than a ruling."""
    ink = np.zeros((60, 120), bool)
    ink[20, 10:40] = True
    ink[21, 40:70] = True
    assert ruling_pixels(ink, 30.0)[20, 25]
    assert not ruling_pixels(ink, 30.0, imaging=ImagingSettings(ruling_thicken=1)).any()


def test_segment_settings_reach_the_line_crops():
    """Two characters half a character apart are one run of text; bridging only 0.3 of a
    character, they are two crops."""
    grey = np.full((80, 120), 255, np.uint8)
    grey[30:50, 10:30] = 0
    grey[30:50, 45:65] = 0  # 15 pixels apart, print 30 pixels high
    assert len(line_crops(grey, [], 200.0, 30.0)) == 1
    assert len(line_crops(grey, [], 200.0, 30.0, Settings(segment=SegmentSettings(join_along=0.3)))) == 2


def test_layout_settings_reach_headings_and_sections():
    """总体情祝 (a misread 况) is 0.75 like the heading 总体情况: a numbered section by
    default, not when a heading must be surer; a line longer than ``heading_chars`` is
    like no heading."""
    headings = load_template().headings
    assert heading_similarity("总体情况", headings) == 1.0
    assert heading_similarity("总体情况", headings, FeatureSettings(heading_chars=3)) == 0.0
    line = Line(1, (72.0, 100.0, 300.0, 112.0), [Word("一、总体情祝", (72.0, 100.0, 300.0, 112.0))], "body")
    assert [s.number for s in find_sections([line], load_template())] == ["一"]
    assert find_sections([line], load_template(), LayoutSettings(sure_heading=0.9)) == []


def test_the_title_wording_comes_from_the_template():
    """Another template's title words read its body and year; a template without a title reads none."""
    visits = TitleSpec("来访情况报告", before_year=("关于",))
    assert find_title(["某局关于2023年来访情况报告"], spec=visits)[1:] == ("某局", 2023)
    assert find_title(["某局关于2023年来访情况报"], spec=visits)[1:] == ("某局", 2023)  # 告 on the next line
    assert find_title(["周口市人民政府2021年政府信息公开工作年度报告"], spec=visits) == ("", "", None)
    assert parse_template('name = "x"\ntables = []').title is None
    with pytest.raises(ValueError, match="plain character"):
        parse_template('name = "x"\ntables = []\n[title]\nsubject = "报(?:告)?"')


def test_split_limits_reach_the_cuts():
    """A three-digit run is one number by default, none when a cell holds two digits at most."""
    assert cuts("123", 1) == [("123",)]
    assert cuts("123", 1, tuning=ReconcileSettings(max_digits=2)) == []


def test_imaging_and_segment_settings_reach_page_repair():
    """Page repair counts runs of text and levels the page with the ink and segment settings
    it was given: six characters half a character apart are one run of text, six when
    bridging only 0.3 of a character (none of them a run); tilted bars of grey 100 set
    the angle, and are no ink when ink must be darker than 90."""
    row = np.full((80, 400), 255, np.uint8)
    for x in range(10, 280, 45):
        row[30:50, x : x + 30] = 0  # 30-pixel characters, 15 pixels apart
    ink = ink_mask(row)
    assert len(_long_runs(row, 200.0, 30.0, DEFAULT_SETTINGS, ink)) == 1
    assert len(_long_runs(row, 200.0, 30.0, Settings(segment=SegmentSettings(join_along=0.3)), ink)) == 0
    bars = np.full((1200, 1200), 255, np.uint8)
    for y in range(200, 1000, 100):
        cv2.line(bars, (100, y + 40), (1100, y), 100, 8)  # rising 40 pixels over 1000: 2.3°
    assert skew_angle(bars, 5.0) == pytest.approx(2.3, abs=0.15)
    assert skew_angle(bars, 5.0, imaging=ImagingSettings(pale=90, dark=90)) == 0.0


def test_the_least_text_between_two_pieces_of_a_table_reaches_the_continuation():
    """A line of two characters below a table keeps it from the piece on the next page; a
    scan's speck read as two characters does not when text needs three."""
    note = [Word("附注", (100.0, 700.0, 124.0, 712.0))]
    assert _free_text(note, 600.0, 800.0, frozenset(), [], TableSettings())
    assert not _free_text(note, 600.0, 800.0, frozenset(), [], TableSettings(text_chars=3))


def test_the_values_that_make_a_row_reach_the_stream_tables():
    """Three values under five column headers, no label before them, are a row; they are
    none, and so no table, when a row without a label needs four."""
    xs = (300.0, 340.0, 380.0, 420.0, 460.0)
    page = [Word(t, (x - 9.0, 80.0, x + 9.0, 89.0)) for t, x in zip(["维持", "纠正", "其他", "未结", "总计"], xs, strict=True)]
    page += [Word(t, (x - 4.5, 100.0, x + 4.5, 109.0)) for t, x in (("12", xs[0]), ("3", xs[2]), ("15", xs[4]))]
    (grid,) = stream_tables({1: page}, [], TableSettings(), DEFAULT_SETTINGS.template.reader)
    assert sorted(c.text for c in grid.cells if c.text) == sorted(["维持", "纠正", "其他", "未结", "总计", "12", "3", "15"])
    assert stream_tables({1: page}, [], TableSettings(stream=StreamSettings(row_values=4)), DEFAULT_SETTINGS.template.reader) == []
