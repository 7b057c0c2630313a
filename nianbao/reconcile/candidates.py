"""Candidate readings of a numeric cell, each with a cost (negative log probability).

Two sources: the recognizer's own per-character alternatives (top-k with probabilities
from its CTC output), and the confusions that OCR of printed digits is known to make
(1/7, 3/8, 0/6/8/9, 5/6, a dropped or doubled digit, a blank read as a digit and back).
The reading as printed is always the cheapest candidate unless the recognizer itself
was unsure; the arithmetic must pay to move a cell away from it.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from ..settings import DEFAULT_SETTINGS, ReconcileSettings

CONFUSABLE = {
    "0": "689", "1": "7", "2": "7", "3": "85", "4": "1", "5": "63", "6": "508", "7": "12",
    "8": "360", "9": "04",
}
"""The digits OCR of print takes each digit for: what is known of printed digits, not a tuning
number (the costs are in ``settings.ReconcileSettings``)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    value: int
    cost: float
    how: str
    """Why this value is a candidate: ``read``, ``ocr alternative``, ``confusion`` …"""


def from_alternatives(alternatives: list[list[tuple[str, float]]], settings: ReconcileSettings) -> list[Candidate]:
    """The ``beam_width`` most probable digit strings from per-character alternatives (beam search)."""
    beams: list[tuple[float, str]] = [(0.0, "")]
    for options in alternatives:
        digits = [(ch, p) for ch, p in options if ch.isdigit() and p >= settings.min_alternative]
        if not digits:
            continue
        beams = heapq.nsmallest(settings.beam_width, ((cost - math.log(p), text + ch) for cost, text in beams for ch, p in digits))
    out = []
    for rank, (cost, text) in enumerate(sorted(beams)):
        if text:
            out.append(Candidate(int(text), cost, "read" if rank == 0 else "ocr alternative"))
    return out


def confusions(text: str, settings: ReconcileSettings, sure: frozenset[int] = frozenset()) -> list[tuple[str, float, str]]:
    """Strings one known OCR slip away from ``text``, with their cost and a description:
    a confusable digit, an extra digit read, or a digit lost (any digit, anywhere).
    Positions in ``sure`` are kept; when every position is sure, nothing is tried."""
    out: list[tuple[str, float, str]] = []
    if len(sure) == len(text) > 0:
        return out
    for i, ch in enumerate(text):
        if i in sure:
            continue
        for other in CONFUSABLE.get(ch, ""):
            out.append((text[:i] + other + text[i + 1 :], settings.confusion_cost, f"{ch}→{other}"))
        if len(text) > 1:
            out.append((text[:i] + text[i + 1 :], settings.edit_cost, f"extra {ch}"))
    for i in range(len(text) + 1):
        for digit in "0123456789":
            out.append((text[:i] + digit + text[i:], settings.edit_cost, f"lost {digit}"))
    return out


def _sure(text: str, alternatives: list[list[tuple[str, float]]] | None, sure: float) -> frozenset[int]:
    """Positions of ``text`` the recognizer read with near certainty."""
    if not alternatives or len(alternatives) != len(text):
        return frozenset()
    return frozenset(i for i, options in enumerate(alternatives) if options and options[0][1] >= sure)


def candidates(raw: str, alternatives: list[list[tuple[str, float]]] | None = None,
               settings: ReconcileSettings = DEFAULT_SETTINGS.reconcile) -> list[Candidate]:
    """All candidate values of one cell, cheapest first, one per value."""
    best: dict[int, Candidate] = {}

    def add(c: Candidate) -> None:
        if c.value not in best or c.cost < best[c.value].cost:
            best[c.value] = c

    text = "".join(ch for ch in raw if ch.isdigit())
    if alternatives:
        for c in from_alternatives(alternatives, settings):
            add(c)
    if text:
        base = best.get(int(text), Candidate(int(text), 0.0, "read")).cost
        add(Candidate(int(text), base, "read"))
        sure = _sure(text, alternatives, settings.sure)
        for variant, cost, how in confusions(text, settings, sure):
            if variant and not (len(variant) > 1 and variant[0] == "0"):
                add(Candidate(int(variant), base + cost, f"confusion {how}"))
        if len(sure) < len(text):
            add(Candidate(0, base + settings.edit_cost, "a mark read as a digit"))
    else:
        add(Candidate(0, 0.0, "read"))  # printed blank: zero
        for digit in "123456789":
            add(Candidate(int(digit), settings.edit_cost, "a digit lost as blank"))
    return sorted(best.values(), key=lambda c: c.cost)
