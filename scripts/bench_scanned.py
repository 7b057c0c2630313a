"""Seconds per scanned table page, stage by stage, against two peers, in one process and one run.

    python scripts/bench_scanned.py FOLDER [--limit 12] [--no-img2table]

For every table page (a page holding part of a recovered table) of the scanned reports
in FOLDER, times each stage of nianbao's pipeline (``nianbao.pipeline.STAGES`` of the file's kind; the
stages that work page by page on each page alone, the others shared out over the
document's table pages, loading and rasterizing over its scanned pages) and, on the same
rendered page in the same run:

- the OCR stage again with the ``small`` recognizer alone (the tiny one's ratio to it;
  tiny's unsure readings are re-read by small within nianbao's own OCR stage, and the
  share re-read is printed);
- ``rapidocr.RapidOCR`` as a user would run it (defaults: detection, direction
  classifier, recognition of the whole page), and again with the classifier off;
- img2table 2.x with its RapidOCR adapter (Chinese recognition), the generic route from
  a page image to its tables (extra ``nianbao[bench]``; skipped, and said so, if absent).

The first report is extracted once, and its first page read by each peer, untimed before
the run: the layout classifier and the ONNX sessions load and warm up on first use, a cost a
batch worker pays once. Prints medians and the median of per-page ratios, with the
machine's load before and after. The machine is shared and noisy: compare the columns of one run, not runs.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import cv2

from nianbao.ingest import load_document
from nianbao.model import Document, Page
from nianbao.ocr import read_page, read_pages
from nianbao.ocr.engine import MODELS, engine_for
from nianbao.ocr.recheck import Rechecked
from nianbao.pipeline import STAGES, extract
from nianbao.settings import Settings

INPUTS = (".pdf", ".tif", ".tiff", ".png", ".jpg")
PAGE_STAGES = ("repair_pages", "find_marks", "find_rulings", "read_pages")
"""Stages that work on each scanned page alone: timed page by page."""
PEERS = ("rapidocr whole page", "  same, classifier off", "img2table + rapidocr")
SMALL_OCR = "  ocr, small model"


def _timed(fn: Callable, *args) -> tuple[object, float]:
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


class Peers:
    """The peers, each a function of the page's RGB pixels, loaded once."""

    def __init__(self, img2table: bool) -> None:
        from rapidocr import RapidOCR

        self.routes: dict[str, Callable] = {
            PEERS[0]: RapidOCR(params={"Global.log_level": "error"}),
            PEERS[1]: RapidOCR(params={"Global.use_cls": False, "Global.log_level": "error"}),
        }
        if img2table:
            try:
                self.routes[PEERS[2]] = _img2table_route()
            except ImportError as exc:
                print(f"img2table route skipped: {exc} (pip install 'nianbao[bench]')")

    def time(self, rgb) -> dict[str, float]:
        return {name: _timed(route, rgb)[1] for name, route in self.routes.items()}


def _img2table_route() -> Callable:
    from img2table.document import Image
    from img2table.ocr import RapidOCR as Img2TableRapidOCR
    from rapidocr import LangRec

    ocr = Img2TableRapidOCR(params={"Rec.lang_type": LangRec.CH, "Global.log_level": "error"})

    def route(rgb):
        png = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))[1].tobytes()
        return Image(src=png).extract_tables(ocr=ocr, implicit_rows=True, borderless_tables=True)

    return route


def _one_page(document: Document, page: Page) -> Document:
    view = copy.copy(document)
    view.pages = [page]
    return view


def _stages(document: Document, settings: Settings, small) -> tuple[dict[int, dict[str, float]], dict[str, float]]:
    """Seconds of each stage: per scanned page for the page stages, per document for the rest."""
    pages = {p.number: {} for p in document.pages if p.needs_ocr}
    shared: dict[str, float] = {}
    for stage in STAGES.get(document.kind, ()):
        if stage.__name__ not in PAGE_STAGES:
            document, shared[stage.__name__] = _timed(stage, document, settings)
            continue
        for page in [p for p in document.pages if p.number in pages]:
            if stage is read_pages and small is not None:
                _, pages[page.number][SMALL_OCR] = _timed(read_page, copy.copy(page), small, settings)
            _, pages[page.number][stage.__name__] = _timed(stage, _one_page(document, page), settings)
    return pages, shared


