"""Read a Word file into markup blocks: paragraphs, tables and pictures in document order.

A .docx is read with python-docx's XML objects: the body's paragraphs and tables in the
order they stand (content controls opened), each paragraph's text joined over its runs
(Word splits a number "1234" over several runs when it was typed in two goes), a table's
merged cells from ``gridSpan`` (across) and ``vMerge`` (down), and every picture a
paragraph holds (``a:blip``) with the width it is displayed at. A binary .doc or .wps is
first converted to .docx by LibreOffice when ``soffice`` is on the PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from ..settings import DEFAULT_SETTINGS, IngestSettings
from .errors import IngestError
from .markup import Block, MarkupCell, MarkupTable, Paragraph, Picture

EMU_PER_INCH = 914400
_BLIP = ".//" + qn("a:blip")
_EXTENT = ".//" + qn("wp:extent")


def _grid_span(tc: etree._Element) -> int:
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    try:
        return max(1, int(span.get(qn("w:val")))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _v_merge(tc: etree._Element) -> str:
    """``restart``, ``continue`` (a cell merged into the one above) or ``""``."""
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if merge is None:
        return ""
    return merge.get(qn("w:val")) or "continue"


def _cell_text(tc: etree._Element, parent) -> str:
    return "\n".join(DocxParagraph(p, parent).text for p in tc.iter(qn("w:p")))


def _table(tbl: etree._Element, parent) -> MarkupTable:
    """Rows of cells with spans; a vMerge continuation lengthens the cell above it."""
    rows: list[list[MarkupCell]] = []
    open_cells: dict[int, tuple[int, int]] = {}
    """Grid column -> (row, index) of the cell a vMerge continuation extends."""
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[MarkupCell] = []
        col = 0
        for tc in tr.iterchildren(qn("w:tc")):
            span, merge = _grid_span(tc), _v_merge(tc)
            if merge == "continue" and col in open_cells:
                r, i = open_cells[col]
                above = rows[r][i]
                rows[r][i] = MarkupCell(above.text, above.rowspan + 1, above.colspan)
            else:
                row.append(MarkupCell(_cell_text(tc, parent), 1, span))
                for c in range(col, col + span):
                    open_cells.pop(c, None)
                if merge == "restart":
                    open_cells[col] = (len(rows), len(row) - 1)
            col += span
        rows.append(row)
    return MarkupTable([r for r in rows if r])


def _pictures(p: etree._Element, part) -> list[Picture]:
    pictures = []
    for drawing in p.iter(qn("w:drawing")):
        blip = drawing.find(_BLIP)
        if blip is None:
            continue
        rid = blip.get(qn("r:embed")) or blip.get(qn("r:link"))
        related = part.related_parts.get(rid) if rid else None
        extent = drawing.find(_EXTENT)
        inches = int(extent.get("cx", "0")) / EMU_PER_INCH if extent is not None else 0.0
        if related is None:
            pictures.append(Picture(None, rid or "picture", "picture linked, not embedded in the Word file: its table is not read"))
        else:
            pictures.append(Picture(related.blob, str(related.partname), width_inches=inches or None))
    return pictures


def _blocks(container: etree._Element, parent, part, out: list[Block]) -> None:
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(DocxParagraph(child, parent).text))
            out.extend(_pictures(child, part))
        elif child.tag == qn("w:tbl"):
            out.append(_table(child, parent))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _blocks(content, parent, part, out)


def read_docx(path: Path) -> list[Block]:
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise IngestError(f"damaged Word file ({type(exc).__name__}: {exc})") from exc
    blocks: list[Block] = []
    _blocks(document.element.body, document, document.part, blocks)
    return blocks


def read_binary_word(path: Path, ingest: IngestSettings = DEFAULT_SETTINGS.ingest) -> list[Block]:
    """A .doc or .wps, converted to .docx by LibreOffice, then read as one."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise IngestError(
            f"binary Word/WPS file ({path.suffix or 'no suffix'}): install LibreOffice (soffice, e.g. apt-get install "
            "libreoffice-writer-nogui) to convert it, or save it as .docx"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        source = Path(tmp) / f"input{path.suffix.lower() or '.doc'}"
        shutil.copyfile(path, source)  # a plain name: soffice mishandles some characters
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "docx", "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=ingest.convert_seconds,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise IngestError(f"LibreOffice could not convert the Word/WPS file ({type(exc).__name__})") from exc
        converted = source.with_suffix(".docx")
        if not converted.is_file():
            raise IngestError("LibreOffice could not convert the Word/WPS file (no .docx written)")
        return read_docx(converted)
