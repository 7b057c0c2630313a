"""The document model every stage shares.

Data flows one way: ``ingest`` fills :class:`Page` objects with words and ruling lines
(or, for a scan, its pixels, which ``scan`` repairs and ``ocr`` reads into words),
``tables`` turns them into :class:`TableGrid` objects, ``mapping`` turns grids into
:class:`Cell` objects addressed by canonical keys, ``reconcile`` settles their status,
and ``export`` writes them. Each stage only reads what the previous one wrote; what goes
wrong is kept as :class:`ErrorItem` data. See ARCHITECTURE.md.

Coordinates are PDF points with the origin at the top-left of the page, for digital and
scanned pages alike (an OCR'd page converts its pixels), so that review can show any cell
whatever path it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .settings import ImagingSettings, Settings

Box = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin top-left."""

def overlap(a: Box, b: Box) -> float:
    """Share of box ``a`` that box ``b`` covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = (a[2] - a[0]) * (a[3] - a[1])
    return max(0.0, w) * max(0.0, h) / area if area > 0 else 0.0


class TextSource(StrEnum):
    """Where a page's text came from; decides whether a value may ever be changed."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    PLAIN_TEXT = "plain_text"
    """Text without geometry (an archived web page): tables arrive as runs of digits."""
    MARKUP = "markup"
    """A file's own structure (a web page, a Word file): paragraphs in reading order and
    tables with their cells as the file states them, no geometry to recover. Its words are
    the file's text, as trustworthy as a text layer (their source is ``TEXT_LAYER``)."""
    NONE = "none"


class Status(StrEnum):
    """Per-cell status, exactly the values of the CSV contract."""

    OK = "ok"
    BLANK = "blank"
    CORRECTED = "corrected"
    FLAGGED = "flagged"
    REVIEWED = "reviewed"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Char:
    """One character with its box and, from OCR, its ranked alternatives (text, prob)."""

    text: str
    box: Box
    alternatives: tuple[tuple[str, float], ...] = ()


@dataclass(slots=True)
class Word:
    """A run of characters read as one token on one line."""

    text: str
    box: Box
    score: float = 1.0
    chars: tuple[Char, ...] = ()
    source: TextSource = TextSource.TEXT_LAYER

    @property
    def center(self) -> tuple[float, float]:
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)


@dataclass(frozen=True, slots=True)
class Ruling:
    """A ruling line segment: horizontal (``h``) at y=position from x=start to x=end,
    or vertical (``v``) at x=position from y=start to y=end."""

    orientation: str
    position: float
    start: float
    end: float


@dataclass(slots=True)
class PageInk:
    """What is ink on a repaired page's ``image`` (``imaging.ink_mask``), measured once for
    the stages after repair that all look at it (``find_marks``, ``find_rulings``,
    ``read_pages``), and the straight runs of it that ``find_marks`` found and
    ``find_rulings`` takes for ruling lines (``imaging.ruling_runs``). It holds for
    ``image`` with the ``imaging`` settings only (``imaging.page_ink`` measures again where
    the page's image was replaced); the stage that last needs a part drops it."""

    image: np.ndarray
    imaging: ImagingSettings
    """The settings it was measured with."""
    mask: np.ndarray
    runs: dict[tuple[bool, int, int], np.ndarray] = field(default_factory=dict)
    """Straight runs by (horizontal, length in pixels, thickening in pixels)."""


