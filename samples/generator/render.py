"""Draw a report onto PDF pages: title, headings, wrapped paragraphs and ruled tables.

Tables are drawn by hand rather than with a flowable so that a page break may fall inside
a merged cell, exactly as a word processor does it: the cell's border closes at the page
foot and reopens at the next page's head, and its label is cut between the two pieces
("（四）无" / "法提供").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .grids import GridSpec, SpecCell

FONTS = {
    "microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
}


def register_font(name: str) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        path, index = FONTS[name]
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    return name


@dataclass
class Style:
    font: str = "microhei"
    size: float = 10.0
    blank_zero: bool = False
    shade_headers: bool = False
    repeat_header: bool = False
    line_width: float = 0.6
    top_space: float = 0.0  # extra space before the big table, moves its page break
    ruled: bool = True
    amount_unit_in_cell: bool = False
    margin: float = 56.0
    numbers: str = ""  # how counts are printed: "" as digits, "thousands" (447,228), "fullwidth" (０１２), "dash" (zero as —)


@dataclass
class Layout:
    """How the page around the tables looks: varied so the layout classifier meets the
    many ways publishers set the same report. The defaults draw the committed samples."""

    heading_align: str = "left"
    """``left``, ``indent`` (two characters in, like body text) or ``center``."""
    heading_delta: float = 2.0
    """Heading size minus body size, in points."""
    heading_font: str = ""
    """Font of the headings when it differs from the body's (a heavier face)."""
    title_lines: int = 1
    """2: the body on the first line, the rest of the title on the second."""
    title_delta: float = 6.0
    header: str = ""
    """A running header at the top of every page after the first."""
    footer: str = "dash"
    """Page number: ``dash`` (— 1 —), ``hyphen`` (- 1 -), ``page`` (第1页), ``plain`` (1) or ``none``."""
    signature: bool = False
    """The body's name and the date, right-aligned, after section 六."""
    seal: bool = False
    """A red seal's ring text over the signature."""
    subheadings: str = "paren"
    """``paren`` （一）…, ``shi`` 一是… inline, ``arabic`` 1. …"""
    extra_table: bool = False
    """A table of the publisher's own in section 一 (not a template table)."""


def cell_text(cell: SpecCell, values: dict[str, str], units: dict[str, str], style: Style) -> str:
    """What a grid cell prints: its label, or its number as the style writes it (blank for
    zero, the unit in the cell)."""
    if not cell.key:
        return cell.text
    value = values[cell.key]
    if style.blank_zero and value == "0":
        return ""
    if style.amount_unit_in_cell and cell.key in units and value != "0":
        return value + units[cell.key]
    return printed_number(value, style.numbers, cell.key)


ZERO_DASHES = ("—", "－", "-", "/", "无")


def printed_number(value: str, way: str, key: str) -> str:
    """A number as some publishers print it: with thousands separators, in full-width
    digits, or zero as a dash (which dash, drawn from the cell's key, so that a sample
    prints the same every time it is written)."""
    if way == "thousands" and value.lstrip("-").isdigit():
        return f"{int(value):,}"
    if way == "fullwidth":
        return value.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
    if way == "dash" and value == "0":
        return ZERO_DASHES[sum(map(ord, key)) % len(ZERO_DASHES)]
    return value


FOOTERS = {"dash": "— {n} —", "hyphen": "- {n} -", "page": "第{n}页", "plain": "{n}", "none": ""}


