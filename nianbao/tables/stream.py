"""Tables printed without ruling lines, rebuilt from how their text lines up.

Some publishers turn a table's borders off, or keep only its horizontal rules: there are
no cell rectangles to close. The grid then comes from the text, section by section:

- a *value line* ends in numbers (or dashes); a run of value lines, with the label-only
  lines among them (a wrapped label, the pieces of a merged label), is a table body, and
  the lines right above it are its header;
- value columns are the overlapping x-ranges of the body's values, so left-, right- and
  centre-aligned columns are found alike;
- a header block that fits inside one column and sits lowest in it names that column
  (the leaf); a wider block is a group header, spread over the columns of its parent so
  that it is centred where it is printed, as a merged cell is;
- label columns are the distinct left edges of the label words.

The result is an ordinary ``TableGrid`` (group headers as spans), mapped onto the
template by its labels like a ruled one. A row holding two values inside one column
keeps both in that cell, which reads as text and is flagged, never split by guess.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

from ..lines import NUMBERED, group_lines, is_page_number
from ..model import Box, GridCell, Section, TableGrid, Word
from ..values import is_label
from .continuation import alike
from .grid import cluster, union

HEADER_GAP = 2.0
"""Largest gap, in character heights, between the lines of one header (or to the body)."""
HEADER_LINES = 8
HEADER_WRAP_GAP = 0.75
"""Largest gap between two lines of one wrapped header cell, in heights of the line above
(not of the page's median word: OCR boxes hug the ink, digits' ink is shorter than
characters', and a header's levels may lie a mere character height apart)."""
WRAP_SLACK = 0.5
"""How far, in character heights, a wrapped header line may stick out past the first."""
STACK_GAP = 0.7
"""Largest gap, in character heights, between two lines of one wrapped label."""
BLANK_ROW = 1.0
"""A label farther than this from every value line, in character heights, is a row of its
own whose cells were all left blank (rows lie at least 1.5 apart); nearer, it is part of
the nearest row's label (a label centred on two lines beside values on one)."""


