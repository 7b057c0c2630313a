"""Settle a table read by OCR: correct misread numbers the arithmetic proves, flag the rest.

Where the publisher's own sums are wrong, the cells that best explain the breaks are
flagged (as for a digital table), with every other cell of a broken equation that the
recognizer was not near certain of.

Every numeric cell becomes a list of candidates (its reading, the recognizer's own
alternatives, known confusions); the solver picks the cheapest consistent assignment
and says where it is in doubt. What the page says is kept unless the constraints prove
otherwise; a cell from a digital text layer has one candidate, its reading, so it is
never changed. Each correction and flag names the equations that decided it.
"""

from __future__ import annotations

from ..model import Cell, Status, TextSource
from .candidates import SURE, Candidate, candidates
from .equations import CellKey, Equation, culprits
from .solver import Outcome, reconcile

SOLVABLE = (Status.OK, Status.BLANK)


FIRM = 0.999
"""An OCR reading whose every character the recognizer gave at least this probability is
firm: it may vouch for another cell in a sum (alone, with no sum to check it, it needs
``candidates.SURE``). Measured on the
committed scans, 99.6% of value cells read this surely (``scripts/ocr_confidence.py``). A reading below it is doubted (a
slip the recognizer hesitated over): it stands only where a holding sum of firm cells
checks it (an amount or a signed change, in no sum, goes to a person), and two doubted
cells in one sum can cancel, so neither vouches for the other."""


STRAY_MARKS = ".,·'`"
"""Marks a speck or a stroke of the rulings leaves among a count's digits ("10.", "1,0")."""


def _stray_marked(cell: Cell) -> str | None:
    """The digits of an OCR count flagged for a stray mark among them, or None."""
    raw = cell.raw.strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if cell.source != TextSource.OCR or cell.status != Status.FLAGGED or not digits or digits == raw:
        return None
    return digits if all(ch.isdigit() or ch in STRAY_MARKS for ch in raw) else None


def _candidates(cell: Cell) -> list[Candidate] | None:
    """The cell's candidates, or None when it cannot take part (not a whole count)."""
    if (digits := _stray_marked(cell)) is not None:
        return candidates(digits, [list(a) for a in cell.alternatives if a and a[0][0].isdigit()] or None)
    if cell.status not in SOLVABLE or not cell.value.isdigit():
        return None
    if cell.source != TextSource.OCR:
        return [Candidate(int(cell.value), 0.0, "read")]
    raw = cell.value if cell.status == Status.OK else ""
    return candidates(raw, [list(a) for a in cell.alternatives] or None)


def _sure(cell: Cell) -> bool:
    """A reading the recognizer gave with near certainty, every character of it (a
    digital reading is certain; a blank cell has no characters to doubt)."""
    return all(alts and alts[0][1] >= SURE for alts in cell.alternatives)


def firm(cell: Cell) -> bool:
    """A value the arithmetic may lean on to settle another cell: from a text layer, set by
    a person, blank with nothing in the cell (``reconcile.ink``), or read by OCR with every
    character FIRM and unchanged (a cell under a seal or mark is flagged before this)."""
    if cell.status == Status.REVIEWED:
        return True
    if cell.status not in SOLVABLE:
        return False
    if cell.source != TextSource.OCR or cell.status == Status.BLANK:
        return True
    return all(alts and alts[0][1] >= FIRM for alts in cell.alternatives)


def _values(outcomes: dict[CellKey, Outcome], read: bool) -> dict[CellKey, int]:
    return {k: (o.read.value if read else o.value) for k, o in outcomes.items()}


def _reasons(key: CellKey, eqs: list[Equation], values: dict[CellKey, int]) -> str:
    return "; ".join(eq.describe(values) for eq in eqs if key in eq.cells)


TRUSTED = (Status.OK, Status.BLANK, Status.CORRECTED, Status.REVIEWED)


def trusted_values(cells: dict[CellKey, Cell]) -> dict[CellKey, int]:
    """The whole numbers the arithmetic may rely on: read, corrected or set by a person."""
    return {k: int(c.value) for k, c in cells.items() if c.status in TRUSTED and c.value.lstrip("-").isdigit()}


def firm_values(cells: dict[CellKey, Cell]) -> dict[CellKey, int]:
    return {k: int(c.value) for k, c in cells.items() if firm(c) and c.value.lstrip("-").isdigit()}


def vouch(cells: dict[CellKey, Cell], eqs: list[Equation], every: list[Equation] | None = None) -> None:
    """An equation vouches for at most one doubted cell. A cell the arithmetic kept
    (``ok``) or changed (``corrected``) without being firm itself stands only where an
    equation that holds has every other cell firm; two doubted cells that agree with each
    other (slips that cancel) go to a person. A firm OCR reading that no holding equation
    checks at all (table 二, or a sum whose other cells were not read) stands on the
    recognizer alone, and only when it is sure of every character (``candidates.SURE``):
    a digit broken by a 1-bit scan is read as another at 0.9997. ``every``: all the
    table's equations, those with a cell not found included (default ``eqs``)."""
    values = trusted_values(cells)
    firm_keys = {k for k, c in cells.items() if firm(c)}
    checked = {k for eq in eqs if all(k in values for k in eq.cells) and eq.holds(values) for k in eq.cells}
    for key, cell in cells.items():
        if cell.status not in (Status.OK, Status.CORRECTED):
            continue
        lost = _lost_beside(key, cells, eqs if every is None else every)
        if key in firm_keys and (key in checked or cell.source != TextSource.OCR or (_sure(cell) and not lost)):
            continue
        deciding = [
            eq for eq in eqs
            if key in eq.cells and all(k in values for k in eq.cells) and eq.holds(values)
            and all(k in firm_keys for k in eq.cells if k != key)
        ]
        if deciding:
            continue
        doubted = sorted({k for eq in eqs if key in eq.cells for k in eq.cells if k != key and k not in firm_keys})
        sure = min((alts[0][1] for alts in cell.alternatives if alts), default=1.0)
        what = f"read {cell.raw.strip()!r} with probability {sure:.3f}"
        if cell.status == Status.CORRECTED:
            cell.proposal, cell.value = cell.value, cell.raw.strip()
            what += f", best guess {cell.proposal}"
        cell.status = Status.FLAGGED
        if doubted:
            cell.reason = f"{what}; its sums hold only with other doubted cells ({', '.join('.'.join(k) for k in doubted[:4])})"
        elif lost:
            cell.reason = (f"{what}, but its row or column was not found whole ({', '.join('.'.join(k) for k in lost[:4])} "
                           "missing): no sum checks which cell it is")
        else:
            cell.reason = f"{what}, and no sum checks it"


