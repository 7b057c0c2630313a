"""Map recovered table grids onto the template by their printed labels.

Each value cell of a grid gets two label paths from the grid itself: the label cells to
its left in its row (merged cells included) and the header cells above it in its column.
Those paths, not the position of the value in its row, decide which template cell it is,
so a blank printed for zero never shifts the values after it.

Rows are aligned to the form's rows in order (a dropped or extra row is skipped, not
absorbed); columns are matched by their header. Every form of every table is tried and
the form whose labels fit best wins, per table, so a report that mixes forms is read
as printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from ..model import Cell, Document, GridCell, Page, Status, TableGrid, TextSource
from ..settings import DEFAULT_SETTINGS, MappingSettings, Settings
from ..template import Form, Label, Table, Template
from ..values import CellReader, out_of_bounds

_DROP = re.compile(r"[\s\"'“”‘’「」『』:：,，;；。]")
_ITEM = re.compile(r"\(([一二三四五六七八九十]+)\)")
"""A numbered item of a normalized label, （三） in 三、本年度办理结果（三）不予公开."""


def normalize_label(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(slots=True)
class ValueCell:
    """A grid cell that holds (or could hold) a number, with the label cells addressing
    it: those left of it in its row, and those above it in its column (top first)."""

    cell: GridCell
    row_labels: list[GridCell]
    col_labels: list[GridCell]
    number: bool
    """Whether a number is printed in it (by the template's units)."""

    @property
    def row_path(self) -> list[str]:
        return [c.text for c in self.row_labels]

    @property
    def col_path(self) -> list[str]:
        return [c.text for c in self.col_labels]


def value_cells(grid: TableGrid, reader: CellReader) -> list[ValueCell]:
    """Every non-label cell with its row label cells and its column header cells.

    Text right of a number in its row is no label: it is a value misread (a seal's remains
    over a digit read as 片). As a label it headed every cell below it in its column, and
    two columns of table 三 were lost from there down (seed-923 Chromium scans, gen923_026);
    as a value it is flagged, not a number."""
    out = []
    after_number: dict[int, int] = {}  # row -> leftmost column right of a number in it
    for c in grid.cells:
        if reader.is_number(c.text):
            after_number[c.row] = min(after_number.get(c.row, grid.n_cols), c.col + c.colspan)
    labels = {id(c) for c in grid.cells if reader.is_label(c.text) and c.col < after_number.get(c.row, grid.n_cols)}
    by_col = sorted((c for c in grid.cells if id(c) in labels), key=lambda c: c.col)
    covering = {(r, k): c for c in reversed(grid.cells) for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)}
    for cell in grid.cells:
        if id(cell) in labels:
            continue
        row_labels = [c for c in by_col if c.col + c.colspan <= cell.col and c.row <= cell.row < c.row + c.rowspan]
        col_labels: list[GridCell] = []
        for r in range(cell.row - 1, -1, -1):
            above = covering.get((r, cell.col))
            if above is None or (col_labels and above is col_labels[0]):
                continue
            if id(above) in labels:
                col_labels.insert(0, above)
            elif col_labels:
                break
        if row_labels or col_labels:
            out.append(ValueCell(cell, row_labels, col_labels, reader.is_number(cell.text)))
    return out


@lru_cache(maxsize=65536)
def label_similarity(path: tuple[str, ...], label: Label, tuning: MappingSettings) -> float:
    """How well a printed label path matches a template label: the leaf weighs most,
    and a printed leaf numbering another item （一）–（十） than the label's matches it not
    at all. Leaves only: a fax that lost the line between two group labels prints
    (四)无法提供(五)不予处理 as one, over rows that are (五)'s.
    Cached: every form of a table asks about the same printed paths."""
    if not path:
        return 0.0
    norm = [normalize_label(p) for p in path]
    full = "".join(norm)
    leaves = [norm[-1], "".join(norm[-2:])]
    items = set(_ITEM.findall(norm[-1]))
    best = 0.0
    for variant in label.variants:
        v = normalize_label(variant)
        if items and (own := set(_ITEM.findall(v))) and items.isdisjoint(own):
            continue  # another numbered item: （三）不予公开 is never （二）部分公开, however alike
        leaf = max(similarity(x, v) for x in leaves)
        whole = similarity(full, normalize_label(label.group) + v)
        best = max(best, tuning.leaf_weight * leaf + tuning.path_weight * whole)
    return best


