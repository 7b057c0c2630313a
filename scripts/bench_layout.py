"""Benchmark the layout stage: milliseconds per page, against the whole pipeline in the same run.

    python scripts/bench_layout.py [FOLDER ...]     # default: samples/digital samples/layouts

Each report is extracted once to warm up (the model loads once per process), then timed:
the layout stage (line building, features, classifier, sections) on its own, and the
whole pipeline. Medians per page are printed with their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nianbao.ingest import load_document  # noqa: E402
from nianbao.layout import find_layout  # noqa: E402
from nianbao.pipeline import extract  # noqa: E402

REPEAT = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "samples" / "digital", ROOT / "samples" / "layouts"])
    args = parser.parse_args()
    files = sorted(p for folder in args.folders for p in folder.glob("*.pdf"))
    extract(files[0])
    layout_ms, pipeline_ms, lines = [], [], []
    for path in files:
        document = load_document(path)
        pages = max(1, len(document.pages))
        best = min(_timed(lambda document=document: find_layout(document)) for _ in range(REPEAT))
        layout_ms.append(1000 * best / pages)
        lines.append(len(document.lines) / pages)
        pipeline_ms.append(1000 * min(_timed(lambda path=path: extract(path)) for _ in range(REPEAT)) / pages)
    layout, pipeline = statistics.median(layout_ms), statistics.median(pipeline_ms)
    print(f"{len(files)} digital reports, {statistics.median(lines):.0f} lines per page (median)")
    print(f"{'stage':<28} {'median ms/page':>14} {'max ms/page':>12} {'share':>7}")
    print(f"{'layout (find_layout)':<28} {layout:>14.1f} {max(layout_ms):>12.1f} {layout / pipeline:>6.1%}")
    print(f"{'whole pipeline (extract)':<28} {pipeline:>14.1f} {max(pipeline_ms):>12.1f} {1:>6.0%}")


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