def _lost_beside(key: CellKey, cells: dict[CellKey, Cell], eqs: list[Equation]) -> list[CellKey]:
    """The cells of ``key``'s sums that were not found at all. Where the grid gave a row
    or column only in part, what it did give may sit under the wrong header (a photo's
    tilted header over lost rulings): a sure reading there is sure of its digits, not of
    its place."""
    return sorted({k for eq in eqs if key in eq.cells for k in eq.cells
                   if k != key and k in cells and cells[k].status == Status.MISSING})


def fill_lost(cells: dict[CellKey, Cell], eqs: list[Equation]) -> None:
    """Cells OCR lost (``missing``) that the arithmetic determines: an equation whose
    other cells are all firm fixes its one unknown. The value is only a proposal on a
    ``flagged`` cell, never a trusted one: the page was not read there, and a publisher's
    own slip in that cell (a total that does not add up) would be "fixed" out of sight.
    Proposals are checked against every other equation they enter; one that breaks any
    is not proposed."""
    known = firm_values(cells)
    filled: dict[CellKey, Equation] = {}
    progress = True
    while progress:
        progress = False
        for eq in eqs:
            unknown = [k for k in set(eq.cells) if k not in known]
            if len(unknown) != 1 or cells[unknown[0]].status != Status.MISSING or eq.cells.count(unknown[0]) != 1:
                continue
            key = unknown[0]
            left, right = eq.sides({**known, key: 0})
            value = right - left if key in eq.lhs else left - right
            if value >= 0:
                known[key], filled[key] = value, eq
                progress = True
    for key, source in filled.items():
        checks = [eq for eq in eqs if key in eq.cells and all(k in known for k in eq.cells)]
        cell = cells[key]
        if all(eq.holds(known) for eq in checks):
            cell.value, cell.status, cell.raw, cell.proposal = "", Status.FLAGGED, "", str(known[key])
            cell.reason = (f"not read; the arithmetic gives {known[key]} ({source.describe(known)}), "
                           "which would hide a publisher's slip in this cell")
        else:
            cell.reason = f"not read; {source.describe(known)} would give {known[key]}, which other sums refute"


def correct_table(cells: dict[CellKey, Cell], eqs: list[Equation]) -> list[str]:
    """Correct or flag the cells of one table in place; return the equations the
    publisher's own numbers break (source errors)."""
    pool = {k: c for k, c in ((k, _candidates(cell)) for k, cell in cells.items()) if c}
    outcomes = reconcile(pool, eqs)
    used = [eq for eq in eqs if all(k in outcomes for k in eq.cells)]
    as_read, settled = _values(outcomes, read=True), _values(outcomes, read=False)
    broken = sorted({eq for o in outcomes.values() for eq in o.broken}, key=lambda eq: (eq.name, eq.where))
    blamed = culprits(broken)
    stray = {key for key in outcomes if _stray_marked(cells[key]) is not None}
    vouched = {k for eq in used if eq.holds(settled) for k in eq.cells}
    for key, outcome in outcomes.items():
        cell = cells[key]
        printed = cell.raw.strip() or "blank"
        if outcome.broken and (key in blamed or not _sure(cell)):
            cell.status = Status.FLAGGED
            cell.reason = "arithmetic broken as printed: " + "; ".join(eq.describe(settled) for eq in outcome.broken)
        elif outcome.doubtful:
            cell.status = Status.FLAGGED
            best = f"; best guess {outcome.value}" if outcome.changed else ""
            cell.proposal = str(outcome.value) if outcome.changed else ""
            cell.reason = f"read {printed!r}, not settled by the arithmetic{best}: {_reasons(key, used, as_read)}"
        elif outcome.changed and cell.status == Status.BLANK and outcome.value != 0:
            cell.status, cell.proposal = Status.FLAGGED, str(outcome.value)
            cell.reason = f"printed blank, but the arithmetic needs {outcome.value}: {_reasons(key, used, settled)}"
        elif key in stray and key in vouched:
            cell.status = Status.CORRECTED
            cell.value = str(outcome.value)
            cell.reason = f"read {printed!r}, a stray mark among the digits; {outcome.value} makes: {_reasons(key, used, settled)}"
        elif outcome.changed:
            cell.status = Status.CORRECTED
            cell.value = str(outcome.value)
            cell.reason = f"read {printed!r} ({outcome.candidate.how}), {outcome.value} makes: {_reasons(key, used, settled)}"
    vouch(cells, used, eqs)
    fill_lost(cells, eqs)
    return [eq.describe(settled) for eq in broken]
