"""The review as a full-screen terminal UI: one cell per screen, redrawn, from 80×24 up.

The line mode scrolls: at 80×24 a cell's header has left the screen before its picture
is drawn. Here every answer redraws the whole screen: a fixed header (progress, document,
page, table), the cell's labels, readings, reason and sums cut to the width, its row
picture in the lines that remain, the last answer's outcome, and the keys. The answers
are the line mode's (a key, then Enter, typed in the input line at the bottom) and go to
the same ``Session``, so both modes decide alike and Enter alone still decides nothing.
Built on prompt_toolkit; the picture is half blocks in colour, or the grey ASCII ramp.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import BufferControl, FormattedTextControl, HSplit, Layout, Window
from prompt_toolkit.layout.processors import BeforeInput
from prompt_toolkit.output import ColorDepth, Output
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth

from .queue import Item
from .screen import KEYS, accept_label, alternatives, crop_pixels, grey_lines, half_blocks
from .session import END_KEYS, THE_END, Session

HEADER_LINES = 2
MESSAGE_LINES = 1
KEY_LINES = 2
INPUT_LINES = 1
FIXED_LINES = HEADER_LINES + MESSAGE_LINES + KEY_LINES + INPUT_LINES
"""Lines that are always on screen; the cell's text and picture share the others."""
REASON_LINES = 2
SUM_LINES = 3
"""At most this many of the cell's equations are listed (the rest are counted)."""
MIN_PICTURE_ROWS = 2
INDENT = "  "
STYLE = Style.from_dict({"header": "reverse", "table": "bold", "message": "bold"})
ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns (a Chinese character takes two), ending in
    … when cut."""
    if sum(get_cwidth(c) for c in text) <= width:
        return text
    kept, used = [], get_cwidth(ELLIPSIS)
    for char in text:
        used += get_cwidth(char)
        if used > width:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS


def fit_left(text: str, width: int) -> str:
    """``text`` cut at its start to ``width`` columns: a path keeps its file name."""
    return fit(text[::-1], width)[::-1]


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` columns, the last one cut."""
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1:
        used, n = 0, 0
        while n < len(rest) and used + get_cwidth(rest[n]) <= width:
            used += get_cwidth(rest[n])
            n += 1
        out.append(rest[:n])
        rest = rest[n:]
    if rest:
        out.append(fit(rest, width))
    return out


def header(session: Session, item: Item | None, width: int) -> list[str]:
    """Progress and document, then the table: the two lines that never leave the screen."""
    progress = f"[{min(session.position, session.total)}/{session.total}] {session.decided} decided · "
    if item is None:
        return [fit(progress + f"{session.left} left", width), ""]
    cell = item.cell
    page = f" · page {'?' if cell.page is None else cell.page}"
    room = width - get_cwidth(progress) - get_cwidth(page)
    return [progress + fit_left(item.name, max(room, 1)) + page, fit(f"表 {item.table_heading} ({cell.table})", width)]


def cell_lines(item: Item, width: int) -> list[str]:
    """What is known of the cell, every line at most ``width`` columns."""
    cell = item.cell
    lines = [
        f"row     {cell.row_label or cell.row}",
        f"column  {cell.column_label or cell.column}",
        f"key     {cell.key} · {cell.status}",
        f"read    {cell.raw!r}   value {cell.value or '—'}   proposal {item.proposal or '—'}",
        f"chars   {alternatives(item)}",
    ]
    sums = item.constraints
    if len(sums) > SUM_LINES:
        sums = sums[:SUM_LINES - 1] + [f"… and {len(sums) - SUM_LINES + 1} more equation(s)"]
    lines += _labelled("reason  ", wrap(cell.reason, width - len(INDENT + "reason  "), REASON_LINES))
    lines += _labelled("sums    ", sums)
    return [fit(INDENT + line, width) for line in lines]


def _labelled(label: str, lines: list[str]) -> list[str]:
    """``lines`` with ``label`` before the first and as much space before the others."""
    return [(label if i == 0 else " " * len(label)) + line for i, line in enumerate(lines)]


