"""One document's page of the check report.

At the top, the document's three tables as the template lays them out, each cell coloured
by its status; below, every page holding a table as a picture with the recovered grid's
cells outlined and each template cell painted over where it was read. Pointing at a cell,
in either place, shows what is known of it (see ``cells``) and lights up its twin.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from ..model import Box, Document, Status
from ..store import FileRecord
from ..template import Form, Template
from .cells import cell_details, form_of, label_text
from .html import items_list, json_script, legend, shell
from .images import PageImage

SHOWN_EMPTY = {Status.MISSING: "—"}
"""What a cell with no value shows in the template grid."""


def _header_row(form: Form) -> str:
    """One header row, or two when columns carry a group label printed above them."""
    corner = f'<th class="corner" rowspan="{2 if any(c.group for c in form.columns) else 1}"></th>'
    if not any(c.group for c in form.columns):
        return "<tr>" + corner + "".join(f"<th>{escape(c.label)}</th>" for c in form.columns) + "</tr>"
    top: list[str] = []
    bottom: list[str] = []
    i = 0
    while i < len(form.columns):
        column = form.columns[i]
        if not column.group:
            top.append(f'<th rowspan="2">{escape(column.label)}</th>')
            i += 1
            continue
        span = 1
        while i + span < len(form.columns) and form.columns[i + span].group == column.group:
            span += 1
        top.append(f'<th colspan="{span}">{escape(column.group)}</th>')
        bottom.extend(f"<th>{escape(c.label)}</th>" for c in form.columns[i:i + span])
        i += span
    return "<tr>" + corner + "".join(top) + "</tr><tr>" + "".join(bottom) + "</tr>"


def _template_table(document: Document, table: str, template: Template) -> str:
    form = form_of(document, table, template)
    spec = template.table(table)
    cells = {(c.row, c.column): c for c in document.cells if c.table == table}
    body = []
    for row in form.rows:
        tds = []
        for column in form.columns:
            cell = cells.get((row.key, column.key))
            if cell is None:
                tds.append('<td class="na"></td>')
                continue
            shown = cell.value or SHOWN_EMPTY.get(cell.status, "")
            tds.append(f'<td class="c st-{cell.status}" data-key="{escape(cell.key)}">{escape(shown)}</td>')
        body.append(f"<tr><th>{escape(label_text(row))}</th>{''.join(tds)}</tr>")
    read = f"form {form.form}" if table in document.forms else "not found"
    return (
        f'<section class="tpl"><h3>{escape(spec.section)}、{escape(spec.heading)} <small>{escape(read)}</small></h3>'
        f'<table class="grid"><thead>{_header_row(form)}</thead><tbody>{"".join(body)}</tbody></table></section>'
    )


def _place(box: Box, width: float, height: float) -> str:
    """CSS placing a box (points) over a page picture, in percent of the page: the
    overlay stays on its numbers at any zoom."""
    x0, top, x1, bottom = box
    return (f"left:{100 * x0 / width:.3f}%;top:{100 * top / height:.3f}%;"
            f"width:{100 * (x1 - x0) / width:.3f}%;height:{100 * (bottom - top) / height:.3f}%")


def _page_figure(document: Document, image: PageImage) -> str:
    page = next(p for p in document.pages if p.number == image.number)
    size = (page.width, page.height)
    outlines = [f'<div class="g" style="{_place(c.box, *size)}"></div>'
                for grid in document.grids for c in grid.cells if c.page == page.number]
    cells = [f'<div class="c st-{c.status}" data-key="{escape(c.key)}" style="{_place(c.box, *size)}"></div>'
             for c in document.cells if c.page == page.number and c.box is not None]
    picture = (f'<img src="../{escape(image.file)}" alt="page {page.number}">' if image.file
               else f'<div class="noimg">{escape(image.note)}</div>')
    repairs = f" · {escape(', '.join(page.repairs))}" if page.repairs else ""
    return (
        f'<figure class="page" id="page-{page.number}"><figcaption>第 {page.number} 页 · page {page.number} · '
        f"{escape(str(page.text_source))}{repairs}</figcaption>"
        f'<div class="sheet" style="aspect-ratio:{page.width:.2f}/{page.height:.2f}">{picture}'
        f'{"".join(outlines)}{"".join(cells)}</div></figure>'
    )


def _facts(document: Document, record: FileRecord) -> str:
    facts = [
        ("status", document.status), ("file status", record.status), ("kind", record.kind),
        ("body 机关", document.body), ("year 年度", "" if document.year is None else str(document.year)),
        ("forms", ", ".join(f"{t}: {f}" for t, f in document.forms.items())), ("pages", str(len(document.pages))),
        ("seconds", f"{record.seconds:.1f}"),
    ]
    return "<dl class=\"facts\">" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts if v) + "</dl>"


def document_page(document: Document, record: FileRecord, images: list[PageImage], template: Template) -> str:
    """The whole HTML page of one document."""
    counts = Counter(c.status for c in document.cells)
    tables = "".join(_template_table(document, t, template) for t in dict.fromkeys(c.table for c in document.cells))
    figures = "".join(_page_figure(document, image) for image in images)
    body = f"""<header><a href="../index.html">← all documents 全部文件</a>
<h1>{escape(document.name)}</h1><p class="title">{escape(document.title)}</p>{_facts(document, record)}
{legend({str(s): n for s, n in counts.items()})}</header>
<main class="doc"><div class="content">
<section><h2>Problems 问题</h2>{items_list(document.error_lines, "none")}
<h2>Publisher's own arithmetic errors 原表自身算术错误</h2>{items_list(document.source_errors, "none")}</section>
<section><h2>The three tables as the template lays them out 模板表格</h2><div class="tables">{tables}</div></section>
<section><h2>Table pages as read 表格所在页面</h2>{figures or '<p class="none">no page holds a table</p>'}</section>
</div>
<aside id="panel"><p class="hint">Point at a cell to see it; click to pin it. 指向单元格查看详情，点击固定。</p>
<dl id="panel-fields"></dl></aside></main>
{json_script("cells", cell_details(document, template))}"""
    return shell(f"{document.name} — nianbao check report", body, root="../")
