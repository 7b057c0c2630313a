"""Share of OCR value cells whose every character the recognizer read at least p surely.

    python scripts/ocr_confidence.py samples/scanned/*.pdf

Where ``ReconcileSettings.firm`` (0.999) and ``ReconcileSettings.sure`` (0.9999) come from: it
prints, per threshold, the share of cells read ``ok`` or ``corrected`` that clear it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nianbao.model import Status, TextSource
from nianbao.pipeline import extract

THRESHOLDS = (0.9, 0.99, 0.995, 0.999, 0.9999)


def main() -> None:
    lowest = []
    for name in sys.argv[1:]:
        for cell in extract(Path(name)).cells:
            if cell.source == TextSource.OCR and cell.alternatives and cell.status in (Status.OK, Status.CORRECTED):
                lowest.append(min(alts[0][1] for alts in cell.alternatives if alts))
    print(f"{'threshold':>10} {'share':>8}  (of {len(lowest)} cells)")
    for threshold in THRESHOLDS:
        print(f"{threshold:>10} {sum(p >= threshold for p in lowest) / max(1, len(lowest)):>8.2%}")


if __name__ == "__main__":
    main()
