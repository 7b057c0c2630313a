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
from ..settings import Settings, TableSettings


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


def _runs(rulings: list[Ruling], orientation: str, tolerance: float) -> list[Ruling]:
    """The lines of one orientation with the segments of one line joined: a browser draws
    each cell's border on its own, so one line comes as a segment per cell."""
    runs: list[Ruling] = []
    for line in sorted((r for r in rulings if r.orientation == orientation),
                       key=lambda r: (round(r.position / tolerance), r.start)):
        last = runs[-1] if runs else None
        if last and abs(last.position - line.position) <= tolerance and line.start <= last.end + tolerance:
            runs[-1] = Ruling(orientation, last.position, last.start, max(last.end, line.end))
        else:
            runs.append(line)
    return runs


def _open_ends(rulings: list[Ruling], orientation: str, tuning: TableSettings) -> list[tuple[float, bool]]:
    """Where the lines of one orientation end with no perpendicular line meeting them: the
    coordinate along the line of each open end, and whether a perpendicular line crosses
    the line's way on just beyond it (the end then lies inside a cell)."""
    tolerance = tuning.snap_tolerance
    across = [r for r in rulings if r.orientation != orientation]
    ends = []
    for line in _runs(rulings, orientation, tolerance):
        crossing = [a.position for a in across if a.start - tolerance <= line.position <= a.end + tolerance]
        met = [p for p in crossing if line.start - tolerance <= p <= line.end + tolerance]
        if min(met, default=line.end) - line.start > tuning.open_end:  # a line nothing meets is open at both ends
            ends.append((line.start, any(0 < line.start - p <= tuning.inside_cell for p in crossing)))
        if line.end - max(met, default=line.start) > tuning.open_end:
            ends.append((line.end, any(0 < p - line.end <= tuning.inside_cell for p in crossing)))
    return ends


def close_open_ends(rulings: list[Ruling], tuning: TableSettings) -> list[Ruling]:
    """The rulings with a line across each level where parallel lines end open: a
    horizontal line where vertical ones end in the air (a page break), a vertical one
    where horizontal ones do (a table cut by the edge of a photo or a scan, a table drawn
    without side borders). It runs between the outermost lines that reach that level.

    A line a scan joined to a character's stroke overshoots into the row beyond its end
    and ends open too: one such end, with a line across just beyond it, closes nothing.
    Several lines ending together are a cut; so is one with nothing beyond it (the
    group-label column of a piece a browser left open at the page break)."""
    tolerance = tuning.snap_tolerance
    closing: list[Ruling] = []
    for orientation, other in (("v", "h"), ("h", "v")):
        ends = sorted(_open_ends(rulings, orientation, tuning))
        for at, inside in ends:
            if any(c.orientation == other and abs(c.position - at) <= tolerance for c in closing):
                continue
            if inside and sum(abs(e - at) <= tolerance for e, _ in ends) < tuning.open_lines:
                continue
            reach = [r.position for r in rulings if r.orientation == orientation and r.start - tolerance <= at <= r.end + tolerance]
            if len(reach) >= 2:
                closing.append(Ruling(other, at, min(reach), max(reach)))
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
    drawn = seal_drawing(rulings, marks or [], settings.text_height, settings.imaging)
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
        [_edge(r) for r in close_open_ends(rulings, tuning)],
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
