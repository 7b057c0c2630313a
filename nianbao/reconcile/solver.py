"""Choose the most probable readings that satisfy a table's arithmetic, with a MILP.

One binary variable per (cell, candidate), exactly one candidate per cell; each equation
gets a slack that costs ``break_cost`` (``ReconcileSettings``) when used, so a table whose printed arithmetic is
itself wrong keeps its confident readings and reports the break instead of "fixing" it.
Solved with scipy's HiGHS. A second solve, forbidding the best assignment, measures the
margin: where the runner-up is nearly as cheap, the cells that differ are flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from ..settings import DEFAULT_SETTINGS, ReconcileSettings
from .candidates import Candidate
from .equations import CellKey, Equation


@dataclass(frozen=True, slots=True)
class Outcome:
    """The reconciler's answer for one cell."""

    value: int
    candidate: Candidate
    read: Candidate
    doubtful: bool
    broken: tuple[Equation, ...]

    @property
    def changed(self) -> bool:
        return self.value != self.read.value


class _CutShort(Exception):
    """HiGHS did not prove an optimum within ``node_limit`` nodes."""


@dataclass(frozen=True, slots=True)
class _Solution:
    choice: dict[CellKey, int]
    broken: tuple[Equation, ...]
    cost: float


def _solve(
    cells: dict[CellKey, list[Candidate]], eqs: list[Equation], forbid: dict[CellKey, int] | None, slack: bool,
    settings: ReconcileSettings,
) -> _Solution | None:
    """One MILP: cheapest candidate per cell; equations hard, or breakable at a cost."""
    keys = list(cells)
    offsets, n = {}, 0
    for key in keys:
        offsets[key] = n
        n += len(cells[key])
    n_eq = len(eqs) if slack else 0
    plus, minus, flag = n, n + n_eq, n + 2 * n_eq  # per equation: slack up, slack down, broken
    n_vars = n + 3 * n_eq
    cost = np.zeros(n_vars)
    for key in keys:
        cost[offsets[key] : offsets[key] + len(cells[key])] = [c.cost for c in cells[key]]
    cost[flag:] = settings.break_cost
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(entries: list[tuple[int, float]], low: float, high: float) -> None:
        r = len(lo)
        for col, val in entries:
            rows.append(r)
            cols.append(col)
            vals.append(val)
        lo.append(low)
        hi.append(high)

    for key in keys:
        row([(offsets[key] + k, 1.0) for k in range(len(cells[key]))], 1, 1)
    for e, eq in enumerate(eqs):
        entries = [(plus + e, 1.0), (minus + e, -1.0)] if slack else []
        for sign, side in ((1.0, eq.lhs), (-1.0, eq.rhs)):
            for key in side:
                entries += [(offsets[key] + k, sign * c.value) for k, c in enumerate(cells[key])]
        row(entries, 0, 0)
        if not slack:
            continue
        big = float(sum(max(c.value for c in cells[k]) for k in eq.cells) + 1)  # tight per equation
        row([(plus + e, 1.0), (flag + e, -big)], -np.inf, 0)
        row([(minus + e, 1.0), (flag + e, -big)], -np.inf, 0)
    if forbid:
        row([(offsets[key] + k, 1.0) for key, k in forbid.items()], -np.inf, len(forbid) - 1)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lo), n_vars)).tocsr()
    upper = np.ones(n_vars)
    upper[plus:flag] = np.inf
    integrality = np.ones(n_vars)
    integrality[plus:flag] = 0
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lo, hi),
        integrality=integrality,
        bounds=Bounds(0, upper),
        options={"node_limit": settings.node_limit},
    )
    if result.status == 1:
        raise _CutShort
    if result.status != 0 or result.x is None:
        return None
    x = result.x
    choice = {key: int(np.argmax(x[offsets[key] : offsets[key] + len(cells[key])])) for key in keys}
    broken = tuple(eq for e, eq in enumerate(eqs) if slack and x[flag + e] > 0.5)
    return _Solution(choice, broken, float(result.fun))