def _split_paths(vc: ValueCell, form: Form) -> tuple[list[str], list[str]]:
    """(row path, column path) of a value cell in the orientation of ``form``.

    Where the form's rows are laid out as groups of columns (table 四), the header cells
    spanning several columns name the row and those over one column name the column.
    """
    if form.row_labels == "column_header":
        groups = [c.text for c in vc.col_labels if c.colspan > vc.cell.colspan]
        leaves = [c.text for c in vc.col_labels if c.colspan <= vc.cell.colspan]
        return groups, leaves
    return vc.row_path, vc.col_path


def _align_rows(
    printed: list[tuple[str, ...]], form: Form, tuning: MappingSettings
) -> dict[tuple[str, ...], tuple[str, float, str]]:
    """Order-preserving one-to-one alignment of printed row paths to template rows:
    printed path -> (row key, similarity, note). A row whose label was misread past
    recognition still gets its template row when it is the only one left in its place
    (as many unmatched printed rows as template rows between two matched ones); the
    note says so, and its cells are flagged for a person."""
    n, m = len(printed), len(form.rows)
    threshold = tuning.min_label_similarity
    sims = [[label_similarity(p, r, tuning) for r in form.rows] for p in printed]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i > 0:
                options.append((best[i - 1][j], "skip_printed"))
            if j > 0:
                options.append((best[i][j - 1], "skip_template"))
            if i > 0 and j > 0 and sims[i - 1][j - 1] >= threshold:
                options.append((best[i - 1][j - 1] + sims[i - 1][j - 1], "match"))
            best[i][j], move[i][j] = max(options)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = move[i][j]
        if step == "match":
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == "skip_printed":
            i -= 1
        else:
            j -= 1
    out = {printed[a]: (form.rows[b].key, sims[a][b], "") for a, b in pairs}
    anchors = [(-1, -1), *sorted(pairs), (n, m)]
    for (a0, b0), (a1, b1) in pairwise(anchors):
        gap = list(zip(range(a0 + 1, a1), range(b0 + 1, b1), strict=False))
        if gap and a1 - a0 == b1 - b0 and all(sims[a][b] >= tuning.place_floor for a, b in gap):
            for a, b in gap:
                row = form.rows[b]
                note = f"row label read as {'/'.join(printed[a])!r}, taken for {row.label!r} by its place in the table"
                out[printed[a]] = (row.key, sims[a][b], note)
    return out


def _match_column(path: tuple[str, ...], form: Form, tuning: MappingSettings) -> tuple[str, float, str] | None:
    """The template column a printed header path names: (key, similarity, note). A
    header misread below the threshold is still taken when no other column comes
    near it; the note flags its cells."""
    scored = sorted(((label_similarity(path, c, tuning), c.key, c.label) for c in form.columns), reverse=True)
    sim, key, label = scored[0]
    if sim >= tuning.min_label_similarity:
        return key, sim, ""
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if sim >= tuning.place_floor + tuning.clear_lead and sim - runner_up >= tuning.clear_lead:
        return key, sim, f"column header read as {'/'.join(path)!r}, taken for {label!r}, the closest by far"
    return None


def _value_columns(values: list[ValueCell]) -> list[int]:
    """The grid columns that hold the values: from the leftmost one in which a number is
    printed to the right edge (a column printed all blank is still one of them; an empty
    group-label column left of the numbers is not)."""
    numbered = [vc.cell.col for vc in values if vc.cell.colspan == 1 and vc.number]
    if not numbered:
        return []
    return sorted({vc.cell.col for vc in values if vc.cell.colspan == 1 and vc.cell.col >= min(numbered)})


