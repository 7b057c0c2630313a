"""The extraction pipeline: every stage has the same shape, ``stage(document, settings)``.

A stage reads what the stages before it wrote into the Document and adds its own part.
Each kind of input has its list of stages (``STAGES``); a file that failed to load goes
through none and still gets every template cell (as ``missing``), so a batch never loses
track of a file.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from .crops import crop_doubtful_cells
from .ingest import load_document
from .layout import drop_foreign_tables, find_layout, name_tables, read_title
from .mapping import find_row_runs, map_to_template
from .model import Document, ErrorItem, ErrorKind, Status
from .ocr import read_pages
from .pictures import read_pictures
from .reconcile import check_arithmetic, check_blank_ink, split_runs
from .scan import find_marks, find_rulings, repair_pages, split_two_up
from .settings import DEFAULT_SETTINGS, Settings
from .tables import recover_tables

Stage = Callable[[Document, Settings], Document]

READ_SCANS: tuple[Stage, ...] = (
    repair_pages,  # pages without usable text only: upright, level, flat, seal-free
    split_two_up,  # the same pages: a sheet of two pages side by side becomes two pages
    find_marks,  # the same pages: seals and smudges the grey image still shows
    find_rulings,  # the same pages: ruling lines from pixels
    read_pages,  # the same pages: OCR words with character alternatives
)
TABLES: tuple[Stage, ...] = (
    read_pictures,  # pictures of tables on pages with text, and a markup file's pictures
    find_layout,  # every line classified; the six sections
    read_title,
    recover_tables,
    drop_foreign_tables,  # the publisher's own tables inside a narrative section
    map_to_template,
    name_tables,
)
CHECK: tuple[Stage, ...] = (
    check_blank_ink,  # scanned pages only: a cell read as blank must show no ink
    check_arithmetic,
)
STAGES: dict[str, tuple[Stage, ...]] = {
    "pdf": READ_SCANS + TABLES + CHECK,
    "image": READ_SCANS + TABLES + CHECK,
    "html": TABLES + CHECK,
    "mhtml": TABLES + CHECK,
    "docx": TABLES + CHECK,
    "doc": TABLES + CHECK,
    # Plain text has no tables to recover: rows are found by their labels, digits split.
    "text": (find_layout, read_title, map_to_template, name_tables, find_row_runs, split_runs, *CHECK),
}
"""The stages each kind of input goes through (``Document.kind``); a file that could not be
read has no kind and goes through none. Within a list a stage still passes over the pages
it has nothing to do for (a PDF's digital pages in READ_SCANS, pages without pictures)."""

AFTER_STAGES: tuple[Stage, ...] = (
    crop_doubtful_cells,  # row images of the cells a person must check, while pixels exist
)
"""Post-steps for review, once every stage of a document's kind has run (and none raised):
they keep what review needs of the page pixels, which are dropped next."""


CHECKING_STAGES = frozenset(s.__name__ for stages in STAGES.values() for s in stages[: stages.index(check_arithmetic) + 1])
"""Stages up to the arithmetic check: when one raises, no cell read so far was checked."""

log = logging.getLogger("nianbao")


def _record_failure(document: Document, stage: Stage, exc: Exception) -> None:
    """Keep what a stage raised as data on the document, and flag every cell it would
    have checked: errors never coexist with a trusted cell the failed stage did not see."""
    failure = ErrorItem(stage.__name__, ErrorKind.RAISED, str(exc), exception=type(exc).__name__, traceback=traceback.format_exc())
    document.errors.append(failure)
    log.error("%s: %s", document.path.name, failure.text, exc_info=exc)


def _flag_unchecked(document: Document) -> None:
    for failure in document.failures:
        if failure.stage not in CHECKING_STAGES:
            continue
        for cell in document.cells:
            if cell.status in (Status.OK, Status.BLANK, Status.CORRECTED):
                cell.status = Status.FLAGGED
                cell.reason = "; ".join(r for r in (cell.reason, f"not checked: {failure.text}") if r)


def extract(path: Path, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Read one file into a Document with reconciled template cells."""
    document = load_document(path, settings)
    stages = STAGES.get(document.kind, ())
    for stage in (stages + AFTER_STAGES) if stages else ():
        try:
            document = stage(document, settings)
        except Exception as exc:  # a bug on one odd file must not cost the rest of the batch
            _record_failure(document, stage, exc)
            break
    for page in document.pages:
        page.image = page.ink = None  # pixels are re-rendered on demand (review); a batch keeps no page images
    if not document.cells:
        document.grids = []
        map_to_template(document, settings)  # every template cell, as missing
    _flag_unchecked(document)
    if document.errors:
        return document
    unreadable = [p for p in document.pages if p.problem]
    if unreadable:
        numbers = ", ".join(str(p.number) for p in unreadable)
        problems = "; ".join(sorted({p.problem for p in unreadable if p.problem}))
        message = f"page(s) {numbers} of {len(document.pages)}: {problems} (needs OCR)"
        document.errors.append(ErrorItem("extract", ErrorKind.NEEDS_OCR, message, pages=tuple(p.number for p in unreadable)))
    elif document.status == "no_report":
        document.errors.append(ErrorItem("extract", ErrorKind.NO_REPORT, "no report tables found"))
    return document