def _best(cells: dict[CellKey, list[Candidate]], eqs: list[Equation], settings: ReconcileSettings) -> _Solution | None:
    """The optimum of the breakable model, solving the fast hard model first: any
    assignment that breaks an equation costs at least ``break_cost``, so a hard solution
    cheaper than that is already optimal."""
    hard = _solve(cells, eqs, None, False, settings)
    if hard is not None and hard.cost < settings.break_cost:
        return hard
    return _solve(cells, eqs, None, True, settings)


def reconcile(
    cells: dict[CellKey, list[Candidate]], eqs: list[Equation], settings: ReconcileSettings = DEFAULT_SETTINGS.reconcile
) -> dict[CellKey, Outcome]:
    """Best consistent reading of every cell, with doubt where the runner-up is close.

    ``cells`` maps each cell to its candidates, the reading as printed first among equals
    (a digital cell has that one candidate only). Equations naming a cell not in ``cells``
    are left out.
    """
    eqs = [eq for eq in eqs if all(k in cells for k in eq.cells)]
    reads = {key: min(cands, key=lambda c: (c.how != "read", c.cost)) for key, cands in cells.items()}
    # Only a cell in an equation that breaks as read, or one the recognizer was unsure
    # of, can be wrong (short of sure readings that cancel exactly, which nothing can
    # see): every other cell keeps its reading.
    read_values = {key: c.value for key, c in reads.items()}
    unsure = {k for k, cands in cells.items() if any(c is not reads[k] and c.cost - reads[k].cost < settings.unsure for c in cands)}
    suspects = {k for eq in eqs if not eq.holds(read_values) for k in eq.cells} | unsure
    free = {key: (cands if key in suspects else [reads[key]]) for key, cands in cells.items()}
    active = [eq for eq in eqs if suspects & set(eq.cells)]
    as_read = _Solution({k: free[k].index(reads[k]) for k in free}, (), sum(reads[k].cost for k in free))
    try:
        best = _best(free, active, settings) if active else as_read
    except _CutShort:
        best = None
    doubtful: set[CellKey] = set()
    if best is None:  # no proven answer within the node limit: keep every reading, flag every suspect
        best = _Solution(as_read.choice, tuple(eq for eq in active if not eq.holds(read_values)), as_read.cost)
        doubtful = set(suspects)
    elif best.cost - settings.break_cost * len(best.broken) - as_read.cost > settings.trust_cost:
        doubtful = set(suspects)
    else:
        # Per cell that moved or that the recognizer doubted: the cheapest answer in which
        # it takes another value. Only the hard model is asked; an answer that breaks an
        # equation costs break_cost or more, far beyond the margin.
        changed = {k for k in suspects if free[k][best.choice[k]] is not reads[k]}
        broken_as_read = [eq for eq in active if not eq.holds(read_values)]
        for key in changed:
            # One equation alone cannot say which of its cells is wrong: a move needs
            # two broken equations it repairs, or the recognizer's own second opinion.
            support = sum(key in eq.cells for eq in broken_as_read if eq not in best.broken)
            chosen = free[key][best.choice[key]]
            ocr_backed = chosen.how == "ocr alternative" and chosen.cost - reads[key].cost < settings.unsure
            if support < 2 and not ocr_backed:
                doubtful.add(key)
        for key in sorted(changed | unsure):
            try:
                runner_up = _solve(free, active, {key: best.choice[key]}, False, settings)
            except _CutShort:  # unknown margin: doubt everything this cell touches
                doubtful |= {k for eq in active if key in eq.cells for k in eq.cells}
                continue
            if runner_up is not None and runner_up.cost - best.cost < settings.margin:
                doubtful |= {k for k in suspects if runner_up.choice[k] != best.choice[k]}
        # An equation broken as read and not repaired by trusted moves alone vouches for
        # none of its cells, save those read so surely they have no other candidate.
        for eq in broken_as_read:
            if doubtful & set(eq.cells):
                doubtful |= {k for k in eq.cells if len(cells[k]) > 1}
    out = {}
    for key, cands in free.items():
        chosen = cands[best.choice[key]]
        broken = tuple(eq for eq in best.broken if key in eq.cells)
        out[key] = Outcome(chosen.value, chosen, reads[key], key in doubtful, broken)
    return out
