"""The types of the stream (borderless) table reader: printed lines, header blocks,
table segments and body rows, with boxes whose edges have names.

Lengths come in points; ``Scale`` turns the stream settings, in character heights, into
points for one document's print.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from typing import NamedTuple

from ...model import Word
from ...settings import StreamSettings
from ...values import CellReader
from ..grid import union


class Rect(NamedTuple):
    """A box in points with named edges (``model.Box`` as a named tuple)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


def rect(word: Word) -> Rect:
    """A word's box, by name."""
    return Rect(*word.box)


Span = tuple[float, float]
"""An x-range (left, right) in points: a column's, or a value's extent."""


class _InPoints:
    """A stream setting in character heights, read from a ``Scale`` in points."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, scale: Scale, owner: type | None = None) -> float:
        return float(getattr(scale.tuning, self.name)) * scale.char


@dataclass(frozen=True, slots=True)
class Scale:
    """The stream settings in points, for print ``char`` points high (the median height
    of the document's free words). Each length below is the ``StreamSettings`` field of
    its name times ``char``; the other settings are read from ``tuning`` as they are.
    ``reader`` reads the words by the template's units."""

    char: float
    tuning: StreamSettings
    reader: CellReader

    header_gap = _InPoints()
    wrap_slack = _InPoints()
    word_gap = _InPoints()
    level_gap = _InPoints()
    label_edge = _InPoints()
    wrap_edge = _InPoints()
    stack_gap = _InPoints()
    blank_row = _InPoints()
    over_values = _InPoints()


def is_value(word: Word, reader: CellReader) -> bool:
    return bool(word.text.strip()) and not reader.is_label(word.text)


@dataclass(slots=True)
class Line:
    """One printed line of free words on one page, with the values it ends with (numbers
    and dashes after its label; fewer than ``row_values`` of them with no label before
    them, a lone number such as a page number or a year, are no row)."""

    page: int
    words: list[Word]
    row_values: InitVar[int]
    reader: InitVar[CellReader]
    values: list[Word] = field(init=False)

    def __post_init__(self, row_values: int, reader: CellReader) -> None:
        k = len(self.words)
        while k > 0 and is_value(self.words[k - 1], reader):
            k -= 1
        tail = self.words[k:]
        self.values = tail if len(tail) >= row_values or (tail and k > 0) else []

    @property
    def top(self) -> float:
        return min(rect(w).top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(rect(w).bottom for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def right(self) -> float:
        return max(rect(w).x1 for w in self.words)

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    @property
    def labels(self) -> list[Word]:
        """The words before its values."""
        return self.words[: len(self.words) - len(self.values)]


@dataclass(slots=True)
class Block:
    """Header words stacked into one printed header cell, on one page (a header a page
    break cut has blocks on two)."""

    words: list[Word]
    boxes: list[Rect]
    page: int

    @property
    def box(self) -> Rect:
        return Rect(*union(self.boxes))

    @property
    def centre(self) -> float:
        return self.box.centre


@dataclass(slots=True)
class Segment:
    """One table (or one block of table 二): its header lines and its body lines."""

    header: list[Line]
    body: list[Line]


@dataclass(slots=True)
class Row:
    """One body row: a value line with its label, or a label printed alone (a row left blank)."""

    page: int
    top: float
    bottom: float
    words: list[Word]
    """Its label words and values."""

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2
