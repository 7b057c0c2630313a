"""Scan: the stages that make a page read from pixels fit to be read, before OCR.

In data-flow order: ``repair_pages`` turns each such page upright, levels and flattens it and
takes out seals (``repair``); ``split_two_up`` makes a sheet of two pages side by side two
pages (``two_up``); ``find_marks`` records the seals and smudges the grey image still shows
(``marks``); ``find_rulings`` finds the page's ruling lines in its pixels (``rulings``), the
same segments a digital page's text layer gives. Pages with a usable text layer pass through.
"""

from __future__ import annotations

from .marks import find_marks
from .repair import AS_THE_PAGE_BEFORE, normalise, repair_page, repair_pages
from .rulings import find_rulings, rulings_from_pixels
from .two_up import split_two_up

__all__ = ["AS_THE_PAGE_BEFORE", "find_marks", "find_rulings", "normalise", "repair_page", "repair_pages", "rulings_from_pixels", "split_two_up"]