@dataclass(slots=True)
class Page:
    """One page: its words and ruling lines, and whether its text can be trusted."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    text_source: TextSource = TextSource.TEXT_LAYER
    problem: str | None = None
    """Why the page's text layer is unusable, or None."""
    image: np.ndarray | None = field(default=None, repr=False)
    """The page's pixels when it must be read by OCR (RGB, then grey once repaired)."""
    dpi: float = 0.0
    """Pixels per inch of ``image``; boxes stay in points (``px * 72 / dpi``)."""
    turn: int = 0
    """Clockwise quarter turns that made a digital page's text read upright (its words
    and rulings are in the turned frame); a rendering of the page is turned the same."""
    repairs: list[str] = field(default_factory=list)
    """What page repair did (rotated, deskewed, seal removed ...), for the report."""
    tables: list[TableGrid] = field(default_factory=list)
    """A markup page's tables, as the file states them (``MARKUP`` pages only)."""
    pictures: list[Box] = field(default_factory=list)
    """Regions of a page with a usable text layer that hold a picture (a table pasted as an
    image): read from ``image`` by OCR, their words added to the page's own."""
    marks: list[Box] = field(default_factory=list)
    """Regions of a scanned page covered by something that is not print (a seal or stamp
    left in the grey image, a smudge): a cell under one is never taken as blank."""
    binarised: bool = False
    """The scan is black and white with no grey between (a fax): page repair says so, and
    OCR reads it with the recognizer that does not take its specks for marks."""
    red_stamped: bool = False
    """A red seal or stamp is printed over the page: page repair says so, and OCR reads it
    with the recognizer that reads the print under the seal's remains best."""
    ink: PageInk | None = field(default=None, repr=False)
    """The repaired image's ink, kept between the stages that measure it (``PageInk``)."""

    @property
    def needs_ocr(self) -> bool:
        return self.image is not None and self.text_source == TextSource.NONE

    @property
    def pixels(self) -> np.ndarray:
        """``image``, for code that only runs on pages that have one (``needs_ocr``, a
        picture region): a page without pixels there is a bug, said as such."""
        if self.image is None:
            raise ValueError(f"page {self.number} has no pixels")
        return self.image

    def under_mark(self, box: Box, share: float) -> bool:
        """Whether a seal or mark (``marks``) covers at least ``share`` of ``box``
        (``InkSettings.under_mark``): what is printed there is under it."""
        return any(overlap(box, mark) >= share for mark in self.marks)


@dataclass(slots=True)
class GridCell:
    """One (possibly merged) cell of a recovered table grid."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box
    page: int
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Words joined as a reader would: no space in Chinese, one between Latin words."""
        out = ""
        for w in self.words:
            if out and out[-1].isascii() and out[-1].isalnum() and w.text[:1].isascii() and w.text[:1].isalnum():
                out += " "
            out += w.text
        return out

    @property
    def score(self) -> float:
        return min((w.score for w in self.words), default=1.0)


@dataclass(slots=True)
class TableGrid:
    """A table as a grid of rows and columns, merged cells as spans.

    A table continued over a page break is one grid; its cells keep their own page.
    """

    n_rows: int
    n_cols: int
    cells: list[GridCell]
    pages: list[int]
    col_lines: list[float] = field(default_factory=list)
    """x of each column boundary, left to right (n_cols + 1 values)."""


@dataclass(slots=True)
class Cell:
    """One template cell of one document: the unit of the CSV contract."""

    table: str
    row: str
    column: str
    value: str = ""
    status: Status = Status.MISSING
    raw: str = ""
    unit: str = ""
    page: int | None = None
    box: Box | None = None
    source: TextSource = TextSource.NONE
    score: float = 1.0
    reason: str = ""
    row_label: str = ""
    column_label: str = ""
    alternatives: tuple[tuple[tuple[str, float], ...], ...] = ()
    """Per character read by OCR, the recognizer's ranked alternatives (text, prob)."""
    proposal: str = ""
    """For a flagged cell, the value the arithmetic suggests, when it suggests one."""
    covered: bool = False
    """The cell lies under a seal, stamp or smudge (``Page.marks``): whatever was read
    there goes to a person."""

    @property
    def key(self) -> str:
        return f"{self.table}.{self.row}.{self.column}"


@dataclass(slots=True)
class Line:
    """One printed line of a page (a table row is one line), and its layout class."""

    page: int
    box: Box
    words: list[Word]
    label: str = ""
    """One of ``layout.CLASSES``: title, heading, subheading, body, table, furniture, seal, other."""
    score: float = 0.0
    """The classifier's probability for ``label``."""

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)


@dataclass(slots=True)
class Section:
    """One numbered section of the report (一 … 六) as found on the pages."""

    number: str
    heading: str
    """The heading as printed."""
    page: int
    top: float
    text: str = ""
    """The section's narrative: its body and sub-heading lines, in reading order."""
    tables: list[str] = field(default_factory=list)
    """Keys of the template tables found in this section."""


@dataclass(frozen=True, slots=True)
class RowRun:
    """One template row found in plain text: what follows its label, up to the next."""

    table: str
    form: str
    row: str
    text: str


