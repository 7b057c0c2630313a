"""Two recognizers in turn: every crop read by the fast one, the unsure readings again by the accurate one.

PP-OCRv6 *tiny* reads a table page's crops in about a quarter of *small*'s time and reads
the same digits on clean scans, but it is less sure of them (a clean 0 at 0.998, where
small clears 0.999), so reconciliation would doubt more of its cells and a person check
them; and now and then it misreads a label (（二） as (C), or as the number 3). The
standard cure is a cascade: keep tiny's reading where it is sure, and where it is not
(``OcrSettings.recheck_number`` for numbers, ``recheck_text`` for text) take small's. Most
crops are read once, by tiny; the few unsure ones cost a second, slower read.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..settings import OcrSettings
from .engine import Reading, Recognizer


def unsure(reading: Reading, ocr: OcrSettings) -> bool:
    """Whether the fast recognizer's reading is to be read again: a number with any
    character under ``recheck_number`` (a crop read as nothing: its blank's mean
    probability), a line of text whose mean probability is under ``recheck_text``."""
    if reading.numeric:
        lowest = min((c.alternatives[0][1] for c in reading.chars if c.alternatives), default=reading.score)
        return lowest < ocr.recheck_number
    return reading.score < ocr.recheck_text


class Rechecked:
    """``first``'s readings, those it is unsure of replaced by ``second``'s."""

    name = "rapidocr"

    def __init__(self, first: Recognizer, second: Recognizer, ocr: OcrSettings) -> None:
        self.first, self.second, self._ocr = first, second, ocr
        self.model: str = getattr(first, "model", first.name)
        """The recognizer that reads every crop (``tiny``); ``second`` rereads some."""
        self.reads = self.rereads = 0
        """Crops read so far, and of them read again (for the benchmark's report)."""

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Reading]:
        readings = self.first.recognize(crops)
        self.reads += len(readings)
        again = [i for i, r in enumerate(readings) if unsure(r, self._ocr)]
        if again:
            for i, reading in zip(again, self.second.recognize([crops[i] for i in again]), strict=True):
                readings[i] = reading
            self.rereads += len(again)
        return readings
