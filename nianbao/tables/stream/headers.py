"""The header of a borderless table: its words stacked into printed header cells (blocks),
the blocks that name one column each (leaves), and the group headers above them.

A header block that fits inside one column and sits lowest in it names that column; a
wider block is a group header, spread over the columns of its parent so that it is centred
where it is printed, as a merged cell is.
"""

from __future__ import annotations

import math

from ...model import Word
from .columns import column_of, overlap, partition
from .model import Block, Line, Rect, Scale, Span, rect


def stack(header: list[Line], scale: Scale) -> list[Block]:
    """Header words joined into blocks, one per printed header cell, in reading order (a
    header a page break cut goes on at the top of the next page). A block lies on one page."""
    placed = [(w, rect(w), line.page) for line in header for w in line.words]
    blocks: list[Block] = []
    for word, box, page in sorted(placed, key=lambda p: (p[2], p[1].top, p[1].x0)):
        # a word the text layer cut from its neighbour first, then a wrapped line
        on_page = [b for b in blocks if b.page == page]
        block = next((b for b in on_page if _beside(b.boxes[-1], box, scale)), None) or next(
            (b for b in on_page if _wraps_under(b, box, scale)), None
        )
        if block is None:
            blocks.append(Block([word], [box], page))
        else:
            block.words.append(word)
            block.boxes.append(box)
    return blocks


def _wraps_under(block: Block, box: Rect, scale: Scale) -> bool:
    """Whether ``box`` is the next line of the header text in ``block``: within its width
    (wrapped text is no wider than its first line), a wrapped line's gap below it."""
    b, last = block.box, block.boxes[-1]
    under = b.x0 - scale.wrap_slack <= box.x0 and box.x1 <= b.x1 + scale.wrap_slack
    return under and 0 <= box.top - last.bottom <= scale.tuning.header_wrap_gap * last.height


def _beside(left: Rect, right: Rect, scale: Scale) -> bool:
    """Whether ``right`` continues ``left`` on the same printed line, with no column gap."""
    shared = min(left.bottom, right.bottom) - max(left.top, right.top)
    same_line = shared > scale.tuning.same_line * min(left.height, right.height)
    return same_line and 0 <= right.x0 - left.x1 <= scale.word_gap


def _under(low: Block, high: Block) -> bool:
    """Whether ``low`` stands below ``high`` (on its page, or on a later one) and overlaps it across."""
    below = (low.page, low.box.top) >= (high.page, high.box.bottom)
    return low is not high and below and overlap((low.box.x0, low.box.x1), (high.box.x0, high.box.x1))


def column_headers(blocks: list[Block], columns: list[Span]) -> list[Block]:
    """The header blocks that name one column each (leaves): those with no other block
    under them, reaching down into the band of the headers over the values. A group
    header has its columns' headers under it, or (over a lone column printed to the
    side) stands above that band."""
    bottoms = [b for b in blocks if not any(_under(o, b) for o in blocks)]
    over_values = [b for b in bottoms if any(overlap((b.box.x0, b.box.x1), c) for c in columns)]
    band = min(((b.page, b.box.top) for b in over_values), default=(-math.inf, -math.inf))
    return [b for b in bottoms if (b.page, b.box.bottom) > band]


def leaves(headers: list[Block], bounds: list[float]) -> dict[int, Block]:
    """The column header of each column: the one centred in it. A column two headers
    share (two columns whose values were not told apart) gets none, and its cells stay
    unaddressed."""
    found: dict[int, list[Block]] = {}
    for block in headers:
        found.setdefault(column_of(block.centre, bounds), []).append(block)
    return {k: v[0] for k, v in found.items() if len(v) == 1}


def _levels(blocks: list[Block], scale: Scale) -> list[list[Block]]:
    """Blocks grouped by printed line (their middles within ``level_gap`` on one page), top first."""
    levels: list[list[Block]] = []
    for block in sorted(blocks, key=lambda b: (b.page, b.box.top + b.box.bottom)):
        first = levels[-1][0] if levels else None
        if first is not None and first.page == block.page and abs(block.box.middle - first.box.middle) < scale.level_gap:
            levels[-1].append(block)
        else:
            levels.append([block])
    return [sorted(level, key=lambda b: b.centre) for level in levels]


def group_spans(groups: list[Block], bounds: list[float], scale: Scale) -> list[tuple[Block, int, int, int]]:
    """(block, level, first column, last column) for each group header, top level first:
    the blocks of one printed line that share a parent share out its columns."""
    placed: list[tuple[Block, int, int, int]] = []
    n = len(bounds) - 1
    for level, line in enumerate(_levels(groups, scale)):
        by_parent: dict[tuple[int, int], list[Block]] = {}
        for block in line:
            k = column_of(block.centre, bounds)
            parent = next(((a, b) for _, _, a, b in reversed(placed) if a <= k <= b), (0, n - 1))
            by_parent.setdefault(parent, []).append(block)
        for (a, b), blocks in by_parent.items():
            spans = partition([x.centre for x in blocks], a, b, bounds)
            if spans is None:
                spans = [(column_of(x.centre, bounds),) * 2 for x in blocks]
            placed.extend((block, level, s, e) for block, (s, e) in zip(blocks, spans, strict=True))
    return placed


def of_labels(word: Word, labels: list[Word], columns: list[Span], scale: Scale) -> bool:
    """Whether a header-line word belongs to the label column (信息内容, or a row label
    wrapped above its values), not to a value column left blank all the way down. Both
    stand left of the first value column; a label starts where labels start, or is
    centred over the labels' column, which must end before the values begin."""
    if not labels or rect(word).x1 > columns[0][0]:
        return False
    if any(abs(rect(word).x0 - rect(w).x0) <= scale.label_edge for w in labels):
        return True
    return 2 * word.center[0] - min(rect(w).x0 for w in labels) <= columns[0][0]
