"""Write a sample report as a web page, the way a government site publishes its annual
report: a title, the six sections' narrative and the three tables as ``<table border=1>``
with rowspan/colspan, header words broken with ``<br />``, empty cells as ``&nbsp;``,
sometimes in the site's chrome (breadcrumb, publication date, footer).

What varies: the encoding (UTF-8, or GBK with a meta charset as older CMSs write it),
CSS font sizes and print margins, headers in ``<thead>`` (a browser repeats them on every
printed page) or not, and tables published as pictures instead of markup, saved in
``NAME_files/`` beside the page or inlined as data: URIs. A picture is the table's own
markup drawn by headless Chromium (samples/generator/print.py) and cropped to its ink.
"""

from __future__ import annotations

import base64
import html
import io
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from .grids import GridSpec
from .render import cell_text
from .report import Sample, compose, grid

FONTS = ["SimSun, 宋体, serif", "'Microsoft YaHei', 微软雅黑, sans-serif", "'Noto Serif CJK SC', serif",
         "'Noto Sans CJK SC', sans-serif", "'WenQuanYi Micro Hei', sans-serif", "'AR PL UMing CN', serif", "仿宋_GB2312, FangSong, serif"]


@dataclass
class WebStyle:
    font: str = FONTS[0]
    size: float = 12.0  # body text, pt
    table_size: float = 10.5
    cell_padding: float = 4.0  # px
    margin: float = 20.0  # print margin, mm
    encoding: str = "utf-8"  # or "gbk"
    thead: bool = False  # header rows in <thead>: repeated on every printed page
    header_breaks: bool = True  # "商业<br />企业"
    col_widths: bool = False  # a <colgroup> in the grid's proportions, or the browser's own widths
    chrome: bool = False  # the site's breadcrumb, date and footer around the article
    table_images: str = ""  # "", "files" (NAME_files/tableN.png), "data" (data: URIs) or "split" (files, table 三 cut in two pictures on two printed pages)


def random_web_style(rng: random.Random) -> WebStyle:
    size = rng.choice([10.5, 12.0, 14.0, 16.0])
    return WebStyle(
        font=rng.choice(FONTS),
        size=size,
        table_size=rng.choice([s for s in (10.5, 11.0, 12.0, 14.0) if s <= size] or [10.5]),
        cell_padding=rng.choice([2.0, 4.0, 6.0, 10.0]),
        margin=rng.choice([10.0, 15.0, 20.0, 25.0]),
        encoding=rng.choice(["utf-8", "utf-8", "gbk"]),
        thead=rng.random() < 0.4,
        header_breaks=rng.random() < 0.7,
        col_widths=rng.random() < 0.5,
        chrome=rng.random() < 0.5,
    )


def _broken(text: str) -> str:
    """A short header word broken in two as narrow columns print it ("商业<br />企业")."""
    if 4 <= len(text) <= 6 and "（" not in text and " " not in text:
        half = len(text) // 2
        return html.escape(text[:half]) + "<br />" + html.escape(text[half:])
    return html.escape(text)


