"""Export: the CSV contract of shared/spec/template.md, and JSON.

``cells.csv`` has one row per template cell per document; ``reports.csv`` one row per
document with one column per canonical key, for analysts building a panel. CSV is UTF-8
with a byte-order mark by default so that Excel opens Chinese text correctly.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from ..model import Cell, Document, Status
from ..template import Template, load_template

CELL_COLUMNS = [
    "document", "table", "row", "column", "value", "status", "raw", "unit",
    "form", "page", "bbox", "source", "score", "reason", "row_label", "column_label",
]
REPORT_COLUMNS = ["document", "body", "year", "form", "forms", "status", "flagged", "missing", "errors", "source_errors"]
ENCODINGS = ("utf-8-sig", "utf-8")


def cell_record(document: Document, cell: Cell) -> dict[str, str]:
    return {
        "document": document.name,
        "table": cell.table,
        "row": cell.row,
        "column": cell.column,
        "value": cell.value,
        "status": str(cell.status),
        "raw": cell.raw,
        "unit": cell.unit,
        "form": document.forms.get(cell.table, ""),
        "page": "" if cell.page is None else str(cell.page),
        "bbox": "" if cell.box is None else ",".join(f"{v:.1f}" for v in cell.box),
        "source": str(cell.source),
        "score": f"{cell.score:.4f}",
        "reason": cell.reason,
        "row_label": cell.row_label,
        "column_label": cell.column_label,
    }


def report_record(document: Document, template: Template) -> dict[str, str]:
    record = {
        "document": document.name,
        "body": document.body,
        "year": "" if document.year is None else str(document.year),
        "form": document.form,
        "forms": ";".join(f"{t}:{f}" for t, f in document.forms.items()),
        "status": document.status,
        "flagged": str(sum(c.status == Status.FLAGGED for c in document.cells)),
        "missing": str(sum(c.status == Status.MISSING for c in document.cells)),
        "errors": " | ".join(document.errors),
        "source_errors": " | ".join(document.source_errors),
    }
    values = {c.key: c.value for c in document.cells}
    record.update({key: values.get(key, "") for key in template.all_keys()})
    return record


def _write(path: Path, columns: list[str], rows: Iterable[dict[str, str]], encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_csv(documents: list[Document], out_dir: Path, encoding: str = "utf-8-sig", template: Template | None = None) -> list[Path]:
    template = template or load_template()
    out_dir.mkdir(parents=True, exist_ok=True)
    cells_path, reports_path = out_dir / "cells.csv", out_dir / "reports.csv"
    _write(cells_path, CELL_COLUMNS, (cell_record(d, c) for d in documents for c in d.cells), encoding)
    _write(reports_path, REPORT_COLUMNS + template.all_keys(), (report_record(d, template) for d in documents), encoding)
    return [cells_path, reports_path]


def document_json(document: Document) -> dict:
    return {
        "document": document.name,
        "title": document.title,
        "body": document.body,
        "year": document.year,
        "form": document.form,
        "forms": document.forms,
        "status": document.status,
        "errors": document.errors,
        "source_errors": document.source_errors,
        "pages": [
            {"number": p.number, "text_source": str(p.text_source), "problem": p.problem, "repairs": p.repairs}
            for p in document.pages
        ],
        "cells": [
            {k: v for k, v in cell_record(document, c).items() if k != "document"}
            | {"score": c.score, "alternatives": [list(map(list, a)) for a in c.alternatives]}
            for c in document.cells
        ],
    }


def write_json(documents: list[Document], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "documents.json"
    path.write_text(json.dumps([document_json(d) for d in documents], ensure_ascii=False, indent=1), encoding="utf-8")
    return [path]
