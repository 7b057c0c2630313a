"""Break an evaluation of a publishers'-renderer corpus down by issue 13's cases.

    python scripts/evaluate.py /tmp/w1 > /tmp/w1.eval
    python scripts/world_cases.py /tmp/w1 /tmp/w1.eval

The cases are read from each document's truth (how the printer broke table 三, which pages
are turned, the scan profile), the scores from evaluate.py's per-document lines, so a
scanned corpus is not read twice. A document may fall in several cases.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the samples package
from samples.generator.cases import ISSUE_CASES  # noqa: E402

ROW = re.compile(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("evaluation", type=Path, help="evaluate.py's output on the folder")
    args = parser.parse_args()
    scores = {}
    for line in args.evaluation.read_text(encoding="utf-8").splitlines():
        if match := ROW.match(line.strip()):
            name, *numbers = match.groups()
            scores[name] = dict(zip(("cells", "correct", "flagged", "missing", "silent"), map(int, numbers), strict=True))
    tally: dict[str, Counter[str]] = {}
    for path in sorted(args.folder.glob("*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        score = scores.get(truth["document"])
        if score is None:
            continue
        cases = [name for name, test in ISSUE_CASES.items() if test(truth)] or ["0 none of these"]
        for case in cases + ["all"]:
            counter = tally.setdefault(case, Counter())
            counter.update(score)
            counter["documents"] += 1
            counter["perfect"] += score["correct"] == score["cells"]
    print(f"{'case':44} {'docs':>5} {'perfect':>8} {'cells':>7} {'correct':>8} {'missing':>8} {'silent':>7}")
    for case in sorted(tally):
        c = tally[case]
        print(f"{case:44} {c['documents']:5} {c['perfect']:8} {c['cells']:7} {c['correct'] / max(1, c['cells']):8.2%} {c['missing']:8} {c['silent']:7}")


if __name__ == "__main__":
    main()
