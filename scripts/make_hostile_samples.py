"""Write the committed hostile samples (samples/hostile/): digital reports that are valid
PDFs but print what no report prints. Needs reportlab and the wqy fonts (the samples extra).

    python scripts/make_hostile_samples.py samples/hostile

``long_number.pdf``: seed report 000 with a 6,000-digit count in one cell, drawn on one
line (the generator would wrap it); the truth JSON names the cell and says it is flagged.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples.generator.__main__ import seed_sample  # noqa: E402
from samples.generator.render import Flow  # noqa: E402
from samples.generator.report import render_pdf  # noqa: E402

LONG_KEY = "applications.new.natural_person"
LONG_DIGITS = 6000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20)
    sample = seed_sample("000", rng)
    sample.values[LONG_KEY] = "9" * LONG_DIGITS
    wrap, text = Flow.wrap, Flow.text
    widths: dict[str, float] = {}

    def one_line(self: Flow, s: str, width: float, size: float) -> list[str]:
        if len(s) < LONG_DIGITS:
            return wrap(self, s, width, size)
        widths[s] = width
        return [s]

    def shrunk(self: Flow, s: str, x: float, top: float, size: float, *args: object, **kwargs: object) -> None:
        """The long number in a font small enough to fit its cell, as one text run."""
        text(self, s, x, top, widths[s] / (0.6 * len(s)) if s in widths else size, *args, **kwargs)

    Flow.wrap, Flow.text = one_line, shrunk
    render_pdf(sample, args.out / "long_number.pdf", rng)
    truth = {"document": "long_number.pdf", "source": "seed000", "flagged": [LONG_KEY],
             "cells": {k: v for k, v in sample.values.items() if k != LONG_KEY}}
    (args.out / "long_number.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
