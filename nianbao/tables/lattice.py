"""Cell rectangles from ruling lines, with pdfplumber's chain of pure functions.

The same chain serves digital pages (rulings from the PDF's drawing operators) and
scanned pages (rulings detected in pixels): snap and join edges, find intersections,
close the smallest rectangles, group touching rectangles into tables.

A table a page break cut is closed first where the renderer left it open: a browser
draws no border where a row or a merged cell runs on to the next page, so the vertical
lines of the piece end in the air and its first row (or its group-label column) would
close no rectangle. Each such run of open ends gets the horizontal line the page break
stands for.

A seal stamped over a table's edge draws lines of its own (its ring, the strokes of the
text round it) that join the table's rulings into cells: a table 二 under a black seal
came out as one grid of 21 columns that no template table matched, and all its cells
were lost. Those lines (``seal_drawing``) are kept only where both their ends meet the
other rulings: a border under the seal runs from ruling to ruling, a seal's stroke ends
in the air.
"""

from __future__ import annotations

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from ..imaging import seal_drawing
from ..model import Box, Ruling
from ..settings import Settings


def _edge(ruling: Ruling) -> dict:
    if ruling.orientation == "h":
        return {
            "x0": ruling.start, "x1": ruling.end, "top": ruling.position, "bottom": ruling.position,
            "width": ruling.end - ruling.start, "height": 0.0, "orientation": "h",
        }
    return {
        "x0": ruling.position, "x1": ruling.position, "top": ruling.start, "bottom": ruling.end,
        "width": 0.0, "height": ruling.end - ruling.start, "orientation": "v",
    }


def _vertical_runs(rulings: list[Ruling], tolerance: float) -> list[Ruling]:
    """Vertical lines with the segments of one line joined: a browser draws each cell's
    border on its own, so one line comes as a segment per row."""
    runs: list[Ruling] = []
    for v in sorted((r for r in rulings if r.orientation == "v"), key=lambda r: (round(r.position / tolerance), r.start)):
        last = runs[-1] if runs else None
        if last and abs(last.position - v.position) <= tolerance and v.start <= last.end + tolerance:
            runs[-1] = Ruling("v", last.position, last.start, max(last.end, v.end))
        else:
            runs.append(v)
    return runs


def _open_ends(rulings: list[Ruling], tolerance: float, open_end: float) -> list[tuple[float, float]]:
    """(y, x) of every vertical line end that no horizontal line meets."""
    horizontal = [r for r in rulings if r.orientation == "h"]
    ends = []
    for v in _vertical_runs(rulings, tolerance):
        met = [h.position for h in horizontal if h.start - tolerance <= v.position <= h.end + tolerance
               and v.start - tolerance <= h.position <= v.end + tolerance]
        if min(met, default=v.end) - v.start > open_end:  # a line no horizontal meets is open at both ends
            ends.append((v.start, v.position))
        if v.end - max(met, default=v.start) > open_end:
            ends.append((v.end, v.position))
    return ends


def close_open_ends(rulings: list[Ruling], tolerance: float, open_end: float) -> list[Ruling]:
    """The rulings with a horizontal line across each level where vertical lines end open,
    from the leftmost to the rightmost vertical line that reaches that level."""
    closing: list[Ruling] = []
    for y, _ in sorted(_open_ends(rulings, tolerance, open_end)):
        if any(abs(c.position - y) <= tolerance for c in closing):
            continue
        reach = [r.position for r in rulings if r.orientation == "v" and r.start - tolerance <= y <= r.end + tolerance]
        if len(reach) >= 2:
            closing.append(Ruling("h", y, min(reach), max(reach)))
    return rulings + closing


def _box(bbox: tuple[float, ...]) -> Box:
    x0, top, x1, bottom = bbox
    return (x0, top, x1, bottom)


def _meets(end: float, across: float, lines: list[Ruling], tolerance: float) -> bool:
    """Whether a line ending at ``end`` (along its direction, at ``across``) meets one of
    ``lines`` (perpendicular to it) there."""
    return any(abs(line.position - end) <= tolerance and line.start - tolerance <= across <= line.end + tolerance
               for line in lines)


def _bounded(ruling: Ruling, others: list[Ruling], tolerance: float) -> bool:
    """Whether both ends of ``ruling`` meet a perpendicular line of ``others``: a cell's
    border runs from ruling to ruling; a seal's stroke ends in the air."""
    across = [r for r in others if r.orientation != ruling.orientation]
    return all(_meets(end, ruling.position, across, tolerance) for end in (ruling.start, ruling.end))


def cell_tables(rulings: list[Ruling], settings: Settings, marks: list[Box] | None = None) -> list[list[Box]]:
    """Groups of cell boxes, one group per ruled table on the page, top to bottom. Lines
    a seal (one of ``marks``) may have drawn count only where they run from ruling to
    ruling of the rest, as a border under the seal does."""
    drawn = seal_drawing(rulings, marks or [], settings.text_height)
    if drawn:
        plain = [r for r in rulings if r not in drawn]
        tolerance = settings.tables.intersection_tolerance
        rulings = plain + [r for r in drawn if _bounded(r, plain, tolerance)]
    return _tables(rulings, settings)


def _tables(rulings: list[Ruling], settings: Settings) -> list[list[Box]]:
    if not rulings:
        return []
    tuning = settings.tables
    edges = merge_edges(
        [_edge(r) for r in close_open_ends(rulings, tuning.snap_tolerance, tuning.open_end)],
        snap_x_tolerance=tuning.snap_tolerance,
        snap_y_tolerance=tuning.snap_tolerance,
        join_x_tolerance=tuning.join_tolerance,
        join_y_tolerance=tuning.join_tolerance,
    )
    intersections = edges_to_intersections(
        edges, x_tolerance=tuning.intersection_tolerance, y_tolerance=tuning.intersection_tolerance
    )
    tables = [t for t in cells_to_tables(intersections_to_cells(intersections)) if len(t) >= tuning.min_table_cells]
    boxes = [[_box(b) for b in t] for t in tables]
    return sorted(boxes, key=lambda t: min(b[1] for b in t))
