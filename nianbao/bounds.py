"""Value bounds on whole documents: a number no report prints is flagged, wherever it came from.

Mapping flags an out-of-bound printed number as it reads it. This guard covers every other
way a value reaches a cell (the plain-text splitter, a person's decision, a store written
by an older version), so that export, review and the batch summary never meet a number
they cannot convert: one hostile cell must not poison an output folder for good.
"""

from __future__ import annotations

from .model import Cell, Document, Status
from .settings import DEFAULT_SETTINGS, Settings
from .template import Template
from .values import out_of_bounds


def column_kind(document: Document, cell: Cell, template: Template) -> str:
    """``count``, ``signed`` or ``amount``: what the cell's template column holds. A cell of
    a form the template does not know counts as an amount, the loosest bound."""
    try:
        return template.form(cell.table, document.forms[cell.table]).column(cell.column).kind
    except (KeyError, StopIteration):
        return "amount"


def value_problem(value: str, kind: str, settings: Settings = DEFAULT_SETTINGS) -> str:
    """Why ``value`` cannot stand in a column of ``kind`` (empty when it can)."""
    return out_of_bounds(value, kind, settings.max_count, settings.max_amount)


def flag_out_of_bounds(document: Document, settings: Settings) -> None:
    """Flag, in place, every cell whose value is beyond its bound (``settings``' bounds, the
    kinds of ``settings.template``'s columns); its value is cleared (what was printed stays
    in ``raw``), so nothing downstream converts it."""
    for cell in document.cells:
        if cell.value and (why := value_problem(cell.value, column_kind(document, cell, settings.template), settings)):
            cell.value, cell.status = "", Status.FLAGGED
            cell.reason = "; ".join(r for r in (cell.reason, f"value cleared: {why}") if r)