def _place_columns(values: list[ValueCell], paths: list[tuple[list[str], list[str]]],
                   columns: dict[tuple[str, ...], tuple[str, float, str] | None], form: Form) -> dict[int, tuple[str, float, str]]:
    """Template columns for the value columns whose header names none (a photo or a page
    that cut the header off, a header misread past recognition): grid column -> (key,
    similarity, note), by their place. Between two columns the header does name (or the
    table's edges) they are taken in order only where as many grid columns are left as
    template columns; the note flags their cells, as the print does not say which they are."""
    header: dict[int, tuple[str, float, str]] = {}
    for vc, (_, col_path) in zip(values, paths, strict=True):
        match = columns.get(tuple(col_path))
        if match is not None and vc.cell.colspan == 1:
            header.setdefault(vc.cell.col, match)
    grid = _value_columns(values)
    keys = [c.key for c in form.columns]
    anchors = [(grid.index(g), keys.index(header[g][0])) for g in grid if g in header]
    if any(b0 >= b1 or a0 >= a1 for (a0, b0), (a1, b1) in pairwise(anchors)):
        return {}  # the named columns are out of the form's order: nothing is placed by order
    placed: dict[int, tuple[str, float, str]] = {}
    for (a0, b0), (a1, b1) in pairwise([(-1, -1), *anchors, (len(grid), len(keys))]):
        if a1 - a0 != b1 - b0:
            continue
        for a, b in zip(range(a0 + 1, a1), range(b0 + 1, b1), strict=True):
            column = form.columns[b]
            placed[grid[a]] = (column.key, 0.0, f"no column header read over it: taken for {column.label!r} by its place in the table")
    return placed


@dataclass(slots=True)
class TableMatch:
    """One grid read as one form: which value cell is which template cell."""

    form: Form
    cells: dict[tuple[str, str], tuple[ValueCell, float, str]]
    """(row, column) -> (value cell, label similarity, a note that flags it, or "")."""
    score: float
    placed: frozenset[tuple[str, str]] = frozenset()
    """The cells whose one doubt is their column (its header cut off, or read too garbled
    to name it, so the column was taken by its place or by the closest header): what they
    show was read, so a blank among them is still a 0."""


def match_form(values: list[ValueCell], form: Form, tuning: MappingSettings) -> TableMatch:
    paths = [_split_paths(vc, form) for vc in values]
    printed_rows = list(dict.fromkeys(tuple(r) for r, _ in paths))
    rows = _align_rows(printed_rows, form, tuning)
    columns = {c: _match_column(c, form, tuning) for c in dict.fromkeys(tuple(c) for _, c in paths)}
    placed = _place_columns(values, paths, columns, form) if form.row_labels == "row_header" else {}
    wanted = set(form.cells)
    found: dict[tuple[str, str], tuple[ValueCell, float, str]] = {}
    rivals: dict[tuple[str, str], list[ValueCell]] = {}
    column_doubt: dict[tuple[str, str], str] = {}
    for vc, (row_path, col_path) in zip(values, paths, strict=True):
        row, col = rows.get(tuple(row_path)), columns.get(tuple(col_path)) or placed.get(vc.cell.col)
        if row is None or col is None or (row[0], col[0]) not in wanted:
            continue
        sim = (row[1] + col[1]) / 2
        key = (row[0], col[0])
        rivals.setdefault(key, []).append(vc)
        if key not in found or found[key][1] < sim:
            found[key] = (vc, sim, "; ".join(n for n in (row[2], col[2]) if n))
            if not row[2]:
                column_doubt[key] = col[2]
    for key, candidates in rivals.items():
        if note := _rivals(candidates):
            vc, sim, before = found[key]
            found[key] = (vc, sim, "; ".join(n for n in (before, note) if n))
    score = sum(s for _, s, _ in found.values()) - tuning.missing_cost * (len(wanted) - len(found))
    column_only = frozenset(k for k, (_, _, note) in found.items() if note and note == column_doubt.get(k))
    return TableMatch(form, found, score, column_only)


