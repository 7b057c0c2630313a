"""The extraction pipeline: every stage has the same shape, ``stage(document, settings)``.

A stage reads what the stages before it wrote into the Document and adds its own part;
a file that failed to load still passes through, so that every template cell of every
input is written (as ``missing``) and a batch never loses track of a file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .ingest import load_document
from .layout import drop_foreign_tables, find_layout, name_tables, read_title
from .model import Document
from .ocr import read_pages
from .ocr.repair import repair_pages
from .ocr.two_up import split_two_up
from .reconcile import check_arithmetic
from .settings import DEFAULT_SETTINGS, Settings
from .tables import recover_tables
from .tables.pixels import find_rulings
from .template.mapping import map_to_template
from .template.runs import find_row_runs
from .reconcile.split import split_runs
from .review.crops import crop_doubtful_cells

Stage = Callable[[Document, Settings], Document]

STAGES: tuple[Stage, ...] = (
    repair_pages,  # scanned pages only: upright, level, flat, seal-free
    split_two_up,  # scanned pages only: a sheet of two pages side by side becomes two pages
    find_rulings,  # scanned pages only: ruling lines from pixels
    read_pages,  # scanned pages only: OCR words with character alternatives
    find_layout,  # every line classified; the six sections
    read_title,
    recover_tables,
    drop_foreign_tables,  # the publisher's own tables inside a narrative section
    map_to_template,
    name_tables,
    find_row_runs,  # plain text only: rows whose cells' digits ran together
    split_runs,
    check_arithmetic,
    crop_doubtful_cells,  # row images of the cells a person must check, while pixels exist
)


def extract(path: Path, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Read one file into a Document with reconciled template cells."""
    document = load_document(path, settings)
    for stage in STAGES:
        try:
            document = stage(document, settings)
        except Exception as exc:  # a bug on one odd file must not cost the rest of the batch
            document.errors.append(f"{stage.__name__} failed: {type(exc).__name__}: {exc}")
            break
    for page in document.pages:
        page.image = None  # pixels are re-rendered on demand (review); a batch keeps no page images
    if not document.cells:
        document.grids = []
        map_to_template(document, settings)  # every template cell, as missing
    if document.errors:
        return document
    unreadable = [p for p in document.pages if p.problem]
    if unreadable:
        numbers = ", ".join(str(p.number) for p in unreadable)
        problems = "; ".join(sorted({p.problem for p in unreadable if p.problem}))
        document.errors.append(f"page(s) {numbers} of {len(document.pages)}: {problems} (needs OCR)")
    elif document.status == "no_report":
        document.errors.append("no report tables found")
    return document
