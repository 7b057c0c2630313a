"""What the review terminal shows for one cell: its context as text, its crop as pixels.

The crop is drawn with half blocks (two pixel rows per character, 24-bit colour) on a
colour terminal, or with a grey ramp of ASCII characters without colour (``NO_COLOR``,
``--no-color``, a pipe), so review works over any ssh session. The terminal shows the
cell and its neighbours, enlarged enough to read; the saved PNG has the whole row.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from .queue import Item

RAMP = " .:-=+*#%@"
"""Dark to light is reversed at draw time: ink is dark on paper."""
CONTEXT = 0.6
"""How much of the row the terminal shows beside the framed cell, in cell widths each side."""
MAX_ROWS = 16
"""Terminal lines the picture may take."""


def _frame(image: np.ndarray) -> tuple[int, int, int, int] | None:
    """The red frame the crop stage drew around the cell: (x0, y0, x1, y1), or None."""
    b, g, r = image[..., 0].astype(int), image[..., 1].astype(int), image[..., 2].astype(int)
    ys, xs = np.nonzero((r > 180) & (g < 80) & (b < 80))
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def _window(image: np.ndarray) -> np.ndarray:
    """The framed cell with a little of its row either side, so the digits stay large."""
    frame = _frame(image)
    if frame is None:
        return image
    x0, y0, x1, y1 = frame
    reach = int((x1 - x0) * CONTEXT)
    return image[max(0, y0 - 4): y1 + 5, max(0, x0 - reach): min(image.shape[1], x1 + reach)]


def crop_pixels(path: Path, columns: int, rows: int = MAX_ROWS) -> np.ndarray | None:
    """The crop's window, shrunk to at most ``columns`` characters and ``rows`` lines of
    half blocks (two pixel rows per line, an even count), BGR; None when unreadable."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        return None
    image = _window(image)
    height, width = image.shape[:2]
    scale = min(columns / width, 2 * rows / height, 1.0)
    size = (max(1, int(width * scale)), max(2, int(height * scale) // 2 * 2))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def grey_lines(small: np.ndarray) -> list[str]:
    """Half-block pixel pairs as a grey ramp of ASCII characters, for a screen without colour."""
    lines = []
    for y in range(0, small.shape[0] - 1, 2):
        grey = (small[y].mean(axis=1) + small[y + 1].mean(axis=1)) / 2
        lines.append("".join(RAMP[len(RAMP) - 1 - int(v / 256 * len(RAMP))] for v in grey).rstrip())
    return lines


def half_blocks(small: np.ndarray) -> list[list[tuple[tuple[int, int, int], tuple[int, int, int]]]]:
    """Per line, per character: the (r, g, b) of its upper and its lower pixel."""
    def rgb(p: np.ndarray) -> tuple[int, int, int]:
        return int(p[2]), int(p[1]), int(p[0])

    return [[(rgb(t), rgb(b)) for t, b in zip(small[y], small[y + 1], strict=True)] for y in range(0, small.shape[0] - 1, 2)]


def render_crop(path: Path, columns: int, color: bool, rows: int = MAX_ROWS) -> list[str]:
    """The crop as terminal lines, at most ``columns`` wide and ``rows`` high: half blocks
    in 24-bit colour (ANSI escapes), or a grey ramp."""
    small = crop_pixels(path, columns, rows)
    if small is None:
        return [f"(crop unreadable: {path})"]
    if not color:
        return grey_lines(small)
    return ["".join(f"\x1b[38;2;{t[0]};{t[1]};{t[2]}m\x1b[48;2;{b[0]};{b[1]};{b[2]}m▀" for t, b in line) + "\x1b[0m"
            for line in half_blocks(small)]


def alternatives(item: Item) -> str:
    shown = []
    for alts in item.cell.alternatives:
        if alts:
            shown.append(alts[0][0] if alts[0][1] >= 0.99 else "[" + " ".join(f"{t}:{p:.2f}" for t, p in alts[:3]) + "]")
    return " ".join(shown) or "(read from the text layer: no alternatives)"


def describe(item: Item, position: int, total: int, columns: int = 100, color: bool = False) -> list[str]:
    """Every line the screen shows for one item."""
    cell = item.cell
    page = "?" if cell.page is None else str(cell.page)
    lines = [
        "─" * min(columns, 80),
        f"[{position}/{total}] {item.name} · page {page} · 表 {item.table_heading} ({cell.table})",
        f"  row     {cell.row_label or cell.row}  ({cell.row})",
        f"  column  {cell.column_label or cell.column}  ({cell.column})",
        f"  key     {cell.key}   status {cell.status}",
        f"  read    {cell.raw!r}   value {cell.value or '—'}   proposal {item.proposal or '—'}",
        f"  chars   {alternatives(item)}",
        f"  reason  {cell.reason}",
    ]
    lines += ["  sums    " + c for c in item.constraints[:1]] + ["          " + c for c in item.constraints[1:]]
    if item.crop is None:
        lines.append("  crop    (none: the cell has no position on the page)")
    else:
        lines.append(f"  crop    {item.crop}")
        lines += ["  " + line for line in render_crop(item.crop, columns - 2, color)]
    return lines


def accept_label(item: Item) -> str:
    return f"[a] accept proposal {item.proposal}" if item.proposal else "no proposal"


def key_line(item: Item) -> str:
    """The keys, on one line, for the line-by-line session."""
    return (f"{accept_label(item)} · number · [p] as printed · [t] as printed, whole table · [s]kip · [u]ndo · "
            "[j] NAME · [q]uit · [?]")


KEYS = """keys (then Enter):
  a            accept the proposal (Enter alone decides nothing: a proposal is a best guess)
  a number     set that value (e.g. 128 or 3.5)
  p            as printed: the page is right, the publisher's sums are wrong
  t            as printed for this whole table: every cell of it still to review
  s            skip (it stays in the queue)
  u            undo the last answer (all of a t answer: the whole table)
  j NAME       jump to the first cell of the document whose name contains NAME
  q            quit (every decision so far is saved)
  ?            this help"""
