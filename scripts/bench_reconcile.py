"""Time and quality of reconciling OCR misreadings with the template's arithmetic.

    python scripts/bench_reconcile.py [--tables 200]

Random consistent tables (三 in both forms, and 四) get k = 1…5 digits corrupted with the
slips OCR makes, fed as an OCR would (wrong digit on top, true one among its
alternatives, except for lost or extra digits). Printed per table kind and k: median and
worst milliseconds of ``reconcile`` (candidates included), corrupted cells recovered
(right value, status corrected), flagged, and silent errors (a wrong value trusted).
As a peer in the same run: the time to only check the equations as read.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the samples package

from nianbao.reconcile.equations import equations  # noqa: E402
from nianbao.template import load_template  # noqa: E402
from samples.generator.slips import consistent_table, run, status  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=150, help="tables per kind and k")
    args = parser.parse_args()
    rng = random.Random(7)
    run(rng, "2021", 1)  # warm imports and HiGHS
    print(f"{'table':10} {'k':>2} {'median ms':>10} {'max ms':>8} {'recovered':>10} {'flagged':>8} {'silent':>7} {'check ms':>9}")
    for kind in ("2021", "2019", "appeals"):
        form = load_template().form("appeals" if kind == "appeals" else "applications", "any" if kind == "appeals" else kind)
        eqs = equations(form)
        for k in (1, 2, 3, 5):
            times, checks, recovered, flagged, silent, corrupted_total = [], [], 0, 0, 0, 0
            for _ in range(args.tables):
                start = time.perf_counter()
                truth, corrupted, outcome = run(rng, kind, k)
                times.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                values = {key: o.read for key, o in outcome.items()}
                _ = [eq.holds(values) for eq in eqs]
                checks.append((time.perf_counter() - start) * 1000)
                for key, o in outcome.items():
                    if o.value != truth[key] and status(o) != "flagged":
                        silent += 1
                for key in corrupted:
                    corrupted_total += 1
                    recovered += outcome[key].value == truth[key] and status(outcome[key]) == "corrected"
                    flagged += status(outcome[key]) == "flagged"
            print(
                f"{kind:10} {k:2} {statistics.median(times):10.1f} {max(times):8.1f} "
                f"{recovered / corrupted_total:10.1%} {flagged / corrupted_total:8.1%} {silent:7} {statistics.median(checks):9.2f}"
            )
    _, truth = consistent_table(rng, "2021")
    print(f"\nlargest table: 三 (2021 form), {len(truth)} cells, {len(equations(load_template().form('applications', '2021')))} equations")


if __name__ == "__main__":
    main()
