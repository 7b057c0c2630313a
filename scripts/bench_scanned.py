"""Seconds per scanned table page, stage by stage, against rapidocr's plain whole-page OCR.

    python scripts/bench_scanned.py FOLDER [--limit 10]

For every table page (a page holding part of a recovered table) of the scanned reports
in FOLDER, times each stage of our path — rasterize, repair, OCR, grid (rulings from
pixels + table recovery), map, reconcile — and, in the same run on the same rendered page,
``rapidocr.RapidOCR`` as a user would run it (defaults: detection, direction classifier,
recognition of the whole page), and again with the classifier off. Prints medians and the ratio. The
machine is shared and noisy: compare the two columns of one run, not runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium

from nianbao.ingest import load_document
from nianbao.ocr import read_page
from nianbao.ocr.engine import get_engine
from nianbao.ocr.repair import repair_page
from nianbao.reconcile import check_arithmetic
from nianbao.settings import DEFAULT_SETTINGS
from nianbao.tables import recover_tables
from nianbao.tables.pixels import rulings_from_pixels
from nianbao.template.mapping import map_to_template

STAGES = ("rasterize", "repair", "ocr", "grid", "map", "reconcile")


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def bench(folder: Path, limit: int) -> None:
    from rapidocr import RapidOCR

    settings = DEFAULT_SETTINGS
    engine = get_engine(settings.ocr_engine, settings.threads)
    plain = RapidOCR(params={"Global.log_level": "error"})
    plain_no_cls = RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"})
    files = sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".tif", ".png", ".jpg"))[:limit]
    per_page: dict[str, list[float]] = defaultdict(list)
    for path in files:
        document = load_document(path, settings)
        if document.errors:
            continue
        raster: dict[int, float] = {}
        if path.suffix == ".pdf":
            pdf = pdfium.PdfDocument(path)
            for page in document.pages:
                _, raster[page.number] = _timed(lambda n: pdf[n - 1].render(scale=settings.ocr_dpi / 72).to_numpy(), page.number)
            pdf.close()
        originals = {p.number: p.image.copy() for p in document.pages if p.image is not None}
        costs: dict[int, dict[str, float]] = defaultdict(dict)
        for page in document.pages:
            if not page.needs_ocr:
                continue
            _, costs[page.number]["repair"] = _timed(repair_page, page, settings, engine)
            page.rulings, costs[page.number]["grid"] = _timed(rulings_from_pixels, page.image, page.dpi, settings)
            _, costs[page.number]["ocr"] = _timed(read_page, page, engine, settings)
        _, recover = _timed(recover_tables, document, settings)
        _, mapping = _timed(map_to_template, document, settings)
        _, reconcile = _timed(check_arithmetic, document, settings)
        table_pages = sorted({n for grid in document.grids for n in grid.pages} & set(costs))
        for number in table_pages:
            cost = costs[number]
            cost["rasterize"] = raster.get(number, 0.0)
            cost["grid"] += recover / len(table_pages)
            cost["map"] = mapping / len(table_pages)
            cost["reconcile"] = reconcile / len(table_pages)
            for stage in STAGES:
                per_page[stage].append(cost[stage])
            per_page["total"].append(sum(cost[s] for s in STAGES))
            _, whole = _timed(plain, originals[number])
            per_page["rapidocr whole page"].append(whole)
            _, whole = _timed(plain_no_cls, originals[number])
            per_page["  same, classifier off"].append(whole)
    n = len(per_page["total"])
    print(f"{n} table pages from {len(files)} scanned reports in {folder}")
    print(f"{'stage':22} {'median s/page':>14}")
    for stage in (*STAGES, "total", "rapidocr whole page", "  same, classifier off"):
        print(f"{stage:22} {statistics.median(per_page[stage]):14.3f}")
    for peer in ("rapidocr whole page", "  same, classifier off"):
        ratio = statistics.median(w / t for w, t in zip(per_page[peer], per_page["total"]))
        print(f"speed-up vs {peer.strip():28} {ratio:5.1f}x (median of per-page ratios)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=10, help="reports to measure")
    args = parser.parse_args()
    bench(args.folder, args.limit)


if __name__ == "__main__":
    main()