def best_match(values: list[ValueCell], template: Template, tuning: MappingSettings) -> TableMatch | None:
    """The (table, form) a grid's value cells fit best, or None for a table that is not
    the template's."""
    if not values:
        return None
    matches = [match_form(values, form, tuning) for table in template.tables for form in table.forms]
    # A grid is a template table when most of its value cells found a template cell, or
    # it holds most of a form's cells; a grid of one value (a block of table 二 printed
    # without rulings) when it fits well.
    good = [
        m for m in matches
        if len(m.cells) >= max(tuning.min_matched, min(tuning.matched_share * len(values), tuning.form_fit * len(m.form.cells)))
        or (len(values) == 1 and any(sim >= tuning.lone_value_fit for _, sim, _ in m.cells.values()))
    ]
    return max(good, key=lambda m: m.score, default=None)


def _cell_from(vc: ValueCell, form: Form, row: str, col: str, settings: Settings, note: str = "", place: str = "") -> Cell:
    """The template cell a value cell is. A ``note`` says its place or reading is in
    doubt and flags it (a blank then has no value); a ``place`` note flags a cell whose
    one doubt is its column and keeps what it shows."""
    column = form.column(col)
    reader = settings.template.reader
    printed = reader.read(vc.cell.text)
    words = vc.cell.words
    cell = Cell(
        table=form.table,
        row=row,
        column=col,
        raw=vc.cell.text,
        page=vc.cell.page,
        box=vc.cell.box,
        source=words[0].source if words else TextSource.TEXT_LAYER,
        score=vc.cell.score,
        row_label=" / ".join(vc.row_path),
        column_label=" / ".join(vc.col_path),
        alternatives=tuple(ch.alternatives for w in words for ch in w.chars if ch.alternatives),
    )
    if column.kind == "amount":
        cell.unit = printed.unit or reader.named_in("".join(vc.col_path)) or column.unit
    if printed.kind == "blank":
        cell.value, cell.status = "0", Status.BLANK
    elif printed.kind == "number" and (column.kind != "count" or printed.value.isdigit()):
        cell.value, cell.status = printed.value, Status.OK
    elif printed.kind == "number":
        cell.status, cell.reason = Status.FLAGGED, f"printed {vc.cell.text!r}: a count must be a whole non-negative number"
    else:
        cell.status, cell.reason = Status.FLAGGED, f"printed {vc.cell.text!r} is not a number"
    if cell.status == Status.OK and (why := out_of_bounds(cell.value, column.kind, settings.max_count, settings.max_amount)):
        cell.value, cell.status, cell.reason = "", Status.FLAGGED, f"printed {why}"
    if note and cell.status == Status.BLANK:
        cell.value = ""  # a blank whose place is in doubt is no 0 anyone read
    if note or place:
        cell.status, cell.reason = Status.FLAGGED, "; ".join(r for r in (cell.reason, note, place) if r)
    return cell