@dataclass(slots=True)
class _Line:
    """One printed line of free words on one page, with the values it ends with (numbers
    and dashes after its label; a lone number with no label before it, a page number or
    a year, is not a row)."""

    page: int
    words: list[Word]
    values: list[Word] = field(init=False)

    def __post_init__(self) -> None:
        k = len(self.words)
        while k > 0 and _is_value(self.words[k - 1]):
            k -= 1
        tail = self.words[k:]
        self.values = tail if len(tail) >= 2 or (tail and k > 0) else []

    @property
    def top(self) -> float:
        return min(w.box[1] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.box[3] for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def right(self) -> float:
        return max(w.box[2] for w in self.words)


@dataclass(slots=True)
class _Block:
    """Header words stacked into one printed header cell. ``boxes`` are the words' boxes
    on one vertical scale for the whole header, which a page break may cut."""

    words: list[Word]
    boxes: list[Box]
    page: int

    @property
    def box(self) -> Box:
        return union(self.boxes)

    @property
    def centre(self) -> float:
        return (self.box[0] + self.box[2]) / 2


PAGE_SHIFT = 100_000.0
"""Added per page to y, so that a header continued on the next page lies below its start."""


def _text(line: _Line) -> str:
    return "".join(w.text for w in line.words)


def _is_value(word: Word) -> bool:
    return bool(word.text.strip()) and not is_label(word.text)


def _blocks_of(lines: list[_Line], sections: list[Section]) -> list[list[_Line]]:
    """The lines of each report section (and those before the first), in reading order,
    the section headings themselves left out."""
    starts = sorted((s.page, s.top) for s in sections)
    blocks: list[list[_Line]] = [[] for _ in range(len(starts) + 1)]
    for line in lines:
        if any(page == line.page and abs(top - line.top) < 1.0 for page, top in starts):
            continue
        k = sum(1 for start in starts if (line.page, line.middle) >= start)
        blocks[k].append(line)
    return [b for b in blocks if b]


@dataclass(slots=True)
class _Segment:
    """One table (or one block of table 二): its header lines and its body lines."""

    header: list[_Line]
    body: list[_Line]


def _labels(line: _Line) -> list[Word]:
    return line.words[: len(line.words) - len(line.values)]


def _body_end(lines: list[_Line], i: int, char: float) -> int:
    """Where the body opened by value line ``i`` ends: at a line whose values reach
    into the labels, or a line of text that is no label (over the value columns, or
    starting right of where every label ends: the next table's header, a caption)."""
    values = lines[i].values
    left = min(w.box[0] for w in values)
    label_right = max((w.box[2] for w in _labels(lines[i])), default=-1.0)
    j = i + 1
    while j < len(lines):
        line = lines[j]
        more = line.values
        if more:
            if min(w.box[0] for w in more) < label_right:
                break
            left = min([left, *(w.box[0] for w in more)])
            label_right = max([label_right, *(w.box[2] for w in _labels(line))])
        elif line.right > left - 0.5 * char or (label_right > 0 and line.words[0].box[0] > label_right):
            break
        else:
            label_right = max(label_right, line.right)
        j += 1
    return j


def _segments(lines: list[_Line], char: float) -> list[_Segment]:
    out: list[_Segment] = []
    i, done = 0, 0
    while i < len(lines):
        if not lines[i].values:
            i += 1
            continue
        j = _body_end(lines, i, char)
        header: list[_Line] = []
        for line in reversed(lines[done:i]):
            below = header[0] if header else lines[i]
            apart = line.page == below.page and below.top - line.bottom > HEADER_GAP * char
            repeated = line.page != lines[i].page and any(alike(_text(line), _text(h)) for h in header)
            if apart or repeated or len(header) == HEADER_LINES:
                break  # a header cut by a page break continues at the top of the next; one repeated there does not
            header.insert(0, line)
        out.append(_Segment(header, lines[i:j]))
        i = done = j
    return out


def _value_columns(body: list[_Line], left: float) -> list[tuple[float, float]]:
    """The x-ranges of the value columns: overlapping value extents merged."""
    return _merged(sorted((w.box[0], w.box[2]) for line in body for w in line.words if w.center[0] >= left))


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted x-ranges with the overlapping ones merged."""
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _column_headers(blocks: list[_Block], columns: list[tuple[float, float]]) -> list[_Block]:
    """The header blocks that name one column each (leaves): those with no other block
    under them, reaching down into the band of the headers over the values. A group
    header has its columns' headers under it, or (over a lone column printed to the
    side) stands above that band."""
    def under(low: _Block, high: _Block) -> bool:
        return low is not high and low.box[1] >= high.box[3] and _overlap((low.box[0], low.box[2]), (high.box[0], high.box[2]))

    bottoms = [b for b in blocks if not any(under(o, b) for o in blocks)]
    over_values = [b for b in bottoms if any(_overlap((b.box[0], b.box[2]), c) for c in columns)]
    band = min((b.box[1] for b in over_values), default=-math.inf)
    return [b for b in bottoms if b.box[3] > band]


def _with_blank_columns(columns: list[tuple[float, float]], leaves: list[_Block]) -> list[tuple[float, float]]:
    """The value columns plus those no row printed a value in: a column header over no
    value column names a column left blank all the way down."""
    spans = [(b.box[0], b.box[2]) for b in leaves]
    return sorted(columns + [span for span in spans if not any(_overlap(span, c) for c in columns)])


def _bounds(columns: list[tuple[float, float]]) -> list[float]:
    """Column boundaries: halfway between neighbouring columns, the outer ones mirrored."""
    inner = [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])]
    first = columns[0][0] - ((inner[0] - columns[0][1]) if inner else 0.0)
    last = columns[-1][1] + ((columns[-1][0] - inner[-1]) if inner else 0.0)
    return [first, *inner, last]


def _column_of(x: float, bounds: list[float]) -> int:
    for k in range(len(bounds) - 1):
        if x < bounds[k + 1]:
            return k
    return len(bounds) - 2


def _stack(header: list[_Line], char: float) -> list[_Block]:
    """Header words joined into blocks, one per printed header cell."""
    placed = [
        (w, (w.box[0], w.box[1] + line.page * PAGE_SHIFT, w.box[2], w.box[3] + line.page * PAGE_SHIFT), line.page)
        for line in header
        for w in line.words
    ]
    blocks: list[_Block] = []
    for word, box, page in sorted(placed, key=lambda p: (p[1][1], p[1][0])):
        # a word the text layer cut from its neighbour first, then a wrapped line
        block = next((b for b in blocks if _beside(b.boxes[-1], box, char)), None) or next(
            (b for b in blocks if _wraps_under(b, box, char)), None
        )
        if block is None:
            blocks.append(_Block([word], [box], page))
        else:
            block.words.append(word)
            block.boxes.append(box)
    return blocks


def _wraps_under(block: _Block, box: Box, char: float) -> bool:
    """Whether ``box`` is the next line of the header text in ``block``: within its width
    (wrapped text is no wider than its first line), a wrapped line's gap below it."""
    b, last = block.box, block.boxes[-1]
    under = b[0] - WRAP_SLACK * char <= box[0] and box[2] <= b[2] + WRAP_SLACK * char
    return under and 0 <= box[1] - last[3] <= HEADER_WRAP_GAP * (last[3] - last[1])


