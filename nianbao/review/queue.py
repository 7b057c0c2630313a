"""The review queue: every cell a person must settle, most important first, with its context.

Built from the store with the decisions so far applied, so a resumed review starts where
the last one stopped. Broken equations come first (a wrong number there moves sums),
then large values (a misread 1,200 matters more than a misread 3). The same items are
written as a spreadsheet for teams that review outside the terminal.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..model import Cell, Document, Status
from ..reconcile.correct import trusted_values
from ..store import Decision, Store
from ..template import load_template
from ..values import printed_value, read_printed
from .decisions import apply_decisions, table_state

AS_PRINTED = "as printed"
QUEUE_COLUMNS = [
    "document", "table", "row", "column", "row_label", "column_label", "value", "raw", "proposal",
    "alternatives", "reason", "crop", "decision", "hash",
]


@dataclass(slots=True)
class Item:
    """One cell to review, with what the screen shows about it. It keeps the document's
    name, not the document: a queue over ten thousand reports holds their flagged cells only."""

    digest: str
    name: str
    cell: Cell
    crop: Path | None
    constraints: list[str]
    broken: bool

    @property
    def proposal(self) -> str:
        """What accepting means: the arithmetic's suggestion, else the value as it stands."""
        return self.cell.proposal or self.cell.value

    @property
    def printed(self) -> str | None:
        """The value as printed, when what was read is a number (or a blank, 0)."""
        return printed_value(self.cell.raw)

    @property
    def priority(self) -> tuple:
        magnitude = int(self.proposal) if self.proposal.lstrip("-").isdigit() else 0
        return (not self.broken, -abs(magnitude), self.name, self.cell.key)


def constraints_of(document: Document, cell: Cell) -> tuple[list[str], bool]:
    """The equations the cell enters, with their sums as they stand, and whether any is
    broken. A cell that no one trusts yet counts with its current value; a cell with no
    number makes its equation incomplete."""
    if cell.table not in document.forms:
        return [], False
    cells, eqs = table_state(document, cell.table, load_template())
    values = trusted_values(cells) | {
        k: int(c.value) for k, c in cells.items() if c.status == Status.FLAGGED and c.value.lstrip("-").isdigit()
    }
    lines, broken = [], False
    for eq in eqs:
        if (cell.row, cell.column) not in eq.cells:
            continue
        if all(k in values for k in eq.cells):
            lines.append(eq.describe(values))
            broken |= not eq.holds(values)
        else:
            lines.append(f"{eq.name} [{eq.where}]: incomplete (a cell of it has no number)")
    return lines, broken


def in_scope(cell: Cell, include_corrected: bool) -> bool:
    return cell.status == Status.FLAGGED or (include_corrected and cell.status == Status.CORRECTED)


def document_items(store: Store, digest: str, document: Document, include_corrected: bool) -> list[Item]:
    items = []
    for cell in document.cells:
        if in_scope(cell, include_corrected):
            crop = store.crop_path(digest, cell.key)
            lines, broken = constraints_of(document, cell)
            items.append(Item(digest, document.name, cell, crop if crop.exists() else None, lines, broken))
    return items


def build_queue(store: Store, include_corrected: bool = False) -> list[Item]:
    """Every cell still to review in the output directory, most important first."""
    decisions = store.decisions()
    items = []
    for digest, document in store.documents():
        apply_decisions(document, digest, decisions)
        items.extend(document_items(store, digest, document, include_corrected))
    return sorted(items, key=lambda item: item.priority)


def _alternatives(cell: Cell) -> str:
    return " ".join("|".join(f"{t}:{p:.2f}" for t, p in alts[:3]) for alts in cell.alternatives)


def export_queue(store: Store, path: Path, include_corrected: bool = False) -> int:
    """Write the queue as a CSV with an empty ``decision`` column; return its length."""
    items = build_queue(store, include_corrected)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=QUEUE_COLUMNS)
        writer.writeheader()
        for item in items:
            c = item.cell
            writer.writerow({
                "document": item.name, "table": c.table, "row": c.row, "column": c.column,
                "row_label": c.row_label, "column_label": c.column_label, "value": c.value, "raw": c.raw,
                "proposal": item.proposal, "alternatives": _alternatives(c), "reason": c.reason,
                "crop": "" if item.crop is None else str(item.crop), "decision": "", "hash": item.digest,
            })
    return len(items)


def decision_for(item: Item, answer: str, reviewer: str) -> Decision:
    """The decision a typed answer makes: ``as printed``, or a number. Raises ValueError."""
    answer = answer.strip()
    if answer.lower().replace("_", " ") == AS_PRINTED:
        if item.printed is None:
            raise ValueError(f"nothing numeric was printed (read {item.cell.raw!r}): type the value")
        return Decision(item.digest, item.cell.key, "as_printed", item.cell.value, item.printed, reviewer=reviewer)
    printed = read_printed(answer)
    if printed.kind != "number":
        raise ValueError(f"{answer!r} is not a number")
    return Decision(item.digest, item.cell.key, "value", item.cell.value, printed.value, reviewer=reviewer)


def import_decisions(store: Store, path: Path, reviewer: str) -> tuple[int, list[str]]:
    """Apply every filled ``decision`` of a queue CSV as if typed; return (applied, problems)."""
    items = {(i.digest, i.cell.key): i for i in build_queue(store, include_corrected=True)}
    applied, problems = 0, []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            answer = (row.get("decision") or "").strip()
            if not answer:
                continue
            item = items.get((row.get("hash", ""), f"{row['table']}.{row['row']}.{row['column']}"))
            if item is None:
                problems.append(f"line {line}: {row['document']} {row['table']}.{row['row']}.{row['column']} is not in the queue")
                continue
            try:
                store.decide(decision_for(item, answer, reviewer))
                applied += 1
            except ValueError as exc:
                problems.append(f"line {line}: {exc}")
    return applied, problems
