"""Turn a digital page whose text runs sideways or upside down so that it reads upright.

A page with ``/Rotate`` whose content is drawn for it (a Word landscape section exported
as a portrait page turned a quarter) comes out of pdfplumber upright already. A page
whose content is drawn turned against its frame (a table page printed sideways, or a
``/Rotate`` that turns upright content over) comes out with every character running
down, up or right to left. Such a page's characters and ruling edges are turned here by
the quarter turn that makes its text run left to right, and its size with them; the
page records the turn so that a rendering of it (for review crops) is turned the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

Point = tuple[float, float]

def char_turn(matrix: tuple[float, ...]) -> int:
    """Clockwise quarter turns that make a character drawn with ``matrix`` upright.

    The matrix's first column is the direction the text advances in, in PDF space (y up);
    on the page (y down) a character advancing downward needs three clockwise quarter
    turns (one counter-clockwise) to advance rightward."""
    dx, dy = matrix[0], -matrix[1]
    if abs(dx) >= abs(dy):
        return 0 if dx > 0 else 2
    return 3 if dy > 0 else 1


def page_turn(chars: Iterable[dict], dominant: float) -> int:
    """The quarter turn more than the ``dominant`` share of the page's characters need, or 0
    when not so many run one other way."""
    votes = Counter(char_turn(c["matrix"]) for c in chars if c.get("matrix") and c["text"].strip())
    if not votes:
        return 0
    turn, count = votes.most_common(1)[0]
    return turn if count > dominant * sum(votes.values()) else 0


def turn_point(x: float, y: float, width: float, height: float, turn: int) -> Point:
    """Where a point of a ``width`` × ``height`` page lands when the page is turned
    ``turn`` quarters clockwise (origin top-left, y down)."""
    if turn == 1:
        return height - y, x
    if turn == 2:
        return width - x, height - y
    if turn == 3:
        return y, width - x
    return x, y


def turned_size(width: float, height: float, turn: int) -> tuple[float, float]:
    return (height, width) if turn % 2 else (width, height)


def turn_object(obj: dict, width: float, height: float, turn: int) -> dict:
    """A pdfplumber char or edge with its box turned; a char is upright when it reads upright on the turned page."""
    (ax, ay), (bx, by) = (turn_point(obj["x0"], obj["top"], width, height, turn),
                          turn_point(obj["x1"], obj["bottom"], width, height, turn))
    x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    out = {**obj, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
           "width": x1 - x0, "height": bottom - top}
    if "matrix" in obj:
        out["upright"] = char_turn(obj["matrix"]) == turn
    if obj.get("orientation") and turn % 2:
        out["orientation"] = "v" if obj["orientation"] == "h" else "h"
    return out