class ErrorKind(StrEnum):
    """What went wrong with a document; its status follows from the kinds it has."""

    UNREADABLE = "unreadable"
    """The file, or a part of it, cannot be read (damaged, refused, of no known format)."""
    NOT_READ = "not_read"
    """Something readable was left unread: no OCR engine, a web page's picture missing."""
    NEEDS_OCR = "needs_ocr"
    """Pages without a usable text layer that nothing read."""
    NO_REPORT = "no_report"
    """The file was read, but none of the template's tables is in it."""
    RAISED = "raised"
    """A stage raised on this document (a bug met on an odd file): its traceback is kept."""


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One problem met on one document, as data (the shape of docling's ``ErrorItem``): the
    stage that met it, the pages concerned, its kind, and what to tell a person. A stage that
    raised also keeps the exception's type name and traceback (written to the output
    directory's log, never shown as a success)."""

    stage: str
    """The stage's function name (``load_document`` for ingest, ``extract`` for the pipeline's own)."""
    kind: ErrorKind
    message: str
    pages: tuple[int, ...] = ()
    """Page numbers concerned, when the problem is on some pages only."""
    exception: str = ""
    """For ``RAISED``: the exception's type name."""
    traceback: str = ""

    @property
    def text(self) -> str:
        """The one line shown for it (the ``errors`` column of ``reports.csv``, the summary)."""
        if self.kind == ErrorKind.RAISED:
            return f"{self.stage} failed: {self.exception}: {self.message}"
        return self.message


@dataclass(slots=True)
class Document:
    """Everything known about one input file, from pages to reconciled cells."""

    path: Path
    """For a batch, the input's path relative to the input folder (``member`` of
    ``archive.zip/member`` for an archived one); for ``extract``, as given."""
    pages: list[Page] = field(default_factory=list)
    grids: list[TableGrid] = field(default_factory=list)
    title: str = ""
    body: str = ""
    year: int | None = None
    forms: dict[str, str] = field(default_factory=dict)
    """Template form recognised per table, e.g. {"applications": "2021"}."""
    cells: list[Cell] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)
    """Every problem met, in the order met; ``status`` follows from them."""
    source_errors: list[str] = field(default_factory=list)
    """Constraints the publisher's own numbers break, as human-readable lines."""
    runs: list[RowRun] = field(default_factory=list)
    """Rows of a table found in plain text, their cells' digits run together."""
    lines: list[Line] = field(default_factory=list, repr=False)
    """Every printed line with its layout class (the layout stage)."""
    sections: list[Section] = field(default_factory=list)
    crops: dict[str, bytes] = field(default_factory=dict, repr=False)
    """PNG of the row of each flagged or corrected cell (the cell framed), by key, for review."""
    sha256: str = ""
    """SHA-256 of the input's bytes, once the document is stored (empty before)."""
    url: str = ""
    """Where the file was scraped from, when the scrape's metadata says (``meta``)."""
    supplied: list[str] = field(default_factory=list)
    """Fields (body, year, url) set from the scrape's metadata rather than read."""
    kind: str = ""
    """What the file is, as ingest sniffed it (``ingest.KINDS``); empty when unreadable."""

    @property
    def failures(self) -> list[ErrorItem]:
        """The errors of stages that raised."""
        return [e for e in self.errors if e.kind == ErrorKind.RAISED]

    @property
    def error_lines(self) -> list[str]:
        """Each error as the line shown to people."""
        return [e.text for e in self.errors]

    @property
    def name(self) -> str:
        """The file's own name, without its folder."""
        return self.path.name

    @property
    def identity(self) -> str:
        """The ``document`` of every output row: the path (see ``path``), so that two
        files of one name in different folders stay two documents."""
        return self.path.as_posix()

    def cells_frame(self, settings: Settings | None = None) -> Any:  # a pandas.DataFrame; pandas is an optional extra
        """The document's cells as a typed pandas frame (``nianbao.frames.cells_frame``), by
        the template of the ``settings`` it was read with (the default ones when None)."""
        from .frames import cells_frame
        from .settings import DEFAULT_SETTINGS

        return cells_frame([self], (settings or DEFAULT_SETTINGS).template)

    @property
    def form(self) -> str:
        """One form for the whole document, ``mixed`` when its tables differ. Tables whose
        grid is the same in every form (form ``any``) do not count."""
        named = {f for f in self.forms.values() if f != "any"}
        if not named:
            return "any" if self.forms else ""
        return named.pop() if len(named) == 1 else "mixed"

    @property
    def status(self) -> str:
        """``failed`` when the file could not be read (or none of its pages: a scan without
        an OCR engine) or a stage raised before any cell was read, ``partial`` when a stage
        raised after cells were read (they stand, flagged) or some cells are missing,
        ``no_report`` when no template cell was found, ``done`` otherwise. A stage that
        raised never leaves a document ``done``."""
        if self.errors and all(p.text_source == TextSource.NONE for p in self.pages):
            return "failed"
        if self.failures:
            return "partial" if any(c.status != Status.MISSING for c in self.cells) else "failed"
        if all(c.status == Status.MISSING for c in self.cells):
            return "no_report"
        if any(c.status == Status.MISSING for c in self.cells):
            return "partial"
        return "done"
