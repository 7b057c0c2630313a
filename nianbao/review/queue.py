"""The review queue: every cell a person must settle, most important first, with its context.

Built from the store with the decisions so far applied, so a resumed review starts where
the last one stopped. Broken equations come first (a wrong number there moves sums),
then large values (a misread 1,200 matters more than a misread 3). The same items are
written as a spreadsheet for teams that review outside the terminal.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_open
from ..bounds import column_kind
from ..export.safe import safe_row
from ..ingest.text import decode_text
from ..model import Cell, Document, Status
from ..reconcile.correct import trusted_values
from ..settings import Settings
from ..store import Decision, Store
from ..template import Template
from ..values import CellReader
from .decisions import apply_decisions, check_value, table_state

AS_PRINTED = "as printed"
QUEUE_COLUMNS = [
    "document", "table", "row", "column", "row_label", "column_label", "value", "raw", "proposal",
    "alternatives", "reason", "crop", "decision", "hash",
]
IMPORTED_COLUMNS = ("table", "row", "column", "decision", "hash")
"""What an imported queue file must keep of ``QUEUE_COLUMNS``."""


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
    kind: str
    """The template column's kind (``count``, ``signed``, ``amount``): what a decision may be."""
    table_heading: str
    """The template table's section and heading, e.g. ``三、收到和处理政府信息公开申请情况``."""
    reader: CellReader
    """The template's reading of printed cells: what was printed, what a typed answer is."""
    settings: Settings
    """The settings the store's documents were read with: the bounds a decision must keep."""

    @property
    def proposal(self) -> str:
        """What accepting means: the arithmetic's suggestion, else the value as it stands."""
        return self.cell.proposal or self.cell.value

    @property
    def printed(self) -> str | None:
        """The value as printed, when what was read is a number (or a blank, 0)."""
        return self.reader.printed_value(self.cell.raw)

    @property
    def priority(self) -> tuple:
        magnitude = int(self.proposal) if self.proposal.lstrip("-").isdigit() else 0
        return (not self.broken, -abs(magnitude), self.name, self.cell.key)


def constraints_of(document: Document, cell: Cell, template: Template) -> tuple[list[str], bool]:
    """The equations the cell enters, with their sums as they stand, and whether any is
    broken. A cell that no one trusts yet counts with its current value; a cell with no
    number makes its equation incomplete."""
    if cell.table not in document.forms:
        return [], False
    cells, eqs = table_state(document, cell.table, template)
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
    """The document's cells to review, with their sums and kinds by the store's template."""
    template = store.settings.template
    items = []
    for cell in document.cells:
        if in_scope(cell, include_corrected):
            crop = store.crop_path(digest, cell.key)
            lines, broken = constraints_of(document, cell, template)
            table = template.table(cell.table)
            items.append(Item(digest, document.identity, cell, crop if crop.exists() else None, lines, broken,
                              column_kind(document, cell, template), f"{table.section}、{table.heading}", template.reader,
                              store.settings))
    return items


def build_queue(store: Store, include_corrected: bool = False) -> list[Item]:
    """Every cell still to review in the output directory, most important first."""
    decisions = store.decisions()
    items = []
    for digest, document in store.documents():
        apply_decisions(document, digest, decisions, store.settings)
        items.extend(document_items(store, digest, document, include_corrected))
    return sorted(items, key=lambda item: item.priority)


def _alternatives(cell: Cell) -> str:
    return " ".join("|".join(f"{t}:{p:.2f}" for t, p in alts[:3]) for alts in cell.alternatives)


def export_queue(store: Store, path: Path, include_corrected: bool = False) -> int:
    """Write the queue as a CSV with an empty ``decision`` column; return its length."""
    items = build_queue(store, include_corrected)
    with atomic_open(path, "w", "utf-8-sig", "") as handle:
        writer = csv.DictWriter(handle, fieldnames=QUEUE_COLUMNS)
        writer.writeheader()
        for item in items:
            c = item.cell
            writer.writerow(safe_row({
                "document": item.name, "table": c.table, "row": c.row, "column": c.column,
                "row_label": c.row_label, "column_label": c.column_label, "value": c.value, "raw": c.raw,
                "proposal": item.proposal, "alternatives": _alternatives(c), "reason": c.reason,
                "crop": "" if item.crop is None else str(item.crop), "decision": "", "hash": item.digest,
            }))
    return len(items)


def decision_for(item: Item, answer: str, reviewer: str) -> Decision:
    """The decision a typed answer makes: ``as printed``, or a number. Raises ValueError."""
    answer = answer.strip()
    if answer.lower().replace("_", " ") == AS_PRINTED:
        if item.printed is None:
            raise ValueError(f"nothing numeric was printed (read {item.cell.raw!r}): type the value")
        check_value(item.printed, item.kind, item.settings)
        return Decision(item.digest, item.cell.key, "as_printed", item.cell.value, item.printed, reviewer=reviewer)
    printed = item.reader.read(answer)
    if printed.kind != "number":
        raise ValueError(f"{answer!r} is not a number")
    check_value(printed.value, item.kind, item.settings)
    return Decision(item.digest, item.cell.key, "value", item.cell.value, printed.value, reviewer=reviewer)


def read_queue_file(path: Path) -> list[dict[str, str]]:
    """The rows of a filled queue file however a spreadsheet saved it (UTF-8, UTF-16 as
    Excel's "Unicode text" with tabs, GB18030); ValueError, one line, when it is not one."""
    text = decode_text(path.read_bytes())
    if text is None:
        raise ValueError(f"{path}: not text in UTF-8, UTF-16 or GB18030; save it as CSV UTF-8")
    header = text.partition("\n")[0]
    dialect = "excel-tab" if "\t" in header and "," not in header else "excel"
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    missing = [c for c in IMPORTED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{path}: not a review queue file (no column {', '.join(missing)})")
    return [{k: v or "" for k, v in row.items() if k is not None} for row in reader]


def import_decisions(store: Store, path: Path, reviewer: str) -> tuple[int, list[str]]:
    """Apply every filled ``decision`` of a queue CSV as if typed; return (applied, problems).
    Each line is checked on its own: a bad one is named and costs only itself."""
    rows = read_queue_file(path)
    items = {(i.digest, i.cell.key): i for i in build_queue(store, include_corrected=True)}
    applied, problems = 0, []
    for line, row in enumerate(rows, start=2):
        answer = row["decision"].strip()
        if not answer:
            continue
        where = f"{row['table']}.{row['row']}.{row['column']}"
        item = items.get((row["hash"], where))
        if item is None:
            problems.append(f"line {line}: {row.get('document', '')} {where} is not in the queue")
            continue
        try:
            store.decide(decision_for(item, answer, reviewer))
            applied += 1
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
    return applied, problems
