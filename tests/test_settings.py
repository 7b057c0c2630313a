"""The settings dataclasses refuse numbers they cannot mean, and what they hold reaches the
code that uses it (a setting no code reads would be a tuning knob that turns nothing)."""

from __future__ import annotations

import numpy as np
import pytest

from nianbao.imaging import glyph_height, ink_mask
from nianbao.ingest.text import decode_text
from nianbao.reconcile.candidates import candidates
from nianbao.reconcile.ink import inked
from nianbao.settings import (
    CropSettings,
    ImagingSettings,
    IngestSettings,
    InkSettings,
    LayoutSettings,
    MappingSettings,
    ReconcileSettings,
    Settings,
    StreamSettings,
    TableSettings,
    TwoUpSettings,
)

ALL = [CropSettings, ImagingSettings, IngestSettings, InkSettings, LayoutSettings, MappingSettings, ReconcileSettings,
       StreamSettings, TableSettings, TwoUpSettings, Settings]


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
    (ImagingSettings, {"local_block": 30}),  # OpenCV's threshold needs an odd block
    (ImagingSettings, {"dark": 200}),  # darker than pale
    (LayoutSettings, {"title_span": 0}),
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
