"""Reconciliation: OCR misreadings corrected by the arithmetic, the rest flagged, never invented.

The simulated slips and OCR alternatives are in samples/generator/slips.py.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.reconcile.candidates import candidates
from nianbao.reconcile.equations import equations
from nianbao.reconcile.solver import reconcile
from nianbao.template import load_template
from samples.generator.slips import consistent_table, run, status


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
