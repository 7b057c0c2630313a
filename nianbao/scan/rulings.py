"""Ruling lines found in a scanned page's pixels, handed on as the same Ruling segments a
digital page has, so the one lattice chain (``tables.lattice``) builds both.

Morphological opening with a long thin kernel keeps runs of ink longer than any
character stroke; a slight residual tilt is absorbed by thickening the ink across the
line first, and a line broken by faint printing or a fax dropout is joined back when its
pieces are collinear and the gap is under a character's width. Strokes of text never
reach the kernel's length, so one cell's digits never turn into a border. The runs are
the ones ``find_marks`` found before (``imaging.ruling_runs``, kept on ``Page.ink``).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import cv2
import numpy as np

from ..imaging import ink_mask, page_ink, ruling_runs, text_px, to_points
from ..model import Document, PageInk, Ruling
from ..settings import DEFAULT_SETTINGS, PixelRulingSettings, Settings


def _segments(lines: np.ndarray, horizontal: bool) -> list[tuple[float, int, int]]:
    """(position, start, end) in pixels of each straight run of ink long enough to be a
    ruling, from those runs (``imaging.ruling_runs``)."""
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if horizontal:
            out.append((float(centroids[i][1]), int(x), int(x + w)))
        else:
            out.append((float(centroids[i][0]), int(y), int(y + h)))
    return out


def _join(
    segments: list[tuple[float, int, int]], gap: float, drift: float, parted: Callable[[float, int, int, int], bool] | None = None
) -> list[tuple[float, int, int]]:
    """Join collinear pieces of one broken line: pieces whose positions chain within
    ``drift`` form one line family, and within it pieces closer than ``gap`` join, unless
    ``parted(position, gap_start, gap_end, shorter_piece)`` says they are two things."""
    families: list[list[tuple[float, int, int]]] = []
    for segment in sorted(segments):
        if families and segment[0] - families[-1][-1][0] <= drift:
            families[-1].append(segment)
        else:
            families.append([segment])
    joined: list[tuple[float, int, int]] = []
    for family in families:
        runs: list[list[tuple[float, int, int]]] = []
        for segment in sorted(family, key=lambda s: s[1]):
            if runs:
                start, end = min(s for _, s, _ in runs[-1]), max(e for _, _, e in runs[-1])
                shorter = min(end - start, segment[2] - segment[1])
                if segment[1] - end <= gap and not (parted and parted(segment[0], end, segment[1], shorter)):
                    runs[-1].append(segment)
                    continue
            runs.append([segment])
        for run in runs:
            weight = sum(e - s for _, s, e in run) or 1
            position = sum(p * (e - s) for p, s, e in run) / weight
            joined.append((position, min(s for _, s, _ in run), max(e for _, _, e in run)))
    return joined


def _line_between(across: list[tuple[float, int, int]], char: float, tuning: PixelRulingSettings) -> Callable[[float, int, int, int], bool]:
    """Whether two pieces are parted by a line across their gap, one of them a short one:
    a border that ends at a row line, and beyond it the stroke of a character (未 of
    未经复议直接起诉 over the border of 结果维持), are two things; joined, the border ran
    up into the header and cut it in two (Chromium scans, seed 906, gen906_011: table 四
    lost). Two long pieces are two things where the gap runs from a line across to another:
    two tables one above the other with a heading in small print between them (a two-up
    sheet's half: seed-914 LibreOffice scans, gen914_020, where table 三's border ran on
    into table 四's and the heading was read as part of one table, table 四 lost). A line
    broken by a dropout has no line across its gap, or one."""
    short, reach, tol = tuning.short_line * char, tuning.short_touch * char, tuning.touch * char

    def parted(position: float, gap_start: int, gap_end: int, shorter: int) -> bool:
        crossing = [c[0] for c in across if c[1] - tol <= position <= c[2] + tol and gap_start - reach <= c[0] <= gap_end + reach]
        if shorter < short:
            return bool(crossing)
        return any(p <= gap_start + tol for p in crossing) and any(p >= gap_end - tol for p in crossing)

    return parted


def _touches(a: tuple[float, int, int], b: tuple[float, int, int], tol: float) -> bool:
    """Whether two perpendicular segments cross or meet (a T or a corner)."""
    return a[1] - tol <= b[0] <= a[2] + tol and b[1] - tol <= a[0] <= b[2] + tol


def _meets_at_both_ends(line: tuple[float, int, int], across: list[tuple[float, int, int]], reach: float, tol: float,
                        cut: tuple[bool, bool]) -> bool:
    """Whether a segment's two ends each run into a segment across it, or lie at a cut
    (``cut``, start and end): each end stops at most ``reach`` short of one, or overshoots
    it by at most ``tol`` (which is also how far beyond the crossing segment's own ends it
    may lie)."""
    crossing = [c[0] for c in across if c[1] - tol <= line[0] <= c[2] + tol]
    return ((cut[0] or any(line[1] - reach <= p <= line[1] + tol for p in crossing))
            and (cut[1] or any(line[2] - tol <= p <= line[2] + reach for p in crossing)))


def _without_strokes(
    lines: list[tuple[float, int, int]], across: list[tuple[float, int, int]], char: float, tuning: PixelRulingSettings
) -> list[tuple[float, int, int]]:
    """Drop short segments that float between the lines across them: the upright strokes
    of large table print, which stop short of a row's two lines, where a one-row cell
    border runs into both, or into one and a cut (``_cut_ends``: a row cut by a page
    break has no line at the break)."""
    short, reach, tol = tuning.short_line * char, tuning.short_touch * char, tuning.touch * char
    long_across = [c for c in across if c[2] - c[1] >= short]
    cuts = _cut_ends(lines, across, tol, tuning.cut_lines)
    return [line for line, cut in zip(lines, cuts, strict=True)
            if line[2] - line[1] >= short or _meets_at_both_ends(line, long_across, reach, tol, cut)]


def _cut_ends(lines: list[tuple[float, int, int]], across: list[tuple[float, int, int]], tol: float, least: int) -> list[tuple[bool, bool]]:
    """For each line, whether its start and its end lie at a cut: a level where at least
    ``least`` parallel lines end with no line across meeting them, and beyond which no
    line across lies (the table's outer edge, not a row's inside). A browser draws no
    border where a row runs on to the next page, so every column line of the piece ends in
    the air there: those of a header row cut by the break (商业企业 / 科研机构 … under
    法人或其他组织) met one line across only, and were dropped with the strokes of print
    (seed-913 Chromium scans, gen913_002: the header on page 3 lost, no column named on four
    pages); so were the short column lines of a two-row piece at the top of a two-up
    sheet's page (gen913_006: table 三's last two rows lost)."""
    cut = [[False, False] for _ in lines]
    for side in (0, 1):
        open_ends: list[tuple[int, int]] = []  # (coordinate along the lines, line index)
        for k, line in enumerate(lines):
            at = line[2] if side else line[1]
            crossing = [c[0] for c in across if c[1] - tol <= line[0] <= c[2] + tol]
            if not any(abs(p - at) <= tol for p in crossing):
                open_ends.append((at, k))
        group: list[tuple[int, int]] = []
        for item in sorted(open_ends) + [(10**9, -1)]:
            if group and item[0] - group[-1][0] > tol:
                _mark_cut(group, lines, across, side, tol, least, cut)
                group = []
            group.append(item)
    return [(a, b) for a, b in cut]


def _mark_cut(group: list[tuple[int, int]], lines: list[tuple[float, int, int]], across: list[tuple[float, int, int]],
              side: int, tol: float, least: int, cut: list[list[bool]]) -> None:
    """Mark the ends of ``group`` (one side's open ends at one level) as a cut where they
    are at least ``least`` lines and no line across lies beyond them over their span."""
    members = {k for _, k in group}
    if len(members) < least:
        return
    level = sum(at for at, _ in group) / len(group)
    low, high = min(lines[k][0] for k in members), max(lines[k][0] for k in members)
    beyond = (lambda p: p < level - tol) if side == 0 else (lambda p: p > level + tol)
    if any(beyond(c[0]) and c[1] <= high and c[2] >= low for c in across):
        return
    for k in members:
        cut[k][side] = True


def _table_lines(
    horizontal: list[tuple[float, int, int]], vertical: list[tuple[float, int, int]], char: float,
    tuning: PixelRulingSettings, min_height: float,
) -> tuple[list, list]:
    """Keep the rulings that form tables, drop straight strokes of print: a title's
    一 and 丨, or the tops of a row of large characters that join into one long run.

    A ruling meets at least two rulings across it (a table border meets every column
    line; the pieces of a table cut by a page break still meet their two row lines),
    and the rulings that meet one another must together span a table, not a glyph
    (``min_table_width`` wide, ``min_height`` character heights high). An end at a cut
    (``_cut_ends``) counts as a meeting: the page break is the line across it."""
    tol = tuning.touch * char
    touch = [[j for j, v in enumerate(vertical) if _touches(h, v, tol)] for h in horizontal]
    cut_h, cut_v = _cut_ends(horizontal, vertical, tol, tuning.cut_lines), _cut_ends(vertical, horizontal, tol, tuning.cut_lines)
    keep_h, keep_v = set(range(len(horizontal))), set(range(len(vertical)))
    changed = True
    while changed:  # prune to the rulings that meet two others, until none is left alone
        changed = False
        for i in list(keep_h):
            if sum(j in keep_v for j in touch[i]) + sum(cut_h[i]) < 2:
                keep_h.discard(i)
                changed = True
        for j in list(keep_v):
            if sum(j in touch[i] for i in keep_h) + sum(cut_v[j]) < 2:
                keep_v.discard(j)
                changed = True
    # group what remains by contact, and keep the groups big enough to be a table
    group = {("h", i): ("h", i) for i in keep_h} | {("v", j): ("v", j) for j in keep_v}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while group[node] != node:
            node = group[node]
        return node

    for i in keep_h:
        for j in touch[i]:
            if j in keep_v:
                group[root(("v", j))] = root(("h", i))
    extent: dict[tuple[str, int], list[float]] = {}
    long_lines: dict[tuple[str, int], int] = {}
    for node in group:
        kind, i = node
        pos, start, end = (horizontal if kind == "h" else vertical)[i]
        x0, x1, y0, y1 = (start, end, pos, pos) if kind == "h" else (pos, pos, start, end)
        box = extent.setdefault(root(node), [x0, x1, y0, y1])
        box[:] = [min(box[0], x0), max(box[1], x1), min(box[2], y0), max(box[3], y1)]
        long_lines[root(node)] = long_lines.get(root(node), 0) + (end - start >= tuning.table_line * char)
    tables = {r for r, (x0, x1, y0, y1) in extent.items()
              if x1 - x0 >= tuning.min_table_width * char and y1 - y0 >= min_height * char and long_lines[r] >= tuning.table_lines}
    kept_h = [horizontal[i] for i in sorted(keep_h) if root(("h", i)) in tables]
    kept_v = [vertical[j] for j in sorted(keep_v) if root(("v", j)) in tables]
    boxes = [extent[r] for r in tables]
    return (
        kept_h + _edges_alongside([h for h in horizontal if h not in kept_h], boxes, kept_h, tol),
        kept_v + _edges_alongside([v for v in vertical if v not in kept_v], [[y0, y1, x0, x1] for x0, x1, y0, y1 in boxes], kept_v, tol),
    )


def _edges_alongside(
    dropped: list[tuple[float, int, int]], boxes: list[list[float]], kept: list[tuple[float, int, int]], tol: float
) -> list[tuple[float, int, int]]:
    """The dropped rulings that are a table's edge: a line meeting none across it, as long
    as the table and beside it, no farther off than its widest column. A merged cell a
    page break cut at both ends (the group label 三、本年度办理结果 on the middle page of
    three) has such a border: no row line meets it, and without it the column is lost.
    ``boxes`` are (along0, along1, across0, across1) of each table, along the lines."""
    tables = []
    for along0, along1, across0, across1 in boxes:
        inside = sorted(p for p, s, e in kept if across0 - tol <= p <= across1 + tol and s < along1 and e > along0)
        tables.append((along0, along1, across0, across1, max((b - a for a, b in pairwise(inside)), default=0.0)))
    return [
        line for line in dropped
        if any(abs(line[1] - along0) <= tol and abs(line[2] - along1) <= tol and 0 < max(across0 - line[0], line[0] - across1, 0.0) <= widest
               for along0, along1, across0, across1, widest in tables)
    ]


def rulings_from_pixels(grey: np.ndarray, dpi: float, settings: Settings, ink: PageInk | None = None) -> list[Ruling]:
    """The ruling lines of a repaired page's pixels. ``ink``: the page's ink
    (``imaging.page_ink``), where a stage before measured it."""
    char = text_px(settings.text_height, dpi)
    imaging, tuning = settings.imaging, settings.pixel_rulings
    ink = PageInk(grey, imaging, ink_mask(grey, imaging)) if ink is None else ink
    gap, drift = tuning.join_gap * char, max(tuning.min_drift_px, tuning.drift * char)
    pieces = [_segments(ruling_runs(ink, char, h, imaging), h) for h in (True, False)]
    found = [_join(pieces[0], gap, drift, _line_between(pieces[1], char, tuning)),
             _join(pieces[1], gap, drift, _line_between(pieces[0], char, tuning))]
    found = [_without_strokes(found[0], found[1], char, tuning), _without_strokes(found[1], found[0], char, tuning)]
    horizontal, vertical = _table_lines(found[0], found[1], char, tuning, imaging.ruling_length)
    return [
        Ruling(orientation, to_points(pos, dpi), to_points(start, dpi), to_points(end, dpi))
        for orientation, segments in (("h", horizontal), ("v", vertical))
        for pos, start, end in segments
    ]


def find_rulings(document: Document, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Stage: ruling lines of every page that is read from pixels."""
    for page in document.pages:
        if page.needs_ocr:
            ink = page_ink(page, settings.imaging)
            page.rulings = rulings_from_pixels(page.pixels, page.dpi, settings, ink)
            ink.runs.clear()  # no stage after needs them
    return document
