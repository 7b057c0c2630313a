"""The linear equalities of a form, expanded from the template's constraint families.

Nothing here is written per table: a constraint family ``along = "row"`` becomes one
equation per row that has all the named columns, ``along = "column"`` one per column.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..template import Form

CellKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Equation:
    """sum(lhs) = sum(rhs) over cells of one table, addressed by (row, column)."""

    name: str
    where: str
    """The row or column the equation runs along, as a label a person reads."""
    lhs: tuple[CellKey, ...]
    rhs: tuple[CellKey, ...]

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return self.lhs + self.rhs

    def sides(self, values: dict[CellKey, int]) -> tuple[int, int]:
        return sum(values[k] for k in self.lhs), sum(values[k] for k in self.rhs)

    def holds(self, values: dict[CellKey, int]) -> bool:
        left, right = self.sides(values)
        return left == right

    def describe(self, values: dict[CellKey, int]) -> str:
        left, right = self.sides(values)
        return f"{self.name} [{self.where}]: {left} {'=' if left == right else '≠'} {right}"


def equations(form: Form) -> list[Equation]:
    present = set(form.cells)
    out: list[Equation] = []
    for c in form.constraints:
        if c.along == "row":
            for row in form.rows:
                if c.only and row.key not in c.only:
                    continue
                lhs = tuple((row.key, col) for col in c.lhs)
                rhs = tuple((row.key, col) for col in c.rhs)
                if set(lhs + rhs) <= present:
                    out.append(Equation(c.name, row.label, lhs, rhs))
        else:
            for col in form.columns:
                if c.only and col.key not in c.only:
                    continue
                lhs = tuple((row, col.key) for row in c.lhs)
                rhs = tuple((row, col.key) for row in c.rhs)
                if set(lhs + rhs) <= present:
                    out.append(Equation(c.name, col.label, lhs, rhs))
    return out


def culprits(broken: list[Equation]) -> set[CellKey]:
    """A small set of cells that together touch every broken equation (greedy cover,
    ties kept: when two cells explain the breaks equally well, both are flagged)."""
    remaining = list(broken)
    chosen: set[CellKey] = set()
    while remaining:
        counts: dict[CellKey, int] = {}
        for eq in remaining:
            for key in set(eq.cells):
                counts[key] = counts.get(key, 0) + 1
        top = max(counts.values())
        best = {k for k, n in counts.items() if n == top}
        chosen |= best
        remaining = [eq for eq in remaining if not best & set(eq.cells)]
    return chosen