def picture(item: Item, width: int, rows: int, color: bool) -> StyleAndTextTuples:
    """The row picture in at most ``rows`` lines, or a line saying why there is none."""
    if item.crop is None:
        return [("", fit(INDENT + "(no picture of this cell was kept)", width) + "\n")]
    if rows < MIN_PICTURE_ROWS:
        return [("", fit(INDENT + f"(picture: a taller terminal shows it; {item.crop})", width) + "\n")]
    small = crop_pixels(item.crop, width - len(INDENT), rows)
    if small is None:
        return [("", fit(INDENT + f"(picture unreadable: {item.crop})", width) + "\n")]
    if not color:
        return [("", INDENT + line + "\n") for line in grey_lines(small)]
    fragments: StyleAndTextTuples = []
    for line in half_blocks(small):
        fragments.append(("", INDENT))
        fragments += [(f"fg:#{t[0]:02x}{t[1]:02x}{t[2]:02x} bg:#{b[0]:02x}{b[1]:02x}{b[2]:02x}", "▀") for t, b in line]
        fragments.append(("", "\n"))
    return fragments


def key_lines(item: Item | None) -> list[str]:
    if item is None:
        return [END_KEYS + "      (a key, then Enter)", ""]
    return [f"{accept_label(item)} · a number · [p] as printed · [t] whole table as printed",
            "[s]kip · [u]ndo · [j] NAME jump · [q]uit · [?] keys      (a key, then Enter)"]


class ReviewScreen:
    """The application around one ``Session``: it draws the session, and sends it answers."""

    def __init__(self, session: Session, color: bool, input: Input | None = None, output: Output | None = None) -> None:
        self.session = session
        self.color = color
        self.message = ""
        self.answers = Buffer(multiline=False, accept_handler=self._accept)
        keys = KeyBindings()
        keys.add("c-c")(self._quit)
        keys.add("c-d")(self._quit)
        depth = ColorDepth.DEPTH_1_BIT if not color else (
            ColorDepth.DEPTH_24_BIT if os.environ.get("COLORTERM") in ("truecolor", "24bit") else None)

        def text(lines: int, draw: Callable[[], StyleAndTextTuples], style: str = "") -> Window:
            return Window(FormattedTextControl(draw), height=lines, style=style, wrap_lines=False)

        layout = HSplit([
            text(1, lambda: [("class:header", self._header()[0])], "class:header"),
            text(1, lambda: [("class:table", self._header()[1])]),
            Window(FormattedTextControl(self._body), wrap_lines=False),  # what the other lines leave
            text(MESSAGE_LINES, lambda: [("class:message", fit(self.message, self._size()[0]))]),
            text(KEY_LINES, lambda: [("class:keys", "\n".join(fit(k, self._size()[0]) for k in key_lines(self.session.current)))]),
            Window(BufferControl(self.answers, input_processors=[BeforeInput("> ")]), height=INPUT_LINES),
        ])
        self.app: Application[int] = Application(
            layout=Layout(layout, focused_element=self.answers), key_bindings=keys, style=STYLE, full_screen=True,
            color_depth=depth, input=input, output=output,
        )

    def _size(self) -> tuple[int, int]:
        size = self.app.output.get_size()
        return size.columns, size.rows

    def _header(self) -> list[str]:
        return header(self.session, self.session.current, self._size()[0])

    def _body(self) -> StyleAndTextTuples:
        width, height = self._size()
        room = max(height - FIXED_LINES, 0)
        if self.session.help:
            return [("", "\n".join(fit(line, width) for line in KEYS.splitlines()[:room]))]
        item = self.session.current
        if item is None:
            return [("", fit(f"{INDENT}{THE_END} {self.session.summary()}", width))]
        lines = cell_lines(item, width)[:room]
        return [("", "\n".join(lines) + "\n")] + picture(item, width, room - len(lines), self.color)

    def _accept(self, answers: Buffer) -> bool:
        said = self.session.answer(answers.text)
        self.message = said[-1] if said else ""
        if self.session.finished:
            self.app.exit(result=self.session.decided)
        return False  # the input line is emptied

    def _quit(self, event: KeyPressEvent) -> None:
        event.app.exit(result=self.session.decided)

    def run(self) -> int:
        """Review until the reviewer quits; return the number of decisions made."""
        return self.app.run()