@dataclass
class Flow:
    """A top-down cursor over pages of one canvas."""

    canvas: Canvas
    style: Style
    width: float = A4[0]
    height: float = A4[1]
    y: float = 0.0
    page: int = 1
    footer: bool = True
    pages_started: list[int] = field(default_factory=list)
    layout: Layout = field(default_factory=Layout)
    kind: str = "body"
    """The layout class of what is being drawn, recorded with every line of text."""
    records: list[list] = field(default_factory=list)
    """[page, x0, top, x1, bottom, kind, text] of every line drawn: the layout truth."""

    def __post_init__(self) -> None:
        self.y = self.style.margin

    @property
    def left(self) -> float:
        return self.style.margin

    @property
    def usable(self) -> float:
        return self.width - 2 * self.style.margin

    @property
    def bottom(self) -> float:
        return self.height - self.style.margin

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.style.margin
        if self.layout.header:
            self.drawn(self.layout.header, "furniture", self.width / 2, self.style.margin - 28, self.style.size - 1.5, "center")

    def finish(self) -> None:
        self._footer()
        self.canvas.save()

    def _footer(self) -> None:
        number = FOOTERS[self.layout.footer].format(n=self.page)
        if self.footer and number:
            self.drawn(number, "furniture", self.width / 2, self.height - 30, self.style.size - 1, "center")

    def drawn(self, s: str, kind: str, x: float, top: float, size: float, align: str = "left") -> None:
        """Draw one line of another layout class than the flow's current one."""
        kept, self.kind = self.kind, kind
        self.text(s, x, top, size, align)
        self.kind = kept

    def text(self, s: str, x: float, top: float, size: float, align: str = "left", font: str = "") -> None:
        c = self.canvas
        font = register_font(font or self.style.font)
        c.setFont(font, size)
        baseline = self.height - top - size * 0.88
        width = pdfmetrics.stringWidth(s, font, size)
        x0 = {"center": x - width / 2, "right": x - width}.get(align, x)
        c.drawString(x0, baseline, s)
        self.records.append([self.page, round(x0, 2), round(top, 2), round(x0 + width, 2), round(top + size, 2), self.kind, s])

    def wrap(self, s: str, width: float, size: float) -> list[str]:
        font = register_font(self.style.font)
        lines, current = [], ""
        for ch in s:
            if pdfmetrics.stringWidth(current + ch, font, size) > width and current:
                lines.append(current)
                current = ch
            else:
                current += ch
        if current:
            lines.append(current)
        return lines or [""]

    def block(self, s: str, size: float, indent: float = 0.0, align: str = "left", gap: float = 4.0, font: str = "") -> None:
        lh = size * 1.6
        for i, line in enumerate(self.wrap(s, self.usable - indent, size)):
            if self.y + lh > self.bottom:
                self.new_page()
            if align == "center":
                self.text(line, self.width / 2, self.y, size, align="center", font=font)
            elif align == "right":
                self.text(line, self.width - self.style.margin, self.y, size, align="right", font=font)
            else:
                self.text(line, self.left + (indent if i == 0 else 0), self.y, size, font=font)
            self.y += lh
        self.y += gap

    # ----- tables -------------------------------------------------------------------
    def table(self, spec: GridSpec, values: dict[str, str], units: dict[str, str]) -> None:
        kept, self.kind = self.kind, "table"
        self._table(spec, values, units)
        self.kind = kept

    def _table(self, spec: GridSpec, values: dict[str, str], units: dict[str, str]) -> None:
        st = self.style
        total = sum(spec.widths)
        xs = [self.left]
        for w in spec.widths:
            xs.append(xs[-1] + self.usable * w / total)
        size, lh, pad = st.size - 1, (st.size - 1) * 1.35, 3.0
        texts = {id(c): self._cell_text(c, values, units) for c in spec.cells}
        lines = {id(c): self.wrap(texts[id(c)], xs[c.col + c.colspan] - xs[c.col] - 2 * pad, size) for c in spec.cells}
        heights = [lh + 2 * pad] * spec.n_rows
        for c in sorted(spec.cells, key=lambda c: c.rowspan):
            need = len(lines[id(c)]) * lh + 2 * pad
            have = sum(heights[c.row : c.row + c.rowspan])
            if need > have:
                heights[c.row + c.rowspan - 1] += need - have
        placed: list[tuple[int, float]] = []  # (row, top) on the current page
        for r in range(spec.n_rows):
            if self.y + heights[r] > self.bottom and placed:
                self._draw_rows(spec, placed, heights, xs, lines, size, lh, pad)
                self.new_page()
                placed = []
                if st.repeat_header and r >= spec.header_rows:
                    for hr in range(spec.header_rows):
                        placed.append((hr, self.y))
                        self.y += heights[hr]
            placed.append((r, self.y))
            self.y += heights[r]
        self._draw_rows(spec, placed, heights, xs, lines, size, lh, pad)
        self.y += 10

    def _cell_text(self, cell: SpecCell, values: dict[str, str], units: dict[str, str]) -> str:
        return cell_text(cell, values, units, self.style)

    def _draw_rows(self, spec, placed, heights, xs, lines, size, lh, pad) -> None:
        c = self.canvas
        c.setLineWidth(self.style.line_width)
        rows = {r: top for r, top in placed}
        for cell in spec.cells:
            present = [r for r in range(cell.row, cell.row + cell.rowspan) if r in rows]
            if not present:
                continue
            top = rows[present[0]]
            bottom = rows[present[-1]] + heights[present[-1]]
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            if cell.header and self.style.shade_headers:
                c.setFillGray(0.85)
                c.rect(x0, self.height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
                c.setFillGray(0)
            if self.style.ruled:
                c.rect(x0, self.height - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
            # Lay the text out over the whole merged cell, then draw the lines that fall
            # in the piece on this page.
            full = sum(heights[cell.row : cell.row + cell.rowspan])
            offset = sum(heights[cell.row : present[0]])
            text_lines = lines[id(cell)]
            start = (full - len(text_lines) * lh) / 2
            shown = [
                (line, top + start + i * lh - offset)
                for i, line in enumerate(text_lines)
                if offset <= start + (i + 0.5) * lh < offset + (bottom - top)
            ]
            if shown:  # a cut piece keeps its lines whole, one under the other, inside it
                first = min(max(shown[0][1], top + pad / 2), bottom - len(shown) * lh)
                shown = [(line, max(top, first) + i * lh) for i, (line, _) in enumerate(shown)]
            for line, y in shown:
                if cell.key or cell.header:
                    self.text(line, (x0 + x1) / 2, y + (lh - size) / 2, size, align="center")
                else:
                    self.text(line, x0 + pad, y + (lh - size) / 2, size)
