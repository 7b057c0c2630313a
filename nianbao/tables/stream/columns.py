"""The value columns of a borderless table: where its values lie across the page.

Value columns are the overlapping x-ranges of the body's values, so left-, right- and
centre-aligned columns are found alike; a column header over no values adds a column
left blank all the way down. Boundaries lie halfway between neighbouring columns.
"""

from __future__ import annotations

from itertools import pairwise

from .model import Line, Span, rect


def value_columns(body: list[Line], left: float) -> list[Span]:
    """The x-ranges of the value columns: overlapping value extents merged."""
    return merged(sorted((rect(w).x0, rect(w).x1) for line in body for w in line.words if w.center[0] >= left))


def value_spans(body: list[Line]) -> list[Span]:
    """The merged x-ranges of a body's values alone."""
    return merged(sorted((rect(w).x0, rect(w).x1) for line in body for w in line.values))


def merged(spans: list[Span]) -> list[Span]:
    """Sorted x-ranges with the overlapping ones merged."""
    out: list[list[float]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def overlap(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def within(spans: list[Span], columns: list[Span]) -> bool:
    """Whether every span lies under one of the columns."""
    return bool(spans) and all(sum(overlap(s, c) for c in columns) == 1 for s in spans)


def with_blank_columns(columns: list[Span], leaves: list[Span]) -> list[Span]:
    """The value columns plus those no row printed a value in: a column header (its span
    in ``leaves``) over no value column names a column left blank all the way down."""
    return sorted(columns + [span for span in leaves if not any(overlap(span, c) for c in columns)])


def bounds(columns: list[Span]) -> list[float]:
    """Column boundaries: halfway between neighbouring columns, the outer ones mirrored."""
    inner = [(a[1] + b[0]) / 2 for a, b in pairwise(columns)]
    first = columns[0][0] - ((inner[0] - columns[0][1]) if inner else 0.0)
    last = columns[-1][1] + ((columns[-1][0] - inner[-1]) if inner else 0.0)
    return [first, *inner, last]


def column_of(x: float, bounds: list[float]) -> int:
    """The column whose boundaries hold ``x`` (the last one beyond them)."""
    for k in range(len(bounds) - 1):
        if x < bounds[k + 1]:
            return k
    return len(bounds) - 2


def partition(centres: list[float], first: int, last: int, bounds: list[float]) -> list[tuple[int, int]] | None:
    """Columns first..last cut into len(centres) consecutive spans, in order, each span
    centred as near as can be to its header's centre (a merged cell centres its text)."""
    k = len(centres)
    if k > last - first + 1:
        return None

    def cost(i: int, j: int, c: float) -> float:
        return abs((bounds[i] + bounds[j + 1]) / 2 - c)

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
