"""Score extraction against ground truth: cell accuracy per table, per document, overall.

    python scripts/evaluate.py samples/digital [--ocr-model small|tiny]

Every ``NAME.pdf`` (or image) in the folder with a ``NAME.truth.json`` beside it is
extracted and compared key by key. *As read* scores the values as the page was read,
before arithmetic reconciliation changed any (a digital page is never changed, so the
two agree there); *final* scores what the CSV holds. A *silent error* is a wrong value whose status says
it can be trusted (ok, blank or corrected): the one outcome the pipeline must never
produce. Flagged and missing cells are not silent: a person is told to look.
Also checked: the recognised form of each table, body and year, and that every
publisher error in the truth is flagged.

Layout: whether all six section headings were found, in order; whether every template
table was found and named (it lies in the section that holds it: 二, 三 or 四); and
whether each table printed over two pages came out whole (joined, none of its cells
missing).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from nianbao.model import Cell, Document, ErrorKind, Status
from nianbao.ocr.engine import MODELS
from nianbao.ocr.ppocr import find_model
from nianbao.pipeline import extract
from nianbao.settings import DEFAULT_SETTINGS, Settings
from nianbao.template import load_template

TRUSTED = {Status.OK, Status.BLANK, Status.CORRECTED}


def as_read(cell: Cell | None) -> str | None:
    """The value the page was read as, before any correction."""
    if cell is None or cell.status == Status.MISSING:
        return None
    return load_template().reader.printed_value(cell.raw)


def layout_scores(document: Document) -> Counter[str]:
    """Sections found, tables found and named, continued tables joined, for one document."""
    template = load_template()
    scores: Counter[str] = Counter()
    found = [s.number for s in document.sections]
    scores["all_sections"] = found == [s.number for s in template.sections]
    for spec in template.sections:
        if not spec.table:
            continue
        cells = [c for c in document.cells if c.table == spec.table]
        section = next((s for s in document.sections if spec.table in s.tables), None)
        scores["tables"] += 1
        scores["named"] += section is not None and section.number == spec.number
        if len({c.page for c in cells if c.page is not None}) > 1:
            scores["continued"] += 1
            scores["joined"] += all(c.status != Status.MISSING for c in cells)
    return scores


def evaluate(folder: Path, settings: Settings) -> int:
    truths = sorted(folder.glob("*.truth.json"))
    if not truths:
        print(f"no *.truth.json in {folder}", file=sys.stderr)
        return 2
    per_table: Counter[tuple[str, str]] = Counter()
    layout: Counter[str] = Counter()
    problems: list[str] = []
    totals: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    perfect = 0
    publisher_flagged = publisher_total = 0
    print(f"OCR model of scanned pages: {find_model(settings.ocr_model).name}")
    print(f"{'document':28} {'cells':>6} {'correct':>8} {'flagged':>8} {'missing':>8} {'silent':>7}")
    for truth_path in truths:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        source = next(p for p in folder.glob(truth_path.name.replace(".truth.json", ".*")) if not p.name.endswith(".json"))
        document = extract(source, settings)
        statuses[document.status] += 1
        raised = [e for e in document.errors if e.kind == ErrorKind.RAISED]
        totals["raised"] += len(raised)
        problems += [f"{truth['document']}: {e.text}" for e in raised]
        if document.status in ("no_report", "failed") and truth["cells"]:
            problems.append(f"{truth['document']}: {document.status} though it has tables")
        got = {c.key: c for c in document.cells}
        scores = layout_scores(document)
        layout += scores
        if not scores["all_sections"]:
            problems.append(f"{truth['document']}: sections found {[s.number for s in document.sections]}")
        if scores["named"] < scores["tables"]:
            problems.append(f"{truth['document']}: tables by section {[(s.number, s.tables) for s in document.sections]}")
        counts: Counter[str] = Counter()
        for key, value in truth["cells"].items():
            table = key.split(".")[0]
            cell = got.get(key)
            ok = cell is not None and cell.value == value
            per_table[(table, "total")] += 1
            per_table[(table, "correct")] += ok
            per_table[(table, "read")] += as_read(cell) == value
            counts["cells"] += 1
            counts["correct"] += ok
            if cell is not None and cell.status == Status.FLAGGED:
                counts["flagged"] += 1
            if cell is None or cell.status == Status.MISSING:
                counts["missing"] += 1
            if cell is not None and not ok and cell.status in TRUSTED:
                counts["silent"] += 1
                problems.append(f"{truth['document']}: {key} read {cell.value!r} ({cell.status}), truth {value!r}")
        extra = sorted(set(got) - set(truth["cells"]))
        if extra:
            problems.append(f"{truth['document']}: {len(extra)} cells not in its form, e.g. {extra[0]}")
        if document.forms != truth["forms"]:
            problems.append(f"{truth['document']}: forms {document.forms} != {truth['forms']}")
        if (document.body, document.year) != (truth["body"], truth["year"]):
            problems.append(f"{truth['document']}: title read as {document.body!r} {document.year}, truth {truth['body']!r} {truth['year']}")
        for key in truth.get("publisher_errors", []):
            publisher_total += 1
            flagged = key in got and got[key].status == Status.FLAGGED
            publisher_flagged += flagged
            if not flagged:
                problems.append(f"{truth['document']}: publisher error at {key} not flagged")
        totals += counts
        perfect += counts["correct"] == counts["cells"] and not extra
        print(f"{truth['document']:28} {counts['cells']:6} {counts['correct']:8} {counts['flagged']:8} {counts['missing']:8} {counts['silent']:7}")
    print()
    print(f"{'table':20} {'cells':>7} {'as read':>9} {'final':>9}")
    for table in sorted({t for t, _ in per_table}):
        n, c, r = per_table[(table, "total")], per_table[(table, "correct")], per_table[(table, "read")]
        print(f"{table:20} {n:7} {r / n:9.2%} {c / n:9.2%}")
    read_cells = sum(v for (t, k), v in per_table.items() if k == "read")
    print()
    print(f"documents: {len(truths)}, perfect: {perfect}")
    print(f"documents by status: {dict(sorted(statuses.items()))}; stage exceptions: {totals['raised']}")
    cells = totals["cells"]
    print(f"cell accuracy as read: {read_cells}/{cells} = {read_cells / cells:.2%}")
    print(f"cell accuracy final:   {totals['correct']}/{cells} = {totals['correct'] / cells:.2%}")
    print(f"flagged: {totals['flagged']}, missing: {totals['missing']}")
    print(f"silent errors: {totals['silent']}")
    if publisher_total:
        print(f"publisher errors flagged: {publisher_flagged}/{publisher_total}")
    print(f"all six section headings found: {layout['all_sections']}/{len(truths)} documents "
          f"= {layout['all_sections'] / len(truths):.2%}")
    print(f"template tables found and named: {layout['named']}/{layout['tables']} = {layout['named'] / max(1, layout['tables']):.2%}")
    print(f"tables over two pages joined whole: {layout['joined']}/{layout['continued']}")
    for line in problems:
        print("  " + line)
    return 0 if totals["silent"] == 0 and not problems else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--ocr-model", choices=MODELS, default=DEFAULT_SETTINGS.ocr_model,
                        help="the recognizer scanned pages are read with")
    args = parser.parse_args()
    raise SystemExit(evaluate(args.folder, Settings(ocr_model=args.ocr_model)))


if __name__ == "__main__":
    main()
