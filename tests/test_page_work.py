"""The shortcuts of issue 16's last cut give what the long way gives: components labelled
over the ink's box only, and two parts of a page's work on a second thread."""

from __future__ import annotations

import threading

import cv2
import numpy as np

from nianbao.ocr.segment import components
from nianbao.ocr.side_by_side import side_by_side


def _blots(seed: int) -> np.ndarray:
    """A page-sized mask with ink only inside its margins: blots and specks."""
    rng = np.random.default_rng(seed)
    mask = np.zeros((400, 300), np.uint8)
    inner = (rng.random((300, 220)) > 0.97).astype(np.uint8)
    mask[50:350, 40:260] = cv2.dilate(inner, np.ones((2, 3), np.uint8))
    return mask


def test_components_over_the_ink_box_are_those_of_the_whole_page() -> None:
    for seed, connectivity in ((1, 8), (2, 4)):
        mask = _blots(seed)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
        found = components(mask, connectivity)
        h, w = found.labels.shape
        assert found.count == count
        assert np.array_equal(found.stats[1:], stats[1:])
        assert np.array_equal(found.labels, labels[found.y : found.y + h, found.x : found.x + w])
        assert not labels[mask == 0].any() and (found.x, found.y) == (40, 50)


def test_components_of_an_empty_mask_are_the_background_alone() -> None:
    assert components(np.zeros((30, 20), np.uint8), 8).count == 1


def test_side_by_side_gives_both_results_on_a_second_thread_only_where_allowed() -> None:
    main = threading.get_ident()
    assert side_by_side(1, lambda: 1, threading.get_ident) == (1, main)
    first, other = side_by_side(2, lambda: 1, threading.get_ident)
    assert first == 1 and other != main
