"""Median seconds per digital report: nianbao end to end vs. generic table extractors.

    python scripts/bench_digital.py samples/digital [--repeat 3]

Peers, on the same files in the same run (so the machine's noise hits all alike):
camelot's lattice parser and pdfplumber's ``extract_tables`` alone. The peers only find
tables; nianbao also reads the title, maps every cell onto the template and checks the
arithmetic. Single process, one core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from nianbao.pipeline import extract


def _nianbao(path: Path) -> None:
    extract(path)


def _pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def _camelot(path: Path) -> None:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        camelot.read_pdf(str(path), pages="all", flavor="lattice")


def median_seconds(fn: Callable[[Path], None], files: list[Path], repeat: int) -> float:
    per_file = []
    for path in files:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn(path)
            times.append(time.perf_counter() - start)
        per_file.append(min(times))
    return statistics.median(per_file)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the fastest counts")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    files = sorted(args.folder.glob("*.pdf"))[: args.limit or None]
    extract(files[0])  # warm imports, as a batch run would be
    rows = [("nianbao (full pipeline)", median_seconds(_nianbao, files, args.repeat))]
    rows.append(("pdfplumber extract_tables", median_seconds(_pdfplumber, files, args.repeat)))
    try:
        rows.append(("camelot lattice", median_seconds(_camelot, files, args.repeat)))
    except ImportError:
        rows.append(("camelot lattice (not installed)", float("nan")))
    base = rows[0][1]
    print(f"{len(files)} reports from {args.folder}, best of {args.repeat} per file, median over files")
    print(f"{'extractor':34} {'s/report':>9} {'vs nianbao':>11}")
    for name, seconds in rows:
        print(f"{name:34} {seconds:9.3f} {seconds / base:10.2f}x")


if __name__ == "__main__":
    main()
