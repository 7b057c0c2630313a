"""Simulated OCR slips on consistent tables, for the reconciliation test and benchmark.

Tables are random but consistent (三 in both forms, and 四); k cells are corrupted with
the slips OCR of printed digits makes, and candidates are fed as an OCR would: the wrong
digit on top, the true one among its alternatives (unless the slip lost or added a digit).
A clean digit is read as PP-OCRv6 reads printed digits on the committed scans: at least
0.999 for 99.6% of value cells, so here 0.9995 with one confusable alternative.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from nianbao.model import Cell, Status, TextSource
from nianbao.reconcile.candidates import CONFUSABLE
from nianbao.reconcile.correct import correct_table
from nianbao.reconcile.equations import equations
from nianbao.template import load_template

from .numbers import random_appeals, random_applications

CellKey = tuple[str, str]
CLEAN = 0.9995
"""Probability the simulated recognizer gives each digit of a cell it read right."""


def consistent_table(rng: random.Random, form: str) -> tuple[str, dict[tuple[str, str], int]]:
    if form == "appeals":
        values, table, name = random_appeals(rng, rng.choice([10, 80, 400])), "appeals", "any"
    else:
        values, table, name = random_applications(rng, form, rng.choice([3, 20, 80, 400])), "applications", form
    return name, {tuple(k.split(".")[1:]): int(v) for k, v in values.items() if k.startswith(table)}


def corrupt(rng: random.Random, text: str) -> tuple[str, list[list[tuple[str, float]]]]:
    """One OCR slip on ``text``, and the per-character alternatives an OCR would give."""
    def confident(ch: str) -> list[tuple[str, float]]:
        p = rng.uniform(0.97, 0.999)
        return [(ch, p), (rng.choice(CONFUSABLE[ch]), 1 - p)]

    kind = rng.choice(["swap", "swap", "swap", "drop", "double"]) if text != "0" else rng.choice(["swap", "double"])
    i = rng.randrange(len(text))
    if kind == "swap":
        wrong = rng.choice(CONFUSABLE[text[i]])
        p = rng.uniform(0.5, 0.95)
        alts = [confident(c) for c in text]
        alts[i] = [(wrong, p), (text[i], 1 - p)]
        return text[:i] + wrong + text[i + 1 :], alts
    if kind == "drop" and len(text) > 1:
        out = text[:i] + text[i + 1 :]
    else:
        out = text[:i] + text[i] + text[i:]
    return out, [confident(c) for c in out]


@dataclass(frozen=True, slots=True)
class Result:
    """One simulated cell after reconciliation: the value it ends with, what was read."""

    value: int | None
    read: int
    status: str


def run(rng: random.Random, form: str, k: int) -> tuple[dict[CellKey, int], set[CellKey], dict[CellKey, Result]]:
    """A table of ``form`` (2021, 2019 or appeals) with k slips, settled by the same
    ``correct_table`` a scanned document's table goes through."""
    name, truth = consistent_table(rng, form)
    table = "appeals" if form == "appeals" else "applications"
    table_form = load_template().form(table, name)
    corrupted = set(rng.sample(sorted(truth), k))
    cells = {}
    for key, value in truth.items():
        if key in corrupted:
            raw, alts = corrupt(rng, str(value))
            while int(raw) == value:  # "0" doubled is still 0: not a misreading
                raw, alts = corrupt(rng, str(value))
        else:
            raw, alts = str(value), [[(c, CLEAN), (rng.choice(CONFUSABLE[c]), 1 - CLEAN)] for c in str(value)]
        cells[key] = Cell(
            table, key[0], key[1], value=raw, status=Status.OK, raw=raw, source=TextSource.OCR,
            alternatives=tuple(tuple(a) for a in alts),
        )
    reads = {key: int(c.raw) for key, c in cells.items()}
    correct_table(cells, equations(table_form))
    return truth, corrupted, {
        key: Result(int(c.value) if c.value.isdigit() else None, reads[key], c.status.value) for key, c in cells.items()
    }


def status(result: Result) -> str:
    """The cell status reconciliation gave."""
    return result.status
