"""A person's decisions applied to the documents, and what the arithmetic then confirms.

Decisions live in the output directory's store; applying them is a pure function of the
documents and the log, so the review screen, ``export`` and ``batch`` always agree on a
cell's status. A reviewed cell takes the person's value with status ``reviewed``. A
flagged cell whose every equation now holds, with all its other cells trusted (read,
corrected or reviewed), is confirmed by the arithmetic: it becomes ``ok``, and says why.
"""

from __future__ import annotations

from ..bounds import flag_out_of_bounds, value_problem
from ..model import Cell, Document, Status
from ..reconcile.correct import trusted_values
from ..reconcile.equations import CellKey, Equation, equations
from ..settings import Settings
from ..store import Decision
from ..template import Template

ACTIONS = {"accept": "accepted the proposal", "value": "typed the value", "as_printed": "confirmed as printed"}


def check_value(value: str, kind: str, settings: Settings) -> None:
    """Refuse (ValueError, one line) a value a person cannot mean for a column of ``kind``:
    digits other than 0-9, a sign on a count, a fraction of a count, a number beyond the
    column's bound (``settings``'). Typed and imported decisions pass here before they are
    stored."""
    if not value.isascii():
        raise ValueError(f"{value!r}: type the digits 0-9")
    if value.startswith("-") and kind != "signed":
        raise ValueError(f"{value!r}: a {kind} cannot be negative")
    if "." in value and kind != "amount":
        raise ValueError(f"{value!r}: a {kind} is a whole number")
    if why := value_problem(value, kind, settings):
        raise ValueError(f"{value[:20]!r}: {why}")


def table_state(document: Document, table: str, template: Template) -> tuple[dict[CellKey, Cell], list[Equation]]:
    """The cells of one table by (row, column), and its form's equations."""
    form = template.form(table, document.forms[table])
    return {(c.row, c.column): c for c in document.cells if c.table == table}, equations(form)


def latest(decisions: list[Decision], digest: str) -> dict[str, Decision]:
    """The standing decision per cell key of one document (the last one wins)."""
    return {d.key: d for d in decisions if d.hash == digest}


def apply_decisions(document: Document, digest: str, decisions: list[Decision], settings: Settings) -> None:
    """Set the reviewed cells of ``document`` in place, then confirm what the sums (of
    ``settings.template``) vouch for."""
    standing = latest(decisions, digest)
    if not standing:
        return
    for cell in document.cells:
        decision = standing.get(cell.key)
        if decision is None:
            continue
        cell.value, cell.status = decision.new_value, Status.REVIEWED
        by = f" by {decision.reviewer}" if decision.reviewer else ""
        cell.reason = f"{ACTIONS.get(decision.action, decision.action)}{by} at {decision.time} (was {decision.old_value!r})"
    flag_out_of_bounds(document, settings)  # a decision stored before decisions were checked
    for table in {c.table for c in document.cells if c.key in standing and c.table in document.forms}:
        confirm_by_arithmetic(*table_state(document, table, settings.template))


def confirm_by_arithmetic(cells: dict[CellKey, Cell], eqs: list[Equation]) -> None:
    """Flagged cells that every one of their equations now vouches for become ``ok``."""
    known = trusted_values(cells)
    for key, cell in cells.items():
        if cell.status != Status.FLAGGED or not cell.value.lstrip("-").isdigit():
            continue
        values = {**known, key: int(cell.value)}
        mine = [eq for eq in eqs if key in eq.cells]
        if mine and all(all(k in values for k in eq.cells) and eq.holds(values) for eq in mine):
            cell.status = Status.OK
            cell.reason = "confirmed by the arithmetic after review: " + "; ".join(eq.describe(values) for eq in mine)
