"""The wide panel (``reports.csv``): one row per document, one column per canonical key,
holding only the values nianbao stands behind.

An analyst pivots this file straight into body × year × cell, so nothing in it may need
a second look: a cell is filled only when its status is trusted (``ok``, ``blank``,
``corrected``, ``reviewed``); a flagged or missing cell is empty and counted in the row's
``flagged`` / ``missing``. Amounts are in one unit, the template's ``panel_unit`` (万元 in
the national one), converted exactly with decimals by the powers of ten of its units
(元 ÷ 10 000, every digit kept); an amount whose unit the page does not say is empty and
counted in ``unit_unknown``. The printed value and unit stay in ``cells.csv``.
Body and year are those read from the title, empty when it does not give them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache

from ..model import Cell, Document, Status
from ..reconcile.correct import TRUSTED
from ..template import Template
from ..values import CellReader

COUNT_COLUMNS = ["flagged", "missing", "unit_unknown"]


def amount_in(value: str, unit: str, into: str, reader: CellReader) -> str | None:
    """``value`` printed in ``unit`` as a decimal in ``into``, exactly; None when either
    unit is not one of ``reader``'s (or the value is not a decimal)."""
    shift = reader.shift(unit, into)
    if shift is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return format(amount.scaleb(shift), "f") if amount.is_finite() else None


@cache
def amount_keys(template: Template) -> set[str]:
    """Canonical keys whose column holds an amount, in any form."""
    return {f"{table.key}.{row}.{col}" for table in template.tables for form in table.forms
            for row, col in form.cells if form.column(col).kind == "amount"}


def panel_value(cell: Cell, amounts: set[str], template: Template) -> str | None:
    """What the panel shows for ``cell``: empty for an untrusted one, None for an amount
    of unknown unit (empty too, and counted)."""
    if cell.status not in TRUSTED:
        return ""
    if cell.key in amounts:
        return amount_in(cell.value, cell.unit, template.panel_unit, template.reader)
    return cell.value


def panel_values(document: Document, template: Template) -> dict[str, str]:
    """The key columns and the counts of one document's panel row."""
    amounts = amount_keys(template)
    values = {key: "" for key in template.all_keys()}
    unknown = 0
    for cell in document.cells:
        shown = panel_value(cell, amounts, template)
        unknown += shown is None
        values[cell.key] = shown or ""
    counts = {
        "flagged": sum(c.status == Status.FLAGGED for c in document.cells),
        "missing": sum(c.status == Status.MISSING for c in document.cells),
        "unit_unknown": unknown,
    }
    return {k: str(v) for k, v in counts.items()} | values