def bench(folder: Path, limit: int, img2table: bool, small_too: bool, model: str) -> None:
    settings = Settings(ocr_model=model)
    engine = engine_for(settings)
    small = engine_for(Settings(ocr_model="small")) if small_too and engine.model != "small" else None
    peers = Peers(img2table)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in INPUTS)[:limit]
    if files:  # untimed: the layout classifier loads and onnxruntime warms up on first use
        extract(files[0], settings)
        scans = [p.image for p in load_document(files[0], settings).pages if p.needs_ocr][:1]
        for route, image in ((r, i) for r in peers.routes.values() for i in scans):
            route(image)
    per_page: dict[str, list[float]] = defaultdict(list)
    rechecked = isinstance(engine, Rechecked)
    print(f"nianbao OCR model: {engine.model}{', unsure readings re-read by small' if rechecked else ''}; before: {_load()}", flush=True)
    for path in files:
        document, load = _timed(load_document, path, settings)
        if document.errors:
            continue
        originals = {p.number: p.image.copy() for p in document.pages if p.needs_ocr}
        costs, shared = _stages(document, settings, small)
        table_pages = sorted({n for grid in document.grids for n in grid.pages} & set(costs))
        for number in table_pages:
            cost = costs[number]
            cost["load + rasterize"] = load / len(costs)
            cost.update({name: seconds / len(table_pages) for name, seconds in shared.items()})
            total = sum(v for k, v in cost.items() if k != SMALL_OCR)
            peer_costs = peers.time(originals[number])
            for name, seconds in (*cost.items(), ("total", total), *peer_costs.items()):
                per_page[name].append(seconds)
            print(f"{path.name} page {number}: nianbao {total:.2f} s, "
                  + ", ".join(f"{name.strip()} {seconds:.2f} s" for name, seconds in peer_costs.items()), flush=True)
    _report(per_page, len(files), folder)
    if rechecked:
        print(f"re-read by small: {engine.rereads} of {engine.reads} crops ({engine.rereads / max(1, engine.reads):.1%})")


def _report(per_page: dict[str, list[float]], files: int, folder: Path) -> None:
    n = len(per_page["total"])
    print(f"{n} table pages from {files} scanned reports in {folder}; after: {_load()}; {os.cpu_count()} cores")
    print(f"| {'stage':28} | {'median s/page':>13} |")
    print(f"|{'-' * 30}|{'-' * 15}:|")
    stages = ["load + rasterize", *(s.__name__ for s in STAGES["pdf"])]
    shown = [*stages, "total"] + ([SMALL_OCR] if SMALL_OCR in per_page else []) + [p for p in PEERS if p in per_page]
    for name in shown:
        print(f"| {name:28} | {statistics.median(per_page[name]):13.3f} |")
    ratios = [(p, "total") for p in PEERS if p in per_page] + ([(SMALL_OCR, "read_pages")] if SMALL_OCR in per_page else [])
    for slow, fast in ratios:
        ratio = statistics.median(s / f for s, f in zip(per_page[slow], per_page[fast], strict=True))
        print(f"{slow.strip()} / nianbao {fast}: {ratio:.2f}x (median of per-page ratios)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=12, help="reports to measure")
    parser.add_argument("--no-img2table", action="store_true", help="leave out the img2table route")
    parser.add_argument("--no-small", action="store_true", help="leave out the OCR stage with the small model")
    parser.add_argument("--ocr-model", choices=MODELS, default="tiny", help="the recognizer measured (default tiny)")
    args = parser.parse_args()
    bench(args.folder, args.limit, not args.no_img2table, not args.no_small, args.ocr_model)


if __name__ == "__main__":
    main()
