"""Split runs of digits back into cells with the table's arithmetic.

"801000081" after a row label of table 三 is seven cells run together. Every way to cut
it into seven numbers is an option (a space in the run is always a cut; no number but 0
starts with 0); one option per row is chosen with a MILP (scipy's HiGHS) so that as many
equations as possible hold. A row's cells are written only where the choice is unique:
where another option does as well, the row is flagged with its run, for a person. The
digits are the page's; only the boundaries are inferred. Equations the chosen options
still break are left to ``check_arithmetic``, which flags them as the publisher's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ..mapping import WHOLE_TABLE
from ..model import Cell, Document, RowRun, Status, TextSource
from ..settings import DEFAULT_SETTINGS, ReconcileSettings, Settings
from ..template import Form
from .equations import CellKey, Equation, equations


@dataclass(frozen=True, slots=True)
class _Unit:
    """One run and the cells it holds, with every way to cut it."""

    run: RowRun
    cells: tuple[CellKey, ...]
    options: tuple[tuple[str, ...], ...]


def cuts(
    run: str, parts: int, decimals: frozenset[int] = frozenset(), signed: frozenset[int] = frozenset(),
    tuning: ReconcileSettings = DEFAULT_SETTINGS.reconcile,
) -> list[tuple[str, ...]]:
    """Every way to cut ``run`` into ``parts`` numbers (up to ``max_cuts`` of them);
    positions in ``decimals`` may hold a decimal point, those in ``signed`` a minus sign.
    Spaces are cuts; a number other than 0 never starts with 0."""
    pieces = run.split()
    out: list[tuple[str, ...]] = []

    def extend(piece_index: int, offset: int, done: tuple[str, ...]) -> None:
        if len(out) > tuning.max_cuts:
            return
        if piece_index == len(pieces):
            if len(done) == parts:
                out.append(done)
            return
        piece = pieces[piece_index]
        rest = piece[offset:]
        if len(done) == parts:
            return
        for size in range(1, min(len(rest), tuning.max_digits + tuning.cut_slack) + 1):
            number = rest[:size]
            if not _valid(number, len(done) in decimals, len(done) in signed, tuning.max_digits):
                continue
            if size == len(rest):
                extend(piece_index + 1, 0, (*done, number))
            else:
                extend(piece_index, offset + size, (*done, number))

    if pieces:
        extend(0, 0, ())
    return out


def _valid(number: str, decimal: bool, signed: bool, max_digits: int) -> bool:
    if signed and number.startswith("-"):
        number = number[1:]
    whole, _, fraction = number.partition(".")
    if not whole.isdigit() or (number.count(".") and not (decimal and fraction.isdigit())):
        return False
    return len(whole) <= max_digits and (whole == "0" or not whole.startswith("0"))


def _value(number: str) -> float:
    return float(number)


def _choose(units: list[_Unit], eqs: list[Equation]) -> tuple[list[int], list[bool]]:
    """The option per unit that breaks the fewest equations, and whether each unit's
    choice is unique (no other option of it does as well)."""
    where = {key: (u, k) for u, unit in enumerate(units) for k, key in enumerate(unit.cells)}
    eqs = [eq for eq in eqs if all(key in where for key in eq.cells)]
    offsets = np.cumsum([0, *(len(u.options) for u in units)])
    n_x, n_b = int(offsets[-1]), len(eqs)
    big = 1.0 + sum(max((sum(_value(v) for v in o) for o in u.options), default=0) for u in units)
    rows: list[np.ndarray] = []
    lows: list[float] = []
    highs: list[float] = []
    for u in range(len(units)):
        row = np.zeros(n_x + n_b)
        row[offsets[u] : offsets[u + 1]] = 1
        rows.append(row)
        lows.append(1)
        highs.append(1)
    for e, eq in enumerate(eqs):
        row = np.zeros(n_x + n_b)
        for sign, keys in ((1, eq.lhs), (-1, eq.rhs)):
            for key in keys:
                u, k = where[key]
                for o, option in enumerate(units[u].options):
                    row[offsets[u] + o] += sign * _value(option[k])
        for side in (1, -1):  # -big*b <= lhs - rhs <= big*b
            bounded = row.copy() * side
            bounded[n_x + e] = -big
            rows.append(bounded)
            lows.append(-np.inf)
            highs.append(0)
    cost = np.concatenate([np.zeros(n_x), np.ones(n_b)])

    def solve(forbid: tuple[int, int] | None) -> tuple[float, np.ndarray] | None:
        upper = np.ones(n_x + n_b)
        if forbid is not None:
            upper[offsets[forbid[0]] + forbid[1]] = 0
        result = milp(
            cost, constraints=LinearConstraint(np.array(rows), lows, highs),
            integrality=np.ones(n_x + n_b), bounds=Bounds(np.zeros(n_x + n_b), upper),
        )
        return (float(result.fun), result.x) if result.success else None

    best = solve(None)
    if best is None:
        return [0] * len(units), [False] * len(units)
    choice = [int(np.argmax(best[1][offsets[u] : offsets[u + 1]])) for u in range(len(units))]
    unique = []
    for u, unit in enumerate(units):
        if len(unit.options) == 1:
            unique.append(True)
            continue
        other = solve((u, choice[u]))
        unique.append(other is None or other[0] > best[0] + 0.5)
    return choice, unique


def _units(runs: list[RowRun], form: Form, tuning: ReconcileSettings) -> list[_Unit]:
    units = []
    for run in runs:
        if run.row == WHOLE_TABLE:
            cells = tuple(form.cells)
        else:
            cells = tuple(key for key in form.cells if key[0] == run.row)
        kinds = [form.column(col).kind for _, col in cells]
        decimals = frozenset(i for i, kind in enumerate(kinds) if kind == "amount")
        signed = frozenset(i for i, kind in enumerate(kinds) if kind == "signed")
        units.append(_Unit(run, cells, tuple(cuts(run.text, len(cells), decimals, signed, tuning))))
    return units


def split_runs(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: cells from the row runs of a plain-text document, where the cut is unique."""
    if not document.runs:
        return document
    template = settings.template
    for table_key in dict.fromkeys(r.table for r in document.runs):
        runs = [r for r in document.runs if r.table == table_key]
        form = template.form(table_key, runs[0].form)
        units = [u for u in _units(runs, form, settings.reconcile) if u.options]
        choice, unique = _choose(units, equations(form)) if units else ([], [])
        document.forms[table_key] = form.form
        others = [c for c in document.cells if c.table != table_key]
        document.cells = others + [Cell(table_key, r, c, reason="row not found in the text") for r, c in form.cells]
        by_cell = {(c.table, c.row, c.column): i for i, c in enumerate(document.cells)}
        for unit, picked, sure in zip(units, choice, unique, strict=True):
            for k, (row, col) in enumerate(unit.cells):
                cell = Cell(table_key, row, col, raw=unit.run.text, source=TextSource.PLAIN_TEXT)
                cell.row_label, cell.column_label = form.row(row).label, form.column(col).label
                if sure:
                    cell.value, cell.status = unit.options[picked][k], Status.OK
                else:
                    cell.status = Status.FLAGGED
                    cell.reason = f"digits run together ({unit.run.text!r}); {len(unit.options)} cuts, the arithmetic does not single one out"
                if (table_key, row, col) in by_cell:
                    document.cells[by_cell[(table_key, row, col)]] = cell
    return document
