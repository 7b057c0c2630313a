"""Write a sample report as a Word document, the way publishers make theirs: by filling the
real national template (../shared/data/gov_template_docx, 2021 form, with its merged cells
and shading) and typing the narrative around its three tables.

The template has the 2021 form only; a 2019-form table is built in its place with
python-docx merges from the same grid (samples/generator/grids.py), so a mixed report has
the template's table 二 beside a built table 三. What varies is what varies between
publishers' files: the font and size (10.5–16 pt), the minimum row height, the margins,
tables 三 and 四 in a landscape section, header rows marked to repeat (w:tblHeader) or not,
merged group labels centred or at the top of their cell. Blank-for-zero and units in
the cell are the sample's own style (samples/generator/render.py: cell_text). Large type
and tall rows carry table 三 over up to four pages; where the pages break is left to the
word processor that prints the file (samples/generator/print.py).
"""

from __future__ import annotations

import copy
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips
from docx.table import Table, _Cell

from .grids import GridSpec
from .render import cell_text
from .report import Sample, compose, grid

TEMPLATE = Path(__file__).resolve().parents[3] / "shared" / "data" / "gov_template_docx" / "政务公开年报模版.docx"
TEMPLATE_TABLES = {"active_disclosure": 0, "applications": 1, "appeals": 2}
"""Index of each table in the template; every one is the 2021 form (四 has one form)."""
FONTS = ["宋体", "仿宋_GB2312", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "AR PL UMing CN", "AR PL UKai CN"]
"""East-Asian fonts named in the file. 宋体 and 仿宋_GB2312, what most publishers use, are
not installed here: the printer substitutes one, as it does on a machine without them."""
TWIPS_PER_CM = 567


@dataclass
class WordStyle:
    font: str = "宋体"
    size: float = 14.0  # body text, pt
    table_size: float = 10.5
    row_height: float = 0.6  # cm, minimum
    margin: float = 2.5  # cm
    landscape: str = ""  # "", "tables" (三 and 四 on landscape pages) or "applications" (三 only)
    repeat_header: bool = False
    label_align: str = "center"  # vertical place of a merged label: center or top
    rotate: int = 0  # landscape pages stored as portrait pages with /Rotate 90 or 270 (a Word export)
    lead_lines: int = 0  # empty paragraphs before section 三: move where its table breaks
    header: str = ""  # running header on every page
    footer: str = ""  # page number: "", "dash" (— 1 —) or "plain" (1)


def random_word_style(rng: random.Random) -> WordStyle:
    size = rng.choice([10.5, 12.0, 14.0, 15.0, 16.0])
    return WordStyle(
        font=rng.choice(FONTS),
        size=size,
        table_size=rng.choice([s for s in (10.5, 11.0, 12.0, 14.0) if s <= size] or [10.5]),
        row_height=rng.choice([0.5, 0.6, 0.8, 1.0, 1.2, 1.4]),
        margin=rng.choice([1.8, 2.2, 2.54, 3.0, 3.17]),
        landscape=rng.choices(["", "tables", "applications"], [0.7, 0.15, 0.15])[0],
        repeat_header=rng.random() < 0.4,
        label_align=rng.choice(["center", "center", "top"]),
        rotate=rng.choice([0, 90, 90, 270]),
        lead_lines=rng.randint(0, 8),
        footer=rng.choice(["", "dash", "dash", "plain"]),
    )


def _run_format(run, font: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), font)


def _write_cell(cell, text: str, font: str, size: float, centred: bool, valign: str) -> None:
    """Replace the cell's text, keeping its first paragraph's settings; "\\n" breaks a line."""
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph = paragraphs[0]
    for run in paragraph.runs:
        run._element.getparent().remove(run._element)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if i:
            run._element.insert(0, OxmlElement("w:br"))
        _run_format(run, font, size)
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:vAlign")):
        tc_pr.remove(old)
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), valign)
    tc_pr.append(align)


def tc_text(tc) -> str:
    """The text a table cell's XML holds (its w:t runs)."""
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def _same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _fill(table, spec: GridSpec, sample: Sample, style: WordStyle) -> None:
    """Write every cell of ``spec`` into ``table`` (whose grid is the spec's); a header the
    template already prints as the spec says keeps the template's own line breaks."""
    rows = table._tbl.tr_lst
    for cell in spec.cells:
        target = _cell_at(rows[cell.row], cell.col)
        text = cell_text(cell, sample.values, sample.units, sample.style)
        current = tc_text(target._tc)
        if cell.header and _same_text(current, text):
            continue
        valign = style.label_align if cell.rowspan > 1 and not cell.header else "center"
        _write_cell(target, text, style.font, style.table_size, centred=bool(cell.key or cell.header), valign=valign)


def _cell_at(tr, col: int):
    """The cell of a table row that starts at grid column ``col``."""
    at = 0
    for tc in tr.tc_lst:
        if at == col:
            return _Cell(tc, None)
        at += tc.grid_span
    raise ValueError(f"no cell starts at column {col}")


def _built(document, spec: GridSpec):
    """A table drawn from the grid with python-docx merges (a form the template lacks)."""
    table = document.add_table(rows=spec.n_rows, cols=len(spec.widths))
    _borders(table)
    for cell in spec.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(cell.row, cell.col).merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
    for cell in spec.cells:
        merged = table.cell(cell.row, cell.col)
        for paragraph in merged.paragraphs[1:]:  # merging joins the cells' empty paragraphs
            paragraph._element.getparent().remove(paragraph._element)
    return table


