"""A number its narrow cell wrapped onto two or more lines ("19" over "9" for 199).

Large table text in a narrow value column makes Word, LibreOffice and browsers break a
number inside it. The lines are one printed number, not two values: a ruled cell holds
one value, and each line but the last was cut because the next digit did not fit. Only
lines of digits alone are joined, and only where the number they make would not fit on
one line of the cell; anything else stays as printed (and is flagged by the mapping).
"""

from __future__ import annotations

from ..lines import group_lines
from ..model import Char, TableGrid, Word
from .grid import union


def _wrapped(lines: list[list[Word]], width: float, padding: float) -> bool:
    """A number whose lines laid end to end would not fit in the cell's width less its
    ``padding`` (``TableSettings.cell_padding``) was wrapped by its cell."""
    if len(lines) < 2 or any(len(line) != 1 or not line[0].text.isdigit() for line in lines):
        return False
    words = [line[0] for line in lines]
    need = sum(w.box[2] - w.box[0] for w in words)
    widest_first = all(len(w.text) >= len(words[-1].text) for w in words[:-1])
    return widest_first and need + padding > width


def unwrapped(lines: list[list[Word]], width: float, padding: float) -> list[Word]:
    """The words of a cell ``width`` wide, given as its lines top to bottom (a row a page
    break cut gives the lines of both pages): one word where they are a wrapped number."""
    words = [w for line in lines for w in line]
    if not _wrapped(lines, width, padding):
        return words
    chars: tuple[Char, ...] = tuple(ch for w in words for ch in w.chars)
    return [Word("".join(w.text for w in words), union([w.box for w in words]),
                 min(w.score for w in words), chars, words[0].source)]


def join_wrapped_numbers(grid: TableGrid, padding: float) -> None:
    """Join, in every cell of ``grid``, the lines of a number the cell wrapped."""
    for cell in grid.cells:
        cell.words = unwrapped(group_lines(cell.words), cell.box[2] - cell.box[0], padding)
