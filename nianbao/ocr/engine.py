"""The OCR engine interface: every engine reads a batch of line crops into Readings.

Engines differ in how they run a model, never in what they hand on: one Reading per crop
with its text, score and, per character, the ranked alternatives reconciliation needs to
correct a misread digit. The page stage (``nianbao.ocr.read_pages``) finds the crops;
an engine only recognises them, so a second engine is one small adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

import numpy as np

from ..settings import OcrSettings, Settings


class EngineMissing(RuntimeError):
    """The chosen OCR engine is not installed; the message names the extra to install."""


@dataclass(frozen=True, slots=True)
class CharReading:
    """One recognised character: its horizontal extent in the crop (pixels) and the
    engine's alternatives, best first, as (text, probability)."""

    text: str
    x0: float
    x1: float
    alternatives: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    score: float
    chars: tuple[CharReading, ...]
    numeric: bool
    """True when the crop was decoded as a number (digits, sign, separators only)."""


class Recognizer(Protocol):
    name: str

    def recognize(self, crops: Sequence[np.ndarray]) -> list[Reading]:
        """Read grey crops (ink dark on light, one text line each) in one batch."""
        ...


def _rapidocr(threads: int, model: str, ocr: OcrSettings) -> Recognizer:
    """The recognizer ``model``; for ``tiny``, with its unsure readings re-read by ``small``
    (``nianbao.ocr.recheck``), where the settings ask for it and tiny is installed. Both
    are the ones loaded once per process (``get_engine``), also used on their own."""
    from .ppocr import PPOCRRecognizer
    from .recheck import Rechecked

    alone = replace(ocr, recheck_number=0.0, recheck_text=0.0)
    if ocr == alone:
        return PPOCRRecognizer(threads, model, ocr)
    first = get_engine("rapidocr", threads, model, alone)
    if getattr(first, "model", "small") == "small":  # asked for small, or tiny is absent
        return first
    return Rechecked(first, get_engine("rapidocr", threads, "small", alone), ocr)


def _paddle(threads: int, model: str, ocr: OcrSettings) -> Recognizer:
    from .paddle import PaddleRecognizer

    del threads, model, ocr  # paddle sizes its own thread pool and names its model by a directory
    return PaddleRecognizer()


ENGINES: dict[str, Callable[[int, str, OcrSettings], Recognizer]] = {"rapidocr": _rapidocr, "paddle": _paddle}
MODELS = ("tiny", "small")
"""Recognizers of the ``rapidocr`` engine, the default first (see ``nianbao.ocr.ppocr``)."""
DEFAULT_OCR = OcrSettings()


@cache
def get_engine(name: str, threads: int = 0, model: str = MODELS[0], ocr: OcrSettings = DEFAULT_OCR) -> Recognizer:
    """The engine called ``name``, loaded once per process (a model load costs seconds),
    on ``threads`` CPU threads (0: the runtime's default, every core), with the recognizer
    ``model`` (``tiny`` or ``small``, see ``nianbao.ocr.ppocr``) and ``ocr``'s re-reading
    of unsure readings."""
    if name not in ENGINES:
        raise EngineMissing(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    return ENGINES[name](threads, model, ocr)


def engine_for(settings: Settings, recheck: bool = True) -> Recognizer:
    """The engine the settings choose. ``recheck=False``: its first recognizer alone, for a
    check that compares the confidences of readings (page repair's orientation checks), which
    those of two recognizers mixed would mislead."""
    ocr = settings.ocr if recheck else replace(settings.ocr, recheck_number=0.0, recheck_text=0.0)
    return get_engine(settings.ocr_engine, settings.threads, settings.ocr_model, ocr)
