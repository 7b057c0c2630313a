"""Cell rectangles from ruling lines, with pdfplumber's chain of pure functions.

The same chain serves digital pages (rulings from the PDF's drawing operators) and
scanned pages (rulings detected in pixels): snap and join edges, find intersections,
close the smallest rectangles, group touching rectangles into tables.
"""

from __future__ import annotations

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

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


def cell_tables(rulings: list[Ruling], settings: Settings) -> list[list[Box]]:
    """Groups of cell boxes, one group per ruled table on the page, top to bottom."""
    if not rulings:
        return []
    edges = merge_edges(
        [_edge(r) for r in rulings],
        snap_x_tolerance=settings.snap_tolerance,
        snap_y_tolerance=settings.snap_tolerance,
        join_x_tolerance=settings.join_tolerance,
        join_y_tolerance=settings.join_tolerance,
    )
    intersections = edges_to_intersections(
        edges, x_tolerance=settings.intersection_tolerance, y_tolerance=settings.intersection_tolerance
    )
    tables = [t for t in cells_to_tables(intersections_to_cells(intersections)) if len(t) >= settings.min_table_cells]
    return sorted((list(map(tuple, t)) for t in tables), key=lambda t: min(b[1] for b in t))