def map_to_template(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Fill ``document.cells`` and ``document.forms`` from its grids."""
    template = settings.template
    per_table: dict[str, list[tuple[TableMatch, list[ValueCell]]]] = {}
    for grid in document.grids:
        values = value_cells(grid, template.reader)
        match = best_match(values, template, settings.mapping)
        if match is not None:
            per_table.setdefault(match.form.table, []).append((match, values))
    pages = {page.number: page for page in document.pages}
    cells: list[Cell] = []
    for table in template.tables:
        matches = _in_one_form(table, per_table.get(table.key, []), settings.mapping,
                               _year_form(table, document.year))
        if not matches:
            form = _assumed_form(table, document)
            document.forms.setdefault(table.key, form.form)
            cells.extend(Cell(table.key, r, c, reason="table not found in the document") for r, c in form.cells)
            continue
        form = matches[0].form
        document.forms[table.key] = form.form
        for row, col in form.cells:
            holding = [m for m in matches if m.form is form and (row, col) in m.cells]
            if not holding:
                cells.append(Cell(table.key, row, col, reason="not found in the document's table"))
                continue
            vc, _, note = holding[0].cells[(row, col)]
            place = note if (row, col) in holding[0].placed else ""
            doubts = (note if not place else "", _rivals([m.cells[(row, col)][0] for m in holding]),
                      _labels_under_mark(vc, pages, settings.ink.under_mark))
            cells.append(_cell_from(vc, form, row, col, settings, note="; ".join(n for n in doubts if n), place=place))
    document.cells = cells
    return document


def _rivals(candidates: list[ValueCell]) -> str:
    """A note when the grid cells that answer to one template cell read differently (a
    label split over two grid rows, two headers taken for one column, a row printed in
    two pieces of a table): which of them is the cell cannot be told."""
    texts = sorted({vc.cell.text.strip() for vc in candidates})
    if len(texts) < 2:
        return ""
    return f"{len(candidates)} cells of the table answer to this one, read {' and '.join(map(repr, texts))}"


def _labels_under_mark(vc: ValueCell, pages: dict[int, Page], share: float) -> str:
    """A note when a label cell addressing ``vc`` lies under a seal or mark: what was read
    of it may be another label's remains, so which row or column the value is in cannot
    be told from print (a seal over the column headers shifted a column onto its neighbour's
    key, every digit read right)."""
    for kind, labels in (("column header", vc.col_labels), ("row label", vc.row_labels)):
        for label in labels:
            page = pages.get(label.page)
            if page is not None and page.under_mark(label.box, share):
                return f"its {kind} {label.text!r} lies under a seal or mark: which cell this is cannot be told from print"
    return ""


def _in_one_form(table: Table, found: list[tuple[TableMatch, list[ValueCell]]], tuning: MappingSettings,
                 year_form: str) -> list[TableMatch]:
    """The matches of one table's pieces, best first, all read in one form: the form
    whose labels explain most of the printed cells of all the pieces taken together.

    A piece alone may fit another form better (a few rows on one page, which both
    forms share), and so may all of them when only shared rows were found: the form
    with fewer cells then misses fewer. So the form is chosen by what its rows explain,
    not by what it misses; where the forms explain the same, the form in force for the
    report's year decides, and only then the fewer cells missed."""
    if not found:
        return []
    readings = {
        id(form): [m if m.form is form else match_form(v, form, tuning) for m, v in found]
        for form in table.forms
    }

    def fit(ms: list[TableMatch]) -> tuple[float, bool, float]:
        explained = round(sum(sim for m in ms for _, sim, _ in m.cells.values()), 6)
        return explained, ms[0].form.form == year_form, sum(m.score for m in ms)

    best = max(readings.values(), key=fit)
    return sorted(best, key=lambda m: -m.score)


def _dated(table: Table) -> list[Form]:
    """The table's forms that say when they came in force, oldest first."""
    return sorted((f for f in table.forms if f.in_force_from), key=lambda f: f.in_force_from)


def _year_form(table: Table, year: int | None) -> str:
    """The form in force in ``year`` among the table's forms (the template's
    ``in_force_from``; a year before them all takes the oldest); "" when unknown."""
    dated = _dated(table)
    if year is None or len(table.forms) < 2 or not dated:
        return ""
    reached = [f for f in dated if f.in_force_from <= year]
    return (reached[-1] if reached else dated[0]).form


def _assumed_form(table: Table, document: Document) -> Form:
    """The form to report a table that was not found in: the one the document's other
    tables use, else the one in force for its year, else the newest form."""
    names = [f.form for f in table.forms]
    found = {f for f in document.forms.values() if f in names}
    if len(found) == 1:
        name = found.pop()
    else:
        dated = _dated(table)
        name = _year_form(table, document.year) or (dated[-1].form if dated else names[0])
    return next(f for f in table.forms if f.form == name)
