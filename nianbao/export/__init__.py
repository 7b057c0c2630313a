"""Export: the CSV contract of shared/spec/template.md, and JSON.

``cells.csv`` has one row per template cell per document; ``reports.csv`` one row per
document with one column per canonical key, for analysts building a panel: only trusted
values, amounts in the template's panel unit, 万元 (``panel``). Every text field is
spreadsheet-safe (``safe``). CSV is UTF-8 with a byte-order mark by default so that Excel
opens Chinese text correctly.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from ..atomic import commit, discard, open_temporary, write_atomic
from ..meta import apply_meta, kept_meta
from ..model import Cell, Document
from ..review.decisions import apply_decisions
from ..settings import DEFAULT_SETTINGS, Settings
from ..store import Store, StoreError
from ..template import Template
from .panel import COUNT_COLUMNS, panel_values
from .safe import safe_row
from .spreadsheet import write_parquet, write_xlsx

IDENTITY_COLUMNS = ["document", "file_name", "sha256"]
"""What names a document in every output row: its path, its file name, its content hash."""
CELL_COLUMNS = [
    *IDENTITY_COLUMNS, "table", "row", "column", "value", "status", "raw", "unit",
    "form", "page", "bbox", "source", "score", "reason", "row_label", "column_label", "proposal",
]
REPORT_COLUMNS = [*IDENTITY_COLUMNS, "body", "year", "url", "supplied", "form", "forms", "status", *COUNT_COLUMNS, "errors", "source_errors"]
ENCODINGS = ("utf-8-sig", "utf-8")
FORMATS = ("csv", "json", "xlsx", "parquet")
"""xlsx and parquet need the ``analysis`` extra (openpyxl, pyarrow)."""


def identity(document: Document) -> dict[str, str]:
    return {"document": document.identity, "file_name": document.name, "sha256": document.sha256}


def cell_record(document: Document, cell: Cell) -> dict[str, str]:
    return identity(document) | {
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
        "proposal": cell.proposal,
    }


def report_record(document: Document, template: Template) -> dict[str, str]:
    """The document's row of the wide panel (``export.panel``)."""
    record = identity(document) | {
        "body": document.body,
        "year": "" if document.year is None else str(document.year),
        "url": document.url,
        "supplied": ";".join(document.supplied),
        "form": document.form,
        "forms": ";".join(f"{t}:{f}" for t, f in document.forms.items()),
        "status": document.status,
        "errors": " | ".join(document.error_lines),
        "source_errors": " | ".join(document.source_errors),
    }
    return record | panel_values(document, template)


class CsvWriter:
    """``cells.csv`` and ``reports.csv`` open together, one document's rows at a time.
    Mode ``w`` writes them anew beside the old ones (``atomic``), which they replace only
    on ``close()``: an export killed or failing halfway leaves the previous CSVs whole.
    Mode ``a`` appends to what is on disk (a batch adds each file as it finishes; the next
    run rewrites both from the store)."""

    def __init__(self, out_dir: Path, template: Template, encoding: str = "utf-8-sig", mode: str = "w") -> None:
        self.template = template
        out_dir.mkdir(parents=True, exist_ok=True)
        self.paths = [out_dir / "cells.csv", out_dir / "reports.csv"]
        self.mode = mode
        if mode == "a" and encoding == "utf-8-sig":
            encoding = "utf-8"  # one byte-order mark, at the top
        if mode == "w":
            self._files = [open_temporary(path, "w", encoding, "") for path in self.paths]
        else:
            self._files = [path.open(mode, encoding=encoding, newline="") for path in self.paths]
        self._cells = csv.DictWriter(self._files[0], fieldnames=CELL_COLUMNS)
        self._reports = csv.DictWriter(self._files[1], fieldnames=REPORT_COLUMNS + self.template.all_keys())
        if mode == "w":
            self._cells.writeheader()
            self._reports.writeheader()

    def write(self, document: Document) -> None:
        self._cells.writerows(safe_row(cell_record(document, c)) for c in document.cells)
        self._reports.writerow(safe_row(report_record(document, self.template)))
        for handle in self._files:
            handle.flush()

    def close(self, keep: bool = True) -> None:
        """Finish the files; in mode ``w`` they replace the old ones when ``keep``, else
        they are dropped and the old ones stay."""
        for handle, path in zip(self._files, self.paths, strict=True):
            if self.mode != "w":
                handle.close()
            elif keep:
                commit(handle, path)
            else:
                discard(handle, path)


def write_csv(documents: Iterable[Document], out_dir: Path, template: Template, encoding: str = "utf-8-sig") -> list[Path]:
    """Write both CSVs in one pass over ``documents`` (a generator is fine: a batch of ten
    thousand reports is streamed, never held in memory). If reading a document fails, the
    previous CSVs are kept and the error goes on."""
    writer = CsvWriter(out_dir, template, encoding, "w")
    try:
        for document in documents:
            writer.write(document)
    except BaseException:
        writer.close(keep=False)
        raise
    writer.close()
    return writer.paths


def document_json(document: Document) -> dict:
    return identity(document) | {
        "title": document.title,
        "body": document.body,
        "year": document.year,
        "url": document.url,
        "supplied": document.supplied,
        "form": document.form,
        "forms": document.forms,
        "status": document.status,
        "errors": document.error_lines,
        "source_errors": document.source_errors,
        "pages": [
            {"number": p.number, "text_source": str(p.text_source), "problem": p.problem, "repairs": p.repairs}
            for p in document.pages
        ],
        "sections": [asdict(s) for s in document.sections],
        "cells": [
            {k: v for k, v in cell_record(document, c).items() if k not in IDENTITY_COLUMNS}
            | {"score": c.score, "alternatives": [list(map(list, a)) for a in c.alternatives]}
            for c in document.cells
        ],
    }


def write_json(documents: list[Document], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "documents.json"
    write_atomic(path, json.dumps([document_json(d) for d in documents], ensure_ascii=False, indent=1))
    return [path]


def decided_documents(store: Store) -> Iterator[tuple[str, Document]]:
    """(hash, document) of every document of an output directory, one at a time, review
    decisions (by the store's settings) and the scrape's metadata (``meta``) applied."""
    decisions = store.decisions()
    entries = kept_meta(store.path.parent)
    for digest, document in store.documents():
        apply_decisions(document, digest, decisions, store.settings)
        apply_meta(document, entries)
        yield digest, document


def stored_documents(store: Store) -> Iterator[Document]:
    """Every document of an output directory, one at a time, review decisions applied."""
    return (document for _, document in decided_documents(store))


def export_store(out_dir: Path, output_format: str = "csv", encoding: str = "utf-8-sig",
                 settings: Settings = DEFAULT_SETTINGS) -> list[Path]:
    """Rewrite an output directory's CSV (or JSON, xlsx, parquet: ``FORMATS``) from its store, decisions applied. A
    directory whose store is missing, empty or damaged is refused (``StoreError``) and its
    CSVs are left as they are. ``settings`` are those the documents were read with (their
    template lays out the panel and the codebook)."""
    template = settings.template
    with Store(out_dir, create=False, settings=settings) as store:
        if not store.records():
            raise StoreError(f"{store.path} records no file: nothing to export; run extract or batch first")
        documents = stored_documents(store)
        if output_format == "json":
            return write_json(list(documents), out_dir)
        if output_format == "xlsx":
            return write_xlsx(documents, out_dir, template)
        if output_format == "parquet":
            return write_parquet(list(documents), out_dir, template)
        return write_csv(documents, out_dir, template, encoding)