def _beside(left: Box, right: Box, char: float) -> bool:
    """Whether ``right`` continues ``left`` on the same printed line, with no column gap."""
    same_line = min(left[3], right[3]) - max(left[1], right[1]) > 0.5 * min(left[3] - left[1], right[3] - right[1])
    return same_line and 0 <= right[0] - left[2] <= 0.5 * char


def _leaves(headers: list[_Block], bounds: list[float]) -> dict[int, _Block]:
    """The column header of each column: the one centred in it. A column two headers
    share (two columns whose values were not told apart) gets none, and its cells stay
    unaddressed."""
    found: dict[int, list[_Block]] = {}
    for block in headers:
        found.setdefault(_column_of(block.centre, bounds), []).append(block)
    return {k: v[0] for k, v in found.items() if len(v) == 1}


def _partition(centres: list[float], first: int, last: int, bounds: list[float]) -> list[tuple[int, int]] | None:
    """Columns first..last cut into len(centres) consecutive spans, in order, each span
    centred as near as can be to its header's centre (a merged cell centres its text)."""
    k, n = len(centres), last - first + 1
    if k > n:
        return None
    cost = lambda i, j, c: abs((bounds[i] + bounds[j + 1]) / 2 - c)  # noqa: E731
    best: dict[tuple[int, int], tuple[float, list[tuple[int, int]]]] = {(0, first): (0.0, [])}
    for g, c in enumerate(centres):
        nxt: dict[tuple[int, int], tuple[float, list[tuple[int, int]]]] = {}
        for (_, start), (total, spans) in best.items():
            remaining = k - g - 1
            for end in range(start, last - remaining + 1):
                if remaining == 0 and end != last:
                    continue
                option = (total + cost(start, end, c), [*spans, (start, end)])
                key = (g + 1, end + 1)
                if key not in nxt or option[0] < nxt[key][0]:
                    nxt[key] = option
        best = nxt
    return best[(k, last + 1)][1] if (k, last + 1) in best else None


def _levels(blocks: list[_Block], char: float) -> list[list[_Block]]:
    """Blocks grouped by printed line (their middles within half a character), top first."""
    levels: list[list[_Block]] = []
    for block in sorted(blocks, key=lambda b: b.box[1] + b.box[3]):
        middle = (block.box[1] + block.box[3]) / 2
        if levels and abs(middle - (levels[-1][0].box[1] + levels[-1][0].box[3]) / 2) < 0.5 * char:
            levels[-1].append(block)
        else:
            levels.append([block])
    return [sorted(level, key=lambda b: b.centre) for level in levels]


def _group_spans(groups: list[_Block], bounds: list[float], char: float) -> list[tuple[_Block, int, int, int]]:
    """(block, level, first column, last column) for each group header, top level first:
    the blocks of one printed line that share a parent share out its columns."""
    placed: list[tuple[_Block, int, int, int]] = []
    n = len(bounds) - 1
    for level, line in enumerate(_levels(groups, char)):
        by_parent: dict[tuple[int, int], list[_Block]] = {}
        for block in line:
            k = _column_of(block.centre, bounds)
            parent = next(((a, b) for _, _, a, b in reversed(placed) if a <= k <= b), (0, n - 1))
            by_parent.setdefault(parent, []).append(block)
        for (a, b), blocks in by_parent.items():
            spans = _partition([x.centre for x in blocks], a, b, bounds)
            if spans is None:
                spans = [(_column_of(x.centre, bounds),) * 2 for x in blocks]
            placed.extend((block, level, s, e) for block, (s, e) in zip(blocks, spans))
    return placed


