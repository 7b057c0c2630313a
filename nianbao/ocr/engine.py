"""The OCR engine interface: every engine reads a batch of line crops into Readings.

Engines differ in how they run a model, never in what they hand on: one Reading per crop
with its text, score and, per character, the ranked alternatives reconciliation needs to
correct a misread digit. The page stage (``nianbao.ocr.read_pages``) finds the crops;
an engine only recognises them, so a second engine is one small adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np

from ..settings import Settings


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


def _rapidocr(threads: int, model: str) -> Recognizer:
    from .ppocr import PPOCRRecognizer

    return PPOCRRecognizer(threads, model)


def _paddle(threads: int, model: str) -> Recognizer:
    from .paddle import PaddleRecognizer

    del threads, model  # paddle sizes its own thread pool and names its model by a directory
    return PaddleRecognizer()


ENGINES: dict[str, Callable[[int, str], Recognizer]] = {"rapidocr": _rapidocr, "paddle": _paddle}
MODELS = ("tiny", "small")
"""Recognizers of the ``rapidocr`` engine, the default first (see ``nianbao.ocr.ppocr``)."""


@cache
def get_engine(name: str, threads: int = 0, model: str = MODELS[0]) -> Recognizer:
    """The engine called ``name``, loaded once per process (a model load costs seconds),
    on ``threads`` CPU threads (0: the runtime's default, every core), with the recognizer
    ``model`` (``tiny`` or ``small``, see ``nianbao.ocr.ppocr``)."""
    if name not in ENGINES:
        raise EngineMissing(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")
    return ENGINES[name](threads, model)


def engine_for(settings: Settings) -> Recognizer:
    """The engine the settings choose."""
    return get_engine(settings.ocr_engine, settings.threads, settings.ocr_model)
