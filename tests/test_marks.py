"""find_marks' quicker passes give the pixels the whole-page operations give."""

import cv2
import numpy as np
from conftest import ROOT

from nianbao.imaging import ink_mask, print_without_rulings, straight_runs, text_px
from nianbao.model import Document, Page, PageInk, TextSource
from nianbao.scan import find_marks, find_rulings, marks, rulings_from_pixels
from nianbao.settings import DEFAULT_SETTINGS

MARKS, IMAGING = DEFAULT_SETTINGS.marks, DEFAULT_SETTINGS.imaging

PAGE = ROOT / "tests" / "data" / "upright_page_label_printed_downwards.png"


def _page_with_smudges() -> np.ndarray:
    """A committed repaired scan (ruled tables, text) with two solid smudges and a ring drawn on."""
    grey = cv2.imread(str(PAGE), cv2.IMREAD_GRAYSCALE)
    cv2.circle(grey, (400, 700), 45, 20, -1)  # a blot over print
    cv2.rectangle(grey, (1500, 2200), (1654, 2338), 30, -1)  # a smudge at the page's corner
    cv2.circle(grey, (1100, 1500), 160, 40, 6)  # a grey seal's ring
    return grey


def _whole_page_blobs(ink: np.ndarray, char: float) -> list[tuple[int, int, int, int]]:
    stats = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)[2]
    return sorted(marks._solid(stats, char, MARKS))


def test_one_pass_without_rulings_equals_print_without_rulings_at_both_lengths() -> None:
    grey = _page_with_smudges()
    char = text_px(10.5, 200.0)
    ink = ink_mask(grey)
    text, text_and_short_lines = marks._print_without_rulings(PageInk(grey, IMAGING, ink), char, MARKS.seal_ruling, IMAGING)
    assert np.array_equal(text, print_without_rulings(grey, char, ink=ink))
    assert np.array_equal(text_and_short_lines, print_without_rulings(grey, char, MARKS.seal_ruling, ink))


def test_blobs_sought_in_pooled_ink_are_the_whole_page_blobs() -> None:
    """On the page's whole ink: the tables' grids are large components too, only not solid."""
    grey = _page_with_smudges()
    char = text_px(10.5, 200.0)
    ink = ink_mask(grey)
    found = marks.blobs(ink, char, MARKS)
    assert len(found) == 2 and found == _whole_page_blobs(ink, char)


def test_ink_measured_by_find_marks_is_what_find_rulings_would_measure() -> None:
    """``find_marks`` keeps the page's ink and its runs at ruling length (``Page.ink``);
    ``find_rulings`` takes them and finds the rulings it finds on its own, then drops the
    runs. A page whose image was replaced is measured again."""
    grey = cv2.imread(str(ROOT / "tests" / "data" / "faded_upright_table.jpg"), cv2.IMREAD_GRAYSCALE)
    page = Page(1, 595.0, 842.0, image=grey, dpi=200.0, text_source=TextSource.NONE)
    document = find_marks(Document(PAGE, [page]), DEFAULT_SETTINGS)
    assert page.ink is not None and page.ink.image is grey and np.array_equal(page.ink.mask, ink_mask(grey))
    char = text_px(DEFAULT_SETTINGS.text_height, 200.0)
    for (horizontal, _, thicken), runs in page.ink.runs.items():
        assert np.array_equal(runs, straight_runs(page.ink.mask, char, horizontal, thicken))
    assert len(page.ink.runs) == 2
    find_rulings(document, DEFAULT_SETTINGS)
    assert page.rulings == rulings_from_pixels(grey, 200.0, DEFAULT_SETTINGS) and len(page.rulings) > 10
    assert not page.ink.runs
    page.image = grey[::-1].copy()
    find_rulings(document, DEFAULT_SETTINGS)
    assert page.ink.image is page.image and page.rulings == rulings_from_pixels(page.image, 200.0, DEFAULT_SETTINGS)
