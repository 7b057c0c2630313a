"""Reconciliation: OCR misreadings corrected by the arithmetic, the rest flagged, never invented.

Tables are random but consistent, both forms; k cells are corrupted with the slips OCR of
printed digits makes, and candidates are fed as an OCR would: the wrong digit on top, the
true one among its alternatives (unless the slip dropped or doubled a digit).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.reconcile.candidates import CONFUSABLE, candidates
from nianbao.reconcile.equations import equations
from nianbao.reconcile.solver import reconcile
from nianbao.template import load_template

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from samples.generator.numbers import random_appeals, random_applications  # noqa: E402


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


def run(rng: random.Random, form: str, k: int):
    name, truth = consistent_table(rng, form)
    table_form = load_template().form("appeals" if form == "appeals" else "applications", name)
    corrupted = set(rng.sample(sorted(truth), k))
    cells = {}
    for key, value in truth.items():
        if key in corrupted:
            raw, alts = corrupt(rng, str(value))
            while int(raw) == value:  # "0" doubled is still 0: not a misreading
                raw, alts = corrupt(rng, str(value))
        else:
            raw, alts = str(value), [[(c, 0.995), (rng.choice(CONFUSABLE[c]), 0.005)] for c in str(value)]
        cells[key] = candidates(raw, alts)
    return truth, corrupted, reconcile(cells, equations(table_form))


def status(outcome) -> str:
    if outcome.broken or outcome.doubtful:
        return "flagged"
    return "corrected" if outcome.changed else "ok"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), form=st.sampled_from(["2021", "2019", "appeals"]), k=st.integers(1, 5))
def test_no_wrong_cell_is_ever_trusted(seed, form, k):
    truth, _, outcome = run(random.Random(seed), form, k)
    for key, o in outcome.items():
        if o.value != truth[key]:
            assert status(o) == "flagged", f"{key}: {o.value} trusted as {status(o)}, truth {truth[key]}"


def test_one_or_two_slips_are_recovered():
    # Table 三 of both forms: every cell lies in two or three equations, so the
    # arithmetic can name the wrong cell. (Table 四 has one equation per row and cannot:
    # there a slip is corrected only when the recognizer offered the value itself, and is
    # otherwise flagged, which the property test above holds it to.)
    rng = random.Random(20261122)
    recovered = total = 0
    for i in range(120):
        truth, corrupted, outcome = run(rng, ["2021", "2019"][i % 2], 1 + (i // 2) % 2)
        for key in corrupted:
            total += 1
            recovered += outcome[key].value == truth[key] and status(outcome[key]) == "corrected"
    assert recovered / total >= 0.99, f"recovered {recovered}/{total}"


def test_a_publisher_error_keeps_confident_readings():
    rng = random.Random(5)
    name, truth = consistent_table(rng, "2021")
    form = load_template().form("applications", name)
    printed = dict(truth)
    printed[("results_total", "total")] += 3  # the publisher's own mistake
    cells = {k: candidates(str(v), [[(c, 0.999)] for c in str(v)]) for k, v in printed.items()}
    outcome = reconcile(cells, equations(form))
    assert all(o.value == printed[k] for k, o in outcome.items())
    assert outcome[("results_total", "total")].broken
