"""Check a document's numbers against its template arithmetic: the reconcile stage.

A value read from a digital text layer is what the page says: it is never changed. When
it breaks an equation the publisher made a mistake, and the cells that best explain the
breaks are flagged for a person, with the equations and their sums as the reason. A
table with numbers read by OCR goes to ``correct_table`` instead, which may also
correct misreadings the arithmetic proves.
"""

from __future__ import annotations

from ..model import Document, Status, TextSource
from ..settings import DEFAULT_SETTINGS, Settings
from .correct import correct_table, trusted_values
from .equations import culprits, equations


def check_arithmetic(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Flag the cells behind every equation the printed numbers break; in tables read by
    OCR, also correct the misreadings the arithmetic proves."""
    template = settings.template
    for table_key, form_name in document.forms.items():
        form = template.form(table_key, form_name)
        cells = {(c.row, c.column): c for c in document.cells if c.table == table_key}
        if any(c.source == TextSource.OCR for c in cells.values()):
            document.source_errors.extend(f"{table_key}: {e}" for e in correct_table(cells, equations(form), settings.reconcile))
            continue
        values = trusted_values(cells)
        broken = [eq for eq in equations(form) if all(k in values for k in eq.cells) and not eq.holds(values)]
        for eq in broken:
            document.source_errors.append(f"{table_key}: {eq.describe(values)}")
        for key in culprits(broken):
            cell = cells[key]
            reasons = [eq.describe(values) for eq in broken if key in eq.cells]
            cell.status = Status.FLAGGED
            cell.reason = "arithmetic broken as printed: " + "; ".join(reasons)
    return document