def _stacked(words: list[Word], char: float) -> list[list[Word]]:
    """Label words joined into printed label cells: a word continues the cell above it
    when it starts at the same left edge within a wrapped line's gap, and does not open
    with a numbering of its own (4., （五）)."""
    cells: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1], w.box[0])):
        for cell in cells:
            last = cell[-1].box
            if (
                abs(cell[0].box[0] - word.box[0]) <= char
                and 0 <= word.box[1] - last[3] <= STACK_GAP * char
                and not NUMBERED.match(word.text)
            ):
                cell.append(word)
                break
        else:
            cells.append([word])
    return cells


@dataclass(slots=True)
class _Row:
    page: int
    top: float
    bottom: float
    words: list[Word]
    """Its label words and values."""

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _rows(body: list[_Line], left: float, char: float) -> list[_Row]:
    """The body's rows: each value line with its label, and each label printed alone far
    from any value line (a row whose cells are all left blank).

    The words of label-only lines are stacked into label cells. A cell goes to the
    nearest value line when it spans that line, lies within BLANK_ROW of it, or runs on
    from (or into) its own label (a label wrapped over three lines); otherwise it is a
    blank row of its own."""
    rows = [_Row(line.page, line.top, line.bottom, list(line.words)) for line in body if line.values]
    page_of = {id(w): line.page for line in body for w in line.words}
    alone = [w for line in body if not line.values for w in line.words if w.center[0] < left]
    blank: list[_Row] = []
    for cell in _stacked(alone, char):
        page, top, bottom = page_of[id(cell[0])], min(w.box[1] for w in cell), max(w.box[3] for w in cell)
        same_page = [i for i, r in enumerate(rows) if r.page == page]
        runs_on = [i for i in same_page if any(_runs_on(w.box, cell[0].box[0], top, bottom, char) for w in rows[i].words if w.center[0] < left)]
        near = min(((abs(rows[i].middle - (top + bottom) / 2), i) for i in same_page), default=None)
        if near is not None and (near[0] <= BLANK_ROW * char or runs_on == [near[1]] or top <= rows[near[1]].middle <= bottom):
            rows[near[1]].words.extend(cell)
        else:
            blank.append(_Row(page, top, bottom, cell))
    return sorted(rows + blank, key=lambda r: (r.page, r.middle))


def _runs_on(label: Box, x0: float, top: float, bottom: float, char: float) -> bool:
    """Whether a label cell from ``top`` to ``bottom`` starting at ``x0`` wraps on from
    (or into) a row's label word at ``label``: same left edge, a wrapped line's gap."""
    gap = min(abs(top - label[3]), abs(label[1] - bottom))
    return abs(label[0] - x0) <= char and gap <= STACK_GAP * char


def _grid(segment: _Segment, char: float) -> TableGrid | None:
    """The segment as a grid: label columns, then value columns; group header rows, the
    column headers' row, then one row per body row. None without column headers."""
    value_lines = [line for line in segment.body if line.values]
    label_words = [w for line in segment.body for w in (_labels(line) if line.values else line.words)]
    left = max((w.box[2] for w in label_words), default=-math.inf) + 0.1  # where values may start
    columns = _value_columns(value_lines, left)
    if not columns:
        return None  # no column of values: nothing to address (a piece of labels only)
    header = [_Line(line.page, [w for w in line.words if not _of_labels(w, label_words, columns, char)]) for line in segment.header]
    blocks = _stack([line for line in header if line.words], char)
    headers = _column_headers(blocks, columns)
    columns = _with_blank_columns(columns, headers)
    bounds = _bounds(columns)
    leaves = _leaves(headers, bounds)
    if not leaves:
        return None  # a body without column headers cannot be addressed
    leaf_ids = {id(b) for b in leaves.values()}
    groups = _group_spans([b for b in blocks if id(b) not in leaf_ids], bounds, char)
    rows = _rows(segment.body, left, char)
    label_lines = cluster([w.box[0] for row in rows for w in row.words if w.center[0] < left], char)
    m, levels = len(label_lines), max((lvl for _, lvl, _, _ in groups), default=-1) + 1
    cells = [GridCell(level, m + a, 1, b - a + 1, union([w.box for w in block.words]), block.page, block.words)
             for block, level, a, b in groups]
    cells += [GridCell(levels, m + k, 1, 1, union([w.box for w in block.words]), block.page, block.words)
              for k, block in leaves.items()]
    for r, row in enumerate(rows, start=levels + 1):
        cells += _row_cells(row, r, left, label_lines, bounds)
    cells.sort(key=lambda c: (c.row, c.col))
    pages = sorted({line.page for line in segment.body})
    return TableGrid(levels + 1 + len(rows), m + len(columns), cells, pages, [*label_lines, *bounds])


