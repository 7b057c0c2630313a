"""What the report tells of each template cell when a person points at it.

Its key, the template's Chinese labels and the labels printed on the page, the raw
reading, the value, the recognizer's alternatives, the reason for its status and every
equation of its form it sits in, with the numbers as read (``?`` where a cell is unread).
"""

from __future__ import annotations

from ..model import Cell, Document, Status
from ..reconcile.equations import CellKey, Equation, equations
from ..template import Form, Label, Template


def form_of(document: Document, table: str, template: Template) -> Form:
    """The form a table was read in; for a table not found, the form its missing cells
    were written in (the one holding all of them)."""
    if table in document.forms:
        return template.form(table, document.forms[table])
    keys = {(c.row, c.column) for c in document.cells if c.table == table}
    forms = template.table(table).forms
    return next((f for f in forms if keys <= set(f.cells)), forms[0])


def label_text(label: Label) -> str:
    return f"{label.group} · {label.label}" if label.group else label.label


def _equation_line(eq: Equation, values: dict[CellKey, int]) -> str:
    if all(k in values for k in eq.cells):
        return eq.describe(values)

    def side(keys: tuple[CellKey, ...]) -> str:
        return " + ".join(str(values[k]) if k in values else "?" for k in keys)

    return f"{eq.name} [{eq.where}]: {side(eq.lhs)} vs {side(eq.rhs)} (not checked: a cell is unread)"


def _alternatives(cell: Cell) -> list[str]:
    """Per character read by OCR, its ranked alternatives, e.g. ``1 0.970 / 7 0.020 / 4 3e-05``."""
    def prob_text(prob: float) -> str:
        return f"{prob:.3f}" if prob >= 0.001 else f"{prob:.0e}"

    return [" / ".join(f"{text} {prob_text(prob)}" for text, prob in ranked) for ranked in cell.alternatives]


def cell_details(document: Document, template: Template) -> dict[str, dict]:
    """By cell key, everything the report shows of it on hover or click (empty fields left out)."""
    details: dict[str, dict] = {}
    for table in dict.fromkeys(c.table for c in document.cells):
        form = form_of(document, table, template)
        eqs = equations(form)
        cells = [c for c in document.cells if c.table == table]
        values = {(c.row, c.column): int(c.value) for c in cells
                  if c.status != Status.MISSING and c.value.lstrip("-").isdigit()}
        rows, columns = {r.key: r for r in form.rows}, {c.key: c for c in form.columns}
        for cell in cells:
            mine = [_equation_line(eq, values) for eq in eqs if (cell.row, cell.column) in eq.cells]
            shown = {
                "key": cell.key,
                "status": str(cell.status),
                "template": f"{label_text(rows[cell.row])} × {label_text(columns[cell.column])}"
                if cell.row in rows and cell.column in columns else "",
                "printed": " × ".join(x for x in (cell.row_label, cell.column_label) if x),
                "raw": cell.raw,
                "value": cell.value,
                "unit": cell.unit,
                "page": cell.page,
                "source": str(cell.source),
                "score": round(cell.score, 4),
                "alternatives": _alternatives(cell),
                "proposal": cell.proposal,
                "reason": cell.reason,
                "equations": mine,
            }
            details[cell.key] = {k: v for k, v in shown.items() if v not in ("", [], None) or k == "value"}
    return details