def table_html(spec: GridSpec, sample: Sample, style: WebStyle) -> str:
    """The table as publishers' CMSs write it: one ``<td>`` per merged cell, in row order."""
    rows: dict[int, list[str]] = {r: [] for r in range(spec.n_rows)}
    for cell in sorted(spec.cells, key=lambda c: (c.row, c.col)):
        text = cell_text(cell, sample.values, sample.units, sample.style)
        broken = style.header_breaks and cell.header and cell.colspan == 1
        inner = (_broken(text) if broken else html.escape(text)) or "&nbsp;"
        spans = "".join(f' {name}="{n}"' for name, n in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if n > 1)
        align = ' align="center"' if cell.key or cell.header else ""
        rows[cell.row].append(f"<td{spans}{align}>{inner}</td>")
    lines = ['<table border="1" cellspacing="0" cellpadding="0" width="100%">']
    if style.col_widths:
        total = sum(spec.widths)
        lines += ["<colgroup>"] + [f'<col width="{100 * w / total:.0f}%" />' for w in spec.widths] + ["</colgroup>"]
    head = spec.header_rows if style.thead else 0
    for r in range(spec.n_rows):
        if r == 0 and head:
            lines.append("<thead>")
        if r == head:
            lines.append("<tbody>")
        lines.append("<tr>" + "".join(rows[r]) + "</tr>")
        if r == head - 1:
            lines.append("</thead>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _css(style: WebStyle) -> str:
    return (
        f"@page {{ size: A4; margin: {style.margin}mm; }}\n"
        f"body {{ font-family: {style.font}; font-size: {style.size}pt; line-height: 1.6; }}\n"
        f"table {{ border-collapse: collapse; font-size: {style.table_size}pt; }}\n"
        f"td {{ padding: {style.cell_padding}px; border: 1px solid #000; }}\n"
        ".title { text-align: center; font-size: 150%; font-weight: bold; }\n"
        "p.body { text-indent: 2em; margin: 0.3em 0; }\n"
        "p.signature { text-align: right; margin: 0; }\n"
        "img.table { max-width: 100%; }\n"
        ".crumb, .info, .footer { font-size: 9pt; color: #555; }\n"
    )


def page_html(sample: Sample, style: WebStyle, rng: random.Random, tables: dict[str, str]) -> str:
    """The whole page; ``tables`` maps a template table to the markup that stands for it."""
    title = sample.title_template.format(body=sample.body, year=sample.year)
    charset = "gbk" if style.encoding == "gbk" else "utf-8"
    out = [
        "<!DOCTYPE html>",
        "<html><head>",
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{_css(style)}</style>",
        "</head><body>",
    ]
    if style.chrome:
        out.append(f'<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报 &gt; {html.escape(sample.body)}</div>')
    out.append('<div class="article">')
    titles = []
    for kind, text in compose(sample, rng):
        if kind == "title":
            titles.append(text)
            continue
        if titles:  # the title's lines, as one heading broken where the document breaks it
            out.append(f'<p class="title">{"<br />".join(html.escape(t) for t in titles)}</p>')
            if style.chrome:
                out.append(f'<div class="info">发布时间：{sample.year + 1}-01-{15 + len(sample.body) % 10}　来源：{html.escape(sample.body)}</div>')
            titles = []
        if kind == "table":
            out.append(tables[text])
        elif kind == "heading":
            out.append(f"<p><strong>{html.escape(text)}</strong></p>")
        else:
            out.append(f'<p class="{"signature" if kind == "signature" else "body"}">{html.escape(text)}</p>')
    out.append("</div>")
    if style.chrome:
        out.append(f'<div class="footer">主办：{html.escape(sample.body)}　网站标识码：{rng.randint(10**9, 10**10 - 1)}</div>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def split_picture(png: bytes) -> tuple[bytes, bytes]:
    """A picture of a table cut in two at the ruling nearest its middle, each half keeping
    that ruling: a table pasted as two screenshots, one per page."""
    image = Image.open(io.BytesIO(png)).convert("L")
    ink = np.asarray(image) < 128
    rulings = np.flatnonzero(ink.mean(axis=1) > 0.9)
    cut = int(rulings[np.argmin(np.abs(rulings - image.height / 2))])
    halves = []
    for box in ((0, 0, image.width, cut + 2), (0, cut - 1, image.width, image.height)):
        buffer = io.BytesIO()
        image.crop(box).save(buffer, "PNG", optimize=True)
        halves.append(buffer.getvalue())
    return halves[0], halves[1]


def write_html(sample: Sample, path: Path, style: WebStyle, rng: random.Random) -> dict:
    """Write ``sample`` as ``path`` (an .html file, with ``NAME_files/`` when its tables are
    pictures saved beside it); return what the truth file records."""
    from .print import screenshot_table  # needs Chromium: only when tables are pictures

    tables = {}
    for index, name in enumerate(("active_disclosure", "applications", "appeals"), start=1):
        markup = table_html(grid(sample, name), sample, style)
        if not style.table_images:
            tables[name] = markup
            continue
        png = screenshot_table(markup, _css(style))
        if style.table_images == "split" and name == "applications":
            folder = path.with_name(f"{path.stem}_files")
            folder.mkdir(exist_ok=True)
            halves = []
            for part, data in zip("ab", split_picture(png), strict=True):
                (folder / f"table{index}{part}.png").write_bytes(data)
                halves.append(f'<p align="center"><img class="table" src="{folder.name}/table{index}{part}.png" alt="表{index}" /></p>')
            tables[name] = '\n<div style="break-before: page"></div>\n'.join(halves)
            continue
        if style.table_images == "data":
            src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        else:
            folder = path.with_name(f"{path.stem}_files")
            folder.mkdir(exist_ok=True)
            (folder / f"table{index}.png").write_bytes(png)
            src = f"{folder.name}/table{index}.png"
        tables[name] = f'<p align="center"><img class="table" src="{src}" alt="表{index}" /></p>'
    text = page_html(sample, style, rng, tables)
    path.write_bytes(text.encode(style.encoding))
    return {"renderer": "web", "web_style": asdict(style)}