def _of_labels(word: Word, labels: list[Word], columns: list[tuple[float, float]], char: float) -> bool:
    """Whether a header-line word belongs to the label column (信息内容, or a row label
    wrapped above its values), not to a value column left blank all the way down. Both
    stand left of the first value column; a label starts where labels start, or is
    centred over the labels' column, which must end before the values begin."""
    if not labels or word.box[2] > columns[0][0]:
        return False
    if any(abs(word.box[0] - w.box[0]) <= char for w in labels):
        return True
    return 2 * word.center[0] - min(w.box[0] for w in labels) <= columns[0][0]


def _row_cells(row: _Row, r: int, left: float, label_lines: list[float], bounds: list[float]) -> list[GridCell]:
    """One body row's cells: its label words by the label column of their left edge, its
    values by the value column of their centre (every value column gets a cell: an empty
    one is a printed blank)."""
    m = len(label_lines)
    labels: dict[int, list[Word]] = {}
    values: dict[int, list[Word]] = {}
    for w in row.words:
        if w.center[0] < left:
            labels.setdefault(min(range(m), key=lambda i: abs(label_lines[i] - w.box[0])), []).append(w)
        else:
            values.setdefault(_column_of(w.center[0], bounds), []).append(w)
    cells = []
    for c, ws in labels.items():
        ws.sort(key=lambda w: (w.box[1], w.box[0]))
        cells.append(GridCell(r, c, 1, 1, union([w.box for w in ws]), row.page, ws))
    for k in range(len(bounds) - 1):
        box = (bounds[k], row.top, bounds[k + 1], row.bottom)
        cells.append(GridCell(r, m + k, 1, 1, box, row.page, sorted(values.get(k, []), key=lambda w: w.box[0])))
    return cells


def stream_tables(free_words: dict[int, list[Word]], sections: list[Section]) -> list[TableGrid]:
    """Grids of the tables printed without rulings among ``free_words`` (per page, the
    words no ruled table holds, page furniture left out)."""
    lines = [
        _Line(page, words)
        for page in sorted(free_words)
        for words in group_lines(free_words[page])
        if not is_page_number(" ".join(w.text for w in words))  # "22 0 1" is a row, "— 2 —" a page number
    ]
    heights = [w.box[3] - w.box[1] for line in lines for w in line.words]
    if not heights:
        return []
    char = statistics.median(heights)
    grids = []
    for block in _blocks_of(lines, sections):
        grids += [grid for _, grid in _joined_grids(_segments(block, char), char) if grid is not None]
    return grids


def _joined_grids(segments: list[_Segment], char: float) -> list[tuple[_Segment, TableGrid | None]]:
    """Each segment with its grid, a body continued from the page before joined to it: a
    body that opens a page under the value columns of the body that closed the page
    before continues that body when it has no column headers (whatever came between, a
    running header or a note, is not the table's) or repeats the same ones."""
    out: list[tuple[_Segment, TableGrid | None]] = []
    for segment in segments:
        grid = _grid(segment, char)
        joined = None
        if out:
            prev = out[-1][0]
            if segment.body[0].page == prev.body[-1].page + 1 and _within(_value_spans(segment.body), _value_spans(prev.body)):
                if grid is None:
                    joined = _Segment(prev.header, prev.body + segment.header + segment.body)
                elif _repeats_header(segment, prev):
                    joined = _Segment(prev.header, prev.body + segment.body)
        if joined is not None:
            out[-1] = (joined, _grid(joined, char))
        else:
            out.append((segment, grid))
    return out


def _repeats_header(segment: _Segment, prev: _Segment) -> bool:
    """Whether a body's header repeats the header of the body before (the publisher's
    repeated header on a new page): every header line of its page, read alike."""
    own = [line for line in segment.header if line.page == segment.body[0].page]
    return bool(own) and alike("".join(map(_text, own)), "".join(map(_text, prev.header[-len(own):])))


def _value_spans(body: list[_Line]) -> list[tuple[float, float]]:
    return _merged(sorted((w.box[0], w.box[2]) for line in body for w in line.values))


def _within(spans: list[tuple[float, float]], columns: list[tuple[float, float]]) -> bool:
    """Whether every span lies under one of the columns."""
    return bool(spans) and all(sum(_overlap(s, c) for c in columns) == 1 for s in spans)