def _borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for attr, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(attr), value)
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _size_table(table, spec: GridSpec, width_twips: int, style: WordStyle) -> None:
    """Column widths to the usable width (in the spec's proportions), every row at least
    the style's height, header rows marked to repeat or not."""
    tbl = table._tbl
    total = sum(spec.widths)
    widths = [int(width_twips * w / total) for w in spec.widths]
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = Twips(width)
    tbl_pr = tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_pr.append(tbl_w)
    for r, tr in enumerate(tbl.tr_lst):
        at = 0
        for tc in tr.tc_lst:
            tc.width = Twips(sum(widths[at : at + tc.grid_span]))
            at += tc.grid_span
        tr_pr = tr.get_or_add_trPr()
        for tag in ("w:trHeight", "w:tblHeader", "w:cantSplit"):
            for old in tr_pr.findall(qn(tag)):
                tr_pr.remove(old)
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int(style.row_height * TWIPS_PER_CM)))
        height.set(qn("w:hRule"), "atLeast")
        tr_pr.append(height)
        if style.repeat_header and r < spec.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _paragraph(document, kind: str, text: str, style: WordStyle):
    paragraph = document.add_paragraph()
    size = {"title": style.size + 6, "heading": style.size + 1}.get(kind, style.size)
    run = paragraph.add_run(text)
    _run_format(run, style.font, size, bold=kind in ("title", "heading"))
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(size * 0.4)
    if kind == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif kind == "signature":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif kind in ("body", "subheading"):
        fmt.first_line_indent = Pt(2 * size)
    return paragraph


def _section_break(document, landscape: bool) -> None:
    """End the section so far, its pages landscape or not (a docx stores a section's page
    setup on its last paragraph; the body's own sectPr is the last section's)."""
    sect_pr = copy.deepcopy(document.element.body.sectPr)
    _orient(sect_pr, landscape)
    document.add_paragraph()._element.get_or_add_pPr().append(sect_pr)


def _orient(sect_pr, landscape: bool) -> None:
    page = sect_pr.find(qn("w:pgSz"))
    w, h = int(page.get(qn("w:w"))), int(page.get(qn("w:h")))
    short, long = min(w, h), max(w, h)
    page.set(qn("w:w"), str(long if landscape else short))
    page.set(qn("w:h"), str(short if landscape else long))
    if landscape:
        page.set(qn("w:orient"), "landscape")
    elif page.get(qn("w:orient")) is not None:
        del page.attrib[qn("w:orient")]


def _furniture(section, style: WordStyle) -> None:
    """The running header and the page number (a PAGE field), on every section's pages."""
    if style.header:
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run_format(paragraph.add_run(style.header), style.font, 9)
    if not style.footer:
        return
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dash = "— " if style.footer == "dash" else ""
    if dash:
        _run_format(paragraph.add_run(dash), style.font, 10.5)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("1")
    _run_format(run, style.font, 10.5)
    run._element.addprevious(field)
    field.append(run._element)
    if dash:
        _run_format(paragraph.add_run(" —"), style.font, 10.5)


def _clear_body(document) -> dict[str, object]:
    """Take the template's tables out, drop its placeholder text; keep the page setup."""
    body = document.element.body
    tables = {name: document.tables[index]._tbl for name, index in TEMPLATE_TABLES.items()}
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return tables


def write_docx(sample: Sample, path: Path, style: WordStyle, rng: random.Random) -> dict:
    """Write ``sample`` as a .docx at ``path``; return what the truth file records."""
    document = docx.Document(str(TEMPLATE))
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(style.margin))
    portrait_width = int((section.page_width - 2 * section.left_margin) / 635)  # EMU → twips
    landscape_width = int((section.page_height - 2 * section.left_margin) / 635)
    templates = _clear_body(document)
    landscape_tables = {"tables": ("applications", "appeals"), "applications": ("applications",)}.get(style.landscape, ())
    landscape = False
    built = []
    _furniture(section, style)
    for kind, text in compose(sample, rng):
        if kind == "heading" and text.startswith("三、"):
            for _ in range(style.lead_lines):
                _paragraph(document, "body", "", style)
        if kind == "heading" and _wants_landscape(text, landscape_tables) != landscape:
            _section_break(document, landscape)
            landscape = not landscape
        if kind != "table":
            _paragraph(document, kind, text, style)
            continue
        spec = grid(sample, text)
        if sample.forms[text] in ("2021", "any"):
            tbl = templates[text]
            document.element.body.sectPr.addprevious(tbl)
            table = Table(tbl, document._body)
        else:
            table = _built(document, spec)
            built.append(text)
        _fill(table, spec, sample, style)
        _size_table(table, spec, landscape_width if landscape else portrait_width, style)
    _orient(document.element.body.sectPr, landscape)
    document.save(str(path))
    return {"renderer": "word", "word_style": asdict(style), "built_tables": built}


def _wants_landscape(heading: str, tables: tuple[str, ...]) -> bool:
    """Whether the section under ``heading`` is set on landscape pages."""
    return (heading.startswith("三、") and "applications" in tables) or (heading.startswith("四、") and "appeals" in tables)
