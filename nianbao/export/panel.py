"""The wide panel (``reports.csv``): one row per document, one column per canonical key,
holding only the values nianbao stands behind.

An analyst pivots this file straight into body × year × cell, so nothing in it may need
a second look: a cell is filled only when its status is trusted (``ok``, ``blank``,
``corrected``, ``reviewed``); a flagged or missing cell is empty and counted in the row's
``flagged`` / ``missing``. Amounts are in one unit per column, 万元, converted exactly with
decimals (元 ÷ 10 000, every digit kept); an amount whose unit the page does not say is
empty and counted in ``unit_unknown``. The printed value and unit stay in ``cells.csv``.
Body and year are those read from the title, empty when it does not give them.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache

from ..model import Cell, Document, Status
from ..reconcile.correct import TRUSTED
from ..template import Template
from ..values import UNITS

PANEL_UNIT = "万元"
"""The one unit of every amount column of the panel."""
TO_PANEL_UNIT = {unit: power - UNITS[PANEL_UNIT] for unit, power in UNITS.items()}
"""Printed unit → power of ten that turns it into ``PANEL_UNIT``."""
COUNT_COLUMNS = ["flagged", "missing", "unit_unknown"]


def amount_in_panel_unit(value: str, unit: str) -> str | None:
    """``value`` printed in ``unit`` as a decimal in 万元, exactly; None when the unit is
    not known (or the value is not a decimal)."""
    shift = TO_PANEL_UNIT.get(unit)
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


def panel_value(cell: Cell, amounts: set[str]) -> str | None:
    """What the panel shows for ``cell``: empty for an untrusted one, None for an amount
    of unknown unit (empty too, and counted)."""
    if cell.status not in TRUSTED:
        return ""
    if cell.key in amounts:
        return amount_in_panel_unit(cell.value, cell.unit)
    return cell.value


def panel_values(document: Document, template: Template) -> dict[str, str]:
    """The key columns and the counts of one document's panel row."""
    amounts = amount_keys(template)
    values = {key: "" for key in template.all_keys()}
    unknown = 0
    for cell in document.cells:
        shown = panel_value(cell, amounts)
        unknown += shown is None
        values[cell.key] = shown or ""
    counts = {
        "flagged": sum(c.status == Status.FLAGGED for c in document.cells),
        "missing": sum(c.status == Status.MISSING for c in document.cells),
        "unit_unknown": unknown,
    }
    return {k: str(v) for k, v in counts.items()} | values
